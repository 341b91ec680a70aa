"""Batches: by language, largest first, sized to a target time, learning rates."""

from __future__ import annotations

from ragex_lsp.core.batching import BatchPlanner, fixed_batches
from ragex_lsp.discovery import SourceFile


def files(language: str, sizes: list[int]) -> list[SourceFile]:
    return [SourceFile(f"/{language}/{i}", language, size) for i, size in enumerate(sizes)]


def drain(planner: BatchPlanner) -> list:
    out = []
    while (batch := planner.next_batch()) is not None:
        out.append(batch)
    return out


def test_one_language_per_batch_largest_first() -> None:
    planner = BatchPlanner(files("go", [10, 5000, 300]) + files("rust", [7000, 1]), 2, 1.0, 1, 100, 1e6)
    batches = drain(planner)
    assert all(len({f.language for f in b.files}) == 1 for b in batches)
    assert batches[0].files[0].size == 7000  # the largest file leads
    for b in batches:
        sizes = [f.size for f in b.files]
        assert sizes == sorted(sizes, reverse=True)
    assert sorted(f.path for b in batches for f in b.files) == sorted(
        f.path for f in files("go", [10, 5000, 300]) + files("rust", [7000, 1])
    )


def test_batches_aim_at_the_target_time_within_bounds() -> None:
    # 1000 files of 10 kB at 1 MB/s: 10 ms each; target 0.2 s -> ~20 files, but the
    # fair share (remaining / (2 * workers)) shrinks the last ones
    planner = BatchPlanner(files("py", [10_000] * 1000), 2, 0.2, 4, 50, 1e6)
    batches = drain(planner)
    assert 18 <= len(batches[0].files) <= 21
    assert all(4 <= len(b.files) <= 50 for b in batches[:-1])
    assert len(batches[-1].files) <= len(batches[0].files)
    capped = drain(BatchPlanner(files("py", [1] * 1000), 2, 10.0, 4, 50, 1e6))
    assert max(len(b.files) for b in capped) == 50


def test_learns_throughput_from_finished_batches() -> None:
    planner = BatchPlanner(files("java", [100_000] * 100), 1, 1.0, 1, 1000, 1e6)
    first = planner.next_batch()
    assert first is not None
    planner.record("java", first.bytes, first.estimate * 4)  # four times slower than assumed
    assert planner.rate("java") < 1e6
    second = planner.next_batch()
    assert second is not None and len(second.files) < len(first.files)


def test_fixed_batches() -> None:
    chunks = fixed_batches(files("c", [1] * 25), 10)
    assert [len(b.files) for b in chunks] == [10, 10, 5]
