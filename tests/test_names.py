"""Scraped state media on a blank English pipeline: glued names repaired, whole names respected.

Each case comes from real KCNA text (``data/eval``); the gazetteer is a small fixture, so the
tests say what the rules do, whatever ``data/gazetteer`` holds.
"""

from pathlib import Path

import pytest

from armswatch.mentions import doc_mentions
from armswatch.nlp.pipeline import get_pipeline
from armswatch.process import _lookup
from armswatch.textnorm import nlp_view

FILES = {
    "people.csv": ("name,aliases,country,role\n"
                   "Kim Jong Un,,KP,leader\nKim Il Sung,,KP,founder\nKim Song,,KP,ambassador\n"),
    "organisations.csv": (
        "name,aliases,country\n"
        "South Korean Ministry of National Defense,Ministry of National Defence|Ministry of National Defense,KR\n"
        "DPRK Ministry of National Defence,Ministry of National Defence of the DPRK,KP\n"
        "DPRK Ministry of Foreign Affairs,Foreign Ministry of the DPRK|DPRK Foreign Ministry,KP\n"
        "Workers' Party of Korea,WPK,KP\n"
        "Korean Central News Agency,KCNA|Agence centrale de presse nord-coréenne,KP\n"
        "Minju Joson,,KP\n"
    ),
    "places.csv": (
        "name,aliases,country,latitude,longitude,kind,source\n"
        "Pukchang Airfield,Pukchang,KP,39.5,125.96,launch_site,test\n"
        "Hwanghae Province,Hwanghae,KP,38.5,126.0,province,test\n"
        "Uiju County,Uiju,KP,40.03,124.58,county,test\n"
        "Pyongyang,,KP,39.03,125.75,city,test\n"
    ),
    "weapons.csv": "name,aliases,weapon_type,country,source\nUnha-3,Unha,satellite,KP,test\n",
    "not_entities.csv": "phrase,reason\nKorea,not a state\nWomen,a common noun\nCentral Committee,refers back\n",
    "name_heads.csv": (
        "word,lang,entity_type,plural,position\n"
        "County,en,PLACE,counties,end\nFarm,en,PLACE,farms,end\nFactory,en,PLACE,,end\nComplex,en,PLACE,,end\n"
        "Stadium,en,PLACE,,end\nCommittee,en,ORG,,end\nBureau,en,ORG,,end\nInstitute,en,ORG,,end\n"
        "Ministry,en,ORG,,end\nContest,en,NONE,,end\nMt,en,PLACE,,start\nDistrict,en,PLACE,districts,end\n"
    ),
    "surnames.csv": "surname\nKim\nPak\nOm\nRi\n",
}


@pytest.fixture
def nlp(blank_models: Path):
    for name, content in FILES.items():
        (blank_models / name).write_text(content, encoding="utf-8")
    return get_pipeline("en")


def entities(nlp, text: str) -> list[tuple[str, str, str]]:
    """(surface, type, canonical name) of every entity and nested mention, in order."""
    doc = nlp(nlp_view(text))
    return [(m.text, m.entity_type, m.entity) for m in doc_mentions(doc, "a", text, _lookup(None))]


@pytest.mark.parametrize("text", [
    "The respected ComradeKim Jong Unsent gifts to the innovators.",
    "A meeting was held to convey the gifts sent byKim Jong Unto labor innovators.",
    "HEKim Jong Unand the delegation talked.",
    "Pyongyang, August 23 (KCNA) --Kim Jong Un sent a message.",
    "The revolutionary cause pioneered by President Kim Il Sungand developed further.",
    "The respected Comrade Kim Jong Unwho is always with the people.",
])
def test_names_glued_to_words_are_split_and_found_at_their_offsets(nlp, text):
    doc = nlp(nlp_view(text))
    assert doc.text == text  # only the tokens change
    (person,) = [e for e in doc.ents if e.label_ == "PERSON"]
    assert person.kb_id_ in ("Kim Jong Un", "Kim Il Sung")
    assert text[person.start_char:person.end_char] == person.kb_id_


def test_glue_is_split_only_at_a_known_name(nlp):
    words = [t.text for t in nlp("Unification and Unsent letters of Kim Jong.")]
    assert "Unification" in words and "Unsent" in words


