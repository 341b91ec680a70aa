"""The real server over stdio with its persistent cache: warm starts re-extract only what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.rpc import RawClient
from tests.lsp_helpers import write
from tests.reliability import row


def start(root: Path, cache_dir: Path, **env: str) -> RawClient:
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
