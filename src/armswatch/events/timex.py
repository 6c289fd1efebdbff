"""Date expressions in a sentence, resolved against the article's publication date.

Finding the expressions is regular-expression glue; parsing them is dateparser's job, with the
publication date as the relative base and a preference for the past. Two rules of the
annotation guidelines are applied on top: a weekday is the latest such day on or before
publication (dateparser skips to the week before when publication falls on that weekday), and
"a day earlier" / "la veille" count from the publication date.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

# English month and weekday names are capitalised: "may" and "march" are verbs too
MONTHS_EN = ("January|February|March|April|May|June|July|August|September|October|November|December|"
             "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
MONTHS_FR = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
WEEKDAYS_EN = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
WEEKDAYS_FR = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7}
YEAR = r"(?:19[5-9]\d|20\d\d)"
LAST_YEAR_FR = r"l['’](?:an|année) (?:dernier|dernière|passé|passée)\b"
LAST_YEAR = re.compile(r",? (?:of )?last year$|,? (?:de )?l'(?:an|année) (?:dernier|dernière|passé|passée)$")

# (pattern, language); each pattern's text is handed to dateparser after light cleaning
PATTERNS = {
    "en": [
        # "in April last year", "on March 3 of last year": the month of the year before
        rf"\b(?i:early |late |mid-?)?(?:{MONTHS_EN})\.?(?: \d{{1,2}}(?:st|nd|rd|th)?)?,? (?:of )?(?i:last year)\b",
        rf"\b(?:{MONTHS_EN})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?(?:,? {YEAR})?\b",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTHS_EN})\.?(?:,? {YEAR})?\b",
        rf"\b(?i:early |late |mid-?)?(?:{MONTHS_EN})\.?(?:,? {YEAR})?\b",
        rf"\b(?i:last |on |early on |late on |early |late )?(?:{WEEKDAYS_EN})\b",
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",
        # "a day earlier" counts from publication; "five days before the election" does not
        r"(?i:\b(?:a|one|two|three|four|five|six|seven) days? (?:earlier|before)\b"
        r"(?! (?:the|a|an|its|his|her|their)\b))",
        r"(?i:\bthe (?:previous|preceding) day\b|\bthe day before\b|\byesterday\b|\btoday\b|\bthis morning\b)",
        r"(?i:\b(?:a|one|two|three|four|five|six) (?:days?|weeks?|months?|years?) ago\b)",
        r"(?i:\b(?:earlier |late |early )?(?:this|last) (?:month|year)\b)",
        rf"(?i:\b(?:in |since |of |during |early |late |mid-|the ))({YEAR})\b",
    ],
    "fr": [
        rf"\b(?:(?:\d{{1,2}}|1er) )?(?:fin |début |mi-)?(?:{MONTHS_FR}) (?:de )?{LAST_YEAR_FR}",
        rf"\b(?:\d{{1,2}}|1er)(?:\s*[-–]\s*\d{{1,2}})? (?:{MONTHS_FR})(?: {YEAR})?\b",
        rf"\b(?:fin |début |mi-)?(?:{MONTHS_FR})(?: {YEAR}| dernier)?\b",
        rf"\b(?:{WEEKDAYS_FR})\b",
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",
        r"\b(?:un|une|deux|trois|quatre|cinq) jours? plus tôt\b|\bla veille\b|\bhier\b|\baujourd'hui\b",
        r"\bil y a (?:un|une|deux|trois|quatre|cinq|six|\d+) (?:jours?|semaines?|mois|ans?)\b",
        rf"\b(?:le mois dernier|{LAST_YEAR_FR}|cette année|ce mois-ci|plus tôt ce mois-ci)",
        rf"\b(?:en |depuis |de |d['’]|du |fin |début )({YEAR})\b",
    ],
}  # fmt: skip
COMPILED = {"en": [re.compile(p) for p in PATTERNS["en"]], "fr": [re.compile(p, re.IGNORECASE) for p in PATTERNS["fr"]]}
DAY_RANGE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*\d{1,2}\b")
DAYS_BEFORE = re.compile(r"^(\w+) days? (?:earlier|before)$|^(\w+) jours? plus tôt$")
# prepositions and qualifiers before a date: a whole word ("de 2017"), never part of one ("December")
CLEAN = re.compile(r"^(?:(?:on|last|early on|late on|early|late|in|since|of|during|the|en|depuis|de|du|fin|début)\s+"
                   r"|d['’]|mi-\s*)", re.IGNORECASE)
DATELINE = re.compile(r"^\s*(?:,\s*\d{4})?\s*(?:—|–|--|\(KCNA\))")  # "PYONGYANG, April 30 —"
YEAR_LIST_CHARS = 25  # at most between a date and the year that closes its list ("Aug. 29 and Sept. 15, 2017")
MONTH_NAME = re.compile(rf"\b(?:{MONTHS_EN}|{MONTHS_FR})\b", re.IGNORECASE)
WEEKDAY = re.compile(rf"^(?:{WEEKDAYS_EN}|{WEEKDAYS_FR})$", re.IGNORECASE)
# a day that borrows the month of the date next to it: "le 4 puis le 28 juillet", "July 4 and 28",
# "du 4 au 28 juillet", "from March 4 to 14"
ELLIPTIC = {
    "fr": re.compile(rf"\b(?:le |les |du )?(1er|\d{{1,2}})(?= (?:et|puis|ou|au) (?:le )?(?:1er|\d{{1,2}}) "
                     rf"({MONTHS_FR})(?: ({YEAR}))?\b)", re.IGNORECASE),
    "en": re.compile(rf"\b(?:and|or|then|to) (\d{{1,2}})(?:st|nd|rd|th)?\b(?! (?:{MONTHS_EN}|{YEAR}|[a-z]))"),
}
ELLIPTIC_MONTH_EN = re.compile(rf"\b({MONTHS_EN})\.? \d{{1,2}}(?:st|nd|rd|th)?,? $")


@dataclass(frozen=True, slots=True)
class Timex:
    start: int  # character offsets in the sentence
    end: int
    text: str
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day, month or year
    reported: bool = False  # set by the event layer: the date of a report rather than of the event


@lru_cache(maxsize=4096)
def find(sentence: str, lang: str, published: str | None) -> tuple[Timex, ...]:
    """Every date expression in a sentence that resolves to a date on or before publication (kept
    for the sentence: the event decision and the event's fields both read them)."""
    found: list[Timex] = []
    taken: set[int] = set()
    years = list(re.finditer(YEAR, sentence))
    # "in 2017, on Aug. 29 and Sept. 15": a day or month without a year takes the sentence's one year
    context_year = years[0].group(0) if len({y.group(0) for y in years}) == 1 else None
    for pattern in COMPILED.get(lang, ()):
        for m in pattern.finditer(sentence):
            if taken & set(range(m.start(), m.end())):
                continue
            if DATELINE.match(sentence[m.end():]) and m.start() < 40:  # the dateline, nor any part of it
                taken.update(range(m.start(), m.end()))
                continue
            expression = m.group(0)
            if context_year and MONTH_NAME.search(expression) and not re.search(YEAR, expression) \
                    and any(_year_of(sentence, y, m.end()) for y in years):
                expression = f"{expression} {context_year}"
            resolved = resolve(expression, lang, published)
            taken.update(range(m.start(), m.end()))  # a date after publication is no date, nor is a part of it
            if resolved:
                found.append(Timex(m.start(), m.end(), m.group(0), *resolved))
    found += _elliptic(sentence, lang, published, taken, context_year)
    return tuple(sorted(found, key=lambda t: t.start))


def _year_of(sentence: str, year: re.Match, end: int) -> bool:
    """Whether a date ending at ``end`` takes ``year``: a year on its own ("in 2017, on Aug. 29"), or
    one that closes the list the date is in ("on Aug. 29 and Sept. 15, 2017") — not the year of
    another date further on ("lancé le 24 mars …, le modèle testé en novembre 2017")."""
    if not MONTH_NAME.search(sentence[max(0, year.start() - 12):year.start()]):
        return True
    return 0 <= year.start() - end <= YEAR_LIST_CHARS


def _elliptic(sentence: str, lang: str, published: str | None, taken: set[int], year: str | None) -> list[Timex]:
    """Days without their month, which they share with the date beside them."""
    pattern = ELLIPTIC.get(lang)
    found = []
    for m in pattern.finditer(sentence) if pattern else ():
        if taken & set(range(m.start(1), m.end(1))):
            continue
        if lang == "fr":
            expression = f"{m.group(1)} {m.group(2)} {m.group(3) or year or ''}"
        elif month := ELLIPTIC_MONTH_EN.search(sentence[max(0, m.start() - 30):m.start()]):
            expression = f"{month.group(1)} {m.group(1)} {year or ''}"
        else:
            continue
        if resolved := resolve(expression.strip(), lang, published):
            found.append(Timex(m.start(1), m.end(1), m.group(1), *resolved))
    return found


def _format(day: date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


@lru_cache(maxsize=50_000)
def resolve(expression: str, lang: str, published: str | None) -> tuple[str, str] | None:
    """(value, precision) of one expression, or None when it says no date on or before publication."""
    text = DAY_RANGE.sub(r"\1", expression.lower().strip().replace("’", "'"))  # "Sept. 11-12": the first day
    base = date.fromisoformat(published) if published else None
    if base is None and not re.search(YEAR, text):
        return None  # a relative date needs the publication date
    if LAST_YEAR.search(text) and LAST_YEAR.sub("", text):  # "avril l'an dernier": April of the year before
        text = f"{LAST_YEAR.sub('', text)} {base.year - 1}"
    if m := DAYS_BEFORE.match(text):
        n = NUMBERS.get(m.group(1) or m.group(2), 0)
        return (_format(base - timedelta(days=n), "day"), "day") if n else None
    if text in {"the previous day", "the preceding day", "the day before", "la veille"}:
        return _format(base - timedelta(days=1), "day"), "day"
    if text in {"this month", "earlier this month", "ce mois-ci", "plus tôt ce mois-ci"}:
        return _format(base, "month"), "month"
    if text in {"this year", "earlier this year", "cette année"}:
        return _format(base, "year"), "year"
    if text in {"last month", "le mois dernier"}:
        return _format(base.replace(day=1) - timedelta(days=1), "month"), "month"
    if LAST_YEAR.fullmatch(" " + text):
        return str(base.year - 1), "year"
    if text.endswith(" dernier") and not text.startswith(("le mois", "l'an")):
        text = text[: -len(" dernier")]
    cleaned = CLEAN.sub("", text).strip() or text
    parsed = _dateparser(cleaned, lang, published)
    if parsed is None:
        return None
    day, period = parsed
    precision = {"week": "day"}.get(period, period)
    if precision not in {"day", "month", "year"}:
        return None
    if WEEKDAY.match(cleaned) and base and day + timedelta(days=7) <= base:
        day += timedelta(days=7)
    if base and day > base:
        return None
    return _format(day, precision), precision


def _dateparser(text: str, lang: str, published: str | None) -> tuple[date, str] | None:

    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if published:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published)
    data = _parser(lang, tuple(sorted(settings.items()))).get_date_data(text)
    return (data.date_obj.date(), data.period) if data and data.date_obj else None


@lru_cache(maxsize=64)
def _parser(lang: str, settings: tuple):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[lang], settings=dict(settings))
