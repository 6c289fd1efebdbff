"""Property-based: whatever bytes or records the readers get, they never crash and lose no valid record."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.readers import read_inputs
from armswatch.records import Article, Problem
from armswatch.textnorm import normalize_text

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(min_size=0, max_size=80)
record = st.fixed_dictionaries(
    {"id": st.one_of(st.none(), text), "text": st.one_of(st.none(), text, st.integers()),
     "published": st.one_of(st.none(), text, st.dates().map(str)), "lang": st.one_of(st.none(), text)},
    optional={"title": text, "extra": st.recursive(st.none() | st.integers() | text,
                                                   lambda inner: st.lists(inner, max_size=3), max_leaves=10)},
)


@SETTINGS
@given(data=st.binary(max_size=2000),
       suffix=st.sampled_from([".jsonl", ".json", ".csv", ".txt", ".md", ".html", ".xml", ".bin"]))
def test_random_bytes_never_crash_a_reader(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, Article | Problem) for i in items)
    assert all(i.text.strip() for i in items if isinstance(i, Article))


@SETTINGS
@given(records=st.lists(record, max_size=15), junk=st.lists(st.binary(max_size=40), max_size=5))
def test_every_valid_record_among_junk_is_read(tmp_path_factory, records, junk):
    path = tmp_path_factory.mktemp("records") / "input.jsonl"
    lines = [json.dumps(r).encode() for r in records] + [j.replace(b"\n", b" ") for j in junk]
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles = [i for i in read_inputs([str(path)]) if isinstance(i, Article)]
    valid = [normalize_text(str(r["text"])) for r in records if r["text"] is not None]
    valid = [t for t in valid if t]
    assert [a.text for a in articles][: len(valid)] == valid  # the record lines come first, in order


def test_the_reader_reads_a_record_hypothesis_found_hard(tmp_path: Path):
    path = tmp_path / "input.jsonl"
    path.write_text(json.dumps({"id": None, "text": 0, "published": "\x00", "lang": "\u2028"}) + "\n", encoding="utf-8")
    (article,) = [i for i in read_inputs([str(path)]) if isinstance(i, Article)]
    assert article.text == "0" and article.published is None


def test_a_stray_nul_line_does_not_make_a_text_file_binary(tmp_path: Path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(json.dumps({"id": "a", "text": "kept"}).encode() + b"\n\x00\n")
    items = list(read_inputs([str(path)]))
    assert [i.text for i in items if isinstance(i, Article)] == ["kept"]


def test_a_date_in_the_future_is_kept_with_a_warning(tmp_path: Path):
    path = tmp_path / "input.jsonl"
    path.write_text(json.dumps({"id": "f", "text": "From the future.", "published": "2999-01-01"}) + "\n",
                    encoding="utf-8")
    article, warning = sorted(read_inputs([str(path)]), key=lambda i: isinstance(i, Problem))
    assert article.published == "2999-01-01"
    assert warning.reason == "[W205] published date 2999-01-01 is in the future: kept as given, check it"
