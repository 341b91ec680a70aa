"""The language table: which grammar reads which file.

Chooses a language from a file name, an extension-less script's shebang, and
for ``.h`` headers the content (C++ constructs make it C++, otherwise C).
Pure: callers pass the name and the first bytes of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One supported language.

    ``name`` is ours and names the query file; ``grammar`` is the name the
    tree-sitter language pack knows it by.
    """

    name: str
    grammar: str
    extensions: tuple[str, ...]
    interpreters: tuple[str, ...] = ()
    filenames: tuple[str, ...] = ()


LANGUAGES: tuple[Language, ...] = (
    Language("python", "python", (".py", ".pyi", ".pyw"), ("python", "python2", "python3")),
    Language("javascript", "javascript", (".js", ".mjs", ".cjs", ".jsx"), ("node", "nodejs")),
    Language("typescript", "typescript", (".ts", ".mts", ".cts"), ("ts-node", "deno", "bun")),
    Language("tsx", "tsx", (".tsx",)),
    Language("go", "go", (".go",)),
    Language("rust", "rust", (".rs",)),
    Language("java", "java", (".java",)),
    Language("c", "c", (".c", ".h")),
    Language(
        "cpp",
        "cpp",
        (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp", ".inl", ".cu", ".cuh"),
    ),
    Language("csharp", "csharp", (".cs",)),
    Language(
        "ruby",
        "ruby",
        (".rb", ".rake", ".gemspec", ".ru"),
        ("ruby",),
        ("Rakefile", "Gemfile", "Guardfile", "Vagrantfile"),
    ),
    Language("php", "php", (".php", ".phtml", ".php5", ".php7", ".phps"), ("php",)),
    Language("kotlin", "kotlin", (".kt", ".kts")),
    Language("swift", "swift", (".swift",)),
    Language("scala", "scala", (".scala", ".sc"), ("scala",)),
    Language("lua", "lua", (".lua",), ("lua", "luajit")),
    Language(
        "bash",
        "bash",
        (".sh", ".bash"),
        ("bash", "sh", "dash", "ksh"),
        (".bashrc", ".bash_profile", ".profile", ".bash_aliases"),
    ),
)

BY_NAME: dict[str, Language] = {lang.name: lang for lang in LANGUAGES}
_BY_EXTENSION: dict[str, Language] = {ext: lang for lang in LANGUAGES for ext in lang.extensions}
_BY_FILENAME: dict[str, Language] = {fn: lang for lang in LANGUAGES for fn in lang.filenames}
_BY_INTERPRETER: dict[str, Language] = {i: lang for lang in LANGUAGES for i in lang.interpreters}

#: Every extension we read, for file watchers and discovery.
EXTENSIONS: frozenset[str] = frozenset(_BY_EXTENSION)

_SHEBANG = re.compile(rb"#![ \t]*(\S+)(?:[ \t]+(?:-\S+[ \t]+)*(\S+))?")
_CPP_HINTS = re.compile(
    rb"^\s*(?:class\s+\w+\s*[:{]|namespace\s+\w*\s*\{|template\s*<|(?:public|private|protected)\s*:|"
    rb"using\s+namespace\b)|\w::\w|#include\s*<(?:iostream|string|vector|memory|map)>",
    re.MULTILINE,
)


def _interpreter(head: bytes) -> str | None:
    """The interpreter named by a ``#!`` line (``env`` is looked through)."""
    if not head.startswith(b"#!"):
        return None
    match = _SHEBANG.match(head.split(b"\n", 1)[0])
    if match is None:
        return None
    program = match.group(1).rsplit(b"/", 1)[-1]
    if program == b"env" and match.group(2):
        program = match.group(2)
    name = program.decode("ascii", "replace")
    # python3.11 -> python3, lua5.4 -> lua
    base = re.sub(r"[\d.]+$", "", name)
    return name if name in _BY_INTERPRETER else base


def detect(filename: str, head: bytes = b"") -> Language | None:
    """The language of a file from its name and first bytes, or None.

    ``head`` needs only the first few KiB: the shebang line decides for
    extension-less scripts, C++ constructs move a ``.h`` header from C to C++.
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    ext = base[dot:].lower() if dot > 0 else ""
    lang = _BY_EXTENSION.get(ext) or _BY_FILENAME.get(base)
    if lang is not None:
        if ext == ".h" and _CPP_HINTS.search(head):
            return BY_NAME["cpp"]
        return lang
    if ext and ext not in (".in", ".cgi"):
        return None
    interpreter = _interpreter(head)
    return _BY_INTERPRETER.get(interpreter) if interpreter else None
