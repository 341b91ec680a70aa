"""Time-targeted, largest-first batching against fixed-size chunks.

    python benchmarks/batching.py CORPUS... [--chunk 50] [--repeat 3]

Runs the same files on the same pool with our planner and with fixed chunks
of ``--chunk`` files in discovery order, and prints wall time, worker
utilization and the tail: the time from the first worker going idle to the
last one finishing.  Medians of ``--repeat`` interleaved runs.
"""

from __future__ import annotations

import argparse
import os
import time

from corpus import median, table

from ragex_lsp import indexer, resources
from ragex_lsp.core.batching import Batch, BatchPlanner, fixed_batches
from ragex_lsp.discovery import discover
from ragex_lsp.settings import Settings

IDLE = resources.Machine(os.cpu_count() or 1, os.cpu_count() or 1, None, 16000, 16000, None, False, 0.0)


class FixedPlanner:
    """Fixed chunks in discovery order, with BatchPlanner's interface."""

    chunk = 50

    def __init__(self, files, *args, **kwargs) -> None:
        self.batches = fixed_batches(files, self.chunk)
        self.batches.reverse()

    def __bool__(self) -> bool:
        return bool(self.batches)

    def next_batch(self) -> Batch | None:
        return self.batches.pop() if self.batches else None

    def record(self, *args) -> None:
        pass


def run(files, planner) -> dict:
    indexer.BatchPlanner = planner  # the one thing that differs
    start = time.perf_counter()
    metrics = indexer.Indexer(Settings(), machine=IDLE).run(files, lambda r: None)
    result = metrics.as_dict()
    result["wall"] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--chunk", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    FixedPlanner.chunk = args.chunk
    files = discover(args.corpus, Settings()).files
    print(f"{len(files):,} files, {sum(f.size for f in files) / 1e6:,.1f} MB, {os.cpu_count()} workers")
    runs: dict[str, list[dict]] = {"time-targeted": [], f"fixed {args.chunk}": []}
    for _ in range(args.repeat):
        runs["time-targeted"].append(run(files, BatchPlanner))
        runs[f"fixed {args.chunk}"].append(run(files, FixedPlanner))
    rows = [
        [
            name,
            median([r["wall"] for r in rs]),
            median([r["tail_seconds"] for r in rs]),
            median([r["worker_utilization"] for r in rs]),
            median([r["batches"] for r in rs]),
        ]
        for name, rs in runs.items()
    ]
    print(table(["batching", "wall s", "tail s", "utilization", "batches"], rows))


if __name__ == "__main__":
    main()
