"""The persistent cache: round trips, corruption, foreign files, concurrency, privacy, a full disk."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from ragex_lsp import cache
from ragex_lsp.cache import Cache, Entry
from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import Packed
from tests.reliability import row


def packed(*names: str) -> Packed:
    return Packed.pack(
        [
            Symbol(n, Kind.FUNCTION, i, 0, i, 9, i, 4, i, 4 + len(n), -1, "Outer", f"def {n}()")
            for i, n in enumerate(names)
        ]
    )


def entries(root: Path, count: int) -> list[tuple[str, Entry]]:
    return [
        (str(root / f"pkg/m{i}.py"), Entry(100 + i, 10**18 + i, 2**64 - 1 - i, packed(f"f{i}", "g")))
        for i in range(count)
    ]


def load_all(c: Cache) -> dict[str, Entry]:
    return {path: entry for chunk in c.load() for path, entry in chunk}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "ws").mkdir()
    return tmp_path / "ws"


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_round_trip_in_chunks(root: Path, directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "LOAD_CHUNK", 2)
    monkeypatch.setattr(cache, "FIRST_CHUNK", 3)
    written = entries(root, 20)
    c = Cache(str(root), "utf-16", directory)
    c.write(written, removed=[])
    c.write([], removed=[written[0][0]])
    c.close()
    again = Cache(str(root), "utf-16", directory)
    chunks = list(again.load())
    # a small first chunk answers sooner; then each as large as all before it (segments double, no merges)
    assert [len(chunk) for chunk in chunks] == [3, 3, 6, 7]
    assert [len(chunk) for chunk in again.load(loaded=5)] == [5, 10, 4]  # after another root's files
    assert {p: e for chunk in chunks for p, e in chunk} == dict(written[1:])
    (info,) = cache.describe(directory)
    assert (info["root"], info["encoding"], info["files"], info["symbols"]) == (str(root), "utf-16", 19, 38)
    assert info["current"] is True and int(info["bytes"]) > 0  # type: ignore[call-overload]


def test_root_and_files_whose_names_are_not_utf8(tmp_path: Path, directory: Path) -> None:
    root = tmp_path / os.fsdecode(b"caf\xe9")
    root.mkdir()
    written = [(str(root / os.fsdecode(b"m\xff.py")), Entry(1, 2, 3, packed("f"))), *entries(root, 2)]
    c = Cache(str(root), "utf-16", directory)
    c.write(written, removed=[])
    c.close()
    assert load_all(Cache(str(root), "utf-16", directory)) == dict(written)
    (info,) = cache.describe(directory)
    assert info["root"] == str(root)


def test_snapshots_and_the_rows_written_after_them(
    root: Path, directory: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(cache, "SNAPSHOT_PART", 3)  # a snapshot spans rows
    written = entries(root, 4)
    c = Cache(str(root), "utf-16", directory)
    assert c.snapshots() == (-1, [])
    c.write(written[:2])
    c.write_snapshot([b"abcdefgh", b"", b"xy"], c.generation())
    c.write(written[2:])
    c.close()
    again = Cache(str(root), "utf-16", directory)
    since, snapshots = again.snapshots()
    assert since == 1 and snapshots == [b"abcdefgh", b"", b"xy"]
    assert {p for chunk in again.load(since=since) for p, _ in chunk} == {p for p, _ in written[2:]}
    assert load_all(again) == dict(written)
    assert again._db is not None
    with again._db:
        again._db.execute("UPDATE snapshot SET data = X'00' WHERE part = 1")
    with caplog.at_level(logging.WARNING, logger="ragex.cache"):
        assert again.snapshots() == (-1, []) and again.snapshots() == (-1, [])  # dropped at once
    assert len(caplog.records) == 1 and "snapshot unusable" in caplog.text
    assert load_all(again) == dict(written)


def test_each_encoding_has_its_own_cache(root: Path, directory: Path) -> None:
    Cache(str(root), "utf-16", directory).write(entries(root, 3))
    assert load_all(Cache(str(root), "utf-8", directory)) == {}


def test_another_version_discards_the_cache(
    root: Path, directory: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    c = Cache(str(root), "utf-16", directory)
    c.write(entries(root, 3))
    c.close()
    monkeypatch.setattr(cache, "stamp", lambda encoding: "schema 1; ragex 99.0")
    with caplog.at_level(logging.WARNING):
        assert load_all(Cache(str(root), "utf-16", directory)) == {}
    assert caplog.text.count("another version") == 1


@row(
    "fault",
    "the cache file corrupted between runs",
    "what it returns is right, then it is discarded with one warning and rebuilt",
)
@pytest.mark.parametrize("damage", ["garbage", "foreign database", "truncated", "corrupt symbols"])
def test_damaged_cache_is_discarded_and_rebuilt(
    root: Path, directory: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    c = Cache(str(root), "utf-16", directory)
    c.write(entries(root, 3000))
    c.close()
    path = c.path
    assert not os.path.exists(f"{path}-wal")  # closing folded the WAL into the file we damage
    if damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "foreign database":
        path.unlink()
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
    elif damage == "truncated":
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // 2)
    else:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE files SET symbols = x'00010203' WHERE rowid % 2 = 0")
    with caplog.at_level(logging.WARNING):
        reopened = Cache(str(root), "utf-16", directory)
        got = load_all(reopened)
        assert all(e == dict(entries(root, 3000))[p] for p, e in got.items())  # what it returns is right
        assert len(got) < 3000
    assert "rebuilding" in caplog.text and caplog.text.count("WARNING") == 1
    reopened.write(entries(root, 5))  # and it works again
    reopened.close()
    assert len(load_all(Cache(str(root), "utf-16", directory))) == 5


@row("confinement", "cache files are private to the user", "directory 0700, database, WAL and lock files 0600")
def test_cache_files_are_private(root: Path, directory: Path) -> None:
    c = Cache(str(root), "utf-16", directory)
    c.write(entries(root, 10))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    files = list(directory.iterdir())
    assert len(files) >= 2  # the database and its lock, and SQLite's WAL files while open
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_one_writer_the_other_reads(root: Path, directory: Path) -> None:
    first = Cache(str(root), "utf-16", directory)
    first.write(entries(root, 4))
    second = Cache(str(root), "utf-16", directory)
    assert len(load_all(second)) == 4 and first.writer and not second.writer
    second.write(entries(root, 9))  # not the writer: nothing happens
    assert len(load_all(second)) == 4
    first.close()  # the lock passes on when the writer goes
    third = Cache(str(root), "utf-16", directory)
    assert third.open() and third.writer


def _hammer(root: str, directory: str, start: int, rounds: int) -> None:
    c = Cache(root, "utf-16", Path(directory))
    for i in range(rounds):
        batch = [(f"{root}/w{start}-{i}-{j}.py", Entry(j, j, j, packed(f"n{j}"))) for j in range(50)]
        c.write(batch)
        assert all(len(chunk) >= 0 for chunk in c.load())
    c.close()


def test_two_processes_never_corrupt_it(root: Path, directory: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(str(root), str(directory), n, 30)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    path = cache.database_path(directory, str(root), "utf-16")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = db.execute("SELECT count(*) FROM files").fetchone()[0]
    assert count % 50 == 0 and count >= 30 * 50  # whole transactions, at least one writer's


@row(
    "fault",
    "the cache disk full or read-only",
    "SQLite's 'database or disk is full': one warning, the cache is dropped, indexing goes on",
)
def test_full_disk_warns_once_and_goes_on(root: Path, directory: Path, caplog: pytest.LogCaptureFixture) -> None:
    c = Cache(str(root), "utf-16", directory)
    c.write(entries(root, 2))
    assert c._db is not None
    c._db.execute("PRAGMA max_page_count = 8")  # SQLite's own "database or disk is full"
    with caplog.at_level(logging.WARNING):
        c.write(entries(root, 5000))
        c.write(entries(root, 5000))
    assert caplog.text.count("cannot be written") == 1 and "full" in caplog.text
    assert c.failed is not None


def test_clear_removes_every_cache(root: Path, directory: Path) -> None:
    for encoding in ("utf-8", "utf-16"):
        c = Cache(str(root), encoding, directory)
        c.write(entries(root, 2))
        c.close()
    assert cache.clear(directory) == 2
    assert not list(directory.glob("*.sqlite*"))


async def test_a_folder_removed_and_added_again_keeps_writing_its_cache(tmp_path: Path) -> None:
    from ragex_lsp.server.service import WorkspaceService, _NullSink
    from ragex_lsp.settings import Settings

    root = tmp_path / "ws"
    root.mkdir()
    (root / "a.py").write_text("def first():\n    pass\n")
    service = WorkspaceService(Settings(cache_dir=str(tmp_path / "cache"), use_parallel=False))
    service.roots = [str(root)]
    await service.index_roots([str(root)], _NullSink())
    await service.add_roots([str(root)], [str(root)], _NullSink())
    cache = service.caches[os.path.realpath(root)]
    assert cache.writer  # the same cache, still the writer: nothing lost the lock to a stale copy
    (root / "b.py").write_text("def second():\n    pass\n")
    await service.index_roots([str(root)], _NullSink())
    service.close()
    assert sorted(os.path.basename(p) for p in load_all(Cache(str(root), "utf-16", tmp_path / "cache"))) == [
        "a.py",
        "b.py",
    ]
