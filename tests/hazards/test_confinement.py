"""Confinement: what the server reads, executes, binds, logs and leaves on disk.

The server reads only the workspace folders and the documents the client
opened, never follows a symlink out, binds TCP to loopback unless told
otherwise, treats workspace content as data (ignore files are parsed,
nothing is imported or run), keeps file contents out of its logs and its
cache private to the user.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil

from benchmarks.rpc import RawClient
from tests.lsp_helpers import poll, write
from tests.reliability import row

SERVER = [sys.executable, "-m", "ragex_lsp"]

#: modules a Python process might import from its working directory: ours, our
#: dependencies', the standard library's, and the files tools run
SHADOWS = (
    "argparse",
    "logging",
    "signal",
    "psutil",
    "xxhash",
    "pathspec",
    "pygls",
    "lsprotocol",
    "watchfiles",
    "platformdirs",
    "sqlite3",
    "threading",
    "pickle",
    "ctypes",
    "tree_sitter",
    "conftest",
    "setup",
    "sitecustomize",
    "usercustomize",
)


def stop(client: RawClient) -> None:
    client.response(client.send("shutdown"))
    client.send("exit", request=False)
    assert client.proc.wait(10) == 0


def names(client: RawClient, query: str) -> list[str]:
    return [s["name"] for s in client.symbols(query)["result"]]


@row(
    "confinement",
    "workspace content is data only",
    "ignore files are parsed, nothing is imported or run: not even started in the workspace as `python -m`",
)
def test_workspace_code_is_never_imported_or_run(clients: list[RawClient], tmp_path: Path) -> None:
    root, markers = tmp_path / "ws", tmp_path / "markers"
    markers.mkdir()
    for name in SHADOWS:
        code = f"open({str(markers / name)!r}, 'w').close()\nraise ImportError('workspace module {name}')\n"
        write(root, {f"{name}.py": code})
    write(root, {"__main__.py": f"open({str(markers / '__main__')!r}, 'w').close()\n"})
    write(root, {"Makefile": "all:\n\ttouch marker\n", ".gitignore": "$(touch marker)\n`touch marker`\n"})
    write(root, {f"pkg/m{i}.py": f"def data_only_{i}(): pass\n" for i in range(300)})  # enough for a pool
    # editors often start the server in the workspace: python -m puts the working directory on sys.path
    client = RawClient(root, cwd=root, env={"RAGEX_MAX_WORKERS": "2", "RAGEX_CACHE": "false"})
    clients.append(client)
    client.initialize()
    client.progress("end", timeout=60)
    stats = client.stats()
    assert stats["metrics"]["mode"] == "parallel" and stats["files"] == 300 + len(SHADOWS) + 1
    assert names(client, "data_only_299") == ["data_only_299"]
    assert names(client, "conftest") == []  # the module files are indexed as data: they define nothing
    stop(client)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert not (root / "marker").exists()


@row("confinement", "the TCP mode binds loopback unless told otherwise", "listens on 127.0.0.1 only")
def test_tcp_binds_loopback_by_default(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [*SERVER, "--tcp", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tmp_path
    )
    try:
        listening = poll(lambda: _listening(proc.pid))
        assert listening == [("127.0.0.1", port)]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        assert proc.stdout is not None
    finally:
        proc.kill()
        proc.wait(10)


def _listening(pid: int) -> list[tuple[str, int]]:
    try:
        connections = psutil.Process(pid).net_connections(kind="inet")
    except psutil.Error:
        return []
    return sorted((c.laddr.ip, c.laddr.port) for c in connections if c.status == psutil.CONN_LISTEN)


@row(
    "confinement",
    "the server reads only inside the workspace folders and files the client opened",
    "saves, watched-file events and outline requests for paths outside (or symlinked outside) read nothing",
)
def test_nothing_outside_the_workspace_is_read(clients: list[RawClient], tmp_path: Path) -> None:
    root, outside = tmp_path / "ws", tmp_path / "outside"
    write(root, {"inside.py": "def inside_function(): pass\n"})
    write(outside, {"secret.py": "def outside_secret(): pass\n", "pkg/deep.py": "def outside_deep(): pass\n"})
    (root / "link.py").symlink_to(outside / "secret.py")
    (root / "dirlink").symlink_to(outside / "pkg")
    client = RawClient(root, env={"RAGEX_CACHE": "false"})
    clients.append(client)
    client.initialize()
    client.progress("end")
    uris = [
        (outside / "secret.py").as_uri(),
        (root / "link.py").as_uri(),
        (root / "dirlink" / "deep.py").as_uri(),
    ]
    for uri in uris:
        client.send("textDocument/didSave", {"textDocument": {"uri": uri}}, request=False)
    events = [{"uri": uri, "type": t} for uri in uris for t in (1, 2)]
    client.send("workspace/didChangeWatchedFiles", {"changes": events}, request=False)
    for uri in uris:  # an outline of a file the client never opened, outside the folders: refused
        answer = client.response(client.send("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
        assert "error" in answer and "not read" in answer["error"]["message"], answer
    time.sleep(0.5)  # past the save and change debounces
    assert client.stats()["indexing"] is False
    assert names(client, "outside") == [] and client.stats()["files"] == 1
    # a document the client opened is read from the client, wherever it lives
    opened = (outside / "secret.py").as_uri()
    item = {"uri": opened, "languageId": "python", "version": 1, "text": "def from_the_buffer(): pass\n"}
    client.send("textDocument/didOpen", {"textDocument": item}, request=False)
    answer = client.response(client.send("textDocument/documentSymbol", {"textDocument": {"uri": opened}}))
    assert [s["name"] for s in answer["result"]] == ["from_the_buffer"]
    assert names(client, "inside_function") == ["inside_function"]
    stop(client)


@row(
    "confinement",
    "logs do not contain file contents",
    "paths, counts and reasons only, at DEBUG too: a secret in sources, buffers and bad files never shows",
)
def test_logs_hold_no_file_contents(clients: list[RawClient], tmp_path: Path) -> None:
    secret = "s3cr3t-7f1e9a4c"
    root, log = tmp_path / "ws", tmp_path / "server.log"
    write(root, {f"m{i}.py": f"# {secret}\nKEY = '{secret}'\ndef f{i}(): pass\n" for i in range(5)})
    write(root, {"bad.py": f"# RAGEX-FAULT:raise {secret}\ndef g(): pass\n"})  # fails in extraction
    (root / "blob.py").write_bytes(secret.encode() + b"\0\0\xff")
    write(root, {".gitignore": f"[z-a]{secret}\n\\\n"})  # invalid patterns are logged: not their text
    client = RawClient(
        root,
        command=[*SERVER, "--log-file", str(log), "--log-level", "DEBUG"],
        env={"RAGEX_FAULT_INJECTION": "1", "RAGEX_CACHE": "false"},
    )
    clients.append(client)
    client.initialize()
    client.progress("end")
    uri = (root / "m0.py").as_uri()
    item = {"uri": uri, "languageId": "python", "version": 1, "text": f"def {secret.replace('-', '_')}(): pass\n"}
    client.send("textDocument/didOpen", {"textDocument": item}, request=False)
    client.response(client.send("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
    client.send_raw(f'{{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {{"x": "{secret}"}}}}'.encode())
    client.send_raw(f'{{"jsonrpc": "2.0", "id": 77, "method": "{secret}", "params": {{"text": "{secret}"'.encode())
    client.response(client.send("workspace/symbol", {"query": secret}))
    stop(client)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "bad.py" in text and "not indexed" in text  # the log is there, and says what happened
    assert secret not in text and secret.replace("-", "_") not in text


@row(
    "confinement",
    "cache files are private to the user",
    "the cache directory is 0700 and every file in it 0600, whatever the umask",
)
def test_cache_is_private_whatever_the_umask(clients: list[RawClient], tmp_path: Path) -> None:
    root, cache_dir = tmp_path / "ws", tmp_path / "cache"
    write(root, {f"m{i}.py": f"def f{i}(): pass\n" for i in range(20)})
    before = os.umask(0)
    try:
        client = RawClient(root, env={"RAGEX_CACHE_DIR": str(cache_dir)})
    finally:
        os.umask(before)
    clients.append(client)
    client.initialize()
    client.progress("end")
    assert names(client, "f19") == ["f19"]
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    files = list(cache_dir.iterdir())
    assert files
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    stop(client)
    for f in cache_dir.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
