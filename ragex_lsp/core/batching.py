"""Batching: cut the files into batches sized to a target time, largest first.

Files are grouped by language (a worker then uses one parser per batch) and
sorted by size, largest first.  A file's time is estimated from its size and
its language's throughput, which starts from a default and is learned from
finished batches.  Each batch is cut when it is needed, so it uses the latest
estimates: it aims at the target time, within the size bounds, and shrinks
towards the end so that all workers finish together (guided
self-scheduling: never more than a fair share of what is left).  Handing the
largest remaining work to whichever worker frees up first is the
largest-first greedy rule over the least-loaded worker.

Pure: no IO, no clock; callers report measured times.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class FileLike(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def size(self) -> int: ...


@dataclass(frozen=True)
class Batch:
    """Files of one language to process together."""

    language: str
    files: tuple[FileLike, ...]
    estimate: float  # seconds

    @property
    def bytes(self) -> int:
        return sum(f.size for f in self.files)


#: weight of a newly measured rate against the running estimate
LEARNING = 0.5
#: fixed cost per file (open, read, parser reset), seconds
PER_FILE_SECONDS = 0.0002


class BatchPlanner:
    """Hands out batches on demand; learns throughput from finished ones."""

    def __init__(
        self,
        files: Iterable[FileLike],
        workers: int,
        target_time: float,
        min_size: int,
        max_size: int,
        default_rate: float,
        rates: dict[str, float] | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.target_time = target_time
        self.min_size = max(1, min_size)
        self.max_size = max(self.min_size, max_size)
        self.default_rate = default_rate
        self.rates: dict[str, float] = dict(rates or {})
        queues: dict[str, list[FileLike]] = {}
        for f in files:
            queues.setdefault(f.language, []).append(f)
        self.queues = {lang: deque(sorted(fs, key=lambda f: (-f.size, f.path))) for lang, fs in sorted(queues.items())}
        self.remaining = sum(self.estimate(f) for q in self.queues.values() for f in q)

    def rate(self, language: str) -> float:
        return self.rates.get(language, self.default_rate)

    def estimate(self, f: FileLike) -> float:
        return f.size / self.rate(f.language) + PER_FILE_SECONDS

    def __bool__(self) -> bool:
        return any(self.queues.values())

    def next_batch(self) -> Batch | None:
        """The next batch: the language whose next file is largest, cut to size."""
        live = [(self.estimate(q[0]), lang) for lang, q in self.queues.items() if q]
        if not live:
            return None
        _, language = max(live)
        queue = self.queues[language]
        # a fair share of what is left, so the last batches are small
        target = min(self.target_time, self.remaining / (2 * self.workers))
        files: list[FileLike] = []
        total = 0.0
        while queue and len(files) < self.max_size:
            cost = self.estimate(queue[0])
            if files and len(files) >= self.min_size and total + cost > target:
                break
            files.append(queue.popleft())
            total += cost
        self.remaining = max(0.0, self.remaining - total)
        return Batch(language, tuple(files), total)

    def record(self, language: str, nbytes: int, seconds: float) -> None:
        """Learn from a finished batch: ``nbytes`` of ``language`` took ``seconds`` of work."""
        if nbytes <= 0 or seconds <= 0:
            return
        measured = nbytes / seconds
        self.rates[language] = (1 - LEARNING) * self.rate(language) + LEARNING * measured


def fixed_batches(files: Iterable[FileLike], size: int) -> list[Batch]:
    """Fixed-size chunks in the given order (the naive scheme, for comparison)."""
    by_lang: dict[str, list[FileLike]] = {}
    for f in files:
        by_lang.setdefault(f.language, []).append(f)
    return [Batch(lang, tuple(fs[i : i + size]), 0.0) for lang, fs in by_lang.items() for i in range(0, len(fs), size)]
