"""``armswatch_linker``: one canonical entity per mention, in ``doc.ents``.

Gazetteer matches win; statistical entities that do not overlap them are kept under an
Arms Watch type with a cleaned surface form as their canonical name (no leading ``l'``,
``d'`` or "the", no trailing possessive), and a bare name that repeats part of a person
named earlier or later in the article ("Kim", "Putin") is linked to that person.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.nlp.domain import SPAN_KEY
from armswatch.textnorm import fold

LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
LEADING = {"the", "le", "la", "les", "l'", "d'", "de", "du", "des", "qu'", "a", "an", "un", "une", "à", "au", "aux"}
TRAILING = {"'s", "'", "’s"}
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


class EntityLinker:
    def __call__(self, doc: Doc) -> Doc:
        gazetteer = list(doc.spans.get(SPAN_KEY, []))
        taken = {i for span in gazetteer for i in range(span.start, span.end)}
        statistical = []
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            trimmed = trim(ent)
            if trimmed is not None:
                statistical.append(Span(doc, trimmed.start, trimmed.end, label=label, kb_id=trimmed.text))
        doc.ents = filter_spans(gazetteer + self._link_people(gazetteer, statistical))
        return doc

    @staticmethod
    def _link_people(gazetteer: list[Span], statistical: list[Span]) -> list[Span]:
        """Canonical names for statistical entities: one per spelling, bare surnames → full name."""
        full_names: dict[str, str] = {}  # a part of a multi-word person name → that name
        canonical: dict[tuple[str, str], str] = {}
        for span in gazetteer + statistical:
            key = name_key(span.kb_id_)
            canonical.setdefault((span.label_, key), span.kb_id_)
            if span.label_ == "PERSON" and len(span) > 1:
                for token in span:
                    if part := name_key(token.text):
                        full_names.setdefault(part, canonical[(span.label_, key)])
        linked = []
        for span in statistical:
            key = name_key(span.kb_id_)
            if span.label_ == "PERSON" and len(span) == 1 and key in full_names:
                name = full_names[key]
            else:
                name = canonical[(span.label_, key)]
            linked.append(Span(span.doc, span.start, span.end, label=span.label_, kb_id=name))
        return linked


@Language.factory("armswatch_linker")
def make_entity_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()
