"""The incident stage: reports of one occurrence share an incident, near misses do not."""

import csv
import io
import random
from datetime import date, timedelta
from itertools import permutations

import pytest

from armswatch.export import export_csv
from armswatch.incidents import Report, link, relink
from armswatch.store import Store
from conftest import ingest_records


def report(event_id: str, article: str, day: str, *, kind: str = "missile_test", country: str = "KP",
           weapon_type: str = "") -> Report:
    return Report(event_id, article, kind, day, {10: "day", 7: "month", 4: "year"}[len(day)], country, weapon_type)


def groups(reports: list[Report]) -> set[frozenset[str]]:
    links = link(reports)
    by_incident: dict[str, set[str]] = {}
    for event_id, incident_id in links.items():
        by_incident.setdefault(incident_id, set()).add(event_id)
    return {frozenset(members) for members in by_incident.values()}


def test_a_launch_told_by_a_wire_a_french_daily_and_state_media_the_next_morning_is_one_incident():
    reports = [report("wire", "a1", "2024-10-31", weapon_type="icbm"),
               report("fr", "a2", "2024-10-31", weapon_type="icbm"),
               report("kcna", "a3", "2024-11-01")]
    assert groups(reports) == {frozenset({"wire", "fr", "kcna"})}


def test_near_misses_stay_apart():
    # one article tells two launches on consecutive days: two occurrences
    assert len(groups([report("d1", "a1", "2024-10-30"), report("d2", "a1", "2024-10-31")])) == 2
    # a cruise and a ballistic missile the same day
    assert len(groups([report("c", "a1", "2024-10-31", weapon_type="cruise_missile"),
                       report("b", "a2", "2024-10-31", weapon_type="srbm")])) == 2
    # South Korea's answering drill is South Korea's, not the North's launch
    assert len(groups([report("kp", "a1", "2024-10-31"), report("kr", "a2", "2024-10-31", country="KR")])) == 2
    # a cruise missile and a ballistic missile tested the same day
    assert len(groups([report("x", "a1", "2024-10-31", weapon_type="icbm"),
                       report("y", "a2", "2024-10-31", weapon_type="cruise_missile")])) == 2
    # two days apart
    assert len(groups([report("x", "a1", "2024-10-29"), report("y", "a2", "2024-10-31")])) == 2


def test_a_report_that_names_no_actor_joins_the_incident_of_a_country_it_involves():
    # a joint drill: one report says South Korea fired, another "U.S. and South Korean forces" (no one actor)
    joint = [report("kr", "a1", "2017-07-05", country="KR"),
             Report("both", "a2", "missile_test", "2017-07-05", "day", "", "", "KR|US")]
    assert groups(joint) == {frozenset({"kr", "both"})}
    # but not one of a country it does not involve, nor one of two countries it cannot choose between
    assert len(groups([report("kp", "a1", "2017-07-05"), joint[1]])) == 2
    both = [report("kp", "a1", "2017-07-05"), report("kr", "a2", "2017-07-05", country="KR"),
            Report("either", "a3", "missile_test", "2017-07-05", "day", "", "", "KP|KR")]
    assert frozenset({"either"}) in groups(both)
    told_first = [Report("us", "a0", "missile_test", "2017-07-05", "day", "", "", "KP|US"), joint[0]]
    assert len(groups(told_first)) == 2  # South Korea's firing is not the one of the U.S. or the North


def test_a_month_only_report_joins_the_one_incident_of_its_actor_in_that_month():
    reports = [report("kp", "a1", "2024-10-02"), report("kr", "a2", "2024-10-03", country="KR"),
               report("month", "a3", "2024-10")]
    assert frozenset({"kp", "month"}) in groups(reports)


def test_a_parade_is_one_incident_whatever_weapon_types_each_report_names():
    reports = [report("en", "a1", "2020-10-10", kind="weapons_announcement", weapon_type="slbm"),
               report("fr", "a2", "2020-10-10", kind="weapons_announcement", weapon_type="icbm")]
    assert groups(reports) == {frozenset({"en", "fr"})}
    # and a drill answering a launch, told by one report with the missiles it fired and by another without
    drill = [report("atacms", "a1", "2017-07-05", kind="exercise", country="", weapon_type="srbm"),
             report("drill", "a2", "2017-07-05", kind="exercise", country="", weapon_type="artillery")]
    assert groups(drill) == {frozenset({"atacms", "drill"})}


