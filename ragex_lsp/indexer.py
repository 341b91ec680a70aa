"""The indexer: run extraction over many files on a process pool.

Takes the files from :mod:`ragex_lsp.discovery`, cuts them into batches
(:mod:`ragex_lsp.core.batching`) and runs :func:`ragex_lsp.worker.run_batch`
on a ``spawn`` process pool (any ``concurrent.futures.Executor`` can replace
it), or in-process when the plan says starting workers would not pay off.

Faults cost one file, never the index: when a worker dies (segfault, signal,
memory limit) every batch in flight is retried in halves on a fresh pool
until the file that kills it is alone, and that file is failed with the
reason; a batch past the process timeout is retried one file per task, and a
file that hangs alone is failed as timed out.  A worker past its memory
limit is recycled with its pool between batches.  If no pool can start,
indexing goes on in-process with one warning.

An executor without processes of its own (a Dask cluster, see
:mod:`ragex_lsp.cluster`) says that a task's workers kept dying by raising
:class:`WorkerLost` from its future: that batch is bisected like a crash
(a single file that was run alone is failed as crashed), the rest goes on.

Synchronous and thread-safe to call from a thread: the language server runs
it in a thread so the event loop stays free; ``cancel`` stops it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ragex_lsp import resources, worker
from ragex_lsp.core.batching import Batch, BatchPlanner
from ragex_lsp.discovery import SourceFile
from ragex_lsp.settings import Settings

log = logging.getLogger("ragex.indexer")

#: batches kept in flight per worker
IN_FLIGHT_PER_WORKER = 2
#: a worker whose RSS passes this share of its memory limit is recycled
RECYCLE_SHARE = 0.75
#: at most this many progress reports per second
PROGRESS_HZ = 4.0

ExecutorFactory = Callable[[int, worker.WorkerConfig], Executor]


class WorkerLost(Exception):
    """An executor's task whose workers died running it (what BrokenProcessPool is for one pool)."""


class Progress(NamedTuple):
    done: int
    total: int
    files_per_second: float
    eta_seconds: float | None
    active_workers: int


@dataclass
class Metrics:
    """What one run did, how fast, and what it could not do."""

    mode: str = "sequential"
    workers: int = 1
    files_total: int = 0
    files_ok: int = 0
    symbols: int = 0
    bytes: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)
    wall_seconds: float = 0.0
    busy_seconds: float = 0.0  # summed batch time inside workers
    file_seconds: float = 0.0  # summed per-file time
    batches: int = 0
    pool_restarts: int = 0
    peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> bytes
    last_finish: dict[int, float] = field(default_factory=dict)  # worker pid -> time.time()
    cancelled: bool = False
    plan: tuple[str, ...] = ()

    @property
    def tail_seconds(self) -> float:
        """From the first worker going idle for good to the last one finishing."""
        ends = list(self.last_finish.values())
        return max(ends) - min(ends) if len(ends) > 1 else 0.0

    @property
    def failures_by_reason(self) -> Counter[str]:
        return Counter(_reason_class(reason) for _, reason in self.failed)

    def as_dict(self) -> dict:
        wall = self.wall_seconds or 1e-9
        return {
            "mode": self.mode,
            "workers": self.workers,
            "files_total": self.files_total,
            "files_ok": self.files_ok,
            "files_skipped": sum(self.skipped.values()),
            "files_failed": len(self.failed),
            "skipped_by_reason": dict(self.skipped),
            "failed_by_reason": dict(self.failures_by_reason),
            "failures": [{"path": p, "reason": r} for p, r in self.failed],
            "symbols": self.symbols,
            "bytes": self.bytes,
            "wall_seconds": round(self.wall_seconds, 3),
            "files_per_second": round(self.files_ok / wall, 1),
            "mb_per_second": round(self.bytes / wall / 1e6, 2),
            "mean_file_ms": round(1000 * self.file_seconds / max(1, self.files_ok), 3),
            "worker_utilization": round(self.busy_seconds / (wall * self.workers), 3),
            "batch_efficiency": round(self.file_seconds / self.busy_seconds, 3) if self.busy_seconds else None,
            "speedup": round(self.file_seconds / wall, 2),
            "batches": self.batches,
            "tail_seconds": round(self.tail_seconds, 3),
            "pool_restarts": self.pool_restarts,
            "peak_worker_rss_mb": round(max(self.peak_rss.values(), default=0) / 2**20, 1),
            "cancelled": self.cancelled,
            "plan": list(self.plan),
        }


