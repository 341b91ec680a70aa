"""The real server over stdio: indexing, progress, workspace/symbol, ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp_helpers import SERVER, accept_registrations, init_params, names, symbols, wait_indexed, write

FILES = {
    "pkg/server.py": (
        "class Server:\n"
        "    def serve(self):\n        pass\n"
        "    def serve_forever(self):\n        pass\n\n"
        "def getTextEdit():\n    pass\n\n"
        "def workspace_symbol():\n    pass\n\n"
        "def get_text():\n    pass\n"
    ),
    "pkg/other.go": "package pkg\n\ntype Server struct{}\n\nfunc (s *Server) Serve() error { return nil }\n",
    "pkg/lib.rs": "pub struct Serve;\nimpl Serve { pub fn served(&self) {} }\n",
    "node_modules/dep/index.js": "function serve() {}\n",
    ".gitignore": "ignored/\n",
    "ignored/x.py": "def serve(): pass\n",
}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    write(tmp_path, FILES)
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, ws: Path):
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(init_params([ws]))
    yield
    await lsp_client.shutdown_session()


async def test_progress_sequence_and_summary(client: LanguageClient) -> None:
    stats = await wait_indexed(client)
    assert stats["files"] == 3 and stats["symbols"] > 5
    (reports,) = client.progress_reports.values()
    assert isinstance(reports[0], types.WorkDoneProgressBegin) and reports[0].cancellable
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert "symbols in 3 files" in (reports[-1].message or "")
    middle = [r for r in reports[1:-1] if isinstance(r, types.WorkDoneProgressReport)]
    assert all("files" in (r.message or "") for r in middle)


async def test_ranking_exact_first(client: LanguageClient) -> None:
    await wait_indexed(client)
    result = await symbols(client, "Serve")
    ranked = [(s.name, s.kind) for s in result]
    # exact case first (struct and method named Serve), then case-insensitive, then prefixes
    assert ranked[0][0] == "Serve" and ranked[1][0] == "Serve"
    assert ranked[0][1] == types.SymbolKind.Struct  # types before methods among equals
    assert [n for n, _ in ranked[2:4]] == ["serve", "served"]
    assert "serve_forever" in [n for n, _ in ranked]
    assert all(s.location.uri.startswith("file://") for s in result)
    assert not any("node_modules" in s.location.uri or "ignored" in s.location.uri for s in result)


async def test_humps_word_boundaries_and_qualified(client: LanguageClient) -> None:
    await wait_indexed(client)
    assert (await names(client, "gTE"))[0] == "getTextEdit"
    assert (await names(client, "ws"))[0] == "workspace_symbol"
    assert "getTextEdit" in await names(client, "edit")
    served = await symbols(client, "Serve::served")
    assert [(s.name, s.container_name) for s in served] == [("served", "Serve")]
    dotted = await symbols(client, "Server.serve")
    assert {(s.name, s.container_name) for s in dotted} >= {("serve", "Server"), ("Serve", "Server")}
    assert all(s.container_name == "Server" for s in dotted), [
        (s.name, s.container_name, s.location.uri) for s in dotted
    ]


async def test_empty_query_is_bounded_and_misses_are_empty(client: LanguageClient) -> None:
    await wait_indexed(client)
    top = await symbols(client, "")
    assert 0 < len(top) <= 500
    assert await symbols(client, "zzqqxx") == []


async def test_stats_command(client: LanguageClient) -> None:
    stats = await wait_indexed(client)
    assert stats["metrics"]["files_ok"] == 3 and stats["encoding"] == "utf-16"
    assert stats["metrics"]["skipped_by_reason"].get("ignored", 0) >= 1
