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
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.gazetteer import load_gazetteer
from armswatch.nlp.domain import BLOCKED_KEY, NESTED_KEY, POSSESSIVES, SPAN_KEY, attached, is_parsed
from armswatch.nlp.names import NameHeads, designations, head_type, headed_names, korean_name
from armswatch.textnorm import fold

DETERMINED_KEY = "determined_weapon_types"
COUNTRY_KEY = "armswatch_name_countries"  # doc.user_data: (start, end) of a name → its qualifier's country
PROPER_TAGS = {"NNP", "NNPS", "PROPN"}
KOREAN_PLACE = re.compile(r"-(dong|ri|gu|guyok|up|ga)$")  # Korean administrative suffixes

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


def trim_title(span: Span, titles: frozenset[str]) -> Span | None:
    """A person's name without the titles before it: "King Maha Vajiralongkorn" → "Maha Vajiralongkorn"."""
    start = span.start
    while start < span.end and span.doc[start].text in titles:
        start += 1
    return span.doc[start:span.end] if start < span.end else None


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


def is_generic(span: Span, common: frozenset[str]) -> bool:
    """An organisation named by one or two common words only: "Air Force", "Political Bureau", "Government"
    stand for a body named elsewhere, or for none."""
    words = [t for t in span if t.is_alpha and not t.is_stop]
    if not common or not 0 < len(words) <= 2 or any(t.like_num for t in span):
        return False
    return all(t.lemma_.lower() in common or t.lower_ in common for t in words)


