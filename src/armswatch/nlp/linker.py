"""``armswatch_linker``: one canonical entity per mention, in ``doc.ents``.

Gazetteer matches win, except inside a longer proper name found by its head noun
(``armswatch.nlp.names``): "Unha Trade Bureau" is an organisation, not the Unha launcher, and
"Uiju County" a place of its own; countries, and organisations attached by "of", inside such a
name still count as mentions ("Embassy of the Russian Federation", "Provincial Committee of the
WPK"), and give the name its country. Statistical entities that overlap none of these (nor a
blocked phrase) are kept under an Arms Watch type with a cleaned surface form as their
canonical name (no leading ``l'``, ``d'`` or "the", no trailing possessive or "of the"), typed by
their head noun where they have one; shapes that are never names are dropped (one common noun
such as "Women", a lone word taken for a person). A name that repeats part of a person or weapon
system named in full elsewhere in the article ("Kim", "Jong Un", "Putin", "the Roosevelt") is
linked to it. The catch-all weapon type ``missile`` is dropped where the noun is determined ("the
missile", "ce missile", "two missiles"): it then refers to a launch or system the article
describes more precisely, and would otherwise tag every launch report ``missile``.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.gazetteer import load_gazetteer
from armswatch.nlp.domain import BLOCKED_KEY, NESTED_KEY, POSSESSIVES, SPAN_KEY, attached, is_parsed
from armswatch.nlp.names import NameHeads, head_type, headed_names
from armswatch.textnorm import fold

DETERMINED_KEY = "determined_weapon_types"
COUNTRY_KEY = "armswatch_name_countries"  # doc.user_data: (start, end) of a name → its qualifier's country
PROPER_TAGS = {"NNP", "NNPS", "PROPN"}

LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
LEADING = {"the", "le", "la", "les", "l'", "d'", "de", "du", "des", "qu'", "a", "an", "un", "une", "à", "au", "aux"}
TRAILING = {"'s", "'", "’s", "of", "the", "and", "for", "de", "du", "des", "et"}
FULL_NAME_TYPES = {"PERSON", "WEAPON"}
DETERMINER_DEPS = {"det", "nummod", "poss", "predet"}
DETERMINERS = {
    "the", "this", "that", "these", "those", "a", "an", "its", "their", "any", "such", "many", "several", "each",
    "le", "la", "les", "l'", "ce", "cet", "cette", "ces", "un", "une", "du", "des", "d'", "son", "sa", "ses", "leur",
    "leurs", "tel", "telle", "tels", "plusieurs", "deux", "trois", "two", "three",
}  # fmt: skip
_JUNK = re.compile(r"^[\W\d_]+$")
_KEY = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """Spelling-insensitive identity of a name: ``Kim Jong-un`` = ``Kim Jong Un``."""
    return _KEY.sub("", fold(text))


def trim(span: Span) -> Span | None:
    """The span without leading articles/elisions and trailing possessives or punctuation."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].lower_ in LEADING or span.doc[start].is_punct):
        start += 1
    while end > start and (span.doc[end - 1].lower_ in TRAILING or span.doc[end - 1].is_punct):
        end -= 1
    if start == end:
        return None
    trimmed = span.doc[start:end]
    text = trimmed.text
    if len(text) < 2 or _JUNK.match(text) or not any(c.isupper() for c in text) or "\n" in text:
        return None
    return trimmed


def is_determined(span: Span) -> bool:
    """Whether a noun phrase has a determiner or number: "the missile", "deux missiles"."""
    head = span.root
    if is_parsed(span.doc):
        return any(c.dep_ in DETERMINER_DEPS or c.lower_ in DETERMINERS for c in head.children if c.i < head.i)
    return span.start > 0 and span.doc[span.start - 1].lower_ in DETERMINERS


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _without_owner(name: Span, gazetteer: list[Span]) -> Span | None:
    """A name without the country or place that owns it: "North Korea's Academy of Defence Science" →
    "Academy of Defence Science" (the country stays an entity of its own); None if nothing is left."""
    doc = name.doc
    for owner in gazetteer:
        if owner.start == name.start and owner.label_ in ("COUNTRY", "PLACE") and owner.end < name.end \
                and doc[owner.end].text in POSSESSIVES:
            start = owner.end + 1
            return Span(doc, start, name.end, label=name.label_, kb_id=doc[start:name.end].text) \
                if name.end - start >= 2 else None
    return name


def is_junk(span: Span) -> bool:
    """A statistical entity of one word that is tagged as a common noun ("Women", "Photographs", "Farms")."""
    return len(span) == 1 and bool(span[0].tag_) and span[0].tag_ not in PROPER_TAGS and span[0].pos_ != "PROPN"


