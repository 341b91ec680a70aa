"""Indexing on a Dask cluster: a LocalCluster of worker processes on loopback gives what a local run gives,
also when a worker dies mid-run, a file kills workers or hangs, or the batches carry the files' bytes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import distributed  # the test extra pulls it in (ragex-lsp[distributed])
import pytest

from ragex_lsp import cluster, worker
from ragex_lsp.discovery import SourceFile, discover
from ragex_lsp.indexer import Indexer, Metrics
from ragex_lsp.resources import Machine
from ragex_lsp.settings import Settings, from_editor, from_env
from ragex_lsp.worker import FileResult

#: a roomy, idle machine, so local plans do not depend on this one's load
MACHINE = Machine(2, 2, None, 16000, 16000, None, False, 0.0)
BATCHES = {"min_batch_size": 4, "max_batch_size": 8}


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two single-threaded worker processes (fault injection on), one retry before KilledWorker."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            env={"RAGEX_FAULT_INJECTION": "1"},
        )
    try:
        yield local.scheduler_address
    finally:
        local.close()


@pytest.fixture
def connection(scheduler: str) -> Iterator[cluster.Cluster]:
    with cluster.connect(scheduler, "utf-16") as c:
        c.client.wait_for_workers(2, timeout=60)
        yield c


def run(
    files: list[SourceFile], connection: cluster.Cluster | None, transfer: str = "paths", **settings: object
) -> tuple[Metrics, dict[str, FileResult]]:
    """Index ``files`` on the cluster (or on a local pool without ``connection``); results by path."""
    results: dict[str, FileResult] = {}

    def collect(batch: list[FileResult]) -> None:
        for r in batch:
            assert r.path not in results, f"{r.path} reported twice"
            results[r.path] = r
        on_batch(batch)

    on_batch = settings.pop("on_batch", lambda batch: None)
    current = Settings(**{"max_workers": 2, **BATCHES, **settings})  # type: ignore[arg-type]
    if connection is None:
        indexer = Indexer(current, machine=MACHINE)
    else:
        factory = connection.executor_factory(transfer, current.process_timeout_seconds)
        indexer = Indexer(current, machine=MACHINE, executor_factory=factory)
    return indexer.run(files, collect), results


def outcome(results: dict[str, FileResult]) -> dict[str, tuple[str, object, int]]:
    return {path: (r.status, r.payload, r.digest) for path, r in results.items()}


def stdlib_files(count: int = 120) -> list[SourceFile]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    return discover([str(stdlib / "json"), str(stdlib / "email"), str(stdlib / "asyncio")], Settings()).files[:count]


def workspace(root: Path, faults: dict[str, str], count: int = 24) -> list[SourceFile]:
    for i in range(count):
        (root / f"m{i:03}.py").write_text(f"class C{i}:\n    def m{i}(self):\n        pass\n")
    for name, fault in faults.items():
        (root / name).write_text(f"# RAGEX-FAULT:{fault}\ndef victim(): pass\n")
    return discover([str(root)], Settings()).files


def test_cluster_run_equals_a_local_run(connection: cluster.Cluster) -> None:
    files = stdlib_files()
    assert connection.probe(files) == "paths"  # the workers share this filesystem
    on_cluster, remote = run(files, connection)
    local, here = run(files, None)
    assert (on_cluster.mode, local.mode) == ("parallel", "parallel")
    assert outcome(remote) == outcome(here) and on_cluster.symbols == local.symbols > 1000
    assert not on_cluster.failed and on_cluster.batches > 2 * connection.threads
    assert len(remote) == len(files) and on_cluster.files_ok == local.files_ok
    # parsers are built once per worker thread (here: per worker process), not per task
    built = connection.client.run(worker.thread_extractors)
    assert sorted(built.values()) == [1, 1], built


def test_batches_can_carry_the_bytes(connection: cluster.Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files only the client can read (not on the workers' disks) are indexed from the bytes it sends."""
    texts = {f"/client-only/pkg/m{i}.py": f"def only_here_{i}():\n    pass\n" for i in range(20)}
    files = [SourceFile(path, "python", len(text)) for path, text in texts.items()]
    assert connection.probe(files) == "bytes"

    def read_here(path: str) -> worker.Source:
        data = texts[path].encode()
        return worker.Source(len(data), 12345, data)

    monkeypatch.setattr(worker, "read_source", read_here)  # this process only, not the workers
    metrics, results = run(files, connection, "bytes")
    assert metrics.files_ok == 20 and not metrics.failed
    for i, path in enumerate(texts):
        assert [s.name for s in results[path].payload] == [f"only_here_{i}"]  # type: ignore[union-attr]
        assert (results[path].mtime_ns, results[path].digest) == (12345, worker.content_digest(texts[path].encode()))
    _, by_path = run(files, connection, "paths")  # the same batches by path: the workers cannot see them
    assert {r.payload for r in by_path.values()} == {"vanished before it was read"}


def test_bytes_transfer_equals_a_local_run(connection: cluster.Cluster) -> None:
    files = stdlib_files(60)
    _, remote = run(files, connection, "bytes")
    _, here = run(files, None)
    assert outcome(remote) == outcome(here)


