"""The `extract`, `map` and `demo` commands, as a user runs them.

Reports are the project's own fixtures in tests/data/reports/ (see the README
there). Bad inputs are made in tmp_path. Every failure must be one `Error:`
line and a non-zero exit, with no output file left behind.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import geopandas
import pandas as pd
import pytest
from click.testing import CliRunner

from geoincidents.cli import cli
from geoincidents.demo import sample_paths

REPORTS = pathlib.Path(__file__).parent / "data" / "reports"
# Hajin, GeoNames 174506, and Albu Kamal, GeoNames 174448, [lon, lat].
HAJIN = [40.83138, 34.69508]
ALBU_KAMAL = [40.91854, 34.45226]


@pytest.fixture
def path_euphrates_report() -> pathlib.Path:
    """Three incidents (drone strike near Hajin "yesterday", shelling, arrest raid), no date in the text."""
    return REPORTS / "euphrates_night.txt"


@pytest.fixture
def path_unlisted_village_report() -> pathlib.Path:
    """An attack in a village the gazetteer does not have, and no other place."""
    return REPORTS / "unlisted_village.txt"


def runner() -> CliRunner:
    """stdout and stderr apart: click 8.2+ always keeps them apart, 8.1 when asked."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def run(*args, input=None):
    result = runner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def features(result) -> list[dict]:
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def by_type(feats: list[dict]) -> dict[str, dict]:
    return {f["properties"]["type"]: f for f in feats}


# ---------------------------------------------------------------------------
# extract: output


def test_extract_writes_a_feature_collection_to_stdout(path_euphrates_report):
    result = run("extract", path_euphrates_report, "--published", "2022-03-09")
    assert result.exit_code == 0
    found = by_type(features(result))
    assert set(found) == {"drone_strike", "shelling", "arrest"}
    drone = found["drone_strike"]
    assert drone["geometry"] == {"type": "Point", "coordinates": HAJIN}
    assert drone["properties"]["doc"] == "euphrates_night.txt"
    assert drone["properties"]["fatalities"] == 2
    assert found["shelling"]["geometry"]["coordinates"] == ALBU_KAMAL
    assert found["shelling"]["properties"]["injured"] == 4
    assert found["arrest"]["properties"]["arrested"] == 3


def test_extract_resolves_relative_dates_against_published(path_euphrates_report):
    found = by_type(features(run("extract", path_euphrates_report, "--published", "2022-03-09")))
    assert found["drone_strike"]["properties"]["date"] == "2022-03-08"  # "yesterday"
    assert found["drone_strike"]["properties"]["date_text"] == "yesterday"
    assert found["shelling"]["properties"]["date"] == "2022-03-07"  # "on Monday", the Wednesday before
    assert found["arrest"]["properties"]["date"] == "2022-03-06"  # "on Sunday"

    later = by_type(features(run("extract", path_euphrates_report, "--published", "2022-04-01")))
    assert later["drone_strike"]["properties"]["date"] == "2022-03-31"


def test_extract_summary_is_one_line_on_stderr(path_euphrates_report, path_unlisted_village_report):
    result = run("extract", path_euphrates_report, path_unlisted_village_report, "--published", "2022-03-09")
    assert result.exit_code == 0
    assert result.stderr == "2 documents, 4 incidents (drone_strike 1, shelling 1, arrest 1, attack 1), 1 unplaced\n"
    assert len(features(result)) == 4  # stdout is only the GeoJSON


