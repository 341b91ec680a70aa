"""The layering rules of ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "ragex_lsp"
IO_MODULES = {"os", "io", "subprocess", "socket", "shutil", "pathlib", "multiprocessing", "concurrent", "threading"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_convert_imports_lsprotocol() -> None:
    users = [
        p.relative_to(PACKAGE).as_posix() for p in modules() if any(m.startswith("lsprotocol") for m in imports(p))
    ]
    assert users == ["server/convert.py"]


def test_only_the_server_package_imports_pygls() -> None:
    users = [p.relative_to(PACKAGE).as_posix() for p in modules() if any(m.startswith("pygls") for m in imports(p))]
    assert users and all(u.startswith("server/") for u in users)


def test_core_does_no_io_and_knows_no_lsp() -> None:
    for path in (PACKAGE / "core").glob("*.py"):
        found = imports(path)
        assert not {m.split(".")[0] for m in found} & (IO_MODULES | {"pygls", "lsprotocol", "psutil"}), path.name
        assert not any(m.startswith("ragex_lsp.") and not m.startswith("ragex_lsp.core") for m in found), path.name
        assert "open(" not in path.read_text(encoding="utf-8"), path.name


def test_worker_imports_no_pygls_even_indirectly() -> None:
    import subprocess
    import sys

    code = "import sys, ragex_lsp.worker; print(any(m.startswith(('pygls', 'lsprotocol')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_every_module_says_its_job() -> None:
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(PACKAGE)} has no module docstring"
