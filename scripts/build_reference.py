"""Build the project's copy of the CNS missile test reference, ``data/reference/cns_missile_tests.csv``.

    python scripts/build_reference.py [SHARED_REFERENCE_DIR]

Reads ``cns_missile_tests.json``, ``cns_missiles.json`` and ``cns_facilities.json`` (default
``../shared/reference``: nagix/nk-missile-tests, derived from the CNS North Korea Missile Test
Database, Apache-2.0) and writes one row per missile of the database, facts only (no description
text): ``date`` (the database's date, mostly UTC), ``time_utc``, ``missile`` (its designation),
``missile_class`` (SRBM, MRBM, IRBM, ICBM, SLBM, SLV, HGV, cruise...), ``facility``, ``latitude``,
``longitude``, ``apogee_km``, ``distance_km``, ``outcome``. The same columns are what ``python -m
armswatch reference import`` reads from an analyst's newer export.
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "reference" / "cns_missile_tests.csv"
COLUMNS = ("date", "time_utc", "missile", "missile_class", "facility", "latitude", "longitude", "apogee_km",
           "distance_km", "outcome")


def _number(value: object) -> str:
    return str(value) if isinstance(value, int | float) else ""


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
    tests = json.loads((folder / "cns_missile_tests.json").read_text(encoding="utf-8"))
    missiles = json.loads((folder / "cns_missiles.json").read_text(encoding="utf-8"))
    facilities = json.loads((folder / "cns_facilities.json").read_text(encoding="utf-8"))["facilities"]
    rows = []
    for test in (t for block in tests["timeBins"] for t in block["data"]):
        missile = missiles.get(test["missile"], {"name": test["missile"], "type": "Unknown"})
        facility = facilities.get(test["facility"], {})
        rows.append({
            "date": test["date"], "time_utc": test["time"].replace(" (UTC)", "") if "UTC" in test["time"] else "",
            "missile": missile["name"], "missile_class": missile["type"],
            "facility": facility.get("name", "") if test["facility"] != "unknown" else "",
            "latitude": facility.get("lat", "") if test["facility"] != "unknown" else "",
            "longitude": facility.get("lon", "") if test["facility"] != "unknown" else "",
            "apogee_km": _number(test["apogee"]), "distance_km": _number(test["distance"]),
            "outcome": test["outcome"],
        })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
