"""``armswatch_gazetteer``: find gazetteer names in a doc (any case, accents, spelling variant).

Names are matched on a folded form of each token (lower case, no accents, plain
apostrophes), written to ``token.norm_`` after the statistical components have run.
Short all-capital aliases (``US``, ``UN``, ``KPA``) match case-sensitively so that the
pronoun "us" is never the United States. Matches go to ``doc.spans["gazetteer"]``, each
labelled with its entity type and carrying the canonical name as ``kb_id_``.
"""

from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.gazetteer import Entry, load_gazetteer
from armswatch.textnorm import fold, nlp_view

SPAN_KEY = "gazetteer"
MAX_EXACT_ALIAS = 5

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
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc


@Language.factory("armswatch_gazetteer", default_config={"gazetteer_dir": ""})
def make_gazetteer_matcher(nlp: Language, name: str, gazetteer_dir: str) -> GazetteerMatcher:
    from pathlib import Path

    return GazetteerMatcher(nlp, load_gazetteer(Path(gazetteer_dir) if gazetteer_dir else None).entries)
