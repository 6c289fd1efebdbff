"""Spreadsheet-safe CSV and escaped highlighting: hostile content stays text."""

import csv
import io

import pandas as pd

from armswatch.csvsafe import to_csv_bytes
from armswatch.highlight import highlighted_html


def test_formula_cells_are_neutralised_and_every_row_kept():
    frame = pd.DataFrame({"cell": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", None],
                          "n": range(8)})
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert [r["cell"] for r in rows] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", ""]
    assert [r["n"] for r in rows] == [str(i) for i in range(8)]


def test_highlighting_escapes_text_and_names():
    text = "<script>alert(1)</script> Kim <img src=x onerror=alert(2)> left."
    start = text.index("Kim")
    mentions = pd.DataFrame([{"start": start, "end": start + 3, "entity": 'Kim "<b>"', "entity_type": "PERSON"}])
    html = highlighted_html(text, mentions)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'title="PERSON: Kim &quot;&lt;b&gt;&quot;">Kim</mark>' in html
