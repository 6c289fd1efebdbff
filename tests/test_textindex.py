"""The text index behind the text filter: words, search semantics, and a store made before it."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from armswatch.ingest import ingest
from armswatch.queries import entities
from armswatch.queries.filters import Filters
from armswatch.schema import ARTICLES
from armswatch.store import Store
from armswatch.textindex import word_table, words

ARTICLES_TEXT = {
    "a1": ("Essai", "La Corée du Nord a tiré un Hwasong-18 près de Koursk."),
    "a2": ("Shells", "Russia received artillery shells from North Korea."),
    "a3": ("Drills", "South Korean forces held drills; no shell was fired."),
    "a4": ("", "KCNA: the DPRK's ÉTAT-MAJOR said nothing. 100% l’ONU"),
    "a5": ("Glued", "Respected ComradeKim Jong Ungave field guidance at the shipyard."),
}


def test_words_are_folded_distinct_and_cut_at_non_letters():
    assert words("La Corée du Nord a tiré un Hwasong-18, la CORÉE.") == [
        "18", "a", "coree", "du", "hwasong", "la", "nord", "tire", "un"]
    assert words("l’ONU, l'ONU") == ["l", "onu"]
    assert words("x" * 41 + " ok") == ["ok"]  # no analyst types a 41-letter word
    assert words("ComradeKim Jong Ungave, DPRK") == ["comrade", "comradekim", "dprk", "jong", "kim", "ungave"]


def test_index_rows_are_stored_by_word_then_article(tmp_path: Path):
    store = Store(tmp_path)
    with store.writer() as writer:
        writer.append({"article_words": word_table([("b", "", "zeta alpha"), ("a", "Alpha", "")])})
    (segment,) = store.snapshot().paths("article_words")
    assert pq.read_table(segment).to_pylist() == [
        {"word": "alpha", "article_id": "a"}, {"word": "alpha", "article_id": "b"}, {"word": "zeta", "article_id": "b"}]


def _records() -> list[dict]:
    return [{"id": i, "title": t, "text": x, "lang": "de"} for i, (t, x) in ARTICLES_TEXT.items()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("textindex")
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    store = Store(folder / "store")
    ingest([str(path)], store)  # German: stored without NLP, indexed all the same
    return store


def found(store: Store, text: str) -> set[str]:
    con = store.snapshot().connect()
    filtered = entities.article_where(Filters(text=text), args := [])
    return {row[0] for row in con.execute(f"SELECT a.id FROM articles a WHERE {filtered}", args).fetchall()}


@pytest.mark.parametrize(("text", "ids"), [
    ("hwasong", {"a1"}),
    ("Hwasong-18", {"a1"}),  # both words
    ("coree", {"a1"}), ("CORÉE", {"a1"}),  # any case, any accent
    ("koursk", {"a1"}),
    ("shell", {"a2", "a3"}),  # a word or its beginning: shell, shells
    ("shells", {"a2"}),
    ("korea", {"a2", "a3"}),  # "Korean" begins with "korea"
    ("north korea", {"a2"}),  # every word
    ("korea shells", {"a2"}),
    ("wasong", set()),  # not the middle of a word
    ("drills", {"a3"}),  # the title counts too
    ("etat-major", {"a4"}), ("onu", {"a4"}), ("100", {"a4"}),
    ("zzz", set()),
    ("kim jong un", {"a5"}), ("comrade", {"a5"}),  # scraping glued "Comrade" and "Kim", "Un" and "gave"
    ("dprk", {"a4"}),  # capitals are not cut apart
])
def test_a_search_keeps_articles_with_every_word(store: Store, text: str, ids: set[str]):
    assert found(store, text) == ids


def test_a_search_of_no_word_filters_nothing(store: Store):
    assert found(store, " -- ") == set(ARTICLES_TEXT)
    assert entities.article_count(store.snapshot().connect(), Filters(text="…")) == len(ARTICLES_TEXT)


def _old_store(root: Path) -> Store:
    """A store as a release before the index wrote it: articles, no article_words."""
    store = Store(root)
    rows = [{"id": r["id"], "title": r["title"], "text": r["text"], "lang": "de"} for r in _records()]
    with store.writer() as writer:
        writer.append({"articles": pa.Table.from_pylist(rows, ARTICLES)})
    return store


def test_a_store_made_before_the_index_is_searched_all_the_same(tmp_path: Path, store: Store):
    old = _old_store(tmp_path / "old")
    assert old.snapshot().paths("article_words") == []
    for text in ("hwasong", "coree", "shell", "north korea", "etat-major", "wasong", "kim jong un", "dprk"):
        assert found(old, text) == found(store, text), text


def test_the_next_writer_builds_the_index_of_every_stored_article(tmp_path: Path, store: Store):
    old = _old_store(tmp_path / "old")
    with old.writer() as writer:
        writer.compact()  # what an ingest does at its end
    assert old.snapshot().paths("article_words")
    index = old.snapshot().connect().execute("SELECT word, article_id FROM article_words ORDER BY 1, 2").fetchall()
    assert index == store.snapshot().connect().execute(
        "SELECT word, article_id FROM article_words ORDER BY 1, 2").fetchall()
