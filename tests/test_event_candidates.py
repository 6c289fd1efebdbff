"""The event candidates script: kept and cancelled triggers alike, labels never lost on a rerun."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "event_candidates.py"
ARTICLES = [
    {"id": "a1", "lang": "en", "published": "2024-05-02", "source": "wire", "title": "Launch",
     "text": "North Korea fired a ballistic missile on Tuesday. Analysts said it could test an ICBM soon."},
    {"id": "m1", "lang": "en", "published": "2024-05-02", "source": "wire", "title": "Measured",
     "text": "North Korea fired two cruise missiles."},
]


def run(articles: Path, out: Path, *extra: str) -> list[dict]:
    env = os.environ | {"ARMSWATCH_MODEL_EN": "blank", "ARMSWATCH_MODEL_FR": "blank"}
    subprocess.run([sys.executable, str(SCRIPT), str(articles), str(out), *extra], check=True, env=env,
                   capture_output=True, text=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_candidates_include_cancelled_triggers_and_keep_their_labels(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    measured = tmp_path / "measured.jsonl"
    measured.write_text(json.dumps(ARTICLES[1]) + "\n", encoding="utf-8")
    out = tmp_path / "candidates.jsonl"
    rows = run(articles, out, "--exclude", str(measured))
    assert {r["article_id"] for r in rows} == {"a1"}  # the measured article is never a candidate
    assert [(r["trigger"], r["rule_kept"]) for r in rows] == [("fired", True), ("test", False)]
    for row in rows:
        assert row["sentence"][row["trigger_in_sentence"]:].startswith(row["trigger"])
    rows[0]["label"] = {"event": True, "type": "missile_test", "country": "KP", "date": "2024-04-30",
                        "claimant": "wire"}
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    again = run(articles, out, "--exclude", str(measured))
    assert again[0]["label"]["type"] == "missile_test" and "label" not in again[1]
