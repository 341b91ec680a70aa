"""The shared index file: written by ``ragex index --output``, seeding a server on another checkout."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ragex_lsp import cache
from ragex_lsp.cache import Entry, IndexFile, IndexFileError, IndexWriter
from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import Packed
from ragex_lsp.worker import content_digest
from tests.lsp_helpers import write
from tests.test_lsp_cache import names, start, stats, stop


def ragex(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ragex_lsp.cli", *args], capture_output=True, text=True, timeout=120)


def packed(name: str) -> Packed:
    return Packed.pack([Symbol(name, Kind.FUNCTION, 0, 0, 1, 0, 0, 4, 0, 4 + len(name), -1, "", "")])


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ci" / "repo"
    files = {f"pkg/mod_{i}.py": f"class Model{i}:\n    def run_{i}(self):\n        pass\n" for i in range(30)}
    write(root, files | {"go/serve.go": "package serve\n\nfunc Serve() {}\n"})
    return root


def test_writer_and_reader_round_trip_with_relative_paths(tmp_path: Path) -> None:
    out = tmp_path / "index.sqlite"
    writer = IndexWriter(str(out), str(tmp_path / "root"), "utf-16")
    writer.add([(str(tmp_path / "root/a/b.py"), Entry(10, 20, 2**64 - 5, packed("b")))])
    writer.add([(str(tmp_path / "root/c.py"), Entry(11, 21, 7, packed("c")))])
    assert not out.exists()  # only the .partial file until commit
    assert writer.commit() == 2 and out.exists() and not Path(f"{out}.partial").exists()
    with sqlite3.connect(out) as db:
        assert sorted(r for (r,) in db.execute("SELECT path FROM files")) == ["a/b.py", "c.py"]
    shared = IndexFile(str(out), "utf-16")
    assert shared.root == str(tmp_path / "root")
    found = dict(shared.lookup(["a/b.py", "missing.py", "c.py"]))
    assert found == {"a/b.py": Entry(10, 20, 2**64 - 5, packed("b")), "c.py": Entry(11, 21, 7, packed("c"))}
    shared.close()


def test_an_aborted_write_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "index.sqlite"
    writer = IndexWriter(str(out), str(tmp_path), "utf-16")
    writer.add([(str(tmp_path / "a.py"), Entry(1, 2, 3, packed("a")))])
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def make_index(path: Path, encoding: str = "utf-16") -> Path:
    writer = IndexWriter(str(path), str(path.parent), encoding)
    writer.add([(str(path.parent / "a.py"), Entry(1, 2, 3, packed("a")))])
    writer.commit()
    return path


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("garbage", "is not a ragex index (foreign or corrupt)"),
        ("foreign sqlite", "is not a ragex index (foreign or corrupt: no such table: meta)"),
        ("missing", "cannot be read: No such file or directory"),
        ("other version", "was made by another version of ragex or its grammars (schema 1; ragex 0.0.1"),
        ("other encoding", "holds utf-32 positions, the editor uses utf-16 (build it with"),
    ],
)
def test_unusable_files_are_refused_with_the_reason(tmp_path: Path, damage: str, message: str) -> None:
    path = tmp_path / "index.sqlite"
    if damage == "garbage":
        path.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    elif damage == "foreign sqlite":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
    elif damage == "other version":
        make_index(path)
        with sqlite3.connect(path) as db:
            db.execute("UPDATE meta SET value = 'schema 1; ragex 0.0.1; utf-16' WHERE key = 'stamp'")
    elif damage == "other encoding":
        make_index(path, "utf-32")
    with pytest.raises(IndexFileError) as refused:
        IndexFile(str(path), "utf-16")
    assert message in str(refused.value)


def test_a_corrupt_row_is_reported_when_read(tmp_path: Path) -> None:
    path = make_index(tmp_path / "index.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE files SET symbols = x'00010203'")
    shared = IndexFile(str(path), "utf-16")
    with pytest.raises(IndexFileError, match="is corrupt"):
        shared.lookup(["a.py"])


def test_cli_output_holds_every_file_relative_with_its_hash(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared.sqlite"
    result = ragex("index", str(workspace), "--output", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files_ok"] == 31  # stdout: the metrics only
    assert f"wrote the index of 31 files (utf-16) to {out}" in result.stderr
    with sqlite3.connect(out) as db:
        rows = {rel: (size, digest) for rel, size, digest in db.execute("SELECT path, size, digest FROM files")}
        stamp = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()[0]
    assert stamp == cache.stamp("utf-16")
    source = (workspace / "go/serve.go").read_bytes()
    size, digest = rows["go/serve.go"]
    assert size == len(source) and cache._unsigned(digest) == content_digest(source)
    assert len(rows) == 31 and all(not os.path.isabs(rel) for rel in rows)
    with pytest.raises(IndexFileError, match="holds utf-16 positions"):
        IndexFile(str(out), "utf-8")


def test_cli_output_needs_one_folder(workspace: Path, tmp_path: Path) -> None:
    result = ragex("index", str(workspace), str(workspace / "pkg"), "--output", str(tmp_path / "x.sqlite"))
    assert result.returncode == 2 and "--output takes the index of one folder" in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_server_seeded_from_the_index_reextracts_only_what_differs(workspace: Path, tmp_path: Path) -> None:
    """CI indexes its checkout; a developer's checkout elsewhere, with local edits, starts from it."""
    shared = tmp_path / "shared.sqlite"
    assert ragex("index", str(workspace), "--output", str(shared)).returncode == 0
    mine = tmp_path / "dev" / "checkout"
    shutil.copytree(workspace, mine)  # another root, same contents
    write(mine, {"pkg/mod_1.py": "class Renamed1:\n    pass\n", "pkg/new.py": "def brand_new():\n    pass\n"})
    (mine / "pkg/mod_2.py").unlink()
    same_size = mine / "pkg/mod_3.py"  # same size, other content: the hash must decide
    same_size.write_text(same_size.read_text().replace("Model3", "Other3"))

    cache_dir = tmp_path / "cache"
    client = start(mine, cache_dir, RAGEX_INDEX_FILE=str(shared))
    seeded = stats(client)
    assert seeded["metrics"]["files_total"] == 3  # mod_1, mod_3 and new.py are extracted here
    assert seeded["from_index_file"] == 28  # 31 here, less those three
    assert names(client, "Renamed1") == ["Renamed1"] and names(client, "Other3") == ["Other3"]
    assert "Model2" not in names(client, "Model2") and names(client, "Model7")[0] == "Model7"
    assert not [m for m in client.all if m.get("method") == "window/showMessage"]
    stop(client)

    fresh = start(mine, tmp_path / "none", RAGEX_CACHE="false")
    expected = stats(fresh)
    stop(fresh)
    assert seeded["fingerprint"] == expected["fingerprint"] and seeded["symbols"] == expected["symbols"]

    again = start(mine, cache_dir, RAGEX_INDEX_FILE=str(shared))  # the seeded entries went to its cache
    warm = stats(again)
    assert warm["metrics"]["files_total"] == 0 and warm["from_index_file"] == 0
    stop(again)


@pytest.mark.parametrize("damage", ["foreign", "corrupt rows"])
def test_server_refuses_a_bad_index_file_and_indexes_cold(workspace: Path, tmp_path: Path, damage: str) -> None:
    shared = tmp_path / "shared.sqlite"
    if damage == "foreign":
        shared.write_bytes(b"\x7fELF" + b"\0" * 4000)
    else:
        assert ragex("index", str(workspace), "--output", str(shared)).returncode == 0
        with sqlite3.connect(shared) as db:
            db.execute("UPDATE files SET symbols = x'deadbeef'")
    client = start(workspace, tmp_path / "cache", RAGEX_INDEX_FILE=str(shared))
    cold = stats(client)
    assert cold["metrics"]["files_total"] == 31 and cold["from_index_file"] == 0
    assert names(client, "Model7")[0] == "Model7"
    (shown,) = [m["params"] for m in client.all if m.get("method") == "window/showMessage"]
    why = "is not a ragex index (foreign or corrupt)" if damage == "foreign" else "is corrupt"
    assert shown["type"] == 2 and str(shared) in shown["message"] and why in shown["message"]
    stop(client)
