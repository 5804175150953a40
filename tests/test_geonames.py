"""Building SQLite gazetteers from GeoNames dumps: ``geoincidents.geonames`` and ``gazetteer build``."""

from __future__ import annotations

import itertools
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoincidents.cli import cli
from geoincidents.errors import GazetteerError
from geoincidents.gazetteer import Gazetteer
from geoincidents.geonames import build_gazetteer, kind_of

DATA = Path(__file__).parent / "data" / "geonames"


@pytest.fixture
def path_geonames_dump() -> Path:
    return DATA / "XX.txt"


@pytest.fixture
def path_alternate_names() -> Path:
    return DATA / "alternateNamesV2.txt"


@pytest.fixture
def path_admin1_codes() -> Path:
    return DATA / "admin1CodesASCII.txt"


@pytest.fixture
def geonames_gazetteer(tmp_path, path_geonames_dump, path_alternate_names, path_admin1_codes) -> Gazetteer:
    out = tmp_path / "xx.sqlite"
    build_gazetteer(path_geonames_dump, out, alternate_names=path_alternate_names, admin1_codes=path_admin1_codes)
    return Gazetteer.open(out)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_build_writes_every_place_with_its_geonames_id(geonames_gazetteer):
    assert len(geonames_gazetteer) == 20
    m = geonames_gazetteer.resolve("Deir ez-Zor")
    assert (m.id, m.source, m.kind, m.country, m.admin1) == (
        "geonames:170794", "geonames:170794", "city", "SY", "Deir ez-Zor")
    assert (m.lat, m.lon) == (35.33588, 40.14084)


@pytest.mark.parametrize("spelling, geonameid", [
    ("Hajine", 174506),            # only in alternateNamesV2.txt
    ("Deir Ezzoro", 170794),
    ("al-Bokamal", 174448),
    ("Qamishlo", 173377),
    ("Hasaka", 173811),
    ("دير الزور", 170794),          # Arabic script
])
def test_spellings_resolve_through_alternate_names(geonames_gazetteer, spelling, geonameid):
    assert geonames_gazetteer.resolve(spelling).id == f"geonames:{geonameid}"


def test_links_airport_codes_and_unknown_ids_are_skipped(geonames_gazetteer):
    names = {n for p in geonames_gazetteer for n in p.names}
    assert not any(n.startswith("http") for n in names)
    assert "DEZ" not in names and "Nowhere" not in names


def test_without_alternate_names_the_dump_column_is_used(tmp_path, path_geonames_dump):
    out = tmp_path / "plain.sqlite"
    build_gazetteer(path_geonames_dump, out)
    gaz = Gazetteer.open(out)
    hajin = gaz.resolve("Hajin")
    assert hajin.id == "geonames:174506"
    assert hajin.admin1 == "07"  # no admin1CodesASCII.txt: the code
    assert gaz.resolve("Hajine", min_score=0.99) is None  # that spelling lives only in alternateNamesV2.txt


def test_country_and_population_filters(tmp_path, path_geonames_dump):
    out = tmp_path / "iq.sqlite"
    assert build_gazetteer(path_geonames_dump, out, countries=["iq"]) == 2
    assert {p.country for p in Gazetteer.open(out)} == {"IQ"}
    assert build_gazetteer(path_geonames_dump, out, min_population=100_000) == 4


def test_a_zipped_dump_is_read_like_the_text(tmp_path, path_geonames_dump):
    zipped = tmp_path / "XX.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme\n")
        zf.write(path_geonames_dump, "XX.txt")
    assert build_gazetteer(zipped, tmp_path / "z.sqlite") == 20


@pytest.mark.parametrize("cls, code, population, kind", [
    ("P", "PPL", 500, "village"), ("P", "PPL", 29237, "town"), ("P", "PPLA", 0, "city"),
    ("P", "PPLA2", 0, "town"), ("P", "PPL", 271800, "city"), ("A", "ADM1", 0, "province"),
    ("A", "ADM2", 0, "district"), ("A", "PCLI", 0, "country"), ("S", "AIRB", 0, "airport"),
    ("S", "MILB", 0, "base"), ("L", "OILF", 0, "oil_field"), ("L", "GASF", 0, "gas_field"),
    ("S", "CMPRF", 0, "camp"), ("S", "PRN", 0, "prison"), ("S", "DAM", 0, "dam"),
    ("S", "PMPO", 0, "station"), ("T", "DSRT", 0, "desert"), ("H", "STM", 0, "river"),
    ("L", "RGN", 0, "region"), ("S", "PSTB", 0, "border_crossing"), ("S", "HTL", 0, None),
])
def test_feature_codes_map_to_our_kinds(cls, code, population, kind):
    assert kind_of(cls, code, population) == kind


