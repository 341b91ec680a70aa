"""The symbol model: one flat, picklable record per definition.

Kinds use the LSP ``SymbolKind`` numbers so the edge converts them 1:1, but
this module imports nothing from LSP libraries.  Positions are
``(line, column)`` with zero-based lines and UTF-8 byte columns until an edge
converts them (see :mod:`ragex_lsp.core.positions`).
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class Kind(IntEnum):
    """LSP SymbolKind values (LSP 3.17, section SymbolKind)."""

    FILE = 1
    MODULE = 2
    NAMESPACE = 3
    PACKAGE = 4
    CLASS = 5
    METHOD = 6
    PROPERTY = 7
    FIELD = 8
    CONSTRUCTOR = 9
    ENUM = 10
    INTERFACE = 11
    FUNCTION = 12
    VARIABLE = 13
    CONSTANT = 14
    STRING = 15
    NUMBER = 16
    BOOLEAN = 17
    ARRAY = 18
    OBJECT = 19
    KEY = 20
    NULL = 21
    ENUM_MEMBER = 22
    STRUCT = 23
    EVENT = 24
    OPERATOR = 25
    TYPE_PARAMETER = 26

    @property
    def label(self) -> str:
        """Lower-case display name, e.g. ``enum_member``."""
        return self.name.lower()


#: Kinds whose functions are methods and which give their name as container.
TYPE_KINDS = frozenset({Kind.CLASS, Kind.STRUCT, Kind.INTERFACE, Kind.ENUM, Kind.OBJECT, Kind.MODULE})

#: Kinds that hold executable code (their nested definitions are locals).
CALLABLE_KINDS = frozenset({Kind.FUNCTION, Kind.METHOD, Kind.CONSTRUCTOR})


class Symbol(NamedTuple):
    """One definition in a file.

    ``start``/``end`` span the whole definition (LSP ``range``), ``name_*`` the
    name (LSP ``selectionRange``).  ``parent`` is the index of the enclosing
    symbol in the same list, or -1.  ``container`` is the name shown as the
    symbol's container: usually the parent's name, but the receiver of a Go
    method, the type of a Rust ``impl`` or the scope of a C++ out-of-line
    definition even when that type is defined elsewhere.
    """

    name: str
    kind: int
    start_line: int
    start_col: int
    end_line: int
    end_col: int
    name_line: int
    name_col: int
    name_end_line: int
    name_end_col: int
    parent: int
    container: str
    detail: str
