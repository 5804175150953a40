"""Time and peak memory of ``build_gazetteer`` on a generated GeoNames dump of allCountries size.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_geonames_build.py --places 500000 --alternate-names 1500000

It writes ``XX.txt`` and ``alternateNamesV2.txt`` in the real column layouts
(synthetic Arabic-like names, random points) under ``benchmarks/.cache/``,
builds them into SQLite in a child process and prints the build's wall time
and peak resident memory (VmHWM), so that the claim "memory stays bounded"
is a measurement: run it with two sizes and compare.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bench_resolve import CACHE, synthetic_name  # noqa: E402


def write_dumps(places: int, alternate_names: int, folder: Path, seed: int = 9) -> tuple[Path, Path]:
    """A main dump of ``places`` rows and an alternate-names file of about ``alternate_names`` rows."""
    folder.mkdir(parents=True, exist_ok=True)
    main, alts = folder / "XX.txt", folder / "alternateNamesV2.txt"
    rng = random.Random(seed)
    with main.open("w", encoding="utf-8") as f:
        for gid in range(1, places + 1):
            name = synthetic_name(rng)
            code = rng.choice(("PPL", "PPL", "PPL", "PPLA3", "PPLX"))
            f.write("\t".join([str(gid * 7), name, name, "", f"{rng.uniform(29, 42):.5f}", f"{rng.uniform(35, 48):.5f}",
                               "P", code, rng.choice(("SY", "IQ")), "", "07", "", "", "", str(rng.choice((0, 0, 500, 12000))),
                               "", "", "Asia/Damascus", "2024-01-01"]) + "\n")
    with alts.open("w", encoding="utf-8") as f:
        for n in range(1, alternate_names + 1):
            gid = rng.randrange(1, places + 1) * 7
            lang = rng.choice(("", "", "ar", "en", "link"))
            text = f"https://en.wikipedia.org/wiki/X{n}" if lang == "link" else synthetic_name(rng)
            f.write("\t".join([str(n), str(gid), lang, text, "", "", "", "", "", ""]) + "\n")
    return main, alts


def build_cost(main: Path, alts: Path, out: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, places) of one build in a fresh process."""
    code = (
        "import re, sys; from geoincidents.geonames import build_gazetteer;"
        f"n = build_gazetteer({str(main)!r}, {str(out)!r}, alternate_names={str(alts)!r});"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read());"
        "print(n, int(hwm.group(1)) / 1024)"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    count, rss = result.stdout.split()
    return seconds, float(rss), int(count)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--places", type=int, default=500_000)
    ap.add_argument("--alternate-names", type=int, default=1_500_000)
    args = ap.parse_args(argv)
    folder = CACHE / f"geonames-{args.places}-{args.alternate_names}"
    main_dump, alts = folder / "XX.txt", folder / "alternateNamesV2.txt"
    if not (main_dump.exists() and alts.exists()):
        print(f"writing {folder} ...", file=sys.stderr, flush=True)
        main_dump, alts = write_dumps(args.places, args.alternate_names, folder)
    size = (main_dump.stat().st_size + alts.stat().st_size) / 1e6
    out = folder / "built.sqlite"
    seconds, rss, count = build_cost(main_dump, alts, out)
    print(f"{count:,} places from {size:,.0f} MB of dumps in {seconds:.0f} s "
          f"({count / seconds:,.0f} places/s), peak memory {rss:.0f} MB, output {out.stat().st_size / 1e6:,.0f} MB")
    out.unlink()


if __name__ == "__main__":
    main()
