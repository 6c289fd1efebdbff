"""The text index behind the text filter: which articles hold which word.

An article's words are those of its title and text, folded (any case, any accent) and cut at
anything that is not a letter or a digit ("Hwasong-18" is "hwasong" and "18"). They are rows of the
``article_words`` table, made with the article's other rows (on the workers, for a cluster ingest)
and published in the same snapshot, so the index is never ahead of or behind the articles. The
store keeps each segment's rows sorted by word (``schema.INDEXES``), compaction included: a
search reads only the row groups whose words can match.

A search keeps the articles that hold every word of the query, each as a whole word or as the
beginning of one ("shell" finds "shells"; "wasong" finds nothing).

A store made before the index has none: its readers derive the words in SQL (as slow as scanning
the text, and folding only case and accents), and the next writer (an ingest, ``armswatch compact``)
builds the index for every stored article.
"""

import re

import pyarrow as pa

from armswatch.schema import ARTICLE_WORDS
from armswatch.textnorm import fold

WORD = re.compile(r"\w+")
# scraped state media loses the spaces around bold or linked names ("ComradeKim Jong Ungave"): a word
# is also indexed in its pieces at a lower-case letter followed by a capital ("comrade", "kim"), and a
# name that runs on in lower case ("ungave") is found by its beginning ("un")
GLUED = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")
MAX_WORD = 40  # longer "words" are tokens, hashes or glued junk no analyst types
# what a reader of a store without the index sees as ``article_words`` (the same words, near enough)
_TEXT_SQL = "coalesce(title, '') || ' ' || text"
DERIVED_WORDS_SQL = (
    "SELECT DISTINCT unnest(regexp_extract_all(lower(strip_accents(" + _TEXT_SQL + " || ' ' || regexp_replace("
    + _TEXT_SQL + ", '([a-zß-öø-ÿ])([A-ZÀ-ÖØ-Þ])', '\\1 \\2', 'g'))), '\\w+')) AS word, id AS article_id FROM articles")


def words(text: str) -> list[str]:
    """The distinct folded words of a text (and of its glued words' pieces), sorted."""
    found = set(WORD.findall(fold(text)))
    if GLUED.search(text):
        found.update(WORD.findall(fold(GLUED.sub(" ", text))))
    return sorted(w for w in found if len(w) <= MAX_WORD)


def word_table(articles: list[tuple[str, str, str]]) -> pa.Table:
    """The index rows of (id, title, text) articles."""
    ids, found = [], []
    for article_id, title, text in articles:
        article_words = words(f"{title}\n{text}")
        found += article_words
        ids += [article_id] * len(article_words)
    return pa.Table.from_arrays([pa.array(found, pa.string()), pa.array(ids, pa.string())], schema=ARTICLE_WORDS)


def _next_prefix(prefix: str) -> str:
    """The least string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def search_clause(text: str, args: list, alias: str = "a") -> str:
    """SQL condition: the article ``alias`` holds every word of ``text`` (each as a word or its beginning)."""
    terms = words(text)
    if not terms:
        return "TRUE"
    selects = []
    for term in terms:
        args += [term, _next_prefix(term)]
        selects.append("SELECT article_id FROM article_words WHERE word >= ? AND word < ?")
    return f"{alias}.id IN ({' INTERSECT '.join(selects)})"
