"""The real server over stdio on one hostile workspace: every hazard beside ordinary files.

One server session indexes the whole workspace of :mod:`tests.hazards.workspace`
(built at test time); each test checks one hazard's outcome, that every
ordinary file is indexed, and that the server still answers.  The server runs
without root's power to read anything, so that an unreadable file is one.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.rpc import RawClient
from tests.hazards import workspace
from tests.lsp_helpers import poll
from tests.reliability import row

SERVER = [sys.executable, "-m", "ragex_lsp"]


class Session:
    """The hostile workspace, its server and what the first indexing reported."""

    def __init__(self, parent: Path, root: Path | None = None, env: dict[str, str] | None = None) -> None:
        command = workspace.unprivileged(SERVER)
        self.unreadable = command is not None
        self.root = root or workspace.build(parent, unreadable=self.unreadable)
        self.ordinary = {rel: name for rel, (_, name) in workspace.ordinary_files().items()}
        self.log = parent / "server.log"
        env = {
            "RAGEX_MAX_FILE_SIZE": str(workspace.MAX_FILE_SIZE),
            "RAGEX_CACHE_DIR": str(parent / "cache"),
            **(env or {}),
        }
        self.client = RawClient(self.root, env=env, command=[*(command or SERVER), "--log-file", str(self.log)])
        self.client.initialize()
        self.end = self.client.progress("end", timeout=120)["params"]["value"]["message"]
        self.stats = self.client.stats()
        self.metrics = self.stats["metrics"]
        self.failures = {f["path"]: f["reason"] for f in self.metrics["failures"]}

    def request(self, method: str, params: Any) -> dict:
        return self.client.response(self.client.send(method, params), timeout=60)

    def symbols(self, query: str) -> list[dict]:
        response = self.client.symbols(query)
        assert "result" in response, response
        return response["result"]

    def exact(self, name: str) -> list[dict]:
        return [s for s in self.symbols(name) if s["name"] == name]

    def path(self, symbol: dict) -> str:
        """The file a symbol's URI names, decoded from the URI alone (bytes as they are)."""
        parts = urllib.parse.urlsplit(symbol["location"]["uri"])
        assert parts.scheme == "file" and not parts.netloc
        return os.fsdecode(urllib.parse.unquote_to_bytes(parts.path))

    def assert_serving(self) -> None:
        """Every ordinary file indexed, each found by name, and the server still answering."""
        for rel, name in self.ordinary.items():
            (hit,) = self.exact(name)
            assert self.path(hit) == str(self.root / rel)
        assert self.client.proc.poll() is None

    def close(self) -> None:
        self.client.response(self.client.send("shutdown"))
        self.client.send("exit", request=False)
        assert self.client.proc.wait(10) == 0


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    session = Session(tmp_path_factory.mktemp("hostile"))
    yield session
    session.close()


def test_indexing_completes_with_every_ordinary_file(hostile: Session) -> None:
    assert "failed" in hostile.end or not hostile.unreadable
    assert not hostile.stats["indexing"] and not hostile.metrics["cancelled"]
    assert hostile.metrics["pool_restarts"] == 0
    hostile.assert_serving()


@row("hazard", "a 50 MB source file", "skipped before it is read: counted as 'too large'")
def test_50_mb_file_is_skipped_as_too_large(hostile: Session) -> None:
    assert (hostile.root / "huge.py").stat().st_size >= 50 << 20
    assert hostile.metrics["skipped_by_reason"]["too large"] == 1
    assert hostile.exact("huge_1") == []
    hostile.assert_serving()


@row("hazard", "a 2 MB single-line minified bundle", "read, recognised and skipped: counted as 'minified'")
def test_minified_bundle_is_skipped(hostile: Session) -> None:
    assert hostile.metrics["skipped_by_reason"]["minified"] == 1
    assert hostile.exact("m5") == []
    hostile.assert_serving()


@row("hazard", "binary data with a source extension", "skipped: counted as 'binary'")
def test_binary_with_source_extension_is_skipped(hostile: Session) -> None:
    assert hostile.metrics["skipped_by_reason"]["binary"] == 1
    hostile.assert_serving()


