"""Loading the gazetteer index from the cache: the old pickle against the JSON that replaced it, side by side.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_index_cache.py [--repeat 20] [--places-csv PATH]

Why: the index cache stopped being a pickle (a planted pickle runs code, issue
9 D8); this says what that costs. It builds the index of the shipped
gazetteer (or ``--places-csv``) once, writes it both ways into a temporary
directory, then reads each back ``--repeat`` times, alternating, and prints
the median CPU time of a load, the ratio JSON / pickle, and the time to build
the index without any cache for scale. Pickle is used here only to measure it.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import tempfile
import time
from importlib import resources
from pathlib import Path

from geoincidents.gazetteer import _MemoryIndex, read_places_csv


def _cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--places-csv", type=Path, default=None)
    args = parser.parse_args()
    csv_path = args.places_csv or Path(str(resources.files("geoincidents") / "data" / "places.csv"))

    build = statistics.median(_cpu(lambda: _MemoryIndex(read_places_csv(csv_path))) for _ in range(5))
    index = _MemoryIndex(read_places_csv(csv_path))
    with tempfile.TemporaryDirectory() as tmp:
        as_pickle, as_json = Path(tmp) / "index.pickle", Path(tmp) / "index.json"
        as_pickle.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        as_json.write_bytes(index.to_bytes())
        loaded = _MemoryIndex.from_bytes(as_json.read_bytes())
        assert loaded.keys_near("hjn") == index.keys_near("hjn") and loaded.places == index.places
        old, new = [], []
        for _ in range(args.repeat):
            old.append(_cpu(lambda: pickle.loads(as_pickle.read_bytes())))
            new.append(_cpu(lambda: _MemoryIndex.from_bytes(as_json.read_bytes())))
        sizes = as_pickle.stat().st_size, as_json.stat().st_size
    old_s, new_s = statistics.median(old), statistics.median(new)
    print(f"{len(index.places)} places from {csv_path}")
    print(f"build without cache : {build * 1000:7.1f} ms")
    print(f"load pickle (old)   : {old_s * 1000:7.1f} ms  {sizes[0] / 1e3:8.0f} kB")
    print(f"load JSON (new)     : {new_s * 1000:7.1f} ms  {sizes[1] / 1e3:8.0f} kB")
    print(f"ratio new / old     : {new_s / old_s:7.2f}")


if __name__ == "__main__":
    main()