class EntityLinker:
    def __init__(self, heads: dict[str, NameHeads]) -> None:
        self.heads = heads  # by language

    def __call__(self, doc: Doc) -> Doc:
        determined = [s for s in doc.spans.get(SPAN_KEY, [])
                      if s.label_ == "WEAPON_TYPE" and s.kb_id_ == "missile" and is_determined(s)]
        doc.spans[DETERMINED_KEY] = determined  # still a weapon for the event layer: "le missile a été dévoilé"
        heads = self.heads.get(doc.lang_, NameHeads({}, {}))
        gazetteer = [s for s in doc.spans.get(SPAN_KEY, []) if s not in determined]
        blocked = list(doc.spans.get(BLOCKED_KEY, []))
        # a longer name wins over what it contains, but not over a gazetteer name that is as long or crosses it
        candidates = [_without_owner(n, gazetteer) for n in headed_names(doc, heads)]
        named = [n for n in candidates if n is not None and not any(_inside(n, b) for b in blocked)
                 and not any(_overlaps(n, g) and not (_inside(g, n) and len(g) < len(n)) for g in gazetteer)]
        outer = filter_spans(named)
        # inside a longer name, a name is part of it; a country, or an organisation attached by "of" or "'s",
        # still counts as a mention ("Embassy of the Russian Federation", "Provincial Committee of the WPK")
        within = {g: n for g in [*gazetteer, *named] for n in outer if _inside(g, n) and g is not n}
        nested = [g for g, n in within.items() if g.label_ == "COUNTRY" or (g.label_ == "ORG" and attached(g, n))]
        gazetteer = [g for g in gazetteer if g not in within]
        named = outer
        taken = {i for span in (*gazetteer, *blocked, *named) for i in range(span.start, span.end)}
        statistical = []
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            trimmed = trim(ent)
            if trimmed is None or is_junk(trimmed):
                continue
            if label in ("ORG", "PLACE"):
                label = head_type(trimmed, heads.types) or label
            statistical.append(Span(doc, trimmed.start, trimmed.end, label=label, kb_id=trimmed.text))
        doc.ents = filter_spans(gazetteer + named + self._link(gazetteer, statistical))
        doc.spans[NESTED_KEY] = list({(s.start, s.end, s.label_): s for s in [*doc.spans.get(NESTED_KEY, []), *nested]
                                      }.values())
        doc.user_data[COUNTRY_KEY] = {(n.start, n.end): c.kb_id_ for n in named for c in nested
                                      if c.label_ == "COUNTRY" and _inside(c, n)}
        return doc

    @staticmethod
    def _link(gazetteer: list[Span], statistical: list[Span]) -> list[Span]:
        """Canonical names for statistical entities: one per spelling; part of a full name → that name;
        a lone word taken for a person that is part of no name is dropped."""
        full_names: dict[str, tuple[str, str]] = {}  # words of a multi-word person/weapon name → (type, name)
        canonical: dict[tuple[str, str], str] = {}
        for span in gazetteer + statistical:
            key = name_key(span.kb_id_)
            canonical.setdefault((span.label_, key), span.kb_id_)
            if span.label_ in FULL_NAME_TYPES and len(span) > 1:
                words = [name_key(t.text) for t in span if not t.is_stop]
                for size in range(1, len(words)):  # every run of words shorter than the name
                    for first in range(len(words) - size + 1):
                        part = "".join(words[first:first + size])
                        full_names.setdefault(part, (span.label_, canonical[(span.label_, key)]))
        linked = []
        for span in statistical:
            key = name_key(span.kb_id_)
            label, name = span.label_, canonical[(span.label_, key)]
            if key in full_names:
                label, name = full_names[key]
            elif label == "PERSON" and len(span) == 1:
                continue
            linked.append(Span(span.doc, span.start, span.end, label=label, kb_id=name))
        return linked


@Language.factory("armswatch_linker", default_config={"gazetteer_dir": ""})
def make_entity_linker(nlp: Language, name: str, gazetteer_dir: str) -> EntityLinker:
    from pathlib import Path

    heads: dict[str, NameHeads] = {}
    for head in load_gazetteer(Path(gazetteer_dir) if gazetteer_dir else None).heads:
        of_lang = heads.setdefault(head.lang, NameHeads({}, {}))
        of_lang.types[head.word] = head.entity_type
        if head.plural:
            of_lang.plurals[head.plural] = head.word
    return EntityLinker(heads)
