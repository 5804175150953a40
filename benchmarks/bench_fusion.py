"""How the cost of fusion grows with the corpus: it should grow linearly, not with the number of pairs.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_fusion.py                      # 5,000 / 20,000 / 80,000 incidents
    .venv/bin/python benchmarks/bench_fusion.py --sizes 1000 4000

For each size it generates synthetic incidents (seeded, so runs compare) in
the eastern Syria box, 20 a day (a bigger corpus covers more days, as a
bigger archive does), a third of them second reports of a recent one (the same event a few km and up to a day away, another toll),
then times ``fuse_incidents`` and counts the pairs it compared. The baseline
is the obvious code: compare every incident with every cluster so far (run
only up to ``--baseline-max``, it is quadratic). Reported: seconds, events,
pairs compared per incident, and the ratio of each time to the smallest
size's per-incident time (1.0 everywhere means linear).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date, timedelta

from geoincidents import fusion
from geoincidents.incidents import Incident

TYPES = ("air_strike", "drone_strike", "shelling", "armed_clash", "arrest", "explosion")


def corpus(n: int, seed: int = 1, per_day: int = 20) -> list[Incident]:
    """``n`` incidents at ``per_day`` a day (a busy month of the war): a bigger corpus covers more days."""
    rng = random.Random(seed)
    start, days = date(2019, 1, 1), max(1, n // per_day)
    out: list[Incident] = []
    for k in range(n):
        if out and rng.random() < 1 / 3:
            twin = rng.choice(out[-200:])
            when = date.fromisoformat(twin.date) + timedelta(days=rng.choice((-1, 0, 1)))
            out.append(replace(twin, doc=f"r{k}.txt", lat=twin.lat + rng.uniform(-0.02, 0.02),
                               date=when.isoformat(), fatalities=rng.randint(0, 6)))
            continue
        out.append(Incident(f"r{k}.txt", rng.choice(TYPES), f"report {k}", 0, 10,
                            date=(start + timedelta(days=rng.randrange(days))).isoformat(),
                            time_precision=1, lat=rng.uniform(34.4, 36.8), lon=rng.uniform(38.5, 42.0),
                            geo_precision=1, uncertainty_km=rng.choice((2.0, 5.0, 15.0)), fatalities=rng.randint(0, 6)))
    return out


def all_pairs(items: list[Incident]) -> int:
    """The quadratic baseline: each incident against every cluster so far."""
    clusters: list[list[Incident]] = []
    for inc in items:
        for c in clusters:
            if all(fusion._fusable(inc, m) for m in c):
                c.append(inc)
                break
        else:
            clusters.append([inc])
    return len(clusters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 80000])
    parser.add_argument("--baseline-max", type=int, default=5000)
    args = parser.parse_args()
    calls = [0]
    real = fusion._fusable

    def counted(a, b):
        calls[0] += 1
        return real(a, b)

    first = None
    print(f"{'incidents':>10} {'seconds':>8} {'events':>8} {'pairs/inc':>9} {'ratio':>6}  baseline")
    for n in args.sizes:
        items = corpus(n)
        calls[0] = 0
        fusion._fusable = counted
        started = time.perf_counter()
        events = fusion.fuse_incidents(items)
        took = time.perf_counter() - started
        fusion._fusable = real
        per = took / n
        first = first or per
        baseline = ""
        if n <= args.baseline_max:
            started = time.perf_counter()
            all_pairs(items)
            baseline = f"{time.perf_counter() - started:.2f} s"
        print(f"{n:>10} {took:>8.2f} {len(events):>8} {calls[0] / n:>9.1f} {per / first:>6.2f}  {baseline}")


if __name__ == "__main__":
    main()
