"""The in-memory symbol index: files' symbols, searchable while it grows.

Symbols are stored per file.  For search, they are also laid out in
immutable *segments* (see :mod:`ragex_lsp.core.search`): each batch of new or
changed files becomes a small segment, and a file's symbols count only in the
segment that holds its current version, so replacing a file is atomic: one
dict assignment.  When segments pile up they are merged into one, built off
the caller's thread if it likes (:meth:`Index.merge_input` /
:meth:`Index.install_merge`), while searches go on over the old ones.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ragex_lsp.core.model import Symbol
from ragex_lsp.core.search import Segment, build_segment

#: merge when there are more segments than this
MAX_SEGMENTS = 12


class FileSymbols(NamedTuple):
    segment: int  # id of the segment holding this version
    symbols: tuple[Symbol, ...]


class Index:
    """Path -> symbols, plus segments for search.  Not thread-safe: one owner thread."""

    def __init__(self) -> None:
        self.files: dict[str, FileSymbols] = {}
        self.segments: list[Segment] = []
        self._live_files: dict[int, int] = {}  # segment id -> files it holds the current version of
        self._ids = itertools.count(1)
        self.version = 0

    def __len__(self) -> int:
        return len(self.files)

    @property
    def symbol_count(self) -> int:
        return sum(len(f.symbols) for f in self.files.values())

    def update(self, changed: Iterable[tuple[str, Sequence[Symbol]]], removed: Iterable[str] = ()) -> None:
        """Replace the symbols of ``changed`` files and drop ``removed`` ones."""
        files = [(path, tuple(symbols)) for path, symbols in changed]
        for path in removed:
            self._set(path, None)
        if files:
            segment = build_segment(next(self._ids), files)
            self.segments.append(segment)
            for path, symbols in files:
                self._set(path, FileSymbols(segment.id, symbols))
        self._drop_dead()

    def _set(self, path: str, entry: FileSymbols | None) -> None:
        old = self.files.pop(path, None)
        if old is not None:
            self._live_files[old.segment] -= 1
        if entry is not None:
            self.files[path] = entry
            self._live_files[entry.segment] = self._live_files.get(entry.segment, 0) + 1

    def _drop_dead(self) -> None:
        self.segments = [s for s in self.segments if self._live_files.get(s.id, 0) > 0]
        self._live_files = {s.id: self._live_files.get(s.id, 0) for s in self.segments}
        self.version += 1

    def is_current(self, segment: Segment, path: str) -> bool:
        return self.files.get(path, _NONE).segment == segment.id

    def fingerprint(self) -> str:
        """A hash of the whole index content, independent of update order."""
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(self.files):
            digest.update(path.encode("utf-8", "surrogatepass"))
            for s in self.files[path].symbols:
                digest.update(repr(s).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def symbols(self, path: str) -> tuple[Symbol, ...]:
        entry = self.files.get(path)
        return entry.symbols if entry else ()

    # -- merging ---------------------------------------------------------------
    def needs_merge(self) -> bool:
        return len(self.segments) > MAX_SEGMENTS

    def merge_input(self) -> tuple[int, frozenset[int], list[tuple[str, tuple[Symbol, ...]]]]:
        """What to merge: a new segment id, the segments chosen and their current files.

        Size-tiered: a segment larger than twice all the others together is
        left alone, so the big base is rebuilt only when the small ones have
        grown to half of it.
        """
        by_size = sorted(self.segments, key=lambda s: s.size)
        chosen = by_size
        if len(by_size) > 1 and by_size[-1].size > 2 * sum(s.size for s in by_size[:-1]):
            chosen = by_size[:-1]
        ids = frozenset(s.id for s in chosen)
        files = [(path, f.symbols) for path, f in self.files.items() if f.segment in ids]
        return next(self._ids), ids, files

    def install_merge(self, merged: Segment, chosen: frozenset[int]) -> None:
        """Adopt ``merged`` for every file still held by a ``chosen`` segment."""
        self.segments = sorted([*self.segments, merged], key=lambda s: s.id)
        for path in merged.paths:
            entry = self.files.get(path)
            if entry is not None and entry.segment in chosen:
                self._set(path, FileSymbols(merged.id, entry.symbols))
        self._drop_dead()


_NONE = FileSymbols(0, ())
