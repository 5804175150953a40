"""Incidents from a corpus on a Dask cluster, written as a partitioned GeoParquet dataset.

Beyond one machine we use Dask, not a scheduler of our own: the corpus
becomes a ``dask.bag`` of partitions (a block of a JSON Lines file, one CSV
file, or a group of report files), each partition is read, cleaned and
extracted on a worker with the gazetteer loaded once per worker process, and
written as one GeoParquet file of ``out_dir``. The same call runs on a laptop
(no client: Dask's local scheduler), a ``LocalCluster`` or a real cluster
(``Client("tcp://scheduler:8786")``); document ids and incidents are those of
a single-process run.

Needs the optional extra: ``pip install geoincidents[dask]``.
"""

from __future__ import annotations

import glob
import io
import os
from pathlib import Path
from typing import Any, Iterable

from .batch import Summary, _gazetteer_spec
from .errors import GeoIncidentsError

__all__ = ["extract_to_parquet"]

_ROW_SUFFIXES = (".jsonl", ".ndjson")


def extract_to_parquet(
    paths_or_glob: str | os.PathLike | Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    client=None,
    *,
    published: str | None = None,
    gazetteer=None,
    blocksize: int | None = None,
    files_per_partition: int = 64,
    max_bytes: int = 20_000_000,
) -> Summary:
    """Extract a corpus on Dask into ``out_dir/part.NNNNN.parquet`` (GeoParquet, EPSG:4326).

    Parameters
    ----------
    paths_or_glob : str, path-like or iterable of them
        Report files, folders (their report files) or a glob (``"dump/*.jsonl"``).
    out_dir : str or path-like
        A new or empty folder; read it back with ``geopandas.read_parquet(out_dir)``
        or ``dask_geopandas.read_parquet(out_dir)``.
    client : distributed.Client, optional
        Where to run (default: the current Dask scheduler, local if none).
    published, gazetteer
        As for :func:`geoincidents.extract_incidents`; a gazetteer is best
        given as a file path that every worker can read.
    blocksize : int, optional
        Bytes of a JSON Lines file per partition (CSV files are one
        partition each: a quoted field may span lines). Default: about four
        partitions per worker, between 256 kB and 4 MB each (a worker
        holds one partition's incidents at a time, so this bounds its memory).
    files_per_partition : int
        Report files (.txt, .html, .md) per partition.

    Returns
    -------
    Summary
        Documents, skipped documents (with their reasons) and incidents.

    Example
    -------
    >>> from dask.distributed import Client, LocalCluster          # doctest: +SKIP
    >>> client = Client(LocalCluster(n_workers=2, host="127.0.0.1"))  # doctest: +SKIP
    >>> extract_to_parquet("dump/*.jsonl", "incidents.parquet", client).line()  # doctest: +SKIP
    '6000 documents, 2 skipped, 9120 incidents (...), 310 unplaced'
    """
    try:
        import dask.bag as db
    except ImportError:
        raise GeoIncidentsError("the Dask path needs Dask: pip install 'geoincidents[dask]'") from None
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GeoIncidentsError(f"{out}: not an empty folder; give a new or empty one for the dataset")
    paths = _expanded(paths_or_glob)
    parts = _partitions(paths, blocksize or _blocksize(paths, client), files_per_partition)
    spec = _gazetteer_spec(gazetteer)
    first_lines = _first_lines(parts, db, client)
    tasks = [(index, part, first) for index, (part, first) in enumerate(zip(parts, first_lines))]
    out.mkdir(parents=True, exist_ok=True)
    bag = db.from_sequence(tasks, npartitions=max(1, len(tasks))).map(
        _run_partition, str(out), published, spec, max_bytes)
    results = _computed(bag, client)
    summary = Summary()
    for result in sorted(results, key=lambda r: r["index"]):
        summary.documents += result["documents"]
        summary.incidents += result["incidents"]
        summary.unplaced += result["unplaced"]
        summary.skipped += result["skipped"]
        for kind, count in result["by_type"].items():
            summary.by_type[kind] = summary.by_type.get(kind, 0) + count
    return summary


def _blocksize(paths: list[str], client) -> int:
    """About four partitions per worker: enough to balance the load, few enough to keep overheads small."""
    workers = len(client.scheduler_info().get("workers", {})) if client is not None else (os.cpu_count() or 1)
    total = sum(os.path.getsize(p) for p in paths if p.lower().endswith(_ROW_SUFFIXES))
    return int(min(4_000_000, max(256_000, total / (4 * max(1, workers)))))


def _computed(bag, client) -> list:
    return client.compute(bag, sync=True) if client is not None else bag.compute()