@row(
    "hazard",
    "invalid UTF-8",
    "indexed; each invalid sequence counts as one U+FFFD in names and columns, as editors decode it",
)
def test_invalid_utf8_is_indexed(hostile: Session) -> None:
    (hit,) = hostile.exact("after_bad_bytes")
    assert hit["location"]["range"]["start"] == {"line": 1, "character": 4}
    (js,) = hostile.exact("afterBadOnLine")
    line = workspace.LATIN1_JS.decode("utf-8", "replace")
    column = len(line[: line.index("afterBadOnLine")].encode("utf-16-le")) // 2
    assert js["location"]["range"]["start"] == {"line": 0, "character": column}
    hostile.assert_serving()


@row("hazard", "UTF-16 with BOM", "decoded by its byte order mark and indexed; positions are those of the text")
def test_utf16_with_bom_is_decoded_and_indexed(hostile: Session) -> None:
    (cls,) = hostile.exact("Utf16Class")
    assert cls["location"]["range"]["start"] == {"line": 1, "character": 6}
    (method,) = hostile.exact("utf16_méthode")
    assert method["containerName"] == "Utf16Class"
    assert method["location"]["range"]["start"] == {"line": 2, "character": 8}
    hostile.assert_serving()


@row("hazard", "CRLF and lone CR", "indexed; lines counted as LSP counts them (CRLF, LF and a lone CR each end one)")
def test_crlf_and_lone_cr_lines(hostile: Session) -> None:
    for name in ("crlf_second", "lone_cr_second"):
        (hit,) = hostile.exact(name)
        assert hit["location"]["range"]["start"] == {"line": 3, "character": 4}, name
    (first,) = hostile.exact("lone_cr_first")
    assert first["location"]["range"]["start"] == {"line": 0, "character": 4}
    hostile.assert_serving()


@row("hazard", "10,000 levels of nesting", "indexed: 10,000 nested functions, each the child of the one before")
def test_deep_nesting_is_indexed(hostile: Session) -> None:
    last = workspace.NESTING - 1
    (hit,) = hostile.exact(f"deep_{last}")
    assert hit["containerName"] == f"deep_{last - 1}"
    assert hit["location"]["range"]["start"]["line"] == last
    (after,) = hostile.exact("after_brackets")  # 10,000 nested brackets before it
    assert after["location"]["range"]["start"]["line"] == 2 * workspace.NESTING + 1
    assert hostile.exact("deep_1")[0]["containerName"] == "deep_0"
    hostile.assert_serving()


@row("hazard", "100,000 definitions in one file", "indexed: every definition searchable")
def test_100000_definitions_in_one_file(hostile: Session) -> None:
    last = workspace.DEFINITIONS - 1
    (hit,) = hostile.exact(f"many_{last}")
    assert hit["location"]["range"]["start"]["line"] == last
    assert hostile.stats["symbols"] > workspace.DEFINITIONS + workspace.NESTING
    assert len(hostile.symbols("many_")) == 500  # the result limit, answered at once
    hostile.assert_serving()


@row("hazard", "a symlink loop", "never followed: directory links are skipped, a file-link loop is a broken link")
def test_symlink_loops_are_not_followed(hostile: Session) -> None:
    skipped = hostile.metrics["skipped_by_reason"]
    assert skipped["symlink to directory"] == 3  # loops/again, loops/up, outside_dir
    assert skipped["broken symlink"] == 2  # loop_a.py, loop_b.py
    assert not any("/loops/" in hostile.path(s) for s in hostile.symbols("Ordinary"))
    hostile.assert_serving()


@row("confinement", "symlinks never lead outside", "directory links are never followed; file links outside are skipped")
@row("hazard", "a symlink to a directory outside the workspace", "not followed: its files are never indexed")
def test_symlinks_outside_are_not_followed(hostile: Session) -> None:
    assert hostile.metrics["skipped_by_reason"]["symlink outside workspace"] == 1
    assert hostile.symbols(workspace.OUTSIDE_SECRET) == []
    hostile.assert_serving()


@row("hazard", "a file without read permission", "failed with its reason ('unreadable: Permission denied') recorded")
def test_unreadable_file_is_a_recorded_failure(hostile: Session) -> None:
    if not hostile.unreadable:
        pytest.skip("root, and no setpriv to drop the power to read anything")
    assert hostile.failures == {str(hostile.root / "locked.py"): "unreadable: Permission denied"}
    assert hostile.metrics["failed_by_reason"] == {"unreadable": 1}
    assert hostile.exact("locked_function") == []
    hostile.assert_serving()


