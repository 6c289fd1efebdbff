"""Who says an event happened: the claimant, as distinct from the actor.

"South Korea's Joint Chiefs of Staff said North Korea fired..." is North Korea's test (the actor,
from inside the reported clause) claimed by the Joint Chiefs of Staff. The claimant is found, in
the trigger's sentence, as:

- the object of "according to", "selon", "d'après", "citing" ("selon l'armée sud-coréenne");
- the subject of a reporting verb (the ``report`` cues of ``data/events/modality.csv``) whose
  complement clause holds the trigger ("X said Y fired"), or that is attached beside the
  trigger's clause ("Y a tiré un missile, a indiqué X");

and, when the sentence names no one, the article's own source ("KCNA", "Yonhap"). A pronoun
("it said") is no name: the source stands for it.
"""

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from armswatch.gazetteer import Entry
from armswatch.nlp.domain import is_parsed
from armswatch.textnorm import fold

ATTRIBUTION_WORDS = {"according", "selon", "d'après", "citing", "cited"}
SPEECH_DEPS = {"ccomp", "parataxis"}
CLAUSE_DEPS = {"relcl", "acl:relcl", "acl", "appos", "parataxis", "advcl"}
NAMING_DEPS = {"compound", "amod", "poss", "nmod"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass"}
LEADING = {"the", "a", "an", "le", "la", "les", "l'", "un", "une", "des", "to", "of", "de", "d'", "du"}
MAX_TOKENS = 12


@dataclass(frozen=True, slots=True)
class Claim:
    text: str  # as the sentence writes it, or the article's source
    start: int  # token range of the claimant in the doc; start == end when it is the source
    end: int
    aside: bool = False  # "according to X", "selon X": X sits inside the event's own clause


def find_claimant(trigger: Span, report_verbs: frozenset[str], source: str) -> Claim:
    """The claimant of the event at ``trigger``; the article's ``source`` when the sentence names none."""
    if is_parsed(trigger.doc):
        phrase = _according_to(trigger) or _speaker(trigger, report_verbs)
        if phrase is not None:
            return phrase
    return Claim(source.strip(), trigger.start, trigger.start)


def _phrase(tokens: list[Token]) -> Claim | None:
    if not tokens:
        return None
    tokens = sorted(tokens, key=lambda t: t.i)
    doc = tokens[0].doc
    # a word the parser cut and hung elsewhere ("état-major"): the glued pieces belong to the name,
    # with the words that name the last piece ("l'état-major sud-coréen", the parser's "major sud-coréen")
    while tokens[0].i > tokens[0].sent.start and not doc[tokens[0].i - 1].whitespace_:
        tokens.insert(0, doc[tokens[0].i - 1])
    glued = None
    while tokens[-1].i + 1 < len(doc) and not tokens[-1].whitespace_ and _word_piece(doc[tokens[-1].i + 1]):
        tokens.append(glued := doc[tokens[-1].i + 1])
    if glued is not None:
        tokens += [t for right in glued.rights if right.dep_.split(":")[0] in NAMING_DEPS | {"flat"}
                   for t in right.subtree if t.i > tokens[-1].i]
    breaks = [k for k, t in enumerate(tokens) if t.is_space or "\n" in t.whitespace_]
    if breaks:  # a line break inside: the name is on the line that holds the verb's subject head
        tokens = tokens[breaks[-1] + 1:]
    while tokens and (tokens[0].lower_ in LEADING or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or all(t.pos_ == "PRON" for t in tokens):
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    if end - start > MAX_TOKENS:  # a long subject: its head noun and the words that name it
        head = doc[start:end].root
        named = [t.i for left in head.lefts if left.dep_ in NAMING_DEPS for t in left.subtree]
        start, end = max(start, min([head.i, *named])), head.i + 1
    return Claim(doc[start:end].text, start, end)


def _word_piece(token: Token) -> bool:
    """A piece of a word the tokenizer cut: letters or digits, or the hyphen joining them."""
    return token.is_alpha or token.is_digit or token.text in {"-", "‑"}


def _according_to(trigger: Span) -> Claim | None:
    for token in trigger.sent:
        if token.dep_ == "fixed" and token.head.lower_ in {"d'", "d’"}:  # "d'après": the pair is one word
            token = token.head
        elif token.lower_ not in ATTRIBUTION_WORDS:
            continue
        # "according to X": X is the object of "to"; "selon X": "selon" hangs from X
        objects = [g for c in token.children for g in c.children if g.dep_ == "pobj"] or \
                  [c for c in token.children if c.dep_ in {"pobj", "dobj", "obj"}]
        if objects:
            phrase = _phrase(_named_by(objects[0]))
        elif token.dep_ == "case" and token.head.i != trigger.root.i:
            marker = {token.i, *(c.i for c in token.children)}
            phrase = _phrase([t for t in _named_by(token.head) if t.i not in marker])
        else:
            continue
        return replace(phrase, aside=True) if phrase else None
    return None


def _speaker(trigger: Span, report_verbs: frozenset[str]) -> Claim | None:
    node = trigger.root
    for _ in range(6):
        for child in node.children:  # "Y a tiré, a indiqué X"
            if (child.dep_ in {"parataxis", "advcl"} and fold(child.text) in report_verbs
                    and (claim := _subject(child))):
                return claim
        if node.head.i == node.i:
            return None
        if node.dep_ in SPEECH_DEPS and fold(node.head.text) in report_verbs:  # "X said Y fired"
            return _subject(node.head)
        node = node.head
    return None


def _subject(verb: Token) -> Claim | None:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    return _phrase(_named_by(subjects[0])) if subjects else None


def _named_by(head: Token) -> list[Token]:
    """A noun phrase without the clauses hung on it: "NIS, qui a publié des images" is the NIS."""
    if head.pos_ == "PRON":  # "it said", "elle a indiqué": no name
        return []
    clauses = [c for c in head.children if c.dep_ in CLAUSE_DEPS]
    dropped = {t.i for c in clauses for t in c.subtree}
    return [t for t in head.subtree if t.i not in dropped]


_source_countries: dict[int, tuple[dict, dict[str, str]]] = {}


def source_country(source: str, lookup: dict[tuple[str, str], Entry]) -> str:
    """The country of a source the gazetteer knows as an organisation ("KCNA": KP, "Yonhap": KR)."""
    cached = _source_countries.get(id(lookup))
    if cached is None or cached[0] is not lookup:  # one index per gazetteer, built on first use
        index = {fold(name): entry.country for (kind, _), entry in lookup.items()
                 if kind == "ORG" and entry.country for name in (entry.name, *entry.aliases)}
        cached = _source_countries[id(lookup)] = (lookup, index)
    return cached[1].get(fold(source.strip()), "")
