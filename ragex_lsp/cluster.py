"""Index on a Dask cluster: connect to its scheduler, probe what the workers see, run the batches there.

``ragex index --scheduler tcp://HOST:PORT`` (or ``RAGEX_SCHEDULER``) runs the
indexer's batches on the workers of a Dask ``distributed`` scheduler instead
of a local process pool.  The indexer is the same (batching, progress,
metrics, crash handling); only its executor differs: :class:`ClusterExecutor`
is a ``concurrent.futures.Executor`` over a ``distributed.Client``.

- Each batch is :func:`ragex_lsp.worker.run_task` with the job's worker
  configuration; a worker thread builds its parsers on its first task and
  keeps them (once per worker process with ``--nthreads 1``).
- Batches carry paths when every worker sees the client's files (same path,
  size and mtime: a shared filesystem), else the files' bytes, read here;
  :meth:`Cluster.probe` decides unless ``--transfer`` says.
- A worker lost mid-run costs nothing: Dask runs its tasks again elsewhere.
  A task whose workers died ``distributed.scheduler.allowed-failures`` + 1
  times (Dask's ``KilledWorker``) becomes :class:`ragex_lsp.indexer.WorkerLost`,
  which the indexer bisects like a local crash.  A task still running past
  the process timeout when the indexer gives up on it has its worker
  restarted (a thread cannot be stopped otherwise).
- Workers must run the same ragex and grammars as the client: checked on
  connect, by the cache's version stamp.

``distributed`` is an optional extra (``pip install 'ragex-lsp[distributed]'``),
imported only here and only when a scheduler is used.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from typing import Any

from ragex_lsp import cache, worker
from ragex_lsp.discovery import SourceFile
from ragex_lsp.indexer import ExecutorFactory, WorkerLost

log = logging.getLogger("ragex.cluster")

INSTALL = "pip install 'ragex-lsp[distributed]'"
#: files whose stat the workers are asked about to decide between paths and bytes
PROBE_FILES = 3
TRANSFERS = ("auto", "paths", "bytes")


class ClusterError(Exception):
    """The cluster cannot be used (not installed, unreachable, no workers, other versions)."""


class Cluster:
    """A connection to a Dask scheduler; :func:`connect` makes one."""

    def __init__(self, client: Any, address: str) -> None:
        self.client = client
        self.address = address

    @property
    def threads(self) -> int:
        """Worker threads on the cluster now (the indexer's worker count)."""
        return sum(self.client.nthreads().values())

    def probe(self, files: Sequence[SourceFile]) -> str:
        """``paths`` if every worker sees a sample of ``files`` as this process does, else ``bytes``."""
        if not files:
            return "paths"
        picks = {files[0].path, files[len(files) // 2].path, files[-1].path}
        sample = []
        for path in sorted(picks)[:PROBE_FILES]:
            try:
                st = os.stat(path)
            except OSError:
                continue
            sample.append((path, st.st_size, st.st_mtime_ns))
        if not sample:
            return "bytes"
        try:
            seen = self.client.run(worker.sees, sample)
        except Exception as e:
            log.warning("probing the workers' filesystem failed (%s); sending file contents", e)
            return "bytes"
        return "paths" if seen and all(seen.values()) else "bytes"

    def executor_factory(self, transfer: str, stuck_after: float) -> ExecutorFactory:
        """What :class:`ragex_lsp.indexer.Indexer` takes: a :class:`ClusterExecutor` per pool."""
        if transfer not in ("paths", "bytes"):
            raise ValueError(f"transfer must be paths or bytes, not {transfer!r}")

        def factory(workers: int, config: worker.WorkerConfig) -> Executor:
            # the parent watch and the shared memory counter are for local processes only
            remote = config._replace(parent_pid=0, memory_exits=None)
            return ClusterExecutor(self.client, remote, transfer == "bytes", stuck_after)

        return factory

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(address: str, encoding: str, timeout: float = 30.0) -> Cluster:
    """Connect to the scheduler at ``address`` and check its workers; :class:`ClusterError` if unusable."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask's distributed package: {INSTALL}") from None
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
        here = cache.stamp(encoding)
        try:
            stamps = client.run(cache.stamp, encoding)
        except Exception as e:
            raise ClusterError(f"the workers cannot run ragex ({INSTALL} on every worker): {e}") from None
        other = sorted(addr for addr, s in stamps.items() if s != here)
        if other:
            raise ClusterError(
                f"{len(other)} worker(s) run another version of ragex or its grammars ({other[0]}: "
                f"{stamps[other[0]]}; here: {here})"
            )
    except (TimeoutError, OSError) as e:
        client.close()
        raise ClusterError(f"no workers on the Dask scheduler at {address} within {timeout:g} s ({e})") from None
    except BaseException:
        client.close()
        raise
    return Cluster(client, address)


class ClusterExecutor(Executor):
    """A ``concurrent.futures.Executor`` over a ``distributed.Client`` for the indexer's batches.

    ``submit(worker.run_batch, language, paths)`` runs :func:`worker.run_task`
    on the cluster (with the files' bytes when ``carry_bytes``); any other
    function is submitted as it is.  Futures are plain ``concurrent.futures``
    futures; a ``KilledWorker`` becomes :class:`WorkerLost`.
    """

    def __init__(self, client: Any, config: worker.WorkerConfig, carry_bytes: bool, stuck_after: float) -> None:
        self._client = client
        self._config = config
        self._carry_bytes = carry_bytes
        self._stuck_after = stuck_after
        self._lock = threading.Lock()
        self._tasks: dict[Any, float] = {}  # Dask future -> time.monotonic() at submission
        self._closed = False

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        name = getattr(fn, "__name__", "task")
        if fn is worker.run_batch:
            language, paths = args
            files = tuple((p, worker.read_source(p)) for p in paths) if self._carry_bytes else tuple(paths)
            fn, args, name = worker.run_task, (self._config, language, files), f"{language}-batch"
        task = self._client.submit(fn, *args, key=f"ragex-{name}-{uuid.uuid4().hex}", pure=False, **kwargs)
        outer: Future = Future()
        with self._lock:
            self._tasks[task] = time.monotonic()
        task.add_done_callback(lambda done: self._relay(done, outer))
        return outer

    def _relay(self, task: Any, outer: Future) -> None:
        """In Dask's callback thread: pass the task's outcome on to ``outer``."""
        from distributed.scheduler import KilledWorker

        with self._lock:
            self._tasks.pop(task, None)
        if task.status == "cancelled":
            if outer.cancel():
                outer.set_running_or_notify_cancel()
            return
        try:
            result = task.result()
        except KilledWorker as e:
            error: BaseException = WorkerLost(f"worker died on the cluster ({e.allowed_failures + 1} attempts)")
        except BaseException as e:
            error = e
        else:
            if not outer.cancelled():
                outer.set_result(result)
            return
        if not outer.cancelled():
            outer.set_exception(error)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._closed = True
        with self._lock:
            tasks = dict(self._tasks)
        if not tasks:
            return
        if cancel_futures:
            now = time.monotonic()
            stuck = [t for t, started in tasks.items() if now - started > self._stuck_after]
            workers = self._running_on(stuck)
            self._client.cancel(list(tasks))
            if workers:
                self._restart(workers)
        elif wait:
            import distributed

            distributed.wait(list(tasks))

    def _running_on(self, tasks: list[Any]) -> list[str]:
        """The workers whose threads are running ``tasks`` now."""
        if not tasks:
            return []
        try:
            stacks = self._client.call_stack(keys=[t.key for t in tasks])
        except Exception as e:
            log.warning("cannot ask the cluster which workers run stuck batches: %s", e)
            return []
        return sorted(addr for addr, running in stacks.items() if running)

    def _restart(self, workers: list[str]) -> None:
        log.warning("restarting %d cluster worker(s) running batches past the timeout", len(workers))
        try:
            self._client.restart_workers(workers, timeout=60, raise_for_error=False)
        except Exception as e:
            log.warning("could not restart cluster worker(s) %s: %s", ", ".join(workers), e)
