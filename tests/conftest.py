"""Fixtures shared by the test modules, named by the data they serve."""

from __future__ import annotations

import pytest

from geoincidents.gazetteer import Gazetteer, Place


@pytest.fixture(scope="session")
def shipped_gazetteer() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="session")
def tiny_gazetteer() -> Gazetteer:
    """A handful of places with real coordinates (GeoNames), enough to test ranking."""
    return Gazetteer([
        Place("geonames:170794", "Deir ez-Zor", 35.33588, 40.14084, "city", "SY", "Deir ez-Zor",
              ("Deir Ezzor", "Dayro Zcuro", "Dair al-Zour"), 271800, "geonames:170794"),
        Place("geonames:174448", "Albu Kamal", 34.45226, 40.91854, "town", "SY", "Deir ez-Zor",
              ("Al-Bukamal", "Abu Kamal"), 57572, "geonames:174448"),
        Place("geonames:174506", "Hajin", 34.69508, 40.83138, "town", "SY", "Deir ez-Zor", (), 29237, "geonames:174506"),
        Place("geonames:173811", "Al Hasakah", 36.50237, 40.74772, "city", "SY", "Al-Hasakah",
              ("Hasaka", "Hassakeh"), 422445, "geonames:173811"),
    ], source="tiny")
