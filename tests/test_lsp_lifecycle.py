"""The real server process over raw stdio: lifecycle, cancellation, bad input.

The minimal JSON-RPC client of ``benchmarks/rpc.py`` sends what pytest-lsp
will not: malformed messages, a cancel right behind its request, a dying parent.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from benchmarks.rpc import RawClient
from tests.lsp_helpers import write
from tests.reliability import row


def big_workspace(root: Path, files: int = 3000) -> Path:
    def body(i: int) -> str:  # names unique per file: many names for a search to scan
        return "".join(f"def helper_{i}_{j}(x):\n    return x + {j}\n\n" for j in range(40))

    write(root, {f"pkg{i // 100}/mod_{i}.py": f"class Model{i}:\n    pass\n\n" + body(i) for i in range(files)})
    return root


def gone(pids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def raw(tmp_path: Path):  # type: ignore[no-untyped-def]
    clients: list[RawClient] = []

    def make(**kwargs: Any) -> RawClient:
        client = RawClient(tmp_path, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_answers_during_indexing_then_cancel_keeps_the_partial_index(raw: Any, tmp_path: Path) -> None:
    big_workspace(tmp_path)
    client = raw(env={"RAGEX_MAX_WORKERS": "2", "RAGEX_TARGET_BATCH_TIME": "0.05"})
    client.initialize()
    begin = client.progress("begin")
    client.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"].get("percentage", 0) > 0)
    answer = client.symbols("Model")
    assert answer["result"], "workspace/symbol answered empty while indexing"
    client.send("window/workDoneProgress/cancel", {"token": begin["params"]["token"]}, request=False)
    end = client.progress("end")
    assert end["params"]["value"]["message"].startswith("cancelled")
    stats = client.response(client.send("workspace/executeCommand", {"command": "ragex.stats"}))["result"]
    assert 0 < stats["files"] < 3000 and stats["metrics"]["cancelled"]
    assert client.symbols("Model")["result"]


def test_cancelled_query_answers_request_cancelled(raw: Any, tmp_path: Path) -> None:
    big_workspace(tmp_path, 3000)
    client = raw(env={"RAGEX_RESULT_LIMIT": "100000"})  # a slow query: tens of thousands of results
    client.initialize()
    client.progress("end", timeout=180)
    outcomes = []
    for _ in range(5):  # a cancel races the answer (each takes a few hundred ms); one must win
        msg_id = client.send("workspace/symbol", {"query": "helper_2"})  # 44,000 names start so
        client.send("$/cancelRequest", {"id": msg_id}, request=False)
        response = client.response(msg_id)
        outcomes.append(response.get("error", {}).get("code") or len(response.get("result") or []))
    assert -32800 in outcomes, outcomes  # RequestCancelled
    assert all(o == -32800 or o >= 44_440 for o in outcomes), outcomes  # else a whole answer
    assert client.symbols("Model1")["result"]


@row(
    "fuzz",
    "random bytes and malformed JSON-RPC into the server's stdin",
    "a parse error (-32700) for broken JSON, MethodNotFound for unknown methods; the server goes on",
)
def test_malformed_json_and_unknown_methods_get_errors(raw: Any, tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "def alive(): pass\n"})
    client = raw()
    client.send_raw(b'{"jsonrpc": "2.0", "id": 99, "method": "initialize", "params": {')
    parse_error = client.wait(lambda m: "error" in m)
    assert parse_error["error"]["code"] == -32700 and parse_error["id"] is None
    client.initialize()
    unknown = client.response(client.send("ragex/noSuchMethod", {}))
    assert unknown["error"]["code"] == -32601
    client.progress("end")
    assert [s["name"] for s in client.symbols("alive")["result"]] == ["alive"]


@row("fault", "shutdown and exit while indexing", "exit code 0 and no worker process left behind")
def test_shutdown_and_exit_leave_no_child_process(raw: Any, tmp_path: Path) -> None:
    big_workspace(tmp_path, 1500)
    client = raw(env={"RAGEX_MAX_WORKERS": "2"})
    client.initialize()
    client.progress("report")
    children = [p.pid for p in client.children()]
    assert children, "indexing should run on worker processes"
    client.response(client.send("shutdown"))
    client.send("exit", request=False)
    assert client.proc.wait(10) == 0
    assert gone(children, 5)


@row(
    "fault",
    "the client process dying",
    "the server sees its client's pid gone and exits; server and workers gone within 5 s",
)
def test_dead_client_process_makes_the_server_exit(raw: Any, tmp_path: Path) -> None:
    big_workspace(tmp_path, 1500)
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    client = raw(process_id=editor.pid, env={"RAGEX_MAX_WORKERS": "2"})
    client.initialize()
    client.progress("report")
    children = [p.pid for p in client.children()]
    editor.kill()
    editor.wait()
    assert client.proc.wait(5) is not None
    assert gone(children, 5)


@row("fault", "SIGTERM", "SIGTERM (or a closed stdin) ends the server; it and its workers are gone within 5 s")
@pytest.mark.parametrize("how", ["sigterm", "stdin"])
def test_sigterm_and_closed_stdin_end_the_server(raw: Any, tmp_path: Path, how: str) -> None:
    big_workspace(tmp_path, 1500)
    client = raw(env={"RAGEX_MAX_WORKERS": "2"})
    client.initialize()
    client.progress("report")
    children = [p.pid for p in client.children()]
    if how == "sigterm":
        client.proc.send_signal(signal.SIGTERM)
    else:
        assert client.proc.stdin is not None
        client.proc.stdin.close()
    assert client.proc.wait(5) is not None
    assert gone(children, 5)


def test_without_progress_support_a_log_message_summarises(raw: Any, tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "def a(): pass\n", "b.py": "def b(): pass\n"})
    client = raw()
    client.initialize(progress=False)
    log = client.wait(lambda m: m.get("method") == "window/logMessage" and "indexed" in m["params"]["message"])
    assert "2 symbols in 2 files" in log["params"]["message"]
    assert not any(m.get("method") == "$/progress" for m in client.all)
