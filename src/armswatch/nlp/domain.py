"""``armswatch_gazetteer``: find gazetteer names in a doc (any case, accents, spelling variant).

Names are matched on a folded form of each token (lower case, no accents, plain
apostrophes), written to ``token.norm_`` after the statistical components have run.
Short all-capital aliases (``US``, ``UN``, ``KPA``) match case-sensitively so that the
pronoun "us" is never the United States. The longest match wins; matches go to
``doc.spans["gazetteer"]``, each labelled with its entity type and carrying the canonical name
as ``kb_id_``. A country named inside an organisation's name ("South Korea's Joint Chiefs of
Staff", "U.S. Treasury"), and an organisation or place attached by "of"/"de"/"'s" inside a
longer name ("panel d'experts de l'ONU", "base aérienne de Séoul") are mentions too, kept in
``doc.spans["nested"]``; a name that merely starts a longer one ("UN Security Council",
"North Pyongan Province") is not. Phrases listed as never being entities ("the North", "Secretary
of State", "satellite images") go to ``doc.spans["blocked"]``: they keep shorter names and
statistical entities from matching inside them.
"""

from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.gazetteer import Entry, load_gazetteer
from armswatch.textnorm import fold, nlp_view

SPAN_KEY = "gazetteer"
NESTED_KEY = "nested"
WEAPON_TYPES_KEY = "armswatch_weapon_types"  # doc.user_data: named system → its weapon type
BLOCKED_KEY = "blocked"
PARSED_KEY = "armswatch_parsed"  # doc.user_data: whether the doc has a dependency parse
MAX_EXACT_ALIAS = 5
# container type → {nested type: whether it must be attached by a preposition or possessive}
NESTING = {"ORG": {"COUNTRY": False, "ORG": True, "PLACE": True}, "PLACE": {"PLACE": True}}
PREPOSITIONS = {"of", "de", "d'", "du", "des"}
ARTICLES = {"the", "la", "le", "l'", "les"}
POSSESSIVES = {"'s", "’s"}

fold_token = lru_cache(maxsize=500_000)(fold)


def alias_variants(alias: str) -> set[str]:
    """The alias as written, with hyphens as spaces, and with hyphens dropped."""
    alias = nlp_view(alias)
    return {alias, alias.replace("-", " "), alias.replace("-", "")} if "-" in alias else {alias}


def is_exact(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and alias.isupper() and len(letters) <= MAX_EXACT_ALIAS


class GazetteerMatcher:
    def __init__(self, nlp: Language, entries: list[Entry]) -> None:
        self.entries = entries
        self.weapon_types = {e.name: e.weapon_type for e in entries if e.entity_type == "WEAPON"}
        self.folded = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        claimed: set[tuple[str, bool]] = set()
        for index, entry in enumerate(entries):
            for alias in entry.aliases:
                exact = is_exact(alias)
                for variant in alias_variants(alias):
                    key = (variant if exact else fold(variant), exact)
                    if key in claimed:  # the first entry to claim a name keeps it
                        continue
                    claimed.add(key)
                    pattern = nlp.make_doc(variant)
                    if exact:
                        self.exact.add(str(index), [pattern])
                    else:
                        for token in pattern:
                            token.norm_ = fold_token(token.text)
                        self.folded.add(str(index), [pattern])

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = fold_token(token.text)
        spans = []
        strings = doc.vocab.strings
        for matcher in (self.folded, self.exact):
            for match_id, start, end in matcher(doc):
                entry = self.entries[int(strings[match_id])]
                spans.append(Span(doc, start, end, label=entry.entity_type, kb_id=entry.name))
        selected = filter_spans(spans)
        doc.user_data[WEAPON_TYPES_KEY] = {s.kb_id_: self.weapon_types[s.kb_id_] for s in selected
                                           if s.label_ == "WEAPON"}
        doc.spans[BLOCKED_KEY] = [s for s in selected if s.label_ == "STOP"]
        doc.spans[SPAN_KEY] = [s for s in selected if s.label_ != "STOP"]
        doc.spans[NESTED_KEY] = nested_spans(spans, doc.spans[SPAN_KEY])
        return doc


def attached(span: Span, outer: Span) -> bool:
    """"X's ..." or "... of (the) X" / "... de (l') X" inside the outer name."""
    doc = span.doc
    if span.end < outer.end and doc[span.end].lower_ in POSSESSIVES:
        return True
    i = span.start - 1
    while i > outer.start and doc[i].lower_ in ARTICLES:
        i -= 1
    return i >= outer.start and doc[i].lower_ in PREPOSITIONS


def is_parsed(doc: Doc) -> bool:
    """``doc.has_annotation("DEP")``, worked out once per doc: it scans every token, and the event
    layer asks for each trigger (quadratic in a long article)."""
    if PARSED_KEY not in doc.user_data:
        doc.user_data[PARSED_KEY] = doc.has_annotation("DEP")
    return doc.user_data[PARSED_KEY]


def nested_spans(candidates: list[Span], selected: list[Span]) -> list[Span]:
    """Names inside a selected organisation or place name that denote another entity."""
    candidates = sorted(candidates, key=lambda span: span.start)
    starts = [span.start for span in candidates]
    nested: dict[tuple[int, int], Span] = {}
    for outer in selected:
        rules = NESTING.get(outer.label_)
        if not rules:
            continue
        # only the candidates that start inside the outer name: linear in the text, not quadratic
        for span in candidates[bisect_left(starts, outer.start):bisect_left(starts, outer.end)]:
            if (span.label_ in rules and span.end <= outer.end and len(span) < len(outer)
                    and span.kb_id_ != outer.kb_id_ and (not rules[span.label_] or attached(span, outer))):
                nested.setdefault((span.start, span.end), span)
    # of overlapping names the longer; but a country counts wherever it is named, also inside an organisation
    # inside the name ("Institute ... of the Foreign Ministry of the DPRK")
    spans = list(nested.values())
    countries = [s for s in spans if s.label_ == "COUNTRY"]
    return sorted(filter_spans([s for s in spans if s.label_ != "COUNTRY"]) + countries, key=lambda s: s.start)


@Language.factory("armswatch_gazetteer", default_config={"gazetteer_dir": ""})
def make_gazetteer_matcher(nlp: Language, name: str, gazetteer_dir: str) -> GazetteerMatcher:
    from pathlib import Path

    return GazetteerMatcher(nlp, load_gazetteer(Path(gazetteer_dir) if gazetteer_dir else None).entries)
