"""A processed doc → mention rows and per-article entity rows (the ``mentions`` and ``entities`` tables)."""

from collections import Counter

from spacy.tokens import Doc

from armswatch.gazetteer import Entry
from armswatch.nlp.domain import NESTED_KEY
from armswatch.nlp.linker import COUNTRY_KEY
from armswatch.records import Mention

ENTITY_COLUMNS = ("article_id", "entity", "entity_type", "country", "weapon_type", "latitude", "longitude",
                  "mentions")


def doc_mentions(doc: Doc, article_id: str, text: str, lookup: dict[tuple[str, str], Entry],
                 offset: int = 0) -> list[Mention]:
    """One mention per entity span (nested names included); surface and sentence are cut from ``text``,
    which starts at ``offset`` in the article (very long articles are read in pieces)."""
    rows = []
    spans = sorted([*doc.ents, *doc.spans.get(NESTED_KEY, [])], key=lambda span: (span.start, -len(span)))
    qualifiers = doc.user_data.get(COUNTRY_KEY, {})
    for ent in spans:
        entry = lookup.get((ent.label_, ent.kb_id_))
        sentence = ent.sent
        weapon_type = entry.weapon_type if entry else ""
        rows.append(Mention(
            article_id=article_id,
            entity=ent.kb_id_,
            entity_type=ent.label_,
            text=text[ent.start_char:ent.end_char],
            start=offset + ent.start_char,
            end=offset + ent.end_char,
            sentence=text[sentence.start_char:sentence.end_char].strip(),
            origin="gazetteer" if entry else "model",
            country=entry.country if entry else _country(qualifiers.get((ent.start, ent.end)), lookup),
            weapon_type=weapon_type,
            latitude=entry.latitude if entry else None,
            longitude=entry.longitude if entry else None,
        ))
    return rows


def _country(name: str | None, lookup: dict[tuple[str, str], Entry]) -> str:
    """The code of the country a name's qualifier names ("... of the DPRK" → KP)."""
    entry = lookup.get(("COUNTRY", name)) if name else None
    return entry.country if entry else ""


def entity_rows(mentions: list[Mention]) -> list[tuple]:
    """Article × entity with its mention count, in order of first mention."""
    counts = Counter((m.entity_type, m.entity) for m in mentions)
    rows, seen = [], set()
    for m in mentions:
        key = (m.entity_type, m.entity)
        if key not in seen:
            seen.add(key)
            rows.append((m.article_id, m.entity, m.entity_type, m.country, m.weapon_type, m.latitude,
                         m.longitude, counts[key]))
    return rows
