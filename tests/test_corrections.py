"""Corrections: each kind end to end (recorded on the page, then seen in the exports), undo, a
re-ingest, a log shared with a fresh store, refusals, and hostile text shown as text."""

import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armswatch import correct
from armswatch.cli import main
from armswatch.errors import ArmswatchError
from armswatch.export import export_csv
from armswatch.ingest import ingest
from armswatch.nlp.pipeline import get_pipeline
from armswatch.schema import ARTICLES, SUMMARIES
from armswatch.store import Store
from armswatch.ui.common import as_text
from conftest import ingest_annotated

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "annotated.jsonl"
LATER = {"id": "later-1", "published": "2025-02-01", "lang": "en", "title": "Kim Jong Un visits a factory",
         "text": "North Korean leader Kim Jong Un inspected a munitions factory in Pyongyang on Saturday, state "
                 "media said. Kim Jong Un called for more artillery shells."}

# the launch of the fixture's article fx-fr-1 (an ICBM, Thursday 31 October 2024), dated a day earlier
EARLIER = {"id": "earlier-1", "published": "2024-10-31", "lang": "en", "title": "North Korea fires an ICBM",
           "text": "North Korea fired an intercontinental ballistic missile on Wednesday, South Korea's military "
                   "said. The Hwasong-19 flew for 86 minutes before it fell into the sea."}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_annotated(Store(tmp_path_factory.mktemp("ingested"))).root


