"""The ``ragex`` command, run as a user runs it."""

from __future__ import annotations

import json
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
