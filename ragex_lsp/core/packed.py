"""Packed symbols: one file's symbols as a few flat columns.

Workers return :class:`Packed` instead of a list of :class:`Symbol` objects:
it pickles to a handful of byte strings and tuples (cheap to send), the
index copies its columns without touching each symbol, and the cache stores
its :meth:`Packed.to_bytes` form.  It still behaves as a read-only sequence
of :class:`Symbol` for everything else.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from ragex_lsp.core.model import Symbol

#: bytes of position fields per symbol beside its 32-bit start line: the end
#: line as an offset from the start line (16 bits, low byte first), then one
#: byte each: the name line and name end line as offsets (from the start line
#: and the name line), the start, end, name and name end columns.  A symbol
#: with a field that does not fit (0.7% of a million took more than a byte
#: for the end line, 0.01% for another field) has ``OVERFLOW`` in every byte
#: (its name line byte, :data:`MARK`, says so) and its eight positions, in
#: :class:`Symbol` field order, in ``overflow``.
SPANS = 8
OVERFLOW = 0xFF
MARK = 2
_HEADER = struct.Struct("<4sBII")  # magic, flags, symbols, symbols in overflow
_OVERFLOW_ENTRY = struct.Struct("<9I")  # symbol index, its eight positions
_MAGIC = b"RGXP"
_FORMAT = 3  # 3: a byte a position field (2: two)
_DETAILS = 0x80  # flag: details follow the containers
_SEP = "\0"


def _ints(data: bytes | array, code: str) -> array:
    if isinstance(data, array):
        return data
    values = array(code)
    values.frombytes(data)
    return values


def fold(name: str) -> str:
    """``name`` lower-cased character by character, so its length is kept
    (search lays names out at fixed offsets; ``"İ".lower()`` has two)."""
    lower = name.lower()
    if len(lower) == len(name):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in name)


def spans_of(positions: Sequence[int]) -> tuple[int, tuple[int, ...] | None]:
    """One symbol's eight positions (:class:`Symbol` field order) as its start
    line and :data:`SPANS` fields, or (start line, None) if one does not fit."""
    sl, sc, el, ec, nl, nc, nel, nec = positions
    one_byte = (nl - sl, nel - nl, sc, ec, nc, nec)
    if not 0 <= el - sl <= 0xFFFF or not all(0 <= v < OVERFLOW for v in one_byte):
        return sl, None
    return sl, ((el - sl) & 0xFF, (el - sl) >> 8, *one_byte)


def position_at(lines: array, spans: array, overflow: dict[int, tuple[int, ...]], i: int) -> tuple[int, ...]:
    """Symbol ``i``'s eight positions from the columns (see :data:`SPANS`)."""
    k = SPANS * i
    if spans[k + MARK] == OVERFLOW:
        return overflow[i]
    sl, nl = lines[i], lines[i] + spans[k + 2]
    end = sl + (spans[k] | spans[k + 1] << 8)
    return (sl, spans[k + 4], end, spans[k + 5], nl, spans[k + 6], nl + spans[k + 3], spans[k + 7])


def make_symbol(name: str, kind: int, at: tuple[int, ...], parent: int, container: str, detail: str) -> Symbol:
    """A :class:`Symbol` whose eight positions are ``at``."""
    sl, sc, el, ec, nl, nc, nel, nec = at
    return Symbol(name, kind, sl, sc, el, ec, nl, nc, nel, nec, parent, container, detail)


def _clean(text: str) -> str:
    """``text`` fit for a one-line, NUL-separated layout."""
    if "\n" in text or "\0" in text or "\r" in text:
        return text.replace("\r", " ").replace("\n", " ").replace("\0", "\ufffd")
    return text


