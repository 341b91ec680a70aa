"""UTF-8 byte columns converted to UTF-16 and UTF-32, non-ASCII included."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragex_lsp.core import positions
from tests.extract_helpers import EXTRACTOR

SOURCE = "s = 'é😀'; t = 1\ndef ñame𝐱x(): pass\n".encode()


def test_columns_before_and_inside_names() -> None:
    f = EXTRACTOR.extract("python", SOURCE)[-1]
    assert f.name == "ñame𝐱x"
    # bytes: "def " (4) + ñ (2) + "ame" (3) + 𝐱 (4, non-BMP) + "x" (1)
    assert (f.name_col, f.name_end_col) == (4, 14)
    (u16,) = [s for s in positions.convert(SOURCE, [f], positions.UTF16)]
    assert (u16.name_col, u16.name_end_col) == (4, 4 + 1 + 3 + 2 + 1)
    (u32,) = positions.convert(SOURCE, [f], positions.UTF32)
    assert (u32.name_col, u32.name_end_col) == (4, 4 + 1 + 3 + 1 + 1)
    assert positions.convert(SOURCE, [f], positions.UTF8) == [f]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [(positions.UTF8, 15), (positions.UTF16, 12), (positions.UTF32, 11)],
)
def test_column_after_non_ascii_text(encoding: str, expected: int) -> None:
    line = "s = 'é😀'; t".encode()
    assert positions.column(line, len(line), encoding) == expected


def test_invalid_utf8_counts_replacement_characters() -> None:
    assert positions.column(b"\xff\xfeab", 4, positions.UTF16) == 4


@given(st.text(), st.text())
def test_column_matches_python_string_lengths(before: str, after: str) -> None:
    line = (before + after).encode("utf-8", "surrogatepass")
    col = len(before.encode("utf-8", "surrogatepass"))
    if any(0xD800 <= ord(c) <= 0xDFFF for c in before + after):
        return
    assert positions.column(line, col, positions.UTF32) == len(before)
    assert positions.column(line, col, positions.UTF16) == len(before.encode("utf-16-le")) // 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_buffer_outline_with_lone_cr_and_wide_text(encoding: str) -> None:
    from ragex_lsp.server.service import WorkspaceService
    from ragex_lsp.settings import Settings

    before = "const s = '😀é'; function "
    text = f"let x = 1\r{before}f() {{}}\r"  # lone CRs end lines, as the extractor counts them
    column = {"utf-8": len(before.encode()), "utf-16": len(before.encode("utf-16-le")) // 2, "utf-32": len(before)}
    service = WorkspaceService(Settings(), encoding)
    try:
        (f,) = [s for s in service._outline("/w/a.js", text) if s.name == "f"]
        assert (f.name_line, f.name_col) == (1, column[encoding])
    finally:
        service.close()
