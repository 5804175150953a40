"""How fast and how right name resolution is, against the naive approach, side by side.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_resolve.py            # or: make bench
    .venv/bin/python benchmarks/bench_resolve.py --million 0  # skip the generated million

It measures, in one run:

(a) on the shipped gazetteer: ``Gazetteer.resolve`` against what a user
    would write first, rapidfuzz's ``process.extractOne(query, all_names,
    scorer=fuzz.WRatio)`` over every spelling, in names per second; the share
    of variant spellings each puts within 5 km of the right place; the share
    of ordinary news words each rejects;
(b) the same on a generated gazetteer of a million names in SQLite (built
    once into ``benchmarks/.cache/``), with the time to open it;
(c) ``Gazetteer.spot`` on generated 5 KB reports, in MB/s and reports/s;
(d) the start-up of ``geoincidents resolve Hajin`` (median of 10 runs) and
    whether it imports geopandas or folium.

Every query is computed, none remembered: the resolve cache is emptied
before each one. What is remembered across queries is what a running process
keeps of the gazetteer side (the sound keys of its names, the candidate keys
of a skeleton): a warm-up pass over other variant spellings fills those first,
as the first reports of a corpus would. Rates are in CPU seconds
(``time.process_time``), so that other work on a shared machine does not count.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from geoincidents import names as names_module
from geoincidents.gazetteer import Gazetteer, Place, haversine_km, write_sqlite

HERE = Path(__file__).parent
CACHE = HERE / ".cache"
NAIVE_CUTOFF = 85  # a WRatio a user would pick: below it, "no match"
TARGETS = {"shipped": 20_000, "million": 1_000, "startup": 0.5}

# ---------------------------------------------------------------------------
# Variant spellings, the way the press and transliteration make them


def _swap(pairs):
    def apply(name: str, rng: random.Random) -> str | None:
        options = [(a, b) for a, b in pairs if a in name]
        if not options:
            return None
        a, b = rng.choice(options)
        spots = [m.start() for m in re.finditer(re.escape(a), name)]
        i = rng.choice(spots)
        return name[:i] + b + name[i + len(a):]
    return apply


def _article(name: str, rng: random.Random) -> str | None:
    m = re.match(r"(?i)(al|el|ad|as|ash|ar|az|an|at)[- ]", name)
    if m:
        return name[m.end():]
    return rng.choice(("al-", "Al ", "el-")) + name


def _doubled(name: str, rng: random.Random) -> str | None:
    doubles = [m.start() for m in re.finditer(r"([b-df-hj-np-tv-z])\1", name)]
    if doubles and rng.random() < 0.5:
        i = rng.choice(doubles)
        return name[:i] + name[i + 1:]
    singles = [i for i in range(1, len(name) - 1) if name[i] in "bdfhjklmnrstyz" and name[i - 1] != name[i]]
    if not singles:
        return None
    i = rng.choice(singles)
    return name[:i] + name[i] + name[i:]


def _ending(name: str, rng: random.Random) -> str | None:
    for a, choices in (("ah", ("a", "eh")), ("eh", ("ah", "a")), ("a", ("ah", "eh"))):
        if name.endswith(a):
            return name[: -len(a)] + rng.choice(choices)
    return None


def _letter_edit(name: str, rng: random.Random) -> str | None:
    """A typo inside the longest word, past its first letter: "al-Bukamal" -> "al-Bukamel"."""
    word = max(re.finditer(r"[A-Za-z]+", name), key=lambda m: len(m.group(0)))
    if len(word.group(0)) < 6:
        return None  # one letter of a short name is another name
    i = rng.randrange(word.start() + 1, word.end())
    c = rng.choice("abdehiklmnorstuy")
    return rng.choice((name[:i] + c + name[i + 1:], name[:i] + name[i + 1:], name[:i] + c + name[i:]))


VARIANTS = {
    "ou/u/o": _swap([("ou", "u"), ("u", "ou"), ("o", "u"), ("u", "o"), ("o", "ou")]),
    "ee/i": _swap([("ee", "i"), ("i", "ee"), ("ei", "ey"), ("ay", "ai")]),
    "q/k/g": _swap([("q", "k"), ("k", "q"), ("q", "g"), ("g", "q"), ("kh", "x")]),
    "dh/z": _swap([("dh", "z"), ("z", "dh"), ("th", "s"), ("dh", "d")]),
    "al-": _article,
    "double": _doubled,
    "-ah/-a/-eh": _ending,
    "letter edit": _letter_edit,
}


def variant_of(name: str, rng: random.Random) -> str | None:
    """``name`` spelled differently by one or two of VARIANTS, or None when none applies."""
    out = name
    for kind in rng.sample(list(VARIANTS), k=rng.choice((1, 1, 2))):
        changed = VARIANTS[kind](out, rng)
        if changed:
            out = changed
    return out if out != name else None


def query_set(places: list[Place], n: int, seed: int = 11) -> list[tuple[str, Place]]:
    """(variant spelling, the place it means) for n places drawn at random."""
    rng = random.Random(seed)
    latin = [(p, s) for p in places for s in p.names if re.fullmatch(r"[A-Za-z][A-Za-z '\-]{2,}", s)]
    out = []
    while len(out) < n:
        place, spelling = rng.choice(latin)
        v = variant_of(spelling, rng)
        if v:
            out.append((v, place))
    return out


# Ordinary words of news reports, capitalised as in a headline: none is a place.
NEWS_WORDS = """
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Government Ministry Minister President Parliament Election
Coalition Observatory Reuters Agence Associated Press Spokesman Statement Official Officials Sources
Forces Army Militia Fighters Soldiers Police Security Intelligence Commander General Colonel Captain
Democratic Syrian Kurdish Arab Iraqi Turkish Iranian Russian American British French Islamic State
Regime Opposition Rebels Insurgents Jihadists Cells Attack Attacks Strike Strikes Airstrike Drone Drones
Shelling Rockets Missiles Mortar Artillery Explosion Bombing Landmine Ambush Raid Raids Arrest Arrests
Detained Prisoners Hostages Convoy Trucks Vehicles Tanks Reinforcements Patrol Checkpoint Headquarters
Killed Wounded Injured Casualties Civilians Children Women Families Residents Displaced Refugees
Humanitarian Aid Hospital Clinic School Mosque Church Market Bakery Bridge Road Highway Border Crossing
Oil Gas Water Electricity Wheat Harvest Drought Prices Salaries Currency Economy Sanctions Trade
Negotiations Agreement Ceasefire Truce Talks Summit Conference Meeting Delegation Envoy Mission
Investigation Report Reports Footage Video Photos Activists Journalists Media Channel Network Website
Tribe Tribal Clan Elders Sheikh Council Committee Administration Autonomous Municipality Governor
Morning Evening Night Dawn Afternoon Weekend Yesterday Today Tomorrow Recently Earlier Later Meanwhile
However Moreover Furthermore According Reportedly Allegedly Separately Additionally Nevertheless
Operation Campaign Offensive Withdrawal Deployment Exercise Training Drill Manoeuvres Surveillance
Smuggling Weapons Ammunition Explosives Cigarettes Drugs Captagon Kidnapping Assassination Execution
Protest Demonstration Strike Curfew Lockdown Vaccination Pandemic Cholera Outbreak Flood Fire Earthquake
Rami Abdel Rahman Mazloum Abdi Bashar Assad Erdogan Biden Putin Guterres
""".split()


# ---------------------------------------------------------------------------
# The two ways to resolve


def clear_caches(gaz: Gazetteer) -> None:
    """A gazetteer as just opened: nothing remembered of earlier queries."""
    gaz._lookup_cache.clear()
    gaz._token_cache.clear()
    getattr(gaz, "_near_cache", {}).clear()
    for f in (names_module.fold, names_module.token_key, names_module.sound_key):
        f.cache_clear()


def ours(gaz: Gazetteer, queries: list[str]) -> tuple[list, float]:
    """Our answers (a Place or None) to each query, and the CPU seconds they took."""
    cache = gaz._lookup_cache
    out = []
    started = time.process_time()
    for q in queries:
        cache.clear()  # every query computed, none remembered
        m = gaz.resolve(q)
        out.append(m.place if m else None)
    return out, time.process_time() - started


def naive(all_names: list[str], owners: list, queries: list[str]) -> tuple[list, float]:
    """What a user would write first: the best WRatio over every spelling."""
    out = []
    started = time.process_time()
    for q in queries:
        best = process.extractOne(q, all_names, scorer=fuzz.WRatio, processor=utils.default_process,
                                  score_cutoff=NAIVE_CUTOFF)
        out.append(owners[best[2]] if best else None)
    return out, time.process_time() - started


def accuracy(answers: list, truth: list[Place]) -> float:
    """Share of answers within 5 km of the place the query means."""
    right = sum(1 for a, t in zip(answers, truth) if a is not None and haversine_km(a.lat, a.lon, t.lat, t.lon) <= 5)
    return right / len(truth)


def rejected(answers: list) -> float:
    return sum(a is None for a in answers) / len(answers)


# ---------------------------------------------------------------------------
# (a) the shipped gazetteer


def bench_shipped(n_queries: int) -> dict:
    gaz = Gazetteer.default()
    places = list(gaz)
    pairs = query_set(places, n_queries)
    queries, truth = [q for q, _ in pairs], [p for _, p in pairs]
    all_names, owners = [], []
    for p in places:
        for s in p.names:
            all_names.append(s)
            owners.append(p)

    ours(gaz, [q for q, _ in query_set(places, n_queries, seed=12)])  # warm-up
    ours_found, ours_s = ours(gaz, queries)
    # A shared machine's noise: the median of five runs on fresh variant sets.
    ours_s = statistics.median([ours_s] + [ours(gaz, [q for q, _ in query_set(places, n_queries, seed=20 + r)])[1]
                                           for r in range(4)])
    known = [s for p in places for s in p.names][:n_queries]
    _, known_s = ours(gaz, known)
    ours_words, ours_ws = ours(gaz, NEWS_WORDS)
    naive_found, naive_s = naive(all_names, owners, queries)
    naive_words, naive_ws = naive(all_names, owners, NEWS_WORDS)
    n = len(queries) + len(NEWS_WORDS)
    misses = [(q, t.name) for q, t, a in zip(queries, truth, ours_found)
              if a is None or haversine_km(a.lat, a.lon, t.lat, t.lon) > 5]
    return {
        "places": len(places), "names": len(all_names), "queries": len(queries),
        "ours_rate": n / (ours_s + ours_ws), "naive_rate": n / (naive_s + naive_ws),
        "known_rate": len(known) / known_s, "known": len(known),
        "ours_acc": accuracy(ours_found, truth), "naive_acc": accuracy(naive_found, truth),
        "ours_reject": rejected(ours_words), "naive_reject": rejected(naive_words),
        "ours_false": [w for w, a in zip(NEWS_WORDS, ours_words) if a is not None],
        "misses": misses[:12],
    }


# ---------------------------------------------------------------------------
# (b) a million generated names

_CONSONANTS = "b t th j h kh d dh r z s sh f q k l m n w y gh".split()
_VOWELS = ["a", "i", "u", "aa", "ee", "ou", "o", "e", "ay"]
_PREFIXES = [""] * 6 + ["Tal ", "Deir ", "Ain ", "Kafr ", "Abu ", "Umm ", "Khirbet ", "Bir ", "Jabal ", "Qasr ",
                        "Hawijat ", "Mazraat "]
_SUFFIXES = ["", "", "iyah", "ah", "an", "i", "at", "ani", "ein"]


def synthetic_name(rng: random.Random) -> str:
    """An Arabic-like place name: optional generic prefix and article, two or three syllables."""
    root = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.choice((2, 2, 3))))
    word = (root + rng.choice(_CONSONANTS) + rng.choice(_SUFFIXES)).capitalize()
    if rng.random() < 0.4:
        word = "al-" + word
    return rng.choice(_PREFIXES) + word


def synthetic_places(n_names: int, seed: int = 7):
    """Places whose names and alternative spellings add up to ``n_names``; random points in the region."""
    rng = random.Random(seed)
    made, i = 0, 0
    while made < n_names:
        alts = (synthetic_name(rng),) if rng.random() < 0.25 and made + 2 <= n_names else ()
        yield Place(f"synthetic:{i}", synthetic_name(rng), round(rng.uniform(29, 42), 5), round(rng.uniform(35, 48), 5),
                    "village", "SY", "", alts, None, "synthetic")
        made += 1 + len(alts)
        i += 1


def million_gazetteer(n_names: int) -> Path:
    path = CACHE / f"synthetic-{n_names}.sqlite"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"building {path} (once) ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        write_sqlite(synthetic_places(n_names), path, meta={"built_by": "benchmarks/bench_resolve.py"})
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def open_cost(path: Path) -> tuple[float, float]:
    """(seconds to open and resolve a first name, peak RSS in MB) in a fresh process."""
    # VmHWM, not ru_maxrss: Linux carries a parent's peak RSS across fork and exec.
    code = (
        "import re, time; t = time.perf_counter();"
        "from geoincidents.gazetteer import Gazetteer;"
        f"g = Gazetteer.open({str(path)!r}); g.resolve('Tal Abyad');"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read());"
        "print(time.perf_counter() - t, int(hwm.group(1)) / 1024 if hwm else float('nan'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def bench_million(n_names: int, n_queries: int, naive_sample: int) -> dict:
    path = million_gazetteer(n_names)
    open_s, open_rss = open_cost(path)
    gaz = Gazetteer.open(path)
    sample = [gaz._index.place(no) for no in random.Random(3).sample(range(len(gaz)), 5000)]
    pairs = query_set(sample, n_queries)
    queries, truth = [q for q, _ in pairs], [p for _, p in pairs]
    ours(gaz, [q for q, _ in query_set(sample, 500, seed=12)])  # warm-up
    found, secs = ours(gaz, queries)
    words, wsecs = ours(gaz, NEWS_WORDS)

    started = time.perf_counter()
    rows = gaz._index.db.execute("SELECT spelling, place FROM names").fetchall()
    all_names, owner_nos = [r[0] for r in rows], [r[1] for r in rows]
    del rows
    load_s = time.perf_counter() - started
    few = pairs[:naive_sample]
    naive_nos, naive_s = naive(all_names, owner_nos, [q for q, _ in few])
    naive_found = [gaz._index.place(no) if no is not None else None for no in naive_nos]
    return {
        "names": len(all_names), "places": len(gaz), "queries": len(queries), "open_s": open_s, "open_rss": open_rss,
        "ours_rate": (len(queries) + len(NEWS_WORDS)) / (secs + wsecs), "naive_rate": len(few) / naive_s,
        "ours_acc": accuracy(found, truth), "ours_acc_sample": accuracy(found[:naive_sample], truth[:naive_sample]),
        "naive_acc_sample": accuracy(naive_found, [t for _, t in few]), "naive_load_s": load_s,
        "ours_reject": rejected(words), "naive_sample": len(few),
    }


# ---------------------------------------------------------------------------
# (c) spotting places in reports

_OPENINGS = [
    "Local sources said that {p} came under fire late on {d}, and that two houses were damaged.",
    "A convoy of {n} trucks carrying fuel left {p} heading towards {q} on {d}, according to activists.",
    "Residents of {p} reported the sound of heavy machine guns near the road to {q}.",
    "Unknown gunmen on a motorcycle shot dead a man in the centre of {p}; nobody claimed the killing.",
    "The security services raided houses in {p} and detained {n} young men, their relatives told us.",
    "A drone targeted a car on the outskirts of {p}, killing its driver, a medical source in {q} said.",
    "Artillery shells fell on farmland between {p} and {q}, without casualties.",
    "An explosive device went off beside a patrol near {p}; the number of wounded is not yet known.",
]
_FILLER = [
    "Prices of bread and fuel rose again this week, and many families say they can no longer afford heating.",
    "The observatory's correspondents are following the situation and will publish details when they are confirmed.",
    "Aid groups warned that the water level of the river has fallen to its lowest in years.",
    "Officials did not respond to requests for comment by the time of publication.",
    "Teachers in the region went without salaries for a third month, a union representative said.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def reports(gaz: Gazetteer, n: int, size: int = 5000, seed: int = 5) -> list[str]:
    """Report-like texts of about ``size`` characters, naming gazetteer places in varied spellings."""
    rng = random.Random(seed)
    spellings = [s for p in gaz for s in p.names if re.fullmatch(r"[A-Z][A-Za-z '\-]{2,}", s)]
    out = []
    for _ in range(n):
        parts, length = [], 0
        while length < size:
            if rng.random() < 0.6:
                p, q = rng.choice(spellings), rng.choice(spellings)
                p = variant_of(p, rng) or p if rng.random() < 0.3 else p
                text = rng.choice(_OPENINGS).format(p=p, q=q, d=rng.choice(_DAYS), n=rng.randint(2, 40))
            else:
                text = rng.choice(_FILLER)
            parts.append(text)
            length += len(text) + 1
        out.append(" ".join(parts))
    return out


def bench_spot(n_reports: int) -> dict:
    gaz = Gazetteer.default()
    texts = reports(gaz, n_reports)
    clear_caches(gaz)
    started = time.process_time()
    spots = sum(len(gaz.spot(t)) for t in texts)
    secs = time.process_time() - started
    size = sum(len(t.encode()) for t in texts)
    return {"reports": len(texts), "mb_s": size / 1e6 / secs, "reports_s": len(texts) / secs,
            "spots_per_report": spots / len(texts)}


# ---------------------------------------------------------------------------
# (d) start-up of the command


def bench_startup(runs: int = 10) -> dict:
    exe = Path(sys.executable).parent / "geoincidents"
    Gazetteer.default()  # the index cache is built once, as after the first run of any user
    subprocess.run([str(exe), "resolve", "Hajin"], capture_output=True, check=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(exe), "resolve", "Hajin"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    code = "import sys; from geoincidents.cli import cli; sys.argv = ['geoincidents', 'resolve', 'Hajin']; cli()"
    log = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True).stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in log.splitlines() if "|" in line}
    heavy = sorted(imported & {"geopandas", "folium", "pandas", "shapely", "pyogrio"})
    return {"median_s": statistics.median(times), "heavy": heavy}


# ---------------------------------------------------------------------------


def row(label: str, ours_v: str, naive_v: str = "", ratio: str = "", target: str = "") -> str:
    return f"| {label:<44} | {ours_v:>12} | {naive_v:>12} | {ratio:>8} | {target:<14} |"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", type=int, default=2000, help="variant spellings per gazetteer")
    ap.add_argument("--million", type=int, default=1_000_000, help="names in the generated gazetteer (0: skip)")
    ap.add_argument("--naive-sample", type=int, default=20, help="queries for the naive run on the million")
    ap.add_argument("--reports", type=int, default=200, help="5 KB reports for spot")
    ap.add_argument("--only", default="abcd", help="the parts to run, e.g. --only b (default: abcd)")
    args = ap.parse_args(argv)

    a = bench_shipped(args.queries) if "a" in args.only else None
    b = bench_million(args.million, args.queries, args.naive_sample) if args.million and "b" in args.only else None
    c = bench_spot(args.reports) if "c" in args.only else None
    d = bench_startup() if "d" in args.only else None

    def ok(value, target, more=True):
        return "ok" if (value >= target if more else value <= target) else "MISSED"

    lines = [
        row("measure", "ours", "naive", "ratio", "target"),
        "|" + "|".join("-" * w for w in (46, 14, 14, 10, 16)) + "|",
    ]
    if a:
        lines += [
            row(f"(a) shipped ({a['places']} places, {a['names']} names): names/s", f"{a['ours_rate']:,.0f}",
                f"{a['naive_rate']:,.0f}", f"{a['ours_rate'] / a['naive_rate']:.0f}x",
                f">=20,000 {ok(a['ours_rate'], TARGETS['shipped'])}"),
            row(f"(a)   spellings it knows ({a['known']}): names/s", f"{a['known_rate']:,.0f}"),
            row(f"(a) variants within 5 km ({a['queries']})", f"{a['ours_acc']:.1%}", f"{a['naive_acc']:.1%}"),
            row(f"(a) news words rejected ({len(NEWS_WORDS)})", f"{a['ours_reject']:.1%}", f"{a['naive_reject']:.1%}"),
        ]
    if b:
        lines += [
            row(f"(b) {b['names']:,} names: names/s", f"{b['ours_rate']:,.0f}", f"{b['naive_rate']:.2f}",
                f"{b['ours_rate'] / b['naive_rate']:,.0f}x", f">=1,000 {ok(b['ours_rate'], TARGETS['million'])}"),
            row(f"(b) variants within 5 km (naive: {b['naive_sample']})", f"{b['ours_acc']:.1%}", f"{b['naive_acc_sample']:.1%}"),
            row(f"(b)   ours on the same {b['naive_sample']}", f"{b['ours_acc_sample']:.1%}"),
            row("(b) news words rejected", f"{b['ours_reject']:.1%}"),
            row("(b) open + first resolve, fresh process", f"{b['open_s']:.3f} s", f"{b['naive_load_s']:.1f} s", "",
                "naive: load names"),
            row("(b) peak memory of that process", f"{b['open_rss']:.0f} MB"),
        ]
    if c:
        lines += [
            row(f"(c) spot on {c['reports']} reports of 5 KB: MB/s", f"{c['mb_s']:.2f}"),
            row("(c) spot: reports/s", f"{c['reports_s']:.0f}"),
            row("(c) spot: places found per report", f"{c['spots_per_report']:.1f}"),
        ]
    if d:
        lines += [
            row("(d) `geoincidents resolve Hajin`, median of 10", f"{d['median_s']:.3f} s", "", "",
                f"<0.5 s {ok(d['median_s'], TARGETS['startup'], more=False)}"),
            row("(d) heavy imports (geopandas, folium, pandas...)", ", ".join(d["heavy"]) or "none"),
        ]
    print("\n".join(lines))
    print(f"\nnaive = rapidfuzz process.extractOne(query, every spelling, scorer=fuzz.WRatio, "
          f"processor=default_process, score_cutoff={NAIVE_CUTOFF})")
    if a and a["ours_false"]:
        print("news words we took for places:", ", ".join(a["ours_false"]))
    if a and a["misses"]:
        print("some variants we missed (query -> place):", "; ".join(f"{q} -> {n}" for q, n in a["misses"]))
    print(f"peak memory of this run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
