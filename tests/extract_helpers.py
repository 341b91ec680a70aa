"""The one helper every extraction test goes through: ``check``."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from ragex_lsp.core import languages
from ragex_lsp.core.extract import Extractor
from ragex_lsp.core.outline import render
from ragex_lsp.queries import load_query

EXTRACTOR = Extractor(load_query)
FIXTURES = Path(__file__).parent / "fixtures"


def outline_of(language: str, source: str | bytes, detail: bool = False) -> str:
    data = source.encode("utf-8") if isinstance(source, str) else source
    return render(EXTRACTOR.extract(language, data), detail=detail)


def check(language: str, source: str | bytes, expected: str) -> None:
    """Assert the outline of ``source`` equals ``expected``.

    ``expected`` is indented outline text (see ``ragex_lsp.core.outline``),
    common indentation removed; it is compared with details (``— ...``)
    when it has any, without otherwise.
    """
    expected = textwrap.dedent(expected).strip("\n") + "\n"
    actual = outline_of(language, textwrap.dedent(source) if isinstance(source, str) else source, " — " in expected)
    assert actual == expected, f"\n--- expected\n{expected}--- actual\n{actual}"


def fixture_files() -> list[Path]:
    """Every fixture source file (each has a ``.outline`` beside it)."""
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".outline")


def check_fixture(path: Path) -> None:
    """Check ``path`` against ``path.outline``; RAGEX_UPDATE_FIXTURES=1 rewrites it."""
    source = path.read_bytes()
    lang = languages.detect(path.name, source[:8192])
    assert lang is not None, f"{path}: no language detected"
    expected_file = path.with_name(path.name + ".outline")
    if os.environ.get("RAGEX_UPDATE_FIXTURES") == "1":
        expected_file.write_text(outline_of(lang.name, source), encoding="utf-8")
    check(lang.name, source, expected_file.read_text(encoding="utf-8"))
