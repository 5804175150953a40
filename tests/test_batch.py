"""The batch: many documents, bad ones skipped, worker processes, the Python API's inputs.

Reports are the project's fixtures (tests/data/reports, tests/data/documents);
corpora are written in tmp_path from sentences of our own.
"""

from __future__ import annotations

import json
import pathlib
import warnings

import pytest

import geoincidents as gi
from geoincidents.batch import Summary, iter_incidents
from geoincidents.errors import DocumentError

REPORTS = pathlib.Path(__file__).parent / "data" / "reports"
DOCUMENTS = pathlib.Path(__file__).parent / "data" / "documents"

SENTENCES = [
    "Warplanes struck Hajin on Monday, killing {n} people.",
    "Shelling hit the outskirts of Albu Kamal on Sunday, wounding {n} civilians.",
    "Security forces arrested {n} men in a raid on Thiban yesterday.",
    "Clashes broke out between the SDF and gunmen in Diban on Tuesday; {n} fighters were killed.",
]


def corpus_rows(count: int) -> list[dict]:
    """Generated reports, each with two incidents, dated one day apart."""
    return [
        {"id": f"r{n}", "published": f"2021-07-{n % 27 + 1:02d}",
         "text": SENTENCES[n % 4].format(n=n % 9 + 2) + "\n\n" + SENTENCES[(n + 1) % 4].format(n=n % 5 + 2)}
        for n in range(count)
    ]


def test_a_path_object_is_read_as_a_path():
    gdf = gi.extract_incidents(REPORTS / "euphrates_night.txt", published="2022-03-09")
    assert sorted(gdf["type"]) == ["arrest", "drone_strike", "shelling"]
    gdf = gi.extract_incidents([REPORTS / "euphrates_night.txt"], published="2022-03-09")
    assert len(gdf) == 3


@pytest.mark.parametrize("mistyped", ["reprots/euphrates_night.txt", "tests/data/reports/nowhere", "euphrates_nigth.txt"])
def test_a_mistyped_path_is_an_error_not_an_empty_result(mistyped):
    with pytest.raises(DocumentError, match="no such file"):
        gi.extract_incidents(mistyped)


def test_text_between_255_bytes_and_260_characters_is_text():  # D13
    text = "Warplanes struck Hajin on Monday, killing 3 people. " + "قصف " * 40
    assert len(text) <= 260 < len(text.encode("utf-8"))
    gdf = gi.extract_incidents([text], published="2021-07-14")
    assert gdf["type"].tolist() == ["air_strike"]


def test_a_bad_document_is_a_warning_in_the_api_and_an_error_when_strict(tmp_path):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(bytes(range(256)))
    with pytest.warns(UserWarning, match="binary.txt: contains NUL bytes"):
        gdf = gi.extract_incidents([bad, REPORTS / "euphrates_night.txt"], published="2022-03-09")
    assert len(gdf) == 3
    with pytest.raises(DocumentError, match="NUL bytes"):
        gi.extract_incidents([bad, REPORTS / "euphrates_night.txt"], strict=True)


def test_summary_counts_skipped_documents(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [json.dumps(r) for r in corpus_rows(3)]
    corpus.write_text("\n".join([rows[0], '{"text": "broken', rows[1], "[1, 2]", rows[2]]) + "\n", encoding="utf-8")
    summary = Summary()
    found = list(iter_incidents([corpus], summary=summary))
    assert summary.documents == 3 and len(summary.skipped) == 2
    assert summary.line().startswith("3 documents, 2 skipped, 6 incidents (")
    assert {i.doc for i in found} == {"r0", "r1", "r2"}


@pytest.mark.parametrize("published, precision", [("2021-07", 3), ("2021", 3), ("2021-07-14", 1)])
def test_a_partial_publication_date_makes_relative_dates_that_precise(tmp_path, published, precision):
    report = tmp_path / "report.txt"
    report.write_text("Warplanes struck Hajin yesterday, killing 3 people.\n\n"
                      "Shelling hit Albu Kamal on 9 July 2021, wounding two civilians.", encoding="utf-8")
    (tmp_path / "report.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    gdf = gi.extract_incidents(report)
    by_type = dict(zip(gdf["type"], gdf["time_precision"]))
    assert by_type["air_strike"] == precision  # "yesterday" is only as exact as the publication date
    assert by_type["shelling"] == 1  # a full date in the text stays a day


def test_two_worker_processes_give_the_same_incidents_in_the_same_order(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in corpus_rows(40)) + "\n", encoding="utf-8")
    inputs = [corpus, REPORTS / "euphrates_night.txt", DOCUMENTS / "convoy_report.txt"]
    one, two = Summary(), Summary()
    serial = list(iter_incidents(inputs, summary=one, jobs=1))
    parallel = list(iter_incidents(inputs, summary=two, jobs=2))
    assert len(serial) >= 80
    assert [i.id for i in parallel] == [i.id for i in serial]
    assert parallel == serial
    assert two.line() == one.line()


def test_worker_processes_take_a_gazetteer_object(tiny_gazetteer):
    found = list(iter_incidents(["Shelling hit Hajin on Monday."] * 20, published="2021-07-14",
                                gazetteer=tiny_gazetteer, jobs=2))
    assert [i.place for i in found] == ["Hajin"] * 20


def test_worker_processes_skip_bad_documents_like_one_process(tmp_path):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00" * 100)
    skipped: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = list(iter_incidents([REPORTS / "euphrates_night.txt", bad], jobs=2, on_skip=skipped.append))
    assert len(found) == 3 and len(skipped) == 1 and "binary.txt" in skipped[0]
