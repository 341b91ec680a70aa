"""Emacs (batch mode) with Eglot and with lsp-mode, configured as docs/editors/emacs.md shows.

``emacs --batch -f package-activate-all -l emacs/ragex-eglot.el -l
emacs/eglot-driver.el`` opens a file of a copy of the fixture workspace;
``eglot-ensure`` (from the mode hook) connects on the next command, so the
driver runs ``post-command-hook`` itself, then waits for indexing
(``ragex.stats``), finds workspace symbols through xref's apropos backend,
lists the file's symbols through imenu (documentSymbol), edits and saves,
and writes what it saw as JSON.  The lsp-mode test does the same with
``ragex-lsp-mode.el`` (``lsp-deferred`` starts on an idle timer, which the
driver runs).  Needs Debian's ``emacs-nox``, ``elpa-eglot`` (Emacs 28) and
``elpa-lsp-mode``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.editors.helpers import HERE, editor_env, missing, run_editor, workspace

EMACS = HERE / "emacs"


def emacs_with(package: str, install: str) -> str:
    """The ``emacs`` binary, once it is known to load ``package``."""
    emacs = shutil.which("emacs")
    if not emacs:
        missing("emacs", f"apt-get install emacs-nox {install}")
    load = f'(progn (require (quote {package})) (princ "loaded"))'
    probe = subprocess.run(
        [emacs, "--batch", "-f", "package-activate-all", "--eval", load], capture_output=True, text=True, timeout=60
    )
    if "loaded" not in probe.stdout:
        missing(f"{package} for {emacs}", f"apt-get install {install}")
    return emacs


def run_emacs(
    tmp_path: Path, emacs: str, config: str, driver: str, dir_locals: str = "", files: int = 5
) -> tuple[Path, dict]:
    root = workspace(tmp_path)
    if dir_locals:
        (root / ".dir-locals.el").write_text(dir_locals, encoding="utf-8")
    out = tmp_path / "out.json"
    env = editor_env(tmp_path)
    env.update(
        RAGEX_TEST_OUT=str(out),
        RAGEX_TEST_FILE=str(root / "geometry.py"),
        RAGEX_TEST_ROOT=str(root),
        RAGEX_TEST_TIMEOUT="20",
    )
    command = [emacs, "--batch", "-f", "package-activate-all", "-l", str(EMACS / config), "-l", str(EMACS / driver)]
    result = run_editor(command, env, out, cwd=root)
    assert result["ok"] is True, f"{result.get('error')}\n{result.get('messages')}\n{result['_stderr']}"
    assert result["mode"] == "python-mode"
    assert result["stats"] == {"files": files, "roots": [str(root)]}
    return root, result


def test_emacs_eglot(tmp_path: Path) -> None:
    emacs = emacs_with("eglot", "elpa-eglot (Emacs 28; built in from 29)")
    # settings through workspace/configuration, as the docs show: leave one file out
    settings = '((nil . ((eglot-workspace-configuration . (:ragex (:exclude ["src/cache.rs"]))))))\n'
    root, result = run_emacs(tmp_path, emacs, "ragex-eglot.el", "eglot-driver.el", dir_locals=settings, files=4)
    assert result["project"] == f"{root}/"

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


def test_emacs_lsp_mode(tmp_path: Path) -> None:
    emacs = emacs_with("lsp-mode", "elpa-lsp-mode")
    root, result = run_emacs(tmp_path, emacs, "ragex-lsp-mode.el", "lsp-mode-driver.el")
    assert result["folders"] == [str(root)]

    # xref apropos (workspace/symbol), across languages
    assert result["apropos"][0] == {"file": str(root / "geometry.py"), "summary": "[Class] Shape"}
    assert {"file": str(root / "geometry.py"), "summary": "[Function] make_shape"} in result["apropos"]
    assert result["apropos_go"][0] == {"file": str(root / "src" / "server.go"), "summary": "[Struct] RequestRouter"}

    # imenu from documentSymbol: lsp-mode shows "name detail", methods under "Class detail"
    names = [
        entry.split(" ")[0] if "/" not in entry else entry.split("/")[1].split(" ")[0] for entry in result["imenu"]
    ]
    assert sorted(names) == sorted(["__init__", "area", "perimeter", "area", "perimeter", "make_shape"])
    assert any(entry.startswith("Circle class Circle(Shape)/__init__") for entry in result["imenu"])

    # save-buffer sent didSave: the new function is found and listed
    assert result["after_save"][0] == {
        "file": str(root / "geometry.py"),
        "summary": "[Function] freshly_saved_function",
    }
    assert any(entry.startswith("freshly_saved_function") for entry in result["imenu_after_save"])
