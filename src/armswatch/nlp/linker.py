"""``armswatch_linker``: one canonical entity per mention, in ``doc.ents``.

Gazetteer matches win; statistical entities that do not overlap them (nor a blocked phrase)
are kept under an Arms Watch type with a cleaned surface form as their canonical name (no
leading ``l'``, ``d'`` or "the", no trailing possessive). A bare name that repeats part of a
person or weapon system named in full elsewhere in the article ("Kim", "Putin", "the
Roosevelt") is linked to it. The catch-all weapon type ``missile`` is dropped where the noun is
determined ("the missile", "ce missile", "two missiles"): it then refers to a launch or system
the article describes more precisely, and would otherwise tag every launch report ``missile``.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.nlp.domain import BLOCKED_KEY, SPAN_KEY, is_parsed
from armswatch.textnorm import fold

DETERMINED_KEY = "determined_weapon_types"

LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
LEADING = {"the", "le", "la", "les", "l'", "d'", "de", "du", "des", "qu'", "a", "an", "un", "une", "à", "au", "aux"}
TRAILING = {"'s", "'", "’s"}
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


class EntityLinker:
    def __call__(self, doc: Doc) -> Doc:
        determined = [s for s in doc.spans.get(SPAN_KEY, [])
                      if s.label_ == "WEAPON_TYPE" and s.kb_id_ == "missile" and is_determined(s)]
        doc.spans[DETERMINED_KEY] = determined  # still a weapon for the event layer: "le missile a été dévoilé"
        gazetteer = [s for s in doc.spans.get(SPAN_KEY, []) if s not in determined]
        taken = {i for group in (SPAN_KEY, BLOCKED_KEY) for span in doc.spans.get(group, [])
                 for i in range(span.start, span.end)}
        statistical = []
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            trimmed = trim(ent)
            if trimmed is not None:
                statistical.append(Span(doc, trimmed.start, trimmed.end, label=label, kb_id=trimmed.text))
        doc.ents = filter_spans(gazetteer + self._link(gazetteer, statistical))
        return doc

    @staticmethod
    def _link(gazetteer: list[Span], statistical: list[Span]) -> list[Span]:
        """Canonical names for statistical entities: one per spelling; a bare part of a full name → that name."""
        full_names: dict[str, tuple[str, str]] = {}  # a word of a multi-word person/weapon name → (type, name)
        canonical: dict[tuple[str, str], str] = {}
        for span in gazetteer + statistical:
            key = name_key(span.kb_id_)
            canonical.setdefault((span.label_, key), span.kb_id_)
            if span.label_ in FULL_NAME_TYPES and len(span) > 1:
                for token in span:
                    if (part := name_key(token.text)) and not token.is_stop:
                        full_names.setdefault(part, (span.label_, canonical[(span.label_, key)]))
        linked = []
        for span in statistical:
            key = name_key(span.kb_id_)
            label, name = span.label_, canonical[(span.label_, key)]
            if len(span) == 1 and key in full_names:
                label, name = full_names[key]
            linked.append(Span(span.doc, span.start, span.end, label=label, kb_id=name))
        return linked


@Language.factory("armswatch_linker")
def make_entity_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()
