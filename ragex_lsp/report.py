"""Reports for people: progress bars, index summaries, the configuration, symbol dumps.

Used by the command line; rich draws the progress bar on a terminal, plain
lines go elsewhere.  Everything goes to the stream it is given.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from typing import IO

from ragex_lsp.core.model import Kind
from ragex_lsp.indexer import Metrics, Progress
from ragex_lsp.resources import Machine, Plan
from ragex_lsp.settings import Settings, env_name
from ragex_lsp.worker import FileResult

#: plain progress lines at most every this many seconds
PLAIN_EVERY = 2.0


def progress_message(p: Progress) -> str:
    """``1,234/5,678 files · 250 files/s · ETA 12 s``"""
    eta = f" · ETA {p.eta_seconds:,.0f} s" if p.eta_seconds is not None else ""
    return f"{p.done:,}/{p.total:,} files · {p.files_per_second:,.0f} files/s{eta}"


@contextlib.contextmanager
def progress(total: int, stream: IO[str]) -> Iterator[Callable[[Progress], None]]:
    """A progress callback: a rich bar on a terminal, plain lines otherwise."""
    if stream.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        with Bar(
            TextColumn("indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:,.0f} files/s · {task.fields[workers]} workers"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=True,
        ) as bar:
            task = bar.add_task("index", total=total, rate=0.0, workers=0)
            yield lambda p: bar.update(task, completed=p.done, rate=p.files_per_second, workers=p.active_workers)
        return
    last = [0.0]

    def plain(p: Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= PLAIN_EVERY or p.done == p.total:
            last[0] = now
            print(f"indexing: {progress_message(p)} · {p.active_workers} workers", file=stream, flush=True)

    yield plain


def dump(stream: IO[str], results: list[FileResult]) -> None:
    """One JSON line per symbol: path, name, kind, container, line, column (1-based)."""
    for r in results:
        if r.status != "ok" or isinstance(r.payload, str):
            continue
        for s in r.payload:
            row = {
                "path": r.path,
                "name": s.name,
                "kind": Kind(s.kind).label,
                "container": s.container,
                "line": s.name_line + 1,
                "column": s.name_col + 1,
            }
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def summary(m: Metrics, settings: Settings, failures_shown: int = 10) -> str:
    d = m.as_dict()
    lines = [
        f"Indexed {m.files_ok:,} files ({m.bytes / 1e6:,.1f} MB) in {m.wall_seconds:.2f} s: "
        f"{d['files_per_second']:,.0f} files/s, {d['mb_per_second']:.2f} MB/s",
        f"  symbols       {m.symbols:,}",
        f"  mode          {m.mode}, {m.workers} worker{'s' if m.workers != 1 else ''}"
        + (f" ({'; '.join(m.plan)})" if m.plan else ""),
        f"  utilization   {100 * d['worker_utilization']:.0f}% of {m.workers} worker(s) busy · "
        f"speedup {d['speedup']:.2f}x over the summed per-file time · {m.batches} batches",
        f"  peak worker   {d['peak_worker_rss_mb']:.0f} MB RSS · pool restarts {m.pool_restarts}",
        f"  settings      batch {settings.min_batch_size}-{settings.max_batch_size} files, "
        f"target {settings.target_batch_time:g} s, timeout {settings.process_timeout_seconds:g} s",
    ]
    skipped = sum(m.skipped.values())
    if skipped:
        reasons = ", ".join(f"{reason} {n:,}" for reason, n in m.skipped.most_common())
        lines.append(f"  skipped       {skipped:,} ({reasons})")
    if m.failed:
        reasons = ", ".join(f"{reason} {n:,}" for reason, n in m.failures_by_reason.most_common())
        lines.append(f"  failed        {len(m.failed):,} ({reasons})")
        lines += [f"    {path}: {reason}" for path, reason in m.failed[:failures_shown]]
        if len(m.failed) > failures_shown:
            lines.append(f"    … {len(m.failed) - failures_shown:,} more (--json lists all)")
    else:
        lines.append("  failed        0")
    if m.cancelled:
        lines.append("  cancelled before the end")
    return "\n".join(lines) + "\n"


def configuration(machine: Machine, plan: Plan) -> dict:
    s = plan.settings
    return {
        "machine": {
            "logical_cpus": machine.logical_cpus,
            "affinity_cpus": machine.affinity_cpus,
            "cgroup_cpu_quota": machine.cpu_quota,
            "usable_cpus": machine.usable_cpus,
            "memory_total_mb": machine.memory_total_mb,
            "memory_available_mb": machine.memory_available_mb,
            "cgroup_memory_limit_mb": machine.cgroup_memory_limit_mb,
            "in_container": machine.in_container,
            "load_percent": machine.load_percent,
        },
        "settings": {
            name: {"value": getattr(s, name), "source": s.source(name), "variable": env_name(name)}
            for name in Settings.__dataclass_fields__
            if name != "sources"
        },
        "plan": list(plan.reasons),
    }


def configuration_text(machine: Machine, plan: Plan) -> str:
    data = configuration(machine, plan)
    lines = ["machine"]
    lines += [f"  {key:<24} {value}" for key, value in data["machine"].items()]
    lines.append("settings (value, source, variable)")
    for name, row in data["settings"].items():
        value = row["value"]
        shown = ", ".join(value) if isinstance(value, tuple) else value
        if len(str(shown)) > 40:
            shown = str(shown)[:39] + "…"
        lines.append(f"  {name:<24} {shown!s:<12} {row['source']:<12} {row['variable']}")
    if data["plan"]:
        lines.append("workers: " + "; ".join(data["plan"]))
    return "\n".join(lines) + "\n"
