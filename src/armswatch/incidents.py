"""Incidents: the events of one real-world occurrence, across articles and languages, share an id.

A launch told by a wire story, a French daily and KCNA the next morning is three events (one per
report) and one incident. This stage runs after the store: every time an ingest publishes, it links
the stored events and the new ones, and the links publish in the same snapshot (a reader never
sees events without their incidents).

Two reports are of one occurrence when they have the same event type and a compatible actor (the
same, or one report names no actor — a joint act of several countries, or an actor it does not
say — and involves the other's; a report that names none and could be of two incidents of the
day joins neither), and:

- their days are the same, or one day apart (time zones, and a report dated by its publication
  the next morning) when the incident's reports so far all give one day (an incident already
  told on two days is not stretched to a third);
- they come from different articles (one article's two events on two days are two occurrences:
  the article itself tells them apart);
- for missile tests, their weapon types do not differ (a cruise and a ballistic missile the same
  day are two launches; "missile" or "ballistic missile" fits any more precise type); two reports
  may name different systems of one type (one names the ATACMS, the other the Hyunmoo-2 fired
  with it), and a parade, a delivery or a drill is one whatever weapons each report names;
- a report dated only to its month joins the one incident of that type and its actor in that month,
  if there is exactly one; otherwise, and for a report dated only to its year, it joins the
  reports of the same period, or stays its own incident.

The stage is deterministic (same events, same incidents, whatever their order) and its ids are
stable while an incident's first report stays its first report.

It is incremental. The decisions are taken day after day, each day's from the incidents still open
the day before; ``relink`` starts from the stored incidents as they stood the day before the first
new report, decides day after day from there, and stops as soon as the incidents still open are
those stored (from then on every decision would be the one stored). Month- and year-only reports
are decided again in the periods it went through. The links are those of deciding everything
again (tested), at the cost of the nearby incidents only.
"""

import hashlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyarrow as pa

from armswatch.schema import EVENT_INCIDENTS

# weapon types that say nothing against a more precise one ("a missile", "a ballistic missile")
BROAD_TYPES = {"", "missile", "ballistic_missile", "other"}
# a hypersonic glide vehicle rides on a ballistic missile of any range
BALLISTIC = {"srbm", "irbm", "icbm", "slbm", "hypersonic"}
LINK_DAYS = 1
TYPED = {"missile_test"}  # event types whose weapon type tells two occurrences of one day apart
COLUMNS = ("event_id", "article_id", "event_type", "date", "date_precision", "country", "weapon_type", "countries")


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
    countries: str = ""  # "|"-separated: the countries involved, the actor's among them


@dataclass(slots=True)
class _Incident:
    reports: list[Report] = field(default_factory=list)
    days: set[date] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    weapon_types: set[str] = field(default_factory=set)
    actor: str = ""  # the first actor a report names
    involved: set[str] = field(default_factory=set)

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if report.date_precision == "day":
            self.days.add(date.fromisoformat(report.date))
        self.articles.add(report.article_id)
        self.weapon_types.add(report.weapon_type or "")
        self.actor = self.actor or report.country or ""
        self.involved.update(c for c in (report.countries or "").split("|") if c)

    def acts_as(self, report: Report) -> bool:
        """Whether the report's actor is compatible: the same, or one report names none (a joint act,
        or an unnamed actor) among the countries the other involves."""
        if not report.country:
            return not self.actor or self.actor in (report.countries or "").split("|")
        return report.country == self.actor or (not self.actor and report.country in self.involved)

    @property
    def first(self) -> Report:
        """The report that names the incident: its earliest report dated to the day, else its first."""
        dated = [r for r in self.reports if r.date_precision == "day" and r.date] or self.reports
        return min(dated, key=lambda r: (r.date, r.event_id))

    def fits(self, report: Report) -> bool:
        return report.article_id not in self.articles and self.acts_as(report) and (
            report.event_type not in TYPED or all(_same_type(report.weapon_type or "", t) for t in self.weapon_types))


def _same_type(a: str, b: str) -> bool:
    return a == b or a in BROAD_TYPES or b in BROAD_TYPES or (a in BALLISTIC and b in BALLISTIC
                                                             and "hypersonic" in {a, b})


def link(reports: list[Report]) -> dict[str, str]:
    """event_id → incident_id for every report, every decision taken anew."""
    links: dict[str, str] = {}
    for group in _groups(reports):
        dated, coarse = _split(group)
        incidents, _ = _assign(dated, [])
        links.update(_links(incidents + _coarse(incidents, coarse)))
    return links


