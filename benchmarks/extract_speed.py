"""Extraction throughput against bare parsing, per language, in one run.

    python benchmarks/extract_speed.py CORPUS [--repeat 3] [--every N]

For the same files: MB/s of ``parser.parse`` alone and of parse + symbol
extraction (``Extractor.extract``), median of ``--repeat`` passes, and their
ratio.  Goal: extraction reaches >= 85% of bare-parse throughput.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="use every N-th file")
    parser.add_argument("--languages", help="comma-separated subset")
    args = parser.parse_args()
    extractor = Extractor(load_query)
    rows = []
    totals = [0.0, 0.0, 0.0]
    for language, paths in files_by_language(
        args.corpus, only=set(args.languages.split(",")) if args.languages else None, every=args.every
    ).items():
        sources = [Path(p).read_bytes() for p in paths]
        mb = sum(map(len, sources)) / 1e6
        extractor.extract(language, b"")  # compile outside the timing

        def parse(source: bytes, language: str = language) -> object:
            return extractor.parse(language, source)

        def extract(source: bytes, language: str = language) -> object:
            return extractor.extract(language, source)

        parse_times, extract_times = [], []
        for _ in range(args.repeat):  # interleaved so load changes hit both alike
            parse_times.append(timed_pass(parse, sources))
            extract_times.append(timed_pass(extract, sources))
        tp, te = median(parse_times), median(extract_times)
        symbols = sum(len(extractor.extract(language, s)) for s in sources)
        rows.append([language, len(sources), round(mb, 1), mb / tp, mb / te, f"{100 * tp / te:.1f}%", symbols])
        totals[0] += mb
        totals[1] += tp
        totals[2] += te
    mb, tp, te = totals
    rows.append(["ALL", sum(r[1] for r in rows), round(mb, 1), mb / tp, mb / te, f"{100 * tp / te:.1f}%", ""])
    print(table(["language", "files", "MB", "parse MB/s", "extract MB/s", "extract/parse", "symbols"], rows))
    print(f"\nmedian of {args.repeat} interleaved passes; goal: extract/parse >= 85%")


if __name__ == "__main__":
    main()
