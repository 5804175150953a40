"""Incidents as GIS data: a GeoDataFrame, GeoJSON (RFC 7946), GeoPackage, CSV, GeoParquet, FlatGeobuf.

Every writer goes through ``write_incidents``, which writes to a temporary
file beside the target and renames it, so a failure never leaves a
half-written output. List-valued properties (actors, places, destinations)
stay lists in GeoJSON and GeoParquet and become ``; ``-joined text in
GeoPackage, FlatGeobuf and CSV, which have no list type: the same text
whether the CLI writes them or a user calls ``gdf.to_file`` (see
:class:`TextList`). ``date`` is a real date (datetime64) in the
GeoDataFrame, GeoPackage and GeoParquet, so QGIS and pandas filter on it.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterable, Iterator

from .errors import ExportError
from .incidents import COUNTS, PROPERTIES, Incident, plausible_count

__all__ = ["atomic_output", "reading", "is_special_file", "remove_litter", "feature_collection", "incidents_to_geodataframe",
           "write_incidents", "read_incidents", "features_from_text", "FORMATS", "format_of"]

FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv",
           ".parquet": "parquet", ".fgb": "fgb", ".geojsons": "geojsonseq", ".geojsonl": "geojsonseq"}
_LIST_FIELDS = ("places", "actors", "destinations", "assoc_actors")
_POINT_FIELDS = ("origin_point", "destination_points")


def feature_collection(incidents: Iterable[Incident]) -> dict:
    """A GeoJSON FeatureCollection (RFC 7946: [lon, lat], WGS 84, no ``crs`` member)."""
    return {"type": "FeatureCollection", "features": [i.to_feature() for i in incidents]}


class TextList(list):
    """A list of names that GIS drivers without a list type write as ``a; b``, not as ``['a', 'b']``.

    Why: ``gdf.to_file("x.gpkg")`` turns each cell into text with ``str()``;
    a plain list would land in QGIS as a Python repr. Everything else (len,
    iteration, ==, JSON, Parquet) sees an ordinary list.

    Example
    -------
    >>> str(TextList(["SDF", "ISIS"])), TextList(["SDF"]) == ["SDF"]
    ('SDF; ISIS', True)
    """

    __slots__ = ()

    def __str__(self) -> str:
        return "; ".join(str(item) for item in self)


def incidents_to_geodataframe(incidents: Iterable[Incident]):
    """A GeoDataFrame in EPSG:4326 with the schema's columns; unplaced rows have no geometry.

    ``date`` is datetime64 (NaT when unknown); actors, places and
    destinations are :class:`TextList` lists.

    Example
    -------
    >>> incidents_to_geodataframe([]).crs.to_epsg()
    4326
    """
    import geopandas as gpd
    from shapely.geometry import Point

    rows, geoms = [], []
    for inc in incidents:
        rows.append(inc.properties())
        geoms.append(Point(inc.lon, inc.lat) if inc.placed else None)
    gdf = gpd.GeoDataFrame(rows, columns=list(PROPERTIES), geometry=geoms, crs="EPSG:4326")
    for col in ("fatalities", "fatalities_max", "number_of_sources", "injured", "arrested", "vehicles", "time_precision", "geo_precision", "char_start", "char_end"):
        gdf[col] = gdf[col].astype("Int64")
    return _gis_clean(gdf)


def _gis_clean(gdf):
    """Dates as datetime64 and name lists as TextList, whatever the frame held."""
    import pandas as pd

    gdf["date"] = pd.to_datetime(gdf["date"], format="ISO8601", errors="coerce").astype("datetime64[ms]")
    for col in _LIST_FIELDS:
        values = [TextList(_as_list(v)) if isinstance(_as_list(v), list) else TextList() if v is None else v for v in gdf[col]]
        gdf[col] = pd.Series(values, index=gdf.index, dtype=object)
    return gdf


def format_of(path: str | os.PathLike, explicit: str | None = None) -> str:
    """The output format a path asks for by its suffix (or ``explicit``)."""
    implied = FORMATS.get(Path(path).suffix.lower())
    if explicit:
        if implied and implied != explicit and not (explicit == "acled" and implied == "csv"):  # ACLED's is a CSV
            raise ExportError(f"{path}: the name says {implied} but the format asked is {explicit}; "
                              f"name the file .{explicit} or ask for {implied}")
        return explicit
    if str(path).lower().endswith(".acled.csv"):
        return "acled"
    if implied is None and is_special_file(path):
        return "geojson"  # /dev/stdout, a FIFO: a stream, so the streaming format
    if implied is None:
        raise ExportError(f"{path}: unknown output format; use .geojson, .gpkg, .csv, .parquet, .fgb or .geojsons")
    return implied


def _json_value(value):
    """What ``json`` cannot encode in a frame geopandas read back: numpy arrays and scalars, timestamps."""
    if hasattr(value, "isoformat"):  # GDAL types the `date` column as datetime64
        midnight = hasattr(value, "hour") and (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
        return value.date().isoformat() if midnight else value.isoformat()
    if hasattr(value, "tolist"):  # lists read back as numpy arrays, numbers as numpy scalars
        return value.tolist()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _flat_frame(gdf):
    """GeoPackage and CSV have no list type: lists become '; '-joined text."""
    flat = gdf.copy()
    for col in COUNTS:  # a frame read from anywhere: counts past MAX_COUNT (or 2**63) become null
        if col in flat.columns:
            flat[col] = flat[col].map(plausible_count).astype("Int64")
    for col in _LIST_FIELDS:
        flat[col] = flat[col].map(lambda v: "; ".join(_as_list(v)) if isinstance(_as_list(v), list) else v)
    for col in _POINT_FIELDS + ("sources",):  # lists of lists or of objects: JSON text
        flat[col] = flat[col].map(lambda v: json.dumps(_as_list(v), default=_json_value, ensure_ascii=False) if isinstance(_as_list(v), list) and len(v) else None)
    return flat


def _as_list(value):
    """A list for a list, tuple or numpy array (how geopandas reads a GeoJSON list back); else the value."""
    if isinstance(value, tuple) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0):
        return list(value.tolist() if hasattr(value, "tolist") else value)
    return value


def write_incidents(incidents, path: str | os.PathLike, fmt: str | None = None, gazetteer=None) -> Path:
    """Write incidents (a list of ``Incident`` or a GeoDataFrame) to GeoJSON, GeoPackage, CSV,
    ACLED's CSV, GeoParquet (.parquet), FlatGeobuf (.fgb) or a GeoJSON Text Sequence
    (.geojsons, RS-separated as RFC 8142; .geojsonl, one Feature a line).

    The file appears whole or not at all. CSV carries ``longitude`` and
    ``latitude`` columns (empty when unplaced), as ACLED exports do. The
    ``acled`` format (or a ``.acled.csv`` name) writes ACLED's columns
    (``acled.write_acled``); ``gazetteer`` gives them country and province.

    Example
    -------
    >>> write_incidents([], "/tmp/none.geojson").name
    'none.geojson'
    """
    path = Path(path)
    fmt = format_of(path, fmt)
    if fmt == "gpkg" and is_special_file(path):
        raise ExportError(f"{path}: a GeoPackage is a database and must be a regular file; use .geojson or .csv")
    if fmt == "acled":
        from .acled import write_acled

        return write_acled(incidents, path, gazetteer=gazetteer)
    with atomic_output(path) as tmp:
        if fmt == "geojson":
            if isinstance(incidents, list):
                data = feature_collection(incidents)
            else:
                data = json.loads(incidents.to_json(drop_id=True, na="null", default=_json_value))
                data.pop("crs", None)
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        elif fmt == "geojsonseq":
            features = feature_collection(incidents)["features"] if isinstance(incidents, list) else json.loads(
                incidents.to_json(drop_id=True, na="null", default=_json_value))["features"]
            prefix = "\x1e" if path.suffix.lower() == ".geojsons" else ""
            tmp.write_text("".join(prefix + json.dumps(f, ensure_ascii=False) + "\n" for f in features), encoding="utf-8")
        elif fmt == "parquet":
            gdf = incidents if not isinstance(incidents, list) else incidents_to_geodataframe(incidents)
            _write_parquet(gdf, tmp)
        else:
            gdf = incidents if not isinstance(incidents, list) else incidents_to_geodataframe(incidents)
            flat = _flat_frame(gdf)
            if fmt == "gpkg":
                tmp.unlink()
                _write_gpkg(flat, tmp, path)
            elif fmt == "fgb":
                _write_flatgeobuf(flat, tmp)
            else:
                table = flat.drop(columns="geometry")
                table.insert(len(table.columns), "longitude", [g.x if g is not None and not g.is_empty else None for g in flat.geometry])
                table.insert(len(table.columns), "latitude", [g.y if g is not None and not g.is_empty else None for g in flat.geometry])
                table.to_csv(tmp, index=False, encoding="utf-8")
    return path


def _write_gpkg(flat, tmp: Path, path: Path) -> None:
    """GDAL's errors (a full disk: "Failed to commit transaction") as ``ExportError``."""
    from pyogrio.errors import DataLayerError, DataSourceError, FeatureError, FieldError, GeometryError

    try:
        flat.to_file(tmp, driver="GPKG", layer="incidents", engine="pyogrio")
    except (DataSourceError, DataLayerError, FeatureError, FieldError, GeometryError) as e:
        reason = " ".join(str(e).split())[:200] or type(e).__name__
        raise ExportError(f"{path}: cannot write the GeoPackage ({reason})") from None


