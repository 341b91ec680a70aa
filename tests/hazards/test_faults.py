"""Injected faults the other test files do not cover: SIGKILLed workers, a full or read-only
cache disk, a storm of saves, a storm of requests, a file rewritten while it is read.

Each checks that nothing already indexed is lost and that no process is left behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
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


def start(clients: list[RawClient], root: Path, wait: bool = False, **kwargs: Any) -> RawClient:
    """A server on ``root``, initialised (and, with ``wait``, done indexing)."""
    client = RawClient(root, **kwargs)
    clients.append(client)
    client.initialize()
    if wait:
        client.progress("end", timeout=120)
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


def in_mount_namespace(setup: str) -> list[str] | None:
    """The server command run after ``setup`` (mount commands) in a private mount namespace,
    or None where this process may not make one (not root, no ``unshare``)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return None
    if subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False).returncode != 0:
        return None
    return ["unshare", "-m", "sh", "-c", f'{setup} && exec "$@"', "sh", *SERVER]


@row(
    "fault",
    "the cache disk full or read-only",
    "one warning, the server goes on without its cache: every file indexed, every answer right",
)
@pytest.mark.parametrize("disk", ["full", "read-only"])
def test_cache_on_a_full_or_read_only_disk(clients: list[RawClient], tmp_path: Path, disk: str) -> None:
    root, cache_dir, log = tmp_path / "ws", tmp_path / "cache", tmp_path / "server.log"
    write(root, {f"pkg/mod_{i}.py": f"class Model{i}:\n    def run_{i}(self):\n        pass\n" for i in range(300)})
    cache_dir.mkdir()
    if disk == "full":  # a 64 KB disk: the first write of 300 files' symbols fills it
        setup = f"mount -t tmpfs -o size=64k tmpfs '{cache_dir}'"
    else:  # a cache written by an earlier run, then its disk remounted read-only
        stop(start(clients, root, env={"RAGEX_CACHE_DIR": str(cache_dir)}, wait=True))
        setup = f"mount --bind '{cache_dir}' '{cache_dir}' && mount -o remount,ro,bind '{cache_dir}'"
    command = in_mount_namespace(setup)
    if command is None:
        pytest.skip("needs root and unshare to mount a small or read-only disk")
    env = {"RAGEX_CACHE_DIR": str(cache_dir)}
    client = start(clients, root, env=env, command=[*command, "--log-file", str(log)], wait=True)
    time.sleep(2.5)  # past the cache thread's flush interval
    stats = client.stats()
    assert stats["files"] == 300 and not stats["metrics"]["failures"]
    assert names(client, "Model299") == ["Model299"] and names(client, "run_7")[0] == "run_7"
    stop(client)
    text = log.read_text(encoding="utf-8")
    (warning,) = [line for line in text.splitlines() if "going on without it" in line]
    assert ("full" if disk == "full" else "read-only file system") in warning.lower(), warning


