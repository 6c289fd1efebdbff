"""What the event decision knows about a candidate: the pipeline's own reading of its clause.

A candidate is a trigger span (``armswatch_event_triggers``), kept or cancelled by the modality
rules. Its features are the trigger's lemma, part of speech, tense and mood, its dependents and
governor, the modality rules' verdict and why, auxiliaries and negation, what its sentence names
(weapons, weapon types, countries), whether the sentence carries a date and an attribution, the
words around it, and the type the rules gave it. Names of particular people, places and weapons
are not features: the decision must hold for articles about other ones.
"""

from spacy.tokens import Span

from armswatch.events.claimant import ATTRIBUTION_WORDS
from armswatch.events.modality import MODALITY_KEY
from armswatch.events.patterns import report_verbs
from armswatch.events.timex import find
from armswatch.textnorm import fold

WINDOW = 3
NAMED = {"PERSON", "ORG", "COUNTRY", "PLACE", "WEAPON", "EXERCISE"}


def _word(token) -> str:
    """A token's lemma, or its entity type when it is part of a name: names are never features."""
    return f"<{token.ent_type_}>" if token.ent_type_ in NAMED else token.lemma_.lower()


def candidate_features(trigger: Span, lang: str, published: str | None) -> dict[str, float]:
    doc, root = trigger.doc, trigger.root
    sentence = trigger.sent
    why = doc.user_data.get(MODALITY_KEY, {}).get((trigger.start, trigger.end), "kept")
    features = {
        f"rule={trigger.label_}": 1.0, f"lang={lang}": 1.0, f"modality={why}": 1.0,
        f"lemma={root.lemma_.lower()}": 1.0, f"pos={root.pos_}": 1.0, f"dep={root.dep_}": 1.0,
        f"rule+lemma={trigger.label_}|{root.lemma_.lower()}": 1.0,
    }
    for key in ("Tense", "VerbForm", "Mood", "Aspect", "Number"):
        for value in root.morph.get(key):
            features[f"{key}={value}"] = 1.0
    if root.head.i != root.i:
        features[f"head={_word(root.head)}"] = 1.0
        features[f"head_dep={root.dep_}|{root.head.pos_}"] = 1.0
        for value in root.head.morph.get("Tense"):
            features[f"head_tense={value}"] = 1.0
    for child in root.children:
        features[f"child={child.dep_}|{_word(child)}"] = 1.0
        features[f"child_dep={child.dep_}"] = 1.0
        if child.dep_ in ("aux", "aux:pass", "auxpass", "neg", "advmod"):
            features[f"{child.dep_}={child.lemma_.lower()}"] = 1.0
    for offset in range(1, WINDOW + 1):
        if trigger.start - offset >= sentence.start:
            features[f"w-{offset}={_word(doc[trigger.start - offset])}"] = 1.0
        if trigger.end - 1 + offset < sentence.end:
            features[f"w+{offset}={_word(doc[trigger.end - 1 + offset])}"] = 1.0
    kinds = {e.label_ for e in sentence.ents}
    for kind in kinds:
        features[f"names={kind}"] = 1.0
    features["countries"] = float(min(sum(e.label_ == "COUNTRY" for e in sentence.ents), 3))
    features["lead"] = float(sentence.start == 0)
    features["dated"] = float(bool(find(sentence.text, lang, published)))
    features["quoted"] = float(any(t.is_quote for t in sentence))
    said = report_verbs(lang)
    features["said"] = float(any(t.lower_ in ATTRIBUTION_WORDS or fold(t.text) in said for t in sentence))
    return features
