"""An article's text as HTML with its entity mentions highlighted; every piece of text is escaped."""

import html

import pandas as pd

COLOURS = {"PERSON": "#fde2a7", "ORG": "#cfe3ff", "COUNTRY": "#d6f5d6", "PLACE": "#c8f0ec", "WEAPON": "#ffd1d1",
           "WEAPON_TYPE": "#f3d9fa", "EXERCISE": "#e6e6e6"}


def highlighted_html(text: str, mentions: pd.DataFrame) -> str:
    """Text with non-overlapping mentions wrapped in coloured marks (title: type and canonical name)."""
    parts, cursor = [], 0
    for m in mentions.sort_values(["start", "end"], ascending=[True, False]).itertuples():
        if m.start < cursor:  # nested mention ("South Korea" inside "South Korea's JCS"): the outer one shows
            continue
        colour = COLOURS.get(m.entity_type, "#eeeeee")
        label = html.escape(f"{m.entity_type}: {m.entity}", quote=True)
        parts.append(html.escape(text[cursor:m.start]))
        parts.append(f'<mark style="background:{colour};padding:0 2px;border-radius:3px" title="{label}">'
                     f"{html.escape(text[m.start:m.end])}</mark>")
        cursor = m.end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts).replace("\n", "<br>")


def legend_html() -> str:
    return " ".join(f'<mark style="background:{c};padding:0 4px;border-radius:3px">{html.escape(t)}</mark>'
                    for t, c in COLOURS.items())
