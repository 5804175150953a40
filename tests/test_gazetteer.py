import pytest

from geoincidents.errors import GazetteerError
from geoincidents.gazetteer import Gazetteer, describe_gazetteer, write_sqlite

# Every spelling the seed reports use, and the GeoNames point it must land on (within 5 km).
SEED_SPELLINGS = {
    (35.33588, 40.14084): ["Dayro Zcuro", "Deir Ezzor", "Deir Ez-Zor", "Deir Ezzoro", "Deir ez-Zor"],
    (34.45226, 40.91854): ["al-Bukamal", "al-Bokamal", "al-Boukamal"],
    (36.50237, 40.74772): ["Hasaka", "Al-Hasakah"],
    (35.01982, 40.45154): ["al-Mayadin"],
    (34.69508, 40.83138): ["Hajin"],
}
NOT_PLACES = ["Syrian Democratic Forces", "Islamic State", "Rami Abdel Rahman", "Reuters",
              "Tuesday", "Coalition", "convoy", "yesterday", "militia", "Observatory"]


def km(a, b):
    from geoincidents.gazetteer import haversine_km
    return haversine_km(a[0], a[1], b[0], b[1])


@pytest.mark.parametrize("point, name", [(p, n) for p, names in SEED_SPELLINGS.items() for n in names])
def test_seed_spellings_resolve_to_the_right_place(shipped_gazetteer, point, name):
    m = shipped_gazetteer.resolve(name)
    assert m is not None, name
    assert km(point, (m.lat, m.lon)) < 5, (name, m)


@pytest.mark.parametrize("name", NOT_PLACES)
def test_names_that_are_not_places_are_rejected(shipped_gazetteer, name):
    assert shipped_gazetteer.resolve(name) is None


def test_match_keeps_score_spelling_and_alternatives(tiny_gazetteer):
    m = tiny_gazetteer.resolve("Deir Ezzoro")
    assert m.name == "Deir ez-Zor" and 0.8 <= m.score < 1
    assert m.to_dict()["id"] == "geonames:170794"
    exact = tiny_gazetteer.resolve("Dayro Zcuro")
    assert exact.score == 1.0 and exact.matched == "Dayro Zcuro"


def test_near_prefers_the_closer_of_two_namesakes():
    from geoincidents.gazetteer import Place
    gaz = Gazetteer([
        Place("a", "Al Qasr", 36.0, 40.8, "village", "SY", "Al-Hasakah", (), None, "test"),
        Place("b", "Al Qasr", 34.6, 36.5, "village", "SY", "Homs", (), None, "test"),
    ])
    assert gaz.resolve("al-Qasr", near=(36.5, 40.7)).id == "a"
    assert gaz.resolve("al-Qasr", near=(34.7, 36.7)).id == "b"
    first = gaz.lookup("al-Qasr", near=(36.5, 40.7), limit=2)
    assert [m.id for m in first] == ["a", "b"] and first[0].alternatives[0].id == "b"


def test_kind_words_in_the_query_choose_the_kind():
    from geoincidents.gazetteer import Place
    gaz = Gazetteer([
        Place("v", "Omar", 35.1, 40.5, "village", "SY", "", (), 900, "test"),
        Place("f", "Al-Omar oil field", 35.06, 40.55, "oil_field", "SY", "", ("al-Omar",), None, "test"),
    ])
    assert gaz.resolve("al-Omar oil field").id == "f"
    assert gaz.resolve("Omar", kind="village").id == "v"


def test_spot_finds_names_with_spans_and_skips_ordinary_words(shipped_gazetteer):
    text = "On Tuesday the Coalition and Iraqi forces shelled al-Bokamal, then moved to Deir ez-Zor."
    spots = shipped_gazetteer.spot(text)
    assert [s.mention for s in spots] == ["al-Bokamal", "Deir ez-Zor"]
    for s in spots:
        assert text[s.start:s.end] == s.mention
    assert spots[1].match.id == "geonames:170794"


def test_spot_does_not_take_a_persons_name_for_a_place(shipped_gazetteer):
    assert shipped_gazetteer.spot("Rami Abdel Rahman said so on Reuters in March.") == []


def test_sqlite_gazetteer_answers_like_the_memory_one(tmp_path, tiny_gazetteer):
    path = tmp_path / "tiny.sqlite"
    assert write_sqlite(tiny_gazetteer, path) == 4
    gaz = Gazetteer.open(path)
    for q in ("Deir Ezzoro", "al-Boukamal", "Hassake", "Hajin"):
        assert gaz.resolve(q).id == tiny_gazetteer.resolve(q).id
    assert [s.mention for s in gaz.spot("Clashes near Deir ez-Zor and Hasaka.")] == ["Deir ez-Zor", "Hasaka"]
    info = describe_gazetteer(gaz)
    assert info["format"] == "sqlite" and info["places"] == 4 and info["kinds"] == {"town": 2, "city": 2}


def _misspellings(names, n, seed=4):
    import random

    rng = random.Random(seed)
    out = []
    while len(out) < n:
        name = rng.choice(names)
        i = rng.randrange(1, len(name)) if len(name) > 1 else 0
        edit = rng.choice((name[:i] + name[i + 1:], name[:i] + rng.choice("aeiouhkqsz") + name[i:],
                           name[:i] + rng.choice("aeiouy") + name[i + 1:]))
        out.append(edit)
    return out


def test_sqlite_search_by_tiers_finds_the_best_answer_of_the_full_search(tmp_path, shipped_gazetteer):
    """The SQLite index reads the keys one letter away in sound only when they could beat the closer ones."""
    from geoincidents.gazetteer import _beyond_close, similarity
    from geoincidents.names import name_key, skeleton, sound_key

    path = tmp_path / "shipped.sqlite"
    write_sqlite(list(shipped_gazetteer), path)
    gaz = Gazetteer.open(path)
    queries = _misspellings([s for p in shipped_gazetteer for s in p.names], 400)
    for q in queries:
        for min_score in (None, 0.88):
            mem, sql = shipped_gazetteer.resolve(q, min_score=min_score), gaz.resolve(q, min_score=min_score)
            assert (mem and (mem.id, mem.score)) == (sql and (sql.id, sql.score)), q
        key = name_key(q)
        skel, sound = skeleton(key), sound_key(key)
        close, beyond = gaz._index.keys_near_tier(skel, 0), gaz._index.keys_near_tier(skel, 1)
        assert sorted(close[0] + beyond[0]) == sorted(gaz._index.keys_near(skel))
        bound = _beyond_close(key, sound)
        assert all(similarity(key, k, sound, s) <= bound for k, s in zip(*beyond)), q


def test_bad_gazetteer_files_give_clear_errors(tmp_path):
    with pytest.raises(GazetteerError, match="no such gazetteer file"):
        Gazetteer.open(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing column"):
        Gazetteer.open(bad)
    badnum = tmp_path / "badnum.csv"
    badnum.write_text("id,name,lat,lon\nx,Somewhere,north,40\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="badnum.csv:2: lat/lon must be numbers"):
        Gazetteer.from_csv(badnum, cache=False)


def test_every_shipped_place_has_a_source_and_sane_coordinates(shipped_gazetteer):
    for p in shipped_gazetteer:
        assert p.source, p
        assert 29 < p.lat < 38.5 and 34 < p.lon < 49, p
