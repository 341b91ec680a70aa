"""The real server over stdio: outlines of unsaved buffers, saves, watched files, settings."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp_helpers import SERVER, accept_registrations, init_params, names, symbols, wait_indexed, write

SOURCE = "s = 'é😀'\nclass Caf\u00e9:\n    def ñ𝐱(self):\n        pass\n"


async def start(client: LanguageClient, roots: list[Path], **kwargs: object) -> list[types.Registration]:
    registrations = accept_registrations(client)
    await client.initialize_session(init_params(roots, **kwargs))  # type: ignore[arg-type]
    await wait_indexed(client)
    return registrations


async def stats(client: LanguageClient, fingerprint: bool = False) -> dict:
    params = types.ExecuteCommandParams("ragex.stats", [{"fingerprint": fingerprint}])
    return await client.workspace_execute_command_async(params)


async def eventually(check, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.05)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize(("encoding", "end", "name_end"), [("utf-8", 12, 14), ("utf-16", 9, 11), ("utf-32", 8, 10)])
async def test_document_symbols_of_unsaved_buffer_in_each_encoding(
    client: LanguageClient, tmp_path: Path, encoding: str, end: int, name_end: int
) -> None:
    write(tmp_path, {"m.py": "x = 1\n"})
    await start(client, [tmp_path], encodings=[encoding])
    uri = (tmp_path / "m.py").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text="x = 1\n")
        )
    )
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(1, 0), types.Position(1, 0)), text=SOURCE
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=2), [change])
    )
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
    )
    assert [s.name for s in result] == ["x", "s", "Café"]
    (method,) = result[2].children
    assert method.name == "ñ𝐱" and method.kind == types.SymbolKind.Method and method.detail == "def ñ𝐱(self)"
    # "    def " is 8 units in any encoding; ñ is 2/1/1 units and 𝐱 (non-BMP) 4/2/1
    assert method.selection_range.start == types.Position(3, 8)
    assert method.selection_range.end == types.Position(3, name_end)
    # s = 'é😀' ends after 12 bytes, 9 UTF-16 units (😀 is a surrogate pair), 8 code points
    assert result[1].range.end == types.Position(1, end)


async def test_saved_file_is_visible_at_once(client: LanguageClient, tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "def old(): pass\n"})
    await start(client, [tmp_path])
    (tmp_path / "a.py").write_text("def brand_new_function(): pass\n")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier((tmp_path / "a.py").as_uri()))
    )
    assert await eventually(lambda: names(client, "brand_new_function")) == ["brand_new_function"]
    assert await names(client, "old") == []

    async def is_settled() -> bool:  # the changed index collected and frozen, off the search's way
        return bool((await stats(client))["settled"])

    assert await eventually(is_settled)
    assert await names(client, "brand_new_function") == ["brand_new_function"]


async def watched(client: LanguageClient, changes: list[tuple[Path, types.FileChangeType]]) -> None:
    events = [types.FileEvent(p.as_uri(), kind) for p, kind in changes]
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(events))


async def settled(client: LanguageClient) -> dict:
    """Stats once the index stops changing (debounced updates applied)."""
    previous = None
    while True:
        await asyncio.sleep(0.3)
        current = await stats(client, fingerprint=True)
        if current == previous and not current["indexing"]:
            return current
        previous = current


async def fresh_fingerprint(root: Path) -> str:
    from pytest_lsp import make_test_lsp_client

    other = make_test_lsp_client()
    await other.start_io(*SERVER)
    try:
        accept_registrations(other)
        await other.initialize_session(init_params([root]))
        await wait_indexed(other)
        return (await stats(other, fingerprint=True))["fingerprint"]
    finally:
        await other.shutdown_session()
        await other.stop()


async def test_watched_files_and_branch_switch_burst_equal_a_reindex(client: LanguageClient, tmp_path: Path) -> None:
    write(tmp_path, {f"src/m{i}.py": f"def f{i}(): pass\n" for i in range(50)})
    registrations = await start(client, [tmp_path])
    assert registrations and registrations[0].method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    # create, change, delete
    write(tmp_path, {"src/new.go": "package src\n\nfunc Created() {}\n"})
    (tmp_path / "src" / "m1.py").write_text("def changed(): pass\n")
    (tmp_path / "src" / "m2.py").unlink()
    await watched(
        client,
        [
            (tmp_path / "src/new.go", types.FileChangeType.Created),
            (tmp_path / "src/m1.py", types.FileChangeType.Changed),
            (tmp_path / "src/m2.py", types.FileChangeType.Deleted),
        ],
    )
    assert await eventually(lambda: names(client, "Created")) == ["Created"]
    assert await names(client, "changed") == ["changed"] and "f2" not in await names(client, "f2")
    # a branch switch: thousands of events in a few notifications
    shutil.rmtree(tmp_path / "src")
    write(tmp_path, {f"lib/n{i}.rs": f"pub fn g{i}() {{}}\n" for i in range(1200)})
    events = [(tmp_path / f"src/m{i}.py", types.FileChangeType.Deleted) for i in range(50)]
    events += [(tmp_path / f"lib/n{i}.rs", types.FileChangeType.Created) for i in range(1200)]
    for i in range(0, len(events), 400):
        await watched(client, events[i : i + 400])
    final = await settled(client)
    assert final["files"] == 1200 and final["fingerprint"] == await fresh_fingerprint(tmp_path)


async def test_ignore_file_change_reapplies_rules(client: LanguageClient, tmp_path: Path) -> None:
    write(tmp_path, {"keep.py": "def keep(): pass\n", "gen/out.py": "def generated(): pass\n"})
    await start(client, [tmp_path])
    assert await names(client, "generated") == ["generated"]
    write(tmp_path, {".gitignore": "gen/\n"})
    await watched(client, [(tmp_path / ".gitignore", types.FileChangeType.Created)])
    assert await eventually(lambda: _absent(client, "generated"))
    assert await names(client, "keep") == ["keep"]


async def _absent(client: LanguageClient, name: str) -> bool:
    return name not in await names(client, name)


async def test_multi_root_and_folder_changes(client: LanguageClient, tmp_path: Path) -> None:
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    write(one, {"a.py": "def in_one(): pass\n"})
    write(two, {"b.go": "package b\n\nfunc InTwo() {}\n"})
    write(three, {"c.rs": "fn in_three() {}\n"})
    await start(client, [one, two])
    assert await names(client, "in_one") == ["in_one"] and await names(client, "InTwo") == ["InTwo"]
    event = types.WorkspaceFoldersChangeEvent(
        added=[types.WorkspaceFolder(three.as_uri(), "three")], removed=[types.WorkspaceFolder(one.as_uri(), "one")]
    )
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(event))
    assert await eventually(lambda: names(client, "in_three")) == ["in_three"]
    assert await names(client, "in_one") == [] and await names(client, "InTwo") == ["InTwo"]


async def test_settings_layers_and_result_limit(client: LanguageClient, tmp_path: Path) -> None:
    write(
        tmp_path, {f"m{i}.py": f"def item_{i}(): pass\n" for i in range(20)} | {"vendor/x.py": "def vendored(): pass\n"}
    )
    client.set_configuration({"exclude": ["vendor/"]}, section="ragex")
    await start(client, [tmp_path], options={"resultLimit": 7})
    assert len(await symbols(client, "item")) == 7
    assert await names(client, "vendored") == []
    client.set_configuration({"exclude": []}, section="ragex")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert await eventually(lambda: names(client, "vendored")) == ["vendored"]


async def test_failed_request_is_an_internal_error_and_the_server_goes_on(
    client: LanguageClient, tmp_path: Path
) -> None:
    write(tmp_path, {"a.py": "def alive(): pass\n"})
    await start(client, [tmp_path])
    missing = types.DocumentSymbolParams(types.TextDocumentIdentifier((tmp_path / "missing.py").as_uri()))
    with pytest.raises(Exception, match=r"(?i)internal|no such file|not found"):
        await client.text_document_document_symbol_async(missing)
    assert await names(client, "alive") == ["alive"]


async def test_answers_with_non_ascii_and_undecodable_names(client: LanguageClient, tmp_path: Path) -> None:
    # names outside ASCII go out as UTF-8 (Content-Length in bytes); a root whose name is
    # not UTF-8 holds a lone surrogate, which the fast encoder refuses and json escapes
    root = tmp_path / os.fsdecode(b"caf\xe9")
    write(root, {"m.py": SOURCE})
    await start(client, [root])
    assert (await stats(client))["roots"] == [str(root)]
    (cafe,) = await symbols(client, "Café")
    assert cafe.name == "Café" and cafe.location.uri == (root / "m.py").as_uri() and "%E9" in cafe.location.uri
    assert [s.name for s in await symbols(client, "ñ𝐱")] == ["ñ𝐱"]


async def test_server_side_watching_skips_a_root_it_cannot_watch(client: LanguageClient, tmp_path: Path) -> None:
    # watchfiles takes only UTF-8 paths: the other root is indexed but not watched (and not rescanned over and over)
    odd, plain = tmp_path / os.fsdecode(b"caf\xe9"), tmp_path / "plain"
    write(odd, {"m.py": "def in_odd(): pass\n"})
    write(plain, {"m.py": "def in_plain(): pass\n"})
    params = init_params([odd, plain])
    params.capabilities.workspace.did_change_watched_files = None  # type: ignore[union-attr]
    await client.initialize_session(params)
    await wait_indexed(client)
    (plain / "n.py").write_text("def watched_here(): pass\n")
    assert await eventually(lambda: names(client, "watched_here")) == ["watched_here"]
    await asyncio.sleep(2 * 1.0)  # longer than the watcher's restart pause: no rescan loop
    assert len([m for m in client.log_messages if m.message.startswith("ragex: indexed")]) == 1
    assert await names(client, "in_odd") == ["in_odd"]
