"""geoincidents: conflict reports into maps.

The public API, for scripts and notebooks::

    import geoincidents as gi
    gaz = gi.Gazetteer.default()
    gaz.resolve("Dayro Zcuro")
    gdf = gi.extract_incidents(["report text", ...], published="2021-01-31")
    m = gi.render_map(gdf)

Heavy modules (geopandas, folium) load on first use, so that importing the
package and resolving a name stay fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> module that defines it; imported when first asked for.
_LAZY = {
    "Gazetteer": "gazetteer", "Match": "gazetteer", "Place": "gazetteer", "Spot": "gazetteer",
    "Document": "documents", "read_documents": "documents", "document_from_text": "documents",
    "Incident": "incidents",
    "extract_incidents": "batch", "iter_incidents": "batch",
    "incidents_to_geodataframe": "export", "write_incidents": "export",
    "render_map": "maps", "save_map": "maps",
    "build_gazetteer": "geonames",
    "read_acled": "acled",
    "fuse_incidents": "fusion", "extract_events": "fusion", "actor_roles": "roles", "compare": "comparison", "write_acled": "acled",
    "GeoIncidentsError": "errors", "GazetteerError": "errors", "DocumentError": "errors",
    "InputFormatError": "errors", "GeocoderError": "errors", "ExportError": "errors",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geoincidents' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
