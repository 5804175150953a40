"""The opt-in online fallback, against a Nominatim look-alike this test starts on 127.0.0.1.

No test here reaches the real network: every geocoder is pointed at the local
server, and ``GEOINCIDENTS_NOMINATIM`` is set to it for the CLI.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from geoincidents import geocode
from geoincidents.cli import cli
from geoincidents.errors import GeocoderError
from geoincidents.gazetteer import Gazetteer, Place
from geoincidents.geocode import OnlineGeocoder, kind_of_osm, nominatim_from_url, place_from_answer

# Tell Tamer as a Nominatim /search?format=json&addressdetails=1 answer would give it.
# Coordinates: GeoNames 163434 (Tall Tamr); the OSM and place ids are made up for the test.
TELL_TAMER = {
    "place_id": 90001, "licence": "Data (c) OpenStreetMap contributors, ODbL 1.0", "osm_type": "node",
    "osm_id": 70001, "lat": "36.65556", "lon": "40.37079", "class": "place", "type": "town",
    "place_rank": 18, "importance": 0.41, "addresstype": "town", "name": "Tell Tamer",
    "display_name": "Tell Tamer, Al-Hasakah Governorate, Syria",
    "address": {"town": "Tell Tamer", "state": "Al-Hasakah Governorate", "country": "Syria", "country_code": "sy"},
    "boundingbox": ["36.6", "36.7", "40.3", "40.4"],
}


class FakeNominatim:
    """A /search endpoint that answers like Nominatim and counts what it is asked."""

    def __init__(self):
        self.requests: list[dict] = []
        self.mode = "ok"  # "ok", "error" (HTTP 500) or "slow" (no answer before the client gives up)
        self.released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, "params": params, "user_agent": self.headers.get("User-Agent")})
                if fake.mode == "slow":
                    fake.released.wait(2)  # longer than the client's timeout; cut short at teardown
                    return
                if fake.mode == "error":
                    self.send_error(500, "Internal Server Error")
                    return
                found = [TELL_TAMER] if params.get("q", "").lower() in ("tell tamer", "tal tamr") else []
                body = json.dumps(found).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_nominatim(monkeypatch, tmp_path):
    """The local Nominatim, named in the environment so that nothing can reach the real one."""
    with FakeNominatim() as server:
        monkeypatch.setenv("GEOINCIDENTS_NOMINATIM", server.url)
        monkeypatch.setenv("GEOINCIDENTS_CACHE", str(tmp_path / "cache"))
        yield server


@pytest.fixture
def online_geocoder(fake_nominatim, tmp_path) -> OnlineGeocoder:
    return OnlineGeocoder(nominatim_from_url(fake_nominatim.url, timeout=0.5), cache_path=tmp_path / "answers.sqlite",
                          min_delay_seconds=0, timeout=0.5, max_retries=0)


@pytest.fixture
def hajin_gazetteer() -> Gazetteer:
    """One place with its GeoNames coordinates: Tell Tamer is not in it."""
    return Gazetteer([Place("geonames:174506", "Hajin", 34.69508, 40.83138, "town", "SY", "Deir ez-Zor",
                            (), 29237, "geonames:174506")], source="hajin")


def test_fallback_resolves_a_name_the_gazetteer_lacks(hajin_gazetteer, online_geocoder, fake_nominatim):
    hajin_gazetteer.fallback = online_geocoder
    m = hajin_gazetteer.resolve("Tell Tamer")
    assert (m.name, m.lat, m.lon, m.kind, m.country, m.admin1) == (
        "Tell Tamer", 36.65556, 40.37079, "town", "SY", "Al-Hasakah Governorate")
    assert (m.id, m.source, m.score) == ("osm:node/70001", "osm:node/70001", 1.0)
    [request] = fake_nominatim.requests
    assert request["path"] == "/search"
    assert request["params"]["q"] == "Tell Tamer" and request["params"]["countrycodes"] == "sy,iq"
    assert request["user_agent"].startswith("geoincidents/")


def test_a_name_is_asked_once_then_read_from_the_cache(online_geocoder, fake_nominatim, tmp_path):
    assert online_geocoder.resolve("Tell Tamer").id == "osm:node/70001"
    assert online_geocoder.resolve("Atlantis") is None
    again = OnlineGeocoder(nominatim_from_url(fake_nominatim.url), cache_path=tmp_path / "answers.sqlite",
                           min_delay_seconds=0)
    assert again.resolve("tell  TAMER").id == "osm:node/70001"
    assert again.resolve("Atlantis") is None  # a miss is remembered too
    assert [r["params"]["q"] for r in fake_nominatim.requests] == ["Tell Tamer", "Atlantis"]


def test_a_name_the_gazetteer_knows_never_goes_online(hajin_gazetteer, online_geocoder, fake_nominatim):
    hajin_gazetteer.fallback = online_geocoder
    assert hajin_gazetteer.resolve("Hajin").id == "geonames:174506"
    assert fake_nominatim.requests == []


def test_a_server_error_is_a_geocoder_error_and_not_cached(online_geocoder, fake_nominatim):
    fake_nominatim.mode = "error"
    with pytest.raises(GeocoderError, match=r"^online geocoder 127\.0\.0\.1:\d+ failed for 'Tell Tamer': GeocoderServiceError"):
        online_geocoder.resolve("Tell Tamer")
    fake_nominatim.mode = "ok"
    assert online_geocoder.resolve("Tell Tamer").id == "osm:node/70001"
    assert len(fake_nominatim.requests) == 2


def test_a_timeout_is_a_geocoder_error(online_geocoder, fake_nominatim):
    fake_nominatim.mode = "slow"
    started = time.perf_counter()
    with pytest.raises(GeocoderError, match="GeocoderTimedOut"):
        online_geocoder.resolve("Tell Tamer")
    assert time.perf_counter() - started < 1.5


def test_retries_wait_and_ask_again(fake_nominatim, tmp_path):
    fake_nominatim.mode = "error"
    geocoder = OnlineGeocoder(nominatim_from_url(fake_nominatim.url), cache_path=tmp_path / "a.sqlite",
                              min_delay_seconds=0, max_retries=2, error_wait_seconds=0)
    with pytest.raises(GeocoderError):
        geocoder.resolve("Tell Tamer")
    assert len(fake_nominatim.requests) == 3


def test_the_default_geocoder_is_nominatim_at_the_configured_server(fake_nominatim):
    geocoder = OnlineGeocoder()
    assert geocoder.geocoder.domain == fake_nominatim.url.split("//")[1]
    assert geocoder.geocoder.scheme == "http"
    assert geocoder.cache_path.parent.name == "cache"  # GEOINCIDENTS_CACHE


def test_a_bad_server_url_is_a_clear_error():
    with pytest.raises(GeocoderError, match=r"expected a URL such as http://127.0.0.1:8080, instead got: 'ftp://x'"):
        nominatim_from_url("ftp://x")


@pytest.mark.parametrize("osm_class, osm_type, addresstype, kind", [
    ("place", "village", "", "village"), ("place", "city", "", "city"), ("boundary", "administrative", "state", "province"),
    ("aeroway", "aerodrome", "", "airport"), ("military", "base", "", "base"), ("amenity", "prison", "", "prison"),
    ("waterway", "dam", "", "dam"), ("natural", "desert", "", "desert"), ("barrier", "border_control", "", "border_crossing"),
    ("shop", "bakery", "", "region"), ("place", "plot", "", "village"),
])
def test_osm_classes_map_to_our_kinds(osm_class, osm_type, addresstype, kind):
    assert kind_of_osm(osm_class, osm_type, addresstype) == kind


def test_an_answer_without_osm_ids_keeps_nominatims_place_id():
    place = place_from_answer({"lat": 36.65556, "lon": 40.37079, "address": "Tell Tamer, Syria", "raw": {"place_id": 5}})
    assert (place.id, place.name, place.kind) == ("nominatim:5", "Tell Tamer", "region")


# -- the command line ---------------------------------------------------------


@pytest.fixture
def fast_online(monkeypatch):
    """The CLI's geocoder without the polite one-second wait and five-second retries."""
    monkeypatch.setattr(geocode, "OnlineGeocoder",
                        functools.partial(OnlineGeocoder, min_delay_seconds=0, max_retries=0, timeout=0.5))


