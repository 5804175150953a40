import pytest

from geoincidents.gazetteer import haversine_km
from geoincidents.locate import Relation, locate, relation_around

DEZ = (35.33588, 40.14084)


def rel(text, name):
    start = text.index(name)
    return relation_around(text, start, start + len(name))


@pytest.mark.parametrize("text, name, area, bearing, km", [
    ("on the outskirts of al-Bukamal", "al-Bukamal", "outskirts", None, None),
    ("in the eastern countryside of Deir ez-Zor", "Deir ez-Zor", "countryside", 90, None),
    ("northeast of Dayro Zcuro", "Dayro Zcuro", None, 45, None),
    ("more than 65 Km away from al-Bokamal city", "al-Bokamal", None, None, 65.0),
    ("in the desert of al-Mayadin", "al-Mayadin", "desert", None, None),
    ("in the Dayro Zcuro countryside", "Dayro Zcuro", "countryside", None, None),
    ("al-Qasr village, southern Hasaka province", "Hasaka", "province", 180, None),
    ("in Hajin", "Hajin", None, None, None),
])
def test_relations_read_from_the_words_around_a_place(text, name, area, bearing, km):
    r = rel(text, name)
    assert (r.area, r.bearing, r.distance_km) == (area, bearing, km)


def test_the_place_itself_is_precision_one():
    loc = locate(*DEZ, "city")
    assert (loc.lat, loc.lon, loc.geo_precision) == (*DEZ, 1)


def test_a_bearing_moves_the_point_that_way():
    loc = locate(*DEZ, "city", Relation(bearing=45))
    assert loc.geo_precision == 2
    assert loc.lat > DEZ[0] and loc.lon > DEZ[1]
    assert haversine_km(*DEZ, loc.lat, loc.lon) == pytest.approx(16, abs=1)


def test_a_distance_without_a_bearing_becomes_the_radius():
    loc = locate(34.45226, 40.91854, "town", Relation(distance_km=65))
    assert loc.geo_precision == 2 and loc.uncertainty_km >= 65


def test_a_distance_with_a_bearing_is_travelled():
    loc = locate(34.45226, 40.91854, "town", Relation(distance_km=65, bearing=270))
    assert haversine_km(34.45226, 40.91854, loc.lat, loc.lon) == pytest.approx(65, abs=0.5)


def test_province_context_is_precision_three():
    assert locate(*DEZ, "city", Relation(area="province")).geo_precision == 3
