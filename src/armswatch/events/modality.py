"""``armswatch_event_modality``: drop triggers that report no actual event.

A cue of ``data/events/modality.csv`` (hedge, plan, denial, trend) cancels a trigger when it
governs it: walking up the dependency tree from the trigger, within its clause, a cue that is
the trigger's head or one of the heads' dependents before the trigger. The walk stops at a
clause boundary (adverbial, relative and coordinated clauses); at a complement clause it only
checks the governing verb itself, so "denied that it had supplied" is cancelled while "said it
had tested" is not. Without a parse, a cue among the six tokens before the trigger cancels it.
So does a trigger whose verb is in the future tense, and a noun trigger with a demonstrative
("these drills", "ce tir"), which points back to an event already reported. Cancelled
triggers move to ``doc.spans["event_triggers_cancelled"]``.
"""

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from armswatch.events.patterns import load_cues
from armswatch.events.triggers import TRIGGERS_KEY
from armswatch.nlp.domain import fold_token, is_parsed

CANCELLED_KEY = "event_triggers_cancelled"
MODALITY_KEY = "armswatch_modality"  # doc.user_data: (start, end) of a cancelled trigger → "cue", "future", "anaphoric"
DEMONSTRATIVES = {"this", "these", "that", "those", "ce", "cet", "cette", "ces"}
BOUNDARIES = {"advcl", "relcl", "acl:relcl", "parataxis", "acl"}
COMPLEMENTS = {"ccomp"}
WINDOW = 6


class EventModality:
    def __init__(self, nlp: Language, cues: list[tuple[str, str, str]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for lang, cue, kind in cues:
            if lang == nlp.lang and kind not in {"report", "observe"}:  # who tells or sees it: no doubt
                pattern = nlp.make_doc(cue)
                for token in pattern:
                    token.norm_ = fold_token(token.text)
                self.matcher.add("CUE", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        triggers = list(doc.spans.get(TRIGGERS_KEY, []))
        if not triggers:
            return doc
        cue_heads = {doc[start:end].root.i for _, start, end in self.matcher(doc)}
        parsed = is_parsed(doc)
        kept, cancelled, why = [], [], {}
        for trigger in triggers:
            governed = self._governed(trigger, cue_heads) if parsed else self._near(trigger, cue_heads)
            reason = "cue" if governed else "future" if _future(trigger) else "anaphoric" if _anaphoric(trigger) else ""
            if reason:
                cancelled.append(trigger)
                why[(trigger.start, trigger.end)] = reason
            else:
                kept.append(trigger)
        doc.spans[TRIGGERS_KEY] = kept
        doc.spans[CANCELLED_KEY] = cancelled
        doc.user_data[MODALITY_KEY] = why
        return doc

    @staticmethod
    def _governed(trigger: Span, cue_heads: set[int]) -> bool:
        node: Token = trigger.root
        while True:
            if node.i in cue_heads and node.i not in range(trigger.start, trigger.end):
                return True
            if any(child.i in cue_heads and child.i < trigger.start for child in node.children):
                return True
            # a modal scopes over what is coordinated with its verb ("could test, or even resume...")
            if node.dep_ in BOUNDARIES or node.head.i == node.i:
                return False
            if node.dep_ in COMPLEMENTS:
                return node.head.i in cue_heads
            node = node.head

    @staticmethod
    def _near(trigger: Span, cue_heads: set[int]) -> bool:
        start = max(trigger.sent.start, trigger.start - WINDOW)
        return any(i in cue_heads for i in range(start, trigger.start))


def _future(trigger: Span) -> bool:
    """A verb in the future tense ("organiseront", "testera") reports a plan, not an event."""
    node = trigger.root
    verbs = [node, node.head] if node.pos_ not in {"VERB", "AUX"} else [node]
    verbs += [c for v in verbs for c in v.children if c.dep_.startswith("aux")]
    return any("Fut" in v.morph.get("Tense") for v in verbs)


def _anaphoric(trigger: Span) -> bool:
    """"these drills", "ce tir": a demonstrative points back to an event reported already."""
    return any(c.lower_ in DEMONSTRATIVES and c.i < trigger.start for c in trigger.root.children)


@Language.factory("armswatch_event_modality", default_config={"events_dir": ""})
def make_event_modality(nlp: Language, name: str, events_dir: str) -> EventModality:
    from pathlib import Path

    return EventModality(nlp, load_cues(Path(events_dir) if events_dir else None))