def test_extract_quiet_prints_no_summary(path_euphrates_report):
    result = run("extract", path_euphrates_report, "--published", "2022-03-09", "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(features(result)) == 3


def test_extract_reads_stdin_with_a_dash(path_euphrates_report):
    result = run("extract", "-", "--published", "2022-03-09", input=path_euphrates_report.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    found = by_type(features(result))
    assert set(found) == {"drone_strike", "shelling", "arrest"}
    assert found["drone_strike"]["properties"]["doc"] == "stdin"
    assert found["drone_strike"]["properties"]["date"] == "2022-03-08"


def test_a_place_the_gazetteer_lacks_is_kept_unplaced_and_counted(path_unlisted_village_report):
    result = run("extract", path_unlisted_village_report, "--published", "2022-03-09")
    assert result.exit_code == 0
    [attack] = features(result)
    assert attack["geometry"] is None
    assert attack["properties"]["type"] == "attack"
    assert attack["properties"]["place_mention"] == "Qaryat Zubaydiyat al-Fawqa"
    assert attack["properties"]["place"] is None
    assert attack["properties"]["fatalities"] == 2
    assert result.stderr.strip().endswith(", 1 unplaced")


@pytest.mark.parametrize("report, markup", [
    ("hostile_markup.txt", '<img src=x onerror="alert(1)">'),
    ("hostile_page.html", "<script>alert(1)</script>"),
])
def test_markup_in_a_report_stays_text_in_the_evidence(report, markup):
    result = run("extract", REPORTS / report, "--published", "2022-03-09")
    assert result.exit_code == 0
    [incident] = features(result)
    assert markup in incident["properties"]["evidence"]
    # The page's own scripts are not report text.
    assert "window.injected" not in result.stdout and "not report text" not in result.stdout


def test_a_saved_page_keeps_its_incident(tmp_path):
    result = run("extract", REPORTS / "hostile_page.html", "--published", "2022-03-09", "-o", tmp_path / "page.geojson")
    gdf = geopandas.read_file(tmp_path / "page.geojson")
    assert gdf["type"].tolist() == ["drone_strike"]
    assert gdf["fatalities"].tolist() == [3]
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == tuple(ALBU_KAMAL)
    assert result.stderr.endswith(f"-> {tmp_path / 'page.geojson'}\n")


@pytest.mark.parametrize("name", ["out.geojson", "out.gpkg", "out.csv"])
def test_extract_output_files_are_readable_by_geopandas(tmp_path, path_euphrates_report, path_unlisted_village_report, name):
    out = tmp_path / name
    result = run("extract", path_euphrates_report, path_unlisted_village_report, "--published", "2022-03-09", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""  # the file, not stdout
    options = {"X_POSSIBLE_NAMES": "longitude", "Y_POSSIBLE_NAMES": "latitude"} if name.endswith(".csv") else {}
    gdf = geopandas.read_file(out, **options)
    assert sorted(gdf["type"]) == ["arrest", "attack", "drone_strike", "shelling"]
    unplaced = gdf["type"] == "attack"
    assert gdf.geometry[unplaced].isna().all() or gdf.geometry[unplaced].is_empty.all()
    drone = gdf[gdf["type"] == "drone_strike"].iloc[0]
    assert (drone.geometry.x, drone.geometry.y) == tuple(HAJIN)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_extract_csv_has_acled_style_columns(tmp_path, path_euphrates_report):
    out = tmp_path / "out.csv"
    run("extract", path_euphrates_report, "--published", "2022-03-09", "-o", out)
    table = pd.read_csv(out)
    for column in ("type", "date", "place", "fatalities", "acled_event_type", "acled_sub_event_type", "longitude", "latitude"):
        assert column in table.columns
    assert set(table["acled_event_type"]) == {"Explosions/Remote violence", "Strategic developments"}


def test_extract_format_option_overrides_the_suffix(tmp_path, path_euphrates_report):
    out = tmp_path / "incidents.txt"
    result = run("extract", path_euphrates_report, "--published", "2022-03-09", "-o", out, "--format", "csv")
    assert result.exit_code == 0
    assert pd.read_csv(out)["longitude"].notna().all()


# ---------------------------------------------------------------------------
# extract: errors


def _bad_inputs(tmp_path: pathlib.Path) -> dict[str, tuple[pathlib.Path, str]]:
    made = {
        "empty.txt": (b"", "empty; give a file with the report text"),
        "binary.txt": (bytes(range(256)) * 4, "contains NUL bytes, so it is binary (or UTF-16 without a BOM); give a UTF-8 text file"),
        "undecodable.txt": (b"Casualty list \x80\x81\x99\x80 \x8b\x9b\x80\n",
                            "not UTF-8, nor plausible Arabic (cp1256) or Western (cp1252) text; "
                            "re-encode it as UTF-8 (e.g. iconv -f WINDOWS-1256 -t UTF-8)"),
    }
    inputs = {}
    for name, (content, message) in made.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        inputs[name] = (path, f"Error: {path}: {message}")
    missing = tmp_path / "in" / "missing.txt"
    inputs["missing.txt"] = (missing, f"Error: {missing}: no such file; check the path (use - to read standard input)")
    return inputs


@pytest.mark.parametrize("name", ["binary.txt", "undecodable.txt"])
@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_a_bad_document_is_skipped_named_and_counted(tmp_path, path_euphrates_report, name, suffix):
    path, message = _bad_inputs(tmp_path)[name]
    out = tmp_path / "out" / f"incidents{suffix}"
    out.parent.mkdir()
    result = run("extract", path_euphrates_report, path, "-o", out, "--published", "2022-03-09")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        message.replace("Error: ", "Skipped ", 1),
        f"1 documents, 1 skipped, 3 incidents (drone_strike 1, shelling 1, arrest 1), 0 unplaced -> {out}",
    ]
    assert sorted(geopandas.read_file(out)["type"]) == ["arrest", "drone_strike", "shelling"]


@pytest.mark.parametrize("name", ["binary.txt", "undecodable.txt", "missing.txt"])
@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_strict_fails_on_a_bad_document_and_writes_nothing(tmp_path, path_euphrates_report, name, suffix):
    path, message = _bad_inputs(tmp_path)[name]
    out = tmp_path / "out" / f"incidents{suffix}"
    out.parent.mkdir()
    # A good report first: its incidents must not be written half-way either.
    result = run("extract", path_euphrates_report, path, "-o", out, "--strict")
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert list(out.parent.iterdir()) == []


def test_a_missing_path_fails_before_anything_is_read(tmp_path, path_euphrates_report):
    path, message = _bad_inputs(tmp_path)["missing.txt"]
    out = tmp_path / "incidents.geojson"
    result = run("extract", path_euphrates_report, path, "-o", out)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert not out.exists()


def test_an_empty_file_is_a_document_with_no_incidents(tmp_path, path_euphrates_report):
    path, _ = _bad_inputs(tmp_path)["empty.txt"]
    result = run("extract", path_euphrates_report, path, "--published", "2022-03-09", "--strict")
    assert result.exit_code == 0
    assert len(features(result)) == 3
    assert result.stderr == "2 documents, 3 incidents (drone_strike 1, shelling 1, arrest 1), 0 unplaced\n"


def test_bad_input_on_stdout_prints_no_partial_geojson_with_strict(tmp_path, path_euphrates_report):
    path, message = _bad_inputs(tmp_path)["binary.txt"]
    result = run("extract", path_euphrates_report, path, "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_empty_stdin_is_a_document_with_no_incidents():
    result = run("extract", "-", input="")
    assert result.exit_code == 0
    assert features(result) == []
    assert result.stderr == "1 documents, 0 incidents, 0 unplaced\n"


def test_unknown_output_suffix_fails_before_reading(tmp_path, path_euphrates_report):
    out = tmp_path / "incidents.shp"
    result = run("extract", path_euphrates_report, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: unknown output format; use .geojson, .gpkg, .csv, .parquet, .fgb or .geojsons\n"
    assert not out.exists()


def test_output_into_a_missing_directory_is_a_clean_error(tmp_path, path_euphrates_report):
    out = tmp_path / "nowhere" / "incidents.geojson"
    result = run("extract", path_euphrates_report, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: {tmp_path / 'nowhere'}: no such directory"
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("args, hint", [
    (["--published", "yesterday"], "Invalid value for '--published': expected a date as YYYY-MM-DD, instead got: 'yesterday'"),
    (["--published", "2022-02-30"], "Invalid value for '--published': expected a date as YYYY-MM-DD, instead got: '2022-02-30'"),
    (["--format", "shp"], "Invalid value for '--format'"),
])
def test_bad_options_are_usage_errors(path_euphrates_report, args, hint):
    result = run("extract", path_euphrates_report, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"Error: {hint}")


def test_extract_needs_a_path():
    result = run("extract")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_the_console_script_reads_stdin_and_writes_geojson(path_euphrates_report):
    script = shutil.which("geoincidents", path=os.path.dirname(sys.executable))
    assert script, "the geoincidents console script is not installed in this environment"
    done = subprocess.run(
        [script, "extract", "-", "--published", "2022-03-09"],
        input=path_euphrates_report.read_text(encoding="utf-8"), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    collection = json.loads(done.stdout)
    assert sorted(f["properties"]["type"] for f in collection["features"]) == ["arrest", "drone_strike", "shelling"]
    assert done.stderr == "1 documents, 3 incidents (drone_strike 1, shelling 1, arrest 1), 0 unplaced\n"


def test_the_console_script_bad_input_has_no_traceback(tmp_path):
    script = shutil.which("geoincidents", path=os.path.dirname(sys.executable))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)))
    done = subprocess.run([script, "extract", str(binary), "-o", str(tmp_path / "out.geojson"), "--strict"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: {binary}: contains NUL bytes") and len(done.stderr.splitlines()) == 1
    assert done.stdout == ""
    assert not (tmp_path / "out.geojson").exists()


# ---------------------------------------------------------------------------
# map


def test_map_from_geojson_writes_html(tmp_path, path_euphrates_report, path_unlisted_village_report):
    geojson = tmp_path / "incidents.geojson"
    run("extract", path_euphrates_report, path_unlisted_village_report, "--published", "2022-03-09", "-o", geojson)
    out = tmp_path / "map.html"
    result = run("map", geojson, "-o", out)
    assert result.exit_code == 0
    assert result.stderr == f"4 incidents (1 unplaced) -> {out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Drones struck a car on the road outside Hajin" in page


def test_map_from_report_files_writes_html(tmp_path):
    out = tmp_path / "map.html"
    result = run("map", REPORTS / "euphrates_night.txt", REPORTS / "hostile_markup.txt", "-o", out, "--published", "2022-03-09")
    assert result.exit_code == 0
    assert result.stderr == f"4 incidents (0 unplaced) -> {out}\n"
    page = out.read_text(encoding="utf-8")
    assert "Security forces arrested three people" in page
    assert '<img src=x onerror="alert(1)">' not in page  # the report's markup is escaped in the page


@pytest.mark.parametrize("content, reason", [
    ('{"type": "FeatureCollection", "features": [', "not valid JSON (line 1, column 44: Expecting value)"),
    ('{"type": "Topology"}', "not GeoJSON (expected a FeatureCollection, a Feature or a geometry)"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
     '"geometry": {"type": "Point", "coordinates": [35.3, 140.1]}}]}',
     'feature 0 must have Point coordinates [lon, lat] in WGS 84, got {"type": "Point", "coordinates": [35.3, 140.1]}'),
])
def test_map_of_malformed_geojson_is_a_clean_error_and_no_html(tmp_path, content, reason):
    bad = tmp_path / "bad.geojson"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "map.html"
    result = run("map", bad, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}: {reason}\n"
    assert not out.exists()


def test_map_reads_a_folder_skips_sidecars_and_draws_any_geojson(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "night.txt").write_text((REPORTS / "euphrates_night.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (reports / "night.meta.json").write_text('{"published": "2022-03-09", "url": "https://example.org/n"}',
                                             encoding="utf-8")
    (reports / "wells.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.5, 35.0]},
         "properties": {"kind": "well", "operator": "Example Oil"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[40, 35], [41, 35.5]]},
         "properties": {"name": "pipeline"}},
        {"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": []}, "properties": {}}]}),
        encoding="utf-8")
    out = tmp_path / "map.html"
    result = run("map", reports, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == ["Note: 1 GeometryCollection feature skipped (not drawn)",
                                          f"6 incidents (0 unplaced) -> {out}"]
    page = out.read_text(encoding="utf-8")
    assert "Example Oil" in page and "pipeline" in page and "https://example.org/n" in page


def test_map_of_a_missing_file_is_a_clean_error(tmp_path):
    result = run("map", tmp_path / "none.geojson", "-o", tmp_path / "map.html")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'none.geojson'}: no such file\n"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# demo


