"""A/B check of name resolution: the answers of this code against answers saved from another version.

Run by hand (not part of the test suite), once on the old code, once on the new::

    git stash; .venv/bin/python benchmarks/ab_resolve.py --save /tmp/before.json; git stash pop
    .venv/bin/python benchmarks/ab_resolve.py --check /tmp/before.json

The queries are those of ``bench_resolve.py``: its variant spellings of the
shipped gazetteer (every seed its part (a) uses), spellings the gazetteer
knows, and the ordinary news words. Each is resolved as ``resolve`` does and
as ``spot`` does (``min_score=0.88``); what is compared is the id of the place,
the score and the spelling matched, of the answer and of every alternative.
On the shipped gazetteer they must be identical.

The script runs itself with ``PYTHONHASHSEED=0`` and an empty index cache
(``GEOINCIDENTS_CACHE``): which of two spellings of a place, equally similar
to a query, is reported as matched follows the order of a set of strings,
which changes with the hash seed of the process that built the index otherwise.

``--million N`` does the same on the generated gazetteer of N names of part
(b) (its file in ``benchmarks/.cache/``) with its query sets, and reports how
many answers differ rather than failing: a faster search there may give up
alternatives, or tie-break differently, without placing fewer names right.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_resolve as bench  # noqa: E402

from geoincidents.gazetteer import Gazetteer  # noqa: E402


def _answer(m) -> list | None:
    if m is None:
        return None
    return [[a.id, round(a.score, 12), a.matched] for a in (m, *m.alternatives)]


def answers(gaz: Gazetteer, queries: list[str]) -> dict[str, list]:
    """{query: [resolve's answer, spot's answer]}, each computed afresh."""
    out = {}
    for q in queries:
        row = []
        for min_score in (None, 0.88):
            gaz._lookup_cache.clear()
            row.append(_answer(gaz.resolve(q, min_score=min_score)))
        out[q] = row
    return out


def shipped_queries(n: int) -> list[str]:
    places = list(Gazetteer.default())
    qs = []
    for seed in (11, 12, 20, 21, 22, 23):
        qs += [q for q, _ in bench.query_set(places, n, seed=seed)]
    qs += [s for p in places for s in p.names][:n]
    qs += bench.NEWS_WORDS
    return list(dict.fromkeys(qs))


def million_queries(gaz: Gazetteer, n: int) -> list[str]:
    sample = [gaz._index.place(no) for no in random.Random(3).sample(range(len(gaz)), 5000)]
    qs = [q for q, _ in bench.query_set(sample, n)] + [q for q, _ in bench.query_set(sample, 500, seed=12)]
    return list(dict.fromkeys(qs + bench.NEWS_WORDS))


def compute(n: int, million: int) -> dict:
    out = {"shipped": answers(Gazetteer.default(), shipped_queries(n))}
    if million:
        gaz = Gazetteer.open(bench.million_gazetteer(million))
        out["million"] = answers(gaz, million_queries(gaz, n))
    return out


def compare(before: dict, after: dict, label: str) -> tuple[int, int, int, int]:
    """(queries, top places that differ, top (id, score, matched) that differ, any difference), printing a few."""
    place = top = full = 0
    shown = 0
    for q, old in before.items():
        new = after.get(q)
        if new == old:
            continue
        full += 1
        old_top, new_top = [a and a[0] for a in old], [a and a[0] for a in new]
        if old_top != new_top:
            top += 1
            place += [a and a[0] for a in old_top] != [a and a[0] for a in new_top]
            if shown < 8:
                shown += 1
                print(f"  {label}: {q!r}: {old_top} -> {new_top}")
    return len(before), place, top, full


def main(argv=None) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0", "GEOINCIDENTS_CACHE": tempfile.mkdtemp(prefix="ab-resolve-")}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write this code's answers here")
    group.add_argument("--check", type=Path, help="compare this code's answers with those saved here")
    ap.add_argument("--queries", type=int, default=2000, help="variant spellings per query set")
    ap.add_argument("--million", type=int, default=0, help="also the generated gazetteer of this many names")
    args = ap.parse_args(argv)

    now = compute(args.queries, args.million)
    if args.save:
        args.save.write_text(json.dumps(now), encoding="utf-8")
        print(f"saved the answers to {sum(len(v) for v in now.values())} queries in {args.save}")
        return 0
    saved = json.loads(args.check.read_text(encoding="utf-8"))
    status = 0
    for label in now:
        if label not in saved:
            print(f"{label}: no saved answers")
            continue
        n, place, top, full = compare(saved[label], now[label], label)
        print(f"{label}: {n} queries x (resolve, spot): the place differs for {place}, (id, score, matched) for {top}, "
              f"anything (alternatives included) for {full}")
        if label == "shipped" and full:
            status = 1
    print("identical on the shipped gazetteer" if status == 0 else "DIFFERENT on the shipped gazetteer")
    return status


if __name__ == "__main__":
    sys.exit(main())
