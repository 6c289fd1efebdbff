"""The reference check: incidents against the CNS missile test record, and importing a newer record."""

import csv
import io
from datetime import date

import pytest

from armswatch.cli import main
from armswatch.export import export_csv
from armswatch.reference import Incident, ReferenceTest, check, load_reference, reference_path, status
from armswatch.store import Store
from conftest import ingest_records


def record_test(day: str, missile: str = "Hwasong-19", missile_class: str = "ICBM", latitude: float | None = None,
         longitude: float | None = None) -> ReferenceTest:
    return ReferenceTest(date.fromisoformat(day), missile, missile_class, "", latitude, longitude, 1, "", "", "")


def incident(day: str, weapon_type: str = "", event_type: str = "missile_test", country: str = "KP",
             latitude: float | None = None, longitude: float | None = None) -> Incident:
    return Incident("i1", event_type, day, "day" if len(day) == 10 else "month", country, weapon_type, latitude,
                    longitude)


def test_an_incident_matches_the_record_a_day_apart_and_of_its_class():
    record = [record_test("2024-10-30")]  # the record's UTC date: the launch was the 31st in Korea
    assert status(incident("2024-10-31", "icbm"), record)[0] == "matched"
    assert status(incident("2024-10-31"), record)[0] == "matched"  # "a missile": any class
    assert status(incident("2024-10-31", "srbm"), record) == ("not in reference", None)
    assert status(incident("2024-11-02", "icbm"), record) == ("not in reference", None)
    assert status(incident("2024-10-31", "cruise_missile"), record) == ("outside the record", None)
    assert status(incident("2024-10-31", "icbm", country="RU"), record) == ("", None)
    assert status(incident("2024-10", "icbm"), record) == ("", None)  # a month: no day to match


def test_a_satellite_launch_matches_a_space_launcher_only():
    record = [record_test("2023-11-21", "Chollima-1", "SLV"), record_test("2023-11-21", "Hwasong-18", "ICBM")]
    said, matched = status(incident("2023-11-21", "satellite", event_type="satellite_launch"), record)
    assert said == "matched" and matched.missile == "Chollima-1"
    assert status(incident("2023-11-21", "icbm"), record)[1].missile == "Hwasong-18"
    # the record's "Unknown" (the failed satellite launch of 27 May 2024) allows any launch
    unknown = [record_test("2024-05-27", "Unknown", "UNKNOWN")]
    assert status(incident("2024-05-27", "satellite", event_type="satellite_launch"), unknown)[0] == "matched"


def test_of_two_tests_the_nearest_day_then_the_nearest_site_wins():
    record = [record_test("2024-01-13", "A", "SRBM", 40.0, 128.0),
              record_test("2024-01-14", "B", "SRBM", 39.0, 125.7),
              record_test("2024-01-14", "C", "SRBM", 41.0, 129.0)]
    assert status(incident("2024-01-14", "srbm", latitude=39.02, longitude=125.75), record)[1].missile == "B"


def test_reference_tests_of_the_covered_period_no_incident_matched_are_not_covered():
    record = [record_test("2024-10-30"), record_test("2024-05-01", "KN-25", "SRBM"),
              record_test("2020-01-01", "KN-25", "SRBM")]
    result = check([incident("2024-10-31", "icbm")], record, date(2024, 1, 1), date(2024, 12, 31))
    assert [t.missile for _, t in result.matched] == ["Hwasong-19"]
    assert [t.date.isoformat() for t in result.not_covered] == ["2024-05-01"]


def test_the_shipped_record_is_read():
    tests = load_reference()
    assert len(tests) > 100 and {t.missile_class for t in tests} >= {"SRBM", "ICBM", "SLV"}
    salvo = [t for t in tests if t.date == date(2024, 3, 17) and t.missile == "KN-25"]
    assert salvo and salvo[0].missiles > 1  # the record's rows of one salvo are one test


CNS_EXPORT = ("Date,Missile Name,Missile Type,Launch Facility,Apogee,Distance Travelled,Test Outcome\n"
              "2024-10-30,Hwasong-19,ICBM,Sunan,7687,1000,success\n")

ARTICLES = [
    {"id": "wire", "lang": "en", "published": "2024-10-31", "source": "wire service",
     "text": "North Korea fired an intercontinental ballistic missile on Thursday, South Korea's military said."},
    {"id": "kcna", "lang": "en", "published": "2024-11-01", "source": "KCNA",
     "text": "The DPRK test-fired the new ICBM Hwasong-19 on Thursday, KCNA said."},
]


@pytest.mark.usefixtures("project_gazetteer_blank_english")
def test_import_a_newer_record_then_check_the_store_and_export_incidents(tmp_path, capsys):
    store = Store(tmp_path / "store")
    ingest_records(store, ARTICLES, tmp_path)
    export = tmp_path / "cns.csv"
    export.write_text(CNS_EXPORT, encoding="utf-8")
    for _ in range(2):  # importing twice changes nothing
        assert main(["reference", "import", str(export), "--store", str(store.root)]) == 0
    assert reference_path(store.root) == store.root / "reference" / "cns_missile_tests.csv"
    assert [t.missile for t in load_reference(store.root)] == ["Hwasong-19"]
    out = tmp_path / "check.csv"
    assert main(["reference", "check", "--store", str(store.root), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["status"], r["date"], r["reference_date"], r["reference_missile"], r["apogee_km"]) for r in rows] == [
        ("matched", "2024-10-31", "2024-10-30", "Hwasong-19", "7687")]
    text = io.StringIO()
    export_csv(store, "incidents", text, raw=True)
    (row,) = csv.DictReader(io.StringIO(text.getvalue()))
    assert row["reference"] == "matched: 2024-10-30 Hwasong-19 (ICBM)"


def test_a_file_that_is_not_a_record_is_refused_with_its_reason(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n2024-10-30,Hwasong-19\n", encoding="utf-8")
    assert main(["reference", "import", str(bad), "--store", str(tmp_path / "store")]) == 2
    assert "[E307]" in capsys.readouterr().err
    bad.write_text("date,missile,missile_class\nyesterday,Hwasong-19,ICBM\n", encoding="utf-8")
    assert main(["reference", "import", str(bad), "--store", str(tmp_path / "store")]) == 2
    assert "line 2" in capsys.readouterr().err
    assert not (tmp_path / "store" / "reference").exists()