@pytest.fixture
def path_hajin_csv(tmp_path):
    path = tmp_path / "hajin.csv"
    path.write_text("id,name,lat,lon,kind,country,admin1,alt_names,population,source\n"
                    "geonames:174506,Hajin,34.69508,40.83138,town,SY,Deir ez-Zor,,29237,geonames:174506\n",
                    encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_cli_online_resolves_what_the_gazetteer_lacks(fake_nominatim, fast_online, path_hajin_csv):
    result = run("resolve", "Hajin", "Tell Tamer", "Atlantis", "--online", "--json", "--gazetteer", path_hajin_csv)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r.get("id") for r in records] == ["geonames:174506", "osm:node/70001", None]
    assert records[2] == {"query": "Atlantis", "match": None}
    assert [r["params"]["q"] for r in fake_nominatim.requests] == ["Tell Tamer", "Atlantis"]


def test_cli_stays_offline_without_the_flag(fake_nominatim, path_hajin_csv):
    result = run("resolve", "Tell Tamer", "--json", "--gazetteer", path_hajin_csv)
    assert json.loads(result.output) == {"query": "Tell Tamer", "match": None}
    assert fake_nominatim.requests == []


def test_cli_server_error_is_one_error_line(fake_nominatim, fast_online, path_hajin_csv):
    fake_nominatim.mode = "error"
    result = run("resolve", "Tell Tamer", "--online", "--gazetteer", path_hajin_csv)
    assert result.exit_code == 1
    host = fake_nominatim.url.split("//")[1]
    error = result.output.splitlines()[-1]
    assert error.startswith(f"Error: online geocoder {host} failed for 'Tell Tamer': GeocoderServiceError: ")
    assert error.endswith("; check the network (or GEOINCIDENTS_NOMINATIM), or resolve without --online")
    assert "Traceback" not in result.output


def test_cli_timeout_is_one_error_line(fake_nominatim, fast_online, path_hajin_csv):
    fake_nominatim.mode = "slow"
    result = run("resolve", "Tell Tamer", "--online", "--gazetteer", path_hajin_csv)
    assert result.exit_code == 1
    assert "GeocoderTimedOut" in result.output.splitlines()[-1]
    assert result.output.splitlines()[-1].startswith("Error: online geocoder ")
