"""The Ingest page with uploads (AppTest): the bad-input matrix, hostile file names, the size limit setting."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armswatch.store import Store
from armswatch.uploads import safe_name, save_uploads
from bad_inputs import cases

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.usefixtures("blank_models")


def upload(store: Path, monkeypatch: pytest.MonkeyPatch, files: list[tuple[str, bytes]]) -> AppTest:
    """Open the Ingest page on ``store``, upload ``files`` (name, content) and press Ingest."""
    monkeypatch.setenv("ARMSWATCH_STORE", str(store))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180).switch_page("pages/5_Ingest.py").run()
    app.file_uploader(key="ingest_files").set_value([(name, content, "application/octet-stream")
                                                     for name, content in files])
    app.run()
    app.button[0].click().run()
    assert not app.exception
    return app


def stored_ids(store: Path) -> set[str]:
    return {r[0] for r in Store(store).snapshot().connect().execute("SELECT id FROM articles").fetchall()}


def test_bad_input_matrix_through_the_upload_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    matrix = cases()
    store = tmp_path / "store"
    app = upload(store, monkeypatch, [(case.name, case.content) for case in matrix])
    ingested = sum(case.ingested for case in matrix)
    rejected = sum(len(case.rejected) for case in matrix)
    warned = sum(len(case.warnings) for case in matrix)
    assert app.success[0].value == (f"Read {ingested + 2}, ingested {ingested}, skipped 1 duplicates, "
                                    f"rejected {rejected}, warnings {warned}.")
    table = app.dataframe[0].value
    shown = {(r.file, int(r.line), r.severity, r.code) for r in table.itertuples()}
    assert shown == ({(c.name, line, "rejected", code) for c in matrix for line, code in c.rejected} |
                     {(c.name, line, "warning", code) for c in matrix for line, code in c.warnings})
    assert all(reason and not reason.startswith("[") for reason in table["reason"])
    assert set().union(*(case.ids for case in matrix)) <= stored_ids(store)
    assert len(stored_ids(store)) == ingested
    # the uploads are kept in the store, so every problem points to a file that exists
    (folder,) = (store / "uploads").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == sorted(case.name for case in matrix)
    (rejects,) = (store / "rejects").iterdir()
    rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == rejected and all(Path(r["_origin"]).parent == folder for r in rows)
    assert any(b.label.startswith("Download rejected records") for b in app.get("download_button"))


# Streamlit itself refuses names without an allowed suffix (such as "..") or with a NUL: safe_name's tests cover them
HOSTILE_NAMES = ["../../../../escape.jsonl", "{tmp}/absolute.jsonl", "..\\..\\windows.jsonl", "../.jsonl",
                 ".hidden.jsonl", "ansi\x1b[31mred.jsonl", "<img src=x onerror=alert(1)>.jsonl",
                 "same.jsonl", "same.jsonl"]


def test_upload_names_cannot_write_outside_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "deep" / "store"
    files = [(name.format(tmp=tmp_path), json.dumps({"id": f"n{i}", "lang": "en", "text": f"Upload {i}."}).encode()
              + b"\nbad\n") for i, name in enumerate(HOSTILE_NAMES)]
    app = upload(store, monkeypatch, files)
    assert app.success[0].value.startswith(f"Read {len(files)}, ingested {len(files)},")
    written = sorted(p for p in (tmp_path / "deep").rglob("*") if p.is_file())
    assert written and all(p.is_relative_to(store) for p in written)
    assert not (tmp_path / "escape.jsonl").exists() and not (tmp_path / "absolute.jsonl").exists()
    (folder,) = (store / "uploads").iterdir()
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["escape.jsonl", "absolute.jsonl", "windows.jsonl", "upload.jsonl", "hidden.jsonl",
                            "ansi_[31mred.jsonl", "_img src_x onerror_alert(1)_.jsonl", "same.jsonl", "same (2).jsonl"])
    assert set(app.dataframe[0].value["file"]) == set(names)  # the problems name the files as stored


@pytest.mark.parametrize(("name", "safe"), [
    ("report.jsonl", "report.jsonl"),
    ("../../../etc/passwd", "passwd"),
    ("C:\\Users\\analyst\\kcna.csv", "kcna.csv"),
    ("", "upload"),
    ("...", "upload"),
    ("a\x00b\x1f.txt", "a_b_.txt"),
    ("조선중앙통신.html", "조선중앙통신.html"),
    ("x" * 500 + ".jsonl", "x" * 114 + ".jsonl"),
])
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_save_uploads_refuses_nothing_but_writes_only_below_the_store(tmp_path: Path) -> None:
    from io import BytesIO

    names = [name.format(tmp=tmp_path) for name in HOSTILE_NAMES]
    paths = save_uploads([(name, BytesIO(b"x")) for name in names], Store(tmp_path / "store"))
    assert len(paths) == len(HOSTILE_NAMES)
    assert all(p.resolve().is_relative_to((tmp_path / "store" / "uploads").resolve()) for p in paths)


def test_upload_size_limit_is_read_from_the_project_configuration() -> None:
    """The browser test checks the limit is enforced; this checks the shipped setting is the one Streamlit reads."""
    code = "from streamlit import config; print(config.get_option('server.maxUploadSize'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "200"
