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

#: position integers per symbol, in :class:`Symbol` field order
#: (start line/col, end line/col, name line/col, name end line/col)
POSITIONS = 8
_HEADER = struct.Struct("<4sBI")
_MAGIC = b"RGXP"
_FORMAT = 1
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


def make_symbol(name: str, kind: int, at: array, p: int, parent: int, container: str, detail: str) -> Symbol:
    """A :class:`Symbol` whose positions are ``at[p : p + POSITIONS]``."""
    return Symbol(
        name,
        kind,
        at[p],
        at[p + 1],
        at[p + 2],
        at[p + 3],
        at[p + 4],
        at[p + 5],
        at[p + 6],
        at[p + 7],
        parent,
        container,
        detail,
    )


def _clean(text: str) -> str:
    """``text`` fit for a one-line, NUL-separated layout."""
    if "\n" in text or "\0" in text or "\r" in text:
        return text.replace("\r", " ").replace("\n", " ").replace("\0", "\ufffd")
    return text


class Packed(Sequence[Symbol]):
    """One file's symbols, column-wise.  Immutable and picklable."""

    __slots__ = ("containers", "details", "kinds", "names", "parents", "positions")
    #: bytes of :meth:`to_bytes` that :meth:`length_of` needs
    HEADER_SIZE = _HEADER.size

    def __init__(
        self,
        names: tuple[str, ...],
        kinds: bytes,
        positions: array,
        parents: array,
        containers: tuple[str, ...],
        details: tuple[str, ...] | None = None,
    ) -> None:
        self.names = names
        self.kinds = kinds
        self.positions = positions  # array('I'), POSITIONS per symbol
        self.parents = parents  # array('i')
        self.containers = containers
        self.details = details  # None when every detail is empty

    @classmethod
    def pack(cls, symbols: Sequence[Symbol]) -> Packed:
        if isinstance(symbols, Packed):
            return symbols
        positions = array("I")
        for s in symbols:
            positions.extend(s[2:10])
        details = tuple(_clean(s.detail) for s in symbols)
        return cls(
            tuple(_clean(s.name) for s in symbols),
            bytes(s.kind for s in symbols),
            positions,
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
            self.positions,
            i * POSITIONS,
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
        return (
            _unpickle,
            (self.names, self.kinds, self.positions.tobytes(), self.parents.tobytes(), self.containers, self.details),
        )

    # -- bytes, for the cache -------------------------------------------------
    def to_bytes(self) -> bytes:
        """A self-describing little-endian encoding (see :meth:`from_bytes`)."""
        positions, parents = self.positions, self.parents
        if sys.byteorder != "little":
            positions, parents = array("I", positions), array("i", parents)
            positions.byteswap()
            parents.byteswap()
        strings = _SEP.join((*self.names, *self.containers, *(self.details or ())))
        return b"".join(
            (
                _HEADER.pack(_MAGIC, _FORMAT | (2 if self.details else 0), len(self)),
                self.kinds,
                positions.tobytes(),
                parents.tobytes(),
                strings.encode("utf-8", "surrogatepass"),
            )
        )

    @staticmethod
    def length_of(data: bytes) -> int:
        """How many symbols a :meth:`to_bytes` encoding holds (0 if it is not one)."""
        try:
            magic, _, n = _HEADER.unpack_from(data)
        except struct.error:
            return 0
        return int(n) if magic == _MAGIC else 0

    @classmethod
    def from_bytes(cls, data: bytes) -> Packed:
        """Decode :meth:`to_bytes`; ValueError if ``data`` is not such an encoding."""
        try:
            magic, flags, n = _HEADER.unpack_from(data)
        except struct.error as e:
            raise ValueError("truncated symbols") from e
        if magic != _MAGIC or flags & 1 != _FORMAT:
            raise ValueError("not packed symbols")
        at = _HEADER.size
        kinds = bytes(data[at : at + n])
        at += n
        positions = _ints(data[at : at + 4 * POSITIONS * n], "I")
        at += 4 * POSITIONS * n
        parents = _ints(data[at : at + 4 * n], "i")
        at += 4 * n
        if len(kinds) != n or len(positions) != POSITIONS * n or len(parents) != n:
            raise ValueError("truncated symbols")
        if sys.byteorder != "little":
            positions.byteswap()
            parents.byteswap()
        strings = bytes(data[at:]).decode("utf-8", "surrogatepass").split(_SEP) if n else []
        has_details = bool(flags & 2)
        if len(strings) != n * (3 if has_details else 2):
            raise ValueError("corrupt symbol strings")
        intern = sys.intern
        names = tuple(strings[:n])
        containers = tuple(intern(c) for c in strings[n : 2 * n])
        details = tuple(strings[2 * n :]) if has_details else None
        return cls(names, kinds, positions, parents, containers, details)


def _unpickle(
    names: tuple[str, ...],
    kinds: bytes,
    positions: bytes,
    parents: bytes,
    containers: tuple[str, ...],
    details: tuple[str, ...] | None,
) -> Packed:
    return Packed(names, kinds, _ints(positions, "I"), _ints(parents, "i"), containers, details)
