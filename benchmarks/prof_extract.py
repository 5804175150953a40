#!/usr/bin/env python3
"""Profile ``incidents_from_document`` on the generated reports of bench_extract.py (or on files).

    .venv/bin/python benchmarks/prof_extract.py [--reports 200] [--sort tottime] [FILES...]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from bench_extract import make_reports  # noqa: E402

from geoincidents.documents import document_from_text, read_documents  # noqa: E402
from geoincidents.extract import incidents_from_document  # noqa: E402
from geoincidents.gazetteer import Gazetteer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-profile", action="store_true")
    args = ap.parse_args()
    gaz = Gazetteer.default()
    if args.files:
        docs = list(read_documents(args.files)) * args.repeat
    else:
        docs = [document_from_text(t, id=f"r{n}.txt", published="2021-01-31") for n, t in enumerate(make_reports(gaz, args.reports))]
    for d in docs[:20]:
        incidents_from_document(d, gaz)
    if args.no_profile:
        t = time.process_time()
        for d in docs:
            incidents_from_document(d, gaz)
        dt = time.process_time() - t
        print(f"{len(docs)} docs in {dt:.2f}s CPU: {len(docs) / dt:.1f} docs/s")
        return 0
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        incidents_from_document(d, gaz)
    prof.disable()
    pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
