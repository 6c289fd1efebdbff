"""The figures a report gives of a launch: how many missiles, how far they flew, how high, how long.

"flew about 1,000 km", "reached an altitude of 6,000 km", "a parcouru 1 001,2 km", "two short-range
ballistic missiles", "trois missiles", "in 39 minutes". A distance counts as a range or an apogee
only after one of that kind's cue words (``data/events/figures.csv``) within the few words before
it: "1,000 km off the coast" says nothing of the flight. Each report keeps its own figures, so an
incident can show "JCS: 1,000 km · KCNA: 1,001.2 km" and disagreements are visible.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.events.patterns import load_figure_cues

NUMBER = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
DISTANCE = re.compile(rf"(?<![\w.,-])({NUMBER})\s*(km|kilom[eè]t(?:re|er)s?|kilomètres|miles)\b", re.IGNORECASE)
MINUTES = re.compile(rf"(?<![\w.,-])({NUMBER})\s*(?:minutes|min)\b", re.IGNORECASE)
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
               "eleven": 11, "twelve": 12, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
               "neuf": 9, "dix": 10, "onze": 11, "douze": 12}
MISSILES = re.compile(rf"(?<![\w.,-])(\d{{1,3}}|{'|'.join(COUNT_WORDS)})\s+(?:[\w-]+\s+){{0,4}}?"
                      r"(?:missiles|rockets|roquettes)\b", re.IGNORECASE)
CUE_WINDOW = 40  # characters before a distance where its cue must stand
MILE_KM = 1.609344


@dataclass(frozen=True, slots=True)
class Figures:
    missiles: int | None = None
    range_km: float | None = None
    apogee_km: float | None = None
    flight_minutes: float | None = None


@lru_cache(maxsize=1)
def _cues() -> dict[tuple[str, str], re.Pattern]:
    """(kind, lang) → a pattern of that kind's cue words."""
    cues: dict[tuple[str, str], list[str]] = {}
    for kind, lang, cue in load_figure_cues():
        cues.setdefault((kind, lang), []).append(cue)
    return {key: re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
            for key, words in cues.items()}


def _number(text: str, lang: str) -> float:
    """ "1,000" and "1 000" are a thousand; "1,5" is one and a half in French, "1.5" in English."""
    grouped = re.sub(r"[\u00a0\u202f ](?=\d{3}\b)", "", text)
    french = re.sub(r"\.(?=\d{3}\b)", "", grouped).replace(",", ".")
    return float(french if lang == "fr" else grouped.replace(",", ""))


def read_figures(sentence: str, lang: str) -> Figures:
    """The figures one sentence gives (the first of each kind)."""
    cues = _cues()
    found: dict[str, float] = {}
    for m in DISTANCE.finditer(sentence):
        before = sentence[max(0, m.start() - CUE_WINDOW):m.start()]
        # the nearest cue decides: "climbed to 2,802 km and covered 933 km"
        nearest = {k: max((c.end() for c in p.finditer(before)), default=-1) for k in ("apogee", "range")
                   if (p := cues.get((k, lang)))}
        kind = max(nearest, key=nearest.get) if nearest and max(nearest.values()) >= 0 else None
        if kind and kind not in found:
            km = _number(m.group(1), lang) * (MILE_KM if m.group(2).lower() == "miles" else 1)
            found[kind] = round(km, 1)
    minutes = MINUTES.search(sentence)
    count = MISSILES.search(sentence)
    return Figures(
        missiles=(int(count.group(1)) if count.group(1).isdigit() else COUNT_WORDS[count.group(1).lower()])
        if count else None,
        range_km=found.get("range"), apogee_km=found.get("apogee"),
        flight_minutes=_number(minutes.group(1), lang) if minutes else None)