class EntityLinker:
    def __init__(self, heads: dict[str, NameHeads], common: frozenset[str] = frozenset()) -> None:
        self.heads = heads  # by language
        self.common = common  # the language's common nouns and adjectives, when its model lists them

    def __call__(self, doc: Doc) -> Doc:
        determined = [s for s in doc.spans.get(SPAN_KEY, [])
                      if s.label_ == "WEAPON_TYPE" and s.kb_id_ == "missile" and is_determined(s)]
        doc.spans[DETERMINED_KEY] = determined  # still a weapon for the event layer: "le missile a été dévoilé"
        heads = self.heads.get(doc.lang_, NameHeads())
        gazetteer = [self._longer_person(s, heads) for s in doc.spans.get(SPAN_KEY, []) if s not in determined]
        blocked = list(doc.spans.get(BLOCKED_KEY, []))
        named, nested, gazetteer = self._names(doc, heads, gazetteer, blocked, self.common)
        taken = {i for span in (*gazetteer, *blocked, *named) for i in range(span.start, span.end)}
        statistical = self._statistical(doc, heads, taken)
        statistical += self._korean_people(doc, heads, taken | {i for s in statistical for i in range(s.start, s.end)})
        entities = [n for n in named if n.label_ != "NONE"]  # an occasion's name only keeps others out of it
        doc.ents = filter_spans(gazetteer + entities + self._link(gazetteer, statistical))
        nested = list({(s.start, s.end, s.label_): s for s in [*doc.spans.get(NESTED_KEY, []), *nested]}.values())
        doc.spans[NESTED_KEY] = nested
        doc.user_data[COUNTRY_KEY] = {(n.start, n.end): c.kb_id_ for n in entities for c in nested
                                      if c.label_ == "COUNTRY" and _inside(c, n)}
        return doc

    @staticmethod
    def _names(doc: Doc, heads: NameHeads, gazetteer: list[Span], blocked: list[Span],
               common: frozenset[str]) -> tuple[list[Span], list[Span], list[Span]]:
        """Names found by their head word, and designations: (names, the mentions nested in them, the gazetteer
        matches left). A longer name wins over what it contains, never over a gazetteer name as long or crossing it;
        inside an organisation's name, a country, or an organisation attached by "of" or "'s", still counts as a
        mention ("Embassy of the Russian Federation", "Provincial Committee of the WPK"). In an occasion's name,
        the countries and bodies it is named after are mentions ("BRICS Women's Forum"), its people and places
        not ("Kim Il Sung Prize")."""
        candidates = [_without_owner(n, gazetteer) for n in headed_names(doc, heads)] + designations(doc)
        named = filter_spans([n for n in candidates if n is not None and not any(_inside(n, b) for b in blocked)
                              and not (n.label_ == "ORG" and is_generic(n, common))
                              and not any(_overlaps(n, g) and not (_inside(g, n) and len(g) < len(n))
                                          for g in gazetteer)])
        extents = {(g.start, g.end) for g in gazetteer}  # a gazetteer name wins over a found name as long
        inner = [*gazetteer, *(c for c in candidates if c is not None and (c.start, c.end) not in extents)]
        # an occasion's name still names the bodies it is named after ("BRICS Women's Forum"), not people or
        # places ("Kim Il Sung Prize")
        within = {g: n for g in inner for n in named if _inside(g, n) and g is not n
                  and (n.label_ != "NONE" or g.label_ in ("PERSON", "PLACE"))}
        nested = [g for g, n in within.items() if n.label_ == "ORG"
                  and (g.label_ == "COUNTRY" or (g.label_ == "ORG" and attached(g, n)))]
        return named, nested, [g for g in gazetteer if g not in within]

    def _statistical(self, doc: Doc, heads: NameHeads, taken: set[int]) -> list[Span]:
        """The statistical model's people, organisations and places that nothing else covers, cleaned and typed:
        by a head word ("... Farm" is a place, "... Contest" nothing), as a person by a Korean name's shape."""
        found = []
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            span = trim(ent)
            if span is not None and span.end + 1 < len(doc) and doc[span.end].text == "-" \
                    and KOREAN_PLACE.search("-" + doc[span.end + 1].lower_):
                span, label = doc[span.start:span.end + 2], "PLACE"  # "Sinmi|-|ri": the village, suffix and all
            if span is not None and label == "PERSON":
                span = trim_title(span, heads.titles)
            if span is None or is_junk(span):
                continue
            if label == "PERSON":
                span = self._whole_korean_name(span, heads)
            label = "PERSON" if korean_name(span, heads.surnames) else head_type(span, heads) or label
            if span.start > 0 and doc[span.start - 1].lower_ in heads.vessels:
                label = "WEAPON"  # "the oil tanker St Nikolas", "aircraft carrier Carl Vinson": a named ship
            if KOREAN_PLACE.search(span[-1].text):
                label = "PLACE"  # "Upsong-dong", "Taedong-ri": a neighbourhood or village, whatever the model says
            if label != "NONE" and not (label == "ORG" and is_generic(span, self.common)):
                found.append(Span(doc, span.start, span.end, label=label, kb_id=span.text))
        return found

    def _korean_people(self, doc: Doc, heads: NameHeads, taken: set[int]) -> list[Span]:
        """Korean names the model missed: a family name and two short syllables no dictionary knows ("Choe Un
        Bok", "Ri Ryong Nam")."""
        found = []
        for token in doc[:-2]:
            if token.text not in heads.surnames or any(i in taken for i in range(token.i, token.i + 3)):
                continue
            syllables = doc[token.i + 1:token.i + 3]
            if all(t.is_alpha and t.text.istitle() and len(t) <= 5 and not t.is_stop and t.text not in heads.types
                   and t.lower_ not in self.common and not t.is_sent_start for t in syllables):
                found.append(Span(doc, token.i, token.i + 3, label="PERSON", kb_id=doc[token.i:token.i + 3].text))
                taken |= set(range(token.i, token.i + 3))
        return found

    def _longer_person(self, span: Span, heads: NameHeads) -> Span:
        """A known person's name that is the start of a longer Korean name is someone else: "Kim Song Bin" is
        not Kim Song."""
        if span.label_ != "PERSON":
            return span
        whole = self._whole_korean_name(span, heads)
        return span if len(whole) == len(span) else Span(span.doc, whole.start, whole.end, label="PERSON",
                                                           kb_id=whole.text)

    def _whole_korean_name(self, span: Span, heads: NameHeads) -> Span:
        """A Korean name the model cut: the family name before it ("Om| Pong Guk"), the last syllable after it
        ("Pak In |Chol")."""
        doc = span.doc
        if span.start > 0 and korean_name(doc[span.start - 1:span.end], heads.surnames):
            span = doc[span.start - 1:span.end]
        if len(span) == 2 and span[0].text in heads.surnames and span.end < len(doc):
            last = doc[span.end]
            if (last.is_alpha and last.text.istitle() and len(last) <= 4 and not last.is_sent_start
                    and not last.is_stop and last.text not in heads.types):
                span = doc[span.start:span.end + 1]
        return span

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
    gazetteer = load_gazetteer(Path(gazetteer_dir) if gazetteer_dir else None)
    common: frozenset[str] = frozenset()
    if "lemmatizer" in nlp.pipe_names and "lemma_index" in nlp.get_pipe("lemmatizer").lookups.tables:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # WordNet's words, in English models
        common = frozenset(word for kind in ("noun", "adj") for word in index.get(kind, []))
    heads: dict[str, NameHeads] = {}
    for head in gazetteer.heads:
        of_lang = heads.setdefault(head.lang, NameHeads(surnames=gazetteer.surnames, titles=gazetteer.titles,
                                                         vessels=gazetteer.vessels))
        (of_lang.leading if head.position == "start" else of_lang.types)[head.word] = head.entity_type
        if head.plural:
            of_lang.plurals[head.plural] = head.word
    return EntityLinker(heads, common)
