"""Fuzzing the live index: random sequences of document and file events against the real server.

Each example writes, deletes and renames files (telling the server by
``didSave``, watched-file events, or not at all), rewrites ignore files, and
edits open buffers incrementally; once the server settles, its index must
equal a fresh index of the same tree, and every buffer's outline must equal
the outline of the same text opened whole.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.rpc import RawClient
from ragex_lsp.server.service import WorkspaceService, _NullSink
from ragex_lsp.settings import Settings
from tests.fuzz.budget import fuzz, tick
from tests.reliability import row

SLOTS = ["a.py", "b.js", "sub/c.go", "sub/d.rs", "sub/deep/e.py", "f.ts"]
IGNORES = ["", "sub/\n", "*.py\n", "sub/\n!sub/d.rs\n", "deep/\n", "*.js\n*.ts\n"]
#: buffer text pieces: non-BMP characters (UTF-16 pairs), CRLF, lone CR (never U+2028 and its
#: kin: pygls splits lines at them, LSP does not)
PIECES = ["def ", "class ", "f", "Ä", "😀", "(", ")", ":", " ", "\n", "\r\n", "\r", "    ", "pass", "x = 1", "é"]


def content(slot: str, version: int) -> str:
    name = f"v{version}_{slot.replace('/', '_').replace('.', '_')}_é"
    if slot.endswith(".py"):
        return f"class K{version}:\n    def {name}(self):\n        pass\n"
    if slot.endswith((".js", ".ts")):
        return f"function {name}() {{}}\nclass C{version} {{ m() {{}} }}\n"
    if slot.endswith(".go"):
        return f"package sub\n\nfunc {name}() {{}}\n"
    return f"pub fn {name}() {{}}\nstruct S{version};\n"


ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("write"),
            st.sampled_from(SLOTS),
            st.integers(0, 5),
            st.sampled_from(["none", "save", "created", "changed"]),
        ),
        st.tuples(st.just("delete"), st.sampled_from(SLOTS), st.sampled_from(["none", "deleted"])),
        st.tuples(st.just("rename"), st.sampled_from(SLOTS), st.sampled_from(SLOTS)),
        st.tuples(st.just("ignore"), st.sampled_from(IGNORES)),
        st.tuples(st.just("move out"), st.sampled_from(["sub", "sub/deep"])),
        st.tuples(st.just("edit"), st.sampled_from(["a.py", "b.js"]), st.lists(st.integers(0, 10_000), max_size=6)),
    ),
    min_size=1,
    max_size=12,
)


class Session:
    """One server for every example; each example works in its own folder of the workspace.

    ``client_watches``: the client watches files (and tells of every change, a
    moved folder as one event), so the server does not; otherwise the server
    watches (watchfiles) and some changes go untold."""

    def __init__(self, root: Path, client_watches: bool) -> None:
        self.root = root
        self.client_watches = client_watches
        self.client = RawClient(root, env={"RAGEX_CACHE": "false"})
        if client_watches:
            caps = {
                "window": {"workDoneProgress": True},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
            }
            folders = [{"uri": root.as_uri(), "name": root.name}]
            params = {"processId": None, "rootUri": root.as_uri(), "capabilities": caps, "workspaceFolders": folders}
            self.client.response(self.client.send("initialize", params))
            self.client.send("initialized", {}, request=False)
            registration = self.client.wait(lambda m: m.get("method") == "client/registerCapability")
            self.client.send_raw(json.dumps({"jsonrpc": "2.0", "id": registration["id"], "result": None}).encode())
        else:
            self.client.initialize()
        self.client.progress("end")
        self.numbers = itertools.count()
        self.buffers: dict[str, str] = {}  # uri -> text the client holds
        self.versions: dict[str, int] = {}

    def notify(self, method: str, params: dict) -> None:
        self.client.send(method, params, request=False)

    def watched(self, path: Path, kind: int) -> None:
        self.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": path.as_uri(), "type": kind}]})

    def fingerprint(self) -> tuple[str, bool]:
        params = {"command": "ragex.stats", "arguments": [{"fingerprint": True}]}
        stats = self.client.response(self.client.send("workspace/executeCommand", params))["result"]
        return stats["fingerprint"], stats["indexing"]

    def outline(self, uri: str) -> list:
        """The buffer's symbols (as SymbolInformation: this client has no hierarchy), without the URI."""
        answer = self.client.response(self.client.send("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
        assert "result" in answer, answer
        return [{**s, "location": s["location"]["range"]} for s in answer["result"]]


def fresh_fingerprint(root: Path) -> str:
    async def index() -> str:
        service = WorkspaceService(Settings(use_parallel=False, cache=False))
        service.roots = [str(root)]
        await service.index_roots([str(root)], _NullSink())
        service.close()
        return service.index.fingerprint()

    return asyncio.run(index())


@pytest.fixture(scope="module", params=["server watches", "client watches"])
def session(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Session]:
    s = Session(tmp_path_factory.mktemp("events-fuzz"), client_watches=request.param == "client watches")
    yield s
    s.client.close()


def position(text: str, offset: int) -> dict:
    """The LSP position (UTF-16) of string offset ``offset``; lines end at CRLF, LF or a lone CR."""
    before = text[:offset]
    line = before.count("\n") + before.count("\r") - before.count("\r\n")
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return {"line": line, "character": len(before[start:].encode("utf-16-le")) // 2}


def edit(session: Session, folder: Path, slot: str, cuts: list[int]) -> None:
    """Open ``slot`` as a buffer (once) and apply incremental edits drawn from ``cuts``."""
    uri = (folder / slot).as_uri()
    if uri not in session.buffers:
        text = "def opened():\n    pass\n"
        session.buffers[uri], session.versions[uri] = text, 1
        item = {"uri": uri, "languageId": "python" if slot.endswith(".py") else "javascript", "version": 1}
        session.notify("textDocument/didOpen", {"textDocument": {**item, "text": text}})
    text = session.buffers[uri]
    for a, b, c in itertools.zip_longest(cuts[0::3], cuts[1::3], cuts[2::3], fillvalue=0):
        start, end = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        if text[start - 1 : start + 1] == "\r\n" or text[end - 1 : end + 1] == "\r\n":
            continue  # a client never splits a line break
        insert = "".join(PIECES[(c + i) % len(PIECES)] for i in range(c % 5))
        change = {"range": {"start": position(text, start), "end": position(text, end)}, "text": insert}
        text = text[:start] + insert + text[end:]
        session.versions[uri] += 1
        params = {"textDocument": {"uri": uri, "version": session.versions[uri]}, "contentChanges": [change]}
        session.notify("textDocument/didChange", params)
    session.buffers[uri] = text


def apply(session: Session, folder: Path, op: tuple) -> None:
    kind = op[0]
    if kind == "write":
        _, slot, version, how = op
        path = folder / slot
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        path.write_text(content(slot, version), encoding="utf-8")
        if how == "save":
            session.notify("textDocument/didSave", {"textDocument": {"uri": path.as_uri()}})
        elif how != "none" or session.client_watches:
            session.watched(path, 1 if how == "created" or not existed else 2)
    elif kind == "delete":
        _, slot, how = op
        path = folder / slot
        if path.exists():
            path.unlink()
            if how == "deleted" or session.client_watches:
                session.watched(path, 3)
    elif kind == "rename":
        _, old, new = op
        source, target = folder / old, folder / new
        if source.exists() and old != new:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            session.watched(source, 3)
            session.watched(target, 1)
    elif kind == "move out":  # a folder moved out of the workspace: one event, for the folder (as editors send)
        source = folder / op[1]
        if source.is_dir():
            os.replace(source, session.root.parent / f"{session.root.name}-moved-{next(session.numbers)}")
            session.watched(source, 3)
    elif kind == "ignore":
        path = folder / ".gitignore"
        path.write_text(op[1], encoding="utf-8")
        session.watched(path, 2)
    else:
        edit(session, folder, op[1], op[2])


@row(
    "fuzz",
    "random sequences of LSP document events",
    "once settled, the index equals a fresh re-index and each buffer's outline equals its text's",
)
@fuzz(scale=0.5)
@given(sequence=ops)
def test_events_leave_the_index_equal_to_a_reindex(session: Session, sequence: list[tuple]) -> None:
    tick("events: index equals a re-index (server or client watching)")
    folder = session.root / f"ex{next(session.numbers)}"
    folder.mkdir()
    for op in sequence:
        apply(session, folder, op)
    expected = fresh_fingerprint(session.root)
    deadline = time.monotonic() + 20
    while True:
        got, busy = session.fingerprint()
        if got == expected and not busy:
            break
        assert time.monotonic() < deadline, f"the index never matched a re-index after {sequence}"
        time.sleep(0.1)
    for number, (uri, text) in enumerate(session.buffers.items()):
        whole = f"{uri}.whole{number}{os.path.splitext(uri)[1]}"
        item = {"uri": whole, "languageId": "python", "version": 1, "text": text}
        session.notify("textDocument/didOpen", {"textDocument": item})
        assert session.outline(uri) == session.outline(whole), (text, sequence)
        session.notify("textDocument/didClose", {"textDocument": {"uri": whole}})
