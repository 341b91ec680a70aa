"""Extraction throughput against bare parsing, per language, in one run.

    python benchmarks/extract_speed.py CORPUS [--repeat 3] [--every N]

For the same files: MB/s of ``parser.parse`` alone, of parse + symbol
extraction as the indexer runs it (``details=False``) and as outlines run it
(with details), median of ``--repeat`` interleaved passes, and the ratios.
Goal: extraction reaches >= 85% of bare-parse throughput.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from corpus import files_by_language, median, table

from ragex_lsp.core.extract import Extractor
from ragex_lsp.queries import load_query


def timed_pass(fn, sources: list[bytes]) -> float:
    start = time.perf_counter()
    for source in sources:
        fn(source)
    return time.perf_counter() - start


def row(name: str, files: int, mb: float, tp: float, te: float, to: float, symbols: object) -> list[object]:
    return [name, files, round(mb, 1), mb / tp, mb / te, f"{100 * tp / te:.1f}%", f"{100 * tp / to:.1f}%", symbols]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="use every N-th file")
    parser.add_argument("--languages", help="comma-separated subset")
    args = parser.parse_args()
    extractor = Extractor(load_query)
    rows = []
    totals = [0.0, 0.0, 0.0, 0.0]
    for language, paths in files_by_language(
        args.corpus, only=set(args.languages.split(",")) if args.languages else None, every=args.every
    ).items():
        sources = [Path(p).read_bytes() for p in paths]
        mb = sum(map(len, sources)) / 1e6
        extractor.extract(language, b"")  # compile outside the timing

        def parse(source: bytes, language: str = language) -> object:
            return extractor.parse(language, source)

        def extract(source: bytes, language: str = language) -> object:
            return extractor.extract(language, source, details=False)

        def outline(source: bytes, language: str = language) -> object:
            return extractor.extract(language, source)

        times: dict[str, list[float]] = {"parse": [], "extract": [], "outline": []}
        for _ in range(args.repeat):  # interleaved so load changes hit all alike
            times["parse"].append(timed_pass(parse, sources))
            times["extract"].append(timed_pass(extract, sources))
            times["outline"].append(timed_pass(outline, sources))
        tp, te, to = (median(times[k]) for k in ("parse", "extract", "outline"))
        symbols = sum(len(extractor.extract(language, s, details=False)) for s in sources)
        rows.append(row(language, len(sources), mb, tp, te, to, symbols))
        for i, value in enumerate((mb, tp, te, to)):
            totals[i] += value
    rows.append(row("ALL", sum(r[1] for r in rows), *totals, ""))
    headers = ["language", "files", "MB", "parse MB/s", "extract MB/s", "extract/parse", "with details", "symbols"]
    print(table(headers, rows))
    print(f"\nmedian of {args.repeat} interleaved passes; goal: extract/parse >= 85%")


if __name__ == "__main__":
    main()
