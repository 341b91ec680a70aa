"""Where the in-memory index's memory goes, per structure, at scale.

    python benchmarks/memory_profile.py CORPUS... [--workers N]

Discovers the CORPUS files, indexes them with a pool of ``--workers``
processes and feeds every batch into a core ``Index`` as the server does
(``Index.update``, then a synchronous merge whenever ``needs_merge()``).
Then, after touching each segment's lazily built ``marked`` names (the
first search builds them) so they are counted:

- each structure of ``Segment.nbytes()``, summed over all segments (its
  own estimates: array items, characters of the name strings, ``len + 50``
  per path string);
- what ``nbytes()`` leaves out, from ``sys.getsizeof`` of each segment's
  attributes, each object counted once, minus its ``nbytes()``: the extra
  bytes of name strings (``text``, ``blob``, ``marked``) stored 2 or 4
  bytes a character because one name in the segment needs it, on a row of
  their own, and the rest (object and array headers, array
  over-allocation, the ``paths`` tuple, ``details``);
- the Index's own containers by ``sys.getsizeof``: ``files`` (the dict and
  its int values (segment and file number); the path keys are the very string
  objects of the segments' ``paths``, counted there, so only keys that are
  not shared are added), ``segments`` and ``_by_id``, and ``_dead`` (per
  segment, the files no longer current there);
- this process's RSS (psutil) after discovery and before indexing, and
  after indexing and ``gc.collect()``; the growth also holds allocator slack
  and whatever the run left behind, which is what the server pays too;
  then once more after glibc's ``malloc_trim(0)`` (where there is one), to
  tell freed heap the C allocator kept from memory still in use.

Bytes per symbol and share of the structures' total for each.
Goal: <= 150 bytes of server RSS per symbol at one million symbols.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import resource
import sys
from collections import Counter

import psutil
from corpus import table

from ragex_lsp.core.index import Index
from ragex_lsp.core.segment import Segment, merge
from ragex_lsp.discovery import discover
from ragex_lsp.indexer import Indexer
from ragex_lsp.settings import Settings
from ragex_lsp.worker import FileResult

MB = 1e6


def rss() -> int:
    return psutil.Process().memory_info().rss


def trimmed_rss() -> int | None:
    """RSS after glibc hands free heap back to the system; None without glibc."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is None:
        return None
    trim(0)
    return rss()


def merge_once(index: Index) -> None:
    segment_id, chosen, files = index.merge_input()
    index.install_merge(merge(segment_id, files), chosen)


def sizeof(value: object, seen: set[int]) -> int:
    """``sys.getsizeof(value)``, plus its items for tuples, lists and dicts;
    0 for what ``seen`` already holds and for cached small ints."""
    if id(value) in seen or (isinstance(value, int) and -5 <= value <= 256):
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, (tuple, list)):
        size += sum(sizeof(v, seen) for v in value)
    elif isinstance(value, dict):
        size += sum(sizeof(k, seen) + sizeof(v, seen) for k, v in value.items())
    return size


def char_width(text: str) -> int:
    """Bytes a character of ``text`` takes in CPython (1, 2 or 4)."""
    if text.isascii():
        return 1
    top = ord(max(text))
    return 1 if top < 0x100 else 2 if top < 0x10000 else 4


def wide_name_bytes(segment: Segment) -> int:
    """Bytes the segment's name strings take beyond one a character."""
    texts = {id(t): t for t in (segment.text, segment.blob, segment.marked.lines.text)}.values()
    return sum((char_width(t) - 1) * len(t) for t in texts)


def segment_sizeof(segment: Segment, seen: set[int]) -> int:
    """``sys.getsizeof`` of a segment, its ``__dict__`` and everything it refers to."""
    size = sizeof(segment, seen) + sizeof(segment.__dict__, seen)
    for value in vars(segment).values():
        size += sizeof(value, seen)  # arrays, str and bytes report their buffers
    return size


def index_sizeof(index: Index, seen: set[int]) -> dict[str, int]:
    """The Index's own containers (path strings already in ``seen`` are not counted again)."""
    return {
        "index.files": sizeof(index.files, seen),
        "index segments, _by_id": sum(
            sys.getsizeof(c) + sum(sizeof(k, seen) for k in c) for c in (index.segments, index._by_id)
        ),
        "index._dead": sizeof(index._dead, seen),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: automatic)")
    args = parser.parse_args()
    files = discover(args.corpus, Settings()).files
    index = Index()
    merges = 0

    def on_files(results: list[FileResult]) -> None:
        nonlocal merges
        index.update([(r.path, r.payload) for r in results if r.status == "ok"])
        while index.needs_merge():
            merge_once(index)
            merges += 1

    gc.collect()
    before = rss()
    metrics = Indexer(Settings(max_workers=args.workers)).run(files, on_files)
    while index.needs_merge():
        merge_once(index)
        merges += 1
    for segment in index.segments:
        _ = segment.marked  # built lazily by the first search; count it
    gc.collect()
    after = rss()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux

    sizes: Counter[str] = Counter()
    for segment in index.segments:
        sizes.update(segment.nbytes())
    seen: set[int] = set()
    true_size = sum(segment_sizeof(s, seen) for s in index.segments)
    wide = [wide_name_bytes(s) for s in index.segments]
    sizes["wide name characters (not in nbytes)"] = sum(wide)
    sizes["other segment overhead (not in nbytes)"] = true_size - sum(sizes.values())
    sizes.update(index_sizeof(index, seen))

    symbols = index.symbol_count
    total = sum(sizes.values())
    growth = after - before

    def row(name: str, size: int) -> list[object]:
        share = f"{100 * size / total:.1f}%" if total else ""
        return [name, f"{size:,}", size / MB, size / symbols if symbols else float("nan"), share]

    rows = [row(name, size) for name, size in sizes.most_common()]
    rows.append(row("total of structures", total))
    rows.append(row("RSS growth (after - before)", growth))
    rows.append(row("RSS growth not in structures", growth - total))
    trimmed = trimmed_rss()  # last: it changes the process
    if trimmed is not None:
        rows.append(row("RSS growth after malloc_trim(0)", trimmed - before))

    print(f"{len(index):,} files indexed of {len(files):,} found ({metrics.mode}, {metrics.workers} workers)")
    print(f"{symbols:,} symbols, {len(index.segments)} segments ({merges} merges)")
    print("segment sizes: " + ", ".join(f"{s.size:,}" for s in sorted(index.segments, key=lambda s: -s.size)))
    print()
    print(table(["structure", "bytes", "MB", "bytes/symbol", "share"], rows))
    print()
    print(f"RSS before {before / MB:.1f} MB, after {after / MB:.1f} MB, peak {peak / MB:.1f} MB (whole process)")
    print(f"segments with 2- or 4-byte name strings: {sum(1 for w in wide if w)} of {len(index.segments)}")
    print("'marked' was built on every segment first; the 'not in nbytes' rows are sys.getsizeof minus nbytes()")
    print("goal: <= 150 bytes of server RSS per symbol at one million symbols")


if __name__ == "__main__":
    main()
