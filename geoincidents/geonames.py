"""Gazetteers built from GeoNames dump files, into the embedded SQLite format.

GeoNames publishes one tab-separated file per country (``SY.txt``) and one
for the world (``allCountries.txt``, about 13 million rows), each also as a
``.zip``, and the spellings of every place in ``alternateNamesV2.txt``.
:func:`build_gazetteer` streams them in three steps, so that memory stays
bounded however big the dump:

1. the main dump is filtered (countries, feature classes and codes,
   population) and the rows kept go to a staging SQLite table, their ids to a
   bitmap (a bit per GeoNames id: 2 MB for every id there is);
2. ``alternateNamesV2.txt`` is streamed, and only the names of kept places
   (the bitmap says which, without a query) go to a second staging table;
3. both tables are read back in id order and merged, one place at a time,
   into :func:`geoincidents.gazetteer.write_sqlite`.

The staging database lives beside the output file (the output's disk must
hold it anyway) and is removed at the end; the output appears only when it is
complete.
"""

from __future__ import annotations

import datetime
import io
import itertools
import os
import re
import sqlite3
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import GazetteerError
from .export import remove_litter
from .gazetteer import Place, write_sqlite

__all__ = ["build_gazetteer", "kind_of", "FEATURE_KINDS", "MAIN_COLUMNS", "SKIPPED_LANGUAGES"]

#: Columns of a GeoNames main dump (geonameid ... modification date).
MAIN_COLUMNS = 19
#: alternateNamesV2 "languages" that are not names: links, postcodes, airport codes, ids.
SKIPPED_LANGUAGES = frozenset("link post iata icao faac fr_1793 abbr wkdt unlc".split())

#: GeoNames feature code -> our kind of place. Populated places (PPL*) are
#: graded by population in :func:`kind_of`.
FEATURE_KINDS = {
    "PCLI": "country", "PCL": "country", "PCLD": "country", "PCLF": "country", "PCLIX": "country", "PCLS": "country",
    "ADM1": "province", "ADM2": "district", "ADM3": "district", "ADM4": "district", "ADMD": "district",
    "AIRP": "airport", "AIRB": "airport", "AIRF": "airport", "AIRH": "airport",
    "INSM": "base", "MILB": "base", "NVB": "base",
    "OILF": "oil_field", "GASF": "gas_field",
    "CMP": "camp", "CMPRF": "camp", "CMPL": "camp", "CMPMN": "camp",
    "PRN": "prison", "PRNJ": "prison",
    "DAM": "dam", "DAMSB": "dam",
    "STNR": "station", "STNM": "station", "PS": "station", "PSH": "station", "PMPO": "station",
    "PMPW": "station", "RSTN": "station",
    "DSRT": "desert",
    "STM": "river", "STMI": "river", "STMS": "river", "WAD": "river",
    "RGN": "region", "RGNE": "region", "AREA": "region", "PLN": "region", "VAL": "region", "HLL": "region",
    "MT": "region", "MTS": "region",
    "PSTB": "border_crossing", "PSTC": "border_crossing",
}
# Why a class fallback: `--feature-class A` should keep ADM5 and friends, but a
# hotel (class S) is none of our kinds, and calling it a region would mislead.
_CLASS_KINDS = {"A": "district", "L": "region", "T": "region"}
_AIRPORT_CODE = re.compile(r"[A-Z0-9]{3,4}")
_PROGRESS_LINES = 50_000

Progress = Callable[[str, int, int], None]


def kind_of(feature_class: str, feature_code: str, population: int = 0) -> str | None:
    """Our kind of place for a GeoNames feature, or None when none fits.

    Populated places are a city from 100,000 people or as a capital (PPLC,
    PPLA), a town from 10,000 or as a district seat (PPLA2, PPLA3), else a
    village.

    Example
    -------
    >>> kind_of("P", "PPL", 29237), kind_of("S", "AIRP"), kind_of("S", "HTL")
    ('town', 'airport', None)
    """
    if feature_code in FEATURE_KINDS:
        return FEATURE_KINDS[feature_code]
    if feature_class == "P":
        if population >= 100_000 or feature_code in ("PPLC", "PPLA"):
            return "city"
        if population >= 10_000 or feature_code in ("PPLA2", "PPLA3"):
            return "town"
        return "village"
    return _CLASS_KINDS.get(feature_class)


# ---------------------------------------------------------------------------
# Reading the dump files