def _write_parquet(gdf, tmp: Path) -> None:
    """GeoParquet with one fixed schema, so partitions written apart read back as one dataset.

    Lists stay lists (of strings; convoy points as [lon, lat] lists), text
    columns are strings even when all empty (Arrow would call them null),
    ``date`` a timestamp.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(f"{tmp.name}: GeoParquet needs pyarrow; pip install pyarrow") from None

    table = _gis_clean(gdf.copy())
    for col in _LIST_FIELDS:
        table[col] = [[str(x) for x in v] if isinstance(v, list) else [] for v in table[col].map(_as_list)]
    table["origin_point"] = [[float(x) for x in _as_list(v)] if isinstance(_as_list(v), list) and len(v) else None
                             for v in table["origin_point"]]
    table["destination_points"] = [[[float(x) for x in _as_list(p)] for p in _as_list(v)] if isinstance(_as_list(v), list) else []
                                   for v in table["destination_points"]]
    table.to_parquet(tmp, index=False)
    written = pq.read_table(tmp)
    fixed = {name: pa.list_(pa.string()) for name in _LIST_FIELDS}
    fixed.update({name: pa.string() for name in _TEXT_FIELDS})
    fixed.update(origin_point=pa.list_(pa.float64()), destination_points=pa.list_(pa.list_(pa.float64())),
                 uncertainty_km=pa.float64(), confidence=pa.float64(), date=pa.timestamp("ms"))
    fixed.update({name: pa.int64() for name in _INT_FIELDS})
    schema = pa.schema([field.with_type(fixed.get(field.name, field.type)) for field in written.schema],
                       metadata=written.schema.metadata)
    if schema != written.schema:
        columns = [column if column.type == field.type else
                   column.cast(field.type) if len(column) else pa.chunked_array([], type=field.type)
                   for column, field in zip(written.columns, schema)]
        pq.write_table(pa.Table.from_arrays(columns, schema=schema), tmp)


_TEXT_FIELDS = ("id", "doc", "type", "status", "date_text", "place", "place_id", "place_mention", "origin",
                "source", "evidence", "acled_event_type", "acled_sub_event_type")
_INT_FIELDS = ("fatalities", "injured", "arrested", "vehicles", "time_precision", "geo_precision", "char_start", "char_end")


def _write_flatgeobuf(flat, tmp: Path) -> None:
    import pyogrio

    if "FlatGeobuf" not in pyogrio.list_drivers(write=True):
        raise ExportError(f"{tmp.name}: this GDAL has no FlatGeobuf driver; write .gpkg or .parquet instead")
    tmp.unlink()
    # no spatial index: FlatGeobuf's index cannot hold the unplaced incidents (null geometry)
    flat.to_file(tmp, driver="FlatGeobuf", engine="pyogrio", SPATIAL_INDEX="NO")


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path`` that becomes ``path`` only if the block succeeds.

    Why: a crash, a full disk or a bad input must never leave a half-written
    output where a user (or QGIS) would open it. Errors become ``ExportError``.
    Only a regular file is ever replaced: a symbolic link is followed and its
    target replaced; a device or a FIFO (``/dev/null``, ``/dev/stdout``) is
    written straight to, never renamed over; a file being read (see
    ``reading``) is refused. The temporary file, ``.NAME.<pid>.<random>.part<suffix>``,
    names its process, so that the next write beside it removes what a
    killed run (``kill -9``) left.

    Example
    -------
    >>> with atomic_output("/tmp/out.txt") as tmp:
    ...     _ = tmp.write_text("whole or nothing")
    """
    path = Path(path)
    st = _stat_or_none(path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{path}: cannot write (Is a directory)")
    if st is not None and (st.st_dev, st.st_ino) in _INPUTS.get():
        raise ExportError(f"{path}: is also an input; write the output to another file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:  # a device, FIFO or socket: replacing it would destroy it (as root, /dev/null)
            yield path
        except OSError as e:
            raise ExportError(f"{path}: cannot write ({e.strerror or e})") from None
        return
    target = Path(os.path.realpath(path))  # a symlink stays a link: its target is replaced
    if not target.parent.exists():
        raise ExportError(f"{path.parent}: no such directory")
    remove_litter(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=f".part{target.suffix}",
                                        dir=target.parent)
    except OSError as e:
        raise ExportError(f"{path}: cannot write ({e.strerror or e})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _sync(tmp)  # on disk before the rename: a power cut never leaves an empty file under the name
        os.chmod(tmp, _new_file_mode(target))  # mkstemp's file is private (0600); an output is for sharing
        os.replace(tmp, target)
    except OSError as e:
        raise ExportError(f"{path}: cannot write ({e.strerror or e})") from None
    finally:
        tmp.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stat_or_none(path: Path) -> os.stat_result | None:
    """``os.stat`` (through links), None when nothing is there yet."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ExportError(f"{path}: cannot write ({e.strerror or e})") from None


def is_special_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` is there and neither a regular file nor a directory: a device, FIFO or socket."""
    st = _stat_or_none(Path(path))
    return st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def remove_litter(target: Path, prefix: str | None = None) -> None:
    """Remove the temporary files (and folders) of writes to ``target`` whose process is gone.

    Why: ``kill -9`` or a power cut skips every ``finally``; the pid in the
    name tells a dead run's litter from a running one's.
    """
    prefix = prefix or f".{target.name}."
    try:
        names = [n for n in os.listdir(target.parent) if n.startswith(prefix) and ".part" in n[len(prefix):]]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        litter = target.parent / name
        try:
            if litter.is_dir() and not litter.is_symlink():
                shutil.rmtree(litter)
            else:
                litter.unlink()
        except OSError:
            pass  # another run's cleaning, or not ours to remove


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or a number we cannot judge: leave it
    return True


#: (device, inode) of the files being read, which no output may replace.
_INPUTS: ContextVar[frozenset] = ContextVar("geoincidents_inputs", default=frozenset())


@contextmanager
def reading(paths: Iterable[str | os.PathLike]) -> Iterator[None]:
    """While the block runs, ``atomic_output`` refuses to write over any of ``paths``.

    Why: ``geoincidents map in.geojson -o in.geojson`` would replace the
    incidents with their map. Links and hard links to an input count as it.

    Example
    -------
    >>> with reading(["/etc/hostname"]):
    ...     write_incidents([], "/etc/hostname")  # doctest: +SKIP
    Traceback (most recent call last):
    ExportError: /etc/hostname: is also an input; write the output to another file
    """
    ids = set(_INPUTS.get())
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(st.st_mode):
            ids.add((st.st_dev, st.st_ino))
    token = _INPUTS.set(frozenset(ids))
    try:
        yield
    finally:
        _INPUTS.reset(token)


def _new_file_mode(target: Path) -> int:
    """Keep an existing file's permissions, else what ``open()`` would give under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def read_incidents(path: str | os.PathLike) -> list[dict]:
    """The Features of an incidents GeoJSON file, checked enough to draw them.

    Raises ``InputFormatError`` naming the file and the problem: not JSON,
    not a FeatureCollection, a Feature whose geometry is not a Point or null,
    coordinates that are not [lon, lat] numbers.
    """
    path = Path(path)
    return _checked_features(load_json_file(path), path)


def load_json_file(path: str | os.PathLike):
    """The parsed content of a GeoJSON (or any JSON) file; ``InputFormatError`` naming the file and why not.

    One place for what every reader of a user's file must refuse: a FIFO or
    device (it would block or never end), a missing file, text that is not
    UTF-8 (RFC 7946), invalid JSON, and nesting deep enough to exhaust the stack.
    """
    from .errors import InputFormatError

    path = Path(path)
    if path.exists() and not path.is_file():
        raise InputFormatError(f"{path}: not a regular file")
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputFormatError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputFormatError(f"{path}: not UTF-8 text; GeoJSON must be UTF-8 (RFC 7946)") from None
    except json.JSONDecodeError as e:
        raise InputFormatError(f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise InputFormatError(f"{path}: JSON nested too deeply to be GeoJSON") from None


def features_from_text(text: str, label: str = "standard input") -> list[dict]:
    """The Features of GeoJSON text: a FeatureCollection, a Feature, or a GeoJSON Text Sequence.

    Why: ``extract --sequence | map -`` streams one Feature a line (RFC 8142
    with an RS before each, or plain newline-delimited as ``fio`` writes by
    default); a whole FeatureCollection piped in works the same.
    """
    from .errors import InputFormatError

    text = text.lstrip("\ufeff")
    try:
        return _checked_features(json.loads(text), label)
    except json.JSONDecodeError:
        pass
    except RecursionError:
        raise InputFormatError(f"{label}: JSON nested too deeply to be GeoJSON") from None
    features: list[dict] = []
    pieces = text.split("\x1e") if "\x1e" in text else text.split("\n")
    for number, piece in enumerate(pieces, start=1):
        if not piece.strip():
            continue
        try:
            item = json.loads(piece)
        except json.JSONDecodeError as e:
            unit = "text" if "\x1e" in text else "line"
            raise InputFormatError(f"{label}: {unit} {number} of the GeoJSON sequence is not valid JSON ({e.msg})") from None
        except RecursionError:
            raise InputFormatError(f"{label}: JSON nested too deeply to be GeoJSON") from None
        features += _checked_features(item, f"{label}: item {number}")
    return features


def _checked_features(data, path) -> list[dict]:
    """The Features of parsed GeoJSON, each checked enough to draw it."""
    from .errors import InputFormatError

    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise InputFormatError(f"{path}: not a GeoJSON FeatureCollection")
    for n, feature in enumerate(data["features"]):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InputFormatError(f"{path}: feature {n} is not a GeoJSON Feature")
        if not isinstance(feature.get("properties"), (dict, type(None))):
            raise InputFormatError(f"{path}: feature {n} has properties that are not an object")
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (not isinstance(geometry, dict) or geometry.get("type") != "Point" or not isinstance(coords, list)
                or len(coords) < 2 or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2])
                or not (-180 <= coords[0] <= 180 and -90 <= coords[1] <= 90)):
            raise InputFormatError(f"{path}: feature {n} must have a Point geometry [lon, lat] or null, got {json.dumps(geometry)[:80]}")
    return data["features"]
