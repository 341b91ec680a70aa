"""The tree-sitter query files, one per language, shipped as package data.

A query may start with ``; inherits: other[,more]``: the other languages'
queries come first (the TSX grammar has every TypeScript node, so tsx.scm
inherits typescript.scm instead of copying it).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

INHERITS = "; inherits:"


@cache
def load_query(language: str) -> str:
    """The text of ``queries/<language>.scm``, inherited queries first."""
    text = resources.files(__package__).joinpath(f"{language}.scm").read_text(encoding="utf-8")
    parents = [
        name.strip()
        for line in text.splitlines()
        if line.startswith(INHERITS)
        for name in line.removeprefix(INHERITS).split(",")
        if name.strip()
    ]
    return "".join(load_query(parent) + "\n" for parent in parents) + text
