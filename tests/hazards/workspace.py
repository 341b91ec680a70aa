"""A hostile workspace, generated at test time: every hazard of the issue beside ordinary files.

:func:`build` writes it and returns what the tests expect of each file.  Big
files are generated here, never committed.
"""

from __future__ import annotations

import codecs
import os
import random
import shutil
import subprocess
from pathlib import Path

#: the workspace folder's own name: a space, non-ASCII, ``%`` and ``#`` (URIs must survive them)
ROOT_NAME = "ws ü %41 #1"
#: ordinary files, each with one class ``Ordinary<i>`` and a method
ORDINARY = 24
#: the server of the hazard session takes files up to this size, so that the
#: 2 MB bundle and the 100,000 definitions reach a worker (the 50 MB file does not)
MAX_FILE_SIZE = 4 << 20
#: a name that never leaves files outside the workspace
OUTSIDE_SECRET = "outside_secret_function"
NESTING = 10_000
DEFINITIONS = 100_000
DEPTH = 200
#: invalid UTF-8 before a definition on the same line: its column counts U+FFFD per bad sequence
LATIN1_JS = b'var s = "caf\xe9\xff\xfe"; function afterBadOnLine() {}\n'


def ordinary_files() -> dict[str, tuple[str, str]]:
    """Ordinary files in several languages: path -> (content, a symbol it defines)."""
    files = {
        f"ordinary/pkg{i % 3}/m{i}.py": (
            f"class Ordinary{i}:\n    def method_{i}(self):\n        return {i}\n",
            f"Ordinary{i}",
        )
        for i in range(ORDINARY)
    }
    files["ordinary/main.go"] = ("package main\n\nfunc OrdinaryGo() {}\n", "OrdinaryGo")
    files["ordinary/lib.rs"] = ("pub fn ordinary_rust() {}\n", "ordinary_rust")
    files["ordinary/app.ts"] = ("export function ordinaryTs(): void {}\n", "ordinaryTs")
    return files


def ordinary(root: Path) -> dict[str, str]:
    """Write the ordinary files under ``root``; path -> the symbol each defines."""
    for rel, (content, _) in ordinary_files().items():
        write(root / rel, content)
    return {rel: name for rel, (_, name) in ordinary_files().items()}


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)


def huge(path: Path, size: int = 50 << 20) -> None:
    """A real 50 MB Python file (not sparse), written in a few large chunks."""
    block = "".join(f"def huge_{i}():\n    return {i}\n\n" for i in range(20_000)).encode()
    with open(path, "wb") as f:
        while f.tell() < size:
            f.write(block)


def bundle() -> str:
    """A 2 MB minified JavaScript bundle on one line."""
    parts = [f"var m{i}=function(a,b){{return a+b*{i}}};" for i in range(60_000)]
    return "".join(parts)[: 2 << 20]


def nested_js(depth: int) -> str:
    """``depth`` functions, each inside the one before (one per line: not minified)."""
    return "".join(f"function deep_{i}() {{\n" for i in range(depth)) + "}\n" * depth


def many_definitions(count: int) -> str:
    return "".join(f"def many_{i}(): pass\n" for i in range(count))


def build(parent: Path, unreadable: bool = True) -> Path:
    """The hostile workspace under ``parent`` (``parent/ROOT_NAME``); its root."""
    root = parent / ROOT_NAME
    outside = parent / "outside"
    write(outside / "secret.py", f"def {OUTSIDE_SECRET}(): pass\n")
    write(outside / "pkg/inner.py", f"class {OUTSIDE_SECRET}_class: pass\n")
    ordinary(root)
    huge(root / "huge.py")
    write(root / "bundle.js", bundle())
    rng = random.Random(8)
    write(root / "blob.py", bytes(rng.randrange(256) for _ in range(20_000)) + b"\0\0")
    write(root / "latin1.py", b"# caf\xe9 \xff\xfe \xc3(\ndef after_bad_bytes(x='\xe9\x80'):\n    return x\n")
    write(root / "latin1.js", LATIN1_JS)
    write(
        root / "utf16.py",
        codecs.BOM_UTF16_LE + "# ü\nclass Utf16Class:\n    def utf16_méthode(self): pass\n".encode("utf-16-le"),
    )
    write(root / "crlf.py", "def crlf_first():\r\n    pass\r\n\r\ndef crlf_second():\r\n    pass\r\n")
    write(root / "lone_cr.py", "def lone_cr_first():\r    pass\r\rdef lone_cr_second():\r    pass\r")
    write(root / "nesting.js", nested_js(NESTING))
    write(root / "brackets.py", "x = " + "[\n" * NESTING + "]\n" * NESTING + "\ndef after_brackets(): pass\n")
    write(root / "many.py", many_definitions(DEFINITIONS))
    # symlinks: a directory loop, a file loop, a directory and a file outside the workspace
    (root / "loops").mkdir()
    (root / "loops/again").symlink_to(root / "loops")
    (root / "loops/up").symlink_to(root)
    (root / "loop_a.py").symlink_to(root / "loop_b.py")
    (root / "loop_b.py").symlink_to(root / "loop_a.py")
    (root / "outside_dir").symlink_to(outside)
    (root / "outside_file.py").symlink_to(outside / "secret.py")
    if unreadable:
        write(root / "locked.py", "def locked_function(): pass\n")
        os.chmod(root / "locked.py", 0)
    write(root / "dir with space/naïve 100% file.py", "def percent_space_unicode(): pass\n")
    write(root / "dir with space/%41#?.py", "def percent_escape_lookalike(): pass\n")
    deep = root / "empty" / Path(*["d"] * DEPTH)
    deep.mkdir(parents=True)
    write(root / "deep" / Path(*["d"] * DEPTH) / "leaf.py", "def at_depth_200(): pass\n")
    write(root / "gi/.gitignore", "\\\n!\n[z-a]\nignored/\n*.skip.py\n")
    write(root / "gi/ignored/x.py", "def should_be_ignored(): pass\n")
    write(root / "gi/y.skip.py", "def also_ignored(): pass\n")
    write(root / "gi/kept.py", "def kept_beside_bad_gitignore(): pass\n")
    return root


def not_utf8_name(root: Path) -> Path:
    """A file whose name is not UTF-8 (bytes a Linux file name may hold), defining ``bad_name_bytes``."""
    path = Path(os.fsdecode(os.fsencode(root) + b"/dir with space/not-utf8-\xff\xfe.py"))
    write(path, "def bad_name_bytes(): pass\n")
    return path


def unprivileged(command: list[str]) -> list[str] | None:
    """``command`` run so that file permissions bind it: as is for a normal user; for root,
    through ``setpriv`` without the capabilities that let root read anything.  None when
    neither is possible (tests of unreadable files then skip)."""
    if os.geteuid() != 0:
        return command
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    if shutil.which("setpriv") is None:
        return None
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return [*prefix, *command] if probe.returncode == 0 else None
