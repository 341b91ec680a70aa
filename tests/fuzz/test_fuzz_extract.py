"""Fuzzing the extractor: random and mutated source bytes for every language.

No input may raise, hang, or yield a symbol whose ranges leave the document
or a child listed before (or outside) its parent.  Each example runs the
worker's whole path (``as_utf8``, lone CRs, extraction with details, and
the conversion to every position encoding).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragex_lsp.core import languages, positions
from ragex_lsp.core.extract import Extractor, lone_cr_as_lf
from ragex_lsp.core.model import Symbol
from ragex_lsp.queries import load_query
from ragex_lsp.worker import as_utf8
from tests.fuzz.budget import fuzz, tick
from tests.reliability import row

EXTRACTOR = Extractor(load_query)
FIXTURES = Path(__file__).parent.parent / "fixtures"
LANGUAGES = [lang.name for lang in languages.LANGUAGES]
#: seconds one example may take (a hang shows as a failure, not a stuck run)
SLOW = 10.0

#: pieces of source in many languages, glued at random: reaches deeper parser states than noise
TOKENS = [
    *("class ", "def ", "fn ", "func ", "function ", "struct ", "impl ", "trait ", "interface ", "enum "),
    *("namespace ", "module ", "package ", "object ", "local ", "val ", "var ", "let ", "const ", "pub "),
    *("end", "do", "then", "@", "#", "//", "/*", "*/", "<?php ", "?>", "=>", "->", "::", ":", ";", ","),
    *("{", "}", "(", ")", "[", "]", "<", ">", "=", '"', "'", "`", "\\", "$", "x", "Name", "a_b", "0"),
    *(" ", "  ", "    ", "\t", "\n", "\r\n", "\r", "\0", "é", "😀", "\u2028", "\ufeff", "\x0c"),
]


def seeds(language: str) -> list[bytes]:
    """The fixture files of ``language`` (every language has at least one)."""
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and path.suffix != ".outline":
            lang = languages.detect(path.name, path.read_bytes()[:4096])
            if lang is not None and lang.name == language:
                found.append(path.read_bytes())
    return found


@st.composite
def mutated(draw: st.DrawFn, language: str) -> bytes:
    """A fixture of ``language`` with a few random cuts, insertions, swaps and duplications."""
    source = bytearray(draw(st.sampled_from(seeds(language))))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(source)))
        end = min(len(source), at + draw(st.integers(0, 200)))
        op = draw(st.sampled_from(["cut", "insert", "token", "dup", "byte"]))
        if op == "cut":
            del source[at:end]
        elif op == "insert":
            source[at:at] = draw(st.binary(max_size=40))
        elif op == "token":
            source[at:at] = "".join(draw(st.lists(st.sampled_from(TOKENS), max_size=12))).encode()
        elif op == "dup":
            source[at:at] = source[at:end] * draw(st.integers(1, 4))
        elif source:
            source[min(at, len(source) - 1)] = draw(st.integers(0, 255))
    return bytes(source)


tokens = st.lists(st.sampled_from(TOKENS), max_size=300).map(lambda parts: "".join(parts).encode("utf-8"))


def check(language: str, raw: bytes) -> None:
    started = time.monotonic()
    source = lone_cr_as_lf(as_utf8(raw))
    if source.startswith(b"\xef\xbb\xbf"):
        source = source[3:]
    symbols = EXTRACTOR.extract(language, source)
    lines = source.split(b"\n")
    assert_well_formed(symbols, [len(line) for line in lines])
    for encoding in (positions.UTF16, positions.UTF32):
        converted = positions.convert(source, symbols, encoding)
        width = [
            len(line.decode("utf-8", "replace").encode(encoding + "-le")) // (2 if encoding == positions.UTF16 else 4)
            for line in lines
        ]
        assert_well_formed(converted, width)
    assert time.monotonic() - started < SLOW, f"{language}: {time.monotonic() - started:.1f} s for {len(raw)} bytes"


def assert_well_formed(symbols: list[Symbol], widths: list[int]) -> None:
    """Ranges inside the document (``widths``: each line's length), names inside their
    symbol, parents before and around their children."""

    def inside(line: int, col: int) -> bool:
        return 0 <= line < len(widths) and 0 <= col <= widths[line]

    for i, s in enumerate(symbols):
        start, end = (s.start_line, s.start_col), (s.end_line, s.end_col)
        name_start, name_end = (s.name_line, s.name_col), (s.name_end_line, s.name_end_col)
        assert inside(*start) and inside(*end) and inside(*name_start) and inside(*name_end), (i, s, widths)
        assert start <= name_start <= name_end <= end, (i, s)
        assert -1 <= s.parent < i, (i, s)
        if s.parent >= 0:
            p = symbols[s.parent]
            assert (p.start_line, p.start_col) <= start and end <= (p.end_line, p.end_col), (i, s, p)


@row(
    "fuzz",
    "random and mutated source bytes for every language through the extractor",
    "no exception, no hang, every range inside the document, parents before children",
)
@pytest.mark.parametrize("language", LANGUAGES)
@fuzz()
@given(data=st.data())
def test_mutated_sources(language: str, data: st.DataObject) -> None:
    tick("extract: mutated fixtures")
    check(language, data.draw(mutated(language)))


@row(
    "fuzz",
    "random and mutated source bytes for every language through the extractor",
    "no exception, no hang, every range inside the document, parents before children",
)
@pytest.mark.parametrize("language", LANGUAGES)
@fuzz()
@given(raw=st.one_of(st.binary(max_size=3000), tokens))
def test_random_sources(language: str, raw: bytes) -> None:
    tick("extract: random bytes and tokens")
    check(language, raw)
