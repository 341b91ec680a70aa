"""The indexer on a real spawn pool, with injected faults: each costs one file."""

from __future__ import annotations

import logging
import os
import sys
import sysconfig
from concurrent.futures import Executor
from pathlib import Path

import pytest

from ragex_lsp.discovery import SourceFile, discover
from ragex_lsp.indexer import Indexer, Metrics
from ragex_lsp.resources import Machine
from ragex_lsp.settings import Settings
from ragex_lsp.worker import FileResult, WorkerConfig
from tests.reliability import row

#: a roomy, idle machine, so plans do not depend on this one's load
MACHINE = Machine(2, 2, None, 16000, 16000, None, False, 0.0)


def workspace(tmp_path: Path, faults: dict[str, str], count: int = 40) -> list[SourceFile]:
    for i in range(count):
        (tmp_path / f"m{i:03}.py").write_text(f"class C{i}:\n    def m{i}(self):\n        pass\n")
    for name, fault in faults.items():
        (tmp_path / name).write_text(f"# RAGEX-FAULT:{fault}\ndef victim(): pass\n")
    return discover([str(tmp_path)], Settings()).files


def run(files: list[SourceFile], **settings: object) -> tuple[Metrics, dict[str, FileResult]]:
    results: dict[str, FileResult] = {}

    def collect(batch: list[FileResult]) -> None:
        for r in batch:
            assert r.path not in results, f"{r.path} reported twice"
            results[r.path] = r

    base = {"max_workers": 2, "min_batch_size": 4, "max_batch_size": 8}
    metrics = Indexer(Settings(**{**base, **settings}), machine=MACHINE).run(files, collect)  # type: ignore[arg-type]
    return metrics, results


def assert_only_failed(metrics: Metrics, results: dict[str, FileResult], name: str, reason: str) -> None:
    assert metrics.mode == "parallel"
    failed = {Path(p).name: r for p, r in metrics.failed}
    assert list(failed) == [name] and reason in failed[name], metrics.failed
    ok = [r for r in results.values() if r.status == "ok"]
    assert len(ok) == len(results) - 1 and metrics.files_ok == len(ok)
    assert metrics.symbols == sum(len(r.payload) for r in ok)


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAGEX_FAULT_INJECTION", "1")


@row(
    "fault",
    "worker crashing (SIGSEGV) mid-batch",
    "suspect batches run alone and are bisected: the crashing file fails, all else is indexed",
)
@pytest.mark.usefixtures("faults")
def test_segfault_costs_one_file(tmp_path: Path) -> None:
    metrics, results = run(workspace(tmp_path, {"boom.py": "crash"}))
    assert_only_failed(metrics, results, "boom.py", "crashed: worker killed by SIGSEGV")
    assert metrics.pool_restarts >= 1


@row(
    "fault",
    "worker hanging past the timeout",
    "the batch is stopped and retried file by file; the file that hangs alone fails as 'timed out'",
)
@pytest.mark.usefixtures("faults")
def test_hang_costs_one_file(tmp_path: Path) -> None:
    metrics, results = run(workspace(tmp_path, {"stuck.py": "hang"}), process_timeout_seconds=3.0)
    assert_only_failed(metrics, results, "stuck.py", "timed out after 3 s")


@row(
    "fault",
    "worker memory exploding past its limit",
    "the worker exits at its limit; the file that pushes it past fails, all else is indexed",
)
@pytest.mark.usefixtures("faults")
def test_memory_limit_costs_one_file(tmp_path: Path) -> None:
    metrics, results = run(workspace(tmp_path, {"hog.py": "memory"}), worker_memory_limit_mb=300)
    assert_only_failed(metrics, results, "hog.py", "passed the worker memory limit")


@pytest.mark.usefixtures("faults")
def test_exception_costs_one_file(tmp_path: Path) -> None:
    metrics, results = run(workspace(tmp_path, {"bad.py": "raise"}))
    assert_only_failed(metrics, results, "bad.py", "extraction error: RuntimeError: injected fault")
    assert metrics.pool_restarts == 0


@pytest.mark.usefixtures("faults")
def test_grown_worker_is_recycled_between_batches(tmp_path: Path) -> None:
    files = workspace(tmp_path, {"grow.py": "grow"}, count=300)
    with open(tmp_path / "grow.py", "a") as f:
        f.write("# padding so that this file is the largest and goes first\n" * 20)
    metrics, results = run(discover([str(tmp_path)], Settings()).files, max_workers=1, worker_memory_limit_mb=180)
    assert len(results) == len(files)
    assert metrics.pool_restarts >= 1 and not metrics.failed
    assert all(r.status == "ok" for r in results.values())