def _reason_class(reason: str) -> str:
    return reason.split(":", 1)[0].split(" after ")[0]


def process_pool(workers: int, config: worker.WorkerConfig) -> Executor:
    """The default executor: ``spawn`` workers initialised by :func:`worker.init_worker`."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.init_worker,
        initargs=(config,),
    )


def _processes(executor: Executor) -> dict[int, Any]:
    """The worker processes of a ProcessPoolExecutor (pid -> Process), if any."""
    return dict(getattr(executor, "_processes", None) or {})


def _kill(executor: Executor, known: dict[int, Any] | None = None) -> dict[int, int | None]:
    """Stop ``executor`` now; the exit codes of its processes (pid -> code).

    ``known`` adds processes seen earlier: a broken pool may already have
    forgotten the one that died, and that one's exit code says why.
    """
    processes = {**(known or {}), **_processes(executor)}
    for proc in processes.values():
        if proc.exitcode is None:
            with contextlib.suppress(OSError, AttributeError):
                proc.kill()
    executor.shutdown(wait=False, cancel_futures=True)
    codes = {}
    deadline = time.monotonic() + 2
    for pid, proc in processes.items():
        with contextlib.suppress(AssertionError, AttributeError):
            proc.join(2)
        # The pool's manager thread may have reaped this process between our
        # waitpid calls (ours then sees ECHILD and None); its join stores the
        # code on the same object a moment later.
        while proc.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.01)
        codes[pid] = proc.exitcode
    return codes


def _death_reason(codes: dict[int, int | None], memory_exit: bool = False) -> str:
    if memory_exit or worker.EXIT_MEMORY in codes.values():
        return "crashed: passed the worker memory limit"
    for code in codes.values():
        if code is not None and code < 0 and -code != signal.SIGKILL:
            return f"crashed: worker killed by {signal.Signals(-code).name}"
    for code in codes.values():
        if code == -signal.SIGKILL:
            return "crashed: worker killed by SIGKILL (out of memory?)"
    return "crashed: worker died"


class Indexer:
    """Runs one indexing job at a time; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        encoding: str = "utf-16",
        executor_factory: ExecutorFactory = process_pool,
        machine: resources.Machine | None = None,
    ) -> None:
        self.settings = settings
        self.encoding = encoding
        self.executor_factory = executor_factory
        self.machine = machine

    def worker_config(self) -> worker.WorkerConfig:
        s = self.settings
        return worker.WorkerConfig(
            self.encoding, s.enable_shared_parsers, s.file_timeout_seconds, s.worker_memory_limit_mb, os.getpid()
        )

    def run(
        self,
        files: Sequence[SourceFile],
        on_files: Callable[[list[worker.FileResult]], None],
        on_progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Metrics:
        """Index ``files``; ``on_files`` gets each finished batch's results."""
        job = _Job(self, files, on_files, on_progress, cancel or threading.Event())
        return job.run()


class _Job:
    """One run's state: planner, pool, batches in flight, metrics."""

    def __init__(
        self,
        indexer: Indexer,
        files: Sequence[SourceFile],
        on_files: Callable[[list[worker.FileResult]], None],
        on_progress: Callable[[Progress], None] | None,
        cancel: threading.Event,
    ) -> None:
        self.indexer = indexer
        self.files = files
        self.on_files = on_files
        self.on_progress = on_progress
        self.cancel = cancel
        self.config = indexer.worker_config()
        self.metrics = Metrics(files_total=len(files))
        self.done = 0
        self.start = time.perf_counter()
        self.last_report = 0.0

    # -- shared -------------------------------------------------------------
    def run(self) -> Metrics:
        settings = self.indexer.settings
        machine = self.indexer.machine or resources.detect()
        plan = resources.plan(settings, machine, len(self.files), sum(f.size for f in self.files))
        self.metrics.plan = plan.reasons
        self.planner = BatchPlanner(
            self.files,
            plan.workers,
            settings.target_batch_time,
            settings.min_batch_size,
            settings.max_batch_size,
            resources.DEFAULT_RATE,
        )
        if plan.parallel:
            try:
                self._run_pool(plan.workers)
            except _PoolUnavailable as e:
                log.warning("process pool unavailable (%s); indexing sequentially", e)
                self.metrics.plan += (f"pool unavailable: {e}",)
                self._run_sequential()
        else:
            self._run_sequential()
        self.metrics.wall_seconds = time.perf_counter() - self.start
        self.metrics.cancelled = self.cancel.is_set()
        self._report(force=True)
        return self.metrics

    def _accept(self, batch: Batch, result: worker.BatchResult) -> None:
        m = self.metrics
        m.batches += 1
        m.busy_seconds += result.busy_seconds
        if result.pid:
            m.peak_rss[result.pid] = max(m.peak_rss.get(result.pid, 0), result.rss_bytes)
            m.last_finish[result.pid] = result.finished
        sizes = {f.path: f.size for f in batch.files}
        ok_bytes = 0
        for r in result.files:
            m.file_seconds += r.seconds
            if r.status == "ok":
                m.files_ok += 1
                m.symbols += len(r.payload)
                ok_bytes += sizes.get(r.path, 0)
            elif r.status == "skipped":
                m.skipped[str(r.payload)] += 1
            else:
                m.failed.append((r.path, str(r.payload)))
        m.bytes += ok_bytes
        self.planner.record(batch.language, ok_bytes, result.busy_seconds)
        self.done += len(result.files)
        self.on_files(result.files)

    def _fail(self, batch: Batch, reason: str) -> None:
        self._accept(
            batch,
            worker.BatchResult([worker.FileResult(f.path, "failed", reason, 0.0) for f in batch.files], 0.0, 0, 0),
        )

    def _report(self, force: bool = False, active: int = 0) -> None:
        if self.on_progress is None:
            return
        now = time.perf_counter()
        if not force and now - self.last_report < 1 / PROGRESS_HZ:
            return
        self.last_report = now
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        left = len(self.files) - self.done
        eta = left / rate if rate > 0 else None
        self.on_progress(Progress(self.done, len(self.files), rate, eta, active))

    # -- in-process ---------------------------------------------------------
    def _run_sequential(self) -> None:
        self.metrics.mode, self.metrics.workers = "sequential", 1
        worker.configure_in_process(self.config)
        while self.planner and not self.cancel.is_set():
            batch = self.planner.next_batch()
            if batch is None:
                break
            self._accept(batch, worker.run_batch(batch.language, tuple(f.path for f in batch.files)))
            self._report(active=1)

    # -- pool ---------------------------------------------------------------
    def _start(self, workers: int) -> Executor:
        try:
            return self.indexer.executor_factory(workers, self.config)
        except Exception as e:
            raise _PoolUnavailable(f"{type(e).__name__}: {e}") from e

    def _run_pool(self, workers: int) -> None:
        """Batches on a pool.  After a worker death every batch in flight is a
        suspect: suspects run one at a time (quarantine), so the next death
        names its batch, which is split until the culprit file is alone."""
        self.metrics.mode, self.metrics.workers = "parallel", workers
        timeout = self.indexer.settings.process_timeout_seconds
        limit = RECYCLE_SHARE * (self.indexer.settings.worker_memory_limit_mb << 20)
        memory_exits = multiprocessing.get_context("spawn").Value("i", 0)
        self.config = self.config._replace(memory_exits=memory_exits)
        memory_exits_seen = 0
        pool = self._start(workers)
        again: list[Batch] = []  # innocent batches to run again
        quarantine: list[Batch] = []  # suspects, run alone
        inflight: dict[Future, tuple[Batch, float]] = {}
        solo: set[Future] = set()  # suspects in flight, each alone, so a death names it
        seen: dict[int, Any] = {}  # this pool's worker processes, kept for their exit codes
        started = recycle = False
        try:
            while (self.planner or again or quarantine or inflight) and not self.cancel.is_set():
                room = 1 if quarantine or not solo.isdisjoint(inflight) else workers * IN_FLIGHT_PER_WORKER
                while not recycle and len(inflight) < room:
                    source = quarantine if quarantine else again
                    batch = source.pop() if source else self.planner.next_batch()
                    if batch is None:
                        break
                    try:
                        future = pool.submit(worker.run_batch, batch.language, tuple(f.path for f in batch.files))
                    except (BrokenProcessPool, RuntimeError) as e:
                        if not started:
                            raise _PoolUnavailable(str(e)) from e
                        source.append(batch)
                        break
                    inflight[future] = (batch, time.monotonic() + timeout)
                    if source is quarantine:
                        solo.add(future)
                    seen.update(_processes(pool))
                if not inflight:
                    if not recycle:
                        break
                    pool.shutdown(wait=True)
                    pool, recycle = self._start(workers), False
                    seen.clear()
                    self.metrics.pool_restarts += 1
                    continue
                finished, _ = wait(inflight, timeout=0.1, return_when=FIRST_COMPLETED)
                broken = False
                for future in finished:
                    batch, deadline = inflight.pop(future)
                    alone = future in solo
                    solo.discard(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        inflight[future] = (batch, deadline)  # a suspect, handled below
                        continue
                    except WorkerLost as e:  # bisect; a single file is guilty only if it ran alone
                        if alone or len(batch.files) > 1:
                            quarantine.extend(self._split(batch, False, f"crashed: {e}"))
                        else:
                            quarantine.append(batch)
                        continue
                    except Exception as e:
                        log.warning("batch of %d %s files failed: %s", len(batch.files), batch.language, e)
                        self._fail(batch, f"worker error: {type(e).__name__}: {e}")
                        continue
                    started = True
                    self._accept(batch, result)
                    # only a pool of our own processes is recycled (a cluster's workers are Dask's)
                    recycle = recycle or (result.rss_bytes > limit and bool(seen))
                now = time.monotonic()
                late = {f for f, (_, deadline) in inflight.items() if now > deadline}
                if broken or late:
                    codes = _kill(pool, seen)
                    reason = _death_reason(codes, memory_exits.value > memory_exits_seen)
                    memory_exits_seen = memory_exits.value
                    seen.clear()
                    self.metrics.pool_restarts += 1
                    alone = len(inflight) == 1
                    for future, (batch, _) in inflight.items():
                        if future in late:
                            quarantine.extend(self._split(batch, True, reason))
                        elif broken and alone:  # it died alone: it is the culprit
                            quarantine.extend(self._split(batch, False, reason))
                        elif broken:
                            quarantine.append(batch)
                        else:
                            again.append(batch)  # killed only because another batch hung
                    inflight.clear()
                    solo.clear()
                    pool, recycle = self._start(workers), False
                    if not started:
                        self._probe(pool)
                        started = True
                self._report(active=min(workers, len(inflight)))
        finally:
            if inflight or self.cancel.is_set():
                _kill(pool)
            else:
                pool.shutdown(wait=True)

    def _probe(self, pool: Executor) -> None:
        """Raise :class:`_PoolUnavailable` unless ``pool`` runs an empty batch."""
        try:
            pool.submit(worker.run_batch, "python", ()).result(timeout=120)
        except Exception as e:
            _kill(pool)
            raise _PoolUnavailable(f"workers do not start: {type(e).__name__}: {e}") from e

    def _split(self, batch: Batch, late: bool, reason: str) -> list[Batch]:
        """The parts of a guilty batch to run again (none if it is one file: that file fails)."""
        files = batch.files
        if len(files) == 1:
            why = f"timed out after {self.indexer.settings.process_timeout_seconds:g} s" if late else reason
            log.warning("%s: %s", files[0].path, why)
            self._fail(batch, why)
            return []
        if late:  # the hang is somewhere in here: one file per task
            parts = [files[i : i + 1] for i in range(len(files))]
        else:  # bisect towards the file that kills workers
            half = (len(files) + 1) // 2
            parts = [files[:half], files[half:]]
        return [Batch(batch.language, part, 0.0) for part in reversed(parts)]


class _PoolUnavailable(Exception):
    pass
