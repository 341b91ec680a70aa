"""Shared by the stdio tests: start the real ``ragex-lsp`` on a workspace."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "ragex_lsp"]
T = TypeVar("T")


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def init_params(
    roots: list[Path], spec: str = "visual-studio-code", encodings: list[str] | None = None, options: object = None
) -> types.InitializeParams:
    caps = client_capabilities(spec)
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return types.InitializeParams(
        capabilities=caps,
        process_id=None,
        root_uri=roots[0].as_uri() if roots else None,
        workspace_folders=[types.WorkspaceFolder(r.as_uri(), r.name) for r in roots],
        initialization_options=options,
    )


async def wait_indexed(client: LanguageClient, timeout: float = 60.0) -> dict:
    """Poll ``ragex.stats`` until no job runs; the stats."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stats = await client.workspace_execute_command_async(types.ExecuteCommandParams("ragex.stats"))
        if stats and not stats["indexing"] and stats["metrics"] is not None:
            return stats
        await asyncio.sleep(0.05)
    raise TimeoutError("indexing did not finish")


async def symbols(client: LanguageClient, query: str) -> list[types.SymbolInformation]:
    return await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query)) or []


async def names(client: LanguageClient, query: str) -> list[str]:
    return [s.name for s in await symbols(client, query)]


def accept_registrations(client: LanguageClient) -> list[types.Registration]:
    """Make the test client accept ``client/registerCapability``; the registrations it got."""
    registrations: list[types.Registration] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    return registrations


def poll(check: Callable[[], T], timeout: float = 10.0) -> T:
    """``check()`` every 50 ms until it is truthy or ``timeout`` passes; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)
