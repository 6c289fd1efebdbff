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

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

JOINERS = {"'s", "’s", "'", "-"}  # inside a name before its head: "Schoolchildren's Palace", "Workers' Party"
LINKS = {"of", "for", "to", "in", "with"}  # inside a name after its head: "Association of Koreans in China"
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"}
TIME_WORDS = MONTHS | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
LEADING_WORDS = {"The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "Our", "His", "Her"}
NUMBER_WORDS = {"No", "No."}
# heads a bare number follows: "Unit 731", "Pyongyang Electric Cable General Factory 326"
NUMBERED = {"Unit", "Brigade", "Division", "Corps", "Regiment", "Factory", "Plant", "Mine", "Works", "School"}


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


def _run_before(doc: Doc, head: int, heads: frozenset[str] = frozenset()) -> int:
    """The start of the capitalised run that ends at ``head``, within its sentence ("Kumsong Tractor",
    "Mangyongdae Schoolchildren's", "Pyongyang Indoor")."""
    start = head
    for i in range(head - 1, -1, -1):
        token = doc[i]
        joined = (token.text in JOINERS and i > 0 and _capitalised(doc[i - 1])) or (
            token.lower_ == "and" and i == head - 2 and i > 0 and _capitalised(doc[i - 1])  # "Iron and Steel
            and doc[i - 1].text not in heads) or (
            token.is_lower and i > 0 and doc[i - 1].text == "-")  # Complex" (not "County and Hungnam District"),
        # "Stock-breeding Farm"
        if not joined and not (_capitalised(token) and token.text not in LEADING_WORDS):
            break
        start = i
        if token.is_sent_start:
            break
    if start >= 2 and doc[start - 1].like_num and doc[start - 2].text in MONTHS:
        return start - 2  # named after a date: "February 8 Vinalon Complex", "April 25 House of Culture"
    while start < head and (doc[start].text in JOINERS or doc[start].like_num):
        start += 1  # "Eighth Party Congress", "33rd Olympiad": an occasion, not a name
    return start


def _run_after(doc: Doc, head: int, surnames: frozenset[str] = frozenset()) -> int:
    """The end of "<Head> of/for/to/in/with [the] Capitalised ..." ("Ministry of Land and Maritime Transport",
    "Committee of the Workers' Party of Korea", "Monument to Party Founding", "Association of Koreans in China")."""
    i = head + 1
    if i >= len(doc) or doc[i].lower_ not in LINKS:
        return head + 1
    end = head + 1
    while i < len(doc):
        link = doc[i].lower_ in LINKS or doc[i].text in JOINERS or (
            doc[i].lower_ == "the" and doc[i - 1].lower_ in LINKS) or (
            doc[i].lower_ == "and" and i + 1 < len(doc) and _capitalised(doc[i + 1])
            and doc[i + 1].text not in surnames)  # "... of the WPK and Pang Tu Sop": a person follows
        if link:
            i += 1  # a link inside the name, kept only if capitals follow
            continue
        if not _capitalised(doc[i]) or doc[i].is_sent_start or doc[i].text in TIME_WORDS:
            break  # "... Committee in December": a date, not part of the name
        i += 1
        end = i
    return end


@dataclass(frozen=True)
class NameHeads:
    """The head words of one language: a word that ends a name → PLACE, ORG or NONE (an occasion: "... Contest");
    a word that starts one ("Mt") → its type; a plural → its word ("counties" → "County"); Korean family names;
    titles before a person's name; nouns before a ship's name."""

    types: dict[str, str] = field(default_factory=dict)
    leading: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, str] = field(default_factory=dict)
    surnames: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    vessels: frozenset[str] = frozenset()


