"""The in-memory symbol index: files' symbols, searchable while it grows.

Symbols live in immutable, column-wise *segments* (see
:mod:`ragex_lsp.core.segment`): each batch of new or changed files becomes a
small segment, and a file's symbols count only in the segment that holds its
current version, so replacing a file is atomic: one dict assignment.
When segments pile up they are merged into one, built off the caller's thread if it likes (:meth:`Index.merge_input` /
:meth:`Index.install_merge`), while searches go on over the old ones.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from typing import NamedTuple

from ragex_lsp.core.model import Symbol
from ragex_lsp.core.packed import Packed
from ragex_lsp.core.search import Hit, Query, search
from ragex_lsp.core.segment import NO_STAMP, Segment, Stamp, is_wide

#: merge when there are more segments than this
MAX_SEGMENTS = 12
#: compact (see :meth:`Index.compaction`) once this many files, and an eighth of all, came in since the last time
COMPACT_AFTER = 1000


class Compaction(NamedTuple):
    """What :meth:`Index.compaction` made: the copies, and the index version they are of."""

    version: int
    paths: dict[str, str]  # path -> its copy
    files: dict[str, int]
    columns: list[tuple[Segment, tuple[str, ...]]]  # segment, its paths


def _where(segment_id: int, file_no: int) -> int:
    """Where a file's current version is, as one int (a tuple of them cost 60
    bytes more a file): its segment's id above 32 bits, its file number below."""
    return segment_id << 32 | file_no


_FILE_NO = (1 << 32) - 1


