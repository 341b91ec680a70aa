"""Fuzzing the server's stdin: random bytes and malformed JSON-RPC.

Framed garbage (random bytes, random JSON, real messages mutated or with
fields of the wrong type) goes to one long-lived server, each followed by a
real request that must be answered; unframed garbage goes to a fresh server
whose stdin then closes, and which must exit.  Whatever the server writes
must be well-framed JSON-RPC 2.0: error responses or a clean exit, never a
hang and never anything else on stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from benchmarks.rpc import RawClient
from tests.fuzz.budget import fuzz, tick
from tests.lsp_helpers import write
from tests.reliability import row

SERVER = [sys.executable, "-m", "ragex_lsp"]

#: real messages the mutations start from (nothing that could add folders or reindex)
SEEDS: list[dict[str, Any]] = [
    {"jsonrpc": "2.0", "id": 1000, "method": "workspace/symbol", "params": {"query": "alive"}},
    {"jsonrpc": "2.0", "id": 1001, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "x"}}},
    {"jsonrpc": "2.0", "id": 1002, "method": "workspace/executeCommand", "params": {"command": "ragex.stats"}},
    {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1000}},
    {
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {
            "textDocument": {"uri": "file:///fuzz.py", "languageId": "python", "version": 1, "text": "def a(): 1"}
        },
    },
    {
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": "file:///fuzz.py", "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 5}}, "text": "b"}
            ],
        },
    },
    {"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": "file:///fuzz.py"}}},
    {"jsonrpc": "2.0", "id": 1003, "result": None},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@st.composite
def mutated_message(draw: st.DrawFn) -> bytes:
    """A real message with a field replaced by any JSON value, or its bytes cut and spliced."""
    message = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    if draw(st.booleans()):
        key = draw(st.sampled_from(["jsonrpc", "id", "method", "params", "result", "extra"]))
        message[key] = draw(json_values)
        if isinstance(message.get("params"), dict) and draw(st.booleans()):
            inner = draw(st.sampled_from(sorted(message["params"]) or ["x"]))
            message["params"][inner] = draw(json_values)
        return json.dumps(message).encode()
    body = bytearray(json.dumps(message).encode())
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(body)))
        if draw(st.booleans()):
            del body[at : at + draw(st.integers(1, 10))]
        else:
            body[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(body)


bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    mutated_message(),
)


def frames(data: bytes) -> list[dict]:
    """Every message of a server's output; fails on anything that is not framed JSON-RPC 2.0."""
    messages = []
    while data:
        header, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, f"unframed output: {data[:200]!r}"
        fields = dict(line.split(b": ", 1) for line in header.split(b"\r\n"))
        length = int(fields[b"Content-Length"])
        body, data = rest[:length], rest[length:]
        assert len(body) == length, "truncated message"
        message = json.loads(body)
        assert message.get("jsonrpc") == "2.0" and ("method" in message or "id" in message), message
        messages.append(message)
    return messages


class Harness:
    """One server for many examples; a new one when an example made it exit or shut down."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.client: RawClient | None = None
        self.probes = 0

    def server(self) -> RawClient:
        if self.client is None or self.client.proc.poll() is not None:
            if self.client is not None:
                assert self.client.proc.returncode in (0, 1), f"the server died: {self.client.proc.returncode}"
            self.client = RawClient(self.root, env={"RAGEX_CACHE": "false", "RAGEX_USE_PARALLEL": "false"})
            self.client.keep = False
            self.client.initialize()
            self.client.progress("end")
            self.client.next_id = 10**9  # probes never share an id with a request in the garbage
        return self.client

    def probe(self, client: RawClient) -> dict | None:
        """A real request after the garbage: its answer, or None if the server exited (cleanly)."""
        self.probes += 1
        query = f"alive_{self.probes % 3}"
        msg_id = client.send("workspace/symbol", {"query": query})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if client.proc.poll() is not None:
                return None
            try:
                message = client.messages.get(timeout=0.1)
            except Exception:
                continue
            if message.get("id") == msg_id and "method" not in message:
                return message
        raise AssertionError("the server hangs: no answer to a real request after the garbage")


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    root = tmp_path_factory.mktemp("rpc-fuzz")
    write(root, {"a.py": "def alive_0(): pass\ndef alive_1(): pass\ndef alive_2(): pass\n"})
    h = Harness(root)
    yield h
    if h.client is not None:
        h.client.close()


@row(
    "fuzz",
    "random bytes and malformed JSON-RPC into the server's stdin",
    "error responses or a clean exit, never a hang; nothing but framed JSON-RPC on stdout",
)
@fuzz(scale=2)
@given(body=bodies)
@example(body=b"[" * 100_000 + b"]" * 100_000)
@example(body=b'{"jsonrpc": "2.0", "id": 5, "method": "workspace/symbol", "params": {"query": "\\ud800"}}')
@example(body=b'{"jsonrpc": "2.0", "id": 1e400, "method": "workspace/symbol", "params": {"query": "x"}}')
@example(
    body=b'{"jsonrpc": "2.0", "id": 6, "method": "workspace/symbol", "params": {"query": "' + b"a" * 20_000 + b'"}}'
)
def test_framed_garbage_gets_errors_and_the_server_goes_on(harness: Harness, body: bytes) -> None:
    tick("rpc: framed garbage")
    client = harness.server()
    client.send_raw(body)
    answer = harness.probe(client)
    if answer is not None:  # the server lives: it answers real requests as before
        assert "result" in answer or answer["error"]["code"] in (-32600, -32602, -32603, -32002), answer
        if answer.get("result"):
            assert answer["result"][0]["name"].startswith("alive_")
    # (an exit, after a mutated "exit", is the clean end; the harness starts another server)


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    """Unframed garbage: random bytes, broken headers, lengths that lie."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["bytes", "header", "lying length", "good"]))
        body = draw(bodies)
        if kind == "bytes":
            parts.append(draw(st.binary(max_size=200)))
        elif kind == "header":
            name = draw(st.sampled_from([b"Content-Length", b"content-length", b"Content-Type", b"X", b""]))
            value = draw(st.sampled_from([b"12", b"-1", b"abc", b"99999999999999999999", b"", b"0"]))
            parts.append(name + b": " + value + draw(st.sampled_from([b"\r\n\r\n", b"\n\n", b"\r\n", b""])) + body)
        elif kind == "lying length":
            parts.append(b"Content-Length: %d\r\n\r\n" % max(0, len(body) + draw(st.integers(-20, 20))) + body)
        else:
            parts.append(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    return b"".join(parts)


@row(
    "fuzz",
    "random bytes and malformed JSON-RPC into the server's stdin",
    "unframed garbage, then the end of input: the server exits, having written only framed JSON-RPC",
)
@fuzz(scale=0.34)
@given(stream=streams())
@example(stream=b"Content-Length: 99999999\r\n\r\n{")
@example(stream=b"\xff" * 5000)
def test_unframed_garbage_then_eof_ends_the_server(tmp_path_factory: pytest.TempPathFactory, stream: bytes) -> None:
    tick("rpc: unframed garbage, then end of input")
    proc = subprocess.Popen(
        SERVER,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path_factory.getbasetemp(),
    )
    try:
        out, _ = proc.communicate(stream, timeout=20)  # writes, closes stdin, reads to the end
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("the server hangs after its input ended") from None
    assert proc.returncode in (0, 1), proc.returncode
    frames(out)
