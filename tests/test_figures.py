"""The figures a report gives of a launch, and how an incident shows each claimant's."""

import csv
import io

import pytest

from armswatch.events.figures import Figures, read_figures
from armswatch.export import export_csv
from armswatch.process import process_batch
from armswatch.records import Article
from armswatch.store import Store
from conftest import ingest_records


@pytest.mark.parametrize(("lang", "sentence", "expected"), [
    ("en", "North Korea fired two short-range ballistic missiles that flew about 1,000 km and reached an "
           "altitude of 6,000 km in 86 minutes.", Figures(2, 1000.0, 6000.0, 86.0)),
    ("en", "It climbed to 2,802 km and covered 933 km in 39 minutes.", Figures(None, 933.0, 2802.0, 39.0)),
    ("fr", "Le missile a parcouru 1 001,2 km et culminé à une altitude de 6 248,5 km, en 73 minutes.",
     Figures(None, 1001.2, 6248.5, 73.0)),
    ("fr", "La Corée du Nord a tiré trois missiles balistiques, qui ont volé environ 350 km.",
     Figures(3, 350.0, None, None)),
    ("en", "The missile landed 1,000 km off the coast.", Figures()),  # a distance without a cue: no range
    ("en", "Hwasong-15 missiles flew 950 km.", Figures(None, 950.0, None, None)),  # "15" names, not counts
    ("en", "It travelled about 620 miles.", Figures(None, 997.8, None, None)),
])  # fmt: skip
def test_figures_of_a_sentence(lang, sentence, expected):
    assert read_figures(sentence, lang) == expected


ARTICLES = [
    {"id": "wire", "lang": "en", "published": "2024-10-31", "source": "wire service",
     "text": "North Korea fired an intercontinental ballistic missile on Thursday that flew about 1,000 km."},
    {"id": "kcna", "lang": "en", "published": "2024-11-01", "source": "KCNA",
     "text": "The DPRK test-fired the new ICBM Hwasong-19 on Thursday, which flew 1,001.2 km and reached an "
             "altitude of 7,687.5 km."},
]


@pytest.mark.usefixtures("project_gazetteer_blank_english")
def test_an_incident_shows_the_figures_of_each_report(tmp_path):
    store = Store(tmp_path / "store")
    ingest_records(store, ARTICLES, tmp_path)
    out = io.StringIO()
    export_csv(store, "events", out, raw=True)
    ranges = {e["article_id"]: e["range_km"] for e in csv.DictReader(io.StringIO(out.getvalue()))}
    assert ranges == {"wire": "1000.0", "kcna": "1001.2"}
    out = io.StringIO()
    export_csv(store, "incidents", out, raw=True)
    (incident,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert incident["figures"] == "KCNA: 1001.2 km range, 7687.5 km apogee · wire service: 1000 km range"


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "North Korea fired a ballistic missile on Sunday, South Korean officials said.\nThe missile flew about "
           "500 km and reached an altitude of roughly 550 km.", (500.0, 550.0)),
    ("fr", "La Corée du Nord a tiré dimanche un missile balistique, selon Séoul. L'engin a parcouru environ 500 km.",
     (500.0, None)),
    # a sentence with a date of its own tells of another time
    ("en", "North Korea fired a ballistic missile on Sunday. Its record, set in 2017, is a range of 950 km.",
     (None, None)),
    # nor past a sentence that tells an event of its own
    ("en", "North Korea fired a ballistic missile on Sunday. South Korea fired two missiles in response. They flew "
           "300 km.", (None, None)),
])  # fmt: skip
@pytest.mark.usefixtures("project_gazetteer_blank_english")
def test_a_launch_takes_the_figures_of_the_sentences_after_its_own(lang, text, expected):
    article = Article(id="t", title="", text=text, published="2024-11-04", source="wire", lang=lang, text_key="")
    launch = next(e for e in process_batch([article])[0].events if e.sentence.startswith(("North Korea", "La Corée")))
    assert (launch.range_km, launch.apogee_km) == expected
