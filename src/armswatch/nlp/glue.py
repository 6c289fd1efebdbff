"""``armswatch_glue_splitter``: split words that scraping glued to a known name, before anything reads the tokens.

Scraped state media loses the spaces around bold or linked names: "ComradeKim Jong Unsent",
"byKim Jong Un", "HEKim Jong Un", "Kim Il Sungand". The tokenizer already splits a lower-case
letter followed by a capital ("Comrade|Kim"); this component splits the rest where the
gazetteer knows the name: a token that ends a multi-word name and runs on in lower case
("Un|sent", after "Kim Jong"), and a token that runs into the first word of one ("HE|Kim",
before "Jong Un"). Only the tokens change, never the text: every offset still points into the
stored text. It runs first, so that the statistical components see the repaired words.
"""

from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Token

from armswatch.gazetteer import load_gazetteer

NAMED_TYPES = {"PERSON", "ORG", "PLACE", "WEAPON", "COUNTRY", "EXERCISE"}


class GlueSplitter:
    def __init__(self, names: list[str]) -> None:
        # a multi-word name's last word → the words before it; its first word → the words after it
        self.before: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.after: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for name in names:
            words = name.split()
            if len(words) > 1 and all(w.isalpha() and w[0].isupper() for w in words):
                self.before[words[-1]].add(tuple(words[:-1]))
                self.after[words[0]].add(tuple(words[1:]))

    def _suffix_cut(self, doc: Doc, token: Token) -> int | None:
        """Where a token that ends a known name runs on in lower case: "Unsent" after "Kim Jong" → 2."""
        text = token.text
        for cut in range(1, len(text)):
            if not text[cut].islower():
                continue
            for words in self.before.get(text[:cut], ()):
                if tuple(t.text for t in doc[max(token.i - len(words), 0):token.i]) == words:
                    return cut
        return None

    def _prefix_cut(self, doc: Doc, token: Token) -> int | None:
        """Where letters run into the first word of a known name: "HEKim" before "Jong Un" → 2."""
        text = token.text
        for cut in range(1, len(text) - 1):
            tail = text[cut:]
            if not (text[cut].isupper() and text[cut - 1].isalpha()):
                continue
            for words in self.after.get(tail, ()):
                if tuple(t.text for t in doc[token.i + 1:token.i + 1 + len(words)]) == words:
                    return cut
        return None

    def __call__(self, doc: Doc) -> Doc:
        cuts = []
        for token in doc:
            if len(token) < 3 or not token.is_alpha:
                continue
            cut = self._suffix_cut(doc, token) if token.text[0].isupper() else None
            if cut is None:
                cut = self._prefix_cut(doc, token)
            if cut is not None:
                cuts.append((token, cut))
        if cuts:
            with doc.retokenize() as retokenizer:
                for token, cut in cuts:
                    retokenizer.split(token, [token.text[:cut], token.text[cut:]], heads=[(token, 1), (token, 1)])
        return doc


@Language.factory("armswatch_glue_splitter", default_config={"gazetteer_dir": ""})
def make_glue_splitter(nlp: Language, name: str, gazetteer_dir: str) -> GlueSplitter:
    from pathlib import Path

    entries = load_gazetteer(Path(gazetteer_dir) if gazetteer_dir else None).entries
    return GlueSplitter([alias for e in entries if e.entity_type in NAMED_TYPES for alias in e.aliases])
