"""``armswatch_event_triggers``: words that report an event, typed by what their sentence mentions.

A phrase of ``data/events/triggers.csv`` becomes a trigger span in ``doc.spans["event_triggers"]``
labelled with the first event type (in file order) whose requirement the sentence meets: a
weapon type among the sentence's entities, or an entity type. Matching runs on the folded
token norms the gazetteer component wrote, so it ignores case and accents the same way.
"""

from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.events.patterns import TriggerRule, load_triggers
from armswatch.gazetteer import WEAPON_TYPES
from armswatch.nlp.domain import WEAPON_TYPES_KEY, fold_token, is_parsed
from armswatch.nlp.linker import DETERMINED_KEY

TRIGGERS_KEY = "event_triggers"
HEAD_MODIFIERS = {"compound", "amod", "nmod", "nummod", "det"}
HEAD_ARGUMENTS = {"nsubj", "nsubjpass", "nsubj:pass", "obj", "dobj"}
WEAPON_FEATURES = {*WEAPON_TYPES, "@WEAPON"}


def neighbourhood(trigger: Span, scope: str) -> set[int]:
    """The tokens a trigger's requirement is checked on: with a parse, the trigger's phrase and
    its head ("les livraisons de pétrole" is not a delivery of the ICBM named later in the
    sentence; "a missile launched from Sunan" is a launch of the missile); else the sentence."""
    if scope == "sentence" or not is_parsed(trigger.doc):
        return set(range(trigger.sent.start, trigger.sent.end))
    root = trigger.root
    tokens = {t.i for token in trigger for t in token.subtree} | {root.head.i}
    for child in root.head.children:
        if child.dep_ in HEAD_ARGUMENTS:  # "photos showed the hull of a submarine"
            tokens |= {t.i for t in child.subtree}
        elif child.dep_ in HEAD_MODIFIERS:
            tokens.add(child.i)
    return tokens


def sentence_names(doc: Doc) -> dict[int, list[Span]]:
    """Entities and determined weapon types by the start of their sentence, gathered once per doc
    (``Span.ents`` scans the whole doc on every call: quadratic in a long article)."""
    names: dict[int, list[Span]] = defaultdict(list)
    for span in [*doc.ents, *doc.spans.get(DETERMINED_KEY, [])]:
        names[span.sent.start].append(span)
    return names


def features(trigger: Span, scope: str, names: dict[int, list[Span]]) -> set[str]:
    """What a trigger's neighbourhood mentions, in the terms ``requires`` uses: weapon types,
    @ENTITY_TYPEs and =words. ``names`` comes from ``sentence_names``."""
    doc = trigger.doc
    named_types = doc.user_data.get(WEAPON_TYPES_KEY, {})
    tokens = neighbourhood(trigger, scope)
    found = {f"={doc[i].norm_}" for i in tokens}
    for ent in names.get(trigger.sent.start, []):
        if not tokens.intersection(range(ent.start, ent.end)):
            continue
        found.add(f"@{ent.label_}")
        if ent.label_ == "WEAPON_TYPE":
            found.add(ent.kb_id_)
        elif ent.label_ == "WEAPON" and named_types.get(ent.kb_id_):
            found.add(named_types[ent.kb_id_])
    return found


class EventTriggers:
    def __init__(self, nlp: Language, rules: list[tuple[str, TriggerRule]]) -> None:
        self.lang = nlp.lang
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.rules: dict[str, list[TriggerRule]] = defaultdict(list)
        for phrase, rule in rules:
            if rule.lang != self.lang:
                continue
            pattern = nlp.make_doc(phrase)
            key = " ".join(fold_token(t.text) for t in pattern)
            if key not in self.rules:
                for token in pattern:
                    token.norm_ = fold_token(token.text)
                self.matcher.add(key, [pattern])
            self.rules[key].append(rule)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        names: dict[int, list[Span]] | None = None
        for match_id, start, end in self.matcher(doc):
            if doc[start:end].root.dep_ == "compound":  # "test-flight image", "launch site": a modifier
                continue
            mentioned: dict[str, set[str]] = {}
            for rule in self.rules[doc.vocab.strings[match_id]]:
                for scope in {rule.scope, "phrase"} if rule.requires else ():
                    if scope not in mentioned:
                        names = sentence_names(doc) if names is None else names
                        mentioned[scope] = features(doc[start:end], scope, names)
                # a weapon in the trigger's own phrase decides: "the test-flight image of B-21 Raider"
                # is not a missile test because the sentence names an ICBM elsewhere
                own = mentioned.get("phrase", set()) & WEAPON_FEATURES
                if rule.requires and own and not own & rule.requires:
                    continue
                if not rule.requires or rule.requires & mentioned[rule.scope]:
                    spans.append(Span(doc, start, end, label=rule.event_type))
                    break
        doc.spans[TRIGGERS_KEY] = filter_spans(spans)
        return doc


@Language.factory("armswatch_event_triggers", default_config={"events_dir": ""})
def make_event_triggers(nlp: Language, name: str, events_dir: str) -> EventTriggers:
    from pathlib import Path

    return EventTriggers(nlp, load_triggers(Path(events_dir) if events_dir else None))
