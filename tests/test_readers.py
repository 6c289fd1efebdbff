"""Readers: files, folders, feeds and URLs → Article and Problem records (``armswatch.readers.read_inputs``)."""

import codecs
import functools
import json
import os
import socket
import threading
import unicodedata
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from armswatch.errors import message
from armswatch.readers import read_inputs
from armswatch.records import Article, Problem
from armswatch.textnorm import content_id, nlp_view

PAGE_HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Missile test reported</title>
<meta property="article:published_time" content="2024-03-05T09:00:00Z">
<script>var secret = "SCRIPT-IN-HEAD";</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article><h1>Missile test reported</h1>
<p>North Korea launched a ballistic missile on Tuesday, officials in Seoul said. The missile flew about
1,000 kilometres before landing in the sea east of the peninsula.</p>
<script>document.write("SCRIPT-IN-BODY");</script>
<p>It was the third launch this month, and analysts said the pace of testing had increased sharply
since the start of the year.</p></article>
<footer>Copyright Example Media</footer></body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Defence Wire</title><link>http://example.org/</link><description>news</description>
<language>en-us</language>
<item><title>First item</title><link>http://example.org/1</link><guid>urn:item:1</guid>
<pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate><description>North Korea fired a missile.</description></item>
<item><title>Second item</title><link>http://example.org/2</link>
<pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;South Korea &lt;b&gt;responded&lt;/b&gt; with drills.&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>Veille défense</title><id>urn:feed</id><updated>2024-02-01T00:00:00Z</updated>
<entry><title>Essai de missile</title><id>urn:entry:1</id><link href="http://example.org/a"/>
<updated>2024-02-01T08:00:00Z</updated>
<content type="html">&lt;p&gt;La Corée du Nord a tiré un missile balistique.&lt;/p&gt;</content></entry>
</feed>
"""


def read(*inputs: object, published: str | None = None) -> tuple[list[Article], list[Problem]]:
    items = list(read_inputs([str(i) for i in inputs], published))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# --- JSONL ---------------------------------------------------------------------------------------------------


def test_jsonl_with_all_fields(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", {
        "id": "kcna-1", "title": " Launch ", "text": "North Korea launched a missile.", "published": "2024-10-31",
        "source": "KCNA", "url": "http://example.org/kcna-1", "lang": "fr-FR",
    })
    articles, problems = read(path)
    assert problems == []
    assert len(articles) == 1
    a = articles[0]
    assert (a.id, a.title, a.text) == ("kcna-1", "Launch", "North Korea launched a missile.")
    assert (a.published, a.published_from) == ("2024-10-31", "record")
    assert (a.source, a.url, a.lang, a.lang_from) == ("KCNA", "http://example.org/kcna-1", "fr", "record")
    assert (a.origin, a.origin_line) == (str(path), 1)
    assert a.extra == ""
    assert len(a.text_key) == 40


def test_jsonl_unknown_fields_kept_in_extra(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "extra.jsonl",
        {"id": "x1", "text": "Text one.", "author": "A. Nonyme", "tags": ["dprk", "missile"], "score": 3,
         "empty": None, "blank": "", "nested": {"a": {"b": [1, 2]}}},
        {"id": "x2", "text": "Text two."},
    )
    articles, problems = read(path)
    assert problems == []
    assert [a.id for a in articles] == ["x1", "x2"]
    assert json.loads(articles[0].extra) == {
        "author": "A. Nonyme", "tags": ["dprk", "missile"], "score": 3, "nested": {"a": {"b": [1, 2]}},
    }
    assert articles[1].extra == ""


def test_missing_id_is_made_from_content_and_stable(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "noid.jsonl",
        {"title": "Drill", "text": "South Korea held drills."},
        {"title": "Drill", "text": "South Korea held more drills."},
        {"id": "", "title": "Drill", "text": "South Korea held drills again."},
    )
    first, problems = read(path)
    second, _ = read(path)
    assert problems == []
    ids = [a.id for a in first]
    assert ids == [a.id for a in second]
    assert ids[0] == content_id("Drill", "South Korea held drills.")
    assert len(set(ids)) == 3
    assert all(i.startswith("h") and len(i) == 16 for i in ids)


def test_jsonl_line_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text('["not", "an", "object"]\n{"id": "ok", "text": "Fine."}\n', encoding="utf-8")
    articles, problems = read(path)
    assert [a.id for a in articles] == ["ok"]
    assert [(p.line, p.reason, p.severity) for p in problems] == [
        (1, message("E104", kind="list"), "rejected")]


def test_jsonl_with_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"id": "b1", "text": "Cor\xc3\xa9e du Nord"}\n')
    articles, problems = read(path)
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [("b1", "Corée du Nord")]


def test_jsonl_in_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.jsonl"
    path.write_text('{"id": "u1", "text": "l’ONU et la Corée"}\n', encoding="utf-16")
    articles, problems = read(path)
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [("u1", "l’ONU et la Corée")]


def test_corrupt_utf16_is_read_with_replacement_and_flagged(tmp_path: Path) -> None:
    """A lone surrogate in a UTF-16 file costs one character, not the file (nor the run)."""
    path = tmp_path / "corrupt16.jsonl"
    path.write_bytes(
        codecs.BOM_UTF16_LE
        + '{"id": "u1", "text": "Before."}\n{"id": "u2", "text": "Bad '.encode("utf-16-le")
        + b"\x00\xd8"  # a high surrogate with no low surrogate after it
        + ' char."}\n{"id": "u3", "text": "After."}\n'.encode("utf-16-le")
    )
    articles, problems = read(path)
    assert [(a.id, a.text) for a in articles] == [("u1", "Before."), ("u2", "Bad \ufffd char."), ("u3", "After.")]
    assert [(p.line, p.severity, p.reason) for p in problems] == [
        (2, "warning", message("W202", encoding="utf-16 with replacement characters"))]


def test_file_that_fails_while_read_is_a_problem_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import armswatch.readers.files as files

    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("a.jsonl", "b.jsonl", "c.jsonl"):
        write_jsonl(folder / name, {"id": name, "text": f"Text of {name}."})
    real_sniff = files.sniff

    def sniff(path: Path) -> tuple[str | None, str | None]:
        if path.name == "b.jsonl":  # as root, chmod cannot make a file unreadable: fail the read instead
            raise PermissionError(13, "Permission denied", str(path))
        return real_sniff(path)

    monkeypatch.setattr(files, "sniff", sniff)
    articles, problems = read(folder, folder / "b.jsonl")
    assert [a.id for a in articles] == ["a.jsonl", "c.jsonl"]
    assert [(p.origin, p.line, p.reason) for p in problems] == [
        (str(folder / "b.jsonl"), 0, message("E108", detail="Permission denied"))] * 2


def test_file_without_suffix_is_sniffed_as_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "export"
    path.write_text('{"id": "s1", "text": "Sniffed."}\n', encoding="utf-8")
    articles, problems = read(path)
    assert problems == []
    assert [a.id for a in articles] == ["s1"]


def test_missing_path_and_unsupported_type(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 not really")
    articles, problems = read(tmp_path / "nope.jsonl", pdf)
    assert articles == []
    assert [(p.origin, p.reason) for p in problems] == [
        (str(tmp_path / "nope.jsonl"), message("E113")),
        (str(pdf), message("E106", suffix=".pdf")),
    ]


# --- CSV -----------------------------------------------------------------------------------------------------


JSON_RECORDS = [{"id": "j1", "text": "Pyongyang fired.", "tags": ["a", "b"]}, {"id": "j2", "text": "Seoul protested."}]


@pytest.mark.parametrize(("content", "encoding"), [
    (JSON_RECORDS, "utf-8"),
    ({"status": "ok", "total": 2, "articles": JSON_RECORDS}, "utf-8-sig"),
    (JSON_RECORDS, "utf-16"),
])
def test_json_array_or_object_holding_one(tmp_path: Path, content: object, encoding: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding=encoding)
    articles, problems = read(path)
    assert problems == []
    assert [(a.id, a.text, a.origin_line) for a in articles] == [("j1", "Pyongyang fired.", 1),
                                                                  ("j2", "Seoul protested.", 2)]
    assert json.loads(articles[0].extra) == {"tags": ["a", "b"]}


def test_json_single_record(tmp_path: Path) -> None:
    """Its text comes first: a list of objects after it (related items) is a field, not the records."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "s1", "text": "Single.", "related": [{"id": "r1", "text": "Other."}],
                                "source": {"name": "Wire"}}), encoding="utf-8")
    articles, problems = read(path)
    assert problems == [] and [(a.id, a.source) for a in articles] == [("s1", "Wire")]


