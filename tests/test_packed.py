"""Packed symbols: a byte a position field (the end line two), an overflow, through bytes, pickle and segments."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import Packed
from ragex_lsp.core.segment import Segment, merge

#: small values (past the edge of a byte), values at the edges of 16 bits, and 32-bit ones
VALUES = st.one_of(st.integers(0, 300), st.integers(65_530, 65_540), st.integers(0, 2**32 - 1))


@st.composite
def symbols(draw: st.DrawFn) -> list[Symbol]:
    out = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(VALUES)
        positions = [start, draw(VALUES)] + [
            min(2**32 - 1, start + draw(st.one_of(st.integers(0, 10), VALUES))) if k % 2 == 0 else draw(VALUES)
            for k in range(6)
        ]
        name = draw(st.text(min_size=1, max_size=5))
        out.append(Symbol(name, int(Kind.FUNCTION), *positions, i - 1, draw(st.text(max_size=3)), ""))  # type: ignore[misc]
    return out


def clean(symbols: list[Symbol]) -> list[Symbol]:
    """What packing keeps of names and containers (one line, no NUL)."""

    def fix(text: str) -> str:
        return text.replace("\r", " ").replace("\n", " ").replace("\0", "\ufffd")

    return [s._replace(name=fix(s.name), container=fix(s.container)) for s in symbols]


@settings(max_examples=200, deadline=None)
@given(symbols(), symbols())
def test_positions_survive_bytes_pickle_and_segments(first: list[Symbol], second: list[Symbol]) -> None:
    a, b = Packed.pack(first), Packed.pack(second)
    assert list(a) == clean(first)
    assert list(Packed.from_bytes(a.to_bytes())) == clean(first)
    assert list(pickle.loads(pickle.dumps(a))) == clean(first)
    segment = Segment(1, [("/a.py", a), ("/b.py", b)])
    assert list(segment.file_symbols(0)) == clean(first) and list(segment.file_symbols(1)) == clean(second)
    assert [segment.symbol(row) for row in range(segment.size)] == clean(first) + clean(second)


def test_a_symbol_past_16_bits_keeps_its_positions() -> None:
    big = Symbol("huge", int(Kind.CLASS), 70_000, 3, 170_000, 1, 70_001, 80_000, 70_001, 80_004, -1, "", "")
    small = Symbol("small", int(Kind.FUNCTION), 5, 0, 9, 1, 5, 4, 5, 9, 0, "huge", "")
    packed = Packed.pack([big, small])
    assert list(packed.overflow) == [0] and list(packed) == [big, small]
    assert len(packed.spans) == 2 * 8 and packed.spans.itemsize == 1  # a byte a field, 2 for the end line


def test_a_long_definition_fits_and_a_column_past_a_byte_overflows() -> None:
    long = Symbol("long", int(Kind.CLASS), 10, 4, 10 + 60_000, 1, 11, 250, 11, 254, -1, "", "")
    late = Symbol("late", int(Kind.FUNCTION), 12, 0, 13, 1, 12, 255, 12, 259, 0, "long", "")
    packed = Packed.pack([long, late])
    assert list(packed.overflow) == [1] and list(packed) == [long, late]
    assert list(Packed.from_bytes(packed.to_bytes())) == [long, late]


def test_parent_container_ids_and_start_lines_take_16_bits_only_where_every_one_fits() -> None:
    def chain(n: int, containers: int) -> Packed:  # each symbol the child of the one before
        kind = int(Kind.FUNCTION)
        return Packed.pack(
            [Symbol(f"s{i}", kind, i, 0, i, 1, i, 0, i, 1, i - 1, f"c{i % containers}", "") for i in range(n)]
        )

    small, big, wide = chain(100, 10), chain(40_000, 1), chain(70_000, 70_000)
    narrow, deep = Segment(1, [("/s.py", small)]), Segment(2, [("/s.py", small), ("/b.py", big)])
    many = Segment(3, [("/w.py", wide)])
    assert (narrow.parents.typecode, narrow.container_ids.typecode) == ("h", "H")
    assert (deep.parents.typecode, deep.container_ids.typecode, many.container_ids.typecode) == ("i", "H", "I")
    assert (narrow.start_lines.typecode, deep.start_lines.typecode, many.start_lines.typecode) == ("H", "H", "I")
    for segment, files in ((narrow, [small]), (deep, [big, small]), (many, [wide])):
        assert [list(segment.file_symbols(f)) for f in range(len(files))] == [list(p) for p in files]
        assert [list(Packed.from_bytes(segment.file_symbols(f).to_bytes())) for f in range(len(files))] == [
            list(p) for p in files
        ]
        assert segment.symbol(segment.size - 1) == files[-1][-1]
    assert merge(4, [(narrow, 0), (many, 0)]).file_symbols(1)[-1] == wide[-1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:20],  # truncated columns
        lambda data: data[:9] + (5).to_bytes(4, "little") + data[13:],  # more in overflow than marked
        lambda data: data.replace(b"huge", b"hu\0e"),  # one string too many
    ],
)
def test_damaged_bytes_are_refused(damage: object) -> None:
    big = Symbol("huge", int(Kind.CLASS), 70_000, 3, 170_000, 1, 70_001, 80_000, 70_001, 80_004, -1, "", "")
    data = Packed.pack([big, big._replace(start_line=1, end_line=2)]).to_bytes()
    with pytest.raises(ValueError):
        Packed.from_bytes(damage(data))  # type: ignore[operator]
