"""Validate the bundled sample corpus, ``data/sample/articles.jsonl``.

Checks that every line is a JSON object with exactly the fields ``id, title, text, published, source,
url, lang``; that ids are unique; that ``lang`` is ``en`` or ``fr``; that ``published`` is a valid
``YYYY-MM-DD`` date between 2017-01-01 and 2026-12-31; that each text has 120 to 500 words and each
title at most 120 characters; that ``source`` is one of the generic labels; that there are at least
80 articles, French and English each between 40 % and 60 % of them, and at least 2 articles in every
year from 2017 to 2026; and that the "Distinct events" table of ``SOURCES.md`` beside it is numbered
and names only articles of the corpus. Prints one line per problem and exits with status 1 if there
is any; else prints the corpus in figures (articles, languages, years, distinct events, events
reported in both languages).

    python scripts/check_sample.py [PATH]
"""

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "sample" / "articles.jsonl"
FIELDS = {"id", "title", "text", "published", "source", "url", "lang"}
LANGS = {"en", "fr"}
SOURCES = {
    "wire service",
    "regional daily",
    "state media",
    "defence weekly",
    "national daily",
    "analysis newsletter",
    "agence de presse",
    "quotidien régional",
    "médias d'État",
    "hebdomadaire de défense",
    "quotidien national",
    "lettre d'analyse",
}
FIRST_DAY, LAST_DAY = date(2017, 1, 1), date(2026, 12, 31)
MIN_WORDS, MAX_WORDS, MAX_TITLE = 120, 500, 120
MIN_ARTICLES, MIN_PER_YEAR = 80, 2
MIN_SHARE, MAX_SHARE = 0.40, 0.60


def check_record(record: dict, where: str) -> list[str]:
    """Problems with one article record (``where`` names its line)."""
    problems = []
    keys = set(record)
    if keys != FIELDS:
        missing, extra = sorted(FIELDS - keys), sorted(keys - FIELDS)
        problems.append(f"{where}: fields differ (missing {missing}, unexpected {extra})")
    if record.get("lang") not in LANGS:
        problems.append(f"{where}: lang {record.get('lang')!r} is not 'en' or 'fr'")
    published = record.get("published")
    try:
        day = date.fromisoformat(published) if isinstance(published, str) and len(published) == 10 else None
    except ValueError:
        day = None
    if day is None:
        problems.append(f"{where}: published {published!r} is not a YYYY-MM-DD date")
    elif not FIRST_DAY <= day <= LAST_DAY:
        problems.append(f"{where}: published {published} is outside {FIRST_DAY}..{LAST_DAY}")
    text = record.get("text")
    words = len(text.split()) if isinstance(text, str) else 0
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"{where}: text has {words} words, expected {MIN_WORDS}-{MAX_WORDS}")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: title is missing")
    elif len(title) > MAX_TITLE:
        problems.append(f"{where}: title has {len(title)} characters, at most {MAX_TITLE} allowed")
    if record.get("source") not in SOURCES:
        problems.append(f"{where}: source {record.get('source')!r} is not one of the generic labels")
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        problems.append(f"{where}: url must be a string or null")
    return problems


def check_file(path: Path) -> list[str]:
    """Every problem found in the corpus file at ``path``."""
    if not path.is_file():
        return [f"{path}: file not found"]
    problems: list[str] = []
    records: list[dict] = []
    ids: Counter[str] = Counter()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{path.name}:{number}"
            if not line.strip():
                problems.append(f"{where}: empty line")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: invalid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            where = f"{where} ({record.get('id')})"
            problems.extend(check_record(record, where))
            ids[str(record.get("id"))] += 1
            records.append(record)
    problems.extend(f"id {key!r} appears {count} times" for key, count in ids.items() if count > 1)
    problems.extend(check_corpus(records))
    return problems


def check_corpus(records: list[dict]) -> list[str]:
    """Problems with the corpus as a whole: size, language balance, years covered."""
    problems = []
    total = len(records)
    if total < MIN_ARTICLES:
        problems.append(f"{total} articles, at least {MIN_ARTICLES} expected")
    langs = Counter(record.get("lang") for record in records)
    for lang in sorted(LANGS):
        share = langs[lang] / total if total else 0.0
        if not MIN_SHARE <= share <= MAX_SHARE:
            problems.append(f"{lang}: {langs[lang]} of {total} articles ({share:.0%}), expected 40-60%")
    years = Counter(str(record.get("published"))[:4] for record in records)
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        if years[str(year)] < MIN_PER_YEAR:
            problems.append(f"{year}: {years[str(year)]} articles, at least {MIN_PER_YEAR} expected")
    return problems


def distinct_events(sources: Path) -> list[tuple[str, list[str]]]:
    """(number, article ids) of each row of the "Distinct events" table of SOURCES.md."""
    text = sources.read_text(encoding="utf-8")
    table = text.split("## Distinct events", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append((cells[0], [a.strip() for a in cells[3].split(",") if a.strip()]))
    return rows


def summary(path: Path, sources: Path) -> tuple[list[str], str]:
    """Problems with the events table of SOURCES.md (numbering, unknown articles), and the corpus in one line."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    langs = {r["id"]: r["lang"] for r in records}
    rows = distinct_events(sources)
    problems = [f"SOURCES.md event {n}: unknown article {a}" for n, ids in rows for a in ids if a not in langs]
    if [n for n, _ in rows] != [str(i) for i in range(1, len(rows) + 1)]:
        problems.append("SOURCES.md: the distinct events are not numbered 1, 2, 3, ...")
    both = sum(1 for _, ids in rows if {langs.get(a) for a in ids} >= LANGS)
    counts = Counter(langs.values())
    years = sorted(str(r["published"])[:4] for r in records)
    words = sorted(len(r["text"].split()) for r in records)
    line = (f"{len(records)} articles ({counts['en']} English, {counts['fr']} French, {words[0]}-{words[-1]} words), "
            f"{years[0]}-{years[-1]}; "
            f"{len(rows)} distinct real events in SOURCES.md, {both} of them reported in both languages")
    return problems, line


def main(argv: list[str] | None = None) -> int:
    """Check the corpus (the path given, else the bundled sample) and, for the bundled sample, its
    SOURCES.md; print problems (1 if any), else the corpus in figures."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    problems = check_file(path)
    sources = path.parent / "SOURCES.md"
    line = ""
    if not problems and sources.exists():
        more, line = summary(path, sources)
        problems += more
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"{path}: OK" + (f"\n{line}" if line else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
