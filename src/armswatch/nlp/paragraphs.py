"""``armswatch_paragraphs``: a sentence starts after a line break that ends a sentence.

Scraped and pasted articles keep their paragraphs as line breaks, and the statistical parsers
sometimes run a sentence on into the next paragraph ("…contre l'Ukraine.\\nEntre le 8 et le 13
octobre, …"), so that an event takes its actor or date from another paragraph. Placed before the
parser, which keeps boundaries set before it. A line break inside a sentence (hard-wrapped text)
is not a boundary: the break must follow sentence-final punctuation, or be a blank line.
"""

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_FINAL = {".", "!", "?", "…", ":", ";", "»", '"', "”", ")"}


@Language.component("armswatch_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    for token in doc[1:-1]:
        if token.is_space and "\n" in token.text:
            before = doc[token.i - 1].text[-1:]
            if before in SENTENCE_FINAL or token.text.count("\n") > 1:
                doc[token.i + 1].is_sent_start = True
    return doc
