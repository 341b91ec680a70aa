"""The machine: cores, memory, container limits and load, and the plan they give.

:func:`detect` reads the machine (affinity, cgroup v1/v2 CPU quota and
memory limit, psutil); :func:`plan` is pure and turns a machine, the settings
and the work into the settings actually used (workers, batch bounds, memory),
marking what it decided as ``auto``.
"""

from __future__ import annotations

import ctypes
import gc
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from ragex_lsp.settings import Settings, override

MB = 1 << 20
#: seconds to start one spawn worker and import the extractor (measured by
#: benchmarks/scaling.py on this project's machines: 0.25-0.45 s)
WORKER_START_SECONDS = 0.4
#: extraction throughput assumed before any batch is measured, bytes/s
DEFAULT_RATE = 3.0 * MB
#: work (seconds) above which even one worker runs out of process
LONG_JOB_SECONDS = 5.0
#: memory a worker needs: interpreter, grammars, one large file in flight
WORKER_BASE_MB = 90


@dataclass(frozen=True)
class Machine:
    """What the machine offers this process."""

    logical_cpus: int
    affinity_cpus: int
    cpu_quota: float | None  # cgroup CPU limit in cores, None if unlimited
    memory_total_mb: int
    memory_available_mb: int
    cgroup_memory_limit_mb: int | None
    in_container: bool
    load_percent: float  # recent system CPU load, 0-100

    @property
    def usable_cpus(self) -> int:
        cpus = self.affinity_cpus
        if self.cpu_quota is not None:
            cpus = min(cpus, max(1, math.floor(self.cpu_quota + 0.5)))
        return max(1, cpus)

    @property
    def usable_memory_mb(self) -> int:
        if self.cgroup_memory_limit_mb is not None:
            return min(self.memory_available_mb, self.cgroup_memory_limit_mb)
        return self.memory_available_mb


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return None


def cgroup_cpu_quota(root: str = "/sys/fs/cgroup") -> float | None:
    """CPU limit in cores from cgroup v2 ``cpu.max`` or v1 ``cfs_quota/period``."""
    text = _read(f"{root}/cpu.max")
    if text:
        quota, _, period = text.partition(" ")
        if quota != "max" and period:
            return int(quota) / int(period)
        return None
    quota_text = _read(f"{root}/cpu/cpu.cfs_quota_us") or _read(f"{root}/cpu,cpuacct/cpu.cfs_quota_us")
    period_text = _read(f"{root}/cpu/cpu.cfs_period_us") or _read(f"{root}/cpu,cpuacct/cpu.cfs_period_us")
    if quota_text and period_text and int(quota_text) > 0:
        return int(quota_text) / int(period_text)
    return None


def cgroup_memory_limit_mb(root: str = "/sys/fs/cgroup") -> int | None:
    """Memory limit from cgroup v2 ``memory.max`` or v1 ``limit_in_bytes``."""
    for path in (f"{root}/memory.max", f"{root}/memory/memory.limit_in_bytes"):
        text = _read(path)
        if text and text != "max":
            limit = int(text)
            if limit < 1 << 50:  # v1 writes a huge number for "none"
                return limit // MB
    return None


def in_container() -> bool:
    if os.path.exists("/.dockerenv") or os.path.exists("/run/.containerenv"):
        return True
    cgroup = _read("/proc/1/cgroup") or ""
    return any(word in cgroup for word in ("docker", "kubepods", "containerd", "lxc", "podman"))


def detect() -> Machine:
    """Read the machine now (takes about 0.1 s for the load sample)."""
    try:
        affinity = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        affinity = os.cpu_count() or 1
    memory = psutil.virtual_memory()
    return Machine(
        logical_cpus=os.cpu_count() or 1,
        affinity_cpus=affinity,
        cpu_quota=cgroup_cpu_quota(),
        memory_total_mb=memory.total // MB,
        memory_available_mb=memory.available // MB,
        cgroup_memory_limit_mb=cgroup_memory_limit_mb(),
        in_container=in_container(),
        load_percent=others_load(),
    )


