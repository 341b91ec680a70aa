"""The tree-sitter query files, one per language, shipped as package data."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_query(language: str) -> str:
    """The text of ``queries/<language>.scm``."""
    return resources.files(__package__).joinpath(f"{language}.scm").read_text(encoding="utf-8")
