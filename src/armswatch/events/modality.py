"""``armswatch_event_modality``: drop triggers that report no actual event.

A cue of ``data/events/modality.csv`` (hedge, plan, denial, trend) cancels a trigger when it
governs it: walking up the dependency tree from the trigger, within its clause, a cue that is
the trigger's head or one of the heads' dependents before the trigger. The walk stops at a
clause boundary (adverbial, relative and coordinated clauses); at a complement clause it only
checks the governing verb itself, so "denied that it had supplied" is cancelled while "said it
had tested" is not. Without a parse, a cue among the six tokens before the trigger cancels it.
Cancelled triggers move to ``doc.spans["event_triggers_cancelled"]``.
"""

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from armswatch.events.patterns import load_cues
from armswatch.events.triggers import TRIGGERS_KEY
from armswatch.nlp.domain import fold_token

CANCELLED_KEY = "event_triggers_cancelled"
BOUNDARIES = {"advcl", "relcl", "acl:relcl", "parataxis", "acl"}
VERBS = {"VERB", "AUX"}
COMPLEMENTS = {"ccomp"}
WINDOW = 6


class EventModality:
    def __init__(self, nlp: Language, cues: list[tuple[str, str, str]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for lang, cue, _ in cues:
            if lang == nlp.lang:
                pattern = nlp.make_doc(cue)
                for token in pattern:
                    token.norm_ = fold_token(token.text)
                self.matcher.add("CUE", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        triggers = list(doc.spans.get(TRIGGERS_KEY, []))
        if not triggers:
            return doc
        cue_heads = {doc[start:end].root.i for _, start, end in self.matcher(doc)}
        parsed = doc.has_annotation("DEP")
        kept, cancelled = [], []
        for trigger in triggers:
            governed = self._governed(trigger, cue_heads) if parsed else self._near(trigger, cue_heads)
            (cancelled if governed else kept).append(trigger)
        doc.spans[TRIGGERS_KEY] = kept
        doc.spans[CANCELLED_KEY] = cancelled
        return doc

    @staticmethod
    def _governed(trigger: Span, cue_heads: set[int]) -> bool:
        node: Token = trigger.root
        while True:
            if node.i in cue_heads and node.i not in range(trigger.start, trigger.end):
                return True
            if any(child.i in cue_heads and child.i < trigger.start for child in node.children):
                return True
            # coordinated clauses are separate statements; coordinated nouns share their head's modality
            if node.dep_ in BOUNDARIES or (node.dep_ == "conj" and node.pos_ in VERBS) or node.head.i == node.i:
                return False
            if node.dep_ in COMPLEMENTS:
                return node.head.i in cue_heads
            node = node.head

    @staticmethod
    def _near(trigger: Span, cue_heads: set[int]) -> bool:
        start = max(trigger.sent.start, trigger.start - WINDOW)
        return any(i in cue_heads for i in range(start, trigger.start))


@Language.factory("armswatch_event_modality", default_config={"events_dir": ""})
def make_event_modality(nlp: Language, name: str, events_dir: str) -> EventModality:
    from pathlib import Path

    return EventModality(nlp, load_cues(Path(events_dir) if events_dir else None))
