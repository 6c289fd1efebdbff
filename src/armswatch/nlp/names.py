"""Proper names the gazetteer does not list, found and typed by their head noun (``name_heads.csv``).

State media names hundreds of farms, factories, counties, committees and institutes; an analyst
counts "Kumsong Tractor Factory" and "Uiju County" as places and "Institute for American
Studies" as an organisation, and never "Uiju" alone nor the Unha launcher in "Unha Trade
Bureau". A run of capitalised words that ends in a head noun ("... Factory", "... County",
"... Committee"), or that starts with an organisation's head followed by "of"/"for" and more
capitalised words ("Ministry of Land and Maritime Transport"), is one name of the head's type;
a gazetteer place, weapon or organisation inside it is part of that name, not a mention of its
own. Only English names are read this way (a French name leads with its head: "ferme Okdok").
"""

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

JOINERS = {"'s", "’s", "'", "-"}  # inside a name before its head: "Schoolchildren's Palace", "Workers' Party"
LEADING_WORDS = {"The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "Our", "His", "Her"}
NUMBER_WORDS = {"No", "No."}
NUMBERED = {"Unit", "Brigade", "Division", "Corps", "Regiment"}  # heads a bare number follows: "Unit 731"


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _after_head(doc: Doc, end: int) -> int:
    """The end of a name once a number after its head is included ("Power Station No. 1", "Unit 731")."""
    i = end
    if i < len(doc) and doc[i].text in NUMBER_WORDS:
        i += 1
        if i < len(doc) and doc[i].text == ".":
            i += 1
    return i + 1 if i < len(doc) and doc[i].like_num and (i > end or doc[end - 1].text in NUMBERED) else end


def _run_before(doc: Doc, head: int) -> int:
    """The start of the capitalised run that ends at ``head``, within its sentence ("Kumsong Tractor",
    "Mangyongdae Schoolchildren's", "Pyongyang Indoor")."""
    start = head
    for i in range(head - 1, -1, -1):
        token = doc[i]
        joined = token.text in JOINERS and i > 0 and _capitalised(doc[i - 1])
        if not joined and not (_capitalised(token) and token.text not in LEADING_WORDS):
            break
        start = i
        if token.is_sent_start:
            break
    while start < head and (doc[start].text in JOINERS or doc[start].like_num):
        start += 1  # "Eighth Party Congress", "33rd Olympiad": an occasion, not a name
    return start


def _run_after(doc: Doc, head: int) -> int:
    """The end of "<Head> of/for/to [the] Capitalised ..." ("Ministry of Land and Maritime Transport",
    "Committee of the Workers' Party of Korea", "Monument to Party Founding")."""
    i = head + 1
    if i >= len(doc) or doc[i].lower_ not in {"of", "for", "to"}:
        return head + 1
    end = head + 1
    while i < len(doc):
        link = doc[i].lower_ in {"of", "for", "to"} or doc[i].text in JOINERS or (
            doc[i].lower_ == "the" and doc[i - 1].lower_ in {"of", "for", "to"}) or (
            doc[i].lower_ == "and" and i + 1 < len(doc) and _capitalised(doc[i + 1]))
        if link:
            i += 1  # a link inside the name, kept only if capitals follow
            continue
        if not _capitalised(doc[i]) or doc[i].is_sent_start:
            break
        i += 1
        end = i
    return end


@dataclass(frozen=True)
class NameHeads:
    """The head nouns of one language: word → PLACE or ORG, and plural → word ("counties" → "County")."""

    types: dict[str, str]
    plurals: dict[str, str]


def head_type(span: Span, heads: dict[str, str]) -> str | None:
    """The type a name's head noun gives it: its last capitalised word, or its first for "X of Y"."""
    last = span[-1]
    if last.like_num and len(span) > 2 and span[-2].text in NUMBER_WORDS:
        last = span[-3]
    if last.text in heads:
        return heads[last.text]
    first = span[0]
    if len(span) > 2 and span[1].lower_ in {"of", "for", "to"} and first.text in heads:
        return heads[first.text]
    return None


def _coordinated(doc: Doc, plural: int) -> list[tuple[int, int]]:
    """The conjuncts before a plural head: "Usi, Kyongsong and Kumya counties" → Usi, Kyongsong, Kumya."""
    conjuncts, end, i = [], plural, plural - 1
    while i >= 0:
        start = i
        while start >= 0 and _capitalised(doc[start]) and not doc[start].like_num:
            start -= 1
        if start + 1 == end:  # no capitalised words here
            break
        conjuncts.append((start + 1, end))
        if start < 0 or doc[start].lower_ not in {"and", ","} or doc[start + 1].is_sent_start:
            break
        end, i = start, start - 1
    return conjuncts[::-1] if len(conjuncts) > 1 else []


def headed_names(doc: Doc, heads: NameHeads) -> list[Span]:
    """Every name the head nouns find in an English doc, labelled PLACE or ORG, with the name as ``kb_id``."""
    found = []
    for token in doc:
        if (singular := heads.plurals.get(token.lower_)) is not None:  # "Jonchon and Songgan counties"
            label = heads.types[singular]
            found += [Span(doc, s, e, label=label, kb_id=f"{doc[s:e].text} {singular}")
                      for s, e in _coordinated(doc, token.i)]
            continue
        label = heads.types.get(token.text)
        if label is None or not _capitalised(token):
            continue
        start = _run_before(doc, token.i)
        end = _after_head(doc, token.i + 1)
        if label == "ORG" or start == token.i:  # "Committee of the WPK", "Tower of the Juche Idea"; not "County
            end = max(end, _run_after(doc, token.i))  # of North Phyongan Province"
        if end - start < 2:  # a head alone ("Farm workers", "the Committee") names nothing
            continue
        span = doc[start:end]
        found.append(Span(doc, start, end, label=label, kb_id=span.text))
    return found
