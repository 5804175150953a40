#!/usr/bin/env python3
"""Extraction time on one long paragraph: 1k, 4k and 16k sentences with no line break (issue 9, D11).

Run by hand (not part of the tests):

    .venv/bin/python benchmarks/bench_paragraph.py [--sizes 1000 4000 16000]

Two paragraphs a size, each of one line: the same strike sentence repeated
(the reproduction of D11), and the templates of ``bench_extract.py`` drawn at
random (fixed seed), so that events, tolls, convoys and unresolved names
meet. Linear extraction keeps the time per sentence flat as the size
grows; a step quadratic in the sentences of a paragraph makes it grow with
the size. Times are CPU time of this process.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from bench_extract import DAYS, TEMPLATES, WHEN  # noqa: E402

from geoincidents.documents import document_from_text  # noqa: E402
from geoincidents.extract import incidents_from_document  # noqa: E402
from geoincidents.gazetteer import Gazetteer  # noqa: E402


def repeated(n: int) -> str:
    return " ".join(f"Warplanes struck Hajin on Monday, killing 3 people. ({i})" for i in range(n))


def mixed(gaz: Gazetteer, n: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    names = [p.name for p in gaz if p.country == "SY" and p.kind in ("village", "town", "city")]
    return " ".join(rng.choice(TEMPLATES).format(
        a=rng.choice(names), b=rng.choice(names), day=rng.choice(DAYS), when=rng.choice(WHEN), n=rng.randint(2, 30),
        m=rng.choice(["two", "three", "five"]), v=rng.randint(10, 120), big=rng.randint(300, 900)) for _ in range(n))


def timed(gaz: Gazetteer, text: str) -> tuple[float, int]:
    start = time.process_time()
    found = incidents_from_document(document_from_text(text, id="p.txt"), gaz)
    return time.process_time() - start, len(found)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    args = ap.parse_args()
    gaz = Gazetteer.default()
    timed(gaz, mixed(gaz, 50))  # warm the caches
    print(f"{'paragraph':<10}{'sentences':>10}{'KB':>8}{'seconds':>10}{'ms/sentence':>13}{'incidents':>11}")
    for name in ("repeated", "mixed"):
        for n in args.sizes:
            text = repeated(n) if name == "repeated" else mixed(gaz, n)
            seconds, found = timed(gaz, text)
            print(f"{name:<10}{n:>10}{len(text) / 1000:>8.0f}{seconds:>10.2f}{1000 * seconds / n:>13.3f}{found:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
