"""Entity and event scoring for the accuracy gates, by the rules of the shared scorer
(``../shared/eval/score.py``), which tests may not read.

Entities: per article, a predicted (type, name) is right when the name, ignoring case, accents,
spaces and punctuation, is the answer key's name or one of its aliases (a country also by its
code); each key entity counts once; weapon types are compared as sets.

Events: per article, predicted events are distinct (type, date at its precision, actor); one
matches a key event of the same type and actor (any actor when the key has none), first where
the date agrees too, then regardless; "detection" counts the matches, "dated" those whose date
agrees (a key event without a date accepts any)."""

import csv
import json
import unicodedata
from pathlib import Path

from armswatch.export import export_csv
from armswatch.ingest import ingest
from armswatch.store import Store

TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE", "WEAPON")


def norm(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text or "") if c.isalnum()).casefold()


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(gold: list[dict], rows: list[dict]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per entity type, over all entities ("all") and of weapon types."""
    counts = {t: [0, 0, 0] for t in TYPES}
    weapon_types = [0, 0, 0]
    for article in gold:
        keys = [(e["type"], {norm(n) for n in [e["name"], *e.get("aliases", [])]} - {""}, e.get("code", ""))
                for e in article["gold"]["entities"]]
        mine = [r for r in rows if r["article_id"] == article["id"]]
        predicted = {}
        for row in mine:
            if row["entity_type"] in TYPES and norm(row["entity"]):
                predicted.setdefault((row["entity_type"], norm(row["entity"])), row)
        used: set[int] = set()
        for (kind, name), row in predicted.items():
            counts[kind][1] += 1
            hit = next((i for i, (t, names, code) in enumerate(keys) if i not in used and t == kind
                        and (name in names or (kind == "COUNTRY" and code and row["country"] == code))), None)
            if hit is not None:
                used.add(hit)
                counts[kind][0] += 1
        for kind, _, _ in keys:
            counts[kind][2] += 1
        gold_types = set(article["gold"]["weapon_types"])
        my_types = {r["weapon_type"] for r in mine} - {""}
        weapon_types[0] += len(gold_types & my_types)
        weapon_types[1] += len(my_types)
        weapon_types[2] += len(gold_types)
    figures = {t: prf(*c) for t, c in counts.items()}
    figures["all"] = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    figures["weapon_types"] = prf(*weapon_types)
    return figures


PRECISION_LEN = {"day": 10, "month": 7, "year": 4}


def _date_ok(key: str | None, predicted: str) -> bool:
    return not key or (len(predicted) >= len(key) and predicted[:len(key)] == key)


def score_events(gold: list[dict], rows: list[dict]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of event detection (type and actor) and of dated events (the date too)."""
    matched = dated = predicted_count = key_count = 0
    for article in gold:
        keys = article["gold"]["events"]
        predicted = list(dict.fromkeys(
            (r["event_type"], r["date"][:PRECISION_LEN.get(r["date_precision"], 10)], r["country"].upper())
            for r in rows if r["article_id"] == article["id"] and r["event_type"]))
        predicted_count += len(predicted)
        key_count += len(keys)
        used_keys, used = set(), set()
        for strict in (True, False):
            for k, key in enumerate(keys):
                for p, (kind, day, actor) in enumerate(predicted):
                    if k in used_keys or p in used or kind != key["type"]:
                        continue
                    if (key.get("country") and actor != key["country"].upper()) or \
                            (strict and not _date_ok(key.get("date"), day)):
                        continue
                    used_keys.add(k)
                    used.add(p)
                    matched += 1
                    dated += _date_ok(key.get("date"), day)
    return {"detection": prf(matched, predicted_count, key_count), "dated": prf(dated, predicted_count, key_count)}


def rows_of(answer_keys: list[Path], work: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    """The answer keys' articles, and the entity and event rows Arms Watch extracts from them (keys stripped)."""
    gold = [json.loads(line) for key in answer_keys for line in key.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    articles = work / "articles.jsonl"
    articles.write_text("".join(json.dumps({k: v for k, v in a.items() if k != "gold"}, ensure_ascii=False) + "\n"
                                for a in gold), encoding="utf-8")
    store = Store(work / "store")
    assert ingest([str(articles)], store).ingested == len(gold)
    tables = {}
    for table in ("entities", "events"):
        out = work / f"{table}.csv"
        with out.open("w", encoding="utf-8", newline="") as f:
            export_csv(store, table, f, raw=True)
        with out.open(encoding="utf-8") as f:
            tables[table] = list(csv.DictReader(f))
    return gold, tables


def entities_of(answer_key: Path, work: Path) -> tuple[list[dict], list[dict]]:
    """The answer key's articles, and the entity rows Arms Watch extracts from them (keys stripped first)."""
    gold, tables = rows_of([answer_key], work)
    return gold, tables["entities"]