def test_a_month_only_report_joins_the_one_incident_of_that_month():
    reports = [report("day", "a1", "2024-10-31"), report("month", "a2", "2024-10")]
    assert groups(reports) == {frozenset({"day", "month"})}
    two = [report("d1", "a1", "2024-10-02"), report("d2", "a2", "2024-10-31"), report("month", "a3", "2024-10")]
    assert frozenset({"month"}) in groups(two)  # which of the two? it cannot say


def test_the_same_events_in_any_order_give_the_same_incidents():
    reports = [report("a", "a1", "2024-10-31"), report("b", "a2", "2024-11-01"), report("c", "a3", "2024-10-30"),
               report("d", "a4", "2024-10", weapon_type="srbm")]
    results = {tuple(sorted(link(list(order)).items())) for order in permutations(reports)}
    assert len(results) == 1



def random_reports(rng: random.Random, count: int, first: int = 0) -> list[Report]:
    """Dense reports: runs of days, month-only and year-only reports, a few actors and weapon types."""
    reports = []
    for n in range(first, first + count):
        day = (date(2024, 1, 25) + timedelta(days=rng.randint(0, 40))).isoformat()  # over two months' ends
        precision = rng.choice(["day"] * 8 + ["month", "year"])
        reports.append(Report(f"e{n}", f"a{rng.randint(0, count // 2)}", rng.choice(["missile_test", "exercise"]),
                              {"day": day, "month": day[:7], "year": day[:4]}[precision], precision,
                              actor := rng.choice(["KP", "KR", ""]), rng.choice(["", "srbm", "cruise_missile", "icbm"]),
                              "|".join(sorted({actor, *rng.sample(["KP", "KR", "US"], rng.randint(0, 2))} - {""}))))
    return reports


@pytest.mark.parametrize("seed", range(40))
def test_deciding_only_near_new_reports_gives_the_links_of_deciding_everything(seed):
    rng = random.Random(seed)
    reports = random_reports(rng, 160)
    links: dict[str, str] = {}
    cuts = sorted(rng.sample(range(1, 160), 3))
    for stored, upto in zip([0, *cuts], [*cuts, 160], strict=True):  # ingests one after the other
        links, revisited = relink(reports[:upto], links)
        assert links == link(reports[:upto])
        assert upto - stored <= revisited  # every new report is decided
    small = random_reports(rng, rng.randint(1, 4), first=160)
    links, revisited = relink(reports + small, links)
    assert links == link(reports + small) and revisited < len(reports) // 2  # not everything again


def test_a_new_report_far_from_the_stored_ones_revisits_nothing_else():
    stored = [report("jan", "a1", "2024-01-10"), report("jan2", "a2", "2024-01-11"), report("mar", "a3", "2024-03-05"),
              report("kr", "a4", "2024-06-01", country="KR")]
    links, revisited = relink([*stored, report("jun", "a5", "2024-06-02")], link(stored))
    assert revisited == 1 and links["jun"] not in {links[r.event_id] for r in stored}
    # the day after an incident told on two days: a new incident (the stored one is not stretched)
    links, revisited = relink([*stored, report("jan3", "a6", "2024-01-12")], link(stored))
    assert revisited == 1 and links["jan3"] != links["jan"] == links["jan2"]
    # the day before: the stored incident is decided again, with the new report first
    links, revisited = relink([*stored, report("jan0", "a6", "2024-01-09")], link(stored))
    assert revisited == 3 and links["jan0"] == links["jan"] != links["jan2"]
    # a month-only report is decided in its month, and joins the one incident there
    links, revisited = relink([*stored, report("march", "a7", "2024-03")], link(stored))
    assert revisited == 1 and links["march"] == links["mar"]