def test_truncated_json_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    full = json.dumps([{"id": f"c{n}", "text": f"Report {n}."} for n in range(1, 5)] + [7])
    path.write_text(full[: full.index('"c4"') + 8], encoding="utf-8")
    articles, problems = read(path)
    assert [a.id for a in articles] == ["c1", "c2", "c3"]
    assert [(p.line, p.reason[:6], "after record 3" in p.reason) for p in problems] == [(4, "[E103]", True)]
    path.write_text(full, encoding="utf-8")
    articles, problems = read(path)
    assert len(articles) == 4 and [(p.line, p.reason) for p in problems] == [(5, message("E104", kind="int"))]


def test_deeply_nested_json_item_is_rejected_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(b'[{"id": "d1", "meta": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000
                     + b', "text": "Deep."}, {"id": "d2", "text": "After."}]')
    articles, problems = read(path)
    assert [a.id for a in articles] == ["d2"]
    assert [(p.line, p.reason) for p in problems] == [(1, message("E103", detail="nested too deeply"))]


def test_csv_with_all_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text,published,source,url,lang,author\n"
        'c1,First,"North Korea fired, again.",2024-05-01,Yonhap,http://example.org/c1,en,Kim\n'
        'c2,Second,"Two lines\nof text",02/05/2024,Yonhap,,fr,\n',
        encoding="utf-8",
    )
    articles, problems = read(path)
    assert problems == []
    assert [(a.id, a.title, a.text, a.published, a.source, a.url, a.lang) for a in articles] == [
        ("c1", "First", "North Korea fired, again.", "2024-05-01", "Yonhap", "http://example.org/c1", "en"),
        ("c2", "Second", "Two lines\nof text", "2024-05-02", "Yonhap", "", "fr"),
    ]
    assert json.loads(articles[0].extra) == {"author": "Kim"}
    assert articles[1].extra == ""
    assert [a.origin_line for a in articles] == [2, 4]  # the line a record ends on


