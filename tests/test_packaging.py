"""Packaging: a fresh install declares every folder it ships (no setuptools warnings)."""

from __future__ import annotations

import pathlib

from setuptools.config.setupcfg import read_configuration

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_every_folder_of_the_package_is_a_declared_package():
    # setuptools prints a 'Package would be ignored' warning for each folder it finds undeclared
    options = read_configuration(ROOT / "setup.cfg")["options"]
    folders = {
        ".".join(path.relative_to(ROOT).parts)
        for path in [ROOT / "geoincidents", *(ROOT / "geoincidents").rglob("*")]
        if path.is_dir() and path.name != "__pycache__" and any(p.is_file() for p in path.iterdir())
    }
    assert folders == set(options["packages"])
    assert set(options["package_data"]) == {"geoincidents.data", "geoincidents.data.basemap", "geoincidents.samples",
                                             "geoincidents.static", "geoincidents.extract.vocabulary"}
