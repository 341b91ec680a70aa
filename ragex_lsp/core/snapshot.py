"""Snapshots: a prepared :class:`~ragex_lsp.core.segment.Segment` as bytes and back.

The persistent cache keeps each file's :class:`~ragex_lsp.core.packed.Packed`
symbols; building segments from 46,000 of them on a warm start takes seconds
(every name laid out and sorted again, postings, search structures).  A
snapshot is a segment's columns as they are in memory, search structures
included, so loading one is a few copies of large buffers.  The layout: a
header, then each column in a fixed order as (tag, length, payload); arrays
keep their machine's byte order and item sizes (the header says which, and
another machine's snapshot is refused).  Damaged bytes raise
:class:`SnapshotError`, never a half-made segment.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterator, Mapping

from ragex_lsp.core.packed import SPANS
from ragex_lsp.core.segment import Lines, Marked, Segment, Stamp, is_wide_text

_MAGIC = b"RGXS"
_FORMAT = 3  # 3: a byte a position field; 2: a root's wide names in segments of their own (1 could mix them in)
_HEADER = struct.Struct("<4sB1sBBBB")  # magic, format, byte order, item sizes of H, I, q, Q
_FIELD = struct.Struct("<cQ")  # tag, payload length
_HERE = (b"l" if sys.byteorder == "little" else b"b", *(array(c).itemsize for c in "HIqQ"))
_INT_CODES = "BhHiIqQ"
_SEP = "\0"  # between paths, keys and details (none holds one)


class SnapshotError(ValueError):
    """The bytes are not a snapshot this build can load."""


class OutdatedSnapshot(SnapshotError):
    """A snapshot of an earlier format (a new one replaces it: not damage)."""


def dump(segment: Segment, stamps: Mapping[str, Stamp] | None = None) -> bytes:
    """``segment`` (prepared here if it is not) as bytes; ``stamps``: newer
    stamps of some of its files (see :meth:`~ragex_lsp.core.index.Index.restamp`)."""
    if not segment.prepared:
        segment.prepare()
    sizes, digests = segment.sizes, segment.digests
    if stamps:
        sizes, digests = array(sizes.typecode, sizes), array(digests.typecode, digests)
        for file_no, path in enumerate(segment.paths):
            stamp = stamps.get(path)
            if stamp is not None:
                sizes[2 * file_no : 2 * file_no + 2] = array(sizes.typecode, stamp[:2])
                digests[file_no] = stamp[2]
    marked, containers = segment.marked, segment._container_index()
    holding = {key: bits for key, bits in segment._holding.items() if _SEP not in key}  # built on first use again
    bit_sets = [bits.to_bytes((bits.bit_length() + 7) // 8, "little") for bits in holding.values()]
    overflow = sorted(segment.overflow.items())
    details = sorted(segment.details.items())
    fields: list[array | bytes | str] = [
        _SEP.join(segment.paths),
        sizes,
        digests,
        segment.file_start,
        segment.kinds,
        segment.start_lines,
        segment.spans,
        array("I", (row for row, _ in overflow)),
        array("q", (v for _, at in overflow for v in at)),
        segment.parents,
        array("I", (row for row, _ in details)),
        array("I", (len(d) for _, d in details)),
        "".join(d for _, d in details),
        *_lines(segment.container_lines),
        segment.container_ids,
        segment.name_ids,
        segment.text,
        segment.blob,
        segment.starts,
        segment.length_start,
        segment.post,
        segment.post_start,
        *_lines(marked.lines),
        marked.order,
        marked.rank,
        marked.firsts,
        segment.alphabetical,
        *containers,
        *_lines(segment.module_lines),
        _SEP.join(holding),
        array("Q", map(len, bit_sets)),
        b"".join(bit_sets),
    ]
    out = [_HEADER.pack(_MAGIC, _FORMAT, *_HERE)]
    for value in fields:
        if isinstance(value, array):
            payload, tag = value.typecode.encode("ascii") + value.tobytes(), b"a"
        elif isinstance(value, str):
            payload, tag = value.encode("utf-8", "surrogatepass"), b"s"
        else:
            payload, tag = bytes(value), b"b"
        out += [_FIELD.pack(tag, len(payload)), payload]
    return b"".join(out)


def _lines(lines: Lines) -> tuple[str, array, str, array]:
    return lines.text, lines.starts, lines.folded, array("I", lines.others)


def load(data: bytes | memoryview, segment_id: int) -> Segment:
    """The segment ``data`` holds (see :func:`dump`), with id ``segment_id``."""
    fields = _Reader(memoryview(data))
    try:
        segment = _build(fields, segment_id)
        fields.end()
        _check(segment)
    except SnapshotError:
        raise
    except (ValueError, TypeError, IndexError, OverflowError, UnicodeDecodeError, struct.error) as e:
        raise SnapshotError(f"damaged snapshot ({e})") from None
    return segment


class _Reader:
    def __init__(self, data: memoryview) -> None:
        if len(data) < _HEADER.size:
            raise SnapshotError("not a snapshot (too short)")
        magic, version, *here = _HEADER.unpack_from(data)
        if magic == _MAGIC and version < _FORMAT:
            raise OutdatedSnapshot(f"a snapshot of format {version}, this build writes {_FORMAT}")
        if magic != _MAGIC or version != _FORMAT:
            raise SnapshotError("not a snapshot of this format")
        if tuple(here) != _HERE:
            raise SnapshotError("a snapshot of another kind of machine")
        self.data, self.at = data, _HEADER.size

    def _next(self, want: bytes) -> memoryview:
        tag, size = _FIELD.unpack_from(self.data, self.at)
        start = self.at + _FIELD.size
        if tag != want or start + size > len(self.data):
            raise SnapshotError("damaged snapshot (a field is cut short or out of place)")
        self.at = start + size
        return self.data[start : self.at]

    def ints(self) -> array:
        payload = self._next(b"a")
        code = bytes(payload[:1]).decode("ascii")
        if code not in _INT_CODES:
            raise SnapshotError("damaged snapshot (a column that is not of integers)")
        values = array(code)
        values.frombytes(payload[1:])
        return values

    def text(self) -> str:
        return str(self._next(b"s"), "utf-8", "surrogatepass")

    def raw(self) -> bytes:
        return bytes(self._next(b"b"))

    def lines(self) -> Lines:
        return Lines(self.text(), self.ints(), self.text(), tuple(self.ints()))

    def end(self) -> None:
        if self.at != len(self.data):
            raise SnapshotError("damaged snapshot (bytes after the last field)")


def _build(r: _Reader, segment_id: int) -> Segment:
    s = Segment.__new__(Segment)
    s.id = segment_id
    paths = r.text()
    s.paths = tuple(paths.split(_SEP)) if paths else ()
    s.sizes, s.digests, s.file_start = r.ints(), r.ints(), r.ints()
    s.size = s.file_start[-1]
    s.kinds, s.start_lines, s.spans = r.raw(), r.ints(), r.ints()
    rows, values = r.ints(), r.ints()
    if len(values) != 8 * len(rows):
        raise SnapshotError("damaged snapshot (overflow positions)")
    s.overflow = {row: tuple(values[8 * i : 8 * i + 8]) for i, row in enumerate(rows)}
    s.parents = r.ints()
    rows, lengths, text = r.ints(), r.ints(), r.text()
    s.details = dict(zip(rows, _cut(text, lengths)))
    s.container_lines, s.container_ids = r.lines(), r.ints()
    s.name_ids, s.text, s.blob, s.starts, s.length_start = r.ints(), r.text(), r.text(), r.ints(), r.ints()
    s.lines = len(s.starts) - 1
    s.post, s.post_start = r.ints(), r.ints()
    marked_lines, order, rank, firsts = r.lines(), r.ints(), r.ints(), r.text()
    s._marked = Marked(Lines(marked_lines.text, marked_lines.starts), order, rank, firsts)
    s._first_spans = None
    s._alphabetical = r.ints()
    s._containers = (r.ints(), r.ints())
    s._modules = r.lines()
    keys, lengths, bits = r.text(), r.ints(), r.raw()
    at = 0
    s._holding = {}
    for key, size in zip(keys.split(_SEP) if keys else (), lengths):
        s._holding[key] = int.from_bytes(bits[at : at + size], "little")
        at += size
    s.wide = is_wide_text(s.text)
    s.prepared = True
    s._translated = {}
    return s


def _cut(text: str, lengths: array) -> Iterator[str]:
    at = 0
    for n in lengths:
        yield text[at : at + n]
        at += n


def _check(s: Segment) -> None:
    """Raise unless the columns agree in size and the ids in them are in range
    (the cache's digest catches damage; this, a snapshot that is not what it says)."""
    n, files = s.size, len(s.paths)
    ok = (
        len(s.file_start) == files + 1
        and len(s.sizes) == 2 * files
        and len(s.digests) == files
        and len(s.kinds) == len(s.start_lines) == len(s.parents) == len(s.name_ids) == len(s.post) == n
        and len(s.container_ids) == n
        and len(s.spans) == SPANS * n
        and s.spans.typecode == "B"
        and s.start_lines.typecode in "HI"
        and len(s.post_start) == len(s.starts) == s.lines + 1 == len(s.marked.order) + 1 == len(s.marked.rank) + 1
        and len(s.alphabetical) == s.lines
        and len(s.text) == len(s.blob) >= s.starts[-1]
        and (not n or max(s.name_ids) < s.lines)
        and (not n or max(s.container_ids) < s.container_lines.line_count)
        and (not n or max(s.post) < n)
        and s.post_start[-1] == n
        and (not s.lines or (max(s.marked.order) < s.lines and max(s.alphabetical) < s.lines))
        and s.module_lines.line_count == files
    )
    if not ok:
        raise SnapshotError("damaged snapshot (columns of different sizes)")