def test_gazetteer_info_counts_a_built_file(tmp_path, path_geonames_dump, path_alternate_names):
    out = tmp_path / "xx.sqlite"
    build_gazetteer(path_geonames_dump, out, alternate_names=path_alternate_names)
    result = run("gazetteer", "info", out, "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["format"] == "sqlite" and info["places"] == 20 and info["names"] > 100
    assert info["countries"] == {"SY": 18, "IQ": 2}
    assert info["kinds"] == {"village": 10, "town": 6, "city": 4}
    assert info["sources"] == {"geonames": 20}


def test_cli_build_then_resolve(tmp_path, path_geonames_dump, path_alternate_names, path_admin1_codes):
    out = tmp_path / "xx.sqlite"
    result = run("gazetteer", "build", path_geonames_dump, "--alternate-names", path_alternate_names,
                 "--admin1-codes", path_admin1_codes, "--country", "SY", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(f"{out}: 18 places from {path_geonames_dump} in ")
    result = run("resolve", "Hajine", "--json", "--gazetteer", out)
    record = json.loads(result.output)
    assert (record["id"], record["admin1"]) == ("geonames:174506", "Deir ez-Zor")


def test_cli_bad_dump_names_the_line(tmp_path, path_geonames_dump):
    bad = tmp_path / "bad.txt"
    lines = path_geonames_dump.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("\t", " ", 3)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("gazetteer", "build", bad, "-o", tmp_path / "out.sqlite")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {bad}:3: not a GeoNames dump (XX.txt or allCountries.txt): "
        "expected 19 tab-separated columns, found 16"
    )


def test_cli_missing_dump(tmp_path):
    result = run("gazetteer", "build", tmp_path / "SY.txt", "-o", tmp_path / "out.sqlite")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'SY.txt'}: no such file"


def test_cli_bad_alternate_names_file(tmp_path, path_geonames_dump):
    result = run("gazetteer", "build", path_geonames_dump, "--alternate-names", path_geonames_dump,
                 "-o", tmp_path / "out.sqlite")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path_geonames_dump}:1: not a GeoNames alternateNamesV2.txt file: "
        "expected 8 or 10 tab-separated columns, found 19"
    )


def test_cli_empty_result_after_filtering(tmp_path, path_geonames_dump):
    result = run("gazetteer", "build", path_geonames_dump, "--country", "FR", "-o", tmp_path / "out.sqlite")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path_geonames_dump}: no place left after filtering 20 rows (countries: FR; "
        "feature classes/codes: P; minimum population: 0); loosen the filters"
    )


def test_a_failed_build_leaves_no_output_and_keeps_the_old_one(tmp_path, path_geonames_dump):
    out = tmp_path / "out.sqlite"
    build_gazetteer(path_geonames_dump, out)
    before = out.read_bytes()
    bad = tmp_path / "bad.txt"
    shutil.copy(path_geonames_dump, bad)
    with bad.open("a", encoding="utf-8") as f:
        f.write("not\ta\tdump\n")
    with pytest.raises(GazetteerError, match=r"bad.txt:21: not a GeoNames dump"):
        build_gazetteer(bad, out)
    assert out.read_bytes() == before
    with pytest.raises(GazetteerError):
        build_gazetteer(bad, tmp_path / "new.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.sqlite"]


def test_a_failure_while_writing_removes_the_partial_file(tmp_path, path_geonames_dump, monkeypatch):
    import geoincidents.geonames as geonames

    original = geonames._merged_places

    def places_then_failure(db):
        yield from itertools.islice(original(db), 5)
        raise OSError("disk full")

    monkeypatch.setattr(geonames, "_merged_places", places_then_failure)
    with pytest.raises(OSError, match="disk full"):
        build_gazetteer(path_geonames_dump, tmp_path / "out.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_files_of_the_older_layouts_still_resolve(tmp_path, path_geonames_dump, path_alternate_names):
    import sqlite3

    out = tmp_path / "old.sqlite"
    build_gazetteer(path_geonames_dump, out, alternate_names=path_alternate_names)
    queries = ("Deir Ezzoro", "al-Boukamal", "Hassake", "Raqqa", "Tal Abiad")
    fresh = [[(m.id, m.score) for m in Gazetteer.open(out).lookup(q, limit=3)] for q in queries]
    with sqlite3.connect(out) as db:  # format 1: keys indexed by skeleton, no skeletons table
        db.executescript("DROP TABLE skeletons; CREATE INDEX keys_skeleton ON keys (skeleton, sound);"
                         "UPDATE meta SET v = 'geoincidents-gazetteer-1' WHERE k = 'format';")
    assert [[(m.id, m.score) for m in Gazetteer.open(out).lookup(q, limit=3)] for q in queries] == fresh
    with sqlite3.connect(out) as db:  # the layout of the first built files: no sound keys
        db.executescript("DROP INDEX keys_skeleton; ALTER TABLE keys DROP COLUMN sound;"
                         "CREATE INDEX keys_skeleton ON keys (skeleton);")
    assert [[(m.id, m.score) for m in Gazetteer.open(out).lookup(q, limit=3)] for q in queries] == fresh
    with sqlite3.connect(out) as db:
        db.execute("UPDATE meta SET v = 'geoincidents-gazetteer-0' WHERE k = 'format'")
    with pytest.raises(GazetteerError, match="unknown gazetteer format 'geoincidents-gazetteer-0'; rebuild it"):
        Gazetteer.open(out)
