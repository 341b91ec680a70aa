"""How indexing scales with workers, against the machine's true ceiling.

    python benchmarks/scaling.py CORPUS... [--repeat 3]

In one run on the same files: the parallel ceiling (N processes of a pure
CPU loop against one), worker start-up time, in-process sequential time, the
spawn pool with 1..cores workers, speedup and parallel efficiency (speedup /
ceiling), worker peak RSS, and Universal Ctags' wall time.  Medians of
``--repeat`` runs.  Goals: pool(1) at most 5% slower than in-process; all
workers reach >= 90% of the ceiling; worker peak RSS < 100 MB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import tempfile
import time

from corpus import median, table

from ragex_lsp import resources, worker
from ragex_lsp.discovery import discover
from ragex_lsp.indexer import Indexer, process_pool
from ragex_lsp.settings import Settings

IDLE = resources.Machine(os.cpu_count() or 1, os.cpu_count() or 1, None, 16000, 16000, None, False, 0.0)


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def ceiling(workers: int, n: int = 6_000_000) -> float:
    """Speedup N processes get on a pure CPU loop (the machine's real parallelism)."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        pool.map(spin, [1] * workers)  # warm
        start = time.perf_counter()
        pool.map(spin, [n])
        one = time.perf_counter() - start
        start = time.perf_counter()
        pool.map(spin, [n] * workers)
        many = time.perf_counter() - start
    return workers * one / many


def startup_seconds() -> float:
    """Wall time to start one spawn worker and run an empty batch on it."""
    start = time.perf_counter()
    pool = process_pool(1, worker.WorkerConfig())
    pool.submit(worker.run_batch, "python", ()).result()
    elapsed = time.perf_counter() - start
    pool.shutdown()
    return elapsed


def index_once(files, **settings) -> tuple[float, dict]:
    start = time.perf_counter()
    metrics = Indexer(Settings(**settings), machine=IDLE).run(files, lambda r: None)
    return time.perf_counter() - start, metrics.as_dict()


def ctags_seconds(paths: list[str]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths))
        listing.flush()
        start = time.perf_counter()
        subprocess.run(["ctags", "-f", os.devnull, "-L", listing.name], check=True, capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    files = discover(args.corpus, Settings()).files
    mb = sum(f.size for f in files) / 1e6
    print(f"{len(files):,} files, {mb:,.1f} MB, {cores} cores")
    # one process is the unit by definition; more are measured (median of --repeat)
    ceilings = {n: median([ceiling(n) for _ in range(args.repeat)]) if n > 1 else 1.0 for n in range(1, cores + 1)}
    start_up = median([startup_seconds() for _ in range(args.repeat)])
    runs: dict[str, list[tuple[float, dict]]] = {}
    for _ in range(args.repeat):  # interleaved, so load changes hit every variant alike
        runs.setdefault("in-process", []).append(index_once(files, use_parallel=False))
        for n in range(1, cores + 1):
            runs.setdefault(f"pool {n}", []).append(index_once(files, max_workers=n))
        runs.setdefault("ctags", []).append((ctags_seconds([f.path for f in files]), {}))
    sequential = median([t for t, _ in runs["in-process"]])
    rows = []
    for name, results in runs.items():
        wall = median([t for t, _ in results])
        n = int(name.split()[1]) if name.startswith("pool") else 1
        speedup = sequential / wall
        rss = max((m.get("peak_worker_rss_mb", 0) for _, m in results), default=0)
        util = median([m["worker_utilization"] for _, m in results]) if results[0][1] else float("nan")
        eff = f"{100 * speedup / ceilings[n]:.0f}%" if name.startswith("pool") else ""
        rows.append([name, wall, mb / wall, speedup, f"{ceilings[n]:.2f}", eff, util, rss if results[0][1] else ""])
    print(table(["run", "wall s", "MB/s", "speedup", "ceiling", "efficiency", "utilization", "peak RSS MB"], rows))
    pool1 = median([t for t, _ in runs["pool 1"]])
    print(f"\nworker start-up: {start_up:.2f} s (median of {args.repeat})")
    print(f"pool(1) vs in-process: {100 * (pool1 / sequential - 1):+.1f}% (goal <= +5%)")
    print("efficiency = speedup / ceiling (goal >= 90% with all workers); peak RSS goal < 100 MB")
    print("peak RSS: of the workers for pool runs, of this process for the in-process run")


if __name__ == "__main__":
    main()
