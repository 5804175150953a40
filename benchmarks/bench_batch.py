"""Reports per second and peak memory of a batch: 1 process, -j N, and Dask on 2 local workers.

Run by hand (never in the test suite). For each corpus size it generates a
JSON Lines corpus with make_corpus.py (our own sentences), then times

- ``geoincidents extract CORPUS -j 1 --sequence -q``  (one process)
- ``geoincidents extract CORPUS -j 2 --sequence -q``  (two worker processes)
- ``extract_to_parquet(CORPUS, OUT, Client(LocalCluster(n_workers=2)))``  (Dask)

Peak memory is the largest sum of the resident memory of the whole process
tree (the command, its workers; for Dask the scheduler and workers too),
sampled every 50 ms with psutil. CPU seconds are user + system time of the
whole tree (getrusage of reaped children): unlike wall time they do not
depend on what else the machine runs, so ``cpu -j1 / cpu -j2`` near 1 says
the parallel run wastes little, and the wall speed-up on two idle cores is
then near 2. Runs alternate (1, 2, Dask, 1, 2, Dask...)
so that load from other programs hits each alike; the best of ``--repeat``
runs is shown, and the load average before each size is printed: on a
shared machine, read the ratios, not the absolute figures.

    python benchmarks/bench_batch.py 1000 10000 --repeat 2
    python benchmarks/bench_batch.py 100000 --skip-dask
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CLI = [PYTHON, "-m", "geoincidents.cli"] if not shutil.which("geoincidents", path=os.path.dirname(PYTHON)) else [
    shutil.which("geoincidents", path=os.path.dirname(PYTHON))]


class TreePeak:
    """The peak of the summed RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            total = 0
            try:
                for proc in [self.root, *self.root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.peak = max(self.peak, total)
            self.done.wait(0.05)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(corpus: Path, jobs: int) -> tuple[float, int, float]:
    cpu = children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen([*CLI, "extract", str(corpus), "-j", str(jobs), "--sequence", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = TreePeak(proc.pid)
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    memory = peak.stop()
    if proc.returncode:
        raise SystemExit(err.decode())
    return elapsed, memory, children_cpu() - cpu


DASK_SCRIPT = """
import sys, time
from dask.distributed import Client, LocalCluster
from geoincidents.distributed import extract_to_parquet
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster)
    started = time.perf_counter()
    summary = extract_to_parquet(sys.argv[1], sys.argv[2], client)
    print(time.perf_counter() - started, summary.documents)
    client.close(); cluster.close()
"""


def run_dask(corpus: Path, work: Path) -> tuple[float, int, float]:
    cpu = children_cpu()
    out = work / f"dask-{time.monotonic_ns()}"
    proc = subprocess.Popen([PYTHON, "-c", DASK_SCRIPT, str(corpus), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = TreePeak(proc.pid)
    stdout, err = proc.communicate()
    memory = peak.stop()
    if proc.returncode:
        raise SystemExit(err.decode())
    shutil.rmtree(out, ignore_errors=True)
    # wall: the extraction alone, not the cluster's start-up; CPU: everything, start-up included
    return float(stdout.split()[0]), memory, children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", help="corpus sizes in reports")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel run (default 2)")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--only-dask", action="store_true", help="only the Dask run (its speed-up column is then meaningless)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gi-bench-"))
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(f"{'reports':>8} {'run':<10} {'seconds':>8} {'reports/s':>10} {'peak MB':>8} {'speed-up':>8} {'CPU s':>7}")
    try:
        for size in args.sizes:
            corpus = work / f"corpus-{size}.jsonl"
            subprocess.run([PYTHON, str(HERE / "make_corpus.py"), str(size), str(corpus)], check=True,
                           stdout=subprocess.DEVNULL)
            print(f"# {size} reports, {corpus.stat().st_size / 1e6:.1f} MB; load average {os.getloadavg()[0]:.2f}")
            runs = ({} if args.only_dask else {"-j 1": [], f"-j {args.jobs}": []}) | ({} if args.skip_dask else {"dask 2": []})
            for _ in range(args.repeat):
                if not args.only_dask:
                    runs["-j 1"].append(run_cli(corpus, 1))
                    runs[f"-j {args.jobs}"].append(run_cli(corpus, args.jobs))
                if not args.skip_dask:
                    runs["dask 2"].append(run_dask(corpus, work))
            base = min(r[0] for r in runs.get("-j 1", runs.get("dask 2")))
            for name, results in runs.items():
                best = min(r[0] for r in results)
                memory = max(r[1] for r in results)
                cpu = min(r[2] for r in results)
                print(f"{size:>8} {name:<10} {best:>8.2f} {size / best:>10.0f} {memory / 1e6:>8.0f} {base / best:>7.2f}x {cpu:>7.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
