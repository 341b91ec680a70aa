"""What a Dask cluster costs per batch, and what many machines would give on a 500,000-file repository.

    python benchmarks/distributed.py CORPUS... [--repeat 3] [--workers 2]

On a LocalCluster of ``--workers`` single-threaded worker processes (run in
a process of its own, so this one is only the client, as ``ragex index
--scheduler`` is): the round trip of an empty batch on the scheduler against
the local spawn pool, the CPU the scheduler and the client spend per batch,
and the same corpus indexed by the local pool and on the cluster (paths and
bytes), each writing an index file as ``ragex index --output`` does.  From
the measured per-file and per-batch costs it projects the wall time of 1, 4,
16 and 64 machines of this size on 500,000 files like the corpus's, and
prints the model and its assumptions with the table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, wait
from typing import Any

# this file is named like Dask's package: look for modules here (corpus) only after site-packages
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE] + [HERE]

from corpus import median, table  # noqa: E402

from ragex_lsp import cluster, resources, worker  # noqa: E402
from ragex_lsp.cache import Entry, IndexWriter  # noqa: E402
from ragex_lsp.core import positions  # noqa: E402
from ragex_lsp.discovery import SourceFile, discover  # noqa: E402
from ragex_lsp.indexer import Indexer, Metrics, process_pool  # noqa: E402
from ragex_lsp.settings import Settings  # noqa: E402

REPO_FILES = 500_000
MACHINES = (1, 4, 16, 64)
#: assumed network bandwidth into the client's machine (bytes mode sends every file from it)
NETWORK_BYTES_PER_S = 1e9 / 8
#: empty batches timed one at a time, and all at once
ROUND_TRIPS = 300
EMPTY_TASKS = 1000
#: seconds with nothing to do, to measure background CPU (heartbeats)
IDLE_SECONDS = 5.0
#: the default target batch time, and the last batch, after which nothing overlaps
TARGET_SECONDS = TAIL_SECONDS = 0.5


def serve_cluster(workers: int, address: Any, stop: Any) -> None:
    """In its own process: a LocalCluster until ``stop`` is set."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as local:
        address.send(local.scheduler_address)
        stop.wait()


def round_trip_ms(executor: Executor) -> float:
    """Median wall time of one empty batch, submitted alone, in ms."""
    executor.submit(worker.run_batch, "python", ()).result()  # warm
    times = []
    for _ in range(ROUND_TRIPS):
        start = time.perf_counter()
        executor.submit(worker.run_batch, "python", ()).result()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def empty_throughput(executor: Executor) -> tuple[float, float]:
    """Empty batches per second with all submitted at once (the per-task ceiling of this set-up), and the time."""
    start = time.perf_counter()
    futures = [executor.submit(worker.run_batch, "python", ()) for _ in range(EMPTY_TASKS)]
    wait(futures)
    elapsed = time.perf_counter() - start
    return EMPTY_TASKS / elapsed, elapsed


class Run:
    """One indexing run: its metrics and the CPU seconds of the client, the workers and the scheduler."""

    def __init__(self, metrics: Metrics, client: float, workers: float, scheduler: float) -> None:
        self.metrics, self.client, self.workers, self.scheduler = metrics, client, workers, scheduler


def cpu_of_cluster(client: Any) -> tuple[float, float]:
    """CPU seconds used so far by all worker processes, and by the scheduler's."""
    return sum(client.run(time.process_time).values()), client.run_on_scheduler(time.process_time)