class Packed(Sequence[Symbol]):
    """One file's symbols, column-wise.  Immutable and picklable."""

    __slots__ = ("containers", "details", "kinds", "lines", "names", "overflow", "parents", "spans")
    #: bytes of :meth:`to_bytes` that :meth:`length_of` needs
    HEADER_SIZE = _HEADER.size

    def __init__(
        self,
        names: tuple[str, ...],
        kinds: bytes,
        lines: array,
        spans: array,
        overflow: dict[int, tuple[int, ...]],
        parents: array,
        containers: tuple[str, ...],
        details: tuple[str, ...] | None = None,
    ) -> None:
        self.names = names
        self.kinds = kinds
        self.lines = lines  # array('I'): each symbol's start line
        self.spans = spans  # array('B'): SPANS a symbol
        self.overflow = overflow  # symbol index -> its positions, where they do not fit the spans
        self.parents = parents  # array('i')
        self.containers = containers
        self.details = details  # None when every detail is empty

    @classmethod
    def pack(cls, symbols: Sequence[Symbol]) -> Packed:
        if isinstance(symbols, Packed):
            return symbols
        lines, spans, overflow = array("I"), array("B"), {}
        for i, s in enumerate(symbols):
            line, fields = spans_of(s[2:10])
            lines.append(line)
            if fields is None:
                overflow[i] = tuple(s[2:10])
                spans.extend((OVERFLOW,) * SPANS)
            else:
                spans.extend(fields)
        details = tuple(_clean(s.detail) for s in symbols)
        return cls(
            tuple(_clean(s.name) for s in symbols),
            bytes(s.kind for s in symbols),
            lines,
            spans,
            overflow,
            array("i", (s.parent for s in symbols)),
            tuple(_clean(s.container) for s in symbols),
            details if any(details) else None,
        )

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, i: int) -> Symbol: ...
    @overload
    def __getitem__(self, i: slice) -> list[Symbol]: ...
    def __getitem__(self, i: int | slice) -> Symbol | list[Symbol]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return make_symbol(
            self.names[i],
            self.kinds[i],
            position_at(self.lines, self.spans, self.overflow, i),
            self.parents[i],
            self.containers[i],
            self.details[i] if self.details else "",
        )

    def __iter__(self) -> Iterator[Symbol]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Packed):
            return self.to_bytes() == other.to_bytes()
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Packed({list(self)!r})"

    def __reduce__(self) -> tuple:
        return (_unpickle, (self.to_bytes(),))

    # -- bytes, for the cache -------------------------------------------------
    def to_bytes(self) -> bytes:
        """A self-describing little-endian encoding (see :meth:`from_bytes`)."""
        lines, spans, parents = self.lines, self.spans, self.parents
        if sys.byteorder != "little":
            lines, parents = array("I", lines), array("i", parents)
            for column in (lines, parents):
                column.byteswap()
        strings = _SEP.join((*self.names, *self.containers, *(self.details or ())))
        return b"".join(
            (
                _HEADER.pack(_MAGIC, _FORMAT | (_DETAILS if self.details else 0), len(self), len(self.overflow)),
                self.kinds,
                lines.tobytes(),
                spans.tobytes(),
                parents.tobytes(),
                *(_OVERFLOW_ENTRY.pack(i, *at) for i, at in sorted(self.overflow.items())),
                strings.encode("utf-8", "surrogatepass"),
            )
        )

    @staticmethod
    def length_of(data: bytes) -> int:
        """How many symbols a :meth:`to_bytes` encoding holds (0 if it is not one)."""
        try:
            magic, _, n, _ = _HEADER.unpack_from(data)
        except struct.error:
            return 0
        return int(n) if magic == _MAGIC else 0

    @classmethod
    def from_bytes(cls, data: bytes) -> Packed:
        """Decode :meth:`to_bytes`; ValueError if ``data`` is not such an encoding."""
        try:
            magic, flags, n, n_overflow = _HEADER.unpack_from(data)
        except struct.error as e:
            raise ValueError("truncated symbols") from e
        if magic != _MAGIC or flags & ~_DETAILS != _FORMAT:
            raise ValueError("not packed symbols")
        at = _HEADER.size
        kinds = bytes(data[at : at + n])
        at += n
        lines = _ints(data[at : at + 4 * n], "I")
        at += 4 * n
        spans = _ints(data[at : at + SPANS * n], "B")
        at += SPANS * n
        parents = _ints(data[at : at + 4 * n], "i")
        at += 4 * n
        if len(kinds) != n or len(lines) != n or len(spans) != SPANS * n or len(parents) != n:
            raise ValueError("truncated symbols")
        if sys.byteorder != "little":
            for column in (lines, parents):
                column.byteswap()
        overflow: dict[int, tuple[int, ...]] = {}
        try:
            for _ in range(n_overflow):
                i, *positions = _OVERFLOW_ENTRY.unpack_from(data, at)
                overflow[i] = tuple(positions)
                at += _OVERFLOW_ENTRY.size
        except struct.error as e:
            raise ValueError("truncated symbols") from e
        # OVERFLOW is never the value of a byte field (see spans_of): marked are just the overflow's rows
        if spans[MARK::SPANS].count(OVERFLOW) != n_overflow or (
            overflow and any(i >= n or spans[SPANS * i + MARK] != OVERFLOW for i in overflow)
        ):
            raise ValueError("corrupt symbol positions")
        strings = bytes(data[at:]).decode("utf-8", "surrogatepass").split(_SEP) if n else []
        has_details = bool(flags & _DETAILS)
        if len(strings) != n * (3 if has_details else 2):
            raise ValueError("corrupt symbol strings")
        names = tuple(strings[:n])
        containers = tuple(map(sys.intern, strings[n : 2 * n]))
        details = tuple(strings[2 * n :]) if has_details else None
        return cls(names, kinds, lines, spans, overflow, parents, containers, details)


def _unpickle(data: bytes) -> Packed:
    return Packed.from_bytes(data)
