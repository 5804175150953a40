"""The whole job on the sample reports shipped with the package.

The samples in ``geoincidents/samples/`` were written for the project: they
state facts like those of real reports, in their own words, with the usual
web clutter (a saved page with a script and a cookie banner, a comment form)
and the hard cases (a dead man's home village, a denied report, an aggregate
toll, a place the gazetteer lacks).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["sample_paths", "run_demo"]


def sample_paths() -> list[Path]:
    """The sample report files (not their .meta.json sidecars)."""
    folder = resources.files("geoincidents") / "samples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".txt", ".html")))


def run_demo(out_dir: str | Path = "outputs", gazetteer=None) -> dict:
    """Extract the samples, write GeoJSON, GeoPackage, CSV and an offline HTML map.

    Returns the paths written and the extraction summary.

    Example
    -------
    >>> result = run_demo("/tmp/gi-demo")    # doctest: +SKIP
    >>> sorted(result["files"])              # doctest: +SKIP
    ['csv', 'geojson', 'gpkg', 'html']
    """
    from .export import incidents_to_geodataframe, write_incidents
    from .batch import Summary, iter_incidents
    from .errors import ExportError
    from .maps import save_map

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{out}: cannot make the folder ({e.strerror or e}); choose another with -o") from None
    summary = Summary()
    incidents = list(iter_incidents([str(p) for p in sample_paths()], gazetteer=gazetteer, summary=summary))
    gdf = incidents_to_geodataframe(incidents)
    files = {
        "geojson": write_incidents(incidents, out / "incidents.geojson"),
        "gpkg": write_incidents(gdf, out / "incidents.gpkg"),
        "csv": write_incidents(gdf, out / "incidents.csv"),
        "html": save_map(gdf, out / "incidents_map.html", offline=True, title="geoincidents demo: sample reports"),
    }
    return {"files": files, "summary": summary}