@row("hazard", "non-ASCII, space and % characters in paths", "correct file:// URIs both ways")
def test_paths_with_odd_characters_round_trip_as_uris(hostile: Session) -> None:
    folder = hostile.root / "dir with space"
    expected = {
        "percent_space_unicode": folder / "naïve 100% file.py",
        "percent_escape_lookalike": folder / "%41#?.py",
    }
    round_trip(hostile, expected)
    hostile.assert_serving()


def round_trip(session: Session, files: dict[str, Path]) -> None:
    """Each file's URI as the server gives it names the file; the client's URI of it opens
    and saves the same file."""
    for name, path in files.items():
        (hit,) = session.exact(name)
        assert session.path(hit) == str(path), name
        assert hit["location"]["uri"] == path.as_uri()  # what clients make of the path
    for name, path in files.items():
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "python", "version": 1, "text": path.read_text(encoding="utf-8")}
        session.client.send("textDocument/didOpen", {"textDocument": item}, request=False)
        outline = session.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        assert [s["name"] for s in outline["result"]] == [name]
        path.write_text(f"def {name}_saved(): pass\n", encoding="utf-8")
        session.client.send("textDocument/didSave", {"textDocument": {"uri": uri}}, request=False)
        saved = poll(lambda name=name: session.exact(f"{name}_saved"))
        assert [session.path(h) for h in saved] == [str(path)]
        assert session.exact(name) == []


@row(
    "hazard",
    "a file name that is not UTF-8",
    "indexed; its URI percent-encodes the name's bytes, and such a URI from the client names the file",
)
def test_name_that_is_not_utf8_round_trips_as_uri(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    workspace.ordinary(root)
    path = workspace.not_utf8_name(root)
    session = Session(tmp_path, root=root, env={"RAGEX_CACHE": "false"})
    try:
        assert not session.failures and session.stats["files"] == len(session.ordinary) + 1
        round_trip(session, {"bad_name_bytes": path})
        session.assert_serving()
    finally:
        session.close()


@row("hazard", "an empty directory tree 200 levels deep", "walked without recursion; a file at depth 200 is indexed")
def test_deep_directory_trees(hostile: Session) -> None:
    (hit,) = hostile.exact("at_depth_200")
    assert hostile.path(hit) == str(hostile.root / "deep" / Path(*["d"] * workspace.DEPTH) / "leaf.py")
    assert (hostile.root / "empty" / Path(*["d"] * workspace.DEPTH)).is_dir()
    hostile.assert_serving()


@row("hazard", "a .gitignore with invalid patterns", "the invalid lines are left out with a warning; the rest applies")
def test_gitignore_with_invalid_patterns(hostile: Session) -> None:
    assert hostile.exact("kept_beside_bad_gitignore")
    assert hostile.exact("should_be_ignored") == [] and hostile.exact("also_ignored") == []
    assert hostile.metrics["skipped_by_reason"]["ignored"] == 2
    log = hostile.log.read_text(encoding="utf-8", errors="replace")
    for number in (1, 2, 3):
        assert f".gitignore:{number}: invalid pattern left out" in log, log
    assert ".gitignore:4:" not in log and ".gitignore:5:" not in log
    hostile.assert_serving()


@row("hazard", "a file name that is not UTF-8", "its symbols are cached like any other file's")
def test_name_that_is_not_utf8_is_cached(tmp_path: Path) -> None:
    from ragex_lsp.cache import Cache, Entry
    from ragex_lsp.core.model import Kind, Symbol
    from ragex_lsp.core.packed import Packed

    root = tmp_path / "ws"
    root.mkdir()
    symbols = Packed.pack([Symbol("f", Kind.FUNCTION, 0, 0, 0, 9, 0, 4, 0, 5, -1, "", "")])
    bad = os.fsdecode(os.fsencode(root) + b"/not-utf8-\xff.py")
    entries = [(str(root / "ok.py"), Entry(1, 2, 3, symbols)), (bad, Entry(4, 5, 6, symbols))]
    cache = Cache(str(root), "utf-16", tmp_path / "cache")
    cache.write(entries)
    cache.close()
    loaded = {p: e for chunk in Cache(str(root), "utf-16", tmp_path / "cache").load() for p, e in chunk}
    assert loaded == dict(entries)
