"""A careless or hostile user, one test per defect of issue 9 (D1 ... D17), and a fuzzed command line.

Each test names its defect and failed before the fix. The commands run as a
user runs them: in a subprocess when what matters is the process itself (its
stdout on a full disk, a size limit, ``kill -9``), else through click's
CliRunner. No test here reaches the network: the online geocoder talks to a
server started on 127.0.0.1. Texts are written for these tests.
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import random
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import tracemalloc
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import geoincidents as gi
from geoincidents import geocode
from geoincidents.cli import cli
from geoincidents.gazetteer import Gazetteer, cache_dir
from geoincidents.geocode import OnlineGeocoder

REPORT = "Warplanes struck Hajin on Monday, killing 3 people.\n"
DATA = Path(__file__).parent / "data"


def run(*args, input=None):
    """The command through CliRunner, exceptions kept for the assertions (stdout and stderr apart)."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def run_process(*args, stdout=subprocess.PIPE, max_file_bytes=None, cwd=None):
    """The command in its own process; ``max_file_bytes`` makes every file it writes hit a full disk there."""

    def limit():
        if max_file_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run([sys.executable, "-c", "from geoincidents.cli import main; main()", *map(str, args)],
                          stdout=stdout, stderr=subprocess.PIPE, text=True, preexec_fn=limit, cwd=cwd, timeout=120)


