"""Build data/gazetteer/countries.csv: every sovereign state, with English and French names and aliases.

The base list is ISO 3166-1 as shipped by pycountry (French names from its iso3166-1 gettext catalogue),
minus dependent territories, plus Kosovo. Common short names and extra aliases (formal names,
abbreviations, French forms) are curated in the dicts below; edit them here, not in the CSV.

Rerun from the project root after editing:

    python scripts/build_countries.py

Columns: code (ISO alpha-2), name (common English name), name_fr (common French name),
aliases (other names of the state in English and French, separated by "|").
"""

from __future__ import annotations

import csv
import gettext
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "countries.csv"

# ISO 3166-1 entries that are not sovereign states (dependencies, territories, Antarctica, Western Sahara).
_TERRITORIES = (
    "AW AI AX AS AQ TF BQ BL BM BV CC CK CW CX KY EH FK FO GG GI GP GL GF GU HK HM IM IO JE MO "
    "MF MP MS MQ YT NC NF NU PN PR PF RE GS SH SJ SX PM TC TK UM VG VI WF"
)
NOT_SOVEREIGN = frozenset(_TERRITORIES.split())

# Common English short names where ISO uses a formal or inverted form.
NAME_EN: dict[str, str] = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TL": "East Timor",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "BO": "Bolivia",
    "IR": "Iran",
}

# Common French names where the ISO catalogue is formal, inverted or dated.
NAME_FR: dict[str, str] = {
    "BN": "Brunei",
    "BO": "Bolivie",
    "BY": "Biélorussie",
    "CG": "République du Congo",
    "CZ": "République tchèque",
    "FM": "Micronésie",
    "GQ": "Guinée équatoriale",
    "IR": "Iran",
    "KP": "Corée du Nord",
    "KR": "Corée du Sud",
    "LA": "Laos",
    "MD": "Moldavie",
    "PS": "Palestine",
    "RU": "Russie",
    "SB": "Îles Salomon",
    "SY": "Syrie",
    "TW": "Taïwan",
    "TZ": "Tanzanie",
    "VA": "Vatican",
    "VE": "Venezuela",
    "VN": "Vietnam",
}

# Extra aliases: formal names, abbreviations and French forms that news text uses for the state.
EXTRA_ALIASES: dict[str, list[str]] = {
    "AE": ["UAE", "EAU", "Émirats"],
    "BA": ["Bosnia"],
    "BY": ["Belorussia", "République du Bélarus"],
    "CD": ["DR Congo", "DRC", "RDC", "Congo-Kinshasa", "RD Congo"],
    "CG": ["Congo-Brazzaville"],
    "CN": [
        "PRC",
        "République populaire de Chine",
        "RPC",
        "Chine populaire",
        "mainland China",
        "Chine continentale",
    ],
    "CZ": ["Czechia", "Tchéquie"],
    "DE": ["République fédérale d'Allemagne"],
    "FR": ["République française"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "Grande-Bretagne"],
    "IL": ["État d'Israël"],
    "IN": ["République de l'Inde"],
    "IR": ["République islamique d'Iran"],
    "KP": ["DPRK", "D.P.R.K.", "RPDC", "République populaire démocratique de Corée", "N. Korea"],
    "KR": ["Republic of Korea", "ROK", "République de Corée", "S. Korea"],
    "LA": ["Lao PDR", "République démocratique populaire lao"],
    "MM": ["Burma"],
    "NL": ["Holland"],
    "PK": ["République islamique du Pakistan"],
    "PS": ["State of Palestine", "État de Palestine"],
    "RU": ["Fédération de Russie", "Fédération russe"],
    "SG": ["République de Singapour"],
    "SY": ["République arabe syrienne"],
    "SZ": ["Swaziland"],
    "TR": ["Türkiye"],
    "TW": ["Republic of China", "République de Chine", "Chinese Taipei", "Taipei chinois"],
    "US": ["United States of America", "U.S.", "US", "USA", "U.S.A.", "Etats-Unis", "États-Unis d'Amérique"],
    "VA": ["Holy See", "Saint-Siège", "Vatican City State", "Cité du Vatican"],
    "VN": ["Viet Nam", "Viêt Nam", "Socialist Republic of Vietnam", "République socialiste du Viêt Nam"],
}

# Aliases never emitted (ambiguous between two states, or not how text names the state).
BLOCKED = {"congo"}

# States missing from ISO 3166-1 (user-assigned code).
EXTRA_ROWS = [("XK", "Kosovo", "Kosovo", ["Republic of Kosovo", "République du Kosovo"]),
              # a former state that state media still names, in its ISO 3166-3 code
              ("SU", "Soviet Union", "Union soviétique",
               ["USSR", "U.S.S.R.", "URSS", "Union of Soviet Socialist Republics"])]


def _aliases(code: str, name: str, name_fr: str, candidates: list[str]) -> list[str]:
    seen = {name.casefold(), name_fr.casefold()}
    out: list[str] = []
    for raw in candidates + EXTRA_ALIASES.get(code, []):
        alias = raw.removeprefix("the ").strip()
        key = alias.casefold()
        if not alias or "," in alias or "(" in alias or key in seen or key in BLOCKED:
            continue
        seen.add(key)
        out.append(alias)
    return out


def build_rows() -> list[tuple[str, str, str, list[str]]]:
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows: list[tuple[str, str, str, list[str]]] = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in NOT_SOVEREIGN:
            continue
        iso_fr = fr.gettext(country.name)
        name = NAME_EN.get(code, getattr(country, "common_name", country.name))
        name_fr = NAME_FR.get(code, iso_fr)
        candidates = [country.name, getattr(country, "official_name", ""), iso_fr]
        rows.append((code, name, name_fr, _aliases(code, name, name_fr, candidates)))
    rows += [(c, n, f, _aliases(c, n, f, a)) for c, n, f, a in EXTRA_ROWS]
    return sorted(rows)


def main() -> None:
    rows = build_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "name_fr", "aliases"])
        for code, name, name_fr, aliases in rows:
            writer.writerow([code, name, name_fr, "|".join(aliases)])
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
