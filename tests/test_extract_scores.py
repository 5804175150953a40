"""Extraction scored against gold with the shared scorer, against a floor: the devset (``benchmarks/devset``) and the development splits of the real reports (``/work/realdev4``, outside the project).

A floor just under today's figures, so that a lost rule (a phrase deleted
from a vocabulary, a broken merge) turns the suite red. The scorer lives
outside the project (``/work/shared/eval/score.py``): the test is skipped,
saying so, where it is absent.
"""

from __future__ import annotations

import glob
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoincidents.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path("/work/shared/eval/score.py")
DEVSET = ROOT / "benchmarks" / "devset"

# devset figures at issue 7's close (recall 0.90, precision 0.936, location 0.98, counts 0.90, dates 0.95, 0 negatives), less a margin
DEVSET_FLOOR = {"recall": 0.88, "precision": 0.91, "location_accuracy": 0.96, "count_accuracy": 0.87, "date_accuracy": 0.93}


def _scorer():
    if not SCORER.is_file():
        pytest.skip(f"the shared scorer {SCORER} is absent (it lives outside the project)")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _scored(paths: list[str], gold: Path, negatives: Path, tmp_path) -> dict:
    score = _scorer()
    out = tmp_path / "incidents.geojson"
    result = CliRunner().invoke(cli, ["extract", *paths, "-q", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    return score.score(features, _jsonl(gold), _jsonl(negatives))


def test_devset_scores_stay_above_the_floor(tmp_path):
    res = _scored(sorted(glob.glob(str(DEVSET / "reports" / "*"))), DEVSET / "gold.jsonl", DEVSET / "negatives.jsonl", tmp_path)
    below = {k: (res[k], floor) for k, floor in DEVSET_FLOOR.items() if res[k] < floor}
    assert not below, f"devset below its floor (score, floor): {below}"
    assert res["negatives_violated"] == 0, res["violations"]


# The real reports with blind gold the lead keeps outside the project (/work/realdev4, never copied in): only
# the development splits are read here, never a hold-out. Floors just under the figures after tuning on them
# (issue 7, second pass); the first sets (/work/realdev3) were lost with their machine.
REALDEV = Path("/work/realdev4")
REALDEV_FLOOR = {
    "dev8": {"recall": 0.88, "precision": 0.85, "location_accuracy": 0.70, "count_accuracy": 0.82, "date_accuracy": 0.97},
    "dev9": {"recall": 0.90, "precision": 0.77, "location_accuracy": 0.94, "count_accuracy": 0.68, "date_accuracy": 0.82},
    "dev10": {"recall": 0.88, "precision": 0.91, "location_accuracy": 0.82, "count_accuracy": 0.68, "date_accuracy": 0.64},
    "dev11": {"recall": 0.76, "precision": 0.70, "location_accuracy": 0.94, "count_accuracy": 0.78, "date_accuracy": 0.73},
    "dev12": {"recall": 0.77, "precision": 0.72, "location_accuracy": 0.80, "count_accuracy": 0.68, "date_accuracy": 0.47},
}
REALDEV_NEGATIVES = {"dev8": 3, "dev9": 1, "dev10": 8, "dev11": 7, "dev12": 0}


def _realdev_document(path: Path):
    """A report and its sidecar; a month-only date ("2024-07") is read as the documents module does: the
    15th, at month precision."""
    import re

    from geoincidents.documents import document_from_text

    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8")) if path.with_suffix(".meta.json").exists() else {}
    published = meta.get("published")
    month = re.fullmatch(r"(\d{4})-(\d\d)", published or "")
    doc = document_from_text(path.read_text(encoding="utf-8"), id=path.name,
                             published=f"{month[1]}-{month[2]}-15" if month else published)
    if month and getattr(doc, "published_precision", None) != 3:
        object.__setattr__(doc, "published_precision", 3)
    return doc


@pytest.mark.parametrize("split", sorted(REALDEV_FLOOR))
def test_real_reports_score_above_the_floor(split):
    from geoincidents.export import feature_collection
    from geoincidents.extract import incidents_from_document

    folder = REALDEV / split
    if not (folder / "gold.jsonl").is_file():
        pytest.skip(f"{folder} is absent (real reports live outside the project)")
    score = _scorer()
    found = [i for p in sorted((folder / "articles").glob("*.txt")) for i in incidents_from_document(_realdev_document(p))]
    res = score.score(feature_collection(found)["features"], _jsonl(folder / "gold.jsonl"), _jsonl(folder / "negatives.jsonl"))
    below = {k: (res[k], floor) for k, floor in REALDEV_FLOOR[split].items() if res[k] < floor}
    assert not below, f"realdev {split} below its floor (score, floor): {below}"
    assert res["negatives_violated"] <= REALDEV_NEGATIVES[split], res["violations"]
