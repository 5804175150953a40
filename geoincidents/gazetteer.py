"""The gazetteer: place names to coordinates, offline, allowing for spelling.

A ``Gazetteer`` answers three questions:

- ``lookup(name)``: every place the name may mean, best first;
- ``resolve(name)``: the best of them, or ``None`` when nothing fits;
- ``spot(text)``: every gazetteer name in a running text, with its span.

Names meet through the keys of :mod:`geoincidents.names`. A query is first
looked up by its exact ``name_key`` (every spelling the gazetteer knows), then
by its consonant ``skeleton`` and the skeletons one consonant away from it
(a SymSpell-style index of deletions), and the candidates are scored with
rapidfuzz on the key and on the ``sound_key``. Nothing scans every name, so
the same code serves a few thousand names in memory and a million in SQLite.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .errors import GazetteerError
from .names import GENERIC_WORDS, fold, name_key, skeleton, sound_key, token_key

__all__ = ["Place", "Match", "Spot", "Gazetteer", "describe_gazetteer", "write_sqlite", "read_places_csv", "read_extra_places", "KINDS", "COLUMNS", "DEFAULT_MIN_SCORE"]

COLUMNS = ("id", "name", "lat", "lon", "kind", "country", "admin1", "alt_names", "population", "source")
KINDS = frozenset(
    "city town village district province country oil_field gas_field base airport "
    "border_crossing camp prison dam station desert river region".split()
)
#: Below this similarity a candidate is not the place the query names.
DEFAULT_MIN_SCORE = 0.8

# How much a kind of place is worth when two places answer a name equally well:
# a report naming "al-Omar" more likely means the oil field than a hamlet.
_KIND_PRIOR = {
    "country": 0.05, "province": 0.045, "city": 0.045, "oil_field": 0.04, "gas_field": 0.04,
    "base": 0.035, "airport": 0.035, "border_crossing": 0.035, "camp": 0.03, "prison": 0.03,
    "dam": 0.03, "station": 0.03, "town": 0.03, "district": 0.025, "river": 0.02,
    "desert": 0.02, "region": 0.02, "village": 0.0,
}
# Words in a query that say what kind of place it is.
_KIND_WORDS = {
    "province": {"province", "governorate"}, "district": {"district", "subdistrict"},
    "oil_field": {"field", "oilfield"}, "gas_field": {"field", "gasfield"}, "camp": {"camp"},
    "prison": {"prison", "jail"}, "base": {"base"}, "airport": {"airport", "airbase"},
    "border_crossing": {"crossing"}, "dam": {"dam"}, "station": {"station"},
    "desert": {"desert", "badia"}, "river": {"river"}, "village": {"village"},
    "town": {"town"}, "city": {"city"},
}
_MAX_NAME_TOKENS = 6
#: The longest name ``lookup`` and ``resolve`` consider, in characters. Why: the
#: fuzzy keys of a name grow with the square of its length (a 126,000-character
#: "name" took 4 GB), and no place name is near this long; a longer one matches nothing.
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Place:
    """One row of the gazetteer. ``lat``/``lon`` in decimal degrees, WGS 84."""

    id: str
    name: str
    lat: float
    lon: float
    kind: str = "village"
    country: str = ""
    admin1: str = ""
    alt_names: tuple[str, ...] = ()
    population: int | None = None
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The main name and every alternative spelling."""
        return (self.name, *self.alt_names)


@dataclass(frozen=True)
class Match:
    """A place a query resolved to, with how well it matched.

    ``score`` is the similarity of the query to the best spelling of the place
    (1.0: a spelling the gazetteer knows). ``matched`` is that spelling.
    ``alternatives`` are the other places the query could mean, best first.
    """

    query: str
    place: Place
    score: float
    matched: str
    distance_km: float | None = None
    alternatives: tuple["Match", ...] = field(default=(), repr=False)

    name = property(lambda self: self.place.name)
    lat = property(lambda self: self.place.lat)
    lon = property(lambda self: self.place.lon)
    kind = property(lambda self: self.place.kind)
    country = property(lambda self: self.place.country)
    admin1 = property(lambda self: self.place.admin1)
    id = property(lambda self: self.place.id)
    source = property(lambda self: self.place.source)

    def to_dict(self) -> dict:
        """The ``resolve --json`` record."""
        return {
            "query": self.query, "name": self.name, "lat": self.lat, "lon": self.lon,
            "score": round(self.score, 3), "kind": self.kind, "country": self.country,
            "admin1": self.admin1, "id": self.id, "source": self.source,
        }


@dataclass(frozen=True)
class Spot:
    """A gazetteer name found in a text: ``text[start:end]`` is ``mention``."""

    start: int
    end: int
    mention: str
    match: Match


# ---------------------------------------------------------------------------
# Reading places


def _split_alt_names(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip() for n in (value or "").split("|") if n.strip()))


def place_from_row(row: dict, where: str = "") -> Place:
    """A ``Place`` from a CSV-like row; ``GazetteerError`` naming the row if bad."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError, KeyError):
        raise GazetteerError(f"{where}: lat/lon must be numbers, got {row.get('lat')!r}, {row.get('lon')!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: lat/lon out of range: {lat}, {lon}")
    name = (row.get("name") or "").strip()
    if not name:
        raise GazetteerError(f"{where}: empty name")
    pop = (row.get("population") or "").strip() if isinstance(row.get("population"), str) else row.get("population")
    return Place(
        id=(row.get("id") or "").strip() or f"row:{where}",
        name=name, lat=lat, lon=lon,
        kind=(row.get("kind") or "village").strip(),
        country=(row.get("country") or "").strip(),
        admin1=(row.get("admin1") or "").strip(),
        alt_names=_split_alt_names(row.get("alt_names")),
        population=int(float(pop)) if pop not in (None, "") else None,
        source=(row.get("source") or "").strip(),
    )


def read_places_csv(path: str | Path) -> list[Place]:
    """Every place of a gazetteer CSV in the DESIGN.md format."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
            if missing:
                raise GazetteerError(
                    f"{path}: not a gazetteer CSV, missing column(s) {', '.join(sorted(missing))}; "
                    f"expected {','.join(COLUMNS)}"
                )
            return [place_from_row(row, f"{path.name}:{n}") for n, row in enumerate(reader, start=2)]
    except FileNotFoundError:
        raise GazetteerError(f"{path}: no such gazetteer file") from None
    except UnicodeDecodeError:
        raise GazetteerError(f"{path}: not UTF-8 text; save the gazetteer as UTF-8 CSV") from None
    except csv.Error as e:
        raise GazetteerError(f"{path}: malformed CSV ({e})") from None



#: Columns a user's extra places must have: an overlay row adds to or replaces shipped data,
#: so, like a shipped row, it says what it is and where its coordinates come from.
EXTRA_COLUMNS = ("id", "name", "lat", "lon", "kind", "source")


