"""Split words that scraping glued to a known name, as the text is tokenized.

Scraped state media loses the spaces around bold or linked names: "ComradeKim Jong Unsent",
"byKim Jong Un", "HEKim Jong Un", "Kim Il Sungand". The tokenizer already splits a lower-case
letter followed by a capital ("Comrade|Kim"); ``GlueSplitter`` wraps it and splits the rest where
the gazetteer knows the name: a token that ends a multi-word name and runs on in lower case
("Un|sent", after "Kim Jong"), and a token that runs into the first word of one ("HE|Kim", before
"Jong Un"). Only the tokens change, never the text: every offset still points into the stored
text, and every component, the statistical ones first, reads the repaired words.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

NAMED_TYPES = {"PERSON", "ORG", "PLACE", "WEAPON", "COUNTRY", "EXERCISE"}


class GlueSplitter:
    """A tokenizer: the wrapped tokenizer's tokens, with glued names split off."""

    def __init__(self, tokenizer: Callable[[str], Doc], names: Iterable[str]) -> None:
        self.tokenizer = tokenizer
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
                before = [t.text for t in doc[max(token.i - len(words), 0):token.i]]
                # the name's first word may itself be glued to what precedes it: "HEKim Jong Unand"
                if len(before) == len(words) and before[1:] == list(words[1:]) and before[0].endswith(words[0]):
                    return cut
        return None

    def _prefix_cut(self, doc: Doc, token: Token) -> int | None:
        """Where letters or dashes run into the first word of a known name: "HEKim" before "Jong Un" → 2."""
        text = token.text
        for cut in range(1, len(text) - 1):
            tail = text[cut:]
            if not text[cut].isupper():  # "HE|Kim", "by|Kim", "--|Kim"
                continue
            for words in self.after.get(tail, ()):
                after = [t.text for t in doc[token.i + 1:token.i + 1 + len(words)]]
                # the name's last word may itself be glued to what follows it: "HEKim Jong Unand"
                if len(after) == len(words) and after[:-1] == list(words[:-1]) and after[-1].startswith(words[-1]):
                    return cut
        return None

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        cuts = {}
        for token in doc:
            if len(token) < 3 or not any(c.isalpha() for c in token.text):
                continue
            cut = self._suffix_cut(doc, token) if token.text[0].isupper() else None
            if cut is None:
                cut = self._prefix_cut(doc, token)
            if cut is not None:
                cuts[token.i] = cut
        if not cuts:
            return doc
        words, spaces = [], []
        for token in doc:
            if token.i in cuts:
                words += [token.text[:cuts[token.i]], token.text[cuts[token.i]:]]
                spaces += [False, bool(token.whitespace_)]
            else:
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        return Doc(doc.vocab, words=words, spaces=spaces)
