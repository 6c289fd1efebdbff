"""Incidents: the events of one real-world occurrence, across articles and languages, share an id.

A launch told by a wire story, a French daily and KCNA the next morning is three events (one per
report) and one incident. This stage runs after the store: every time an ingest publishes, it links
the stored events and the new ones, and the links publish in the same snapshot (a reader never
sees events without their incidents).

Two reports are of one occurrence when they have the same event type and actor, and:

- their days are the same, or one day apart (time zones, and a report dated by its publication
  the next morning) when the incident's reports so far all give one day (an incident already
  told on two days is not stretched to a third);
- they come from different articles (one article's two events on two days are two occurrences:
  the article itself tells them apart);
- for missile tests, their weapon types do not differ (a cruise and a ballistic missile the same
  day are two launches; "missile" or "ballistic missile" fits any more precise type); two reports
  may name different systems of one type (one names the ATACMS, the other the Hyunmoo-2 fired
  with it), and a parade, a delivery or a drill is one whatever weapons each report names;
- a report dated only to its month joins the one incident of that type and actor in that month,
  if there is exactly one; otherwise, and for a report dated only to its year, it joins the
  reports of the same period, or stays its own incident.

The stage is deterministic (same events, same incidents, whatever their order) and its ids are
stable while an incident's first report stays its first report.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from armswatch.schema import EVENT_INCIDENTS

# weapon types that say nothing against a more precise one ("a missile", "a ballistic missile")
BROAD_TYPES = {"", "missile", "ballistic_missile", "other"}
# a hypersonic glide vehicle rides on a ballistic missile of any range
BALLISTIC = {"srbm", "irbm", "icbm", "slbm", "hypersonic"}
LINK_DAYS = 1
TYPED = {"missile_test"}  # event types whose weapon type tells two occurrences of one day apart
COLUMNS = ("event_id", "article_id", "event_type", "date", "date_precision", "country", "weapon_type")


@dataclass(frozen=True, slots=True)
class Report:
    """What the stage reads of an event."""

    event_id: str
    article_id: str
    event_type: str
    date: str
    date_precision: str
    country: str
    weapon_type: str


@dataclass(slots=True)
class _Incident:
    reports: list[Report] = field(default_factory=list)
    days: set[date] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    weapon_types: set[str] = field(default_factory=set)

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if report.date_precision == "day":
            self.days.add(date.fromisoformat(report.date))
        self.articles.add(report.article_id)
        self.weapon_types.add(report.weapon_type or "")

    def fits(self, report: Report) -> bool:
        return report.article_id not in self.articles and (
            report.event_type not in TYPED or all(_same_type(report.weapon_type or "", t) for t in self.weapon_types))


def _same_type(a: str, b: str) -> bool:
    return a == b or a in BROAD_TYPES or b in BROAD_TYPES or (a in BALLISTIC and b in BALLISTIC
                                                             and "hypersonic" in {a, b})


def link(reports: list[Report]) -> dict[str, str]:
    """event_id → incident_id for every report."""
    groups: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in reports:
        groups[(report.event_type, report.country or "")].append(report)
    links: dict[str, str] = {}
    for key in sorted(groups):
        for incident in _group(groups[key]):
            first = min(incident.reports, key=lambda r: (r.date, r.event_id))
            incident_id = "i" + hashlib.sha1(first.event_id.encode()).hexdigest()[:15]
            links.update((r.event_id, incident_id) for r in incident.reports)
    return links


def _group(reports: list[Report]) -> list[_Incident]:
    """The incidents of one event type and actor."""
    dated = sorted((r for r in reports if r.date_precision == "day" and r.date),
                   key=lambda r: (r.date, r.article_id, r.event_id))
    incidents: list[_Incident] = []
    open_: list[_Incident] = []  # incidents a later day can still join
    for report in dated:
        day = date.fromisoformat(report.date)
        open_ = [i for i in open_ if (day - max(i.days)).days <= LINK_DAYS]
        same_day = [i for i in open_ if day in i.days and i.fits(report)]
        # a day apart: only an incident all on one day (a two-day incident is two launches told apart)
        next_day = [i for i in open_ if i.fits(report) and len(i.days) == 1
                    and 0 < (day - next(iter(i.days))).days <= LINK_DAYS]
        chosen = (same_day or next_day or [None])[0]
        if chosen is None:
            chosen = _Incident()
            incidents.append(chosen)
            open_.append(chosen)
        chosen.add(report)
    coarse = sorted((r for r in reports if r.date_precision != "day" or not r.date),
                    key=lambda r: (r.date, r.article_id, r.event_id))
    by_month: dict[str, list[_Incident]] = defaultdict(list)  # the day-dated incidents inside each month
    for incident in incidents:
        if len(months := {d.isoformat()[:7] for d in incident.days}) == 1:
            by_month[months.pop()].append(incident)
    by_period: dict[str, _Incident] = {}
    for report in coarse:
        # a year is too long to say which
        inside = by_month.get(report.date, []) if report.date_precision == "month" else []
        fitting = [i for i in inside if i.fits(report)]
        if len(inside) == 1 and fitting:
            fitting[0].add(report)
            continue
        period = by_period.get(report.date)
        if period is not None and period.fits(report):
            period.add(report)
            continue
        period = by_period[report.date] = _Incident()
        incidents.append(period)
        period.add(report)
    return incidents


def incident_links(events: pa.Table) -> pa.Table:
    """The ``event_incidents`` table for a table of events (the columns of ``COLUMNS`` at least)."""
    columns = {name: events.column(name).to_pylist() for name in COLUMNS}
    reports = [Report(*(value or "" for value in row)) for row in zip(*columns.values(), strict=True)]
    links = link(reports)
    ids = sorted(links)
    return pa.table({"event_id": ids, "incident_id": [links[i] for i in ids]}, schema=EVENT_INCIDENTS)
