"""A segment: the symbols of some files, stored column-wise for memory and search.

No per-symbol Python objects: kinds are one byte string; positions (16-bit
fields beside a start line, as :class:`~ragex_lsp.core.packed.Packed` has
them), parents, name and container ids are ``array`` columns (16-bit where
they fit); each file is a slice of rows (``file_start``), and each file's
:data:`Stamp` is two arrays (``sizes``, ``digests``), not a tuple a file.
Container names are one string (``container_lines``). Unique names are laid
out once as one string, one name per line, sorted by (length, folded name),
in original case (``text``) and folded (``blob``) at the same offsets, so
C-speed ``str.find`` and regular expressions find candidate names; ``post``
lists each name's rows. Segments never change once built (a compaction swaps
in equal path strings): an update builds a new one (see
:mod:`ragex_lsp.core.index`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from ragex_lsp.core.model import Symbol
from ragex_lsp.core.packed import SPANS, Packed, fold, make_symbol, position_at

_HUMPS = tuple(
    re.compile(p)  # where a word starts: camelCase, HTTPServer, letter to digit, digit to letter
    for p in (r"(?<=[a-z])(?=[A-Z])", r"(?<=[A-Z])(?=[A-Z][a-z])", r"(?<=[^\W\d_])(?=\d)", r"(?<=\d)(?=[^\W\d_])")
)


def mark_words(text: str) -> str:
    """``text`` (names, one a line) with ``\x01`` before every word start
    (and after separators), by a few whole-text passes: camelCase, HTTPServer,
    letter/digit changes, ``_ . - $ :``, line starts."""
    for pattern in _HUMPS:
        text = pattern.sub("\x01", text)
    for separator in "_.-$:":
        text = text.replace(separator, separator + "\x01")
    return "\x01" + text.replace("\n", "\n\x01")


_WIDE = re.compile("[^\x00-\xff]")


def is_wide(symbols: Packed) -> bool:
    """Whether a name of ``symbols`` needs more than one byte a character in a
    CPython string (which then stores every character of the string so)."""
    return is_wide_text("\n".join(symbols.names))


def is_wide_text(text: str) -> bool:
    """Whether ``text`` needs more than one byte a character (see :func:`is_wide`)."""
    return not text.isascii() and _WIDE.search(text) is not None


def module_of(path: str) -> str:
    """``path`` as a dotted module name (``/w/pkg/mod.py`` -> ``.w.pkg.mod``),
    which qualified queries match (``pkg.mod.fn``)."""
    return path.replace("\\", "/").rsplit(".", 1)[0].replace("/", ".")


class Lines(NamedTuple):
    """Strings laid out one a line: ``text[starts[i] : starts[i + 1] - 1]`` is
    line i.  Made by :meth:`with_folded`, they also have ``folded``, the
    text lower-cased (:func:`~ragex_lsp.core.packed.fold`: same offsets), and
    ``others``, the lines that are not ASCII (where lower-casing may not be
    what ignoring case means to a regular expression)."""

    text: str
    starts: array
    folded: str = ""
    others: tuple[int, ...] = ()

    @classmethod
    def of(cls, lines: Sequence[str]) -> Lines:
        return cls("\n" + "\n".join(lines) + "\n", _offsets(lines, 1))

    @classmethod
    def with_folded(cls, lines: Sequence[str]) -> Lines:
        laid = cls.of(lines)
        wider = () if laid.text.isascii() else (laid.line(m.start()) for m in _WIDER.finditer(laid.text))
        return cls(laid.text, laid.starts, fold(laid.text), tuple(dict.fromkeys(wider)))

    @property
    def line_count(self) -> int:
        """How many lines there are."""
        return len(self.starts) - 1

    def line(self, position: int) -> int:
        """The line holding ``position``."""
        return bisect.bisect_right(self.starts, position) - 1

    def at(self, line: int) -> str:
        return self.text[self.starts[line] : self.starts[line + 1] - 1]


_WIDER = re.compile("[^\x00-\x7f]")


class Marked(NamedTuple):
    """Folded names with ``\x01`` before each word start, grouped by first
    character so that a camel-humps scan reads only the names that start
    with the query's first character."""

    lines: Lines  # marked line j shows segment line order[j]
    order: array
    rank: array  # rank[line]: its marked line
    firsts: str  # the first character of each marked line, sorted

    def span(self, first: str) -> tuple[int, int]:
        """The marked lines whose name starts with ``first``."""
        lo = self.firsts.find(first)
        return (lo, self.firsts.rfind(first) + 1) if lo >= 0 else (0, 0)