def index(files: list[SourceFile], workers: int, factory: Callable[..., Executor], out: str, client: Any) -> Run:
    """One run writing an index file (as ``ragex index --output``)."""
    writer = IndexWriter(out, os.path.commonpath([f.path for f in files]), positions.UTF16)

    def on_files(results: list[worker.FileResult]) -> None:
        writer.add((r.path, Entry(r.size, r.mtime_ns, r.digest, r.payload)) for r in results if r.status == "ok")  # type: ignore[arg-type]

    machine = resources.Machine(workers, workers, None, 16000, 16000, None, False, 0.0)
    cluster_before = cpu_of_cluster(client)
    cpu = time.process_time()
    metrics = Indexer(Settings(max_workers=workers), positions.UTF16, factory, machine).run(files, on_files)
    cpu = time.process_time() - cpu
    writer.commit()
    cluster_after = cpu_of_cluster(client)
    return Run(metrics, cpu, cluster_after[0] - cluster_before[0], cluster_after[1] - cluster_before[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    w = args.workers

    start = time.perf_counter()
    files = discover(args.corpus, Settings()).files
    discover_s = (time.perf_counter() - start) / len(files)
    mean_bytes = sum(f.size for f in files) / len(files)
    print(f"{len(files):,} files, {sum(f.size for f in files) / 1e6:,.1f} MB; {w} workers; {os.cpu_count()} cores")

    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    server = ctx.Process(target=serve_cluster, args=(w, send, stop))  # not a daemon: it starts workers
    server.start()
    try:
        if not receive.poll(120):
            raise SystemExit("the LocalCluster did not start (see its error above)")
        address = receive.recv()
        start = time.perf_counter()
        connection = cluster.connect(address, positions.UTF16)
        connection.client.wait_for_workers(w)
        transfer = connection.probe(files)
        connect_s = time.perf_counter() - start
        client = connection.client
        factories: dict[str, Callable[..., Executor]] = {
            "local pool": process_pool,
            "cluster, paths": connection.executor_factory("paths", 300.0),
            "cluster, bytes": connection.executor_factory("bytes", 300.0),
        }
        before, cpu = cpu_of_cluster(client), time.process_time()
        time.sleep(IDLE_SECONDS)
        after, cpu = cpu_of_cluster(client), time.process_time() - cpu
        idle = {"client": cpu, "workers": after[0] - before[0], "scheduler": after[1] - before[1]}
        idle = {k: v / IDLE_SECONDS for k, v in idle.items()}  # background CPU seconds per second
        rows: list[list[object]] = []
        per_task: dict[str, float] = {}
        config = worker.WorkerConfig(positions.UTF16)
        for name in ("local pool", "cluster, paths"):
            executor = factories[name](w, config)
            trip = round_trip_ms(executor)
            cluster_before = cpu_of_cluster(client)
            cpu = time.process_time()
            rate, elapsed = empty_throughput(executor)
            cpu = time.process_time() - cpu
            cluster_after = cpu_of_cluster(client)
            executor.shutdown()
            on_cluster = name != "local pool"
            # less the background CPU of that time (heartbeats), per batch
            cpu = (cpu - (idle["client"] * elapsed if on_cluster else 0.0)) / EMPTY_TASKS
            workers_cpu = (cluster_after[0] - cluster_before[0] - idle["workers"] * elapsed) / EMPTY_TASKS
            sched_cpu = (cluster_after[1] - cluster_before[1] - idle["scheduler"] * elapsed) / EMPTY_TASKS
            shown = (workers_cpu, sched_cpu) if on_cluster else (None, None)
            if on_cluster:
                per_task = {"client": cpu, "workers": workers_cpu, "scheduler": sched_cpu}
            cells = [f"{1000 * v:.2f}" if v is not None else "-" for v in shown]
            rows.append([name, trip, rate, 1000 * cpu, *cells])
        print(
            f"\nper batch: empty batches, one at a time (round trip) and {EMPTY_TASKS:,} at once (rate, CPU per batch)"
        )
        heads = ["executor", "round trip ms", "batches/s", "client CPU ms", "workers CPU ms", "scheduler CPU ms"]
        print(table(heads, rows))

        runs: dict[str, list[Run]] = {name: [] for name in factories}
        with tempfile.TemporaryDirectory() as tmp:
            index(files[: 4 * w], w, factories["cluster, paths"], os.path.join(tmp, "warm.sqlite"), client)
            for i in range(args.repeat):  # interleaved, so load changes hit every variant alike
                for name, factory in factories.items():
                    runs[name].append(index(files, w, factory, os.path.join(tmp, f"{i}.sqlite"), client))
    finally:
        stop.set()
        server.join(60)
        if server.is_alive():
            server.terminate()

    rows = []
    per_file: dict[str, dict[str, float]] = {}
    for name, results in runs.items():
        m = results[0].metrics
        assert all(r.metrics.files_ok == m.files_ok and r.metrics.symbols == m.symbols for r in results), name
        n = len(files)
        batches = median([float(r.metrics.batches) for r in results])
        wall = median([r.metrics.wall_seconds for r in results])
        background = idle if name != "local pool" else dict.fromkeys(idle, 0.0)
        cost = {  # CPU per file, less the background CPU of the run's time
            "wall": wall,
            "client": (median([r.client for r in results]) - background["client"] * wall) / n,
            "workers": (median([r.workers for r in results]) - background["workers"] * wall) / n,
            "scheduler": (median([r.scheduler for r in results]) - background["scheduler"] * wall) / n,
            "batch": n / batches,
        }
        per_file[name] = cost
        on_cluster = name != "local pool"
        rows.append(
            [name, cost["wall"], m.files_ok, int(batches), cost["batch"], 1e6 * cost["client"]]
            + [f"{1e6 * cost[k]:.0f}" if on_cluster else "-" for k in ("workers", "scheduler")]
        )
    print(f"\nthe corpus, median of {args.repeat} runs, each writing an index file (the probe says: {transfer})")
    heads = [
        "run",
        "wall s",
        "files",
        "batches",
        "files/batch",
        "client µs/file",
        "workers µs/file",
        "scheduler µs/file",
    ]
    print(table(heads, rows))
    project(per_file, per_task, idle, w, discover_s, connect_s, mean_bytes)


def at_scale(cost: dict[str, float], per_task: dict[str, float]) -> tuple[dict[str, float], float]:
    """CPU seconds per file at the batch size of a large job, and that size.

    A run's CPU per file is a part per file plus a part per batch (measured on
    empty batches); a large job's batches are cut to the target batch time
    (the corpus's, a small job, are mostly cut to the fair share of the end)."""
    own = {k: max(0.0, cost[k] - per_task[k] / cost["batch"]) for k in ("client", "workers", "scheduler")}
    batch = min(512.0, max(8.0, TARGET_SECONDS / own["workers"]))
    return {k: own[k] + per_task[k] / batch for k in own}, batch


def project(
    per_file: dict[str, dict[str, float]],
    per_task: dict[str, float],
    idle: dict[str, float],
    w: int,
    discover_s: float,
    connect_s: float,
    mean_bytes: float,
) -> None:
    n = REPO_FILES
    rows: list[list[object]] = []
    sizes = {}
    for transfer in ("paths", "bytes"):
        cost, sizes[transfer] = at_scale(per_file[f"cluster, {transfer}"], per_task)
        for machines in MACHINES:
            threads = machines * w
            parts = {
                "workers": n * cost["workers"] / threads,
                "client CPU": n * cost["client"],
                "scheduler": n * cost["scheduler"],
                "network": n * mean_bytes / NETWORK_BYTES_PER_S if transfer == "bytes" else 0.0,
            }
            limit = max(parts, key=lambda k: parts[k])
            total = n * discover_s + connect_s + parts[limit] + TAIL_SECONDS
            rows.append([transfer, machines, threads, *parts.values(), n * discover_s, total, limit])
    print(f"\nprojected: {n:,} files like these on machines of this size ({w} worker threads each)")
    heads = ["batches carry", "machines", "threads", "workers s", "client s", "scheduler s", "network s"]
    print(table([*heads, "discovery s", "wall s", "bound by"], rows))
    task = ", ".join(f"{k} {1000 * v:.2f} ms" for k, v in per_task.items())
    lines = [
        "",
        "model: wall = discovery + connect + max(workers, client, scheduler, network) + tail, where",
        f"  discovery  N x {1e6 * discover_s:.1f} µs: the client walks the tree (measured here)",
        f"  connect    {connect_s:.2f} s: connect, version check, filesystem probe (measured)",
        "  workers    N x worker CPU per file / threads (extraction and Dask's work on the workers)",
        "  client     N x client CPU per file (submitting, reading files for bytes, taking results, writing",
        "             the index file): one client, serial",
        "  scheduler  N x scheduler CPU per file: one scheduler, serial",
        f"  network    N x {mean_bytes / 1e3:.1f} kB / {NETWORK_BYTES_PER_S / 1e6:.0f} MB/s out of the client"
        " (bytes only; 1 Gbit/s assumed)",
        f"  tail       {TAIL_SECONDS:g} s: the last batch",
        "  CPU per file = the runs' CPU per file less their per-batch part, plus the per-batch CPU of an empty",
        f"             batch ({task}) over the files per batch of a large job:",
        f"             the {TARGET_SECONDS:g} s target batch time / worker CPU per file, within 8..512"
        f" ({sizes['paths']:.0f} files with paths, {sizes['bytes']:.0f} with bytes)",
        "assumptions: the repository's files cost what the corpus's cost (same sizes and languages); each",
        "  machine is like this one, one worker thread per core, every thread busy; a shared filesystem",
        "  (paths) reads as fast as a local disk; the client and the scheduler have machines of their own;",
        "  costs are CPU seconds, which the load of this shared machine inflates far less than wall times;",
        "  the scheduler's cost per batch does not grow with the number of workers; no stragglers; background",
        "  CPU (heartbeats; here, with "
        f"{w} workers: " + ", ".join(f"{k} {1000 * v:.0f} ms/s" for k, v in idle.items()) + ") is left out.",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