def test_csv_with_text_column_only(tmp_path: Path) -> None:
    path = tmp_path / "texts.csv"
    path.write_text("Text\nFirst article body.\nSecond article body.\n", encoding="utf-8")
    articles, problems = read(path)
    assert problems == []
    assert [(a.title, a.text, a.published, a.source, a.lang) for a in articles] == [
        ("First article body.", "First article body.", None, "", ""),
        ("Second article body.", "Second article body.", None, "", ""),
    ]
    assert articles[0].id == content_id("First article body.", "First article body.")


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("id,title,body\n1,Headline,Some body\n", encoding="utf-8")
    articles, problems = read(path)
    assert articles == []
    assert len(problems) == 1
    p = problems[0]
    assert (p.origin, p.line, p.severity) == (str(path), 1, "rejected")
    assert p.reason == message("E107", columns="id, title, body")
    assert str(p) == f"{path}:1: [E107] CSV has no 'text' column (columns: id, title, body)"


def test_csv_row_with_too_many_fields_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("id,text\nr1,Body one,surplus,more\nr2,Body two\n", encoding="utf-8")
    articles, problems = read(path)
    assert [a.id for a in articles] == ["r1", "r2"]
    assert [(p.line, p.reason, p.severity) for p in problems] == [
        (2, message("W204", extra=2), "warning")]


# --- folders and documents -----------------------------------------------------------------------------------