def one_error_line(stderr: str) -> str:
    """The single ``Error:`` line of a failed command, checked to be alone and without a traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, stderr
    return errors[0]


def litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# D1: -o onto a device node, a FIFO or a symlink


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("command", [["map"], ["extract", "--format", "geojson", "-q"]])
def test_d1_an_output_onto_a_device_node_writes_through_it(tmp_path, report, command):
    node = tmp_path / "mynull"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    result = run(*command, report, "-o", node)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.stat().st_mode)
    assert litter(tmp_path) == []


def test_d1_an_output_onto_a_fifo_writes_into_it(tmp_path, report):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        result = run("extract", report, "-q", "-o", fifo, "--published", "2021-07-14")
        reader.join(10)
        assert result.exit_code == 0, result.output
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert json.loads(received[0])["features"][0]["properties"]["place"] == "Hajin"
    finally:
        if reader.is_alive():  # the old code renamed a file over the FIFO: free the reader
            os.close(os.open(tmp_path / "pipe", os.O_WRONLY | os.O_NONBLOCK)) if stat.S_ISFIFO(fifo.lstat().st_mode) else None


def test_d1_an_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path, report):
    target, link = tmp_path / "t.geojson", tmp_path / "l.geojson"
    target.write_text("old\n")
    link.symlink_to(target.name)
    result = run("extract", report, "-q", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "t.geojson"
    assert json.loads(target.read_text())["type"] == "FeatureCollection"


# ---------------------------------------------------------------------------
# D2: memory quadratic in the length of a name


@pytest.mark.parametrize("name", ["Hajin " * 3000, "ال" * 4000])
def test_d2_a_very_long_name_matches_nothing_in_bounded_memory(shipped_gazetteer, name):
    tracemalloc.start()
    try:
        assert shipped_gazetteer.lookup(name) == [] and shipped_gazetteer.resolve(name) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"{peak:,} bytes for a {len(name):,}-character name"


def test_d2_resolve_from_stdin_says_no_match_for_a_very_long_line():
    tracemalloc.start()
    try:
        result = run("resolve", "-", "--json", input="Tabqa " * 3000 + "\nHajin\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0, result.output
    assert peak < 20_000_000, f"{peak:,} bytes"
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["match"] is None and second["name"] == "Hajin"


# ---------------------------------------------------------------------------
# D4: stdout write errors


@pytest.mark.parametrize("args", [["extract", "REPORT", "--published", "2021-07-14"], ["resolve", "Hajin"],
                                  ["gazetteer", "info"]])
def test_d4_stdout_on_a_full_device_is_an_error_not_a_traceback(report, args):
    with open("/dev/full", "w") as full:
        result = run_process(*[str(report) if a == "REPORT" else a for a in args], stdout=full)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "Error: cannot write to stdout (No space left on device)"
    assert "incidents" not in result.stderr  # no success summary


def test_d4_stdout_into_a_closed_pipe_is_an_error(report):
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read
    with os.fdopen(write_end, "w") as pipe:
        result = run_process("resolve", "Hajin", "Deir ez-Zor", stdout=pipe)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "Error: cannot write to stdout (Broken pipe)"


def test_d4_stdout_onto_a_full_disk_is_an_error_and_no_summary(tmp_path):
    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(json.dumps({"text": REPORT, "published": "2021-07-14"}) + "\n" for _ in range(40)))
    with open(tmp_path / "out.geojson", "w") as out:
        result = run_process("extract", reports, "--per-report", stdout=out, max_file_bytes=20_000)  # 40 incidents, not one fused event
    assert result.returncode == 1
    assert one_error_line(result.stderr).startswith("Error: cannot write to stdout (File too large")
    assert "incidents" not in result.stderr


# ---------------------------------------------------------------------------
# D5: a GeoPackage onto a full disk


def test_d5_a_geopackage_onto_a_full_disk_is_an_export_error_and_leaves_nothing(tmp_path):
    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(json.dumps({"text": REPORT, "published": "2021-07-14"}) + "\n" for _ in range(40)))
    out = tmp_path / "out" / "x.gpkg"
    out.parent.mkdir()
    result = run_process("extract", reports, "-q", "-o", out, max_file_bytes=60_000)
    assert result.returncode == 1
    assert one_error_line(result.stderr).startswith(f"Error: {out}: cannot write")
    assert "RuntimeWarning" not in result.stderr
    assert list(out.parent.iterdir()) == []


# ---------------------------------------------------------------------------
# D6: a count past 2**63

HUGE = "Warplanes struck Hajin on Monday, killing 99999999999999999999 people.\n"


@pytest.mark.parametrize("suffix", [".gpkg", ".csv", ".geojson"])
def test_d6_an_implausible_count_is_null_in_every_format(tmp_path, suffix):
    (tmp_path / "huge.txt").write_text(HUGE)
    out = tmp_path / f"x{suffix}"
    result = run("extract", tmp_path / "huge.txt", "--published", "2021-07-14", "-q", "-o", out)
    assert result.exit_code == 0, result.output
    import geopandas

    frame = geopandas.read_file(out) if suffix != ".csv" else __import__("pandas").read_csv(out)
    assert len(frame) == 1 and frame["fatalities"].isna().all()


def test_d6_extract_incidents_takes_an_implausible_count():
    gdf = gi.extract_incidents([HUGE], published="2021-07-14")
    assert len(gdf) == 1 and gdf["fatalities"].isna().all()


# ---------------------------------------------------------------------------
# D8: the gazetteer index cache


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    """A gazetteer CSV and an empty cache directory: the index is built on first use, then read from the cache."""
    monkeypatch.setenv("GEOINCIDENTS_CACHE", str(tmp_path / "cache"))
    csv_path = tmp_path / "places.csv"
    csv_path.write_text("id,name,lat,lon,kind,country,admin1,alt_names,population,source\n"
                        "geonames:174506,Hajin,34.69508,40.83138,town,SY,Deir ez-Zor,Hajeen,29237,geonames:174506\n")
    assert run("resolve", "Hajin", "--gazetteer", csv_path).exit_code == 0
    [cached] = cache_dir().iterdir()
    return cached


class _Planted:
    """A pickle that runs ``os.system`` when loaded: what a user who can write a shared cache could plant."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_d8_a_planted_pickle_in_the_cache_runs_nothing(own_cache, tmp_path):
    marker = tmp_path / "ran"
    own_cache.write_bytes(pickle.dumps(_Planted(marker)))
    with pytest.warns(UserWarning, match="gazetteer index cache unreadable .*; rebuilt"):
        result = run("resolve", "Hajeen", "--json", "--gazetteer", tmp_path / "places.csv")
    assert not marker.exists()
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == "Hajin"


@pytest.mark.parametrize("content", [b"\x80\x09junk", b"", b"{}", b"geoincidents-index-1 0000\n{}"])
def test_d8_an_unreadable_cache_is_rebuilt_with_a_warning(own_cache, tmp_path, content):
    own_cache.write_bytes(content)
    with pytest.warns(UserWarning, match="rebuilt"):
        result = run("resolve", "Hajin", "--json", "--gazetteer", tmp_path / "places.csv")
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == "Hajin", result.output
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rebuilt and written again: read quietly the next time
        assert run("resolve", "Hajin", "--gazetteer", tmp_path / "places.csv").exit_code == 0