def test_a_month_only_report_is_decided_again_when_its_months_incidents_change():
    # the one incident of January takes a report of 1 February: it is no longer January's alone
    stored = [report("jan31", "a1", "2024-01-31"), report("january", "a2", "2024-01")]
    assert len(groups(stored)) == 1
    links, _ = relink([*stored, report("feb1", "a3", "2024-02-01")], link(stored))
    assert links["feb1"] == links["jan31"] != links["january"]
    # February had no incident for its month-only report; now it has one
    stored = [report("february", "a1", "2024-02")]
    links, _ = relink([*stored, report("feb1", "a2", "2024-02-01")], link(stored))
    assert links["feb1"] == links["february"]


ARTICLES = [
    {"id": "wire", "lang": "en", "published": "2024-10-31", "source": "wire service",
     "text": "North Korea fired an intercontinental ballistic missile from Sunan on Thursday, South Korea's military "
             "said."},
    {"id": "kcna", "lang": "en", "published": "2024-11-01", "source": "KCNA",
     "text": "The DPRK test-fired the new ICBM Hwasong-19 from Sunan on Thursday, KCNA said."},
    {"id": "other", "lang": "en", "published": "2024-11-06", "source": "wire service",
     "text": "North Korea fired a short-range ballistic missile on Tuesday."},
]


def _rows(store: Store, table: str) -> list[dict]:
    out = io.StringIO()
    export_csv(store, table, out, raw=True)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.usefixtures("project_gazetteer_blank_english")
def test_ingest_publishes_incidents_and_the_exports_show_them(tmp_path):
    store = Store(tmp_path / "store")
    ingest_records(store, ARTICLES[:1], tmp_path)
    # a later ingest: the next morning's report joins the stored one's incident, and only that
    # part is decided again (the wire's report and the next morning's, and the launch a week later)
    assert ingest_records(store, ARTICLES[1:], tmp_path).relinked == 3
    events = _rows(store, "events")
    by_article = {e["article_id"]: e["incident_id"] for e in events}
    assert by_article["wire"] == by_article["kcna"] != by_article["other"]
    incidents = {i["incident_id"]: i for i in _rows(store, "incidents")}
    shared = incidents[by_article["wire"]]
    assert (shared["event_type"], shared["date"], shared["reports"], shared["articles"]) == (
        "missile_test", "2024-10-31", "2", "2")
    assert shared["weapon"] == "Hwasong-19" and shared["sources"] == "KCNA|wire service"
    assert len(incidents) == 2
    # the links are replaced at each publish, and the replaced segment goes one publish later
    assert len(store.snapshot().files["event_incidents"]) == 1


@pytest.mark.usefixtures("project_gazetteer_blank_english")
def test_the_dashboard_counts_incidents_unless_asked_for_every_report(tmp_path):
    from armswatch.queries import events
    from armswatch.queries.filters import Filters
    from armswatch.queries.maps import map_points

    store = Store(tmp_path / "store")
    ingest_records(store, ARTICLES, tmp_path)
    con = store.snapshot().connect()
    incidents, reports = Filters(min_confidence=0), Filters(min_confidence=0, reports=True)
    assert (events.event_count(con, incidents), events.event_count(con, reports)) == (2, 3)
    assert events.events_by_month(con, incidents).events.sum() == 2
    marks, total = events.timeline_events(con, incidents, limit=10)
    assert total == 2 and sorted(marks.reports) == [1, 2]
    marks, total = events.timeline_events(con, reports, limit=10)
    assert total == 3 and set(marks.reports) == {1}
    assert len(events.events(con, incidents)) == 3  # the tables list every report, with its incident
    at_sunan = {f.reports: map_points(con, f, with_places=False).set_index("name")["count"]["Sunan"]
                for f in (incidents, reports)}
    assert at_sunan == {False: 1, True: 2}  # one marker: one incident, or its two reports
    assert Filters(reports=True).to_params() == {"reports": "1"} and Filters.from_params({"reports": "1"}).reports
    assert "reports" not in Filters().to_params() and not Filters.from_params({}).reports
