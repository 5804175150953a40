#!/usr/bin/env python3
"""Extraction speed per byte, side by side: this checkout against another one, and against spaCy's small NER.

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_speed.py [--reports 400] [--against OTHER_CHECKOUT]
        [--spacy-python /path/to/venv/bin/python [--spacy-model en_core_web_sm]] [FILES...]

The text is the generated 5 KB reports of ``bench_extract.py`` (fixed seed), or
FILES (real reports, for instance). Each contender runs in a child process of
its own on the same text, in alternating rounds, and reports the CPU time of
``clean + spot + extract`` (geoincidents) or of ``nlp.pipe`` (spaCy), after a
warm-up; the best round of each counts. Ratios, not seconds, are the result:
the machine is shared and its speed moves between runs.

``--against DIR`` times another checkout of geoincidents (``git worktree add
DIR REF``) with this interpreter, so that a change is measured against the
code before it. spaCy is not a dependency of the project: give the Python of
a virtualenv that has spaCy and a small English model. The model runs with
only what its NER needs (``tok2vec`` and ``ner``); ``--spacy-full`` keeps the
whole pipeline (tagger, parser, lemmatiser), as ``spacy.load`` would.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

GEOINCIDENTS_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from geoincidents.documents import document_from_text
from geoincidents.extract import incidents_from_document
from geoincidents.gazetteer import Gazetteer
texts = json.load(open(sys.argv[2], encoding="utf-8"))
gaz = Gazetteer.default()
def run(batch):
    found = 0
    for n, text in enumerate(batch):
        found += len(incidents_from_document(document_from_text(text, id=f"r{n}.txt", published="2021-01-31"), gaz))
    return found
run(texts[:20])
start = time.process_time()
found = run(texts)
print(json.dumps({"seconds": time.process_time() - start, "found": found}))
"""

SPACY_CHILD = r"""
import json, sys, time, importlib
import spacy
texts = json.load(open(sys.argv[2], encoding="utf-8"))
name, full = sys.argv[1], sys.argv[3] == "full"
try:
    nlp = spacy.load(name)
except OSError:
    nlp = importlib.import_module(name).load()
if not full:
    nlp.select_pipes(enable=[p for p in ("tok2vec", "ner") if p in nlp.pipe_names])
list(nlp.pipe(texts[:20]))
start = time.process_time()
found = sum(len(doc.ents) for doc in nlp.pipe(texts))
print(json.dumps({"seconds": time.process_time() - start, "found": found}))
"""


def _child(cmd: list[str]) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"bench_speed: {' '.join(cmd[:3])} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _texts(files: list[str], reports: int) -> list[str]:
    if files:
        from geoincidents.documents import read_documents

        return [d.text for d in read_documents(files)]
    from bench_extract import make_reports
    from geoincidents.gazetteer import Gazetteer

    return make_reports(Gazetteer.default(), reports)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="report files (default: generated reports)")
    ap.add_argument("--reports", type=int, default=400, help="generated reports, when no FILES are given")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", metavar="DIR", help="another checkout of geoincidents to time side by side")
    ap.add_argument("--spacy-python", metavar="PY", help="a Python that has spaCy and the model")
    ap.add_argument("--spacy-model", default="en_core_web_sm")
    ap.add_argument("--spacy-full", action="store_true", help="time the model's whole pipeline, not only its NER")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    texts = _texts(args.files, args.reports)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(texts, fh)
    contenders = {"this checkout": [sys.executable, "-c", GEOINCIDENTS_CHILD, str(ROOT), fh.name]}
    if args.against:
        contenders[f"--against {args.against}"] = [sys.executable, "-c", GEOINCIDENTS_CHILD, str(Path(args.against).resolve()), fh.name]
    if args.spacy_python:
        label = f"spaCy {args.spacy_model} ({'full pipeline' if args.spacy_full else 'tok2vec+ner'})"
        contenders[label] = [args.spacy_python, "-c", SPACY_CHILD, args.spacy_model, fh.name, "full" if args.spacy_full else "ner"]
    best: dict[str, dict] = {}
    try:
        for n in range(args.rounds):
            for label, cmd in contenders.items():
                result = _child(cmd)
                print(f"round {n + 1}: {label}: {result['seconds']:.2f} s CPU", file=sys.stderr)
                if label not in best or result["seconds"] < best[label]["seconds"]:
                    best[label] = result
    finally:
        Path(fh.name).unlink()
    print(f"{len(texts)} reports, {megabytes:.2f} MB; best of {args.rounds} rounds, CPU time")
    print(f"{'contender':<48}{'MB/s':>8}{'found':>9}{'ratio':>8}")
    ours = megabytes / best["this checkout"]["seconds"]
    for label, result in best.items():
        rate = megabytes / result["seconds"]
        print(f"{label:<48}{rate:>8.3f}{result['found']:>9}{ours / rate:>7.2f}x")
    print("ratio: this checkout's MB/s over each contender's (above 1: this checkout is faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