def _offsets(lines: Iterable[str], first: int) -> array:
    """Where each line starts in ``"\\n".join(lines)`` after ``first``
    characters, plus where one more would start (a sentinel)."""
    return array("I", itertools.accumulate((len(n) + 1 for n in lines), initial=first))


def _postings(ids: array, count: int) -> tuple[array, array]:
    """The rows of each of ``count`` ids, in row order, and where each id's
    rows start: a counting sort (two passes, no keyed sort of every row)."""
    tally = [0] * count
    for i in ids:
        tally[i] += 1
    start = array("I", itertools.accumulate(tally, initial=0))
    at = start.tolist()  # where each id's next row goes
    rows = [0] * len(ids)
    for row, i in enumerate(ids):
        rows[at[i]] = row
        at[i] += 1
    return array("I", rows), start


#: what the indexer knew of a file when it was indexed: size, mtime_ns and
#: content hash (opaque here: the service compares it with the disk)
Stamp = tuple[int, int, int]
#: the stamp of a file indexed without one: it matches no file on disk
NO_STAMP: Stamp = (-1, 0, 0)


class Segment:
    """The symbols of some files, column-wise.  Immutable once built."""

    def __init__(
        self, segment_id: int, files: Sequence[tuple[str, Packed]], stamps: Mapping[str, Stamp] | None = None
    ) -> None:
        self.id = segment_id
        files = sorted(files, key=lambda f: f[0])  # rows in (path, document) order
        self.paths = tuple(path for path, _ in files)
        every = [(stamps or {}).get(p, NO_STAMP) for p in self.paths]
        self.sizes = array("q", itertools.chain.from_iterable(s[:2] for s in every))  # per file: size, mtime_ns
        self.digests = array("Q", (s[2] for s in every))  # per file (a stamp in arrays, not a tuple a file)
        del every
        self.file_start = array("I", itertools.accumulate((len(p) for _, p in files), initial=0))
        self.size = self.file_start[-1]
        self.kinds = b"".join(p.kinds for _, p in files)
        self.start_lines = array("I")  # positions as in Packed: start lines, spans, overflow
        self.spans = array("B")
        self.overflow: dict[int, tuple[int, ...]] = {}
        self.parents = array("i")
        self.details: dict[int, str] = {}
        for (_, p), base in zip(files, self.file_start):
            self.start_lines.extend(p.lines)
            self.spans.extend(p.spans)
            if p.overflow:
                self.overflow.update((base + i, at) for i, at in p.overflow.items())
            self.parents.extend(p.parents)
            if p.details:
                self.details.update((base + i, d) for i, d in enumerate(p.details) if d)
        if self.parents and min(self.parents) >= -(1 << 15) and max(self.parents) < 1 << 15:
            self.parents = array("h", self.parents)  # 16 bits where every file has fewer symbols
        if self.start_lines and max(self.start_lines) < 1 << 16:
            self.start_lines = array("H", self.start_lines)  # 16 bits where every file has fewer lines
        containers = list(itertools.chain.from_iterable(p.containers for _, p in files))
        unique = list(dict.fromkeys(containers))
        # one string, not a string each: long-lived small objects would pin allocator arenas
        self.container_lines = Lines.with_folded(unique)  # line = container id
        container_id = {c: i for i, c in enumerate(unique)}
        self.container_ids = array("H" if len(unique) <= 1 << 16 else "I", map(container_id.__getitem__, containers))
        del containers, unique, container_id
        self._lay_out_names(list(itertools.chain.from_iterable(p.names for _, p in files)))
        self.wide = is_wide_text(self.text)
        self.post, self.post_start = _postings(self.name_ids, self.lines)
        self._marked: Marked | None = None
        self._first_spans: list[tuple[int, int]] | None = None
        self._alphabetical: array | None = None
        self._containers: tuple[array, array] | None = None
        self._modules: Lines | None = None
        self._holding: dict[str, int] = {}  # character -> bit set of the lines holding it
        self.prepared = False  # whether :meth:`prepare` ran
        self._translated: dict[bytes, bytes] = {}  # translation table -> kinds through it

    def _lay_out_names(self, names: list[str]) -> None:
        """Lay the unique ``names`` (every row's) out as lines sorted by (length,
        folded name), and give each row its line (``name_ids``): the names of
        one length are one range of lines, those with a prefix one bisected
        range within it."""
        unique = list(dict.fromkeys(names))
        text = "\n" + "\n".join(unique) + "\n"
        lower = text.lower()
        folded = (lower if len(lower) == len(text) else fold(text))[1:-1].split("\n") if unique else []
        del text, lower
        order = sorted(range(len(unique)), key=folded.__getitem__)
        order.sort(key=list(map(len, folded)).__getitem__)  # stable: by length, then folded name
        line_of = {unique[i]: line for line, i in enumerate(order)}
        self.name_ids = array("I", map(line_of.__getitem__, names))
        del line_of
        self.text = "\n" + "\n".join([unique[i] for i in order]) + "\n"  # original case
        self.blob = "\n" + "\n".join([folded[i] for i in order]) + "\n"  # folded, same offsets
        self.starts = _offsets([unique[i] for i in order], 1)  # line i is text[starts[i] : starts[i + 1] - 1]
        self.lines = len(order)
        lengths = [len(folded[i]) for i in order]
        longest = lengths[-1] if lengths else 0
        self.length_start = array("I", [bisect.bisect_left(lengths, n) for n in range(longest + 2)])

    def length_span(self, length: int) -> tuple[int, int]:
        """The lines (a range) of the names of ``length`` characters."""
        if length + 1 >= len(self.length_start):
            return (0, 0)
        return self.length_start[length], self.length_start[length + 1]

    def prefixed(self, lower: str, most: int) -> list[int] | None:
        """The lines whose folded name starts with ``lower``, in line order
        (so by length), from one bisected range of :attr:`alphabetical`; None
        if there are more than ``most`` (see :meth:`prefixed_of_length`)."""
        alphabetical, head = self.alphabetical, self._head(len(lower))
        begin = bisect.bisect_left(alphabetical, lower, key=head)
        end = bisect.bisect_right(alphabetical, lower, begin, key=head)
        return sorted(alphabetical[begin:end]) if end - begin <= most else None

    def prefixed_of_length(self, lower: str, length: int) -> range:
        """The lines of ``length`` characters whose folded name starts with ``lower``."""
        lo, hi = self.length_span(length)
        every, head = range(self.lines), self._head(len(lower))
        begin = bisect.bisect_left(every, lower, lo, hi, key=head)
        return range(begin, bisect.bisect_right(every, lower, begin, hi, key=head))

    def _head(self, size: int) -> Callable[[int], str]:
        starts, blob = self.starts, self.blob
        return lambda line: blob[starts[line] : starts[line] + size]

    @property
    def alphabetical(self) -> array:
        """The lines in folded-name order (built on first use)."""
        if self._alphabetical is None:
            self._alphabetical = array("I", sorted(range(self.lines), key=self.folded_name))
        return self._alphabetical

    @property
    def longest(self) -> int:
        """The length of the longest name."""
        return len(self.length_start) - 2

    # -- names -------------------------------------------------------------------
    def name(self, line: int) -> str:
        return self.text[self.starts[line] : self.starts[line + 1] - 1]

    def folded_name(self, line: int) -> str:
        return self.blob[self.starts[line] : self.starts[line + 1] - 1]

    def rows(self, line: int) -> array:
        """The rows of the symbols named by ``line``, in file and document order."""
        return self.post[self.post_start[line] : self.post_start[line + 1]]

    @property
    def marked(self) -> Marked:
        """The folded names with ``\x01`` before each word start (built on first use)."""
        if self._marked is None:
            starts, blob = self.starts, self.blob
            first = [blob[start] for start in starts[:-1]]
            order = array("I", sorted(range(self.lines), key=first.__getitem__))
            folded = fold(mark_words("\n".join(self.name(i) for i in order))).split("\n")
            rank = array("I", bytes(4 * self.lines))
            for j, line in enumerate(order):
                rank[line] = j
            self._marked = Marked(Lines.of(folded), order, rank, "".join(map(first.__getitem__, order)))
        return self._marked

    def first_spans(self) -> list[tuple[int, int]]:
        """The marked lines of each first character (see :meth:`Marked.span`), each
        range in line order, so by length (built on first use)."""
        if self._first_spans is None:
            marked = self.marked
            self._first_spans = [marked.span(first) for first in sorted(set(marked.firsts))]
        return self._first_spans

    def marked_name(self, line: int) -> str:
        """Line ``line``'s marked name (as :func:`mark_words` marks one name, folded)."""
        marked = self.marked
        j = marked.rank[line]
        return marked.lines.text[marked.lines.starts[j] : marked.lines.starts[j + 1] - 1]

    # -- containers and modules, for qualified queries ---------------------------------
    def container(self, container_id: int) -> str:
        """The name of container ``container_id`` (see :attr:`container_lines`)."""
        return self.container_lines.at(container_id)

    def container_rows(self, container_id: int) -> array:
        """The rows whose container is ``container_id``, in row order."""
        post, start = self._container_index()
        return post[start[container_id] : start[container_id + 1]]

    def _container_index(self) -> tuple[array, array]:
        if self._containers is None:
            self._containers = _postings(self.container_ids, self.container_lines.line_count)
        return self._containers

    @property
    def module_lines(self) -> Lines:
        """Each file's :func:`module_of`, one a line, also folded (line = file number)."""
        if self._modules is None:
            self._modules = Lines.with_folded([module_of(p) for p in self.paths])
        return self._modules

    def lines_holding(self, chars: str, most: int, first: str = "") -> list[int] | None:
        """The lines whose folded name holds each of ``chars`` (a filter that
        may let a few more through: non-ASCII characters count as one), and
        starts with ``first`` if given; None if more than ``most``.  One
        big-integer AND per character."""
        found = (1 << self.lines) - 1 if not first else self._lines_starting(first)
        for char in set(chars):
            found &= self._lines_with(char if char.isascii() else _OTHER)
        count = found.bit_count()
        if count > most:
            return None
        return _set_bits(found, count, self.lines)

    def _lines_with(self, *chars: str) -> int:
        """A bit set (bit i: line i) of the lines whose folded name holds ``chars[0]``;
        the bit sets of all ``chars`` are built (once) on the way."""
        todo = set(chars) - self._holding.keys()
        data = self.blob[1:-1].encode("utf-8", "surrogatepass") if todo else b""
        for c in todo:
            # byte passes over the names: only c is left of each, as \x02 (for
            # _OTHER, every byte of a non-ASCII character); a line that starts
            # with it becomes "1", an empty one "0": one digit a line, and
            # reversed, the bit set in base 2
            kept = b"\n" + data.translate(*_keeping(c))
            digits = kept.replace(b"\n\x02", b"1").translate(None, b"\x02").replace(b"\n", b"0")
            self._holding[c] = int(b"0" + digits[::-1], 2)
        return self._holding[chars[0]]

    def _lines_starting(self, first: str) -> int:
        """A bit set of the lines whose folded name starts with ``first`` (one character)."""
        key = "^" + first
        bits = self._holding.get(key)
        if bits is None:
            marked = self.marked
            lo, hi = marked.span(first)
            data = bytearray((self.lines + 7) // 8)
            for line in marked.order[lo:hi]:
                data[line >> 3] |= 1 << (line & 7)
            bits = self._holding[key] = int.from_bytes(data, "little")
        return bits

    def translated_kinds(self, table: bytes) -> bytes:
        """Each row's kind mapped through ``table`` (a 256-byte translation), kept per table."""
        out = self._translated.get(table)
        if out is None:
            out = self._translated[table] = self.kinds.translate(table)
        return out

    def prepare(self) -> None:
        """Build what searches build on first use (for a thread to do ahead of them)."""
        _ = self.marked, self.module_lines, self.alphabetical
        self._container_index()
        self._lines_with(*_COMMON)
        self.prepared = True

    # -- rows --------------------------------------------------------------------
    def stamp(self, file_no: int) -> Stamp:
        """File ``file_no``'s stamp (:data:`NO_STAMP` if it was indexed without one)."""
        return self.sizes[2 * file_no], self.sizes[2 * file_no + 1], self.digests[file_no]

    def file_of(self, row: int) -> int:
        return bisect.bisect_right(self.file_start, row) - 1

    def symbol(self, row: int) -> Symbol:
        """The symbol at ``row``, its parent index relative to its file."""
        return make_symbol(
            self.name(self.name_ids[row]),
            self.kinds[row],
            position_at(self.start_lines, self.spans, self.overflow, row),
            self.parents[row],
            self.container(self.container_ids[row]),
            self.details.get(row, ""),
        )

    def file_symbols(
        self, file_no: int, names: Sequence[str] | None = None, containers: Sequence[str] | None = None
    ) -> Packed:
        """The symbols of one file, packed again (for merging and outlines);
        ``names`` and ``containers``: every name and container name, if the
        caller has them (see :func:`merge`)."""
        lo, hi = self.file_start[file_no], self.file_start[file_no + 1]
        details = tuple(self.details.get(row, "") for row in range(lo, hi)) if self.details else None
        return Packed(
            tuple(self.name(i) for i in self.name_ids[lo:hi])
            if names is None
            else tuple(map(names.__getitem__, self.name_ids[lo:hi])),
            self.kinds[lo:hi],
            self.start_lines[lo:hi] if self.start_lines.typecode == "I" else array("I", self.start_lines[lo:hi]),
            self.spans[lo * SPANS : hi * SPANS],
            {row - lo: at for row, at in self.overflow.items() if lo <= row < hi} if self.overflow else {},
            self.parents[lo:hi] if self.parents.typecode == "i" else array("i", self.parents[lo:hi]),
            tuple(map(self.container if containers is None else containers.__getitem__, self.container_ids[lo:hi])),
            details if details and any(details) else None,
        )

    def nbytes(self) -> dict[str, int]:
        """Approximate bytes per structure (for memory profiles)."""
        arrays = {
            "start lines": self.start_lines,
            "spans": self.spans,
            "parents": self.parents,
            "name_ids": self.name_ids,
            "post": self.post,
            "post_start": self.post_start,
            "starts": self.starts,
            "file_start": self.file_start,
            "stamps": self.sizes,
            "digests": self.digests,
            "length_start": self.length_start,
        }
        sizes = {k: a.itemsize * len(a) for k, a in arrays.items()}
        sizes["kinds"] = len(self.kinds)
        sizes["names text+blob"] = len(self.text) + len(self.blob)
        if self._alphabetical:
            sizes["alphabetical"] = 4 * self.lines
        if self._marked:
            sizes["marked"] = len(self._marked.lines.text) + 4 * 3 * self.lines + len(self._marked.firsts)
        sizes["lines holding"] = sum((b.bit_length() + 7) // 8 for b in self._holding.values())
        lines = self.container_lines
        sizes["container ids"] = self.container_ids.itemsize * len(self.container_ids)
        if self._containers:
            sizes["containers by row"] = sum(a.itemsize * len(a) for a in self._containers)
        sizes["containers"] = len(lines.text) + len(lines.folded) + 4 * len(lines.starts)
        sizes["paths"] = sum(len(p) + 50 for p in self.paths)
        return sizes


def _keeping(c: str) -> tuple[bytes, bytes]:
    """``bytes.translate`` arguments that keep (as ``\x02``) the UTF-8 bytes
    of ``c`` (one ASCII character, or _OTHER: any byte of a non-ASCII one) and newlines."""
    kept = range(0x80, 0x100) if c == _OTHER else [ord(c)]
    table = bytearray(range(256))
    for byte in kept:
        table[byte] = 2
    return bytes(table), bytes(b for b in range(256) if b not in kept and b != 10)


def _set_bits(bits: int, count: int, size: int) -> list[int]:
    """The set bits of ``bits`` (``count`` of them, below bit ``size``), lowest first.

    Sparse: the non-zero bytes, each through a table of its bits.  Dense
    (from one bit in :data:`DENSE_BITS`): the ones of the reversed binary
    digits, which cost a pass over all of them but half as much a bit."""
    if count * DENSE_BITS > size:
        return [m.start() for m in _ONE.finditer(format(bits, "b")[::-1])]
    data = bits.to_bytes((size + 7) // 8, "little")
    return [8 * m.start() + bit for m in _NONZERO.finditer(data) for bit in _BITS[data[m.start()]]]


#: :func:`_set_bits` reads the binary digits from one set bit in this many
DENSE_BITS = 64
_NONZERO = re.compile(b"[^\x00]")
_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]  # byte -> its set bits
_ONE = re.compile("1")
_OTHER = "\x80"  # stands for every non-ASCII character in :meth:`Segment.lines_holding`
_COMMON = "abcdefghijklmnopqrstuvwxyz_0123456789" + _OTHER


def merge(segment_id: int, files: Sequence[tuple[Segment, int]]) -> Segment:
    """One segment holding the given files of other segments (and their stamps), prepared for search.

    Each source segment's names are cut out once, not once a symbol: fewer
    small objects alive at once leave fewer allocator arenas half empty."""
    sources = {id(segment): segment for segment, _ in files}
    names = {key: _split(segment.text, segment.lines) for key, segment in sources.items()}
    containers = {key: _split(s.container_lines.text, s.container_lines.line_count) for key, s in sources.items()}
    merged = Segment(
        segment_id,
        [
            (segment.paths[f], segment.file_symbols(f, names[id(segment)], containers[id(segment)]))
            for segment, f in files
        ],
        {segment.paths[f]: segment.stamp(f) for segment, f in files},
    )
    del names, containers
    merged.prepare()
    return merged


def _split(text: str, count: int) -> list[str]:
    """The ``count`` lines of a text laid out as :class:`Lines` lay them out."""
    return text[1:-1].split("\n") if count else []
