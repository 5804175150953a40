#!/usr/bin/env python3
"""How many 5 KB reports a second ``extract`` handles on one core.

Run by hand (not part of the tests):

    .venv/bin/python benchmarks/bench_extract.py [--reports 2000]

Reports are generated from templates written for this benchmark, with places
drawn from the shipped gazetteer, so every run reads the same text (fixed
seed). Side by side, in the same run, it times the baseline a user would
write without geoincidents' index: every capitalised word sequence of the
text looked up with rapidfuzz ``process.extractOne`` over all gazetteer names.
Times are CPU time of this process, so that other work on a shared machine
moves them less.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geoincidents.documents import document_from_text  # noqa: E402
from geoincidents.extract import incidents_from_document  # noqa: E402
from geoincidents.gazetteer import Gazetteer  # noqa: E402

TEMPLATES = [
    "Warplanes believed to belong to the Coalition struck positions of Iran-backed militias near {a} on {day}, killing {n} fighters, according to SOHR.",
    "Artillery shelling hit the outskirts of {a} {when}, and {m} civilians were wounded, local sources said.",
    "Clashes broke out between the SDF and regime forces in the village of {a} in the eastern countryside of {b} {when}.",
    "The SDF, backed by the Coalition, carried out a security operation in {a} and arrested {n} suspected ISIS members {when}.",
    "A Coalition convoy of {v} trucks carrying logistical equipment entered from the Semalka crossing and headed to the bases in {a} and {b} {when}.",
    "An explosive device went off in {a} {when}, without casualties, while the cause of a second blast near {b} is not known.",
    "Drone strikes targeted a car on the road between {a} and {b} {when}, killing {m} people.",
    "Residents of {a} said that the water station had been repaired and that schools would open again next week.",
    "The death toll of the clashes in {b} since the start of the month rose to {big}, the Observatory said.",
    "One of the dead hails from the village of {a}, the sources added, while the others came from {b}.",
]
WHEN = ["yesterday", "on Tuesday evening", "late on Saturday night", "on January 15", "last week", "after midnight"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_reports(gaz: Gazetteer, count: int, size: int = 5000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names = [p.name for p in gaz if p.country == "SY" and p.kind in ("village", "town", "city", "oil_field", "gas_field")]
    reports = []
    for _ in range(count):
        parts = []
        while sum(len(p) + 1 for p in parts) < size:
            t = rng.choice(TEMPLATES)
            parts.append(t.format(a=rng.choice(names), b=rng.choice(names), day=rng.choice(DAYS), when=rng.choice(WHEN),
                                  n=rng.randint(2, 30), m=rng.choice(["two", "three", "five", "at least 4"]),
                                  v=rng.randint(10, 120), big=rng.randint(300, 900)))
        reports.append("\n\n".join(parts))
    return reports


def ours(gaz: Gazetteer, reports: list[str]) -> tuple[float, int]:
    start = time.process_time()
    found = 0
    for n, text in enumerate(reports):
        doc = document_from_text(text, id=f"r{n}.txt", published="2021-01-31")
        found += len(incidents_from_document(doc, gaz))
    return time.process_time() - start, found


def naive(gaz: Gazetteer, reports: list[str]) -> float:
    import re

    from rapidfuzz import fuzz, process

    names = [n for p in gaz for n in p.names]
    start = time.process_time()
    for text in reports:
        for m in re.finditer(r"(?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)*", text):
            process.extractOne(m.group(0), names, scorer=fuzz.WRatio, score_cutoff=85)
    return time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--naive-sample", type=int, default=50, help="reports for the (slow) naive baseline")
    args = ap.parse_args()
    gaz = Gazetteer.default()
    reports = make_reports(gaz, args.reports)
    mean_kb = statistics.mean(len(r) for r in reports) / 1000
    ours(gaz, reports[:20])  # warm caches, as a long run would be
    runs = [ours(gaz, reports) for _ in range(3)]
    best, found = min(runs)
    sample = reports[: args.naive_sample]
    naive_s = naive(gaz, sample)
    ours_rate = len(reports) / best
    naive_rate = len(sample) / naive_s
    print(f"reports: {len(reports)} of {mean_kb:.1f} KB on average, {found} incidents found")
    print(f"{'pipeline':<46}{'reports/s':>12}{'MB/s':>10}")
    print(f"{'geoincidents extract (clean + spot + extract)':<46}{ours_rate:>12.0f}{ours_rate * mean_kb / 1000:>10.2f}")
    print(f"{'naive: extractOne per capitalised phrase':<46}{naive_rate:>12.1f}{naive_rate * mean_kb / 1000:>10.3f}")
    print(f"ratio: {ours_rate / naive_rate:.0f}x the naive place lookup alone (which does no extraction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
