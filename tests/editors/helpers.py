"""Shared by the editor tests: the fixture workspace, ``ragex-lsp`` on PATH, editor binaries."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORKSPACE = HERE / "workspace"


def missing(what: str, install: str) -> NoReturn:
    """An editor the test needs is not installed: fail under CI, skip elsewhere."""
    message = f"{what} is not installed ({install})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI must install it", pytrace=False)
    pytest.skip(message)


def workspace(tmp_path: Path) -> Path:
    """A copy of the fixture workspace, marked as a project root by an empty ``.git``."""
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    (root / ".git").mkdir()
    return root


def editor_env(tmp_path: Path) -> dict[str, str]:
    """The environment for an editor: ``ragex-lsp`` (this checkout) first on PATH, a private home."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "ragex-lsp"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ragex_lsp "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAGEX_", "XDG_", "NVIM", "EMACS"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
    )
    home.mkdir(exist_ok=True)
    return env


def version(binary: str) -> tuple[int, ...]:
    """``(0, 7, 2)`` from the first line of ``BINARY --version``."""
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out.splitlines()[0] if out else "")
    if not match:
        raise RuntimeError(f"{binary} --version printed {out!r}")
    return tuple(int(g or 0) for g in match.groups())


def run_editor(command: list[str], env: dict[str, str], out: Path, cwd: Path, timeout: float = 90) -> dict:
    """Run an editor that writes its findings to ``out`` as JSON; those findings."""
    try:
        proc = subprocess.run(
            command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"{command[0]} did not finish in {timeout} s; stderr: {e.stderr!r}")
    if not out.exists():
        pytest.fail(
            f"{command[0]} exited {proc.returncode} without results\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
        )
    result = json.loads(out.read_text(encoding="utf-8"))
    result["_stderr"] = proc.stderr
    return result