def read_extra_places(path: str | Path) -> list[Place]:
    """A user's places to lay over a gazetteer (``--extra-places``): the gazetteer CSV format, checked strictly.

    Each row needs an id, a name, numeric coordinates, a known kind and a
    source; the first bad row raises ``GazetteerError`` naming the file, the
    line, the place and the reason.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in EXTRA_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise GazetteerError(
                    f"{path}: extra places need the column(s) {', '.join(missing)}; "
                    f"expected {','.join(COLUMNS)}"
                )
            places, seen = [], {}
            for line, row in enumerate(reader, start=2):
                where = f"{path.name}:{line}"
                label = f"{where} ({(row.get('name') or row.get('id') or '').strip() or 'no name'})"
                if None in row or any(v is None for v in row.values()):
                    raise GazetteerError(f"{label}: not as many fields as the header's {len(reader.fieldnames)} columns")
                for column in ("id", "source"):
                    if not row[column].strip():
                        raise GazetteerError(f"{label}: empty {column}; every place needs an id and the source of "
                                             "its coordinates (geonames:ID or a URL)")
                if row["kind"].strip() not in KINDS:
                    raise GazetteerError(f"{label}: unknown kind {row['kind'].strip()!r}; one of {', '.join(sorted(KINDS))}")
                pop = (row.get("population") or "").strip()
                if pop and not pop.replace(".", "", 1).isdigit():
                    raise GazetteerError(f"{label}: population must be a number, got {pop!r}")
                place = place_from_row(row, label)
                if place.id in seen:
                    raise GazetteerError(f"{label}: id {place.id} already on line {seen[place.id]}")
                seen[place.id] = line
                places.append(place)
    except FileNotFoundError:
        raise GazetteerError(f"{path}: no such file of extra places") from None
    except UnicodeDecodeError:
        raise GazetteerError(f"{path}: not UTF-8 text; save the extra places as UTF-8 CSV") from None
    except csv.Error as e:
        raise GazetteerError(f"{path}: malformed CSV ({e})") from None
    if not places:
        raise GazetteerError(f"{path}: no places in the file of extra places")
    return places

# ---------------------------------------------------------------------------
# Indexes: the same four questions asked of memory or of SQLite


def deletions(skel: str) -> set[str]:
    """The skeleton with one letter removed, each way: SymSpell's distance-1 keys."""
    if len(skel) < 3:
        return set()
    return {skel[:i] + skel[i + 1:] for i in range(len(skel))}


#: Kinds whose generic word the press often leaves out: "al-Omar" for the
#: al-Omar oil field, "Tanf" for the al-Tanf base. A dam or a river is not
#: named by its first word alone ("Euphrates" is not the Euphrates Dam).
STRIP_GENERIC_KINDS = frozenset(
    "oil_field gas_field camp base prison airport station border_crossing province district".split()
)


def spellings_of(place: Place) -> Iterator[tuple[str, str]]:
    """(key, spelling) for every distinct key of a place's names.

    Each spelling gives its full key ("tabqadam") and, for the kinds in
    ``STRIP_GENERIC_KINDS``, its key without generic words ("omar").
    """
    seen = set()
    strip = place.kind in STRIP_GENERIC_KINDS
    for spelling in place.names:
        for key in (name_key(spelling, drop_generic=False), name_key(spelling) if strip else ""):
            if key and key not in seen:
                seen.add(key)
                yield key, spelling


def key_prefixes(spelling: str) -> list[str]:
    """Joins of a name's first token keys, short of the whole: for ``spot``'s pruning."""
    parts = [token_key(t) for t in re.findall(r"\w+", fold(spelling))]
    out, acc = [], ""
    for p in parts[:-1]:
        acc += p
        if acc:
            out.append(acc)
    return out