def make_folder(root: Path) -> Path:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    write_jsonl(root / "a.jsonl", {"id": "j1", "text": "From JSONL."})
    (root / "sub" / "b.csv").write_text("id,text\nc1,From CSV.\n", encoding="utf-8")
    (root / "sub" / "deeper" / "c.txt").write_text("Plain title\nFrom text.\n", encoding="utf-8")
    (root / "sub" / "d.md").write_text("# Markdown title\n\nFrom Markdown.\n", encoding="utf-8")
    (root / "e.html").write_text(PAGE_HTML, encoding="utf-8")
    (root / "sub" / "f.htm").write_text(PAGE_HTML.replace("North Korea launched", "North Korea test-fired"),
                                        encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "records.json").write_text('[{"id": "js1", "text": "From JSON."}]', encoding="utf-8")
    (root / "data.parquet").write_bytes(b"PAR1")
    write_jsonl(root / ".hidden" / "x.jsonl", {"id": "hidden1", "text": "Hidden folder."})
    write_jsonl(root / ".dotfile.jsonl", {"id": "hidden2", "text": "Hidden file."})
    return root


def test_folder_is_read_recursively(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "inbox")
    articles, problems = read(root)
    assert problems == []
    assert sorted(Path(a.origin).relative_to(root).as_posix() for a in articles) == [
        "a.jsonl", "e.html", "records.json", "sub/b.csv", "sub/d.md", "sub/deeper/c.txt", "sub/f.htm"]
    by_origin = {Path(a.origin).name: a for a in articles}
    assert (by_origin["c.txt"].title, by_origin["c.txt"].text) == ("Plain title", "From text.")
    assert (by_origin["d.md"].title, by_origin["d.md"].text) == ("Markdown title", "From Markdown.")
    assert by_origin["f.htm"].text.startswith("North Korea test-fired")