def others_load(interval: float = 0.1) -> float:
    """System CPU load (percent) over ``interval``, less this process's own share."""
    me = psutil.Process()
    me.cpu_percent(None)
    psutil.cpu_percent(None)
    time.sleep(interval)
    system = psutil.cpu_percent(None)
    own = me.cpu_percent(None) / (psutil.cpu_count() or 1)
    return max(0.0, system - own)


@dataclass(frozen=True)
class Plan:
    """How to run one indexing job, and why."""

    settings: Settings  # with the automatic values filled in
    parallel: bool
    workers: int
    reasons: tuple[str, ...]


def plan(settings: Settings, machine: Machine, file_count: int, total_bytes: int, rate: float = DEFAULT_RATE) -> Plan:
    """Workers and memory for ``file_count`` files of ``total_bytes`` on ``machine``."""
    reasons = []
    memory_limit = settings.memory_limit_mb
    if memory_limit is None:
        memory_limit = max(256, machine.usable_memory_mb // 2)
        settings = override(settings, "auto", memory_limit_mb=memory_limit)
    workers = settings.max_workers
    if workers is None:
        cpus = machine.usable_cpus
        reasons.append(f"{cpus} usable CPUs")
        if machine.load_percent > settings.cpu_threshold:
            busy = math.floor(cpus * machine.load_percent / 100)
            cpus = max(1, cpus - busy)
            reasons.append(f"load {machine.load_percent:.0f}% > {settings.cpu_threshold:.0f}%: {cpus}")
        by_memory = max(1, memory_limit // max(WORKER_BASE_MB, settings.worker_memory_limit_mb // 2))
        if by_memory < cpus:
            reasons.append(f"memory for {by_memory}")
        workers = max(1, min(cpus, by_memory))
        settings = override(settings, "auto", max_workers=workers)
    work_seconds = total_bytes / rate
    # a pool of W pays off when start-up + work / W beats doing the work here; a
    # single worker pays off for long jobs too: it keeps this process (the
    # server's event loop) free of the CPU work
    pays_off = workers > 1 and work_seconds > WORKER_START_SECONDS * workers / (workers - 1) + 0.1
    long_job = work_seconds > LONG_JOB_SECONDS
    explicit = settings.source("max_workers") != "auto"
    parallel = settings.use_parallel and file_count > 1 and (pays_off or long_job or explicit)
    if not settings.use_parallel:
        reasons.append("parallel disabled")
    elif not parallel and workers == 1:
        reasons.append("one worker: in-process")
    elif not parallel:
        reasons.append(f"~{work_seconds:.1f} s of work: in-process is faster than starting workers")
    return Plan(settings, parallel, workers if parallel else 1, tuple(reasons))


def release_memory() -> None:
    """Give the heap that freed objects left behind back to the system
    (glibc's ``malloc_trim``; a no-op where there is none).  The server calls
    it after a merge has dropped old segments."""
    global _TRIM
    if _TRIM is None:
        try:
            _TRIM = ctypes.CDLL(None).malloc_trim
        except (AttributeError, OSError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_TRIM: Any = None
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def one_malloc_arena() -> bool:
    """Make every thread allocate from one glibc heap (``mallopt(M_ARENA_MAX, 1)``);
    call before threads start.  Each thread has a heap of its own otherwise, and
    what a thread frees there (the cache thread's snapshot buffers, say) stays
    mapped: 64 MB more in a settled server of a million symbols.  The GIL
    keeps threads from allocating at once, so one heap costs no waiting.
    False where there is no glibc."""
    try:
        return bool(ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1))
    except (AttributeError, OSError):
        return False


def settle(thaw: bool = False) -> None:
    """Once the index stops changing: collect the garbage cycles, then freeze
    what lives on (``gc.freeze``) so that later collections do not walk the
    index's objects again (a full collection of them paused a search for
    tens of milliseconds), and give freed heap back.  ``thaw``: collect the
    frozen objects too (cycles among them that died since are freed only so)."""
    if thaw:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    release_memory()
