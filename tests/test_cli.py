"""The ``ragex`` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def ragex(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ragex_lsp.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.py"
    path.write_text("class Store(Base):\n    def load(self, path):\n        pass\n\nMAX = 3\n", encoding="utf-8")
    return path


def test_outline_prints_the_tree(sample: Path) -> None:
    result = ragex("outline", str(sample))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "class Store :1 — class Store(Base)\n  method load :2 — def load(self, path)\nconstant MAX :5 — MAX = 3\n"
    )


def test_outline_json_is_lsp_document_symbols(sample: Path) -> None:
    result = ragex("outline", "--json", str(sample))
    assert result.returncode == 0, result.stderr
    (store, const) = json.loads(result.stdout)
    assert (store["name"], store["kind"], store["detail"]) == ("Store", 5, "class Store(Base)")
    assert store["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 12}}
    assert store["selectionRange"] == {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 11}}
    assert [c["name"] for c in store["children"]] == ["load"] and store["children"][0]["kind"] == 6
    assert (const["name"], const["kind"], const["children"]) == ("MAX", 14, [])


def test_outline_forced_language(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    path.write_text("def f():\n    pass\n")
    assert ragex("outline", "--language", "python", str(path)).stdout.startswith("function f :1")


def test_outline_several_files(sample: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.py"
    other.write_text("def g(): pass\n")
    result = ragex("outline", str(sample), str(other))
    assert f"{other}:\n  function g :1" in result.stdout and f"{sample}:\n  class Store" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["outline", "/nonexistent/x.py"], "/nonexistent/x.py: no such file"),
        (["outline", "."], ".: is a directory"),
        (["outline", "README"], "README: unknown language"),
        (["outline", "--language", "cobol", "a.py"], "unknown language 'cobol'"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "README").write_text("hello\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    result = ragex(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("ragex: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_languages_lists_all_with_kinds() -> None:
    result = ragex("languages", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["language"]: row for row in json.loads(result.stdout)}
    assert len(rows) == 17
    assert ".py" in rows["python"]["extensions"] and "python3" in rows["python"]["interpreters"]
    assert {"class", "method", "function", "constant", "variable", "field"} <= set(rows["python"]["kinds"])


def test_index_summary_and_dump(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "pkg").mkdir(parents=True)
    (ws / "pkg" / "a.py").write_text("class Store:\n    def load(self): pass\n")
    (ws / "pkg" / "b.go").write_text("package pkg\n\nfunc Serve() {}\n")
    (ws / ".gitignore").write_text("ignored.py\n")
    (ws / "ignored.py").write_text("def hidden(): pass\n")
    dump = tmp_path / "symbols.jsonl"
    result = ragex("index", str(ws), "--dump", str(dump))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Indexed 2 files")
    assert "symbols" in result.stdout and "skipped       1 (ignored 1)" in result.stdout
    rows = [json.loads(line) for line in dump.read_text().splitlines()]
    names = {(Path(r["path"]).name, r["name"], r["kind"], r["container"], r["line"]) for r in rows}
    assert ("a.py", "load", "method", "Store", 2) in names and ("b.go", "Serve", "function", "", 3) in names
    assert not any(r["name"] == "hidden" for r in rows)


def test_index_json_metrics_and_workers_never_write_stdout(tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"m{i}.py").write_text(f"def f{i}(): pass\n" * 50)
    (tmp_path / "noisy.py").write_text("# RAGEX-FAULT:print\ndef noisy(): pass\n")
    env = {**os.environ, "RAGEX_FAULT_INJECTION": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ragex_lsp.cli", "index", str(tmp_path), "--workers", "2", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)  # nothing but the JSON on stdout
    assert metrics["mode"] == "parallel" and metrics["files_ok"] == 31 and metrics["symbols"] == 30 * 50 + 1
    assert "injected print to stdout" in result.stderr and "injected write to fd 1" in result.stderr


def test_index_bad_path_is_status_2() -> None:
    result = ragex("index", "/nonexistent/dir")
    assert result.returncode == 2 and "not a directory" in result.stderr


def test_configure_reports_sources() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ragex_lsp.cli", "configure", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "RAGEX_MAX_BATCH_SIZE": "99", "RAGEX_CPU_THRESHOLD": "lots"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["settings"]["max_batch_size"] == {
        "value": 99,
        "source": "environment",
        "variable": "RAGEX_MAX_BATCH_SIZE",
    }
    assert data["settings"]["max_workers"]["source"] == "auto" and data["machine"]["usable_cpus"] >= 1
    assert "RAGEX_CPU_THRESHOLD='lots' is not a positive number; using 85.0" in result.stderr


def test_cache_info_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ragex_lsp.cache import Cache, Entry
    from ragex_lsp.core.packed import Packed

    directory = tmp_path / "caches"
    monkeypatch.setenv("RAGEX_CACHE_DIR", str(directory))
    assert "(empty)" in ragex("cache", "info").stdout
    c = Cache(str(tmp_path), "utf-16", directory)
    c.write([(str(tmp_path / "a.py"), Entry(1, 2, 3, Packed.pack([])))])
    c.close()
    info = json.loads(ragex("cache", "info", "--json").stdout)
    assert info["directory"] == str(directory)
    assert [(r["root"], r["files"], r["current"]) for r in info["caches"]] == [(str(tmp_path), 1, True)]
    assert f"{tmp_path} [utf-16]: 1 files" in ragex("cache", "info").stdout
    c = Cache(str(tmp_path), "utf-16", directory)
    c.write_snapshot([b"x" * 2**20], c.generation())
    c.close()
    assert "(snapshot 1.0 MiB)" in ragex("cache", "info").stdout
    assert json.loads(ragex("cache", "info", "--json").stdout)["caches"][0]["snapshot_bytes"] == 2**20
    result = ragex("cache", "clear")
    assert result.returncode == 0 and "removed 1 cache(s)" in result.stdout
    assert json.loads(ragex("cache", "info", "--json").stdout)["caches"] == []


def test_cache_info_prints_a_root_that_is_not_utf8_as_its_bytes(tmp_path: Path) -> None:
    from ragex_lsp.cache import Cache

    root = os.fsdecode(bytes(tmp_path) + b"/caf\xe9")
    c = Cache(root, "utf-8", tmp_path / "caches")
    c.write([], removed=[])
    c.close()
    # strict, as under a UTF-8 locale such as en_US.UTF-8 (the C locale escapes anyway)
    env = {**os.environ, "RAGEX_CACHE_DIR": str(tmp_path / "caches"), "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run([sys.executable, "-m", "ragex_lsp.cli", "cache", "info"], capture_output=True, env=env)
    assert result.returncode == 0, result.stderr
    assert b"/caf\xe9 [utf-8]: 0 files" in result.stdout
