"""Assemble events from the triggers that survived modality: who, what, where and when.

For each trigger, everything comes from its sentence:

- **date**: the date expression nearest the trigger (``timex``), else none;
- **country** (the actor, by the annotation rules): the country of the named weapon for tests,
  launches, displays and production; else the country the trigger's grammatical subject names
  (a country, a capital, a nationality word, an organisation or person from the gazetteer);
  for sanctions the country targeted; for a drill by several countries, none; else the first
  country the sentence names, else the article's most-mentioned country;
- **countries**: the actor and every other country the sentence names or implies (by a place
  or a nationality word), so that a transfer from KP to RU is found under both;
- **weapon** and **weapon_type**: the nearest named system, else the most specific generic type;
- **location**: a place the sentence names, preferring launch sites and places after "from",
  "near" or "in" over seas and places after "into" or "toward"; none for sanctions and
  transfers (a place there is a party, not where something happened).

Two mentions of the same occurrence (same type, date and actor) are one event; an undated
mention of an event the article also dates is the same event.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from armswatch.events.claimant import ATTRIBUTION_WORDS, find_claimant, source_country
from armswatch.events.decision import NONE, decide
from armswatch.events.demonyms import DEMONYMS_KEY
from armswatch.events.figures import read_figures
from armswatch.events.patterns import load_report_lags, modal_words, observe_verbs, report_verbs
from armswatch.events.timex import Timex, find
from armswatch.events.triggers import TRIGGERS_KEY
from armswatch.gazetteer import Entry
from armswatch.nlp.domain import is_parsed
from armswatch.records import Event
from armswatch.textnorm import fold

WEAPON_FIRST = {"missile_test", "weapons_announcement", "production", "satellite_launch", "nuclear_test"}
NO_WEAPON = {"sanctions", "exercise"}
NO_LOCATION = {"sanctions", "arms_transfer"}  # "livré des obus à Moscou": Moscow receives, nothing happens there
FIXED_TYPE = {"nuclear_test": "nuclear_weapon", "satellite_launch": "satellite"}
TYPE_RANK = ("hypersonic", "icbm", "irbm", "slbm", "srbm", "cruise_missile", "satellite", "submarine", "warship",
             "air_defense", "drone", "artillery", "ballistic_missile", "other", "missile", "nuclear_weapon")
BROAD_TYPES = {"artillery", "ballistic_missile", "other", "missile"}
FROM_WORDS = {"from", "de", "du", "d'"}
SOURCE_WORDS = {"from", "near", "in", "at", "off", "over", "depuis", "près", "à", "au", "dans", "de", "du"}
TARGET_WORDS = {"into", "toward", "towards", "vers", "direction", "on", "against", "sur", "contre"}
SITE_KINDS = {"launch_site", "facility", "airbase", "naval_base", "county", "city", "landmark", "island", "peninsula"}
SENTENCE_ENDS = {".", "!", "?", "…"}
COORDINATED = re.compile(r"^\s*,?\s*(?:and|or|then|et|puis|ou)\s+(?:(?:on|in|le|en)\s+)?$", re.IGNORECASE)
SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "agent", "obl:agent"}
COMPLEMENTS = {"ccomp", "xcomp"}
PLATFORMS = {"warship", "submarine", "other"}
SENDING = {"deployment", "arms_transfer"}
UNTIL_WORDS = {"until", "till", "through", "jusqu'au", "jusqu’au", "jusqu'à", "jusqu’à", "jusqu'", "jusqu’"}
OF_WORDS = {"of", "'s", "’s", "de", "d'", "d’", "du", "des"}  # and the possessive: "North Korea's launch"
LAUNCHES = {"missile_test", "satellite_launch"}  # the events whose figures a report gives
FIGURES = ("missiles", "range_km", "apogee_km", "flight_minutes")


@dataclass(slots=True)
class Context:
    article_id: str
    text: str
    lookup: dict[tuple[str, str], Entry]
    source: str = ""


def _country_of(span: Span, ctx: Context) -> str:
    """The country a span stands for: itself, a capital's or a gazetteer entity's country, a demonym."""
    if span.label_ in {"COUNTRY", "PLACE", "ORG", "PERSON", "WEAPON"}:
        entry = ctx.lookup.get((span.label_, span.kb_id_))
        return entry.country if entry else ""
    return span.label_ if len(span.label_) == 2 and span.label_.isupper() else ""  # a demonym span


def _subject_country(trigger: Span, sentence_spans: list[Span], ctx: Context) -> str | None:
    """The country named in the grammatical subject of the trigger's clause; "" for the forces of
    several countries together ("U.S. and South Korean forces fired": a joint act, no one actor),
    None when no subject names one.

    The walk up the tree stops at a complement clause: in "Seoul said Pyongyang fired", the
    speaker is not the actor, and in "Seoul said the missile was fired" there is no actor; and at
    a speech verb however the parser hung the clause on it ("Seoul's military said it detected
    the missile, fired from Pyongyang": the military is who says it).
    """
    node, below = trigger.root, None
    own = {t.i for t in trigger.root.subtree}
    speech, observe = report_verbs(trigger.doc.lang_), observe_verbs(trigger.doc.lang_)
    for _ in range(4):
        if below is not None and below.pos_ in {"VERB", "AUX"} and node.norm_ in speech:
            return None
        if below is not None and node.norm_ in observe:  # who detected the launch did not make it
            return None
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
        if subjects:  # "the rocket exploded": no country here, maybe in the clause above
            # a subject the trigger hangs on is what is done, not who does it ("shells delivered
            # to Russia were…"): the trigger's own words are not the subject's
            indices = {t.i for s in subjects for t in s.subtree} - (own if below is not None else set())
            named = [code for span in sentence_spans if span.start in indices and (code := _country_of(span, ctx))]
            if len(set(named)) > 1 and any(trigger.doc[i].dep_ == "conj" for i in indices):
                return ""
            if named:
                return named[0]
        if node.head.i == node.i or node.dep_ == "ccomp":  # "began firing" (xcomp): began's subject fires
            return None
        node, below = node.head, node
    return None


def _actor(event_type: str, trigger: Span, weapon: Span | None, spans: list[Span], codes: list[str],
           ctx: Context) -> str | None:
    """The actor's code ("" for a joint drill), or None when the sentence does not say.

    The grammatical subject comes first ("Russia fired North Korean KN-23s at Kharkiv": RU);
    without one, a named weapon's country ("the Hwasong-19 was fired": KP).
    """
    if event_type == "sanctions":
        for target in ("KP", "RU"):
            if target in codes:
                return target
    if event_type == "exercise" and len(set(codes)) > 1:
        return ""
    if event_type == "arms_transfer" and (code := _supplier(trigger, spans, ctx)):
        return code
    if is_parsed(trigger.doc) and (code := _nationality(trigger, spans, 3 if event_type in SENDING else 2, ctx)):
        return code
    if is_parsed(trigger.doc) and (code := _subject_country(trigger, spans, ctx)) is not None:
        return code
    if weapon is not None and event_type in WEAPON_FIRST and (code := _country_of(weapon, ctx)):
        return code
    return None


def _nationality(trigger: Span, spans: list[Span], depth: int, ctx: Context) -> str:
    """A nationality word or a country on the trigger ("le deuxième essai nucléaire nord-coréen",
    "North Korea's launch", "le tir de la Corée du Nord"), or, ``depth`` words down, on the troops
    or goods sent ("l'envoi de soldats nord-coréens en Russie", "Moscow received North Korean
    shells": for a deployment whose forces, for a transfer the supplier), whoever the sentence's
    subject ("Seoul and Washington condemned North Korea's launch")."""
    for span in spans:
        code = span.label_ if len(span.label_) == 2 and span.label_.isupper() else \
            _country_of(span, ctx) if span.label_ == "COUNTRY" else ""
        if code and _hangs_on(span.root, trigger.root, depth):
            return code
    return ""


def _hangs_on(token: Token, trigger: Token, depth: int) -> bool:
    """Whether ``token`` is part of the trigger's own noun phrase or its object ("shells of North
    Korean make"), not of another clause or of a phrase after another preposition ("alongside
    Russian forces", "à l'armée russe": a partner or a recipient)."""
    for node in [token, *token.ancestors][:depth]:
        head = node.head
        if head.i == trigger.i:
            return not _other_preposition(node)
        if head.pos_ in {"VERB", "AUX"} or (head.pos_ == "ADP" and head.lower_ not in OF_WORDS) \
                or _other_preposition(node):
            return False
    return False


def _other_preposition(node: Token) -> bool:
    return any(c.dep_ == "case" and c.lower_ not in OF_WORDS for c in node.children)


def _supplier(trigger: Span, spans: list[Span], ctx: Context) -> str:
    """"received missiles from North Korea", "reçu des obus de la Corée du Nord": the supplier."""
    doc = trigger.doc
    for span in spans:
        if span.start <= trigger.start:
            continue
        preceding = [t.lower_ for t in doc[max(span.sent.start, span.start - 2):span.start]]
        after_from = bool(preceding) and (preceding[-1] in FROM_WORDS
                                          or (preceding[0] in FROM_WORDS and preceding[-1] in {"la", "l'"}))
        if after_from and (code := _country_of(span, ctx)):
            return code
    return ""


def _nearest(spans: list[Span], trigger: Span) -> Span | None:
    return min(spans, key=lambda s: abs(s.start - trigger.start), default=None)


def _weapon_type(event_type: str, weapon: Span | None, types: list[Span], ctx: Context) -> str:
    if event_type in FIXED_TYPE:
        return FIXED_TYPE[event_type]
    found = {t.kb_id_ for t in types}
    generic = next((t for t in TYPE_RANK if t in found), "")
    if generic in BROAD_TYPES:  # "missiles et munitions", "obus et missiles": the first named leads
        generic = next(t.kb_id_ for t in sorted(types, key=lambda t: t.start) if t.kb_id_ in BROAD_TYPES)
    if weapon is not None:
        entry = ctx.lookup.get(("WEAPON", weapon.kb_id_))
        # a ship or submarine that fires missiles: the test is of the missiles
        if entry and entry.weapon_type and not (event_type == "missile_test" and entry.weapon_type in PLATFORMS
                                                and generic):
            return entry.weapon_type
    return generic


def _location(event_type: str, places: list[Span], ctx: Context) -> Entry | None:
    if event_type in NO_LOCATION:
        return None
    best, best_rank = None, 99
    for place in places:
        entry = ctx.lookup.get(("PLACE", place.kb_id_))
        if (entry is None or entry.latitude is None or place.root.dep_ in SUBJECT_DEPS or _dateline(place)
                or _attribution(place)):
            continue
        before = {t.lower_ for t in place.doc[max(place.sent.start, place.start - 3):place.start]}
        origin = 0 if before & SOURCE_WORDS and not before & TARGET_WORDS else 2
        rank = origin + (0 if entry.kind in SITE_KINDS else 1)
        if rank < best_rank:
            best, best_rank = entry, rank
    return best


def _attribution(place: Span) -> bool:
    """"selon Séoul", "according to Seoul", "Seoul said": who reports, not where it happened."""
    doc = place.doc
    before = {t.lower_ for t in doc[max(place.sent.start, place.start - 3):place.start]}
    after = doc[place.end].norm_ if place.end < len(doc) else ""
    return bool(before & ATTRIBUTION_WORDS) or after in report_verbs(doc.lang_)


def _dateline(place: Span) -> bool:
    """"SEOUL —" opening a wire report names where it was filed, not where anything happened."""
    following = place.doc[place.end] if place.end < len(place.doc) else None
    return place.text.isupper() or (following is not None and following.text in {"—", "–", "--", "-"}
                                    and place.start == place.sent.start)


def _dates(trigger: Span, timexes: list[Timex], sentence: Span) -> list[Timex | None]:
    """When the event happened: the date of ``_date``, or, when the trigger's clause carries several
    dates that are not a range ("fired on Aug. 29 and Sept. 15", "tiré le 4 puis le 28 juillet"),
    each of them, one occurrence each. A date that another one makes precise ("in 2017, on Aug. 29")
    is not one more."""
    first = _date(trigger, timexes, sentence)
    if first is None or first.reported or not is_parsed(sentence.doc):
        return [first]
    path = _clause_path(trigger)
    attached = [t for t in timexes if _attached(t, path, sentence)]
    finest = [t for t in attached if not any(o.value != t.value and o.value.startswith(t.value) for o in attached)]
    if len(finest) < 2 or not any(t.value.startswith(first.value) for t in finest):
        return [first]
    # only dates coordinated with each other: "on Aug. 29 and Sept. 15", not "on Friday, in response
    # to the launch of Nov. 29", nor a range ("from March 4 to 14": one drill)
    if not all(COORDINATED.match(sentence.text[a.end:b.start]) for a, b in pairwise(finest)):
        return [first]
    return finest


def _attached(timex: Timex, path: set[int], sentence: Span) -> bool:
    return any(h.i in path for h in _heads(sentence.char_span(timex.start, timex.end, alignment_mode="expand")))


def _date(trigger: Span, timexes: list[Timex], sentence: Span) -> Timex | None:
    """The date expression attached to the trigger's clause, else the nearest one that is not the
    date of the report ("North Korea said on Thursday it had fired...": Thursday is not the firing)."""
    if not timexes:
        return None
    offset = trigger.start_char - sentence.start_char
    path = _clause_path(trigger)
    if not path:
        return min(timexes, key=lambda t: abs(t.start - offset))
    candidates = []
    for timex in timexes:
        span = sentence.char_span(timex.start, timex.end, alignment_mode="expand")
        heads = _heads(span)
        verb = heads[-1] if heads and heads[-1].pos_ in {"VERB", "AUX"} else None
        if (verb is not None and verb.i not in path and _another_time(verb, path)) or _until(span):
            continue
        # "state media confirmed on Wednesday the launch of": the verb that governs a named event
        # is a report of it, and its date the report's; so is a verb coordinated with a report
        # verb ("On Monday, state media identified the weapon and said Kim had watched the launch")
        speech = _speech_before(span, trigger) or (verb is not None and verb.i != trigger.root.i and (
            verb.norm_ in report_verbs(sentence.doc.lang_)
            or any(c.dep_ == "conj" and c.norm_ in report_verbs(sentence.doc.lang_) for c in verb.children)))
        attached = any(h.i in path for h in heads) and not speech
        reported = speech or (not attached and verb is not None and verb.norm_ in report_verbs(sentence.doc.lang_))
        candidates.append((0 if attached else 2 if reported else 1, abs(timex.start - offset), timex))
    if not candidates:
        return None
    rank, _, timex = min(candidates, key=lambda c: c[:2])
    # a launch told by a report verb ("North Korea announced on Tuesday the test of…"): the
    # verb's own date is the report's
    told = trigger.label_ in LAUNCHES and trigger.root.norm_ in report_verbs(sentence.doc.lang_)
    return replace(timex, reported=True) if rank == 2 or told else timex


def _until(span: Span | None) -> bool:
    """"until Aug. 31", "jusqu'au 31 août": the end of a period, never when something happened."""
    if span is None:
        return False
    before = [t.lower_ for t in span.doc[max(span.sent.start, span.start - 2):span.start]]
    return any(word in UNTIL_WORDS for word in before)


def _another_time(verb: Token, path: set[int]) -> bool:
    """A verb outside the trigger's clause whose date is not the event's: in a relative clause
    that tells of something else ("the launch came during the exercise that began on Monday and
    runs until Aug. 31", "le moratoire annoncé en avril 2018"; not one on the trigger's own words,
    which the parser often hangs a date of the event on: "tiré des missiles fournis par la Corée
    du Nord le 30 décembre"), or of what may or will come ("the satellite would begin its duties on
    Dec. 1", "commencera le 1er décembre")."""
    modal = modal_words(verb.doc.lang_)
    if "Fut" in verb.morph.get("Tense") or any(c.dep_ in {"aux", "aux:tense"} and fold(c.text) in modal
                                              for c in verb.children):
        return True
    while verb.dep_ == "conj" and verb.head.i != verb.i:  # coordinated verbs share their clause
        verb = verb.head
    return (verb.dep_ in {"relcl", "acl", "acl:relcl"} and verb.i not in path
            and verb.head.i not in path and verb.head.head.i not in path)


def _heads(span: Span | None) -> list[Token]:
    """A date's head words up to the verb of its clause (at most four)."""
    heads: list[Token] = []
    for head in [span.root, *span.root.ancestors][:4] if span is not None else []:
        heads.append(head)
        if head.pos_ in {"VERB", "AUX"}:
            break
    return heads


def _speech_before(span: Span | None, trigger: Span) -> bool:
    """A date right after a speech verb other than the trigger ("said on Thursday it had fired",
    "a annoncé mercredi avoir lancé") dates the statement, however the parser attached it."""
    if span is None:
        return False
    i = span.start - 1
    while i > span.sent.start and span.doc[i].pos_ in {"ADP", "ADV", "PUNCT"} and span.start - i <= 2:
        i -= 1
    verb = span.doc[i]
    return i >= span.sent.start and verb.i != trigger.root.i and verb.norm_ in report_verbs(span.doc.lang_)


def _clause_path(trigger: Span) -> set[int]:
    """The trigger and its heads up to its clause's verb (not beyond a speech verb)."""
    if not is_parsed(trigger.doc):
        return set()
    node, path = trigger.root, {trigger.root.i}
    while node.head.i != node.i and node.dep_ not in COMPLEMENTS and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
        path.add(node.i)
    return path


def _shown_start(sentence: Span) -> int:
    """Where the sentence an analyst reads starts: the parser sometimes starts one inside a word
    ("L'état" | "-major sud-coréen a détecté…"); the text from the start of the word's sentence."""
    doc, start = sentence.doc, sentence.start
    while start > 0 and not doc[start - 1].whitespace_ and not doc[start - 1].is_space \
            and doc[start - 1].text not in SENTENCE_ENDS:
        start = doc[start - 1].sent.start
    return doc[start].idx


def _outside_names(timexes: list[Timex], sentence: Span) -> list[Timex]:
    """"the February 17 Shock Brigade", "the February 8 Vinalon Complex": a date inside a name is
    part of the name, not when anything happened."""
    names = [(e.start_char - sentence.start_char, e.end_char - sentence.start_char) for e in sentence.ents
             if e.label_ in {"ORG", "PLACE", "WEAPON", "EXERCISE", "PERSON"}]
    return [t for t in timexes if not any(start < t.end and t.start < end for start, end in names)]


def _decided(doc: Doc, lang: str, published: str | None) -> tuple[list[Span], list[float]]:
    """The candidates the event model takes for events, labelled with the type it gives them, and
    its probability of that type. Candidates are the triggers the modality rules keep: a hedge, a
    plan, a denial or a trend they cancel stays cancelled (on the labelled data, 78 % of their
    cancellations are right, and the model, with few such examples, did worse)."""
    triggers, confidences = [], []
    for candidate in doc.spans.get(TRIGGERS_KEY, []):
        kind, probability = decide(candidate, lang, published)
        if kind != NONE:
            triggers.append(Span(doc, candidate.start, candidate.end, label=kind))
            confidences.append(probability)
    return triggers, confidences


def _event(trigger: Span, ctx: Context, timex: Timex | None, confidence: float) -> tuple[Event, bool, list[str]]:
    """The event a trigger reports, whether its sentence states the actor, and the countries it names."""
    doc, sentence = trigger.doc, trigger.sent
    ents = list(sentence.ents)
    demonyms = [s for s in doc.spans.get(DEMONYMS_KEY, []) if sentence.start <= s.start < sentence.end]
    weapons = [e for e in ents if e.label_ == "WEAPON"]
    weapon = None if trigger.label_ in NO_WEAPON else _nearest(weapons, trigger)
    spans = sorted([*[e for e in ents if not _dateline(e)], *demonyms], key=lambda s: s.start)
    codes = [c for s in spans if s.label_ in {"COUNTRY", "PLACE"} or s in demonyms if (c := _country_of(s, ctx))]
    claim = find_claimant(trigger, report_verbs(doc.lang_), ctx.source)
    said_by = [s for s in spans if claim.start <= s.start < claim.end]
    # who says it is not who did it: "selon l'armée sud-coréenne, la Corée du Nord a tiré"; a
    # speaker may be ("North Korea said it had fired"): its clause is outside the event's anyway
    actor_spans = [s for s in spans if not (claim.aside and s in said_by)]
    actor_codes = [c for s in actor_spans if s.label_ in {"COUNTRY", "PLACE"} or s in demonyms
                   if (c := _country_of(s, ctx))]
    event_type = trigger.label_
    actor = _actor(event_type, trigger, weapon, actor_spans, actor_codes, ctx)
    stated = actor is not None
    actor = actor if stated else ""
    types = [] if event_type in NO_WEAPON else [e for e in ents if e.label_ == "WEAPON_TYPE"]
    place = _location(event_type, [e for e in ents if e.label_ == "PLACE"], ctx)
    weapon_type = "" if event_type in NO_WEAPON else _weapon_type(event_type, weapon, types, ctx)
    shown = _shown_start(sentence)
    event = Event(
        event_id="",
        article_id=ctx.article_id,
        event_type=event_type,
        date=timex.value if timex else "",
        date_precision=timex.precision if timex else "",
        country=actor,
        countries="|".join(sorted({actor, *codes} - {""})),
        weapon_type=weapon_type,
        weapon=weapon.kb_id_ if weapon is not None else "",
        location=place.name if place else "",
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        sentence=ctx.text[shown:sentence.end_char].strip(),
        start=shown,
        end=sentence.end_char,
        confidence=round(confidence, 3),
    )
    event.report_dated = bool(timex and timex.reported)
    if event_type in LAUNCHES:
        figures = read_figures(event.sentence, doc.lang_)
        event.missiles, event.range_km = figures.missiles, figures.range_km
        event.apogee_km, event.flight_minutes = figures.apogee_km, figures.flight_minutes
    event.claimant = claim.text
    event.claimant_country = next((c for s in said_by if (c := _country_of(s, ctx))), "") if said_by \
        else source_country(ctx.source, ctx.lookup) if claim.start == claim.end else ""
    return event, stated, actor_codes


def _fill_dates(found: list[tuple[Event, Span]], report_day: str | None, lead_end: int) -> None:
    """An undated event in the sentence right after a dated one ("A few hours later, North Korea
    fired...", "On the first day, the warship fired...") happened in the time frame that sentence
    set; one in the article's opening paragraph is dated by the report itself (the guidelines'
    rule: "where only the date of the report is given, that date is used"), less the source's
    reporting lag (``report_lag.csv``)."""
    previous: tuple[Event, Span] | None = None
    for event, sentence in found:
        if not event.date and previous is not None:
            last, last_sentence = previous
            gap = sentence.start - last_sentence.end
            if 0 <= gap <= 1 or last_sentence.start == sentence.start:
                event.date, event.date_precision = last.date, last.date_precision
        if not event.date and report_day and sentence.start_char < lead_end:
            event.date, event.date_precision, event.report_dated = report_day, "day", True
        if event.date:
            previous = (event, sentence)


def _fill_actors(found: list[tuple[Event, bool, list[str]]], fallback: str) -> list[Event]:
    """An event whose sentence does not name its actor ("The missile was fired from near
    Pyongyang") takes the actor the article states for events of its type, else for any event,
    else the country the article names most."""
    stated = [e for e, known, _ in found if known and e.country]
    by_type = Counter((e.event_type, e.country) for e in stated)
    overall = Counter(e.country for e in stated)
    events = []
    for event, known, codes in found:
        if not known:
            same_type = [(n, c) for (t, c), n in by_type.items() if t == event.event_type]
            event.country = (max(same_type)[1] if same_type else fallback or
                             (overall.most_common(1)[0][0] if overall else codes[0] if codes else ""))
            event.countries = "|".join(sorted({event.country, *codes} - {""}))
        events.append(event)
    return events


def _merge(events: list[Event]) -> list[Event]:
    """One event per occurrence: same type, date and actor; undated ones join a dated twin."""
    merged: dict[tuple[str, str, str], Event] = {}
    for event in events:
        key = (event.event_type, event.date, event.country)
        if key in merged:
            _absorb(merged[key], event)
        else:
            merged[key] = event
    dated = {(e.event_type, e.country) for e in merged.values() if e.date}
    firm = [e for e in merged.values() if e.date and not e.report_dated]
    kept = []
    for event in merged.values():
        twin = _reported_twin(event, firm) or _finer_twin(event, firm)
        if twin is not None:
            _absorb(twin, event)
        elif event.date or (event.event_type, event.country) not in dated:
            kept.append(event)
    return kept


def _absorb(kept: Event, event: Event) -> None:
    """What a second mention of one occurrence adds: the details the first did not give."""
    kept.weapon = kept.weapon or event.weapon
    kept.weapon_type = kept.weapon_type or event.weapon_type
    if not kept.location and event.location:
        kept.location, kept.latitude, kept.longitude = event.location, event.latitude, event.longitude
    kept.countries = "|".join(sorted(set(kept.countries.split("|") + event.countries.split("|")) - {""}))
    kept.confidence = max(kept.confidence, event.confidence)
    for figure in FIGURES:
        if getattr(kept, figure) is None:
            setattr(kept, figure, getattr(event, figure))


def _finer_twin(event: Event, firm: list[Event]) -> Event | None:
    """The day-dated occurrence a mention dated only to its month or year restates ("It was the
    second launch this year", after the article dated the launch): same type, actor and
    weapon, and no other weapon type."""
    if event.date_precision not in {"month", "year"}:
        return None
    return next((e for e in firm if e.event_type == event.event_type and e.country == event.country
                 and e.date_precision == "day" and e.date.startswith(event.date)
                 and event.weapon in {"", e.weapon} and (event.weapon_type in {"", e.weapon_type} | BROAD_TYPES
                                                         or not e.weapon_type)), None)


def _reported_twin(event: Event, firm: list[Event]) -> Event | None:
    """The firing an article dates a day or two earlier ("on Tuesday") than the report of one
    dated only by its report ("said on Wednesday it had fired")."""
    if not event.report_dated or event.date_precision != "day":
        return None
    reported = date.fromisoformat(event.date)
    return next((e for e in firm if e.event_type == event.event_type and e.country == event.country
                 and e.date_precision == "day" and 0 < (reported - date.fromisoformat(e.date)).days <= 2), None)


FIGURE_SENTENCES = 2  # how many sentences after a launch's own may still give its figures


def _figures_after(events: list[Event], doc: Doc, event_sentences: set[int], published: str | None) -> None:
    """The figures the sentences after a launch's give ("The missile flew about 1,000 km."), where
    its own did not: up to the next sentence that tells an event, or gives a date of its own
    (another launch's figures, "in 2017 it flew 950 km")."""
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    for event in events:
        if event.event_type not in LAUNCHES or all(getattr(event, f) is not None for f in FIGURES):
            continue
        at = next((k for k, start in enumerate(starts) if start >= event.end), len(sentences))
        for sentence in sentences[at:at + FIGURE_SENTENCES]:
            if sentence.start_char in event_sentences or find(sentence.text, doc.lang_, published):
                break
            figures = read_figures(sentence.text, doc.lang_)
            for figure in FIGURES:
                if getattr(event, figure) is None:
                    setattr(event, figure, getattr(figures, figure))


def extract_events(doc: Doc, article_id: str, text: str, published: str | None, lang: str,
                   lookup: dict[tuple[str, str], Entry], source: str = "", offset: int = 0) -> list[Event]:
    """The events an article reports, in order of first mention. ``offset`` is where ``text`` starts
    in the article when a very long article is read in pieces; only the first piece has the lead."""
    triggers, confidences = _decided(doc, lang, published)
    if not triggers:
        return []
    # missile firings during a drill are missile tests, not a separate exercise, and a report
    # of a test ("announced it had fired") is not a separate announcement (annotation rules)
    firing = {t.sent.start for t in triggers if t.label_ in {"missile_test", "satellite_launch"}}
    kept = [i for i, t in enumerate(triggers) if t.sent.start not in firing or not (
        t.label_ == "exercise" or (t.label_ == "weapons_announcement" and t.root.norm_ in report_verbs(doc.lang_)))]
    triggers, confidences = [triggers[i] for i in kept], [confidences[i] for i in kept]
    countries = Counter(lookup[("COUNTRY", e.kb_id_)].country for e in doc.ents if e.label_ == "COUNTRY")
    countries.update(s.label_ for s in doc.spans.get(DEMONYMS_KEY, []))
    fallback = countries.most_common(1)[0][0] if countries else ""
    ctx = Context(article_id, text, lookup, source)
    timexes: dict[int, list[Timex]] = {}
    found, found_triggers = [], []
    for trigger, confidence in zip(triggers, confidences, strict=True):
        sentence = trigger.sent
        if sentence.start not in timexes:
            timexes[sentence.start] = _outside_names(
                find(text[sentence.start_char:sentence.end_char], lang, published), sentence)
        for timex in _dates(trigger, timexes[sentence.start], sentence):
            found.append(_event(trigger, ctx, timex, confidence))
            found_triggers.append(trigger)
    triggers = found_triggers
    lead_end = 0 if offset else text.find("\n") if "\n" in text else len(text)
    lag = load_report_lags().get(source.strip().casefold(), 0)
    report_day = (date.fromisoformat(published) - timedelta(days=lag)).isoformat() if published else None
    _fill_dates([(event, trigger.sent) for (event, _, _), trigger in zip(found, triggers, strict=True)],
                report_day, lead_end)
    events = _merge(_fill_actors(found, fallback))
    _figures_after(events, doc, {t.sent.start_char for t in triggers}, published)
    for event in events:
        # dated nowhere in the article: the report's date (the guidelines' rule); the reporting lag
        # belongs to the opening paragraph, where state media tell the day before's event
        if not event.date and published:
            event.date, event.date_precision, event.report_dated = published, "day", True
        event.start, event.end = event.start + offset, event.end + offset
        key = f"{article_id}|{event.event_type}|{event.date}|{event.country}|{event.start}"
        event.event_id = "e" + hashlib.sha1(key.encode()).hexdigest()[:15]
    return events
