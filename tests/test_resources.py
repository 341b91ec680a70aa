"""Machine detection (cgroup files) and the plan derived from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ragex_lsp import resources
from ragex_lsp.resources import Machine, plan
from ragex_lsp.settings import Settings

MACHINE = Machine(8, 8, None, 32000, 30000, None, False, 10.0)


def test_cgroup_v2(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    (tmp_path / "memory.max").write_text(str(2048 << 20) + "\n")
    assert resources.cgroup_cpu_quota(str(tmp_path)) == 1.5
    assert resources.cgroup_memory_limit_mb(str(tmp_path)) == 2048


def test_cgroup_v2_unlimited(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("max 100000\n")
    (tmp_path / "memory.max").write_text("max\n")
    assert resources.cgroup_cpu_quota(str(tmp_path)) is None
    assert resources.cgroup_memory_limit_mb(str(tmp_path)) is None


def test_cgroup_v1(tmp_path: Path) -> None:
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    (tmp_path / "memory").mkdir()
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text(str(1 << 62))
    assert resources.cgroup_cpu_quota(str(tmp_path)) == 3.0
    assert resources.cgroup_memory_limit_mb(str(tmp_path)) is None


def test_detect_reads_this_machine() -> None:
    m = resources.detect()
    assert m.usable_cpus >= 1 and m.memory_total_mb > 0 and 0 <= m.load_percent <= 100


def test_workers_from_cpus_quota_memory_and_load() -> None:
    big = 100 << 20
    assert plan(Settings(), MACHINE, 10_000, big).workers == 8
    quota = Machine(8, 8, 2.0, 32000, 30000, None, True, 10.0)
    assert plan(Settings(), quota, 10_000, big).workers == 2
    small_memory = Machine(8, 8, None, 32000, 30000, 600, True, 10.0)
    assert plan(Settings(), small_memory, 10_000, big).workers == 1
    loaded = Machine(8, 8, None, 32000, 30000, None, False, 95.0)
    p = plan(Settings(), loaded, 10_000, big)
    assert p.workers == 1 and any("load" in r for r in p.reasons)
    assert plan(Settings(max_workers=3), MACHINE, 10_000, big).workers == 3


def test_small_work_runs_in_process() -> None:
    p = plan(Settings(), MACHINE, 20, 40_000)
    assert not p.parallel and p.workers == 1 and "in-process" in p.reasons[-1]
    assert plan(Settings(), MACHINE, 20_000, 200 << 20).parallel
    assert not plan(Settings(use_parallel=False), MACHINE, 20_000, 200 << 20).parallel


def test_auto_values_are_marked() -> None:
    p = plan(Settings(), MACHINE, 10_000, 100 << 20)
    assert p.settings.source("max_workers") == "auto" and p.settings.source("memory_limit_mb") == "auto"
    assert p.settings.memory_limit_mb == 15000


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's mallopt")
def test_one_malloc_arena_is_accepted_by_glibc() -> None:
    code = "from ragex_lsp.resources import one_malloc_arena; print(one_malloc_arena())"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "True"