def _zip_member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The data file of a GeoNames zip: ``SY.zip`` holds ``SY.txt`` and a readme."""
    members = [m for m in zf.infolist() if m.filename.endswith(".txt")]
    for m in members:
        if Path(m.filename).stem == path.stem:
            return m
    data = [m for m in members if not Path(m.filename).stem.lower().startswith(("readme", "iso-languagecodes"))]
    if len(data) != 1:
        raise GazetteerError(f"{path}: expected one GeoNames .txt file in the zip, found {[m.filename for m in members]}")
    return data[0]


@contextmanager
def _binary_lines(path: Path) -> Iterator[tuple[io.BufferedIOBase, int]]:
    """The file (or the .txt inside the .zip) opened for binary lines, and its size in bytes."""
    if not path.is_file():
        raise GazetteerError(f"{path}: no such file")
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise GazetteerError(f"{path}: not a zip file; pass the .txt or a GeoNames .zip") from None
        with zf:
            member = _zip_member(zf, path)
            with zf.open(member) as f:
                yield f, member.file_size
    else:
        with path.open("rb") as f:
            yield f, path.stat().st_size


def _rows(path: Path, columns: tuple[int, ...], what: str, stage: str,
          progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated GeoNames file, checked for its column count.

    Why binary lines decoded one by one: the byte count drives the progress
    bar (a text file cannot ``tell()`` while iterated), and a decoding error
    can name its line.
    """
    with _binary_lines(path) as (f, total):
        done = 0
        for lineno, raw in enumerate(f, start=1):
            done += len(raw)
            if progress and lineno % _PROGRESS_LINES == 0:
                progress(stage, done, total)
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                raise GazetteerError(f"{path}:{lineno}: not UTF-8 text; is this {what}?") from None
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) not in columns:
                expected = " or ".join(map(str, columns))
                raise GazetteerError(
                    f"{path}:{lineno}: not {what}: expected {expected} tab-separated columns, found {len(fields)}"
                )
            yield lineno, fields
        if progress:
            progress(stage, total, total)


def _admin1_names(path: Path | None) -> dict[str, str]:
    """``"SY.07"`` -> ``"Deir ez-Zor"`` from ``admin1CodesASCII.txt`` (small: 4,000 rows)."""
    if path is None:
        return {}
    return {f[0]: f[1] for _, f in _rows(path, (4,), "a GeoNames admin1CodesASCII.txt file", "admin1 codes", None)}


class _IdBitmap:
    """A set of GeoNames ids as one bit each: a million places in well under 2 MB."""

    def __init__(self) -> None:
        self.bits = bytearray()

    def add(self, n: int) -> None:
        byte = n >> 3
        if byte >= len(self.bits):
            self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
        self.bits[byte] |= 1 << (n & 7)

    def __contains__(self, n: int) -> bool:
        byte = n >> 3
        return byte < len(self.bits) and bool(self.bits[byte] & (1 << (n & 7)))


# ---------------------------------------------------------------------------
# Staging


_STAGING = """
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384;
CREATE TABLE rows (gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, kind TEXT, country TEXT,
                   admin1 TEXT, names TEXT, population INTEGER);
CREATE TABLE alts (gid INTEGER, name TEXT);
"""


def _spellings(names: Iterable[str], kind: str) -> list[str]:
    """Names fit for the gazetteer: no links, no airport codes, no '|' (our separator)."""
    out = []
    for n in names:
        n = n.strip().replace("|", "/")
        if not n or n.startswith(("http://", "https://")):
            continue
        if kind == "airport" and _AIRPORT_CODE.fullmatch(n):
            continue  # IATA/ICAO codes ("DEZ") would match ordinary words
        out.append(n)
    return out