def test_d8_a_damaged_cache_that_is_still_json_is_caught_by_its_digest(own_cache, tmp_path):
    data = own_cache.read_bytes()
    own_cache.write_bytes(data.replace(b"34.69508", b"34.69509"))
    with pytest.warns(UserWarning, match="rebuilt"):
        result = run("resolve", "Hajin", "--json", "--gazetteer", tmp_path / "places.csv")
    assert json.loads(result.stdout)["lat"] == 34.69508


# ---------------------------------------------------------------------------
# D9: an SQLite gazetteer damaged in the middle


@pytest.fixture
def damaged_sqlite(tmp_path) -> Path:
    good, bad = tmp_path / "good.sqlite", tmp_path / "bad.sqlite"
    geonames = DATA / "geonames"
    assert run("gazetteer", "build", geonames / "XX.txt", "--alternate-names", geonames / "alternateNamesV2.txt",
               "-o", good, "-q").exit_code == 0
    db = sqlite3.connect(good)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    roots = dict(db.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
    db.close()
    data, noise = bytearray(good.read_bytes()), random.Random(9)
    for table in ("places", "names", "keys", "deletions", "prefixes", "skeletons", "names_key"):
        first = (roots[table] - 1) * page + 8  # the page header's first bytes stay, the rest is noise
        data[first:roots[table] * page] = bytes(noise.randrange(256) for _ in range(page - 8))
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize("args", [["gazetteer", "info", "BAD"], ["resolve", "Hajin", "--gazetteer", "BAD"],
                                  ["extract", "REPORT", "--gazetteer", "BAD"]])
def test_d9_a_damaged_sqlite_gazetteer_is_one_error_line(damaged_sqlite, report, args):
    args = [damaged_sqlite if a == "BAD" else report if a == "REPORT" else a for a in args]
    result = run(*args)
    assert result.exit_code == 1
    assert not result.exception or isinstance(result.exception, SystemExit)
    assert one_error_line(result.stderr) == (f"Error: {damaged_sqlite}: damaged gazetteer (database disk image is "
                                             "malformed); build it again with `geoincidents gazetteer build`")


# ---------------------------------------------------------------------------
# D10: a misbehaving Nominatim


class Nominatim:
    """A /search endpoint on 127.0.0.1 that answers whatever the test sets: ``status`` and ``body``."""

    def __init__(self):
        self.status, self.body, self.requests = 200, b"[]", 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests += 1
                if fake.status != 200:
                    self.send_error(fake.status)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(fake.body)))
                self.end_headers()
                try:
                    self.wfile.write(fake.body)
                except OSError:
                    pass  # the client stopped reading: as it should for a huge body

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nominatim(monkeypatch, tmp_path):
    server = Nominatim()
    monkeypatch.setenv("GEOINCIDENTS_NOMINATIM", server.url)
    monkeypatch.setenv("GEOINCIDENTS_CACHE", str(tmp_path / "cache"))
    # the CLI's geocoder, with one quick retry and no polite wait
    monkeypatch.setattr(geocode, "OnlineGeocoder", functools.partial(
        OnlineGeocoder, min_delay_seconds=0, max_retries=1, error_wait_seconds=0, timeout=2))
    yield server
    server.close()


def _place(lat, lon) -> dict:
    return {"place_id": 1, "osm_type": "node", "osm_id": 2, "lat": lat, "lon": lon, "class": "place", "type": "village",
            "display_name": "Xyzzyville, Syria", "name": "Xyzzyville"}


def test_d10a_retries_print_no_traceback(nominatim, caplog):
    nominatim.status = 500
    result = run("resolve", "Xyzzyville", "--online")
    assert result.exit_code == 1 and nominatim.requests == 2
    assert one_error_line(result.stderr).startswith("Error: online geocoder 127.0.0.1:")
    # With no logging set up, Python prints a WARNING record and its traceback on stderr
    # (pytest's own handler takes them here, hence caplog): none may be logged.
    assert [r for r in caplog.records if r.levelname in ("WARNING", "ERROR") or r.exc_info] == []


