"""Segment snapshots: a loaded snapshot answers as the segment did; damaged bytes are refused."""

from __future__ import annotations

import os
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ragex_lsp.core import search, snapshot
from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import Packed
from ragex_lsp.core.search import Query
from ragex_lsp.core.segment import Segment, merge
from ragex_lsp.core.snapshot import SnapshotError


def sym(name: str, line: int, parent: int = -1, container: str = "", detail: str = "", far: int = 0) -> Symbol:
    return Symbol(
        name, int(Kind.FUNCTION), line, 1, line + far, 2, line, 4, line, 4 + len(name), parent, container, detail
    )


FILES = {
    "/w/a.py": [sym("Server", 0), sym("serve", 1, 0, "Server", "def serve(self)"), sym("getTextEdit", 9)],
    "/w/b.go": [sym("Serve", 2, far=70_000), sym("NewServer", 3, detail="func NewServer() *Server")],
    "/w/" + os.fsdecode(b"caf\xe9.rs"): [sym("caf\u00e9", 0), sym("x\0y", 1)],  # a path that is not UTF-8
    "/w/empty.py": [],
}
QUERIES = ["serve", "Server", "gte", "srv", "Server.serve", "caf", "", "w.b.Serve", "zz"]


def segment_of(files: dict[str, list[Symbol]], stamps: dict | None = None) -> Segment:
    return Segment(1, [(p, Packed.pack(symbols)) for p, symbols in files.items()], stamps)


def answers(segments: list[Segment]) -> list[list[search.Hit]]:
    return [search.run(search.search(segments, Query(q, 50), lambda s, p: True)) for q in QUERIES]


def check(files: dict[str, list[Symbol]]) -> Segment:
    """Dump a segment of ``files``, load it, and compare everything a search or an outline reads."""
    stamps = {p: (i, 10**18 + i, 2**64 - 1 - i) for i, p in enumerate(files)}
    segment = segment_of(files, stamps)
    loaded = snapshot.load(snapshot.dump(segment), 99)
    assert loaded.id == 99 and loaded.paths == segment.paths and loaded.prepared
    assert [loaded.stamp(f) for f in range(len(files))] == [segment.stamp(f) for f in range(len(files))]
    assert [list(loaded.file_symbols(f)) for f in range(len(files))] == [
        list(segment.file_symbols(f)) for f in range(len(files))
    ]
    assert answers([loaded]) == answers([segment])
    assert loaded.nbytes() == segment.nbytes() and loaded.wide == segment.wide
    return loaded


def test_a_loaded_snapshot_answers_as_its_segment() -> None:
    loaded = check(FILES)
    merged = merge(7, [(loaded, f) for f in range(len(loaded.paths))])  # and merges as any segment
    assert answers([merged]) == answers([loaded])


def test_wide_names_survive() -> None:
    assert check({"/w/l.py": [sym("\u03bbambda", 0), sym("\U0001d431", 1)]}).wide


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="abAB_\u00e9\u03bb.x", min_size=1, max_size=6), max_size=6), max_size=5))
def test_any_files_round_trip(files: list[list[str]]) -> None:
    check({f"/w/f{i}.py": [sym(n, j, container=n[:2]) for j, n in enumerate(names)] for i, names in enumerate(files)})


def test_newer_stamps_replace_the_segments_own() -> None:
    segment = segment_of(FILES)
    loaded = snapshot.load(snapshot.dump(segment, {"/w/b.go": (1, 2, 3)}), 5)
    assert loaded.stamp(loaded.paths.index("/w/b.go")) == (1, 2, 3)
    assert segment.stamp(segment.paths.index("/w/b.go")) != (1, 2, 3)  # the segment is unchanged


def test_an_earlier_format_is_outdated_not_damaged() -> None:
    data = snapshot.dump(segment_of(FILES))
    with pytest.raises(snapshot.OutdatedSnapshot):
        snapshot.load(data[:4] + bytes([data[4] - 1]) + data[5:], 1)


def test_damaged_bytes_are_refused() -> None:
    segment = segment_of(FILES)
    data = snapshot.dump(segment)
    damaged = [
        b"",
        data[:3],
        b"XXXX" + data[4:],
        data[:4] + bytes([data[4] + 1]) + data[5:],  # another format
        data[:-1],
        data + b"\0",
        data[: len(data) // 2],
    ]
    (paths,) = struct.unpack_from("<Q", data, 11)  # the header, then the paths' tag and length
    at = 10 + 9 + paths + 9  # then the sizes' tag and length, then their typecode
    assert data[at : at + 1] == b"q"
    damaged.append(data[:at] + b"d" + data[at + 1 :])  # a column of floats
    for bad in damaged:
        with pytest.raises(SnapshotError):
            snapshot.load(bad, 1)


def test_columns_that_point_out_of_range_are_refused() -> None:
    segment = segment_of(FILES)
    segment.post[0] = segment.size  # a row that is not there
    with pytest.raises(SnapshotError, match="columns"):
        snapshot.load(snapshot.dump(segment), 1)