@pytest.mark.usefixtures("faults")
def test_in_process_indexing_never_exits_the_caller_for_memory(tmp_path: Path) -> None:
    """The worker memory limit is for pool workers: in-process, a limit far
    below this process's size changes nothing, and a runaway file fails alone."""
    metrics, results = run(workspace(tmp_path, {"hog.py": "memory"}), use_parallel=False, worker_memory_limit_mb=1)
    assert metrics.mode == "sequential"
    assert metrics.failed == [(str(tmp_path / "hog.py"), "out of memory")]
    assert metrics.files_ok == len(results) - 1 == 40


@row(
    "hazard",
    "a file deleted between discovery and reading",
    "failed as 'vanished before it was read'; every other file indexed",
)
def test_vanished_and_unreadable_files(tmp_path: Path) -> None:
    files = workspace(tmp_path, {}, count=30)
    os.remove(files[3].path)
    files.append(SourceFile(str(tmp_path), "python", 10))  # a directory where a file was
    metrics, _ = run(files)
    reasons = dict(metrics.failed)
    assert reasons[files[3].path] == "vanished before it was read"
    assert reasons[str(tmp_path)].startswith("unreadable: ")
    assert metrics.files_ok == 29


def test_binary_and_minified_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "blob.py").write_bytes(b"x = 1\0\0\0")
    (tmp_path / "app.min2.js").write_text("var a=1;" * 2000)
    (tmp_path / "ok.js").write_text("function f() {}\n")
    metrics, _ = run(discover([str(tmp_path)], Settings()).files)
    assert metrics.skipped == {"binary": 1, "minified": 1} and metrics.files_ok == 1


@row(
    "fault",
    "the pool failing to start",
    "one warning, then indexing goes on in-process (sequential fallback), every file indexed",
)
def test_pool_that_cannot_start_falls_back_to_sequential(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    def broken(workers: int, config: WorkerConfig) -> Executor:
        raise OSError(24, "Too many open files")

    files = workspace(tmp_path, {})
    with caplog.at_level(logging.WARNING):
        metrics = Indexer(Settings(max_workers=2), machine=MACHINE, executor_factory=broken).run(files, lambda r: None)
    assert metrics.mode == "sequential" and metrics.files_ok == len(files)
    assert "process pool unavailable" in caplog.text and "Too many open files" in caplog.text


def stdlib_files() -> list[SourceFile]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    roots = [str(stdlib / name) for name in ("json", "email", "asyncio", "concurrent", "importlib")]
    return discover(roots, Settings()).files


def symbols_of(results: dict[str, FileResult]) -> dict[str, object]:
    return {path: r.payload for path, r in results.items()}


def test_parallel_equals_sequential_on_real_code() -> None:
    files = stdlib_files()
    assert len(files) > 50
    parallel, p_results = run(files, max_workers=2)
    sequential, s_results = run(files, use_parallel=False)
    assert (parallel.mode, sequential.mode) == ("parallel", "sequential")
    assert symbols_of(p_results) == symbols_of(s_results)
    assert parallel.symbols == sequential.symbols > 1000


def test_unshared_parsers_give_the_same_index() -> None:
    files = stdlib_files()[:40]
    _, shared = run(files, use_parallel=False)
    _, unshared = run(files, use_parallel=False, enable_shared_parsers=False)
    assert symbols_of(shared) == symbols_of(unshared)


def test_cancel_stops_and_keeps_what_was_indexed(tmp_path: Path) -> None:
    import threading

    files = workspace(tmp_path, {}, count=200)
    cancel = threading.Event()
    seen: list[FileResult] = []

    def collect(batch: list[FileResult]) -> None:
        seen.extend(batch)
        cancel.set()

    metrics = Indexer(Settings(max_workers=2, min_batch_size=4, max_batch_size=8), machine=MACHINE).run(
        files, collect, cancel=cancel
    )
    assert metrics.cancelled and 0 < len(seen) < len(files) and metrics.files_ok == len(seen)


def test_progress_reports(tmp_path: Path) -> None:
    files = workspace(tmp_path, {}, count=60)
    reports = []
    Indexer(Settings(use_parallel=False, min_batch_size=2, max_batch_size=4), machine=MACHINE).run(
        files, lambda r: None, reports.append
    )
    assert reports and reports[-1].done == reports[-1].total == len(files)
    assert all(a.done <= b.done for a, b in zip(reports, reports[1:]))


if sys.platform != "linux":  # pragma: no cover
    pytest.skip("process pool tests need Linux", allow_module_level=True)