@pytest.mark.parametrize("body", [
    [_place("500", "40.1")], [_place("NaN", "40.1")], [_place("north", "40.1")], [_place(None, "40.1")],
    {"unexpected": "object"}, ["a string"], [[1, 2]],
])
def test_d10b_a_bad_answer_is_one_error_line_and_never_cached(nominatim, body):
    nominatim.body = json.dumps(body).encode()
    for _ in range(2):
        result = run("resolve", "Xyzzyville", "--online")
        assert result.exit_code == 1, result.output
        assert "failed for 'Xyzzyville': bad answer (" in one_error_line(result.stderr)
    assert nominatim.requests == 2  # asked again: a bad answer is not remembered


def test_d10c_a_503_is_named_as_such(nominatim):
    nominatim.status = 503
    error = one_error_line(run("resolve", "Xyzzyville", "--online").stderr)
    assert "GeocoderUnavailable: HTTP 503 Service Unavailable" in error and "within" not in error


def test_d10d_a_huge_answer_is_not_read(nominatim):
    nominatim.body = json.dumps([_place("35.0", "40.0")] * 40_000).encode()  # 5 MB of valid places
    assert len(nominatim.body) > 4_000_000
    result = run("resolve", "Xyzzyville", "--online")
    assert result.exit_code == 1
    assert "answer larger than 1,000,000 bytes" in one_error_line(result.stderr)


def test_d10e_extract_online_keeps_the_incident_unplaced_when_the_lookup_fails(nominatim, tmp_path):
    (tmp_path / "x.txt").write_text("Warplanes struck the village of Xyzzyville on Monday, killing 3 people.\n")
    nominatim.status = 500
    out = tmp_path / "x.geojson"
    with pytest.warns(UserWarning, match=r"online geocoder: GeocoderServiceError: HTTP 500 .* for 'Xyzzyville'; left unresolved"):
        result = run("extract", tmp_path / "x.txt", "--online", "--published", "2021-07-14", "-o", out)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    [feature] = json.loads(out.read_text())["features"]
    assert feature["geometry"] is None and feature["properties"]["type"] == "air_strike"


def test_d10e_after_three_failures_in_a_row_the_run_stays_offline(nominatim, tmp_path):
    names = ["Xyzzya", "Xyzzyb", "Xyzzyc", "Xyzzyd", "Xyzzye"]
    (tmp_path / "x.txt").write_text("".join(f"Warplanes struck the village of {n} on Monday.\n\n" for n in names))
    nominatim.status = 500
    with pytest.warns(UserWarning) as caught:
        result = run("extract", tmp_path / "x.txt", "--online", "--published", "2021-07-14", "-q")
    assert result.exit_code == 0, result.output
    assert [str(w.message).split(": ")[-1] for w in caught] == ["HTTP 500 Internal Server Error for 'Xyzzya'; left unresolved",
        "HTTP 500 Internal Server Error for 'Xyzzyb'; left unresolved", "HTTP 500 Internal Server Error for 'Xyzzyc'; left unresolved",
        "3 failures in a row; not asked again in this run"]
    assert nominatim.requests == 3 * 2  # three names, each with its one retry, then no more asking


# ---------------------------------------------------------------------------
# D14: outputs that overwrite what they should not


def test_d14_map_refuses_its_input_as_output(tmp_path, report):
    geojson = tmp_path / "in.geojson"
    assert run("extract", report, "-q", "-o", geojson).exit_code == 0
    before = geojson.read_bytes()
    result = run("map", geojson, "-o", geojson)
    assert result.exit_code == 2 and "a map is an HTML page" in one_error_line(result.stderr)
    assert geojson.read_bytes() == before


def test_d14_an_output_that_is_an_input_by_another_name_is_refused(tmp_path, report):
    alias = tmp_path / "alias.geojson"
    os.link(report, alias)  # the same file under an output's name
    result = run("extract", report, "-q", "-o", alias)
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == f"Error: {alias}: is also an input; write the output to another file"
    assert report.read_text() == REPORT


@pytest.mark.parametrize("name", ["notes.geojson", "notes"])
def test_d14_gazetteer_build_never_overwrites_a_file_that_is_not_a_gazetteer(tmp_path, name):
    notes = tmp_path / name
    notes.write_text("my notes\n")
    result = run("gazetteer", "build", DATA / "geonames" / "XX.txt", "-o", notes, "-q")
    assert result.exit_code == 1
    assert one_error_line(result.stderr).startswith(f"Error: {notes}: ")
    assert notes.read_text() == "my notes\n"


