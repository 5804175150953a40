"""The Dask path: a corpus on a LocalCluster (2 worker processes on 127.0.0.1) gives the single-process incidents."""

from __future__ import annotations

import json
import pathlib

import geopandas
import pandas as pd
import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from geoincidents.batch import Summary, iter_incidents  # noqa: E402
from geoincidents.distributed import extract_to_parquet  # noqa: E402
from geoincidents.errors import GeoIncidentsError  # noqa: E402
from geoincidents.export import incidents_to_geodataframe  # noqa: E402

from test_batch import REPORTS, corpus_rows  # noqa: E402  (tests/ is on sys.path)


@pytest.fixture(scope="module")
def local_client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def path_corpus(tmp_path) -> pathlib.Path:
    """A folder: a JSONL dump of 60 reports with one broken line, and two report files."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [json.dumps(r) for r in corpus_rows(60)]
    lines.insert(17, '{"text": "broken')
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("euphrates_night.txt", "unlisted_village.txt"):
        (folder / name).write_text((REPORTS / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_local_cluster_gives_the_single_process_incidents(local_client, path_corpus, tmp_path):
    out = tmp_path / "incidents.parquet"
    # small blocks: the JSONL is split over several partitions, numbered as one file
    summary = extract_to_parquet(path_corpus, out, local_client, published="2022-03-09", blocksize=2000)
    assert len(list(out.glob("part.*.parquet"))) >= 4

    single = Summary()
    expected = incidents_to_geodataframe(list(iter_incidents([path_corpus], published="2022-03-09", summary=single)))
    assert summary.line() == single.line()
    assert summary.line().startswith("62 documents, 1 skipped, ")
    assert "dump.jsonl: line 18 is not valid JSON" in summary.skipped[0]

    back = geopandas.read_parquet(out)
    assert back.crs.to_epsg() == 4326
    assert back["id"].tolist() == expected["id"].tolist()
    assert back["doc"].tolist() == expected["doc"].tolist()
    for col in ("type", "place", "fatalities", "date", "time_precision"):
        pd.testing.assert_series_equal(back[col].reset_index(drop=True), expected[col].reset_index(drop=True),
                                       check_dtype=False, check_names=False)
    assert back.geometry.equals(expected.geometry)

    dask_geopandas = pytest.importorskip("dask_geopandas")
    assert len(dask_geopandas.read_parquet(out).compute()) == len(expected)


def test_the_output_folder_must_be_new_or_empty(tmp_path, path_corpus):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x").write_text("mine")
    with pytest.raises(GeoIncidentsError, match="not an empty folder"):
        extract_to_parquet(path_corpus, tmp_path / "out")
