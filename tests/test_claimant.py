"""Who says it: the claimant of an event, from parses written by hand (no trained model)."""

import spacy
from spacy.tokens import Doc, Span

from armswatch.events.claimant import find_claimant

SAID = frozenset({"said", "indique"})  # folded forms, as report_verbs() gives them


def parsed(lang: str, rows: list[tuple[str, int, str]], pronouns: tuple[str, ...] = ()) -> Doc:
    """A doc from (word, head index, dependency) rows; ``pronouns`` are tagged PRON."""
    words, heads, deps = (list(column) for column in zip(*rows, strict=True))
    spaces = [not following.startswith(("'", ",", ".")) for following in words[1:]] + [False]
    pos = ["PRON" if w in pronouns else "X" for w in words]
    return Doc(spacy.blank(lang).vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)


def trigger(doc: Doc, word: str) -> Span:
    i = next(t.i for t in doc if t.text == word)
    return doc[i:i + 1]


def test_the_speaker_of_a_reported_clause_is_the_claimant_not_the_actor():
    doc = parsed("en", [("South", 1, "compound"), ("Korea", 4, "poss"), ("'s", 1, "case"), ("Joint", 4, "compound"),
                        ("Chiefs", 7, "nsubj"), ("of", 4, "prep"), ("Staff", 5, "pobj"), ("said", 7, "ROOT"),
                        ("North", 9, "compound"), ("Korea", 10, "nsubj"), ("fired", 7, "ccomp"),
                        ("a", 12, "det"), ("missile", 10, "dobj"), (".", 7, "punct")])
    claim = find_claimant(trigger(doc, "fired"), SAID, "Yonhap")
    assert claim.text == "South Korea's Joint Chiefs of Staff"
    assert (claim.start, claim.end, claim.aside) == (0, 7, False)


def test_a_speaker_after_the_clause_in_french():
    # "La Corée du Nord a tiré un missile, a indiqué le ministère japonais."
    doc = parsed("fr", [("La", 1, "det"), ("Corée", 5, "nsubj"), ("du", 3, "case"), ("Nord", 1, "nmod"),
                        ("a", 5, "aux:tense"), ("tiré", 5, "ROOT"), ("un", 7, "det"), ("missile", 5, "obj"),
                        (",", 5, "punct"), ("a", 10, "aux:tense"), ("indiqué", 5, "parataxis"), ("le", 12, "det"),
                        ("ministère", 10, "nsubj"), ("japonais", 12, "amod"), (".", 5, "punct")])
    assert find_claimant(trigger(doc, "tiré"), SAID, "Le Monde").text == "ministère japonais"


def test_according_to_sits_aside_in_the_events_own_clause():
    doc = parsed("en", [("According", 6, "prep"), ("to", 0, "prep"), ("the", 3, "det"), ("ministry", 1, "pobj"),
                        (",", 6, "punct"), ("Pyongyang", 6, "nsubj"), ("fired", 6, "ROOT"), ("two", 8, "nummod"),
                        ("missiles", 6, "dobj"), (".", 6, "punct")])
    claim = find_claimant(trigger(doc, "fired"), SAID, "Yonhap")
    assert (claim.text, claim.aside) == ("ministry", True)


def test_selon_names_the_claimant_in_french():
    doc = parsed("fr", [("Selon", 2, "case"), ("l'", 2, "det"), ("armée", 7, "obl:mod"), ("sud-coréenne", 2, "amod"),
                        (",", 7, "punct"), ("Pyongyang", 7, "nsubj"), ("a", 7, "aux:tense"), ("tiré", 7, "ROOT"),
                        (".", 7, "punct")])
    claim = find_claimant(trigger(doc, "tiré"), SAID, "Le Monde")
    assert (claim.text, claim.aside) == ("armée sud-coréenne", True)



def test_a_name_the_parser_cut_at_its_hyphen_is_read_whole():
    # "Pyongyang a tiré, selon l'état-major sud-coréen.": the parser hangs "major sud-coréen" elsewhere
    words = ["Pyongyang", "a", "tiré", ",", "selon", "l'", "état", "-", "major", "sud-coréen", "."]
    spaces = [True, True, False, True, True, False, False, False, True, False, False]
    heads = [2, 2, 2, 2, 6, 6, 2, 8, 8, 8, 8]
    deps = ["nsubj", "aux:tense", "ROOT", "punct", "case", "det", "obl:mod", "punct", "ROOT", "flat:name", "punct"]
    doc = Doc(spacy.blank("fr").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=["X"] * len(words))
    claim = find_claimant(trigger(doc, "tiré"), SAID, "Le Monde")
    assert (claim.text, claim.aside) == ("état-major sud-coréen", True)

def test_without_a_named_speaker_the_articles_source_claims_it():
    own = parsed("en", [("Pyongyang", 1, "nsubj"), ("fired", 1, "ROOT"), ("two", 3, "nummod"), ("missiles", 1, "dobj")])
    assert find_claimant(trigger(own, "fired"), SAID, " KCNA ").text == "KCNA"
    pronoun = parsed("en", [("It", 1, "nsubj"), ("said", 1, "ROOT"), ("Pyongyang", 3, "nsubj"),
                            ("fired", 1, "ccomp"), ("missiles", 3, "dobj")], pronouns=("It",))
    claim = find_claimant(trigger(pronoun, "fired"), SAID, "KCNA")
    assert claim.text == "KCNA" and claim.start == claim.end


def test_without_a_parse_the_source_claims_it():
    doc = spacy.blank("en")("Seoul said Pyongyang fired two missiles.")
    doc[0].is_sent_start = True
    assert find_claimant(doc[3:4], SAID, "Yonhap").text == "Yonhap"


def test_a_speaker_phrase_that_runs_over_a_line_break_keeps_its_own_line():
    doc = parsed("en", [("20", 4, "nummod"), (":", 4, "punct"), ("\n", 4, "dep"), ("The", 4, "det"),
                        ("agency", 5, "nsubj"), ("said", 5, "ROOT"), ("Pyongyang", 7, "nsubj"), ("fired", 5, "ccomp")])
    assert find_claimant(trigger(doc, "fired"), SAID, "KCNA").text == "agency"


def test_a_clause_hung_on_the_speaker_is_not_part_of_its_name():
    doc = parsed("en", [("The", 1, "det"), ("NIS", 6, "nsubj"), (",", 1, "punct"), ("which", 4, "nsubj"),
                        ("released", 1, "relcl"), ("images", 4, "dobj"), ("said", 6, "ROOT"), ("Pyongyang", 8, "nsubj"),
                        ("fired", 6, "ccomp")])
    assert find_claimant(trigger(doc, "fired"), SAID, "Yonhap").text == "NIS"
