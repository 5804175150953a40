"""An opt-in online fallback for names the gazetteer lacks: geopy's Nominatim, politely.

Off by default: nothing in geoincidents talks to the network unless a user
asks (``geoincidents resolve --online``, or ``Gazetteer(fallback=...)``).
When asked, :class:`OnlineGeocoder`

- sends a user agent that names geoincidents and its version, as the
  Nominatim usage policy requires;
- waits ``min_delay_seconds`` between requests (geopy's ``RateLimiter``;
  the public server allows one a second) and gives up after ``timeout``;
- looks only in ``country_codes`` (Syria and Iraq unless told otherwise);
- keeps every answer, misses included, in an SQLite file, so that a name is
  asked once, ever;
- distrusts the server: an answer over ``MAX_ANSWER_BYTES`` is cut off, one
  that is not a list of places with a latitude and longitude in range is a
  ``GeocoderError`` (never cached), retries print nothing, and with
  ``errors="warn"`` a failure is a warning and the name stays unresolved.

``GEOINCIDENTS_NOMINATIM`` points it at another Nominatim server, e.g. one's
own: ``GEOINCIDENTS_NOMINATIM=http://127.0.0.1:8080``.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import sqlite3
import threading
import time
import warnings
from http import HTTPStatus
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

from . import __version__
from .errors import GeocoderError
from .gazetteer import MAX_NAME_LENGTH, Match, Place, cache_dir

__all__ = ["OnlineGeocoder", "kind_of_osm", "nominatim_from_url", "USER_AGENT", "DEFAULT_COUNTRY_CODES"]

USER_AGENT = f"geoincidents/{__version__} (conflict-report place names; geopy)"
DEFAULT_COUNTRY_CODES = ("sy", "iq")
NOMINATIM_ENV = "GEOINCIDENTS_NOMINATIM"
#: The largest answer read, in bytes: one Nominatim place with its address is about 2 KB.
MAX_ANSWER_BYTES = 1_000_000
#: With ``errors="warn"``, this many failures in a row and the geocoder stops asking for the rest of the run.
MAX_FAILURES_IN_A_ROW = 3

# OSM (class, type) -> our kind; (class, None) for any type of the class.
_OSM_KINDS = {
    ("place", "city"): "city", ("place", "town"): "town", ("place", "village"): "village",
    ("place", "hamlet"): "village", ("place", "isolated_dwelling"): "village", ("place", "farm"): "village",
    ("place", "locality"): "village", ("place", "neighbourhood"): "village", ("place", "suburb"): "village",
    ("place", "quarter"): "village", ("place", "state"): "province", ("place", "province"): "province",
    ("place", "county"): "district", ("place", "district"): "district", ("place", "municipality"): "district",
    ("place", "country"): "country", ("place", "region"): "region",
    ("aeroway", "aerodrome"): "airport", ("aeroway", "airfield"): "airport", ("aeroway", "heliport"): "airport",
    ("military", None): "base", ("landuse", "military"): "base",
    ("amenity", "prison"): "prison", ("amenity", "refugee_site"): "camp", ("place", "refugee_site"): "camp",
    ("waterway", "dam"): "dam", ("man_made", "dam"): "dam",
    ("waterway", "river"): "river", ("waterway", "stream"): "river", ("waterway", "wadi"): "river",
    ("natural", "desert"): "desert", ("barrier", "border_control"): "border_crossing",
    ("railway", "station"): "station", ("power", "plant"): "station", ("power", "substation"): "station",
    ("man_made", "pumping_station"): "station", ("man_made", "petroleum_well"): "oil_field",
}
# Nominatim's addresstype for administrative boundaries: how the country calls the level.
_ADDRESS_KINDS = {
    "country": "country", "state": "province", "province": "province", "region": "region",
    "state_district": "district", "county": "district", "district": "district", "municipality": "district",
    "city": "city", "town": "town", "village": "village", "hamlet": "village",
}


def kind_of_osm(osm_class: str, osm_type: str, addresstype: str = "") -> str:
    """Our kind of place for a Nominatim answer's OSM class and type.

    Administrative boundaries take the kind of their address level; other
    places the kind their tags say, or "village" for an unknown ``place=*``
    and "region" for anything else.

    Example
    -------
    >>> kind_of_osm("place", "town"), kind_of_osm("aeroway", "aerodrome"), kind_of_osm("boundary", "administrative", "state")
    ('town', 'airport', 'province')
    """
    if osm_class == "boundary":
        return _ADDRESS_KINDS.get(addresstype, "region")
    kind = _OSM_KINDS.get((osm_class, osm_type)) or _OSM_KINDS.get((osm_class, None))
    if kind:
        return kind
    return "village" if osm_class == "place" else "region"


def nominatim_from_url(url: str, user_agent: str = USER_AGENT, timeout: float = 10):
    """A geopy ``Nominatim`` for a server URL (``http://127.0.0.1:8080``, or a bare host name).

    Example
    -------
    >>> nominatim_from_url("http://127.0.0.1:8080").domain
    '127.0.0.1:8080'
    """
    from geopy.geocoders import Nominatim

    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GeocoderError(f"{NOMINATIM_ENV}: expected a URL such as http://127.0.0.1:8080, instead got: {url!r}")
    domain = parts.netloc + parts.path.rstrip("/")
    # Why the urllib adapter: the requests one retries inside urllib3, which
    # would multiply the retries of our RateLimiter and the wait on a dead server.
    return Nominatim(domain=domain, scheme=parts.scheme, user_agent=user_agent, timeout=timeout,
                     adapter_factory=_bounded_adapter())


def _bounded_adapter():
    """geopy's urllib adapter, reading at most ``MAX_ANSWER_BYTES`` of an answer.

    Why: geopy reads the whole body; a server sending 200 MB took 1.2 GB.
    """
    from urllib.error import HTTPError, URLError
    from urllib.request import Request

    from geopy.adapters import AdapterHTTPError, URLLibAdapter
    from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable

    class BoundedURLLibAdapter(URLLibAdapter):
        def get_text(self, url, *, timeout, headers):
            try:
                page = self.urlopen(Request(url=url, headers=headers), timeout=timeout)
            except HTTPError as error:
                error.close()
                raise AdapterHTTPError(f"HTTP {error.code}", status_code=error.code,
                                       headers={k.lower(): v for k, v in error.headers.items()}, text="") from None
            except (URLError, OSError) as error:  # geopy's words for network errors
                reason = error.reason if isinstance(error, URLError) else error
                if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                    raise GeocoderTimedOut("Service timed out") from None
                if isinstance(reason, ConnectionRefusedError) or "unreachable" in str(reason):
                    raise GeocoderUnavailable(f"Service not available ({reason})") from None
                raise GeocoderServiceError(str(reason)) from None
            with page:
                try:
                    body = page.read(MAX_ANSWER_BYTES + 1)
                except OSError as e:
                    raise GeocoderServiceError(f"answer cut short ({e})") from None
            if len(body) > MAX_ANSWER_BYTES:
                raise GeocoderParseError(f"answer larger than {MAX_ANSWER_BYTES:,} bytes; not read")
            try:
                return body.decode(page.headers.get_content_charset() or "utf-8")
            except (LookupError, ValueError):
                raise GeocoderParseError("answer not in the text encoding it claims") from None

    return BoundedURLLibAdapter


class OnlineGeocoder:
    """A geopy geocoder (Nominatim by default), rate-limited, cached, as a gazetteer fallback.

    Parameters
    ----------
    geocoder : geopy geocoder, optional
        Any geopy geocoder; default ``Nominatim`` at ``$GEOINCIDENTS_NOMINATIM``
        or nominatim.openstreetmap.org.
    cache_path : path, optional
        The SQLite file of answers; default ``geocoder.sqlite`` in
        :func:`geoincidents.gazetteer.cache_dir`.
    user_agent : str
        Sent with every request; name your application and a contact.
    min_delay_seconds : float
        At least this long between two requests (the public Nominatim asks 1 s).
    timeout : float
        Seconds to wait for one answer.
    country_codes : sequence of str, optional
        ISO codes to search in (Nominatim's ``countrycodes``); None for the world.
    language : str
        Preferred language of the names returned.
    max_retries, error_wait_seconds : int, float
        Retries of a request the network or the server failed, and the wait before each.
    errors : {"raise", "warn"}
        What a failure does: raise ``GeocoderError`` (``resolve --online``), or
        warn and leave the name unresolved (``extract --online``: one failed
        name must not lose a whole run); after ``MAX_FAILURES_IN_A_ROW`` failures
        in a row it stops asking.

    Example
    -------
    >>> geocoder = OnlineGeocoder(min_delay_seconds=1.0)  # doctest: +SKIP
    >>> geocoder.resolve("Tal Baydar")  # doctest: +SKIP
    Match(query='Tal Baydar', place=Place(id='osm:node/...', ...), score=1.0, ...)
    >>> Gazetteer.default().fallback = geocoder  # doctest: +SKIP
    """

    def __init__(self, geocoder=None, cache_path: str | Path | None = None, user_agent: str = USER_AGENT,
                 min_delay_seconds: float = 1.0, timeout: float = 10, country_codes: Sequence[str] | None = DEFAULT_COUNTRY_CODES,
                 language: str = "en", max_retries: int = 1, error_wait_seconds: float = 2.0, errors: str = "raise"):
        from geopy.extra.rate_limiter import RateLimiter

        if geocoder is None:
            geocoder = nominatim_from_url(os.environ.get(NOMINATIM_ENV) or "https://nominatim.openstreetmap.org",
                                          user_agent=user_agent, timeout=timeout)
        self.geocoder = geocoder
        self.timeout = timeout
        self.country_codes = [c.lower() for c in country_codes] if country_codes else None
        self.language = language
        if errors not in ("raise", "warn"):
            raise ValueError(f"errors: expected 'raise' or 'warn', instead got: {errors!r}")
        self.errors, self.max_retries, self.error_wait_seconds = errors, max_retries, error_wait_seconds
        self._failures = 0
        # Why swallow_exceptions=False: a swallowed error comes back as None,
        # which would be cached as "no such place" for ever. Why no retries in
        # the RateLimiter: it logs a traceback for each; ``_ask`` retries quietly.
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                                    swallow_exceptions=False)
        self.cache_path = Path(cache_path) if cache_path else cache_dir() / "geocoder.sqlite"
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @property
    def service(self) -> str:
        """What answers depend on: the geocoder, its server, the countries and the language."""
        domain = getattr(self.geocoder, "domain", "")
        countries = ",".join(self.country_codes or ["world"])
        return f"{type(self.geocoder).__name__}:{domain}:{countries}:{self.language}"

    def __repr__(self) -> str:
        return f"<OnlineGeocoder {self.service} cache={self.cache_path}>"

    # -- the cache --------------------------------------------------------

    def _cache(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self.cache_path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.cache_path, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS answers (service TEXT, query TEXT, answer TEXT, asked_at TEXT, "
                           "PRIMARY KEY (service, query))")
                db.commit()
            except (OSError, sqlite3.Error) as e:
                raise GeocoderError(f"{self.cache_path}: cannot open the geocoder cache ({e}); "
                                    "set GEOINCIDENTS_CACHE to a writable directory") from None
            self._db = db
        return self._db

    def cached(self, query: str) -> tuple[bool, dict | None]:
        """(whether ``query`` was asked before, the answer kept then: None for a miss).

        An answer kept that is no longer readable counts as never asked.
        """
        try:
            row = self._cache().execute("SELECT answer FROM answers WHERE service = ? AND query = ?",
                                        (self.service, _query_key(query))).fetchone()
        except sqlite3.Error as e:
            raise self._cache_error(e) from None
        if row is None:
            return False, None
        try:
            return True, _checked_answer(json.loads(row[0])) if row[0] else None
        except (TypeError, ValueError, RecursionError):
            return False, None

    def _remember(self, query: str, answer: dict | None) -> None:
        try:
            db = self._cache()
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (
                self.service, _query_key(query), json.dumps(answer, ensure_ascii=False) if answer else None,
                datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            ))
            db.commit()
        except sqlite3.Error as e:
            raise self._cache_error(e) from None

    def _cache_error(self, error: Exception) -> GeocoderError:
        return GeocoderError(f"{self.cache_path}: the geocoder cache is damaged or locked ({error}); "
                             "remove it, or set GEOINCIDENTS_CACHE to another directory")

    # -- asking -----------------------------------------------------------

    def _ask(self, query: str) -> dict | None:
        """The server's answer for ``query``, checked; ``GeocoderError`` when there is none to trust."""
        from geopy.exc import GeocoderParseError, GeocoderQueryError, GeocoderServiceError, GeopyError

        kwargs = {"exactly_one": True, "timeout": self.timeout}
        if type(self.geocoder).__name__ == "Nominatim":
            kwargs.update(addressdetails=True, language=self.language, country_codes=self.country_codes)
        for attempt in range(self.max_retries + 1):
            try:
                with warnings.catch_warnings():  # lat 500: geopy warns, then raises; the raise is enough
                    warnings.filterwarnings("ignore", message="Latitude normalization")
                    location = self._geocode(query, **kwargs)
                if location is None:
                    return None
                raw = location.raw if isinstance(location.raw, dict) else {}
                # geopy reads a missing latitude as 0: the server's own numbers are checked
                lat, lon = (float(raw["lat"]), float(raw["lon"])) if "lat" in raw else (location.latitude, location.longitude)
                return _checked_answer({"lat": lat, "lon": lon, "address": location.address, "raw": raw})
            except (GeocoderParseError, GeocoderQueryError) as e:
                raise self._failure(query, self._reason(e)) from None
            except (GeocoderServiceError, OSError) as e:  # the network or the server: worth another try
                if attempt >= self.max_retries:
                    raise self._failure(query, self._reason(e)) from None
                time.sleep(self.error_wait_seconds)
            except GeopyError as e:
                raise self._failure(query, self._reason(e)) from None
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as e:
                # geopy parses what it is given: lat 500, NaN, "north", an object for a list
                raise self._failure(query, f"bad answer ({type(e).__name__}: {' '.join(str(e).split())[:120]})") from None
        return None  # pragma: no cover - the loop returns or raises

    def _failure(self, query: str, reason: str) -> GeocoderError:
        server = getattr(self.geocoder, "domain", type(self.geocoder).__name__)
        error = GeocoderError(f"online geocoder {server} failed for {query!r}: {reason}; "
                              f"check the network (or {NOMINATIM_ENV}), or resolve without --online")
        error.reason = reason
        return error

    def _reason(self, error: Exception) -> str:
        """What went wrong, in a few words: the adapters' messages can run to a paragraph."""
        from geopy.exc import GeocoderTimedOut

        status = getattr(error.__cause__, "status_code", None)
        if status is not None:  # geopy calls a 503 a time-out: say what the server said
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "error"
            name = "GeocoderUnavailable" if status == 503 else type(error).__name__
            return f"{name}: HTTP {status} {phrase}"
        if isinstance(error, GeocoderTimedOut):
            return f"GeocoderTimedOut: no answer within {self.timeout:g} s"
        text = " ".join(str(error).split()) or "no answer"
        return f"{type(error).__name__}: {text[:160]}"

    def resolve(self, name: str) -> Match | None:
        """The place an online geocoder finds for ``name``, or None; asked once, then cached.

        Raises ``GeocoderError`` when the service cannot be reached or fails.

        Example
        -------
        >>> OnlineGeocoder().resolve("Tal Baydar").kind  # doctest: +SKIP
        'village'
        """
        if not name.strip() or len(name) > MAX_NAME_LENGTH:
            return None
        with self._lock:
            try:
                known, answer = self.cached(name)
                if not known:
                    if self._failures >= MAX_FAILURES_IN_A_ROW and self.errors == "warn":
                        return None  # given up for this run: said once already
                    answer = self._ask(name)
                    self._remember(name, answer)
            except GeocoderError as e:
                if self.errors == "raise":
                    raise
                self._failures += 1
                warnings.warn(f"online geocoder: {getattr(e, 'reason', e)} for {name!r}; left unresolved", stacklevel=2)
                if self._failures >= MAX_FAILURES_IN_A_ROW:
                    warnings.warn(f"online geocoder: {self._failures} failures in a row; not asked again in this run",
                                  stacklevel=2)
                return None
            self._failures = 0
        if answer is None:
            return None
        # Why 1.0: Nominatim's importance is how prominent a place is, not how well the
        # name matched; a small village it found is still the name's answer.
        return Match(name, place_from_answer(answer), 1.0, answer.get("address") or name)

    def close(self) -> None:
        """Close the cache file."""
        if self._db is not None:
            self._db.close()
            self._db = None


def _checked_answer(answer: dict) -> dict:
    """``answer`` if its coordinates are numbers on the globe; ``ValueError`` otherwise."""
    if not isinstance(answer, dict) or not isinstance(answer.get("raw", {}), dict):
        raise ValueError("not a place")
    lat, lon = answer.get("lat"), answer.get("lon")
    if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        raise ValueError(f"coordinates are not numbers: {str(lat)[:20]!r}, {str(lon)[:20]!r}")
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates off the globe: {lat}, {lon}")
    if not isinstance(answer.get("address") or "", str):
        raise ValueError("the address is not text")
    return answer


def _query_key(query: str) -> str:
    return " ".join(query.split()).casefold()


def place_from_answer(answer: dict) -> Place:
    """A ``Place`` from a geocoder answer kept in the cache (Nominatim's fields when there).

    Example
    -------
    >>> place_from_answer({"lat": 36.8, "lon": 40.9, "address": "Tal Baydar, Syria",
    ...                    "raw": {"osm_type": "node", "osm_id": 1, "class": "place", "type": "village"}}).id
    'osm:node/1'
    """
    raw = answer.get("raw") or {}
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    if raw.get("osm_type") and raw.get("osm_id"):
        pid = f"osm:{raw['osm_type']}/{raw['osm_id']}"
    elif raw.get("place_id"):
        pid = f"nominatim:{raw['place_id']}"
    else:
        pid = f"geocoder:{answer['lat']:.5f},{answer['lon']:.5f}"
    display = answer.get("address") or ""
    name = raw.get("name") or display.split(",")[0].strip() or pid
    return Place(
        id=pid, name=name, lat=float(answer["lat"]), lon=float(answer["lon"]),
        kind=kind_of_osm(raw.get("class", raw.get("category", "")), raw.get("type", ""), raw.get("addresstype", "")),
        country=(address.get("country_code") or "").upper(), admin1=address.get("state") or address.get("province") or "",
        alt_names=tuple(n for n in {display.split(",")[0].strip()} if n and n != name), population=None, source=pid,
    )