def head_type(span: Span, heads: NameHeads) -> str | None:
    """The type a name's head word gives it: its last word, its first for "X of Y", a leading word ("Mt")."""
    last = span[-1]
    if last.like_num and len(span) > 2 and span[-2].text in NUMBER_WORDS:
        last = span[-3]
    if last.text in heads.types:
        return heads.types[last.text]
    first = span[0]
    if len(span) > 2 and span[1].lower_ in {"of", "for", "to"} and first.text in heads.types:
        return heads.types[first.text]
    if len(span) > 1 and first.text in heads.leading:
        return heads.leading[first.text]
    return None


def korean_name(span: Span, surnames: frozenset[str]) -> bool:
    """A family name and one or two short given-name syllables: "Pak Mi Song", "Om Pong Guk", "Ri Hwang"."""
    return (2 <= len(span) <= 3 and span[0].text in surnames
            and all(t.is_alpha and t.text.istitle() and len(t) <= 6 for t in span))


# "RC-135", "U-2S", "B-1B", "F-35A", "KN-23", and their plurals ("five RC-135s")
DESIGNATION = re.compile(r"^([A-Z]{1,4}-\d{1,4}[A-Z]{0,3})s?$")
NOT_DESIGNATION = re.compile(r"^(COVID-\d+|G-\d+|P-\d|U-\d\d|[A-Z]-\d{4})$")  # a virus, a group, "U-20" teams, "A-2024"


def designations(doc: Doc) -> list[Span]:
    """Military designations the gazetteer does not list, as weapons: "RC-135", "RQ-4B", "B-21 Raider"."""
    found = []
    for token in doc:
        match = DESIGNATION.match(token.text)
        if not match or NOT_DESIGNATION.match(match.group(1)):
            continue
        name, end = match.group(1), token.i + 1
        if end < len(doc) and doc[end].text.istitle() and doc[end].is_alpha and not doc[end].is_sent_start:
            name, end = f"{name} {doc[end].text}", end + 1  # its name: "B-21 Raider"
        found.append(Span(doc, token.i, end, label="WEAPON", kb_id=name))
    return found


def _coordinated(doc: Doc, plural: int) -> list[tuple[int, int]]:
    """The conjuncts before a plural head: "Usi, Kyongsong and Kumya counties" → Usi, Kyongsong, Kumya;
    "Kundong and Nongpho vegetable farms" → Kundong, Nongpho (the modifier is part of each name)."""
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
    """Every name the head words find in an English doc, labelled PLACE, ORG or NONE, with the name as ``kb_id``."""
    found = []
    for token in doc:
        if (singular := heads.plurals.get(token.lower_)) is not None:  # "Jonchon and Songgan counties"
            label = heads.types[singular]
            modifiers = token.i
            while modifiers > token.i - 2 and doc[modifiers - 1].is_lower and doc[modifiers - 1].is_alpha:
                modifiers -= 1  # "vegetable farms": each is a "... Vegetable Farm"
            head = " ".join([*(t.text.title() for t in doc[modifiers:token.i]), singular])
            found += [Span(doc, s, e, label=label, kb_id=f"{doc[s:e].text} {head}")
                      for s, e in _coordinated(doc, modifiers)]
            continue
        if (label := heads.leading.get(token.text)) is not None:  # "Mt Chilbo", "Gulf of Oman"
            start, end = token.i, token.i + 1
            while end < len(doc) and _capitalised(doc[end]) and not doc[end].is_sent_start:
                end += 1
            end = max(end, _run_after(doc, token.i, heads.surnames))
        elif (label := heads.types.get(token.text)) is not None and _capitalised(token):
            start = _run_before(doc, token.i, frozenset(heads.types))
            end = _after_head(doc, token.i + 1)
            if label == "ORG" or start == token.i:  # "Committee of the WPK", "Tower of the Juche Idea"; not "County
                end = max(end, _run_after(doc, token.i, heads.surnames))  # of North Phyongan Province"
        else:
            continue
        if end - start < 2:  # a head alone ("Farm workers", "the Committee") names nothing
            continue
        found.append(Span(doc, start, end, label=label, kb_id=doc[start:end].text))
    return found
