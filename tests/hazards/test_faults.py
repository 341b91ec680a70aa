"""Injected faults the other test files do not cover: SIGKILLed workers, a full or read-only
cache disk, a storm of saves, a storm of requests, a file rewritten while it is read.

Each checks that nothing already indexed is lost and that no process is left behind.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from benchmarks.rpc import RawClient
from tests.lsp_helpers import write
from tests.reliability import row
from tests.test_indexer import assert_only_failed, run
from tests.test_indexer import workspace as fault_workspace
from tests.test_lsp_lifecycle import big_workspace, gone

SERVER = [sys.executable, "-m", "ragex_lsp"]


@pytest.fixture
def clients() -> Iterator[list[RawClient]]:
    started: list[RawClient] = []
    yield started
    for client in started:
        client.close()


def start(clients: list[RawClient], root: Path, **kwargs: Any) -> RawClient:
    client = RawClient(root, **kwargs)
    clients.append(client)
    client.initialize()
    return client


def stop(client: RawClient) -> None:
    """Shutdown and exit; the server and every process it started are gone."""
    descendants = [p.pid for p in client.children()]
    client.response(client.send("shutdown"))
    client.send("exit", request=False)
    assert client.proc.wait(10) == 0
    assert gone(descendants, 5)


def wait_idle(client: RawClient, timeout: float = 60.0) -> dict:
    """``ragex.stats`` once no job runs and no change is pending."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stats = client.stats()
        if not stats["indexing"] and stats["metrics"] is not None:
            return stats
        time.sleep(0.05)
    raise TimeoutError("the server stayed busy")


def names(client: RawClient, query: str) -> list[str]:
    return [s["name"] for s in client.symbols(query)["result"]]


def workers(client: RawClient) -> list[psutil.Process]:
    """The server's pool workers (not multiprocessing's resource tracker)."""
    out = []
    for proc in client.children():
        try:
            if "--multiprocessing-fork" in proc.cmdline():
                out.append(proc)
        except psutil.Error:
            pass
    return out


@row(
    "fault",
    "worker killed with SIGKILL mid-batch",
    "that file fails as 'crashed: worker killed by SIGKILL'; all else is indexed",
)
def test_worker_sigkilled_mid_batch_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAGEX_FAULT_INJECTION", "1")
    metrics, results = run(fault_workspace(tmp_path, {"killer.py": "kill"}))
    assert_only_failed(metrics, results, "killer.py", "crashed: worker killed by SIGKILL")
    assert metrics.pool_restarts >= 1


@row(
    "fault",
    "worker killed with SIGKILL from outside",
    "the batch in flight is retried on a fresh pool: every file is indexed, none lost",
)
def test_worker_killed_from_outside_loses_nothing(clients: list[RawClient], tmp_path: Path) -> None:
    big_workspace(tmp_path, 1500)
    client = start(clients, tmp_path, env={"RAGEX_MAX_WORKERS": "2", "RAGEX_TARGET_BATCH_TIME": "0.05"})
    client.progress("report")
    victims = workers(client)
    assert victims, "indexing should run on worker processes"
    victims[0].send_signal(signal.SIGKILL)
    client.progress("end", timeout=120)
    stats = client.stats()
    assert stats["files"] == 1500 and stats["metrics"]["pool_restarts"] >= 1
    assert not stats["metrics"]["failures"]
    assert names(client, "Model1499") == ["Model1499"]
    stop(client)


def busy_cpu(pid: int, seconds: float) -> float:
    """The share of one CPU that process ``pid`` (and its children) used over ``seconds``."""
    procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]

    def total() -> float:
        return sum(sum(p.cpu_times()[:2]) for p in procs if p.is_running())

    before = total()
    time.sleep(seconds)
    return (total() - before) / seconds


@row(
    "fault",
    "1,000 didSave notifications within a second",
    "coalesced with watched-file changes: a few re-extractions, no backlog, the last content indexed",
)
def test_a_thousand_saves_are_coalesced(clients: list[RawClient], tmp_path: Path) -> None:
    target = tmp_path / "busy.py"
    body = "".join(f"def filler_{j}(x):\n    return x * {j}\n\n" for j in range(1500))  # ~15 ms to extract
    write(tmp_path, {"busy.py": "def version_0(): pass\n" + body, "other.py": "def untouched(): pass\n"})
    client = start(clients, tmp_path)
    client.progress("end")
    uri = target.as_uri()
    began = time.monotonic()
    for i in range(1, 1001):
        if i % 100 == 0:
            target.write_text(f"def version_{i}(): pass\n" + body)
        client.send("textDocument/didSave", {"textDocument": {"uri": uri}}, request=False)
    sent = time.monotonic() - began
    assert sent < 1.0, f"the saves took {sent:.2f} s to send"
    deadline = time.monotonic() + 10
    while names(client, "version_1000") != ["version_1000"]:
        assert time.monotonic() < deadline, "the last save was not indexed"
        time.sleep(0.05)
    stats = wait_idle(client, timeout=5)
    assert busy_cpu(client.proc.pid, 1.0) < 0.3  # no backlog of re-extractions left running
    assert [n for n in names(client, "version_") if n.startswith("version_")] == ["version_1000"]
    assert names(client, "untouched") == ["untouched"] and stats["files"] == 2
    stop(client)
