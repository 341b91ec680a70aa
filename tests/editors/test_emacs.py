"""Emacs (batch mode) with Eglot, configured as docs/editors/emacs.md shows, against the real ragex-lsp.

``emacs --batch -l emacs/ragex-eglot.el -l emacs/eglot-driver.el`` opens a
file of a copy of the fixture workspace; ``eglot-ensure`` (from the mode
hook) connects on the next command, so the driver runs ``post-command-hook``
itself, then waits for indexing (``ragex.stats``), finds workspace symbols
through xref's apropos backend, lists the file's symbols through imenu
(``eglot-imenu``: documentSymbol), edits and saves, and writes what it saw
as JSON.  Needs Debian's ``emacs-nox`` and, on Emacs 28, ``elpa-eglot``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.editors.helpers import HERE, editor_env, missing, run_editor, workspace

EMACS = HERE / "emacs"


def emacs_with_eglot() -> str:
    emacs = shutil.which("emacs")
    if not emacs:
        missing("emacs", "apt-get install emacs-nox elpa-eglot")
        raise AssertionError("unreachable")
    probe = subprocess.run(
        [emacs, "--batch", "--eval", '(progn (require \'eglot) (princ "eglot-ok"))'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "eglot-ok" not in probe.stdout:
        missing(f"eglot for {emacs}", "apt-get install elpa-eglot, or Emacs 29+")
    return emacs


def test_emacs_eglot(tmp_path: Path) -> None:
    emacs = emacs_with_eglot()
    root = workspace(tmp_path)
    out = tmp_path / "out.json"
    env = editor_env(tmp_path)
    env.update(RAGEX_TEST_OUT=str(out), RAGEX_TEST_FILE=str(root / "geometry.py"), RAGEX_TEST_TIMEOUT="20")
    command = [emacs, "--batch", "-l", str(EMACS / "ragex-eglot.el"), "-l", str(EMACS / "eglot-driver.el")]
    result = run_editor(command, env, out, cwd=root)
    assert result["ok"] is True, f"{result.get('error')}\n{result.get('messages')}\n{result['_stderr']}"

    assert result["mode"] == "python-mode"
    assert result["project"] == f"{root}/"
    assert result["stats"] == {"files": 5, "roots": [str(root)]}

    # xref apropos (workspace/symbol): the class first, at its definition
    shape = result["apropos"][0]
    assert (shape["file"], shape["line"], shape["summary"]) == (str(root / "geometry.py"), 6, "class Shape:")
    assert any(x["summary"].startswith("def make_shape") for x in result["apropos"])
    # ... across languages: the TypeScript class from a Python buffer
    registry = result["apropos_ts"][0]
    assert (registry["file"], registry["line"]) == (str(root / "src" / "widgets.ts"), 5)
    assert registry["summary"] == "export class WidgetRegistry {"

    # imenu from documentSymbol (hierarchical: methods under their class)
    assert result["imenu"] == [
        "Class/Shape",
        "Class/Circle",
        "Method/Shape/area",
        "Method/Shape/perimeter",
        "Method/Circle/__init__",
        "Method/Circle/area",
        "Method/Circle/perimeter",
        "Function/make_shape",
    ]

    # save-buffer sent didSave: the new function is found and listed
    saved = result["after_save"][0]
    assert (saved["file"], saved["line"]) == (str(root / "geometry.py"), 33)
    assert saved["summary"] == "def freshly_saved_function() -> int:"
    assert result["imenu_after_save"][-1] == "Function/freshly_saved_function"