class _MemoryIndex:
    """Dictionaries built at load time: fast for the shipped few thousand places."""

    def __init__(self, places: Sequence[Place]):
        self.places = list(places)
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        self.by_skeleton: dict[str, set[str]] = {}
        self.by_deletion: dict[str, set[str]] = {}
        self.prefixes: set[str] = set()
        for no, place in enumerate(self.places):
            for key, spelling in spellings_of(place):
                self.by_key.setdefault(key, []).append((no, spelling))
                self.prefixes.update(key_prefixes(spelling))
        for key in self.by_key:
            skel = skeleton(key)
            self.by_skeleton.setdefault(skel, set()).add(key)
        for skel in self.by_skeleton:
            for d in deletions(skel):
                self.by_deletion.setdefault(d, set()).add(skel)

    def __len__(self) -> int:
        return len(self.places)

    def entries(self, key: str) -> list[tuple[int, str]]:
        return self.by_key.get(key, [])

    def is_prefix(self, key: str) -> bool:
        return key in self.prefixes

    def starts_name(self, key: str) -> bool:
        """Whether a word's key is a name, or the first words of one."""
        return key in self.by_key or key in self.prefixes

    def entries_many(self, keys: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
        return {k: self.by_key.get(k, []) for k in keys}

    def keys_near_sounds(self, skel: str) -> list[tuple[str, str]]:
        return [(k, sound_key(k)) for k in self.keys_near(skel)]

    def keys_near(self, skel: str) -> set[str]:
        skels = {skel}
        skels.update(self.by_deletion.get(skel, ()))
        for d in deletions(skel):
            if d in self.by_skeleton:
                skels.add(d)
            skels.update(self.by_deletion.get(d, ()))
        out: set[str] = set()
        for s in skels:
            out.update(self.by_skeleton.get(s, ()))
        return out

    def place(self, no: int) -> Place:
        return self.places[no]

    def places_many(self, nos: Iterable[int]) -> dict[int, Place]:
        return {no: self.places[no] for no in nos}

    def all_places(self) -> Iterator[Place]:
        return iter(self.places)

    def counts(self) -> dict:
        kinds, countries, sources = Counter(), Counter(), Counter()
        for p in self.places:
            kinds[p.kind] += 1
            countries[p.country] += 1
            sources[_source_family(p.source)] += 1
        names = sum(len(v) for v in self.by_key.values())
        return {"places": len(self.places), "names": names, "kinds": kinds, "countries": countries, "sources": sources}

    #: The cache file's first line; bump it when the layout below changes.
    CACHE_FORMAT = "geoincidents-index-1"

    def to_bytes(self) -> bytes:
        """The index as data (JSON under a SHA-256 line), for the cache: nothing in it can run code.

        Why not pickle: a planted pickle in a shared cache directory runs code.
        """
        body = json.dumps({
            "places": [[p.id, p.name, p.lat, p.lon, p.kind, p.country, p.admin1, list(p.alt_names), p.population, p.source]
                       for p in self.places],
            "by_key": self.by_key,
            "by_skeleton": {k: sorted(v) for k, v in self.by_skeleton.items()},
            "by_deletion": {k: sorted(v) for k, v in self.by_deletion.items()},
            "prefixes": sorted(self.prefixes),
        }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return f"{self.CACHE_FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode() + body

    @classmethod
    def from_bytes(cls, data: bytes) -> "_MemoryIndex":
        """The index ``to_bytes`` wrote; ``ValueError`` for anything else (another format, a damaged file).

        The digest catches a damaged file that is still JSON; the skeleton and
        deletion lists stay lists (``keys_near`` reads either), which halves the load time.
        """
        head, _, body = data.partition(b"\n")
        if head != f"{cls.CACHE_FORMAT} {hashlib.sha256(body).hexdigest()}".encode():
            raise ValueError("not an index cache of this version, or damaged")
        d = json.loads(body)
        index = cls.__new__(cls)
        try:
            index.places = [Place(i, n, float(la), float(lo), k, c, a, tuple(alt), pop, src)
                            for i, n, la, lo, k, c, a, alt, pop, src in d["places"]]
            index.by_key = d["by_key"]
            index.by_skeleton, index.by_deletion = d["by_skeleton"], d["by_deletion"]
            index.prefixes = set(d["prefixes"])
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"unexpected layout ({e})") from None
        return index


SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS places (
    no INTEGER PRIMARY KEY, id TEXT, name TEXT, lat REAL, lon REAL, kind TEXT,
    country TEXT, admin1 TEXT, alt_names TEXT, population INTEGER, source TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT, place INTEGER, spelling TEXT);
CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, skeleton TEXT, sound TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deletions (variant TEXT, skeleton TEXT, PRIMARY KEY (variant, skeleton)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS prefixes (prefix TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skeletons (skeleton TEXT PRIMARY KEY, keys TEXT, sounds TEXT) WITHOUT ROWID;
"""
# Covering: the entries of a key are read from the index alone (a third faster than through the table).
SQLITE_INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names (key, place, spelling);
"""
#: Format 2 keeps the keys of each skeleton, and their sound keys, in one row of
#: ``skeletons`` (joined by _SEP: keys hold letters and digits only), where
#: format 1 had an index of ``keys`` by skeleton: the keys near a misspelled
#: name are a hundred rows rather than two thousand, three times faster to read.
SQLITE_FORMAT = "geoincidents-gazetteer-2"
_SQLITE_FORMATS_READ = ("geoincidents-gazetteer-1", SQLITE_FORMAT)
_SEP = "\x1f"


class _Rows(list):
    """A query's rows, all read: what ``sqlite3.Cursor`` offers and the index uses."""

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return self


class _CheckedDB:
    """An SQLite connection whose every error is a ``GazetteerError`` naming the file.

    Why: a file damaged in the middle opens fine and fails only on the query
    that reads the bad page, anywhere in a lookup; checking the whole file at
    open (``PRAGMA quick_check``) would take seconds on a million names.
    """

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db, self.path = db, path

    def execute(self, sql: str, args=()) -> _Rows:
        try:
            return _Rows(self.db.execute(sql, args))
        except sqlite3.DatabaseError as e:
            raise GazetteerError(f"{self.path}: damaged gazetteer ({e}); build it again with "
                                 "`geoincidents gazetteer build`") from None


class _SQLiteIndex:
    """The same index in an SQLite file: opened, not loaded, for millions of names."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"{self.path}: no such gazetteer file")
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            fmt = db.execute("SELECT v FROM meta WHERE k = 'format'").fetchone()
        except sqlite3.DatabaseError as e:
            raise GazetteerError(f"{self.path}: not a gazetteer built by `geoincidents gazetteer build`, "
                                 f"or a damaged one ({e})") from None
        self.db = _CheckedDB(db, self.path)
        if not fmt or fmt[0] not in _SQLITE_FORMATS_READ:
            raise GazetteerError(f"{self.path}: unknown gazetteer format {fmt[0] if fmt else None!r}; rebuild it")
        self._place = lru_cache(maxsize=50_000)(self._read_place)
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # Format 1 files (no skeletons table) read the keys table, by its index on skeletons;
        # the first of them had no sound keys either: computed on the fly instead.
        self._packed = "skeletons" in tables
        self._has_sounds = self._packed or any(col[1] == "sound" for col in self.db.execute("PRAGMA table_info(keys)"))

    #: Keys near a skeleton are read in two tiers (see ``keys_near_tier``), and at
    #: most this many of the most similar keys are looked up with their places.
    tiers = 2
    max_keys = 16

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM places").fetchone()[0]

    def entries(self, key: str) -> list[tuple[int, str]]:
        return self.db.execute("SELECT place, spelling FROM names WHERE key = ?", (key,)).fetchall()

    def is_prefix(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM prefixes WHERE prefix = ?", (key,)).fetchone() is not None

    def starts_name(self, key: str) -> bool:
        return self.is_prefix(key) or bool(self.entries(key))

    def keys_near(self, skel: str) -> set[str]:
        return set(self._keys_of(self._skeletons_near(skel))[0])

    def keys_near_sounds(self, skel: str) -> list[tuple[str, str]]:
        """(key, sound key) of every key near ``skel``: the sound keys stored, not recomputed.

        Why: near a short skeleton a million names give a thousand keys, and
        computing their sound keys in Python cost more than the rest of the query.
        """
        return list(zip(*self._keys_of(self._skeletons_near(skel))))

    def keys_near_tier(self, skel: str, tier: int) -> tuple[list[str], list[str]]:
        """The keys near ``skel``, and their sound keys, of one tier: 0 close, 1 beyond.

        Tier 0 holds the keys whose sound key can be one letter from that of
        a key of skeleton ``skel`` (see ``_close_skeletons``); tier 1 the rest of
        ``keys_near``, skeletons with a letter changed, which is nine keys in
        ten on a million names. Every key of tier 1 is at least two letters from
        the query in sound, which bounds its similarity (``_beyond_close``), so
        tier 1 is read only when tier 0 gave nothing above that bound.
        """
        if self._packed:
            return self._packed_tier(skel, tier)
        close = self._close_skeletons(skel)
        if tier == 0:
            return self._keys_of(close)
        return self._keys_of(self._skeletons_near(skel) - close)

    def _packed_tier(self, skel: str, tier: int) -> tuple[list[str], list[str]]:
        """``keys_near_tier`` from the skeletons table in one statement: ``_close_skeletons`` written in SQL.

        Why: the two or three statements and the Python sets of skeletons
        between them were a fifth of the time of a fuzzy query on a million names.
        """
        dels = sorted(deletions(skel))
        rest = skel[1:]
        if tier == 0:
            static = [skel, *dels, "a" + rest] if dels else [skel]
            parts = [f"SELECT keys, sounds FROM skeletons WHERE skeleton IN ({','.join('?' * len(static))})",
                     # one letter longer (their deletions hold skel): never one of the above
                     "SELECT s.keys, s.sounds FROM deletions AS d JOIN skeletons AS s ON s.skeleton = d.skeleton "
                     "WHERE d.variant = ?"]
            args = [*static, skel]
            if dels and skel[0] == "a":  # the leading "a" of a vowel-initial name changed to a consonant
                parts.append("SELECT s.keys, s.sounds FROM deletions AS d JOIN skeletons AS s ON s.skeleton = d.skeleton "
                             "WHERE d.variant = ? AND substr(d.skeleton, 2) = ? AND d.skeleton != ?")
                args += [rest, rest, skel]
            sql = " UNION ALL ".join(parts)
        else:
            if not dels:
                return [], []
            # Skeletons sharing a deletion with skel are as long as it: none is in tier 0 but these.
            sql = (f"SELECT keys, sounds FROM skeletons WHERE skeleton IN (SELECT skeleton FROM deletions WHERE "
                   f"variant IN ({','.join('?' * len(dels))})) AND skeleton NOT IN (?, ?)")
            args = [*dels, skel, "a" + rest]
            if skel[0] == "a":
                sql += " AND substr(skeleton, 2) != ?"
                args.append(rest)
        keys, sounds = self.db.execute(
            f"SELECT group_concat(keys, char(31)), group_concat(sounds, char(31)) FROM ({sql})", args).fetchone()
        return (keys.split(_SEP), sounds.split(_SEP)) if keys else ([], [])

    def _skeletons_near(self, skel: str) -> set[str]:
        """``skel``, its deletions and the skeletons sharing a deletion with it (SymSpell, distance 1)."""
        variants = [skel, *deletions(skel)]
        rows = self.db.execute(
            f"SELECT skeleton FROM deletions WHERE variant IN ({','.join('?' * len(variants))})", variants)
        return {r[0] for r in rows}.union(variants)

    def _close_skeletons(self, skel: str) -> set[str]:
        """The skeletons near ``skel`` of keys whose sound key may be one letter from the query's.

        Sound keys one letter apart ("bakamal", "bakamala", "bkamal") have the
        same skeleton, or skeletons one letter longer or shorter; or, where the
        letter is the first, a skeleton with its first letter changed to or
        from the "a" of a leading vowel ("akamal" for "bakamal": "akml", "bkml").
        """
        out = {skel} | deletions(skel)
        out.update(r[0] for r in self.db.execute("SELECT skeleton FROM deletions WHERE variant = ?", (skel,)))
        if len(skel) >= 3:  # shorter skeletons have no deletions: nothing else is near them
            rest = skel[1:]
            out.add("a" + rest)
            if skel[0] == "a":
                out.update(s for (s,) in self.db.execute("SELECT skeleton FROM deletions WHERE variant = ?", (rest,))
                           if s[1:] == rest)
        return out

    def _keys_of(self, skels: Iterable[str]) -> tuple[list[str], list[str]]:
        """The keys whose skeleton is one of ``skels``, and their sound keys."""
        skels = list(skels)
        keys: list[str] = []
        sounds: list[str] = []
        for i in range(0, len(skels), 500):
            chunk = skels[i:i + 500]
            marks = ",".join("?" * len(chunk))
            if self._packed:
                # One row of two strings, split in C: no Python object per key until the split.
                k, s = self.db.execute("SELECT group_concat(keys, char(31)), group_concat(sounds, char(31)) "
                                       f"FROM skeletons WHERE skeleton IN ({marks})", chunk).fetchone()
                if k:
                    keys += k.split(_SEP)
                    sounds += s.split(_SEP)
            elif self._has_sounds:
                for k, s in self.db.execute(f"SELECT key, sound FROM keys WHERE skeleton IN ({marks})", chunk):
                    keys.append(k)
                    sounds.append(s)
            else:
                for (k,) in self.db.execute(f"SELECT key FROM keys WHERE skeleton IN ({marks})", chunk):
                    keys.append(k)
                    sounds.append(sound_key(k))
        return keys, sounds

    def entries_many(self, keys: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
        """``entries`` of several keys in a few queries rather than one each."""
        keys = list(keys)
        out: dict[str, list[tuple[int, str]]] = {k: [] for k in keys}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.db.execute(
                f"SELECT key, place, spelling FROM names WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, no, spelling in rows:
                out[key].append((no, spelling))
        return out

    def _read_place(self, no: int) -> Place:
        row = self.db.execute(
            "SELECT id, name, lat, lon, kind, country, admin1, alt_names, population, source FROM places WHERE no = ?",
            (no,),
        ).fetchone()
        return Place(row[0], row[1], row[2], row[3], row[4], row[5], row[6], _split_alt_names(row[7]), row[8], row[9])

    def place(self, no: int) -> Place:
        return self._place(no)

    def places_many(self, nos: Iterable[int]) -> dict[int, Place]:
        """Several places in a few queries: a fuzzy query on a million names has dozens."""
        nos = list(dict.fromkeys(nos))
        out: dict[int, Place] = {}
        for i in range(0, len(nos), 500):
            chunk = nos[i:i + 500]
            for row in self.db.execute(
                "SELECT no, id, name, lat, lon, kind, country, admin1, alt_names, population, source FROM places "
                f"WHERE no IN ({','.join('?' * len(chunk))})", chunk,
            ):
                out[row[0]] = Place(row[1], row[2], row[3], row[4], row[5], row[6], row[7], _split_alt_names(row[8]),
                                    row[9], row[10])
        return out

    def all_places(self) -> Iterator[Place]:
        for (no,) in self.db.execute("SELECT no FROM places ORDER BY no").fetchall():
            yield self._read_place(no)

    def counts(self) -> dict:
        q = self.db.execute
        sources = Counter()
        for src, n in q("SELECT source, count(*) FROM places GROUP BY substr(source, 1, instr(source || ':', ':'))"):
            sources[_source_family(src)] += n
        return {
            "places": q("SELECT count(*) FROM places").fetchone()[0],
            "names": q("SELECT count(*) FROM names").fetchone()[0],
            "kinds": Counter(dict(q("SELECT kind, count(*) FROM places GROUP BY kind"))),
            "countries": Counter(dict(q("SELECT country, count(*) FROM places GROUP BY country"))),
            "sources": sources,
            "meta": dict(q("SELECT k, v FROM meta")),
        }


def write_sqlite(places: Iterable[Place], path: str | Path, meta: dict | None = None, progress=None) -> int:
    """Write places into a new SQLite gazetteer at ``path`` (atomically); return their number.

    ``progress``, if given, is called with the number of places written so far.
    """
    from .export import atomic_output

    with atomic_output(path) as tmp:
        return _write_sqlite(places, tmp, meta, progress)


def _write_sqlite(places: Iterable[Place], tmp: Path, meta: dict | None, progress) -> int:
    db = sqlite3.connect(tmp)
    try:
        # A bounded page cache: the B-trees of keys and deletions take random inserts.
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;"
                         + SQLITE_SCHEMA)
        count, batch = 0, []
        prefixes: set[str] = set()
        skeletons: dict[str, str] = {}
        for place in places:
            batch.append(place)
            if len(batch) >= 20_000:
                count += _insert_places(db, batch, count, prefixes, skeletons)
                _flush_keys(db, prefixes, skeletons)
                batch = []
                if progress:
                    progress(count)
        count += _insert_places(db, batch, count, prefixes, skeletons)
        _flush_keys(db, prefixes, skeletons)
        db.executescript(SQLITE_INDEXES)
        _insert_skeletons(db)
        _insert_deletions(db)
        info = {"format": SQLITE_FORMAT, "places": str(count), **(meta or {})}
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", info.items())
        db.commit()
        if progress:
            progress(count)
    finally:
        db.close()
    return count


def _flush_keys(db, prefixes: set, skeletons: dict) -> None:
    """Move a batch's keys and prefixes to disk (SQLite drops repeats), so memory stays flat.

    Why per batch: held to the end, they grew with the gazetteer (330 MB of
    Python objects for a million names).
    """
    db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?)", ((k, *v) for k, v in skeletons.items()))
    db.executemany("INSERT OR IGNORE INTO prefixes VALUES (?)", ((p,) for p in prefixes))
    skeletons.clear()
    prefixes.clear()


def _insert_skeletons(db) -> None:
    """Each skeleton's keys and sound keys, each joined in one string (SQLite sorts them on disk)."""
    # The two group_concat see the rows in one order: the n-th sound is the n-th key's.
    db.execute("INSERT INTO skeletons SELECT skeleton, group_concat(key, char(31)), group_concat(sound, char(31)) "
               "FROM keys GROUP BY skeleton")


def _insert_deletions(db) -> None:
    """The SymSpell deletions of every distinct skeleton, read back from disk in chunks."""
    rows = db.execute("SELECT skeleton FROM skeletons")
    while chunk := rows.fetchmany(50_000):
        db.executemany("INSERT OR IGNORE INTO deletions VALUES (?, ?)",
                       [(d, s) for (s,) in chunk for d in deletions(s)])


def _insert_places(db, batch: list[Place], start: int, prefixes: set, skeletons: dict) -> int:
    db.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            (start + i, p.id, p.name, p.lat, p.lon, p.kind, p.country, p.admin1, "|".join(p.alt_names), p.population, p.source)
            for i, p in enumerate(batch)
        ),
    )
    rows = []
    for i, place in enumerate(batch):
        for key, spelling in spellings_of(place):
            rows.append((key, start + i, spelling))
            if key not in skeletons:
                skeletons[key] = (skeleton(key), sound_key(key))
            prefixes.update(key_prefixes(spelling))
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", rows)
    return len(batch)


def _source_family(source: str) -> str:
    """"geonames:170794" -> "geonames"; a URL -> its host."""
    if source.startswith(("http://", "https://")):
        return source.split("/")[2]
    return source.split(":", 1)[0] or "unknown"


def describe_gazetteer(gaz: "Gazetteer") -> dict:
    """Counts by kind, country and source, and the file's size: what ``gazetteer info`` prints.

    Example
    -------
    >>> describe_gazetteer(Gazetteer.default())["places"] > 100
    True
    """
    info = gaz._index.counts()
    path = Path(gaz.source) if gaz.source else None
    out = {
        "path": str(path) if path else "(memory)",
        "format": "sqlite" if isinstance(gaz._index, _SQLiteIndex) else "csv",
        "size_bytes": path.stat().st_size if path and path.exists() else 0,
        "places": info["places"],
        "names": info["names"],
    }
    for k in ("kinds", "countries", "sources"):
        out[k] = dict(info[k].most_common())
    if "meta" in info:
        out["meta"] = info["meta"]
    return out


# ---------------------------------------------------------------------------
# Scoring


def similarity(query_key: str, candidate_key: str, query_sound: str | None = None,
               candidate_sound: str | None = None) -> float:
    """How alike two name keys are, 0 to 1, forgiving transliteration.

    The mean of the plain similarity of the keys and of their ``sound_key``s,
    so that a vowel swap costs little and a consonant swap costs more. Short
    names must agree closely: with three letters a vowel is a third of the name.
    """
    if query_key == candidate_key:
        return 1.0
    plain = Indel.normalized_similarity(query_key, candidate_key)
    if min(len(query_key), len(candidate_key)) <= 4 and plain < 0.75:
        return 0.0
    # The sound keys may come precomputed: an SQLite gazetteer stores its own.
    sound = Indel.normalized_similarity(query_sound or sound_key(query_key), candidate_sound or sound_key(candidate_key))
    return 0.4 * plain + 0.6 * sound


#: How much more than the bound of ``_beyond_close`` the best similarity found
#: among the close keys must be for the keys beyond not to be read.
_TIER_MARGIN = 0.0
#: From this many keys on, :func:`_plausible` tests them with numpy arrays.
_VECTOR_MIN = 256


def _beyond_close(key: str, key_sound: str) -> float:
    """The highest :func:`similarity` to ``key`` a key can have whose sound key is two letters or more from ``key_sound``.

    Why: ``similarity`` is ``0.4 * plain + 0.6 * sound`` of Indel similarities,
    ``1 - distance / (len_a + len_b)``. With a distance of at least 2 the
    sound part is at most ``1 - 1 / (len + 1)`` (a key two letters longer),
    and the keys differ, so the plain part is at most ``1 - 1 / (2 len + 1)``.
    """
    return 0.4 * (1 - 1 / (2 * len(key) + 1)) + 0.6 * (1 - 1 / (len(key_sound) + 1))


def _plausible(key: str, others: Sequence[str], sounds: Sequence[str], floor: float) -> list[tuple[str, str]]:
    """(key, sound key) of the ``others`` that could reach ``floor`` in :func:`similarity`, in their order.

    ``sounds`` are their ``sound_key``s. Why: ``similarity`` is
    ``0.4 * plain + 0.6 * sound``, each at most 1, so a key needs
    ``plain >= (floor - 0.6) / 0.4`` and ``sound >= (floor - 0.4) / 0.6`` to
    reach the floor. Two rapidfuzz C loops drop the rest before the Python
    scoring, which was most of the cost of a fuzzy query; the results are
    those of scoring every candidate.
    """
    if floor <= 0.6:
        return list(zip(others, sounds))
    eps = 1e-9  # keep the borderline ones: similarity() decides
    plain = process.extract(key, others, scorer=Indel.normalized_similarity,
                            score_cutoff=(floor - 0.6) / 0.4 - eps, limit=None)
    if not plain:
        return []
    sound = process.extract(sound_key(key), [sounds[i] for _, _, i in plain], scorer=Indel.normalized_similarity,
                            score_cutoff=(floor - 0.4) / 0.6 - eps, limit=None)
    kept = sorted(plain[j][2] for _, s, j in sound if 0.4 * plain[j][1] + 0.6 * s >= floor - eps)
    return [(others[i], sounds[i]) for i in kept]


def _similar(into: dict[str, float], key: str, key_sound: str, others: Sequence[str], sounds: Sequence[str],
             floor: float) -> None:
    """Put in ``into`` the :func:`similarity` of each of the ``others`` above 0 and at ``floor`` or above, in order.

    ``sounds`` are their ``sound_key``s. A long list (the keys near a name
    among a million) is scored with numpy arrays: the same sums of the same
    rapidfuzz similarities, so the same numbers, without a Python object per
    key; building extract's lists of tuples was most of the time there. numpy
    is imported only then.
    """
    if floor <= 0.6 or len(others) < _VECTOR_MIN:
        for other, other_sound in _plausible(key, others, sounds, floor):
            sim = similarity(key, other, key_sound, other_sound)
            if sim > 0 and sim >= floor:
                into[other] = sim
        return
    import numpy as np

    # Below its cutoff each part is 0, and then the sum is below the floor.
    plain = process.cdist([key], others, scorer=Indel.normalized_similarity, dtype=np.float64,
                          score_cutoff=(floor - 0.6) / 0.4 - 1e-9)[0]
    sound = process.cdist([key_sound], sounds, scorer=Indel.normalized_similarity, dtype=np.float64,
                          score_cutoff=(floor - 0.4) / 0.6 - 1e-9)[0]
    sims = 0.4 * plain + 0.6 * sound
    hits = np.flatnonzero(sims >= floor)
    short = len(key) <= 4
    for i, sim, p in zip(hits.tolist(), sims[hits].tolist(), plain[hits].tolist()):
        other = others[i]
        if (short or len(other) <= 4) and p < 0.75:
            continue  # similarity()'s rule for short names
        into[other] = 1.0 if other == key else sim


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; enough for ranking (geopy's geodesic does the mapping)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0176 * math.asin(min(1.0, math.sqrt(h)))


def _prior(place: Place) -> float:
    pop = place.population or 0
    return _KIND_PRIOR.get(place.kind, 0.0) + (0.01 * min(math.log10(pop + 1), 6.0) / 6.0)


def kinds_named_in(query: str) -> set[str]:
    """The kinds of place a query's own words ask for ("al-Omar oil field")."""
    words = set(fold(query).split())
    if words.isdisjoint(_ALL_KIND_WORDS):
        return set()  # most queries: skip the loop over every kind
    return {kind for kind, cues in _KIND_WORDS.items() if words & cues}


_ALL_KIND_WORDS = frozenset().union(*_KIND_WORDS.values())


def parse_point(value: str) -> tuple[float, float] | None:
    """``"35.3,40.1"`` to (lat, lon); None when the text is not two numbers."""
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*", value)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"Expected a latitude and longitude, instead got: {value!r}")
    return lat, lon


# ---------------------------------------------------------------------------
# The gazetteer


class Gazetteer:
    """Places and the names they go by; see the module docstring.

    Example
    -------
    >>> gaz = Gazetteer.default()
    >>> gaz.resolve("Dayro Zcuro").name
    'Deir ez-Zor'
    """

    def __init__(self, places: Iterable[Place] | None = None, *, index=None, source: str = "",
                 min_score: float = DEFAULT_MIN_SCORE, fallback=None):
        self._index = index if index is not None else _MemoryIndex(list(places or ()))
        self.source = source
        self.min_score = min_score
        #: Asked for names the gazetteer lacks: any object with ``resolve(name) -> Match | None``
        #: (the opt-in online geocoder); None keeps everything offline.
        self.fallback = fallback
        self._lookup_cache: dict = {}
        self._near_cache: dict[str, tuple[list[str], list[str]]] = {}
        self._token_cache: dict[str, str] = {}

    # -- construction -----------------------------------------------------

    @classmethod
    def from_csv(cls, path: str | Path, *, cache: bool = True, **kw) -> "Gazetteer":
        """A gazetteer from a CSV in the DESIGN.md format.

        With ``cache`` the built index is kept in the user's cache directory
        and reused while the CSV and this code are unchanged: building it
        costs tens of microseconds a name, loading it a fraction of that.
        """
        index = _cached_index(Path(path)) if cache else _MemoryIndex(read_places_csv(path))
        return cls(index=index, source=str(path), **kw)

    @classmethod
    def from_sqlite(cls, path: str | Path, **kw) -> "Gazetteer":
        """A gazetteer opened from an SQLite file made by ``gazetteer build``."""
        return cls(index=_SQLiteIndex(path), source=str(path), **kw)

    @classmethod
    def open(cls, path: str | Path | None = None, *, extra=None, **kw) -> "Gazetteer":
        """The gazetteer at ``path`` (CSV or SQLite), or the shipped one when None.

        ``extra``: a user's CSV of places (or several) laid over it, see ``with_extra``.
        """
        if extra:
            return cls.open(path, **kw).with_extra(extra)
        if path is None:
            return cls.default()
        path = Path(path)
        if not path.exists():
            raise GazetteerError(f"{path}: no such gazetteer file")
        if not path.is_file():  # a FIFO would block the read below forever
            raise GazetteerError(f"{path}: not a regular file; give a gazetteer CSV or SQLite file")
        with path.open("rb") as f:
            head = f.read(16)
        if head.startswith(b"SQLite format 3"):
            return cls.from_sqlite(path, **kw)
        return cls.from_csv(path, **kw)

    @classmethod
    def default(cls, extra=None) -> "Gazetteer":
        """The gazetteer shipped with the package (eastern and northern Syria, Iraqi border).

        ``extra``: a user's CSV of places (or several) laid over it, see ``with_extra``.
        """
        return _default_gazetteer().with_extra(extra) if extra else _default_gazetteer()

    def with_extra(self, extra) -> "Gazetteer":
        """A new gazetteer: this one with a user's places added; a place with an id already here replaces it.

        ``extra`` is a CSV path (see ``read_extra_places``), several of them (later
        files win), or ``Place`` objects. This gazetteer is left unchanged.
        """
        if isinstance(self._index, _SQLiteIndex):
            raise GazetteerError(f"{self.source}: extra places go on top of a CSV gazetteer, not an SQLite one; "
                                 "build the SQLite gazetteer with them instead")
        files = [extra] if isinstance(extra, (str, Path)) else list(extra)
        added: dict[str, Place] = {}
        for item in files:
            for place in (read_extra_places(item) if isinstance(item, (str, Path)) else [item]):
                added[place.id] = place
        places = [p for p in self if p.id not in added] + list(added.values())
        names = " + ".join(str(f) for f in files if isinstance(f, (str, Path))) or "extra places"
        return Gazetteer(places, source=f"{self.source or 'memory'} + {names}", min_score=self.min_score,
                         fallback=self.fallback)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self)} places from {self.source or 'memory'}>"

    def __iter__(self) -> Iterator[Place]:
        return self._index.all_places()

    # -- lookup -----------------------------------------------------------

    def _candidates(self, name: str, floor: float = 0.0, key: str | None = None) -> list[tuple[float, int, str]]:
        """(similarity, place number, spelling) for every place the name may mean, at ``floor`` or above.

        ``key``, when given, is ``name_key(name)`` already computed by the caller.

        An index with ``tiers`` (SQLite) gives the keys near in two reads, and
        the second (keys two sounds or more away) is skipped when a key of the
        first is more similar than any of it can be (``_beyond_close``); with
        ``max_keys``, only that many of the most similar keys (and any tied with
        the last) are looked up. So on a million names the best answer is the
        most similar spelling's, as in memory, but a less similar one that the
        kind of place, its population or ``near`` would have put first may not
        be among the candidates, and fewer alternatives may come. The memory
        index has neither: every key near is scored and looked up.
        """
        full, key = name_key(name, drop_generic=False), key or name_key(name)
        for exact_key in dict.fromkeys((full, key)):
            exact = self._index.entries(exact_key)
            if exact:
                return [(1.0, no, spelling) for no, spelling in exact]
        sims: dict[str, float] = {}
        key_sound, skel = sound_key(key), skeleton(key)
        tiers = getattr(self._index, "tiers", 0)
        if not tiers:
            _similar(sims, key, key_sound, *self._keys_near(skel), floor)
        for tier in range(tiers):
            if tier:  # read the keys beyond only if one of them could still come first
                bound = _beyond_close(key, key_sound)
                if bound < floor - 1e-9 or (sims and max(sims.values()) > bound + _TIER_MARGIN + 1e-9):
                    break
            _similar(sims, key, key_sound, *self._keys_near(skel, tier), floor)
        cap = getattr(self._index, "max_keys", None)
        if cap and len(sims) > cap:
            # Only the most similar keys are looked up, with every key as similar as the last of them.
            last = sorted(sims.values(), reverse=True)[cap - 1]
            sims = {k: v for k, v in sims.items() if v >= last}
        best: dict[int, tuple[float, str]] = {}
        for other, found in self._index.entries_many(sims).items():
            sim = sims[other]
            for no, spelling in found:
                if sim > best.get(no, (0.0, ""))[0]:
                    best[no] = (sim, spelling)
        return [(sim, no, spelling) for no, (sim, spelling) in best.items()]

    #: How many keys (with their sound keys) ``_keys_near`` remembers, all skeletons together: about 25 MB.
    _NEAR_CACHE_KEYS = 200_000

    def _keys_near(self, skel: str, tier: int | None = None) -> tuple[list[str], list[str]]:
        """The keys whose skeleton is near ``skel`` (of one tier, for an index that has tiers), and their sound keys.

        Why remembered: the spellings of one name share a skeleton ("Bukamal",
        "Boukamal", "Bokamal"), so a corpus asks the same few often; for an
        SQLite gazetteer each ask is a query. The number of keys kept is
        bounded, the first remembered forgotten first: on a million names a
        skeleton can have two thousand keys near it.
        """
        cache = self._near_cache
        ask = skel if tier is None else (skel, tier)
        hit = cache.get(ask)
        if hit is None:
            if tier is None:
                pairs = self._index.keys_near_sounds(skel)
                hit = ([k for k, _ in pairs], [s for _, s in pairs])
            else:
                hit = self._index.keys_near_tier(skel, tier)
            size = (getattr(self, "_near_size", 0) if cache else 0) + len(hit[0])
            while size > self._NEAR_CACHE_KEYS and cache:
                size -= len(cache.pop(next(iter(cache)))[0])
            self._near_size = size
            cache[ask] = hit
        return hit

    def _near_point(self, near) -> tuple[float, float] | None:
        if near is None:
            return None
        if isinstance(near, Match):
            return near.lat, near.lon
        if isinstance(near, Place):
            return near.lat, near.lon
        if isinstance(near, (tuple, list)) and len(near) == 2:
            return float(near[0]), float(near[1])
        if isinstance(near, str):
            point = parse_point(near)
            if point:
                return point
            m = self.resolve(near)
            if m is None:
                raise GazetteerError(f"near: no place called {near[:80]!r} in the gazetteer")
            return m.lat, m.lon
        raise GazetteerError(f"near: expected a place name or (lat, lon), instead got: {near!r}")

    def lookup(self, name: str, near=None, kind: str | Iterable[str] | None = None, limit: int = 5,
               min_score: float | None = None) -> list[Match]:
        """Every place ``name`` may mean, best first (at most ``limit``).

        ``near`` (a place name, a Match or (lat, lon)) favours the closest of
        equally good answers; ``kind`` favours places of that kind (the
        query's own words, "oil field", "camp", count as well).

        Example
        -------
        >>> [m.name for m in Gazetteer.default().lookup("al-Boukamal", limit=1)]
        ['Al-Bukamal']
        """
        if len(name) > MAX_NAME_LENGTH:
            return []
        key = name_key(name)
        if not key:
            return []
        floor = self.min_score if min_score is None else min_score
        wanted = set([kind] if isinstance(kind, str) else (kind or ())) | kinds_named_in(name)
        point = self._near_point(near)
        scored = []
        candidates = [c for c in self._candidates(name, floor, key) if c[0] >= floor]
        if candidates and _is_common_word(fold(name)):
            # an ordinary word ("Monday", "road") names a place only when spelled exactly as one
            candidates = [c for c in candidates if c[0] >= 1.0]
        places = self._index.places_many(no for _, no, _ in candidates) if len(candidates) > 1 else {}
        for sim, no, spelling in candidates:
            place = places.get(no) or self._index.place(no)
            rank = sim + _prior(place)
            if wanted and place.kind in wanted:
                rank += 0.1
            dist = None
            if point is not None:
                dist = haversine_km(point[0], point[1], place.lat, place.lon)
                rank += 0.12 * math.exp(-dist / 60.0)
            scored.append((rank, sim, spelling, dist, place))
        scored.sort(key=lambda t: (-t[0], t[4].id))
        matches = [Match(name, place, sim, spelling, dist) for _, sim, spelling, dist, place in scored[: max(limit, 1) + 5]]
        if not matches:
            return []
        # Built directly: dataclasses.replace costs as much as scoring a candidate.
        best = matches[0]
        first = Match(name, best.place, best.score, best.matched, best.distance_km, tuple(matches[1:]))
        return [first, *matches[1:limit]]

    def resolve(self, name: str, near=None, kind: str | Iterable[str] | None = None,
                min_score: float | None = None) -> Match | None:
        """The place ``name`` means, or None below ``min_score``.

        Example
        -------
        >>> Gazetteer.default().resolve("Deir Ezzoro").name
        'Deir ez-Zor'
        >>> Gazetteer.default().resolve("Islamic State") is None
        True
        """
        if len(name) > MAX_NAME_LENGTH:
            return None
        result = self._best(name, near, kind, min_score)
        if result is None and self.fallback is not None and name_key(name):
            result = self.fallback.resolve(name)
        return result

    def _best(self, name: str, near=None, kind=None, min_score: float | None = None) -> Match | None:
        """``resolve`` from the gazetteer alone, remembered: spotting asks the same names again and again."""
        cache_key = (name, near if isinstance(near, (str, tuple, type(None))) else id(near),
                     kind if not isinstance(kind, (set, list)) else tuple(sorted(kind)), min_score)
        hit = self._lookup_cache.get(cache_key)
        if hit is not None:
            return hit[0]
        found = self.lookup(name, near=near, kind=kind, limit=6, min_score=min_score)
        result = found[0] if found else None
        if len(self._lookup_cache) > 20_000:  # bounded: a Match with its alternatives is a few KB
            self._lookup_cache.clear()
        self._lookup_cache[cache_key] = (result,)
        return result

    # -- spotting ---------------------------------------------------------

    def _token_key(self, token: str) -> str:
        key = self._token_cache.get(token)
        if key is None:
            key = "".join(token_key(t) for t in fold(token).split())
            if len(self._token_cache) > 200_000:  # bounded: a corpus of millions of reports has no end of words
                self._token_cache.clear()
            self._token_cache[token] = key
        return key

    def spot(self, text: str, min_score: float = 0.88, fuzzy: bool = True) -> list[Spot]:
        """Every gazetteer name in ``text``, longest first where they overlap.

        A name must start with a capital (or be written in Arabic script) and
        may not be an ordinary word ("Tuesday", "Coalition", "Iraqi"). Names
        the gazetteer spells exactly are found first; with ``fuzzy``, capitalised
        words left over are tried against near spellings at ``min_score``.

        Example
        -------
        >>> [s.mention for s in Gazetteer.default().spot("Shelling hit al-Bokamal on Tuesday.")]
        ['al-Bokamal']
        """
        words = list(_WORD.finditer(text))
        # only a word that does not start lower-case can begin a name (_looks_like_name): the others are
        # looked at only as the words after one, and their keys made then (_Keys)
        candidates = [n for n, w in enumerate(_WORD.findall(text)) if not w[0].islower()]
        keys = _Keys(words, self)
        starts_name = self._index.starts_name
        spots: list[Spot] = []
        taken = [False] * len(words)
        i = 0
        for c in candidates:
            if c < i:
                continue  # inside the name found last
            i = c
            key = keys[i]
            if not key or (not starts_name(key) and (not fuzzy or len(key) < 5 and not _name_goes_on(text, words, i))):
                continue  # the fast path: most words cannot begin a place name
            found = self._exact_at(text, words, keys, i)
            if found is not None and fuzzy and _article_and_name_follow(text, words, keys, found[1]):
                # "Deir ez-Zur": the exact "Deir" is the start of a longer name spelt a little differently
                longer = self._fuzzy_at(text, words, keys, i, taken, min_score)
                found = longer if longer is not None and longer[1] > found[1] else found
            if found is None and fuzzy:
                found = self._fuzzy_at(text, words, keys, i, taken, min_score)
            if found is None:
                continue
            spot, j = found
            spots.append(spot)
            for k in range(i, j):
                taken[k] = True
            i = j
        return spots

    def _exact_at(self, text, words, keys, i):
        first = words[i].group(0)
        if not keys[i] or not _looks_like_name(first):
            return None
        index = self._index
        acc = keys[i]
        if acc in GENERIC_WORDS:
            return None
        best = i + 1 if index.entries(acc) and not _is_common_word(first) else None
        if index.is_prefix(acc):
            end = words[i].end()
            for j in range(i + 1, min(i + _MAX_NAME_TOKENS, len(words))):
                word = words[j]
                start = word.start()
                if start - end > 3 or _JOINER.fullmatch(text, end, start) is None:
                    break  # not _joins
                end = word.end()
                key = keys[j]
                if not key:
                    continue  # an article inside a name: "Deir ez-Zor"
                acc += key
                if index.entries(acc):
                    best = j + 1
                if not index.is_prefix(acc):
                    break
        if best is None:
            return None
        if best < len(words) and _joins(text, words[best - 1].end(), words[best].start()) and _continues_name(words[best].group(0)):
            return None  # "Tal Jihan" is not "Tal": the name goes on
        start, end = _with_article(text, words, i), words[best - 1].end()
        mention = text[start:end]
        hit = self._lookup_cache.get((mention, None, None, None))  # self._best(mention), remembered
        match = hit[0] if hit is not None else self._best(mention)
        if match is None:
            return None
        return Spot(start, end, mention, match), best

    def _fuzzy_at(self, text, words, keys, i, taken, min_score):
        first = words[i].group(0)
        if not _looks_like_name(first) or _is_common_word(first):
            return None
        if i > 0 and not taken[i - 1] and _looks_like_name(words[i - 1].group(0)) and _joins(text, words[i - 1].end(), words[i].start()):
            return None  # inside a longer capitalised phrase ("Rami Abdel Rahman")
        end_tok = i + 1
        while (end_tok < len(words) and end_tok - i < 3 and _joins(text, words[end_tok - 1].end(), words[end_tok].start())
               and (_looks_like_name(words[end_tok].group(0)) or not keys[end_tok])):
            if _is_common_word(words[end_tok].group(0)):
                break
            end_tok += 1
        if end_tok - i > 1 and not keys[end_tok - 1]:
            end_tok -= 1
        if len("".join(keys[k] for k in range(i, end_tok))) < 5:
            return None  # a short name is too easily one letter away from some village
        if end_tok < len(words) and _joins(text, words[end_tok - 1].end(), words[end_tok].start()) and _looks_like_name(words[end_tok].group(0)):
            return None  # the phrase goes on: a person or an organisation, not a place
        start, end = _with_article(text, words, i), words[end_tok - 1].end()
        mention = text[start:end]
        match = self._best(mention, min_score=min_score)
        if match is None:
            return None
        return Spot(start, end, mention, match), end_tok