def test_folder_inside_a_hidden_folder_or_given_relatively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only names below the folder decide what is hidden: ``../inbox`` or ``~/.cache/inbox`` are read."""
    root = make_folder(tmp_path / ".cache" / "inbox")
    articles, _ = read(root)
    assert len(articles) == 7
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    articles, _ = read("../.cache/inbox")
    assert len(articles) == 7
    assert "hidden1" not in {a.id for a in articles}


def test_txt_title_is_first_line(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("\nNorth Korea tests engine\n\nThe test took place at Sohae.\nSecond line.\n", encoding="utf-8")
    articles, problems = read(path)
    assert problems == []
    assert [(a.title, a.text, a.origin_line) for a in articles] == [
        ("North Korea tests engine", "The test took place at Sohae.\nSecond line.", 0)]


def test_single_line_txt_is_title_and_text(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Only one line here.\n", encoding="utf-8")
    articles, _ = read(path)
    assert [(a.title, a.text) for a in articles] == [("Only one line here.", "Only one line here.")]


# --- publication dates ---------------------------------------------------------------------------------------


def test_date_from_record_wins_over_option(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "2023-01-01-dated.jsonl",
                       {"id": "d1", "text": "Dated.", "published": "31 octobre 2024"},
                       {"id": "d2", "text": "Undated."})
    articles, problems = read(path, published="2024-01-15")
    assert problems == []
    assert [(a.published, a.published_from) for a in articles] == [("2024-10-31", "record"), ("2024-01-15", "option")]


def test_date_from_option_then_file_name(tmp_path: Path) -> None:
    named = tmp_path / "kcna_20240131.txt"
    named.write_text("Title\nBody.\n", encoding="utf-8")
    plain = tmp_path / "undated.txt"
    plain.write_text("Title\nOther body.\n", encoding="utf-8")
    articles, _ = read(named, plain)
    assert [(a.published, a.published_from) for a in articles] == [("2024-01-31", "filename"), (None, "none")]
    articles, _ = read(named, plain, published="2024-06-01")
    assert [(a.published, a.published_from) for a in articles] == [("2024-06-01", "option"), ("2024-06-01", "option")]


def test_unparseable_record_date_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad-date.jsonl", {"id": "d1", "text": "Dated badly.", "published": "31/02/2024"})
    articles, problems = read(path, published="2024-06-01")
    assert [(a.published, a.published_from) for a in articles] == [("2024-06-01", "option")]
    assert [(p.line, p.severity, p.reason) for p in problems] == [
        (1, "warning", message("W201", value="31/02/2024", fallback="the --published option"))]


# --- HTML and feeds ------------------------------------------------------------------------------------------


def test_html_page_text_without_scripts(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE_HTML, encoding="utf-8")
    articles, problems = read(path)
    assert problems == []
    assert len(articles) == 1
    a = articles[0]
    assert a.title == "Missile test reported"
    assert a.text.startswith("North Korea launched a ballistic missile on Tuesday")
    assert "the pace of testing had increased sharply" in a.text
    for junk in ("SCRIPT-IN-HEAD", "SCRIPT-IN-BODY", "secret", "document.write", "Copyright", "About"):
        assert junk not in a.text
    assert (a.published, a.published_from) == ("2024-03-05", "record")


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8")
    articles, problems = read(path)
    assert articles == []
    assert [(p.origin, p.reason) for p in problems] == [(str(path), message("E111"))]


def test_rss_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS_FEED, encoding="utf-8")
    articles, problems = read(path)
    assert problems == []
    assert [(a.id, a.title, a.text, a.published, a.source, a.url, a.lang, a.origin_line) for a in articles] == [
        ("urn:item:1", "First item", "North Korea fired a missile.", "2024-01-02", "Defence Wire",
         "http://example.org/1", "en", 1),
        ("http://example.org/2", "Second item", "South Korea responded with drills.", "2024-01-03", "Defence Wire",
         "http://example.org/2", "en", 2),
    ]


def test_atom_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "veille.atom"
    path.write_text(ATOM_FEED, encoding="utf-8")
    articles, problems = read(path)
    assert problems == []
    assert [(a.id, a.title, a.text, a.published, a.source, a.url, a.lang) for a in articles] == [
        ("urn:entry:1", "Essai de missile", "La Corée du Nord a tiré un missile balistique.", "2024-02-01",
         "Veille défense", "http://example.org/a", "fr"),
    ]


def test_feed_without_entries(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>',
                    encoding="utf-8")
    articles, problems = read(path)
    assert articles == []
    assert [(p.origin, p.reason) for p in problems] == [(str(path), message("E110"))]


# --- URLs (a local server on 127.0.0.1 only) -----------------------------------------------------------------


FRENCH_PAGE = """<html><head>{meta}<title>Essai</title></head><body><article>
<p>La Corée du Nord a tiré un missile balistique, a indiqué l’état-major à Séoul mardi matin. Le missile a
parcouru environ mille kilomètres avant de tomber en mer, selon l’ONU.</p>
<p>C’est le troisième tir ce mois-ci, selon les analystes interrogés à Séoul.</p></article></body></html>"""

KOREAN_PAGE = """<html><head><title>발사</title></head><body><article>
<p>북한이 화요일 아침 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. 미사일은 약 천 킬로미터를
비행한 뒤 바다에 떨어졌다.</p><p>이번 발사는 이달 들어 세 번째이며 전문가들은 시험 속도가 빨라졌다고 분석했다.</p>
</article></body></html>"""

# served file name → (Content-Type header, bytes)
ENCODED_PAGES = {
    "cp1252.html": ("text/html; charset=windows-1252", FRENCH_PAGE.format(meta="").encode("cp1252")),
    "latin1.html": ("text/html; charset=ISO-8859-1", FRENCH_PAGE.format(meta="").encode("cp1252")),
    "meta.html": ("text/html", FRENCH_PAGE.format(meta='<meta charset="windows-1252">').encode("cp1252")),
    "utf8.html": ("text/html", FRENCH_PAGE.format(meta="").encode("utf-8")),
    "euckr.html": ("text/html; charset=euc-kr", KOREAN_PAGE.encode("euc-kr")),
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = Path(path).name
        return ENCODED_PAGES[name][0] if name in ENCODED_PAGES else super().guess_type(path)


@pytest.fixture
def local_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Base URL of a server on 127.0.0.1 serving a feed and an article page."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.xml").write_text(RSS_FEED, encoding="utf-8")
    (site / "article.html").write_text(PAGE_HTML, encoding="utf-8")
    for name, (_, body) in ENCODED_PAGES.items():
        (site / name).write_bytes(body)
    for var in ("no_proxy", "NO_PROXY"):  # never send local requests through a proxy
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_feed_url(local_site: str) -> None:
    url = f"{local_site}/feed.xml"
    articles, problems = read(url)
    assert problems == []
    assert [(a.id, a.title, a.published, a.source, a.lang, a.origin, a.origin_line) for a in articles] == [
        ("urn:item:1", "First item", "2024-01-02", "Defence Wire", "en", url, 1),
        ("http://example.org/2", "Second item", "2024-01-03", "Defence Wire", "en", url, 2),
    ]


def test_article_url(local_site: str) -> None:
    url = f"{local_site}/article.html"
    articles, problems = read(url, published="2020-01-01")
    assert problems == []
    assert len(articles) == 1
    a = articles[0]
    assert (a.title, a.url, a.origin, a.origin_line) == ("Missile test reported", url, url, 0)
    assert a.text.startswith("North Korea launched a ballistic missile")
    assert "SCRIPT-IN-BODY" not in a.text
    assert (a.published, a.published_from) == ("2024-03-05", "record")


@pytest.mark.parametrize("name", ["cp1252.html", "latin1.html", "meta.html", "utf8.html"])
def test_article_url_in_its_own_encoding(local_site: str, name: str) -> None:
    """The HTTP charset, else the page's own <meta charset>, decides how the bytes are read."""
    articles, problems = read(f"{local_site}/{name}")
    assert problems == []
    assert len(articles) == 1
    text = articles[0].text
    assert text.startswith("La Corée du Nord a tiré un missile balistique, a indiqué l’état-major à Séoul")
    assert "selon l’ONU" in text and "C’est le troisième tir" in text
    assert "\ufffd" not in text