def _stage_main(db: sqlite3.Connection, path: Path, keep: Callable[[list[str]], str | None],
                admin1: dict[str, str], use_name_column: bool, progress: Progress | None) -> tuple[_IdBitmap, int, int]:
    """Rows of the main dump that pass the filters into ``rows``; (their ids, kept, read)."""
    ids, batch, kept, read = _IdBitmap(), [], 0, 0
    for lineno, f in _rows(path, (MAIN_COLUMNS,), "a GeoNames dump (XX.txt or allCountries.txt)", "places", progress):
        read += 1
        kind = keep(f)
        if kind is None:
            continue
        try:
            gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
            population = int(f[14] or 0)
        except ValueError:
            raise GazetteerError(
                f"{path}:{lineno}: not a GeoNames dump: id, latitude, longitude or population is not a number"
            ) from None
        names = [f[2], *(f[3].split(",") if use_name_column else ())]
        admin1_code = f[10]
        admin1_name = admin1.get(f"{f[8]}.{admin1_code}", admin1_code) if admin1_code and admin1_code != "00" else ""
        batch.append((gid, f[1].strip(), lat, lon, kind, f[8], admin1_name, "|".join(_spellings(names, kind)),
                      population or None))
        ids.add(gid)
        kept += 1
        if len(batch) >= 10_000:
            db.executemany("INSERT OR REPLACE INTO rows VALUES (?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    db.executemany("INSERT OR REPLACE INTO rows VALUES (?,?,?,?,?,?,?,?,?)", batch)
    return ids, kept, read


def _stage_alternate_names(db: sqlite3.Connection, path: Path, ids: _IdBitmap, progress: Progress | None) -> int:
    """Names of kept places from ``alternateNamesV2.txt`` into ``alts``; how many."""
    batch, count = [], 0
    # alternateNames.txt (8 columns) is the older form of alternateNamesV2.txt (10).
    for lineno, f in _rows(path, (8, 10), "a GeoNames alternateNamesV2.txt file", "alternate names", progress):
        try:
            gid = int(f[1])
        except ValueError:
            raise GazetteerError(f"{path}:{lineno}: not a GeoNames alternateNamesV2.txt file: geonameid {f[1]!r}") from None
        if gid not in ids or f[2] in SKIPPED_LANGUAGES or not f[3].strip():
            continue
        batch.append((gid, f[3]))
        count += 1
        if len(batch) >= 20_000:
            db.executemany("INSERT INTO alts VALUES (?, ?)", batch)
            batch = []
    db.executemany("INSERT INTO alts VALUES (?, ?)", batch)
    db.execute("CREATE INDEX alts_gid ON alts (gid)")
    return count


def _merged_places(db: sqlite3.Connection) -> Iterator[Place]:
    """Staged rows and their alternate names, merged in id order: one place in memory at a time."""
    alts = itertools.groupby(db.execute("SELECT gid, name FROM alts ORDER BY gid"), key=lambda r: r[0])
    pending = next(alts, None)
    for gid, name, lat, lon, kind, country, admin1, names, population in db.execute("SELECT * FROM rows ORDER BY gid"):
        spellings = names.split("|") if names else []
        while pending is not None and pending[0] < gid:
            pending = next(alts, None)
        if pending is not None and pending[0] == gid:
            spellings += _spellings((r[1] for r in pending[1]), kind)
            pending = next(alts, None)
        alt_names = tuple(n for n in dict.fromkeys(spellings) if n != name)
        yield Place(f"geonames:{gid}", name, lat, lon, kind, country, admin1, alt_names, population, f"geonames:{gid}")


# ---------------------------------------------------------------------------
# The build


def _row_filter(countries: set[str] | None, feature_classes: set[str], feature_codes: set[str],
                min_population: int) -> Callable[[list[str]], str | None]:
    """A function from dump fields to our kind, or None for a row to leave out."""

    def keep(f: list[str]) -> str | None:
        if countries is not None and f[8] not in countries:
            return None
        if f[6] not in feature_classes and f[7] not in feature_codes:
            return None
        population = int(f[14]) if f[14].isdigit() else 0
        if population < min_population:
            return None
        return kind_of(f[6], f[7], population)

    return keep


def _codes(values: Iterable[str] | None) -> set[str] | None:
    return None if values is None else {v.strip().upper() for v in values if v.strip()}


#: Names that say another format: a gazetteer written there would be mistaken for one.
_NOT_SQLITE_SUFFIXES = frozenset(".geojson .json .jsonl .csv .txt .tsv .html .htm .md .zip .gpkg .xml .parquet".split())


def _check_output(out_path: Path, inputs) -> None:
    """Refuse an output that would destroy something else: an input, a file that is no SQLite, a misleading name."""
    if out_path.suffix.lower() in _NOT_SQLITE_SUFFIXES:
        raise GazetteerError(f"{out_path}: a gazetteer is an SQLite file; name it .sqlite")
    for p in inputs:
        if out_path.exists() and Path(p).exists() and os.path.samefile(out_path, p):
            raise GazetteerError(f"{out_path}: is also an input; write the gazetteer to another file")
    if out_path.is_file():
        with out_path.open("rb") as f:
            if not f.read(16).startswith(b"SQLite format 3") and out_path.stat().st_size:
                raise GazetteerError(f"{out_path}: exists and is not an SQLite file; not replacing it "
                                     "(remove it first, or choose another name)")


def build_gazetteer(
    main_dump: str | Path,
    out_path: str | Path,
    alternate_names: str | Path | None = None,
    countries: Iterable[str] | None = None,
    feature_classes: Iterable[str] | None = ("P",),
    feature_codes: Iterable[str] | None = None,
    min_population: int = 0,
    progress: Progress | None = None,
    admin1_codes: str | Path | None = None,
) -> int:
    """Build an SQLite gazetteer from GeoNames dump files; return the number of places.

    Parameters
    ----------
    main_dump : path
        ``XX.txt``, ``allCountries.txt`` or either zipped: the 19 standard columns.
    out_path : path
        The SQLite file to write; replaced only once the new one is complete.
    alternate_names : path, optional
        ``alternateNamesV2.txt`` (or its zip): every spelling of every place.
        Without it, the dump's own ``alternatenames`` column is used.
    countries : iterable of str, optional
        ISO 3166 alpha-2 codes to keep (``["SY", "IQ"]``); all when None.
    feature_classes, feature_codes : iterable of str
        A row is kept when its feature class (``P``, ``A``, ``S``...) or its
        feature code (``OILF``, ``AIRP``...) is listed, and it maps to one of
        our kinds (:data:`FEATURE_KINDS`, :func:`kind_of`).
    min_population : int
        Leave out places with fewer people (GeoNames' 0, unknown, counts as 0).
    progress : callable, optional
        Called as ``progress(stage, done, total)``: bytes for the stages
        ``"places"`` and ``"alternate names"``, places for ``"writing"``.
    admin1_codes : path, optional
        ``admin1CodesASCII.txt``, for province names; else the admin1 code.

    Returns
    -------
    int
        The number of places written.

    Raises
    ------
    GazetteerError
        A missing input, a file that is not a GeoNames dump (naming the line),
        or no place left after filtering. ``out_path`` is then left as it was.

    Example
    -------
    >>> build_gazetteer("SY.zip", "syria.sqlite", alternate_names="alternateNamesV2.zip",
    ...                 countries=["SY"], feature_classes=["P", "A"])  # doctest: +SKIP
    21493
    """
    main_dump, out_path = Path(main_dump), Path(out_path)
    inputs = [p for p in (main_dump, alternate_names, admin1_codes) if p is not None]
    for p in inputs:
        if not Path(p).is_file():
            raise GazetteerError(f"{p}: " + ("not a regular file (a FIFO, device or folder); give a GeoNames dump file"
                                             if os.path.exists(p) else "no such file"))
    if not out_path.parent.is_dir():
        raise GazetteerError(f"{out_path.parent}: no such directory for the output")
    _check_output(out_path, inputs)
    classes, codes, wanted = _codes(feature_classes) or set(), _codes(feature_codes) or set(), _codes(countries)
    if not classes and not codes:
        raise GazetteerError("no feature class or code to keep; pass at least one (P for populated places)")
    keep = _row_filter(wanted, classes, codes, min_population)
    admin1 = _admin1_names(Path(admin1_codes) if admin1_codes else None)

    # Named like atomic_output's temporary files, so that a later build removes a killed one's.
    remove_litter(out_path, prefix=f".{out_path.name}.")
    with tempfile.TemporaryDirectory(prefix=f".{out_path.name}.{os.getpid()}.", suffix=".part-staging",
                                     dir=out_path.parent) as tmp:
        db = sqlite3.connect(Path(tmp) / "staging.sqlite")
        try:
            db.executescript(_STAGING)
            ids, kept, read = _stage_main(db, main_dump, keep, admin1, alternate_names is None, progress)
            if not kept:
                raise GazetteerError(
                    f"{main_dump}: no place left after filtering {read} rows (countries: "
                    f"{', '.join(sorted(wanted)) if wanted else 'all'}; feature classes/codes: "
                    f"{', '.join(sorted(classes | codes))}; minimum population: {min_population}); loosen the filters"
                )
            if alternate_names is not None:
                _stage_alternate_names(db, Path(alternate_names), ids, progress)
            meta = {
                "built_from": ", ".join(Path(p).name for p in inputs),
                "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "countries": ",".join(sorted(wanted)) if wanted else "all",
                "feature_classes": ",".join(sorted(classes)), "feature_codes": ",".join(sorted(codes)),
                "min_population": str(min_population),
                "licence": "GeoNames data, CC BY 4.0 (https://www.geonames.org)",
            }
            on_write = (lambda n: progress("writing", n, kept)) if progress else None
            return write_sqlite(_merged_places(db), out_path, meta=meta, progress=on_write)
        finally:
            db.close()