def _article_and_name_follow(text: str, words: list, keys, j: int) -> bool:
    """Whether word j is an article joined to the word before it and to a capitalised word after it."""
    return (j + 1 < len(words) and not keys[j] and _joins(text, words[j - 1].end(), words[j].start())
            and _joins(text, words[j].end(), words[j + 1].start()) and _looks_like_name(words[j + 1].group(0)))


class _Keys(dict):
    """The ``Gazetteer._token_key`` of word n of a text, made when first asked for (``keys[n]``)."""

    __slots__ = ("words", "gaz")

    def __init__(self, words, gaz):
        self.words, self.gaz = words, gaz

    def __missing__(self, n: int) -> str:
        token = self.words[n].group(0)
        key = self.gaz._token_cache.get(token)
        if key is None:
            key = self.gaz._token_key(token)
        self[n] = key
        return key


# A word, apostrophes inside it included ("Sha'fa", "Ma’dan"), but not a possessive "'s".
_WORD = re.compile(r"[^\W_]+(?:['’ʿʾ`](?!s\b)[^\W_]+)*", re.UNICODE)
_JOINER = re.compile(r"[ \t\u00a0]*[-\u2010\u2011\u2013'’`ʿʾ]?[ \t\u00a0]*")


def _joins(text: str, a: int, b: int) -> bool:
    """Whether two words are parts of one name: only a space, hyphen or apostrophe between."""
    return b - a <= 3 and _JOINER.fullmatch(text, a, b) is not None


