"""``armswatch_demonyms``: nationality words ("North Korean", "russes") as country codes.

They go to ``doc.spans["demonyms"]``, labelled with the ISO alpha-2 code, for the event layer
to tell whose troops, missiles or drills a sentence is about; they are not entity mentions.
"""

import csv

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.nlp.domain import fold_token
from armswatch.settings import gazetteer_path

DEMONYMS_KEY = "demonyms"


class Demonyms:
    def __init__(self, nlp: Language, forms: dict[str, list[str]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for code, names in forms.items():
            patterns = []
            for name in names:
                pattern = nlp.make_doc(name)
                for token in pattern:
                    token.norm_ = fold_token(token.text)
                patterns.append(pattern)
            self.matcher.add(code, patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        doc.spans[DEMONYMS_KEY] = filter_spans(spans)
        return doc


@Language.factory("armswatch_demonyms", default_config={"gazetteer_dir": ""})
def make_demonyms(nlp: Language, name: str, gazetteer_dir: str) -> Demonyms:
    from pathlib import Path

    path = (Path(gazetteer_dir) if gazetteer_dir else gazetteer_path()) / "demonyms.csv"
    forms: dict[str, list[str]] = {}
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                forms[row["code"].strip().upper()] = [x.strip() for x in row["forms"].split("|") if x.strip()]
    return Demonyms(nlp, forms)
