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
from armswatch.nlp.domain import WEAPON_TYPES_KEY, fold_token

TRIGGERS_KEY = "event_triggers"


def sentence_features(sentence: Span) -> set[str]:
    """What a sentence mentions, in the terms ``requires`` uses: weapon types and @ENTITY_TYPEs."""
    named_types = sentence.doc.user_data.get(WEAPON_TYPES_KEY, {})
    features = set()
    for ent in sentence.ents:
        features.add(f"@{ent.label_}")
        if ent.label_ == "WEAPON_TYPE":
            features.add(ent.kb_id_)
        elif ent.label_ == "WEAPON" and named_types.get(ent.kb_id_):
            features.add(named_types[ent.kb_id_])
    return features


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
        features: dict[int, set[str]] = {}
        spans = []
        for match_id, start, end in self.matcher(doc):
            sentence = doc[start].sent
            if sentence.start not in features:
                features[sentence.start] = sentence_features(sentence)
            for rule in self.rules[doc.vocab.strings[match_id]]:
                if not rule.requires or rule.requires & features[sentence.start]:
                    spans.append(Span(doc, start, end, label=rule.event_type))
                    break
        doc.spans[TRIGGERS_KEY] = filter_spans(spans)
        return doc


@Language.factory("armswatch_event_triggers", default_config={"events_dir": ""})
def make_event_triggers(nlp: Language, name: str, events_dir: str) -> EventTriggers:
    from pathlib import Path

    return EventTriggers(nlp, load_triggers(Path(events_dir) if events_dir else None))