def test_d14_a_format_that_contradicts_the_suffix_is_refused(tmp_path, report):
    result = run("extract", report, "-q", "--format", "gpkg", "-o", tmp_path / "x.csv")
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (f"Error: {tmp_path / 'x.csv'}: the name says csv but the format asked "
                                             "is gpkg; name the file .gpkg or ask for csv")
    assert not (tmp_path / "x.csv").exists()


def test_d14_a_binary_format_without_an_output_file_is_refused(report):
    result = run("extract", report, "-q", "--format", "gpkg")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--format gpkg needs -o FILE" in one_error_line(result.stderr)


# ---------------------------------------------------------------------------
# D17: what kill -9 leaves behind

_KILLED_MIDWAY = """
import os, signal, sys
from geoincidents.export import atomic_output
with atomic_output(sys.argv[1]) as tmp:
    tmp.write_text("half")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_d17_gazetteer_build_removes_what_a_killed_build_left(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    staging = tmp_path / f".g.sqlite.{pid}.x1y2.part-staging"
    staging.mkdir()
    (staging / "staging.sqlite").write_bytes(b"half")
    (tmp_path / f".g.sqlite.{pid}.z3.part.sqlite").write_bytes(b"half")
    assert run("gazetteer", "build", DATA / "geonames" / "XX.txt", "-o", tmp_path / "g.sqlite", "-q").exit_code == 0
    assert litter(tmp_path) == []


def test_d17_the_next_write_removes_what_a_killed_write_left(tmp_path, report):
    out = tmp_path / "out.geojson"
    killed = subprocess.run([sys.executable, "-c", _KILLED_MIDWAY, str(out)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert len(litter(tmp_path)) == 1 and not out.exists()
    assert run("extract", report, "-q", "-o", out).exit_code == 0
    assert litter(tmp_path) == [] and json.loads(out.read_text())["type"] == "FeatureCollection"


# ---------------------------------------------------------------------------
# Any input at all: the command line fuzzed

_ENCODINGS = ["utf-8", "utf-16", "utf-8-sig", "latin-1", "cp1256"]
_PIECES = [REPORT, "Warplanes struck Hajin on Monday, killing 99999999999999999999 people.", "Shelling hit Deir ez-Zor yesterday.", "قصف الطيران قرية الباغوز", "<p>", "</html>", "{", "[",
           '"text":', ",", "\n", "\x00", "\ufeff", "published,text\n", "Hajin", "--", "\r\n"]
_texts = st.lists(st.sampled_from(_PIECES) | st.text(max_size=20), max_size=12).map("".join)
_contents = st.tuples(
    st.one_of(st.binary(max_size=400),
              st.tuples(_texts, st.sampled_from(_ENCODINGS)).map(lambda t: t[0].encode(t[1], errors="replace"))),
    st.sampled_from([1, 1, 1, 30, 300]),  # sizes up to about 100 KB: bounded, to keep the run short
).map(lambda t: t[0] * t[1])
_SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".csv", ".geojson", ".json"]


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=_contents, suffix=st.sampled_from(_SUFFIXES), command=st.sampled_from(["extract", "map", "resolve", "info"]),
       out_suffix=st.sampled_from([".geojson", ".csv", ".gpkg"]))
def test_any_input_gives_a_result_or_one_error_line(tmp_path_factory, content, suffix, command, out_suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"input{suffix}"
    path.write_bytes(content)
    if command == "extract":
        out = folder / f"out{out_suffix}"
        result = run("extract", path, "-q", "-o", out, "--published", "2021-07-14")
    elif command == "map":
        out = folder / "out.html"
        result = run("map", path, "-o", out, "--published", "2021-07-14")
    elif command == "resolve":
        out = None
        result = run("resolve", "-", "--json", input=content.decode("utf-8", errors="replace"))
    else:
        out = None
        result = run("gazetteer", "info", path)
    event(f"{command} exit {result.exit_code}")  # pytest --hypothesis-show-statistics: what the inputs reached
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    if result.exit_code:
        one_error_line(result.stderr)
        assert out is None or not out.exists()
    elif out is not None and out.suffix in (".geojson", ".html"):
        text = out.read_text(encoding="utf-8")
        assert json.loads(text)["type"] == "FeatureCollection" if out.suffix == ".geojson" else text.rstrip().endswith("</html>")
    assert litter(folder) == []
