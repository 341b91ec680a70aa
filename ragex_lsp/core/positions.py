"""Position encodings: UTF-8 byte columns to UTF-16 or UTF-32 columns.

The core measures columns in UTF-8 bytes (what tree-sitter gives).  LSP
clients negotiate ``utf-8``, ``utf-16`` (the default) or ``utf-32``; these
pure functions convert a file's symbols given the file's bytes, so that
answers never need the file again.
"""

from __future__ import annotations

from collections.abc import Sequence

from ragex_lsp.core.model import Symbol

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)


def column(line: bytes, byte_col: int, encoding: str) -> int:
    """The column of byte offset ``byte_col`` within ``line`` in ``encoding``.

    Invalid UTF-8 counts as U+FFFD, one per invalid sequence, as decoders do.
    """
    if encoding == UTF8 or byte_col == 0:
        return byte_col
    prefix = line[:byte_col]
    if prefix.isascii():
        return byte_col
    text = prefix.decode("utf-8", "replace")
    if encoding == UTF32:
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def convert(source: bytes, symbols: Sequence[Symbol], encoding: str) -> list[Symbol]:
    """``symbols`` of ``source`` with columns in ``encoding`` (fast when ASCII)."""
    if encoding == UTF8 or source.isascii():
        return list(symbols)
    if source.startswith(b"\xef\xbb\xbf"):
        source = source[3:]
    lines = source.split(b"\n")

    def col(line: int, byte_col: int) -> int:
        return column(lines[line], byte_col, encoding) if line < len(lines) else byte_col

    return [
        s._replace(
            start_col=col(s.start_line, s.start_col),
            end_col=col(s.end_line, s.end_col),
            name_col=col(s.name_line, s.name_col),
            name_end_col=col(s.name_end_line, s.name_end_col),
        )
        for s in symbols
    ]
