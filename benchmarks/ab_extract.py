#!/usr/bin/env python3
"""A/B check of incident extraction: the incidents of this code against incidents saved from another version.

Run by hand (not part of the test suite), once before a change, then after::

    .venv/bin/python benchmarks/ab_extract.py --save /tmp/ab_extract
    .venv/bin/python benchmarks/ab_extract.py --check /tmp/ab_extract

Inputs: (1) ``/work/shared/seeds/*.txt`` (when present), (2)
``benchmarks/devset/reports/*``, (3) ``geoincidents/samples/*``, (4)
``tests/data/reports/*``, each through ``geoincidents extract`` (the GeoJSON it
prints), and (5) the first ``--generated`` reports of ``bench_extract.py``
(``make_reports``), extracted in process: every incident's properties and
coordinates, and (6) ``--mixed`` reports of the real paragraphs of (1)-(4)
recombined at random (fixed seed), so that sentences meet new neighbours. Any difference is printed and the exit status is 1.

The script runs itself with ``PYTHONHASHSEED=0`` and an empty index cache
(``GEOINCIDENTS_CACHE``), as ``ab_resolve.py`` does: between two spellings of
a place equally similar to a name, the one reported as matched follows the
order of a set of strings otherwise.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

SETS = {
    "seeds": "/work/shared/seeds/*.txt",
    "devset": str(ROOT / "benchmarks/devset/reports/*"),
    "samples": str(ROOT / "geoincidents/samples/*"),
    "tests": str(ROOT / "tests/data/reports/*"),
}
CLI = str(ROOT / ".venv/bin/geoincidents")


def _cli_set(pattern: str) -> list:
    paths = sorted(p for p in glob.glob(pattern) if not p.endswith(".meta.json"))
    if not paths:
        return []
    out = subprocess.run([CLI, "extract", "-q", *paths], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)["features"]


def _generated(count: int) -> list:
    from bench_extract import make_reports

    from geoincidents.documents import document_from_text
    from geoincidents.extract import incidents_from_document
    from geoincidents.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    rows = []
    for n, text in enumerate(make_reports(gaz, count)):
        doc = document_from_text(text, id=f"r{n}.txt", published="2021-01-31")
        for inc in incidents_from_document(doc, gaz):
            rows.append({"properties": inc.properties(), "lat": inc.lat, "lon": inc.lon})
    return rows


def _mixed(count: int) -> list:
    """Real paragraphs (seeds, devset, samples) in new company: ``count`` reports of 6 to 14 paragraphs each."""
    import random

    from geoincidents.documents import document_from_text, read_documents
    from geoincidents.extract import incidents_from_document
    from geoincidents.gazetteer import Gazetteer

    paths = sorted(p for pattern in SETS.values() for p in glob.glob(pattern) if not p.endswith(".meta.json"))
    paragraphs = [p.strip() for doc in read_documents(paths) for p in doc.text.split("\n\n") if p.strip()]
    rng = random.Random(11)
    gaz = Gazetteer.default()
    rows = []
    for n in range(count):
        text = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(6, 14)))
        doc = document_from_text(text, id=f"m{n}.txt", published=rng.choice([None, "2021-01-31", "2020-08-19"]))
        for inc in incidents_from_document(doc, gaz):
            rows.append({"properties": inc.properties(), "lat": inc.lat, "lon": inc.lon})
    return rows


def collect(generated: int, mixed: int) -> dict[str, list]:
    results = {name: _cli_set(pattern) for name, pattern in SETS.items()}
    results["generated"] = _generated(generated)
    results["mixed"] = _mixed(mixed)
    return results


def _diff(name: str, old: list, new: list, limit: int = 10) -> int:
    if old == new:
        return 0
    shown = 0
    if len(old) != len(new):
        print(f"{name}: {len(old)} incidents before, {len(new)} now")
    bad = 0
    for n, (a, b) in enumerate(zip(old, new)):
        if a == b:
            continue
        bad += 1
        if shown < limit:
            shown += 1
            pa, pb = a.get("properties", a), b.get("properties", b)
            keys = sorted(k for k in set(pa) | set(pb) if pa.get(k) != pb.get(k))
            print(f"{name}[{n}] doc {pa.get('doc')}: " + "; ".join(f"{k}: {pa.get(k)!r} -> {pb.get(k)!r}" for k in keys)
                  + ("; geometry/coordinates differ" if not keys else ""))
    return bad + abs(len(old) - len(new))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", metavar="DIR", help="write this version's incidents there")
    mode.add_argument("--check", metavar="DIR", help="compare this version's incidents with those saved there")
    ap.add_argument("--generated", type=int, default=300, help="how many generated reports (bench_extract.py)")
    ap.add_argument("--mixed", type=int, default=400, help="how many reports of real paragraphs recombined")
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0" or "_AB_EXTRACT_CHILD" not in os.environ:
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, PYTHONHASHSEED="0", GEOINCIDENTS_CACHE=cache, _AB_EXTRACT_CHILD="1")
            return subprocess.call([sys.executable, *sys.argv], env=env)
    results = collect(args.generated, args.mixed)
    if args.save:
        out = Path(args.save)
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in results.items():
            (out / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
            print(f"{name}: {len(rows)} incidents saved to {out / (name + '.json')}")
        return 0
    total = 0
    for name, rows in results.items():
        saved = json.loads((Path(args.check) / f"{name}.json").read_text())
        rows = json.loads(json.dumps(rows, ensure_ascii=False))  # tuples -> lists, as saved
        bad = _diff(name, saved, rows)
        print(f"{name}: {len(rows)} incidents, {bad} differences")
        total += bad
    print("A/B: identical" if total == 0 else f"A/B: {total} DIFFERENCES")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