@pytest.fixture
def store(ingested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store of its own for each test (corrections change it), the dashboard pointed at it."""
    shutil.copytree(ingested, tmp_path / "store")
    monkeypatch.setenv("ARMSWATCH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ARMSWATCH_MODEL_EN", "blank")
    monkeypatch.setenv("ARMSWATCH_MODEL_FR", "blank")
    get_pipeline.cache_clear()
    yield Store(tmp_path / "store")
    get_pipeline.cache_clear()


def exported(store: Store, table: str) -> list[dict]:
    out = io.StringIO()
    export_csv(store, table, out, raw=True)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def names(store: Store, entity_type: str) -> set[str]:
    return {row["entity"] for row in exported(store, "entities") if row["entity_type"] == entity_type}


def page(script: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).switch_page(script).run()
    assert not app.exception, app.exception
    return app


def an_event(store: Store, **where: str) -> dict:
    return next(row for row in exported(store, "events") if all(row[k] == v for k, v in where.items()))


def test_an_entity_renamed_on_its_page_is_renamed_in_every_export(store: Store):
    app = page("pages/2_Entities.py")
    app.selectbox(key="entities_pick").set_value("Kim Jong Un").run()
    app.radio(key="fix_entity_action").set_value("rename").run()
    app.text_input(key="fix_entity_rename_value").set_value("Kim Jong-un")
    app.button(key="fix_entity_go").click().run()
    assert not app.exception and not app.error
    assert "Kim Jong-un" in names(store, "PERSON") and "Kim Jong Un" not in names(store, "PERSON")
    assert {row["entity"] for row in exported(store, "mentions") if row["entity_type"] == "PERSON"} >= {"Kim Jong-un"}
    assert "Kim Jong-un" in app.selectbox(key="entities_pick").options  # the page redrawn, corrected
    assert "recorded" in app.success[0].value


def test_a_merge_sums_an_articles_rows_into_one(store: Store):
    before = exported(store, "entities")
    two = {"Korean Central News Agency", "Joint Chiefs of Staff"}
    articles = {r["article_id"] for r in before if r["entity"] in two}
    mentions = sum(int(r["mentions"]) for r in before if r["entity"] in two)
    correct.correct(store, "entity", "Korean Central News Agency", "merge", "Joint Chiefs of Staff", entity_type="ORG")
    after = exported(store, "entities")
    merged = [r for r in after if r["entity"] == "Joint Chiefs of Staff"]
    assert "Korean Central News Agency" not in names(store, "ORG")
    assert sum(int(r["mentions"]) for r in merged) == mentions
    assert len({(r["article_id"], r["entity"], r["entity_type"]) for r in after}) == len(after)  # one row per article
    assert len(merged) == len(articles)


def test_an_entitys_type_and_country_set_and_an_entity_rejected(store: Store):
    correct.correct(store, "entity", "Joint Chiefs of Staff", "country", "kr", entity_type="ORG")
    correct.correct(store, "entity", "Missile Administration", "set_type", "WEAPON_TYPE", entity_type="ORG")
    correct.correct(store, "entity", "Pyongyang", "reject", entity_type="PLACE")
    rows = exported(store, "entities")
    assert {r["country"] for r in rows if r["entity"] == "Joint Chiefs of Staff"} == {"KR"}
    assert {r["entity_type"] for r in rows if r["entity"] == "Missile Administration"} == {"WEAPON_TYPE"}
    assert "Pyongyang" not in names(store, "PLACE")
    assert all(r["entity"] != "Pyongyang" or r["entity_type"] != "PLACE" for r in exported(store, "mentions"))


def test_an_event_rejected_and_fixed_on_the_articles_page(store: Store):
    target = an_event(store, event_type="deployment")
    app = page("pages/4_Articles.py")
    app.selectbox(key="articles_pick").set_value(target["article_id"]).run()
    app.selectbox(key="fix_article_event_event").set_value(target["event_id"]).run()
    app.radio(key="fix_article_event_action").set_value("reject").run()
    app.text_input(key="fix_article_event_note").set_value("troops reported, not confirmed")
    app.button(key="fix_article_event_go").click().run()
    assert not app.exception and not app.error
    assert target["event_id"] not in {r["event_id"] for r in exported(store, "events")}
    launch = an_event(store, event_type="missile_test")
    correct.correct(store, "event", launch["event_id"], "date", "2024-11")
    correct.correct(store, "event", launch["event_id"], "location", "Sohae")
    correct.correct(store, "event", launch["event_id"], "weapon", "Hwasong-18")
    correct.correct(store, "event", launch["event_id"], "country", "RU")
    correct.correct(store, "event", launch["event_id"], "type", "satellite_launch")
    fixed = an_event(store, event_id=launch["event_id"])
    assert (fixed["date"], fixed["date_precision"], fixed["location"], fixed["weapon"], fixed["country"],
            fixed["event_type"]) == ("2024-11", "month", "Sohae", "Hwasong-18", "RU", "satellite_launch")
    incident = next(r for r in exported(store, "incidents") if r["incident_id"] == fixed["incident_id"])
    assert incident["event_type"] == "satellite_launch"


def test_an_incident_merged_split_rejected_and_dated(store: Store):
    first, second, third = exported(store, "incidents")[:3]
    correct.correct(store, "incident", second["incident_id"], "merge", first["incident_id"])
    merged = next(r for r in exported(store, "incidents") if r["incident_id"] == first["incident_id"])
    assert int(merged["reports"]) == int(first["reports"]) + int(second["reports"])
    assert second["incident_id"] not in {r["incident_id"] for r in exported(store, "incidents")}
    moved = next(r["event_id"] for r in exported(store, "events") if r["incident_id"] == first["incident_id"]
                 and r["event_id"] != first["incident_id"])
    correct.correct(store, "incident", first["incident_id"], "split", moved)
    assert an_event(store, event_id=moved)["incident_id"] == moved  # an incident of its own
    correct.correct(store, "incident", third["incident_id"], "reject", note="a drill, not a launch")
    assert third["incident_id"] not in {r["incident_id"] for r in exported(store, "incidents")}
    correct.correct(store, "incident", first["incident_id"], "date", "2024-10-30")
    assert {r["date"] for r in exported(store, "events") if r["incident_id"] == first["incident_id"]} == {"2024-10-30"}
    with pytest.raises(ArmswatchError, match="E314"):  # a report it does not have
        correct.correct(store, "incident", first["incident_id"], "split", moved)


def test_an_incident_corrected_on_its_page(store: Store):
    incident = exported(store, "incidents")[0]
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).switch_page("pages/7_Incidents.py")
    app.query_params["incident"] = incident["incident_id"]
    app.run()
    app.radio(key="fix_incident_action").set_value("type").run()
    app.selectbox(key="fix_incident_event_type").set_value("exercise")
    app.button(key="fix_incident_go").click().run()
    assert not app.exception and not app.error
    assert next(r for r in exported(store, "incidents") if r["incident_id"] == incident["incident_id"])[
        "event_type"] == "exercise"


def test_undo_gives_back_the_exports_before(store: Store):
    before = {table: exported(store, table) for table in ("entities", "events", "incidents")}
    entry = correct.correct(store, "entity", "Kim Jong Un", "rename", "Kim Jong-un", entity_type="PERSON")
    launch = an_event(store, event_type="missile_test")
    rejected = correct.correct(store, "event", launch["event_id"], "reject")
    correct.undo(store, entry["correction_id"])
    correct.undo(store, rejected["correction_id"])
    assert {table: exported(store, table) for table in before} == before
    statuses = correct.log(store).set_index("correction_id").status
    assert statuses[entry["correction_id"]] == "undone" and (statuses == "undo").sum() == 2
    with pytest.raises(ArmswatchError, match="E315"):
        correct.undo(store, entry["correction_id"])


def test_the_corrections_published_with_a_snapshot_read_as_those_computed_from_its_log(store: Store):
    """A publish stores the corrections applied (so that readers neither compute them when they open a
    snapshot nor rewrite the corrected rows in every query): they read exactly as the log gives them."""
    correct.correct(store, "entity", "Kim Jong Un", "rename", "Kim Jong-un", entity_type="PERSON")
    correct.correct(store, "entity", "Pyongyang", "country", "RU", entity_type="PLACE")
    people = sorted(names(store, "PERSON") - {"Kim Jong-un"})
    correct.correct(store, "entity", people[0], "merge", "Kim Jong-un", entity_type="PERSON")
    correct.correct(store, "event", an_event(store, event_type="missile_test")["event_id"], "location", "Sohae")
    first, second = exported(store, "incidents")[:2]
    correct.correct(store, "incident", second["incident_id"], "merge", first["incident_id"])
    snapshot = store.snapshot()
    assert all(snapshot.files.get(table) for table in SUMMARIES)
    computed = replace(snapshot, files={t: f for t, f in snapshot.files.items() if t not in SUMMARIES})
    for table in ("entities", "mentions", "events", "event_incidents"):
        query = f"SELECT * FROM {table} ORDER BY ALL"
        assert snapshot.connect().execute(query).fetchall() == computed.connect().execute(query).fetchall(), table
    row = snapshot.connect().sql("SELECT * FROM articles LIMIT 1").to_arrow_table().cast(ARTICLES)
    with store.writer() as writer:  # new rows: what was published of the content before them is dropped
        writer.append({"articles": row})
        assert not writer.snapshot.files.get("corrections_applied") and not writer.snapshot.files.get("views")


def test_a_later_ingest_keeps_the_corrections_and_applies_them_to_new_articles(store: Store, tmp_path: Path):
    correct.correct(store, "entity", "Kim Jong Un", "rename", "Kim Jong-un", entity_type="PERSON")
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    ingest([str(later), str(FIXTURE)], store)  # new articles, and the old ones again (duplicates)
    rows = exported(store, "entities")
    assert any(r["article_id"] == "later-1" and r["entity"] == "Kim Jong-un" for r in rows)
    assert all(r["entity"] != "Kim Jong Un" for r in rows)


def test_an_incident_corrected_stays_corrected_when_a_later_article_reports_it_earlier(store: Store,
                                                                                     tmp_path: Path):
    """An incident's id is its first report's: an article ingested later that dates the launch a day
    earlier gives the incident another id. The corrections of the incident still apply to it."""
    def incident_of(article_id: str) -> str:
        return next(r["incident_id"] for r in exported(store, "events") if r["article_id"] == article_id)

    icbm, other = incident_of("fx-fr-1"), incident_of("fx-fr-3")
    before = {r["article_id"] for r in exported(store, "events") if r["incident_id"] in (icbm, other)}
    correct.correct(store, "incident", icbm, "weapon", "Hwasong-18")  # not what either article names
    correct.correct(store, "incident", other, "merge", icbm)
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(json.dumps(EARLIER) + "\n", encoding="utf-8")
    ingest([str(earlier)], store)
    now = incident_of("fx-fr-1")
    assert now != icbm and now == incident_of("earlier-1")  # the new article's report is the first
    reports = [r for r in exported(store, "events") if r["incident_id"] == now]
    assert {r["article_id"] for r in reports} == before | {"earlier-1"}  # the merge holds
    assert {r["weapon"] for r in reports} == {"Hwasong-18"}  # and so does the weapon, the new report's too


def test_a_shared_log_reproduces_the_corrected_exports_in_a_fresh_store(store: Store, ingested: Path,
                                                                       tmp_path: Path):
    correct.correct(store, "entity", "Kim Jong Un", "rename", "Kim Jong-un", entity_type="PERSON", note="style")
    launch = an_event(store, event_type="missile_test")
    correct.correct(store, "event", launch["event_id"], "location", "Sohae")
    undone = correct.correct(store, "entity", "Pyongyang", "reject", entity_type="PLACE")
    correct.undo(store, undone["correction_id"])
    shared = tmp_path / "log.jsonl"
    with shared.open("w", encoding="utf-8") as out:
        assert correct.export_log(store, out) == 4
    fresh = Store(tmp_path / "fresh")
    shutil.copytree(ingested, fresh.root)  # the same articles, ingested by a colleague
    assert correct.import_log(fresh, shared) == (4, 0)
    assert correct.import_log(fresh, shared) == (0, 4)  # twice changes nothing
    for table in ("entities", "mentions", "events", "incidents", "corrections"):
        assert exported(fresh, table) == exported(store, table), table


def test_refused_corrections_change_nothing(store: Store, tmp_path: Path):
    attempts = [("entity", "Nobody", "rename", "X", "PERSON", "E311"),
                ("event", "no-such-event", "reject", "", "", "E311"),
                ("event", an_event(store)["event_id"], "date", "2024-13-01", "", "E314"),
                ("event", an_event(store)["event_id"], "type", "parade", "", "E314"),
                ("entity", "Kim Jong Un", "country", "North Korea", "PERSON", "E314"),
                ("entity", "Kim Jong Un", "merge", "Nobody", "PERSON", "E311"),
                ("incident", "no-such-incident", "reject", "", "", "E311")]
    for target, key, action, value, entity_type, code in attempts:
        with pytest.raises(ArmswatchError, match=code):
            correct.correct(store, target, key, action, value, entity_type=entity_type)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"correction_id": "c000000000000", "target": "entity"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ArmswatchError, match="E316"):
        correct.import_log(store, bad)
    assert correct.log(store).empty


def test_hostile_names_and_notes_are_shown_as_text(store: Store):
    hostile = "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))"
    correct.correct(store, "entity", "Kim Jong Un", "rename", hostile, entity_type="PERSON", note=hostile)
    app = page("pages/8_Corrections.py")
    shown = app.dataframe[0].value
    assert shown.note.iloc[0] == hostile and shown.after.iloc[0] == hostile  # the cell holds the text as is
    entities = page("pages/2_Entities.py")
    entities.selectbox(key="entities_pick").set_value(hostile).run()
    assert not entities.exception
    assert entities.subheader[0].value == as_text(hostile)  # its Markdown escaped: no link, no bold


def test_the_corrections_page_undoes_and_lists(store: Store):
    entry = correct.correct(store, "entity", "Kim Jong Un", "rename", "Kim Jong-un", entity_type="PERSON")
    app = page("pages/8_Corrections.py")
    assert list(app.dataframe[0].value.correction_id) == [entry["correction_id"]]
    app.selectbox(key="corrections_undo").set_value(entry["correction_id"])
    app.button(key="corrections_undo_go").click().run()
    assert not app.exception and "undone" in app.success[0].value
    assert "Kim Jong Un" in names(store, "PERSON")
    app.multiselect(key="corrections_status").set_value(["undo"]).run()
    assert list(app.dataframe[0].value.status) == ["undo"]


def test_the_command_line_corrects_lists_undoes_and_shares(store: Store, ingested: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture):
    at = ["--store", str(store.root)]
    assert main(["correct", "entity", "PERSON", "Kim Jong Un", "--rename", "Kim Jong-un", "--note", "house style",
                 *at]) == 0
    renamed = capsys.readouterr().out.strip()
    launch = an_event(store, event_type="missile_test")
    assert main(["correct", "event", launch["event_id"], "--location", "Sohae", *at]) == 0
    assert main(["correct", "incident", launch["incident_id"], "--type", "exercise", *at]) == 0
    assert main(["correct", "event", launch["event_id"], "--date", "someday", *at]) == 2
    assert "E314" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # exactly one correction at a time
        main(["correct", "event", launch["event_id"], "--reject", "--type", "exercise", *at])
    assert main(["corrections", "undo", renamed, *at]) == 0
    listed = tmp_path / "log.csv"
    assert main(["corrections", "list", "--out", str(listed), *at]) == 0
    rows = list(csv.DictReader(io.StringIO(listed.read_text(encoding="utf-8-sig"))))
    assert [r["status"] for r in rows] == ["undo", "active", "active", "undone"]
    assert an_event(store, event_id=launch["event_id"])["event_type"] == "exercise"
    shared = tmp_path / "log.jsonl"
    assert main(["corrections", "export", str(shared), *at]) == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(ingested, fresh)
    assert main(["corrections", "import", str(shared), "--store", str(fresh)]) == 0
    assert main(["corrections", "import", str(shared), "--store", str(fresh)]) == 0
    assert "0 corrections imported, 4 already held" in capsys.readouterr().err
    assert exported(Store(fresh), "events") == exported(store, "events")


def test_a_promoted_correction_is_how_the_next_ingest_extracts(store: Store, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture):
    renamed = correct.correct(store, "entity", "Kim Jong Un", "rename", "Kim Jong-un (house)", entity_type="PERSON")
    rejected = correct.correct(store, "entity", "Pyongyang", "reject", entity_type="PLACE", note="a capital, here")
    assert main(["corrections", "promote", renamed["correction_id"], "--store", str(store.root)]) == 0
    assert "people.csv" in capsys.readouterr().err
    path, line = correct.promote(store, rejected["correction_id"])
    assert path == store.root / "gazetteer" / "not_entities.csv" and line["phrase"] == "Pyongyang"
    for entry in (renamed, rejected):  # undone: only the promoted lines can still make a difference
        correct.undo(store, entry["correction_id"])
    with pytest.raises(ArmswatchError, match="E317"):  # undone: nothing to promote
        correct.promote(store, renamed["correction_id"])
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    ingest([str(later)], store)
    rows = {(r["entity_type"], r["entity"]) for r in exported(store, "entities") if r["article_id"] == "later-1"}
    assert ("PERSON", "Kim Jong-un (house)") in rows and ("PLACE", "Pyongyang") not in rows
    assert ("PERSON", "Kim Jong Un") in {(r["entity_type"], r["entity"]) for r in exported(store, "entities")
                                         if r["article_id"] != "later-1"}  # the articles before: as extracted
    assert (ROOT / "data" / "gazetteer" / "people.csv").read_text(encoding="utf-8").count("(house)") == 0


# the corrections each form offers, with a value to give (the pages' own widgets, then the export)
ENTITY_FORMS = [("merge", "Vladimir Putin"), ("set_type", "ORG"), ("country", "RU"), ("reject", "")]
EVENT_FORMS = [("type", "exercise"), ("date", "2024-12"), ("country", "RU"), ("weapon", "KN-25"),
               ("location", "Sohae"), ("reject", "")]


def _give(app: AppTest, key: str, action: str, value: str) -> None:
    app.radio(key=f"{key}_action").set_value(action).run()
    if action == "set_type":
        app.selectbox(key=f"{key}_type").set_value(value)
    elif action == "type":
        app.selectbox(key=f"{key}_event_type").set_value(value)
    elif value:
        app.text_input(key=f"{key}_{action}_value").set_value(value)
    app.button(key=f"{key}_go").click().run()
    assert not app.exception and not app.error, (app.exception, app.error)


@pytest.mark.parametrize(("action", "value"), ENTITY_FORMS)
def test_every_entity_correction_from_its_page_reaches_the_export(store: Store, action: str, value: str):
    app = page("pages/2_Entities.py")
    app.selectbox(key="entities_pick").set_value("Kim Jong Un").run()
    _give(app, "fix_entity", action, value)
    rows = [r for r in exported(store, "entities") if r["entity"] in {"Kim Jong Un", value}]
    kim = [r for r in rows if r["entity"] == "Kim Jong Un"]
    if action in ("merge", "reject"):
        assert not kim
    elif action == "set_type":
        assert {r["entity_type"] for r in kim} == {"ORG"}
    else:
        assert {r["country"] for r in kim} == {"RU"}


@pytest.mark.parametrize(("action", "value"), EVENT_FORMS)
def test_every_event_correction_from_the_articles_page_reaches_the_export(store: Store, action: str, value: str):
    target = an_event(store, event_type="missile_test")
    app = page("pages/4_Articles.py")
    app.selectbox(key="articles_pick").set_value(target["article_id"]).run()
    app.selectbox(key="fix_article_event_event").set_value(target["event_id"]).run()
    _give(app, "fix_article_event", action, value)
    fixed = [r for r in exported(store, "events") if r["event_id"] == target["event_id"]]
    if action == "reject":
        assert not fixed
    else:
        column = {"type": "event_type"}.get(action, action)
        assert fixed[0][column] == value


@pytest.mark.parametrize(("action", "value"), [*EVENT_FORMS, ("split", ""), ("merge", "")])
def test_every_incident_correction_from_its_page_reaches_the_export(store: Store, action: str, value: str):
    first, second, third = exported(store, "incidents")[:3]
    correct.correct(store, "incident", second["incident_id"], "merge", first["incident_id"])  # two reports
    reports = [r["event_id"] for r in exported(store, "events") if r["incident_id"] == first["incident_id"]]
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).switch_page("pages/7_Incidents.py")
    app.query_params["incident"] = first["incident_id"]
    app.run()
    if action == "split":
        app.radio(key="fix_incident_action").set_value("split").run()
        app.selectbox(key="fix_incident_report").set_value(reports[-1])
        app.button(key="fix_incident_go").click().run()
        assert not app.exception and not app.error
        assert an_event(store, event_id=reports[-1])["incident_id"] == reports[-1]
        return
    if action == "merge":
        app.radio(key="fix_incident_action").set_value("merge").run()
        app.text_input(key="fix_incident_into").set_value(third["incident_id"])
        app.button(key="fix_incident_go").click().run()
        assert not app.exception and not app.error
        assert {an_event(store, event_id=e)["incident_id"] for e in reports} == {third["incident_id"]}
        return
    _give(app, "fix_incident", action, value)
    fixed = [r for r in exported(store, "events") if r["event_id"] in reports]
    if action == "reject":
        assert not fixed and first["incident_id"] not in {r["incident_id"] for r in exported(store, "incidents")}
    else:
        column = {"type": "event_type"}.get(action, action)
        assert {r[column] for r in fixed} == {value} and len(fixed) == len(reports) == 2


def test_an_undo_after_a_later_ingest_gives_back_what_the_incident_stage_decided(store: Store, ingested: Path,
                                                                                 tmp_path: Path):
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    control = Store(tmp_path / "control")  # the same articles, never corrected
    shutil.copytree(ingested, control.root)
    ingest([str(later)], control)
    first, second = exported(store, "incidents")[:2]
    merged = correct.correct(store, "incident", second["incident_id"], "merge", first["incident_id"])
    ingest([str(later)], store)  # the incident stage links the stored events again
    assert len(exported(store, "incidents")) == len(exported(control, "incidents")) - 1
    correct.undo(store, merged["correction_id"])
    assert exported(store, "event_incidents") == exported(control, "event_incidents")