def relink(reports: list[Report], stored: dict[str, str]) -> tuple[dict[str, str], int]:
    """event_id → incident_id for every report, deciding again only near the reports ``stored`` has no link for.

    ``stored`` holds the links of the last publish. Returns the links and how many reports were
    decided again.
    """
    links: dict[str, str] = {}
    decided = 0
    for group in _groups(reports):
        links.update((r.event_id, stored[r.event_id]) for r in group if r.event_id in stored)
        if any(r.event_id not in stored for r in group):
            decided += _regroup(group, stored, links)
    return links, decided


def _groups(reports: list[Report]) -> list[list[Report]]:
    """The reports of each event type: no decision looks across two of them."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        groups[report.event_type].append(report)
    return [groups[key] for key in sorted(groups)]


def _order(report: Report) -> tuple[str, str, str]:
    return report.date, report.article_id, report.event_id


def _split(group: list[Report]) -> tuple[list[Report], list[Report]]:
    """The reports dated to the day, and the others, each in the order they are decided."""
    dated = sorted((r for r in group if r.date_precision == "day" and r.date), key=_order)
    coarse = sorted((r for r in group if not (r.date_precision == "day" and r.date)), key=_order)
    return dated, coarse


def incident_id(event_id: str) -> str:
    """The id of the incident whose first report is ``event_id`` (``INCIDENT_ID_SQL`` in SQL)."""
    return "i" + hashlib.sha1(event_id.encode()).hexdigest()[:15]


INCIDENT_ID_SQL = "'i' || left(sha1(event_id), 15)"


def _links(incidents: list[_Incident]) -> dict[str, str]:
    links: dict[str, str] = {}
    for incident in incidents:
        named = incident_id(incident.first.event_id)
        links.update((r.event_id, named) for r in incident.reports)
    return links


def _assign(dated: list[Report], open_: list[_Incident],
            settled: Callable[[date, date, list[_Incident]], bool] | None = None) -> tuple[list[_Incident], int]:
    """Day-dated reports, in order, to incidents: from the incidents ``open_`` the day before.

    Returns the incidents it made or added to (those of ``open_`` first), and how many reports it
    took: it stops at a new day when ``settled(last day, new day, incidents open)`` says the rest is known.
    """
    touched = list(open_)
    for k, report in enumerate(dated):
        day = date.fromisoformat(report.date)
        if settled and k and dated[k - 1].date != report.date and settled(date.fromisoformat(dated[k - 1].date),
                                                                              day, open_):
            return touched, k
        open_ = [i for i in open_ if (day - max(i.days)).days <= LINK_DAYS]
        same_day = [i for i in open_ if day in i.days and i.fits(report)]
        # a day apart: only an incident all on one day (a two-day incident is two launches told apart)
        next_day = [i for i in open_ if i.fits(report) and len(i.days) == 1
                    and 0 < (day - next(iter(i.days))).days <= LINK_DAYS]
        candidates = same_day or next_day
        if not report.country and len({i.actor for i in candidates}) > 1:  # whose act? it cannot say
            candidates = []
        # the same actor before an incident no report names an actor of
        chosen = min(candidates, key=lambda i: i.actor != report.country, default=None)
        if chosen is None:
            chosen = _Incident()
            touched.append(chosen)
            open_.append(chosen)
        chosen.add(report)
    return touched, len(dated)


def _coarse(day_incidents: list[_Incident], coarse: list[Report]) -> list[_Incident]:
    """Month- and year-only reports to incidents; returns the incidents of periods it made."""
    by_month: dict[str, list[_Incident]] = defaultdict(list)  # the day-dated incidents inside each month
    for incident in day_incidents:
        if len(months := {d.isoformat()[:7] for d in incident.days}) == 1:
            by_month[months.pop()].append(incident)
    by_period: dict[tuple[str, str], _Incident] = {}  # the last incident of each period and actor
    made: list[_Incident] = []
    for report in coarse:
        # a year is too long to say which
        inside = by_month.get(report.date, []) if report.date_precision == "month" else []
        inside = [i for i in inside if i.acts_as(report)]
        if len(inside) == 1 and inside[0].fits(report):
            inside[0].add(report)
            continue
        period = by_period.get((report.date, report.country))
        if period is not None and period.fits(report):
            period.add(report)
            continue
        period = by_period[(report.date, report.country)] = _Incident()
        period.add(report)
        made.append(period)
    return made


def _regroup(group: list[Report], stored: dict[str, str], links: dict[str, str]) -> int:
    """Decide again, in ``links``, the reports of one event type near those ``stored`` has no link
    for; returns how many reports were decided again."""
    dated, coarse = _split(group)
    members: dict[str, list[Report]] = defaultdict(list)  # a stored incident's day-dated reports, in order
    on_day: dict[str, list[Report]] = defaultdict(list)
    for report in dated:
        on_day[report.date].append(report)
        if report.event_id in stored:
            members[stored[report.event_id]].append(report)
    new = [r for r in dated if r.event_id not in stored]
    periods = {r.date for r in coarse if r.event_id not in stored}

    def settled(day: date, following: date, now: list[_Incident]) -> bool:
        """Whether the incidents open after ``day`` are those stored: then what follows is as stored."""
        if (following - day).days > LINK_DAYS:  # every incident closes: nothing carries over
            return True
        ours = {frozenset(r.event_id for r in i.reports) for i in now if max(i.days) == day}
        theirs = {frozenset(r.event_id for r in members.get(stored.get(report.event_id, ""), [])
                            if r.date <= day.isoformat()) for report in on_day[day.isoformat()]}
        return ours == theirs

    decided = 0
    k = 0
    while k < len(new):  # from each new report not decided yet, to where all is as stored again
        start = date.fromisoformat(new[k].date)
        begin = _first_on(dated, start)
        open_ = []  # the stored incidents open the day before, as they stood then
        for incident_id in {stored[r.event_id] for r in dated[_first_on(dated, start - timedelta(LINK_DAYS)):begin]}:
            before = _Incident()
            for report in members[incident_id]:
                if report.date < new[k].date:
                    before.add(report)
            open_.append(before)
        open_.sort(key=lambda i: _order(i.reports[0]))  # the order they were made in
        touched, taken = _assign(dated[begin:], open_, settled)
        decided += taken
        links.update(_links(touched))
        # the months the changed incidents lie in: an incident spans LINK_DAYS + 1 days at most, and
        # those open the day before, or made or added to after, end by the last report taken
        end = date.fromisoformat(dated[begin + taken - 1].date)
        day = start - timedelta(days=1 + LINK_DAYS)
        while day <= end:
            periods.add(day.isoformat()[:7])
            day += timedelta(days=28)
        periods.add(end.isoformat()[:7])
        while k < len(new) and new[k].date <= end.isoformat():
            k += 1
    for period in sorted(periods & {r.date for r in coarse}):
        decided += _recoarse(period, dated, [r for r in coarse if r.date == period], links)
    return decided


def _first_on(dated: list[Report], day: date) -> int:
    """Where the reports of ``day`` or later begin in ``dated``."""
    return bisect_left(dated, day.isoformat(), key=lambda r: r.date)


def _recoarse(period: str, dated: list[Report], coarse: list[Report], links: dict[str, str]) -> int:
    """Decide again the reports dated only to ``period``, against the day incidents of ``links``."""
    day_incidents: dict[str, _Incident] = defaultdict(_Incident)
    if len(period) == 7:  # a month: the incidents with a day in it (they span two days at most)
        month = date.fromisoformat(period + "-01")
        near = month - timedelta(days=LINK_DAYS), month + timedelta(days=31 + LINK_DAYS)
        for report in dated[_first_on(dated, near[0]):_first_on(dated, near[1])]:
            day_incidents[links[report.event_id]].add(report)
    inside = [i for i in day_incidents.values() if {d.isoformat()[:7] for d in i.days} == {period}]
    links.update(_links(inside + _coarse(inside, coarse)))
    return len(coarse)


def incident_links(events: pa.Table) -> tuple[pa.Table, int]:
    """The ``event_incidents`` table for a table of events (the columns of ``COLUMNS`` at least).

    With an ``incident_id`` column (the stored link, null for new events) only the incidents near
    the new events are decided again. Returns the table and how many reports were decided again.
    """
    columns = {name: events.column(name).to_pylist() for name in COLUMNS}
    reports = [Report(*(value or "" for value in row)) for row in zip(*columns.values(), strict=True)]
    stored = {}
    if "incident_id" in events.column_names:
        stored = {r.event_id: i for r, i in zip(reports, events.column("incident_id").to_pylist(), strict=True) if i}
    links, revisited = relink(reports, stored)
    ids = sorted(links)
    return pa.table({"event_id": ids, "incident_id": [links[i] for i in ids]}, schema=EVENT_INCIDENTS), revisited