def test_a_ministry_named_with_its_country_is_that_countrys(nlp):
    found = entities(nlp, "Kim Kang Il, vice-minister of the Ministry of National Defence of the DPRK, said.")
    assert ("Ministry of National Defence of the DPRK", "ORG", "DPRK Ministry of National Defence") in found
    assert not any(name == "South Korean Ministry of National Defense" for *_, name in found)


@pytest.mark.parametrize(("text", "name", "entity_type", "not_found"), [
    ("Officials of the Unha Trade Bureau met.", "Unha Trade Bureau", "ORG", "Unha-3"),
    ("The Pukchang Thermal Power Complex raised output.", "Pukchang Thermal Power Complex", "PLACE",
     "Pukchang Airfield"),
    ("A secretary of the North Hwanghae Provincial Committee spoke.", "North Hwanghae Provincial Committee", "ORG",
     "Hwanghae Province"),
    ("Flags fluttered in the Pyongyang Indoor Stadium.", "Pyongyang Indoor Stadium", "PLACE", "Pyongyang"),
])
def test_a_name_inside_a_longer_proper_name_is_not_that_entity(nlp, text, name, entity_type, not_found):
    found = entities(nlp, text)
    assert (name, entity_type, name) in found
    assert not any(canonical == not_found for *_, canonical in found)


def test_a_country_or_party_qualifying_an_organisation_still_counts_and_gives_its_country(nlp):
    text = "The Provincial Committee of the WPK and the Institute of the Foreign Ministry of the DPRK met."
    doc = nlp(nlp_view(text))
    mentions = doc_mentions(doc, "a", text, _lookup(None))
    named = {m.entity: m for m in mentions}
    assert {"Provincial Committee of the WPK", "Workers' Party of Korea", "DPRK Ministry of Foreign Affairs",
            "North Korea"} <= set(named)
    assert named["Institute of the Foreign Ministry of the DPRK"].country == "KP"


def test_a_known_persons_name_that_starts_a_longer_korean_name_is_someone_else(nlp):
    found = entities(nlp, "Kim Song Bin met Kim Song in New York.")
    assert ("Kim Song Bin", "PERSON", "Kim Song Bin") in found and ("Kim Song", "PERSON", "Kim Song") in found


def test_coordinated_places_each_get_their_head(nlp):
    found = entities(nlp, "Trucks arrived at Jonchon and Songgan counties and at Kuthan and Yaksan farms.")
    assert [name for *_, name in found] == ["Jonchon County", "Songgan County", "Kuthan Farm", "Yaksan Farm"]


def test_a_county_is_named_as_the_text_names_it_and_occasions_are_no_entities(nlp):
    found = entities(nlp, "Uiju County was flooded. The Fan Contest was held at Mt Paektu.")
    assert [(name, kind) for _, kind, name in found] == [("Uiju County", "PLACE"), ("Mt Paektu", "PLACE")]


@pytest.mark.parametrize("text", ["Korea will be reunified.", "Women worked hard.", "The Central Committee met."])
def test_words_that_are_never_entities(nlp, text):
    assert entities(nlp, text) == []


def test_kcna_by_its_french_name(blank_models):
    for name, content in FILES.items():
        (blank_models / name).write_text(content, encoding="utf-8")
    doc = get_pipeline("fr")(nlp_view("Selon l'Agence centrale de presse nord-coréenne, le tir a eu lieu."))
    assert [e.kb_id_ for e in doc.ents] == ["Korean Central News Agency"]


def test_two_names_joined_by_and_stay_two_and_dates_stay_out_of_names(nlp):
    found = entities(nlp, "Trucks left Yonggwang County and Hungnam District for the February 8 Vinalon Complex. "
                          "The Provincial Committee in December met.")
    assert [name for *_, name in found] == ["Yonggwang County", "Hungnam District", "February 8 Vinalon Complex",
                                            "Provincial Committee"]


def test_a_korean_village_keeps_its_suffix_and_a_numbered_factory_its_number(nlp):
    found = entities(nlp, "Houses rose in Sinmi-ri. The Pyongyang Electric Cable General Factory 326 did well.")
    assert ("Pyongyang Electric Cable General Factory 326", "PLACE", "Pyongyang Electric Cable General Factory 326") \
        in found


def test_a_korean_name_no_model_found_is_a_person(nlp):
    found = entities(nlp, "The delegation led by Ri Ryong Nam arrived. Pak Kum Sol spoke.")
    assert [(name, kind) for _, kind, name in found] == [("Ri Ryong Nam", "PERSON"), ("Pak Kum Sol", "PERSON")]
