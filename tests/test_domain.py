"""The domain layer on blank spaCy pipelines: gazetteer matching and entity linking."""

from pathlib import Path

import pytest
import spacy

from armswatch.gazetteer import load_gazetteer
from armswatch.mentions import doc_mentions
from armswatch.nlp.pipeline import add_domain_layer
from armswatch.textnorm import nlp_view

GAZETTEER = Path(__file__).parent / "fixtures" / "gazetteer"


@pytest.fixture(scope="module", params=["en", "fr"])
def nlp(request):
    pipeline = spacy.blank(request.param)
    pipeline.add_pipe("sentencizer")
    return add_domain_layer(pipeline, str(GAZETTEER))


def ents(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(nlp_view(text))
    return [(text[e.start_char:e.end_char], e.label_, e.kb_id_) for e in doc.ents]


def test_spelling_variants_link_to_one_canonical_entity(nlp):
    found = ents(nlp, "Hwasong-19, HWASONG 19, Hwasŏng-19, Hwasongpho-19 and hwasong19.")
    assert [kb for _, _, kb in found] == ["Hwasong-19"] * 5
    assert {label for _, label, _ in found} == {"WEAPON"}


def test_french_names_link_to_english_canonical_names(nlp):
    found = ents(nlp, "Poutine est allé à Koursk, puis en Corée du Nord.")
    assert [(surface, kb) for surface, _, kb in found] == [
        ("Poutine", "Vladimir Putin"), ("Koursk", "Kursk"), ("Corée du Nord", "North Korea"),
    ]


def test_french_elision_with_typographic_apostrophe():
    nlp = add_domain_layer(spacy.blank("fr"), str(GAZETTEER))
    nlp.add_pipe("sentencizer", first=True)
    assert ents(nlp, "Il s’est adressé à l’ONU et qu’il parte d’Corée du Nord.") == [
        ("ONU", "ORG", "United Nations"), ("Corée du Nord", "COUNTRY", "North Korea"),
    ]


def test_short_capital_aliases_are_case_sensitive(nlp):
    assert ents(nlp, "Let us meet the US envoy.") == [("US", "COUNTRY", "United States")]


def test_longest_name_wins(nlp):
    found = ents(nlp, "Le Conseil de sécurité de l’ONU a voté.")
    assert found == [("Conseil de sécurité de l’ONU", "ORG", "United Nations Security Council")]


def test_generic_weapon_phrases_map_to_a_weapon_type(nlp):
    found = ents(nlp, "It fired intercontinental ballistic missiles and an ICBM; Pyongyang envoie des obus.")
    assert [(s, label, kb) for s, label, kb in found if label == "WEAPON_TYPE"] == [
        ("intercontinental ballistic missiles", "WEAPON_TYPE", "icbm"),
        ("ICBM", "WEAPON_TYPE", "icbm"),
        ("obus", "WEAPON_TYPE", "artillery"),
    ]


def test_mentions_carry_offsets_sentence_and_gazetteer_attributes(nlp):
    text = "Rien à signaler. Des troupes sont arrivées à Koursk l’été dernier."
    doc = nlp(nlp_view(text))
    lookup = load_gazetteer(GAZETTEER).lookup()
    (mention,) = doc_mentions(doc, "a1", text, lookup)
    assert text[mention.start:mention.end] == "Koursk" == mention.text
    assert mention.sentence == "Des troupes sont arrivées à Koursk l’été dernier."
    assert (mention.entity, mention.country, mention.latitude, mention.longitude) == ("Kursk", "RU", 51.73, 36.19)


def test_statistical_entities_are_cleaned_and_bare_surnames_linked():
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")  # stands in for a statistical NER
    ruler.add_patterns([
        {"label": "PER", "pattern": [{"LOWER": "l'"}, {"TEXT": "Ouchakov"}]},
        {"label": "PER", "pattern": [{"TEXT": "Iouri"}, {"TEXT": "Ouchakov"}]},
        {"label": "PER", "pattern": [{"TEXT": "Kim"}]},
        {"label": "LOC", "pattern": [{"LOWER": "d'"}, {"TEXT": "Ukraine"}]},
        {"label": "MISC", "pattern": [{"TEXT": "Juche"}]},
    ])
    add_domain_layer(nlp, str(GAZETTEER))
    found = ents(nlp, "Iouri Ouchakov a parlé. Kim Jong-un a reçu l'Ouchakov. Kim a parlé d'Ukraine et du Juche.")
    assert found == [
        ("Iouri Ouchakov", "PERSON", "Iouri Ouchakov"),
        ("Kim Jong-un", "PERSON", "Kim Jong Un"),
        ("Ouchakov", "PERSON", "Iouri Ouchakov"),
        ("Kim", "PERSON", "Kim Jong Un"),
        ("Ukraine", "PLACE", "Ukraine"),
    ]


def test_gazetteer_errors_name_file_and_line(tmp_path):
    for f in GAZETTEER.iterdir():
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "places.csv").open("a", encoding="utf-8") as f:
        f.write("Nowhere,,KP,north,125.0,city,public\n")
    from armswatch.errors import ArmswatchError

    with pytest.raises(ArmswatchError, match=r"\[E301\].*places.csv, line 5: latitude 'north' is not a number"):
        load_gazetteer(tmp_path)


def test_a_line_break_after_a_full_stop_or_a_blank_line_starts_a_sentence():
    import armswatch.nlp.paragraphs  # noqa: F401  (registers the component)

    nlp = spacy.blank("fr")
    nlp.add_pipe("armswatch_paragraphs")
    doc = nlp("Il a tiré contre l'Ukraine.\nEntre le 8 et le 13 octobre, des navires\nrusses sont partis."
              "\n\nTitre sans point")
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0]
    assert starts == ["Entre", "Titre"]  # the hard-wrapped "navires\nrusses" goes on