def test_article_url_in_euc_kr(local_site: str) -> None:
    articles, problems = read(f"{local_site}/euckr.html")
    assert problems == []
    assert articles[0].text.startswith("북한이 화요일 아침 동해상으로 탄도미사일을 발사했다고")


def test_missing_page_is_a_problem(local_site: str) -> None:
    url = f"{local_site}/missing.html"
    articles, problems = read(url)
    assert articles == []
    assert [(p.origin, p.line, p.reason) for p in problems] == [(url, 0, message("E112", detail="File not found"))]


def test_unreachable_url_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    good = write_jsonl(tmp_path / "good.jsonl", {"id": "g1", "text": "Still read."})
    articles, problems = read(url, good)
    assert [a.id for a in articles] == ["g1"]  # the next input is still read
    assert len(problems) == 1
    assert (problems[0].origin, problems[0].severity) == (url, "rejected")
    assert problems[0].reason.startswith("[E112] cannot fetch: ")
    assert "refused" in problems[0].reason.lower()


# --- text normalisation --------------------------------------------------------------------------------------


def test_text_is_nfc_and_keeps_typographic_apostrophes(tmp_path: Path) -> None:
    decomposed = "Cor" + "e\u0301" + "e du Nord"
    assert len(decomposed) == 14
    path = write_jsonl(tmp_path / "norm.jsonl", {
        "id": "n1", "title": f"{decomposed} et l’ONU",
        "text": f"  La {decomposed}\r\na défié l’ONU\u200b, qu’il dit.\x07\r\n",
    })
    articles, problems = read(path)
    assert problems == []
    a = articles[0]
    assert a.title == "Corée du Nord et l’ONU"
    assert a.text == "La Corée du Nord\na défié l’ONU, qu’il dit."
    assert unicodedata.is_normalized("NFC", a.text)
    assert "\u00e9" in a.text and "\u0301" not in a.text
    assert a.text.count("\u2019") == 2  # typographic apostrophes are kept in the stored text
    view = nlp_view(a.text)
    assert len(view) == len(a.text)
    assert view == "La Corée du Nord\na défié l'ONU, qu'il dit."
    start = a.text.index("l’ONU")
    assert view[start:start + 5] == "l'ONU"


def test_same_text_in_decomposed_form_has_same_key_and_id(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "forms.jsonl",
                       {"title": "T", "text": "Corée du Nord"},
                       {"title": "T", "text": "Core\u0301e du Nord"})
    articles, _ = read(path)
    assert articles[0].text == articles[1].text
    assert articles[0].id == articles[1].id
    assert articles[0].text_key == articles[1].text_key