def _looks_like_name(word: str) -> bool:
    c = word[0]
    return c.isupper() or c.isdigit() or not c.isascii() and not c.islower()


def _with_article(text: str, words, i: int) -> int:
    """Start of a name with its article ("al-" of "al-Bukamal") in the span."""
    if i > 0 and token_key(fold(words[i - 1].group(0))) == "" and _joins(text, words[i - 1].end(), words[i].start()):
        return words[i - 1].start()
    return words[i].start()


def _name_goes_on(text: str, words, i: int) -> bool:
    """Whether the word after word i belongs to the same name ("Tal Rifaat")."""
    return i + 1 < len(words) and _joins(text, words[i].end(), words[i + 1].start()) and _continues_name(words[i + 1].group(0))


def _continues_name(word: str) -> bool:
    """Whether a word after a place name makes it a longer name (a capitalised, non-ordinary word)."""
    return word[0].isupper() and not _is_common_word(word) and token_key(fold(word)) != "" and not word.isupper()


def _is_common_word(word: str) -> bool:
    return word.lower() in _COMMON_WORDS


# Ordinary words that are also (parts of) place names somewhere, or that fuzzy
# matching would take for one. Capitalised at the start of a sentence or in a
# headline, they are still not places.
_COMMON_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    morning evening night midnight dawn noon week month year
    coalition observatory forces force army militia militias regime government state islamic
    international democratic syrian syrians iraqi iraqis turkish turkey's iranian iranians russian
    russians american americans kurdish kurds kurd arab arabs arabic british french israeli
    jordanian lebanese saudi emirati qatari afghan pakistani chechen european western eastern
    northern southern central north south east west northeast northwest southeast southwest
    sdf isis isil daesh ypg ypj pkk sohr asayish hezbollah hts fsa sna us usa uk un nato
    the a an and or but of in on at to from by with for near into over after before during
    this that these those there here it its they their them he his she her we our you your
    is are was were be been being has have had do did done will would should could may might
    security police military soldiers fighters members gunmen cells cell council media news
    reuters agency report reports reported sources source according official officials
    iran russia israel lebanon jordan europe america washington moscow tehran ankara beirut
    amman riyadh kuwait qatar egypt
    president minister ministry general commander spokesman envoy statement
    convoy convoys truck trucks vehicles vehicle tanks tank reinforcements reinforcement
    strike strikes airstrike airstrikes drone drones shelling attack attacks clashes clash
    explosion explosions bombing raid raids arrest arrests campaign operation operations
    killed dead injured wounded prisoners detainees civilians children women people
    city town village villages district province countryside area areas region desert
    river field fields base bases airport crossing camp prison station dam road bridge
    oil gas water aid humanitarian border frontier line front
    al el ad as ash ar az an at
    new old upper lower big small great grand first second third last latest
    mr mrs dr gen maj col lt sgt
    god allah mosque church school hospital market
    please comments comment share read more like also
    road roads street highway way fire fires water power electricity oil gas wheat bread food fuel
    house houses home homes car cars bus farm farms land lands field hill mountain valley bank banks
    school schools university hospital clinic office offices building buildings mosque mosques church
    prison jail checkpoint checkpoints post posts position positions headquarters camp camps
    man men woman girl boy child family families tribe tribes clan clans leader leaders
    sheikh emir imam prince king queen
    party parties group groups faction factions cells network unit units brigade brigades division
    battalion regiment front movement army armies navy police guards guard
    day days hour hours minute minutes time times season summer winter spring autumn fall
    morning afternoon evening weekend
    said says told tells added stated announced confirmed denied claimed warned called asked
    killing killings death deaths bodies body wounded injuries casualties victims
    attackers gunman gunmen sniper snipers militant militants terrorist terrorists rebels rebel
    soldier troops officer officers commander commanders
    peace war wars truce ceasefire deal talks agreement meeting meetings conference
    aid relief food water health medical
    local national regional global world country countries nation nations state states
    one two three four five six seven eight nine ten hundred thousand million dozens hundreds
    syrian iraqi kurdish turkish iranian russian american british french israeli arab arabic
    african asian european jordanian lebanese saudi egyptian
    """.split()
)


def cache_dir() -> Path:
    """Where built indexes are kept: $GEOINCIDENTS_CACHE or the XDG cache directory."""
    env = os.environ.get("GEOINCIDENTS_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geoincidents"


def _cached_index(path: Path) -> _MemoryIndex:
    try:
        stat = path.stat()
    except OSError:
        raise GazetteerError(f"{path}: no such gazetteer file") from None
    code = b"".join(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], sys.modules[name_key.__module__]))
    digest = hashlib.sha1(
        b"%s|%d|%d|" % (str(path.resolve()).encode(), stat.st_size, stat.st_mtime_ns) + code
    ).hexdigest()[:20]
    cached = cache_dir() / f"index-{digest}.json"
    try:
        return _MemoryIndex.from_bytes(cached.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, RecursionError) as e:  # unreadable, damaged or planted: rebuilt, never trusted
        warnings.warn(f"{cached}: gazetteer index cache unreadable ({str(e)[:120]}); rebuilt", stacklevel=3)
    index = _MemoryIndex(read_places_csv(path))
    from .export import atomic_output

    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(cached) as tmp:
            tmp.write_bytes(index.to_bytes())
    except OSError:
        pass  # a read-only home only costs the rebuild next time
    return index


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    ref = resources.files("geoincidents") / "data" / "places.csv"
    with resources.as_file(ref) as path:
        if not Path(path).is_file():
            raise GazetteerError(
                "the shipped gazetteer geoincidents/data/places.csv is missing; reinstall the package "
                "or build it with `make gazetteer`"
            )
        return Gazetteer.from_csv(path)