def _expanded(paths_or_glob) -> list[str]:
    """Files in order: globs expanded and sorted, folders to their report files, missing paths refused."""
    from .documents import _source_paths

    items = [paths_or_glob] if isinstance(paths_or_glob, (str, os.PathLike)) else list(paths_or_glob)
    paths: list[str] = []
    for item in items:
        item = os.fspath(item)
        if glob.has_magic(item):
            matched = sorted(glob.glob(item))
            if not matched:
                raise GeoIncidentsError(f"{item}: no file matches; check the pattern")
            paths += matched
        else:
            paths.append(item)
    if "-" in paths:
        raise GeoIncidentsError("standard input cannot be shared by a cluster; give files")
    return _source_paths(paths)


def _partitions(paths: list[str], blocksize: int, files_per_partition: int) -> list[tuple]:
    """("rows", path, start, end) blocks of JSON Lines files, ("files", [paths]) groups of the rest, in order."""
    parts: list[tuple] = []
    group: list[str] = []
    for path in paths:
        is_rows = path.lower().endswith(_ROW_SUFFIXES)
        if is_rows or path.lower().endswith((".csv", ".tsv")):
            if group:
                parts.append(("files", group))
                group = []
            if is_rows:
                parts += [("rows", path, start, end) for start, end in _blocks(path, blocksize)]
            else:
                parts.append(("files", [path]))
            continue
        group.append(path)
        if len(group) >= files_per_partition:
            parts.append(("files", group))
            group = []
    if group:
        parts.append(("files", group))
    return parts


def _blocks(path: str, blocksize: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``blocksize`` that start at the beginning of a line."""
    size = os.path.getsize(path)
    starts = [0]
    with open(path, "rb") as handle:
        while starts[-1] + blocksize < size:
            handle.seek(starts[-1] + blocksize)
            handle.readline()  # to the end of the line the block ends in
            position = handle.tell()
            if position >= size:
                break
            starts.append(position)
    return list(zip(starts, starts[1:] + [size]))


def _count_lines(part: tuple) -> int:
    _, path, start, end = part
    count = 0
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            remaining -= len(chunk)
    return count


def _first_lines(parts: list[tuple], db, client) -> list[int]:
    """The number of each block's first line in its file (counted on the workers, in parallel)."""
    rows = [part for part in parts if part[0] == "rows"]
    counts = iter(_computed(db.from_sequence(rows, npartitions=len(rows)).map(_count_lines), client) if rows else [])
    first, seen, lines = [], {}, 0
    for part in parts:
        if part[0] != "rows":
            first.append(1)
            continue
        lines = seen.get(part[1], 0)
        first.append(lines + 1)
        seen[part[1]] = lines + next(counts)
    return first


_GAZETTEERS: dict[Any, Any] = {}


def _worker_gazetteer(spec):
    """The gazetteer, loaded once per worker process and kept for its later partitions."""
    key = spec if spec[0] == "path" else ("pickle", hash(spec[1]))
    if key not in _GAZETTEERS:
        import pickle

        from .gazetteer import Gazetteer

        _GAZETTEERS[key] = pickle.loads(spec[1]) if spec[0] == "pickle" else Gazetteer.open(spec[1])
    return _GAZETTEERS[key]


def _run_partition(task: tuple, out_dir: str, published, spec, max_bytes: int) -> dict:
    """Extract one partition and write it as ``part.NNNNN.parquet``; return its counts."""
    from .batch import iter_incidents
    from .documents import _jsonl_sources, _sidecar, document_sources
    from .errors import DocumentError
    from .export import incidents_to_geodataframe, write_incidents

    index, part, first_line = task
    summary = Summary()
    skipped: list[str] = []
    if part[0] == "rows":
        _, path, start, end = part
        with open(path, "rb") as handle:
            handle.seek(start)
            block = handle.read(end - start)
        try:
            sidecar = _sidecar(path)
        except DocumentError as error:
            skipped.append(str(error))
            sources = iter(())
        else:
            sources = _jsonl_sources(io.BytesIO(block), path, sidecar, max_bytes, skipped.append, first_line)
    else:
        sources = document_sources(part[1], max_bytes, skipped.append)
    incidents = list(iter_incidents(sources, published, _worker_gazetteer(spec), summary, on_skip=skipped.append))
    write_incidents(incidents_to_geodataframe(incidents), Path(out_dir) / f"part.{index:05d}.parquet")
    return {"index": index, "documents": summary.documents, "incidents": summary.incidents,
            "unplaced": summary.unplaced, "by_type": summary.by_type, "skipped": skipped}
