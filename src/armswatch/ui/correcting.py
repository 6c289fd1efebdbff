"""The correction forms of the pages where a thing is seen: an entity, an event, an incident.

Each records one entry through ``armswatch.correct`` (who: the signed-in user when login is on,
else the account running Arms Watch) and draws the page again, corrected: the store's new snapshot
is what every query reads. A refused correction says why (E311, E314) and changes nothing.
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from armswatch import correct
from armswatch.errors import ArmswatchError
from armswatch.events.patterns import EVENT_TYPES
from armswatch.queries.entities import ENTITY_TYPES
from armswatch.settings import store_path
from armswatch.store import Store
from armswatch.ui.common import as_text

DONE = "correction_done"  # session key: what the last correction did, said once on the redrawn page
ENTITY_LABELS = {"rename": "Rename", "merge": "Merge into another", "set_type": "Change type",
                 "country": "Change country", "reject": "Reject (not an entity)"}
EVENT_LABELS = {"reject": "Reject (did not happen as told)", "type": "Fix type", "date": "Fix date",
                "country": "Fix actor (country)", "weapon": "Fix weapon", "location": "Fix location"}
INCIDENT_LABELS = {**EVENT_LABELS, "split": "Split a report out", "merge": "Merge into another incident"}
PLACEHOLDERS = {"rename": "the right name", "merge": "the entity's name, as listed", "country": "ISO code, e.g. KP",
                "date": "YYYY-MM-DD, YYYY-MM or YYYY", "weapon": "e.g. Hwasong-19", "location": "e.g. Sohae",
                "merge_incident": "the other incident's id"}


def user() -> str:
    """Who corrects: the signed-in user, else the account running Arms Watch."""
    if st.user.get("is_logged_in", False):
        return str(st.user.get("email") or st.user.get("name") or correct.system_user())
    return correct.system_user()


def said() -> None:
    """What the last correction did, once, on the page it redrew."""
    if message := st.session_state.pop(DONE, None):
        st.success(as_text(message), icon=":material/edit_note:")


def _record(run: Callable[[], dict]) -> None:
    try:
        entry = run()
    except ArmswatchError as exc:
        st.error(as_text(exc))
        return
    st.session_state[DONE] = (f"Correction {entry['correction_id']} recorded: {entry['target']} {entry['key']} "
                              f"{entry['action']} {entry['after']}".rstrip() + ". Undo it on the Corrections page.")
    st.rerun()


def _value(action: str, key: str, current: str = "") -> str:
    if action in ("reject", "split"):
        return ""
    if action == "set_type":
        return st.selectbox("New type", ENTITY_TYPES, key=f"{key}_type")
    if action == "type":
        index = EVENT_TYPES.index(current) if current in EVENT_TYPES else 0
        return st.selectbox("Event type", EVENT_TYPES, index=index, key=f"{key}_event_type")
    return st.text_input("New value", placeholder=PLACEHOLDERS.get(action, ""), key=f"{key}_{action}_value")


def entity_form(entity_type: str, entity: str) -> None:
    """Rename, merge, retype, re-country or reject the entity shown."""
    with st.expander("Correct this entity"):
        action = st.radio("Correction", list(ENTITY_LABELS), format_func=ENTITY_LABELS.get, horizontal=True,
                          key="fix_entity_action")
        value = _value(action, "fix_entity")
        note = st.text_input("Note (optional)", key="fix_entity_note")
        if st.button("Record the correction", key="fix_entity_go"):
            _record(lambda: correct.correct(Store(store_path()), "entity", entity, action, value,
                                            entity_type=entity_type, note=note, user=user()))


def _event_label(events: pd.DataFrame) -> dict[str, str]:
    return {row.event_id: f"{row.date or '?'} · {str(row.event_type).replace('_', ' ')} · {str(row.sentence)[:90]}"
            for row in events.itertuples()}


def event_form(events: pd.DataFrame, key: str) -> None:
    """Reject or fix one of ``events`` (event_id, date, event_type, sentence)."""
    if events.empty:
        return
    with st.expander("Correct an event"):
        labels = _event_label(events)
        event_id = st.selectbox("Event", list(labels), format_func=labels.get, key=f"{key}_event")
        action = st.radio("Correction", list(EVENT_LABELS), format_func=EVENT_LABELS.get, horizontal=True,
                          key=f"{key}_action")
        current = events.set_index("event_id").event_type.get(event_id, "")
        value = _value(action, key, current)
        note = st.text_input("Note (optional)", key=f"{key}_note")
        if st.button("Record the correction", key=f"{key}_go"):
            _record(lambda: correct.correct(Store(store_path()), "event", event_id, action, value, note=note,
                                            user=user()))


def incident_form(incident_id: str, reports: pd.DataFrame) -> None:
    """Reject or fix the incident shown (all its reports), split a report out, merge it into another."""
    with st.expander("Correct this incident"):
        action = st.radio("Correction", list(INCIDENT_LABELS), format_func=INCIDENT_LABELS.get, horizontal=True,
                          key="fix_incident_action")
        if action == "split":
            labels = _event_label(reports)
            value = st.selectbox("Report", list(labels), format_func=labels.get, key="fix_incident_report")
        elif action == "merge":
            value = st.text_input("Into incident", placeholder=PLACEHOLDERS["merge_incident"], key="fix_incident_into")
        else:
            value = _value(action, "fix_incident", str(reports.event_type.iloc[0]) if len(reports) else "")
        note = st.text_input("Note (optional)", key="fix_incident_note")
        if st.button("Record the correction", key="fix_incident_go"):
            _record(lambda: correct.correct(Store(store_path()), "incident", incident_id, action, value, note=note,
                                            user=user()))
