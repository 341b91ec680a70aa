"""A minimal JSON-RPC client for the real ``ragex-lsp`` over stdio.

Used by the latency benchmark and by the lifecycle tests (which send what a
normal client will not: malformed messages, a cancel right behind its
request).  A reader thread queues every message; anything on the server's
stdout that is not a framed JSON message breaks the reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

import psutil


class RawClient:
    def __init__(
        self,
        root: Path | list[Path],
        process_id: int | None = None,
        env: dict[str, str] | None = None,
        command: list[str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        """Start the server (``command``, default ``python -m ragex_lsp``, in ``cwd``)."""
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "ragex_lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            cwd=cwd,
        )
        self.messages: Queue[dict] = Queue()
        self.all: list[dict] = []  # every message, while ``keep`` (tests look back at them)
        self.keep = True
        threading.Thread(target=self._read, daemon=True).start()
        self.roots = root if isinstance(root, list) else [root]
        self.process_id = process_id
        self.next_id = 0

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = out.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            message = json.loads(out.read(length))  # anything else on stdout fails here
            if self.keep:
                self.all.append(message)
            self.messages.put(message)

    def send_raw(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, method: str, params: Any = None, request: bool = True) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        msg_id = None
        if request:
            self.next_id += 1
            msg_id = message["id"] = self.next_id
        self.send_raw(json.dumps(message).encode())
        return msg_id

    def wait(self, predicate: Any, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.1)
            except Empty:
                continue
            if message.get("method") == "window/workDoneProgress/create":
                self.send_raw(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": None}).encode())
            if predicate(message):
                return message
        raise TimeoutError("no such message")

    def response(self, msg_id: int | None, timeout: float = 30.0) -> dict:
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def initialize(self, progress: bool = True) -> None:
        caps = {"window": {"workDoneProgress": progress}}
        params = {
            "processId": self.process_id,
            "rootUri": self.roots[0].as_uri(),
            "capabilities": caps,
            "workspaceFolders": [{"uri": r.as_uri(), "name": r.name} for r in self.roots],
        }
        self.response(self.send("initialize", params))
        self.send("initialized", {}, request=False)

    def progress(self, kind: str, timeout: float = 60.0) -> dict:
        return self.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == kind, timeout)

    def symbols(self, query: str) -> dict:
        return self.response(self.send("workspace/symbol", {"query": query}))

    def children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)

    def stats(self) -> dict:
        return self.response(self.send("workspace/executeCommand", {"command": "ragex.stats"}))["result"]
