"""Chart builders: a DataFrame in, a Plotly figure out."""

import pandas as pd

from armswatch.charts import REFERENCE_ROW, timeline

MARKS = pd.DataFrame([
    {"event_id": "e1", "date": "2024-10-31", "event_type": "missile_test", "weapon_type": "icbm", "reports": 3,
     "weapon": "Hwasong-19", "location": "", "claimant": "KCNA", "confidence": 0.9, "source": "KCNA",
     "sentence": "The DPRK test-fired the new ICBM Hwasong-19."},
    {"event_id": "e2", "date": "2024-05", "event_type": "weapons_announcement", "weapon_type": "", "reports": 1,
     "weapon": "", "location": "", "claimant": "", "confidence": 0.7, "source": "Yonhap", "sentence": "..."},
])  # fmt: skip
RECORD = pd.DataFrame([{"date": "2024-10-31", "missile": "Hwasong-19", "missile_class": "ICBM", "facility": "Sunan"},
                       {"date": "2024-09-18", "missile": "Hwasong-11", "missile_class": "SRBM", "facility": ""}])


def test_the_timeline_draws_one_mark_per_row_and_the_record_on_a_row_of_its_own():
    plain = timeline(MARKS)
    assert sum(len(trace.x) for trace in plain.data) == 2
    assert {y for trace in plain.data for y in trace.y} == {"icbm", "(unknown)"}
    with_record = timeline(MARKS, reference=RECORD)
    (record,) = [t for t in with_record.data if t.name == "test in the CNS record"]
    assert list(record.y) == [REFERENCE_ROW] * 2 and list(record.customdata) == ["", ""]
    assert list(record.text) == ["Hwasong-19 (ICBM) Sunan", "Hwasong-11 (SRBM) "]
    assert list(with_record.layout.yaxis.categoryarray) == ["icbm", "(unknown)", REFERENCE_ROW]  # on top
