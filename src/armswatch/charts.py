"""Chart builders: DataFrame in, Plotly figure out; no streamlit, no store."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

EVENT_COLOURS = {
    "missile_test": "#d62728", "weapons_announcement": "#9467bd", "production": "#8c564b",
    "nuclear_test": "#000000", "satellite_launch": "#1f77b4", "deployment": "#ff7f0e",
    "arms_transfer": "#2ca02c", "sanctions": "#7f7f7f", "exercise": "#17becf",
}  # fmt: skip
HOVER = ["date", "reports", "weapon", "location", "claimant", "confidence", "source", "sentence_short"]


def first_day(value: str | None) -> str | None:
    """The first day of a date given to the day, month or year: "2024" → "2024-01-01"."""
    return value + "-01-01"[: 10 - len(value)] if value else None


def _layout(fig: go.Figure, height: int = 420) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="")
    return fig


def _short(text: pd.Series, width: int = 140) -> pd.Series:
    return text.fillna("").str.replace(r"\s+", " ", regex=True).str.slice(0, width)


REFERENCE_ROW = "CNS record"  # the timeline's row of the reference record's tests


def timeline(events: pd.DataFrame, y: str = "weapon_type", reference: pd.DataFrame | None = None) -> go.Figure:
    """One mark per event (or incident: then ``reports`` says how many) on a time axis; y by weapon type
    or country, colour by event type. ``reference`` (date, missile, missile_class, facility): the
    reference record's tests, on a row of their own."""
    frame = events.assign(when=pd.to_datetime(events["date"].map(first_day), errors="coerce"),
                          sentence_short=_short(events["sentence"]))
    frame[y] = frame[y].replace("", "(unknown)")
    frame = frame.dropna(subset=["when"])
    fig = px.scatter(frame, x="when", y=y, color="event_type", color_discrete_map=EVENT_COLOURS,
                     hover_data={c: True for c in HOVER if c in frame} | {"confidence": ":.2f", "when": False},
                     custom_data=["event_id"])
    fig.update_traces(marker={"size": 11, "opacity": 0.8, "line": {"width": 0.5, "color": "white"}})
    rows = sorted(frame[y].unique(), reverse=True)  # read from the top in alphabetical order
    if reference is not None and not reference.empty:
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(reference["date"]), y=[REFERENCE_ROW] * len(reference), mode="markers",
            name="test in the CNS record", customdata=[""] * len(reference),  # no event behind it
            marker={"symbol": "diamond-open", "size": 10, "color": "#444444", "line": {"width": 1.5}},
            text=reference["missile"] + " (" + reference["missile_class"] + ") " + reference["facility"],
            hovertemplate="%{x|%Y-%m-%d} %{text}<extra>CNS record</extra>"))
        rows.append(REFERENCE_ROW)  # on top
    fig.update_xaxes(title="")
    fig.update_yaxes(title="", categoryorder="array", categoryarray=rows)
    return _layout(fig, height=max(320, 28 * len(rows) + 120))


def monthly_counts(counts: pd.DataFrame, unit: str = "incidents") -> go.Figure:
    """Stacked bars: incidents (or reports: ``unit``) per month and type (columns month, event_type, events)."""
    fig = go.Figure([go.Bar(x=group["month"], y=group["events"], name=event_type,
                            marker_color=EVENT_COLOURS.get(event_type))
                     for event_type, group in counts.groupby("event_type", sort=True)])
    fig.update_layout(barmode="stack", yaxis_title=unit)
    return _layout(fig, height=260)


def top_bars(top: pd.DataFrame, label: str = "entity", value: str = "mentions") -> go.Figure:
    """Horizontal bars, the largest on top."""
    rows = top.iloc[::-1]
    fig = go.Figure(go.Bar(x=rows[value], y=rows[label], orientation="h", text=rows[value],
                           marker_color="#1f5fbf", hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_xaxes(title=value)
    return _layout(fig, height=max(240, 24 * len(top) + 60))


def over_time(series: pd.DataFrame, value: str = "mentions") -> go.Figure:
    """Bars per month of one entity's mentions (columns month and ``value``)."""
    fig = px.bar(series, x="month", y=value)
    fig.update_xaxes(title="")
    return _layout(fig, height=240)


# map frames: (latitude range, longitude range)
REGIONS = {"Korean Peninsula and Japan": ((30, 46), (118, 146)), "Europe to East Asia": ((20, 62), (20, 150)),
           "World": ((-60, 80), (-180, 180))}


def place_map(points: pd.DataFrame, region: str = "Korean Peninsula and Japan") -> go.Figure:
    """Markers sized by count and coloured by event type (columns name, latitude, longitude,
    count, event_type, detail). Coastlines come from the topojson the page serves itself."""
    latitudes, longitudes = REGIONS[region]
    fig = px.scatter_geo(points, lat="latitude", lon="longitude", size="count", color="event_type",
                         color_discrete_map=EVENT_COLOURS | {"mentions": "#444444"}, hover_name="name",
                         hover_data={"count": True, "detail": True, "latitude": False, "longitude": False},
                         size_max=28, projection="mercator")
    fig.update_geos(showcountries=True, countrycolor="#999999", showcoastlines=True, coastlinecolor="#555555",
                    showland=True, landcolor="#f2efe9", showocean=True, oceancolor="#dfe9f3",
                    lataxis_range=list(latitudes), lonaxis_range=list(longitudes), resolution=50)
    return _layout(fig, height=620)