def storm(client: RawClient, count: int, uri: str) -> dict[str, int]:
    """``count`` mixed requests sent back to back (with cancels among them); every one answered.
    How many answers of each kind came."""
    queries = ["Model1234", "Model77", "zzqqxx", "Mdl1499", "Model99", "model123"]  # few candidates each
    hover = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
    kinds: dict[int, str] = {}
    for i in range(count):
        what = i % 10
        if what < 6:
            msg_id = client.send("workspace/symbol", {"query": queries[i % len(queries)]})
        elif what == 6:
            msg_id = client.send("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        elif what == 7:
            msg_id = client.send("workspace/executeCommand", {"command": "ragex.stats"})
        elif what == 8:
            msg_id = client.send("textDocument/hover", hover)  # not a method of ours: MethodNotFound
        else:
            msg_id = client.send("workspace/symbol", {"query": "Model5"})
            client.send("$/cancelRequest", {"id": msg_id}, request=False)
        assert msg_id is not None
        kinds[msg_id] = ("cancellable", "unknown")[what == 8] if what >= 8 else "request"
    outcomes: dict[str, int] = {}
    deadline = time.monotonic() + 120
    while kinds:
        message = client.messages.get(timeout=max(0.1, deadline - time.monotonic()))
        kind = kinds.pop(message["id"], None) if "id" in message and "method" not in message else None
        if kind is None:
            continue
        code = message["error"]["code"] if "error" in message else None
        expected = {"request": None, "cancellable": -32800, "unknown": -32601}[kind]
        assert code in (None, expected), message
        key = "result" if code is None else f"error {code}"
        outcomes[key] = outcomes.get(key, 0) + 1
    return outcomes


@row(
    "fault",
    "a request storm of 5,000 mixed requests during indexing",
    "all answered (cancelled ones as RequestCancelled), indexing finishes, memory back to its level after",
)
def test_request_storm_during_indexing(clients: list[RawClient], tmp_path: Path) -> None:
    big_workspace(tmp_path, 1500)
    env = {"RAGEX_MAX_WORKERS": "2", "RAGEX_TARGET_BATCH_TIME": "0.05", "RAGEX_RESULT_LIMIT": "20"}
    client = start(clients, tmp_path, env=env)
    client.keep = False  # the test reads the queue itself
    path = tmp_path / "pkg0" / "mod_1.py"
    item = {"uri": path.as_uri(), "languageId": "python", "version": 1, "text": path.read_text()}
    client.send("textDocument/didOpen", {"textDocument": item}, request=False)
    client.progress("report")
    during = storm(client, 5000, path.as_uri())
    assert sum(during.values()) == 5000 and during["result"] >= 4000 and during["error -32601"] == 500
    stats = wait_idle(client, timeout=120)
    assert stats["files"] == 1500 and not stats["metrics"]["cancelled"] and not stats["metrics"]["failures"]
    time.sleep(1.0)  # merges done
    process = psutil.Process(client.proc.pid)
    level = process.memory_info().rss
    after = storm(client, 2000, path.as_uri())  # a storm more: memory comes back to where it was
    assert sum(after.values()) == 2000
    time.sleep(1.0)
    grown = process.memory_info().rss - level
    assert grown < max(0.1 * level, 32 << 20), f"RSS grew by {grown >> 20} MB over a storm"
    assert names(client, "Model1499") == ["Model1499"]
    stop(client)


@row(
    "fault",
    "a request storm of 5,000 mixed requests during indexing",
    "a search that gives way while a batch lands searches the segments it began with",
)
def test_search_survives_segments_added_while_it_waits() -> None:
    """A search that gives way while a batch lands searches what it began with (the storm's race)."""
    from ragex_lsp.core.index import Index
    from ragex_lsp.core.model import Kind, Symbol
    from ragex_lsp.core.search import Query

    def symbols(name: str) -> list[Symbol]:
        return [Symbol(name, Kind.FUNCTION, 0, 0, 0, 9, 0, 4, 0, 4 + len(name), -1, "", "")]

    index = Index()
    for part in range(3):
        index.update([(f"/ws/{part}/a{i}.py", symbols(f"alpha_{part}_{i}")) for i in range(3000)])
    for steps_before in range(1, 40):  # land the batch at every point the search gives way
        steps = index.search(Query("lph", 10))
        hits = None
        for _ in range(steps_before):
            try:
                next(steps)
            except StopIteration as done:
                hits = done.value
                break
        index.update([(f"/ws/new{steps_before}.py", symbols(f"alphabet_{steps_before}"))])
        while hits is None:
            try:
                next(steps)
            except StopIteration as done:
                hits = done.value
        assert len(hits) >= 10 and all(h.symbol.name.startswith("alpha") for h in hits)


def fingerprint(client: RawClient) -> str:
    params = {"command": "ragex.stats", "arguments": [{"fingerprint": True}]}
    return client.response(client.send("workspace/executeCommand", params))["result"]["fingerprint"]


def churn_version(k: int) -> bytes:
    """A 130 KB Python file whose definitions all carry version ``k``."""
    return f"def churn_version_{k}(): pass\n".encode() + b"".join(
        f"def churn_{k}_{j}(x):\n    return x + {j}\n\n".encode() for j in range(4_000)
    )


@row(
    "hazard",
    "a file rewritten while it is read",
    "its stamp is taken before the read, so a torn read is re-extracted; the final state equals a re-index",
)
def test_file_rewritten_while_it_is_read(clients: list[RawClient], tmp_path: Path) -> None:
    root = tmp_path / "ws"
    write(root, {f"m{i}.py": f"def steady_{i}(): pass\n" for i in range(30)})
    target = root / "churn.py"
    target.write_bytes(churn_version(0))
    stop_writing = threading.Event()
    versions = [0]

    def rewrite() -> None:  # in place, in small chunks: readers see torn files
        while not stop_writing.is_set():
            versions.append(versions[-1] + 1)
            data = churn_version(versions[-1])
            with open(target, "r+b") as f:
                f.truncate(0)
                for i in range(0, len(data), 16384):
                    f.write(data[i : i + 16384])
                    f.flush()
                    time.sleep(0.001)

    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    client = start(clients, root, env={"RAGEX_CACHE_DIR": str(tmp_path / "cache")})
    try:
        for _ in range(20):  # saves while it changes, each read racing the writer
            client.send("textDocument/didSave", {"textDocument": {"uri": target.as_uri()}}, request=False)
            time.sleep(0.05)
        client.progress("end", timeout=60)
    finally:
        stop_writing.set()
        writer.join(10)
    assert versions[-1] > 5, "the writer should have rewritten the file many times"
    final = versions[-1] + 1
    target.write_bytes(churn_version(final))
    client.send("textDocument/didSave", {"textDocument": {"uri": target.as_uri()}}, request=False)
    deadline = time.monotonic() + 20
    while names(client, f"churn_version_{final}") != [f"churn_version_{final}"]:
        assert time.monotonic() < deadline, "the final version was not indexed"
        time.sleep(0.1)
    wait_idle(client)
    assert [n for n in names(client, "churn_version_") if n.startswith("churn_version_")] == [f"churn_version_{final}"]
    assert all(names(client, f"steady_{i}")[0] == f"steady_{i}" for i in range(30))
    churned = fingerprint(client)
    stop(client)
    fresh = start(clients, root, wait=True, env={"RAGEX_CACHE": "false"})
    assert fingerprint(fresh) == churned
    stop(fresh)
