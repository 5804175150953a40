"""The tutorial notebook runs from top to bottom, in a kernel of this very environment."""

from __future__ import annotations

import json
import pathlib
import re
import sys

import geopandas
import nbformat
import pytest
from ipykernel.kernelspec import install as install_kernelspec
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

NOTEBOOK = pathlib.Path(__file__).parent.parent / "notebooks" / "quickstart.ipynb"


@pytest.fixture(scope="module")
def executed_notebook(tmp_path_factory):
    """The notebook run once, in a `python3` kernel of this interpreter found before any other one.

    CI has only the virtualenv: nothing may depend on a Jupyter kernel set up
    elsewhere (a user's ~/.local/share/jupyter or a system one).
    """
    tmp = tmp_path_factory.mktemp("notebook")
    prefix = tmp / "jupyter"
    spec_dir = pathlib.Path(install_kernelspec(kernel_name="python3", prefix=str(prefix)))
    assert json.loads((spec_dir / "kernel.json").read_text())["argv"][0] == sys.executable
    workdir = tmp / "work"
    workdir.mkdir()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        env.setenv("JUPYTER_RUNTIME_DIR", str(tmp / "runtime"))
        env.setenv("IPYTHONDIR", str(tmp / "ipython"))
        assert KernelSpecManager().get_kernel_spec("python3").argv[0] == sys.executable
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def outputs_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "".join(parts)


def test_the_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_the_notebook_runs_without_error_and_shows_the_map(executed_notebook):
    code_cells = [c for c in executed_notebook.cells if c.cell_type == "code"]
    for cell in code_cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors == [], f"{cell.source[:60]!r} raised {errors[0]['ename']}: {errors[0]['evalue']}"
        assert cell.execution_count is not None

    [map_cell] = [c for c in code_cells if "gi.render_map(" in c.source]
    assert map_cell.source.strip().splitlines()[-1].startswith("gi.render_map(")  # the last expression
    html = [o["data"]["text/html"] for o in map_cell.outputs if o.output_type == "execute_result" and "text/html" in o.get("data", {})]
    assert html, "the map cell has no HTML output"
    assert "<iframe" in html[0] and "leaflet" in html[0].lower()


def test_the_notebook_resolves_spellings_and_extracts_the_samples(executed_notebook):
    code_cells = [c for c in executed_notebook.cells if c.cell_type == "code"]
    resolved = next(outputs_text(c) for c in code_cells if "gaz.resolve(" in c.source)
    for spelling, place in (("Dayro Zcuro", "Deir ez-Zor"), ("Konoko", "Conoco gas field"), ("al-Bokamal", "Albu Kamal")):
        assert re.search(rf"{re.escape(spelling)}\s+{re.escape(place)}", resolved), resolved

    counted = next(outputs_text(c) for c in code_cells if "gi.extract_incidents(" in c.source)
    match = re.match(r"(\d+) incidents, (\d+) unplaced; CRS EPSG:4326", counted)
    assert match and int(match.group(1)) >= 5, counted


def test_the_notebook_saves_geojson_and_geopackage(executed_notebook):
    code_cells = [c for c in executed_notebook.cells if c.cell_type == "code"]
    saved = next(outputs_text(c) for c in code_cells if "gi.write_incidents(" in c.source)
    written = [pathlib.Path(p) for p in re.findall(r"^wrote (.+)$", saved, re.M)]
    assert [p.name for p in written] == ["incidents.geojson", "incidents.gpkg"]
    try:
        geojson, gpkg = (geopandas.read_file(p) for p in written)
        assert len(geojson) == len(gpkg) >= 5
        assert geojson["type"].tolist() == gpkg["type"].tolist()
    finally:
        for path in written:
            path.unlink(missing_ok=True)
        written[0].parent.rmdir()


def test_the_notebook_fuses_three_reports_and_compares_with_acled(executed_notebook):
    code_cells = [c for c in executed_notebook.cells if c.cell_type == "code"]
    fused = next(outputs_text(c) for c in code_cells if "gi.extract_events(reports)" in c.source)
    assert len([line for line in fused.splitlines() if "Hajin" in line]) == 1  # one event (pandas may wrap columns)
    assert re.search(r"drone_strike\s+Hajin\s+2021-03-02\s+2\s+3\b", fused), fused  # fatalities 2, fatalities_max 3
    assert re.search(r"\b3\s+International Coalition\s+ISIS", fused), fused  # three sources, actor1, actor2
    per_report = next(outputs_text(c) for c in code_cells if "per_report=True" in c.source)
    assert per_report.strip() == "3"
    compared = next(outputs_text(c) for c in code_cells if "gi.compare(" in c.source)
    assert compared.startswith("1 matched, 0 only ours (of 1), 0 only ACLED (of 1)")