def test_demo_writes_the_four_files(tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "-o", out)
    assert result.exit_code == 0
    names = {"incidents.geojson", "incidents.gpkg", "incidents.csv", "incidents_map.html"}
    assert {p.name for p in out.iterdir()} == names
    for name in names:
        assert str(out / name) in result.stdout
    assert f"Open {out / 'incidents_map.html'} in a browser" in result.stdout

    gdf = geopandas.read_file(out / "incidents.geojson")
    assert len(gdf) >= 5
    assert gdf["type"].nunique() >= 4
    assert {"air_strike", "convoy", "arrest"} <= set(gdf["type"])
    assert len(geopandas.read_file(out / "incidents.gpkg")) == len(gdf)
    assert len(pd.read_csv(out / "incidents.csv")) == len(gdf)
    first_line = result.stdout.splitlines()[0]
    assert first_line.startswith(f"{len(sample_paths())} documents, {len(gdf)} incidents (")


def test_map_reads_an_acled_export_beside_our_incidents(tmp_path):
    acled = pathlib.Path(__file__).parent / "data" / "acled" / "syria_sample.csv"
    out = tmp_path / "map.html"
    result = run("map", acled, REPORTS / "euphrates_night.txt", "--published", "2022-03-09", "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "SYR900001" in page and "syria_sample.csv" in page  # ACLED's event id and file, in the popups' data
    assert "Security forces arrested three people" in page


def test_map_names_skipped_acled_rows(tmp_path):
    bad = pathlib.Path(__file__).parent / "data" / "acled" / "bad_rows.csv"
    result = run("map", bad, "-o", tmp_path / "map.html")
    assert result.exit_code == 0, result.stderr
    assert "ACLED row" in result.stderr and "skipped" in result.stderr


# ---------------------------------------------------------------------------
# batches, streams, small breaks


def test_format_other_than_geojson_needs_an_output_file(path_euphrates_report):
    result = run("extract", path_euphrates_report, "--format", "gpkg")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --format gpkg needs -o FILE: only GeoJSON goes to standard output"
    assert result.stdout == ""


def test_demo_into_a_folder_that_cannot_be_made_is_a_clean_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("demo", "-o", blocker / "demo")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {blocker / 'demo'}: cannot make the folder (")
    assert len(result.stderr.splitlines()) == 1


def test_map_of_a_missing_report_is_an_error_not_an_empty_map(tmp_path):  # D3
    out = tmp_path / "m.html"
    result = run("map", tmp_path / "no" / "such" / "file.txt", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'no' / 'such' / 'file.txt'}: no such file; check the path (use - to read standard input)\n"
    assert not out.exists()


def test_extract_takes_arguments_as_paths_even_without_a_suffix(tmp_path):
    result = run("extract", tmp_path / "Hajin")
    assert result.exit_code == 1 and "no such file" in result.stderr


@pytest.mark.parametrize("rs", [False, True])
def test_sequence_writes_one_feature_a_line(path_euphrates_report, rs):
    result = run("extract", path_euphrates_report, "--published", "2022-03-09", "--sequence", *(["--rs"] if rs else []))
    assert result.exit_code == 0
    lines = result.stdout.split("\n")  # not splitlines(): it splits at RS too
    assert lines.pop() == ""
    assert len(lines) == 3
    for line in lines:
        assert line.startswith("\x1e") == rs
        assert json.loads(line.lstrip("\x1e"))["type"] == "Feature"
    plain = features(run("extract", path_euphrates_report, "--published", "2022-03-09"))
    assert [json.loads(line.lstrip("\x1e")) for line in lines] == plain


def test_sequence_into_a_file_is_read_by_geopandas(tmp_path, path_euphrates_report):
    out = tmp_path / "incidents.geojsons"
    result = run("extract", path_euphrates_report, "--published", "2022-03-09", "--sequence", "--rs", "-o", out)
    assert result.exit_code == 0
    assert sorted(geopandas.read_file(out)["type"]) == ["arrest", "drone_strike", "shelling"]


@pytest.mark.parametrize("rs", [False, True])
def test_extract_sequence_piped_into_map_dash(tmp_path, path_euphrates_report, rs):
    script = shutil.which("geoincidents", path=os.path.dirname(sys.executable))
    out = tmp_path / "map.html"
    extract = subprocess.run([script, "extract", str(path_euphrates_report), "--published", "2022-03-09", "--sequence",
                              *(["--rs"] if rs else [])], capture_output=True, timeout=120)
    assert extract.returncode == 0
    drawn = subprocess.run([script, "map", "-", "-o", str(out)], input=extract.stdout, capture_output=True, timeout=120)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stderr.decode() == f"3 incidents (0 unplaced) -> {out}\n"
    assert "Drones struck a car on the road outside Hajin" in out.read_text(encoding="utf-8")


def test_map_dash_reads_a_feature_collection_too(tmp_path, path_euphrates_report):
    collection = run("extract", path_euphrates_report, "--published", "2022-03-09").stdout
    result = run("map", "-", "-o", tmp_path / "map.html", input=collection)
    assert result.exit_code == 0 and result.stderr.startswith("3 incidents")


def test_map_dash_names_a_broken_sequence_line(tmp_path):
    result = run("map", "-", "-o", tmp_path / "map.html", input='{"type": "Feature", "geometry": null, "properties": {}}\n{"type": "Fea\n')
    assert result.exit_code == 1
    assert result.stderr == "Error: standard input: line 2 of the GeoJSON sequence is not valid JSON (Unterminated string starting at)\n"


def test_deeply_nested_geojson_is_a_clean_error(tmp_path):  # D7
    deep = tmp_path / "d.geojson"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run("map", deep, "-o", tmp_path / "m.html")
    assert (result.exit_code, result.stderr) == (1, f"Error: {deep}: JSON nested too deeply to be GeoJSON\n")


def test_a_corpus_with_a_broken_line_keeps_the_other_records(tmp_path):
    corpus = tmp_path / "dump.jsonl"
    corpus.write_text(
        '{"text": "Warplanes struck Hajin on Monday, killing 3 people.", "published": "2021-07-14"}\n'
        '{"text": "broken\n'
        '{"text": "Shelling hit Albu Kamal on Sunday.", "published": "2021-07-14"}\n', encoding="utf-8")
    result = run("extract", corpus, "-j", "2")
    assert result.exit_code == 0
    assert [f["properties"]["doc"] for f in features(result)] == ["dump.jsonl#1", "dump.jsonl#3"]
    assert result.stderr.splitlines() == [
        f"Skipped {corpus}: line 2 is not valid JSON (Invalid control character at); each line must be one JSON object",
        "2 documents, 1 skipped, 2 incidents (air_strike 1, shelling 1), 0 unplaced",
    ]


def test_jobs_do_not_change_the_output(tmp_path, path_euphrates_report, path_unlisted_village_report):
    args = ["extract", path_euphrates_report, path_unlisted_village_report, REPORTS / "hostile_page.html", "--published", "2022-03-09"]
    assert run(*args, "-j", "1").stdout == run(*args, "-j", "2").stdout


def test_a_geojsons_output_is_an_rs_sequence_and_rs_alone_needs_one(tmp_path, path_euphrates_report):
    out = tmp_path / "incidents.geojsons"
    assert run("extract", path_euphrates_report, "--rs", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").count("\x1e") == 3
    result = run("extract", path_euphrates_report, "--rs")
    assert result.exit_code == 2 and "--rs goes with --sequence" in result.stderr


def test_a_sidecar_swept_in_by_a_glob_is_read_with_its_report_not_skipped(tmp_path):
    report = tmp_path / "strike.txt"
    report.write_text("Warplanes struck Hajin on Monday, killing 3 people.\n", encoding="utf-8")
    (tmp_path / "strike.meta.json").write_text('{"published": "2021-07-14"}', encoding="utf-8")
    result = run("extract", *sorted(tmp_path.iterdir()), "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert "Skipped" not in result.stderr and "skipped" not in result.stderr
    assert [f["properties"]["date"] for f in json.loads(result.stdout)["features"]] == ["2021-07-12"]
