"""A segment: the symbols of some files, stored column-wise for memory and search.

No per-symbol Python objects: kinds are one byte string, positions,
parents, name and container ids are ``array`` columns, each file a slice of
rows (``file_start``).  Unique names are laid out once as one string, one
name per line, in original case (``text``) and folded (``blob``) at the same
offsets, so C-speed ``str.find`` and regular expressions find candidate
names; ``post`` lists each name's rows.  Segments never change once built:
an update builds a new one (see :mod:`ragex_lsp.core.index`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from ragex_lsp.core.model import Symbol
from ragex_lsp.core.packed import POSITIONS, Packed, fold, make_symbol

_NEWLINE = re.compile("\n")
_HUMPS = tuple(re.compile(p) for p in (r"([a-z])([A-Z])", r"([A-Z])([A-Z][a-z])", r"([^\W\d_])(\d)", r"(\d)([^\W\d_])"))


def mark_words(text: str) -> str:
    """``text`` (names, one a line) with ``\x01`` before every word start
    (and after separators), by a few whole-text passes: camelCase, HTTPServer,
    letter/digit changes, ``_ . - $ :``, line starts."""
    for pattern in _HUMPS:
        text = pattern.sub("\\1\x01\\2", text)
    for separator in "_.-$:":
        text = text.replace(separator, separator + "\x01")
    return "\x01" + text.replace("\n", "\n\x01")


def _offsets(lines: Iterable[str], first: int) -> array:
    """Where each line starts in ``"\\n".join(lines)`` after ``first``
    characters, plus where one more would start (a sentinel)."""
    return array("I", itertools.accumulate((len(n) + 1 for n in lines), initial=first))


def _ids(values: Iterable[str], table: dict[str, int]) -> array:
    return array("I", [table.setdefault(v, len(table)) for v in values])


class Segment:
    """The symbols of some files, column-wise.  Immutable once built."""

    def __init__(self, segment_id: int, files: Sequence[tuple[str, Packed]]) -> None:
        self.id = segment_id
        self.paths = tuple(path for path, _ in files)
        self.file_start = array("I", itertools.accumulate((len(p) for _, p in files), initial=0))
        self.size = self.file_start[-1]
        self.kinds = b"".join(p.kinds for _, p in files)
        self.positions = array("I")
        self.parents = array("i")
        self.details: dict[int, str] = {}
        names: dict[str, int] = {}
        containers: dict[str, int] = {}
        self.name_ids = array("I")
        self.container_ids = array("I")
        for (_, p), base in zip(files, self.file_start):
            self.positions.extend(p.positions)
            self.parents.extend(p.parents)
            self.name_ids.extend(_ids(p.names, names))
            self.container_ids.extend(_ids(p.containers, containers))
            if p.details:
                self.details.update((base + i, d) for i, d in enumerate(p.details) if d)
        self.containers = list(containers)
        self.text = "\n" + "\n".join(names) + "\n"  # original case
        blob = self.text.lower()
        self.blob = blob if len(blob) == len(self.text) else fold(self.text)
        self.starts = _offsets(names, 1)  # line i is text[starts[i] : starts[i + 1] - 1]
        self.lines = len(names)
        del names
        count = Counter(self.name_ids)
        self.post_start = array("I", itertools.accumulate((count[i] for i in range(self.lines)), initial=0))
        self.post = array("I", sorted(range(self.size), key=self.name_ids.__getitem__))
        self.by_length, self.length_start = self._length_order()
        self._marked: tuple[str, array] | None = None

    def _length_order(self) -> tuple[array, array]:
        """Lines sorted by (length, folded name), and where each length starts
        in that order: the names with a prefix are one range per length."""
        starts, blob = self.starts, self.blob
        order = sorted(range(self.lines), key=lambda i: (starts[i + 1] - starts[i], blob[starts[i] : starts[i + 1]]))
        lengths = [starts[i + 1] - starts[i] - 1 for i in order]
        longest = lengths[-1] if lengths else 0
        first = array("I", [bisect.bisect_left(lengths, n) for n in range(longest + 2)])
        return array("I", order), first

    def prefixed(self, lower: str, length: int) -> array:
        """The lines of ``length`` characters whose folded name starts with ``lower``."""
        if length + 1 >= len(self.length_start):
            return _NO_LINES
        lo, hi = self.length_start[length], self.length_start[length + 1]
        starts, blob, size = self.starts, self.blob, len(lower)

        def head(line: int) -> str:
            return blob[starts[line] : starts[line] + size]

        begin = bisect.bisect_left(self.by_length, lower, lo, hi, key=head)
        end = bisect.bisect_right(self.by_length, lower, begin, hi, key=head)
        return self.by_length[begin:end]

    @property
    def longest(self) -> int:
        """The length of the longest name."""
        return len(self.length_start) - 2

    # -- names -------------------------------------------------------------------
    def name(self, line: int) -> str:
        return self.text[self.starts[line] : self.starts[line + 1] - 1]

    def rows(self, line: int) -> array:
        """The rows of the symbols named by ``line``, in file and document order."""
        return self.post[self.post_start[line] : self.post_start[line + 1]]

    @property
    def marked(self) -> tuple[str, array]:
        """The folded names with ``\x01`` before each word start, and their line offsets."""
        if self._marked is None:
            text = "\n" + fold(mark_words(self.text[1:-1])) + "\n"
            self._marked = (text, array("I", (m.end() for m in _NEWLINE.finditer(text, 0, len(text) - 1))))
        return self._marked

    # -- rows --------------------------------------------------------------------
    def file_of(self, row: int) -> int:
        return bisect.bisect_right(self.file_start, row) - 1

    def symbol(self, row: int) -> Symbol:
        """The symbol at ``row``, its parent index relative to its file."""
        return make_symbol(
            self.name(self.name_ids[row]),
            self.kinds[row],
            self.positions,
            row * POSITIONS,
            self.parents[row],
            self.containers[self.container_ids[row]],
            self.details.get(row, ""),
        )

    def file_symbols(self, file_no: int) -> Packed:
        """The symbols of one file, packed again (for merging and outlines)."""
        lo, hi = self.file_start[file_no], self.file_start[file_no + 1]
        details = tuple(self.details.get(row, "") for row in range(lo, hi)) if self.details else None
        return Packed(
            tuple(self.name(i) for i in self.name_ids[lo:hi]),
            self.kinds[lo:hi],
            self.positions[lo * POSITIONS : hi * POSITIONS],
            self.parents[lo:hi],
            tuple(self.containers[i] for i in self.container_ids[lo:hi]),
            details if details and any(details) else None,
        )

    def nbytes(self) -> dict[str, int]:
        """Approximate bytes per structure (for memory profiles)."""
        arrays = {
            "positions": self.positions,
            "parents": self.parents,
            "name_ids": self.name_ids,
            "container_ids": self.container_ids,
            "post": self.post,
            "post_start": self.post_start,
            "starts": self.starts,
            "file_start": self.file_start,
            "by_length": self.by_length,
            "length_start": self.length_start,
        }
        sizes = {k: a.itemsize * len(a) for k, a in arrays.items()}
        sizes["kinds"] = len(self.kinds)
        sizes["names text+blob"] = len(self.text) + len(self.blob)
        sizes["marked"] = len(self._marked[0]) + 4 * len(self._marked[1]) if self._marked else 0
        sizes["containers"] = sum(len(c) + 50 for c in self.containers)
        sizes["paths"] = sum(len(p) + 50 for p in self.paths)
        return sizes


_NO_LINES = array("I")


def merge(segment_id: int, files: Sequence[tuple[Segment, int]]) -> Segment:
    """One segment holding the given files of other segments."""
    return Segment(segment_id, [(segment.paths[f], segment.file_symbols(f)) for segment, f in files])
