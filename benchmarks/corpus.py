"""Shared by the benchmarks: the source files of a corpus, by language."""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from collections.abc import Iterable

from ragex_lsp.core import languages

SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv", "venv", "target", "dist", "build"}
MAX_SIZE = 1 << 20


def files_by_language(roots: Iterable[str], only: set[str] | None = None, every: int = 1) -> dict[str, list[str]]:
    """Supported files under ``roots`` (<= 1 MiB, no symlinks), every ``every``-th one, by language."""
    found: dict[str, list[str]] = defaultdict(list)
    seen = 0
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(names):
                path = os.path.join(folder, name)
                if os.path.islink(path) or os.path.getsize(path) > MAX_SIZE:
                    continue
                with open(path, "rb") as f:
                    head = f.read(8192)
                lang = languages.detect(name, head)
                if lang is None or (only and lang.name not in only):
                    continue
                seen += 1
                if seen % every == 0:
                    found[lang.name].append(path)
    return dict(sorted(found.items()))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain aligned text table."""
    cells = [headers] + [[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
