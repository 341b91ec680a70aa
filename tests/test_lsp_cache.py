"""The real server over stdio with its persistent cache: warm starts re-extract only what changed."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.rpc import RawClient
from ragex_lsp.cache import _digest
from tests.lsp_helpers import write
from tests.reliability import row


def start(root: Path | list[Path], cache_dir: Path, **env: str) -> RawClient:
    client = RawClient(root, env={"RAGEX_CACHE_DIR": str(cache_dir), **env})
    client.initialize()
    client.progress("end")
    return client


def stats(client: RawClient) -> dict:
    params = {"command": "ragex.stats", "arguments": [{"fingerprint": True}]}
    return client.response(client.send("workspace/executeCommand", params))["result"]


def names(client: RawClient, query: str) -> list[str]:
    return [s["name"] for s in client.symbols(query)["result"]]


def stop(client: RawClient) -> None:
    client.response(client.send("shutdown"))
    client.send("exit", request=False)
    assert client.proc.wait(10) == 0


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write(root, {f"pkg/mod_{i}.py": f"class Model{i}:\n    def run_{i}(self):\n        pass\n" for i in range(30)})
    return root


def test_warm_start_reextracts_only_what_changed(workspace: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = start(workspace, cache_dir)
    cold = stats(first)
    assert cold["metrics"]["files_total"] == 30 and cold["symbols"] == 60
    stop(first)

    write(workspace, {"pkg/mod_1.py": "class Renamed1:\n    pass\n", "pkg/new.py": "def brand_new():\n    pass\n"})
    (workspace / "pkg/mod_2.py").unlink()
    touched = workspace / "pkg/mod_3.py"  # rewritten as it was (a checkout): new mtime, same content
    touched.write_text(touched.read_text())
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 5 * 10**9))

    second = start(workspace, cache_dir)
    warm = stats(second)
    assert warm["metrics"]["files_total"] == 2  # mod_1 and new.py; mod_3 is known by its hash
    assert names(second, "Renamed1") == ["Renamed1"] and names(second, "brand_new") == ["brand_new"]
    found = names(second, "Model")
    assert "Model2" not in found and "Model1" not in found and "Model3" in found and len(found) == 28
    stop(second)

    fresh = start(workspace, tmp_path / "none", RAGEX_CACHE="false")
    expected = stats(fresh)
    stop(fresh)
    assert warm["fingerprint"] == expected["fingerprint"] and warm["symbols"] == expected["symbols"]
    assert not (tmp_path / "none").exists()  # RAGEX_CACHE=false writes nothing
    third = start(workspace, cache_dir)  # the second run's changes were written back
    assert stats(third)["metrics"]["files_total"] == 0
    stop(third)


@row(
    "fault",
    "the cache file corrupted between runs",
    "the server re-indexes from scratch, answers, and the rebuilt cache serves the next start",
)
def test_corrupt_cache_is_rebuilt_and_the_server_serves(workspace: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    stop(start(workspace, cache_dir))
    (database,) = cache_dir.glob("*.sqlite")
    database.write_bytes(b"\0garbage" * 1000)
    client = start(workspace, cache_dir)
    assert stats(client)["metrics"]["files_total"] == 30 and names(client, "Model7")[0] == "Model7"
    stop(client)
    client = start(workspace, cache_dir)
    assert stats(client)["metrics"]["files_total"] == 0
    stop(client)


def settled(client: RawClient) -> dict:
    deadline = time.monotonic() + 60
    while not (result := stats(client))["settled"] and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


def snapshot_rows(cache_dir: Path) -> dict[str, int]:
    """Per cache database: how many snapshot parts it holds."""
    out = {}
    for database in cache_dir.glob("*.sqlite"):
        with contextlib.closing(sqlite3.connect(database)) as db:
            out[database.name.split("-")[0]] = db.execute("SELECT count(*) FROM snapshot").fetchone()[0]
    return out


def test_warm_start_from_the_snapshot_then_the_rows_written_after_it(workspace: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = start(workspace, cache_dir)
    settled(first)  # an idle server snapshots its cache
    stop(first)
    assert snapshot_rows(cache_dir)["ws"] >= 1  # one a segment

    write(workspace, {"pkg/mod_1.py": "class Renamed1:\n    pass\n", "pkg/new.py": "def brand_new():\n    pass\n"})
    (workspace / "pkg/mod_2.py").unlink()
    second = start(workspace, cache_dir)
    warm = settled(second)
    assert warm["from_snapshots"] == 30 and warm["metrics"]["files_total"] == 2
    stop(second)  # writes mod_1, new.py and the removal after the snapshot, which stays (few changes)

    fresh = start(workspace, tmp_path / "none", RAGEX_CACHE="false")
    expected = stats(fresh)
    stop(fresh)
    third = start(workspace, cache_dir)
    again = stats(third)
    # the rows written after the snapshot win over its older versions: nothing to re-extract
    assert again["metrics"]["files_total"] == 0 and again["fingerprint"] == expected["fingerprint"]
    assert names(third, "Renamed1") == ["Renamed1"] and "Model1" not in names(third, "Model1")
    stop(third)


@row(
    "fault",
    "the cache's snapshot damaged between runs",
    "one warning; the files come from the cache's rows, nothing is re-extracted, a new snapshot is taken",
)
def test_a_damaged_snapshot_is_dropped_and_the_rows_serve(workspace: Path, tmp_path: Path) -> None:
    def damage(db: sqlite3.Connection) -> None:
        db.execute("UPDATE snapshot SET data = substr(data, 1, 100) || zeroblob(7) || substr(data, 108)")

    check_snapshot_replaced(workspace, tmp_path, damage)


def test_a_snapshot_of_an_earlier_format_is_replaced(workspace: Path, tmp_path: Path) -> None:
    def make_older(db: sqlite3.Connection) -> None:  # each segment's snapshot starts in its first part
        parts = db.execute("SELECT part, data FROM snapshot ORDER BY part").fetchall()
        older = [(p, d[:4] + bytes([d[4] - 1]) + d[5:] if p & 0xFFFF == 0 else d) for p, d in parts]
        db.executemany("UPDATE snapshot SET data = ? WHERE part = ?", [(d, p) for p, d in older])
        joined: dict[int, bytes] = {}
        for part, data in older:
            joined[part >> 16] = joined.get(part >> 16, b"") + data
        db.execute("UPDATE meta SET value = ? WHERE key = 'snapshot digest'", (_digest(list(joined.values())),))

    check_snapshot_replaced(workspace, tmp_path, make_older)


def check_snapshot_replaced(workspace: Path, tmp_path: Path, spoil: Callable[[sqlite3.Connection], None]) -> None:
    """After ``spoil`` changes the cache's snapshot, the rows serve (nothing
    re-extracted, the same index) and the settled server takes a new snapshot."""
    cache_dir = tmp_path / "cache"
    first = start(workspace, cache_dir)
    expected = settled(first)
    stop(first)
    (database,) = cache_dir.glob("*.sqlite")
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        spoil(db)
    client = start(workspace, cache_dir)
    warm = settled(client)
    assert warm["from_snapshots"] == 0 and warm["metrics"]["files_total"] == 0
    assert warm["fingerprint"] == expected["fingerprint"] and names(client, "Model7")[0] == "Model7"
    stop(client)
    client = start(workspace, cache_dir)
    assert stats(client)["from_snapshots"] == 30
    stop(client)


def test_each_root_snapshots_its_own_files(tmp_path: Path) -> None:
    roots = [tmp_path / "one", tmp_path / "two"]
    for i, root in enumerate(roots):
        write(root, {f"m{j}.py": f"def f{i}_{j}(): pass\n" for j in range(5)})
    cache_dir = tmp_path / "cache"
    first = start(roots, cache_dir)
    expected = settled(first)
    stop(first)
    parts = snapshot_rows(cache_dir)
    assert sorted(parts) == ["one", "two"] and min(parts.values()) >= 1
    second = start([roots[1]], cache_dir)  # one root alone: its files only
    alone = stats(second)
    assert alone["from_snapshots"] == 5 and alone["files"] == 5 and alone["metrics"]["files_total"] == 0
    stop(second)
    third = start(roots, cache_dir)
    both = stats(third)
    assert both["from_snapshots"] == 10 and both["fingerprint"] == expected["fingerprint"]
    stop(third)