def test_a_worker_killed_mid_run_costs_nothing(connection: cluster.Cluster) -> None:
    files = stdlib_files()
    client = connection.client
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(batch: list[FileResult]) -> None:
        if killed:
            return
        busy = [addr for addr, keys in client.processing().items() if keys and addr in pids]
        if busy:
            killed.append(pids[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)

    metrics, remote = run(files, connection, target_batch_time=0.05, on_batch=kill_a_busy_worker)
    assert killed, "no worker was busy when the first batch came back"
    _, here = run(files, None)
    assert outcome(remote) == outcome(here) and not metrics.failed
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()  # it really died (and its nanny started another)


def test_a_file_that_kills_workers_fails_alone(connection: cluster.Cluster, tmp_path: Path) -> None:
    files = workspace(tmp_path, {"boom.py": "crash"})
    metrics, remote = run(files, connection)
    assert metrics.failed == [(str(tmp_path / "boom.py"), "crashed: worker died on the cluster (2 attempts)")]
    assert metrics.failures_by_reason == {"crashed": 1}
    ok = {p: r for p, r in remote.items() if r.status == "ok"}
    assert len(ok) == len(files) - 1 == metrics.files_ok
    _, here = run([f for f in files if not f.path.endswith("boom.py")], None)
    assert outcome(ok) == outcome(here)


def test_a_hanging_file_times_out_alone_and_its_worker_is_restarted(
    connection: cluster.Cluster, tmp_path: Path
) -> None:
    files = workspace(tmp_path, {"stuck.py": "hang"}, count=12)
    pids = set(connection.client.run(os.getpid).values())
    metrics, remote = run(files, connection, process_timeout_seconds=2.0)
    assert metrics.failed == [(str(tmp_path / "stuck.py"), "timed out after 2 s")]
    assert metrics.files_ok == len(files) - 1 == sum(r.status == "ok" for r in remote.values())
    connection.client.wait_for_workers(2, timeout=60)
    assert pids - set(connection.client.run(os.getpid).values())  # the stuck one was restarted


def ragex(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ragex_lsp.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **(env or {})},
    )


def rows(path: Path) -> dict[str, tuple[int, int, bytes]]:
    with sqlite3.connect(path) as db:
        return {
            rel: (size, digest, blob)
            for rel, size, digest, blob in db.execute("SELECT path, size, digest, symbols FROM files")
        }


def test_cli_on_a_cluster_writes_the_same_index_file(scheduler: str, tmp_path: Path) -> None:
    root = Path(sysconfig.get_paths()["stdlib"]) / "json"
    result = ragex(
        "index", str(root), "--output", str(tmp_path / "cluster.sqlite"), "--json", env={"RAGEX_SCHEDULER": scheduler}
    )
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["mode"] == "distributed" and metrics["workers"] == 2 and metrics["files_failed"] == 0
    assert f"Dask cluster {scheduler}: 2 worker threads, batches carry paths" in result.stderr
    local = ragex("index", str(root), "--output", str(tmp_path / "local.sqlite"))
    assert local.returncode == 0, local.stderr
    assert rows(tmp_path / "cluster.sqlite") == rows(tmp_path / "local.sqlite") != {}


def test_without_distributed_the_flag_gives_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "site" / "distributed"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('not installed (test)')\n")
    env = {"PYTHONPATH": f"{blocker.parent}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = ragex("index", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786", env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "ragex: error: --scheduler needs Dask's distributed package: pip install 'ragex-lsp[distributed]'\n"
    )


def test_unreachable_scheduler_and_bad_addresses_are_clear(tmp_path: Path) -> None:
    with pytest.raises(cluster.ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        cluster.connect("tcp://127.0.0.1:9", "utf-16", timeout=1)
    result = ragex("index", str(tmp_path), "--scheduler", "no-port-here")
    assert result.returncode == 2 and "is not a scheduler address (tcp://HOST:PORT)" in result.stderr


def test_scheduler_and_index_file_settings(caplog: pytest.LogCaptureFixture) -> None:
    s = from_env({"RAGEX_SCHEDULER": "10.0.0.5:8786", "RAGEX_INDEX_FILE": "~/shared/index.sqlite"})
    assert s.scheduler == "tcp://10.0.0.5:8786" and s.source("scheduler") == "environment"
    assert s.index_file == os.path.expanduser("~/shared/index.sqlite")
    assert from_editor({"ragex": {"indexFile": "/srv/ragex.sqlite"}}, s).index_file == "/srv/ragex.sqlite"
    assert from_env({"RAGEX_SCHEDULER": "tls://sched.example:8786"}).scheduler == "tls://sched.example:8786"
    assert from_env({"RAGEX_SCHEDULER": "http://x"}).scheduler is None
    assert "RAGEX_SCHEDULER='http://x' is not a scheduler address (tcp://HOST:PORT); using auto" in caplog.text


if sys.platform != "linux":  # pragma: no cover
    pytest.skip("cluster tests need Linux", allow_module_level=True)