class Index:
    """Path -> symbols, plus segments for search.  Not thread-safe: one owner thread."""

    def __init__(self) -> None:
        self.files: dict[str, int] = {}  # path -> _where its current version is
        self.segments: list[Segment] = []
        self._by_id: dict[int, Segment] = {}
        self.symbol_count = 0
        # segment id -> {file number: the version at which that file stopped being current there}
        # (its other files are current: a segment lives while it has some); replaced, not changed,
        # when segments go, so that a running search keeps what it sees
        self._dead: dict[int, dict[int, int]] = {}
        self._ids = itertools.count(1)
        self.version = 0
        self._restamped: dict[str, Stamp] = {}  # newer stamps of files whose symbols are unchanged
        self._fresh_files = 0  # files set since the last compaction

    def __len__(self) -> int:
        return len(self.files)

    def update(
        self,
        changed: Iterable[tuple[str, Sequence[Symbol]]],
        removed: Iterable[str] = (),
        stamps: Mapping[str, Stamp] | None = None,
    ) -> None:
        """Replace the symbols of ``changed`` files (with their ``stamps``, if
        known) and drop ``removed`` ones."""
        files = {path: Packed.pack(symbols) for path, symbols in changed}  # the last version of a path wins
        for path in removed:
            self._set(path, None)
        for segment in self.build(list(files.items()), stamps=stamps):
            self._add(segment)
        self._drop_dead()

    def build(
        self, files: Sequence[tuple[str, Packed]], prepare: bool = False, stamps: Mapping[str, Stamp] | None = None
    ) -> list[Segment]:
        """New segments of ``files`` and their ``stamps`` (prepared for search if asked) for
        :meth:`adopt`; any thread may build them.  The files with a name
        that needs more than a byte a character get a segment of their own:
        in one with the rest, every name string of it would take 2 or 4
        bytes a character (CPython's string layout)."""
        narrow: list[tuple[str, Packed]] = []
        wide: list[tuple[str, Packed]] = []
        for path, symbols in files:
            (wide if is_wide(symbols) else narrow).append((path, symbols))
        segments = [Segment(next(self._ids), group, stamps) for group in (narrow, wide) if group]
        if prepare:
            for segment in segments:
                segment.prepare()
        return segments

    def adopt(self, segments: Iterable[Segment], missing_only: bool = False, packed: bool = False) -> None:
        """Make ``segments`` (from :meth:`build`, or loaded snapshots) hold the current
        version of their files (``missing_only``: of those not indexed yet).
        ``packed``: their small objects were made one after another, with
        nothing in between (a loaded snapshot), so they call for no
        compaction: copying them only spread them (5 MB more once settled,
        measured on a warm start of 46,000 files)."""
        fresh = self._fresh_files
        for segment in segments:
            self._add(segment, missing_only)
        if packed:
            self._fresh_files = fresh
        self._drop_dead()

    def next_id(self) -> int:
        """An id for a new segment (any thread)."""
        return next(self._ids)

    def _add(self, segment: Segment, missing_only: bool = False) -> None:
        self.segments.append(segment)
        self._by_id[segment.id] = segment
        dead = self._dead[segment.id] = {}
        for file_no, path in enumerate(segment.paths):
            if not missing_only or path not in self.files:
                self._set(path, segment, file_no)
            else:
                dead[file_no] = self.version  # never current

    def _set(self, path: str, segment: Segment | None, file_no: int = 0, restamped: bool = False) -> None:
        """``path``'s current version: file ``file_no`` of ``segment`` (None:
        none); ``restamped``: the same version, moved (its newer stamp holds)."""
        old = self.files.pop(path, None)
        if not restamped and self._restamped:
            self._restamped.pop(path, None)
        if old is not None:
            self._dead[old >> 32][old & _FILE_NO] = self.version
            self.symbol_count -= _count(self._by_id[old >> 32], old & _FILE_NO)
        if segment is not None:
            self._fresh_files += not restamped
            self.files[path] = _where(segment.id, file_no)
            self.symbol_count += _count(segment, file_no)

    def _drop_dead(self) -> None:
        self.segments = [s for s in self.segments if len(self._dead[s.id]) < len(s.paths)]
        self._by_id = {s.id: s for s in self.segments}
        self._dead = {s.id: self._dead[s.id] for s in self.segments}
        self.version += 1

    def not_among(self, paths: Iterable[str]) -> list[str]:
        """The indexed files that are not among ``paths``, read once and not
        kept (a set of a walk's paths was 46,000 strings at once)."""
        present = {where for path in paths if (where := self.files.get(path)) is not None}
        return [path for path, where in self.files.items() if where not in present]

    def stamp(self, path: str) -> Stamp | None:
        """The stamp ``path`` was indexed with (None: not indexed)."""
        where = self.files.get(path)
        if where is None:
            return None
        newer = self._restamped.get(path)
        return newer if newer is not None else self._by_id[where >> 32].stamp(where & _FILE_NO)

    def restamp(self, path: str, stamp: Stamp = NO_STAMP) -> None:
        """``path`` (indexed) is known by ``stamp`` now, its symbols unchanged
        (:data:`NO_STAMP`: forget what it was known by)."""
        if path in self.files:
            self._restamped[path] = stamp

    # -- compaction --------------------------------------------------------------
    def needs_compaction(self) -> bool:
        """Whether enough files came in since the last :meth:`install_compaction` to make one pay."""
        return self._fresh_files > max(COMPACT_AFTER, len(self.files) // 8)

    def compaction(self) -> Compaction:
        """Copies of the small objects that live as long as the index (each
        path, the file table's ints), for
        :meth:`install_compaction`; any thread may make them (from a snapshot).

        Made while each file's transient objects came and went, the originals
        are strewn over allocator arenas that would otherwise be free; their
        copies sit together, and once the originals go those arenas go back to
        the system (the warm server of 100,000 small files shrank by a fifth so)."""
        version, files, segments = self.version, dict(self.files), list(self.segments)
        paths = {p: _copy(p) for p in files}
        return Compaction(
            version,
            paths,
            {paths[p]: where + 0 for p, where in files.items()},  # + 0: a new int
            [(s, tuple(paths.get(p) or _copy(p) for p in s.paths)) for s in segments],
        )

    def install_compaction(self, compaction: Compaction) -> bool:
        """Swap the copies in, unless the index changed since they were made."""
        if compaction.version != self.version:
            return False
        self.files = compaction.files
        for segment, paths in compaction.columns:
            segment.paths = paths  # equal values: searches see no change
        self._restamped = {compaction.paths.get(p, p): stamp for p, stamp in self._restamped.items()}
        self._fresh_files = 0
        return True

    def is_current(self, segment: Segment, file_no: int) -> bool:
        """Whether file ``file_no`` of ``segment`` is its file's current version."""
        return file_no not in self._dead[segment.id]

    def segment_of(self, path: str) -> Segment | None:
        """The segment holding the current version of ``path``."""
        where = self.files.get(path)
        return None if where is None else self._by_id[where >> 32]

    def fingerprint(self) -> str:
        """A hash of the whole index content, independent of update order."""
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(self.files):
            digest.update(path.encode("utf-8", "surrogatepass"))
            for s in self.symbols(path):
                digest.update(repr(s).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def symbols(self, path: str) -> Packed:
        """The current symbols of ``path`` (none if it is not indexed)."""
        where = self.files.get(path)
        if where is None:
            return _EMPTY
        return self._by_id[where >> 32].file_symbols(where & _FILE_NO)

    def search(self, query: Query) -> Generator[None, None, list[Hit]]:
        """:func:`ragex_lsp.core.search.search` over this index as it is now,
        whatever changes while the search runs (it gives way between steps):
        the segments of now, and of their files those current now."""
        version, dead = self.version, self._dead

        def was_current(segment: Segment, file_no: int) -> bool:
            died = dead[segment.id].get(file_no)
            return died is None or died >= version

        return search(self.segments, query, was_current)

    # -- snapshots -------------------------------------------------------------
    def snapshot_input(
        self, holds: Callable[[str], bool]
    ) -> tuple[list[Segment], list[list[tuple[Segment, int]]], dict[str, Stamp]]:
        """What a snapshot of the files ``holds`` takes needs: the segments
        holding only such files, each the current version; the other such files'
        current versions as (segment, file number), in groups to :func:`merge`
        each into one (the files of wide segments apart: see :meth:`build`);
        and their newer stamps (see :meth:`restamp`)."""
        whole: list[Segment] = []
        narrow: list[tuple[Segment, int]] = []
        wide: list[tuple[Segment, int]] = []
        for segment in self.segments:
            current = [f for f, p in enumerate(segment.paths) if self.is_current(segment, f) and holds(p)]
            if len(current) == len(segment.paths):
                whole.append(segment)
            else:
                (wide if segment.wide else narrow).extend((segment, f) for f in current)
        groups = [group for group in (narrow, wide) if group]
        return whole, groups, {p: stamp for p, stamp in self._restamped.items() if holds(p)}

    # -- merging ---------------------------------------------------------------
    def needs_merge(self) -> bool:
        return len(self.segments) > MAX_SEGMENTS

    def merge_input(self) -> tuple[int, frozenset[int], list[tuple[Segment, int]]]:
        """What to merge: a new segment id, the segments chosen and their current
        files as (segment, file number), for :func:`~ragex_lsp.core.segment.merge`
        (which may run on another thread: segments never change).

        Size-tiered: the smallest segments, taking the next larger one only
        while it is at most twice what is taken so far, so that a merge costs
        about what was added since the last one (a save does not rebuild the
        base) and a segment is rebuilt only when the small ones have grown to
        half of it.  Segments with wide names (see :meth:`build`) merge
        among themselves.
        """
        wide = [s for s in self.segments if s.wide]
        if len(wide) >= 2:  # few and small: all of them, and wide names stay apart
            chosen = wide
        else:
            by_size = sorted((s for s in self.segments if not s.wide), key=lambda s: s.size)
            chosen, total = by_size[:2], sum(s.size for s in by_size[:2])
            for segment in by_size[2:]:
                if segment.size > 2 * total:
                    break
                chosen.append(segment)
                total += segment.size
        ids = frozenset(s.id for s in chosen)
        files = [(self._by_id[w >> 32], w & _FILE_NO) for w in self.files.values() if w >> 32 in ids]
        return next(self._ids), ids, files

    def install_merge(self, merged: Segment, chosen: frozenset[int]) -> None:
        """Adopt ``merged`` for every file still held by a ``chosen`` segment."""
        self.segments = sorted([*self.segments, merged], key=lambda s: s.id)
        self._by_id[merged.id] = merged
        dead = self._dead[merged.id] = {}
        for file_no, path in enumerate(merged.paths):
            where = self.files.get(path)
            if where is not None and where >> 32 in chosen:
                self._set(path, merged, file_no, restamped=True)
            else:
                dead[file_no] = self.version  # replaced or removed during the merge: never current
        self._drop_dead()


_EMPTY = Packed.pack(())


def _copy(text: str) -> str:
    """An equal string that is a new object."""
    return (text + "\0")[:-1]


def _count(segment: Segment, file_no: int) -> int:
    return segment.file_start[file_no + 1] - segment.file_start[file_no]
