"""The long fuzz run: every target of ``tests/fuzz`` with a larger budget, one command.

    .venv/bin/python benchmarks/fuzz.py                  # 200 examples per target
    .venv/bin/python benchmarks/fuzz.py --examples 1000  # longer
    .venv/bin/python benchmarks/fuzz.py --no-record      # do not write docs/fuzz-run.json

Runs pytest in this process with ``RAGEX_FUZZ_EXAMPLES`` set, counts the
examples each target really ran (``tests.fuzz.budget.RUNS``), prints a table
of (target, examples, failures, seconds) and records it in
``docs/fuzz-run.json``, which ``scripts/reliability_report.py`` puts in
docs/RELIABILITY.md.  Exits non-zero when a target failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "docs" / "fuzz-run.json"


class Recorder:
    """A pytest plugin: per target, the examples ticked, the failing tests and the time."""

    def __init__(self) -> None:
        self.runs: Counter[str] = Counter()
        self.before: Counter[str] = Counter()
        self.started = 0.0
        self.seconds: dict[str, float] = {}
        self.failures: Counter[str] = Counter()
        self.failed: list[str] = []

    def pytest_collection_finish(self, session: Any) -> None:
        from tests.fuzz import budget  # after collection, so pytest rewrites the test modules' asserts

        self.runs = budget.RUNS

    def pytest_runtest_setup(self, item: Any) -> None:
        self.before = Counter(self.runs)
        self.started = time.monotonic()

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when != "call" and not report.failed:
            return
        touched = [t for t in self.runs if self.runs[t] != self.before.get(t, 0)] or ["(no examples)"]
        if report.when == "call":
            for target in touched:
                self.seconds[target] = self.seconds.get(target, 0.0) + (time.monotonic() - self.started) / len(touched)
        if report.failed:
            self.failed.append(report.nodeid)
            for target in touched:
                self.failures[target] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every fuzz target with a larger budget.")
    parser.add_argument("--examples", type=int, default=200, help="examples per target (CI runs 12)")
    parser.add_argument("--no-record", action="store_true", help="do not write docs/fuzz-run.json")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (e.g. -k extract)")
    args = parser.parse_args(argv)
    os.environ["RAGEX_FUZZ_EXAMPLES"] = str(args.examples)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import pytest

    recorder = Recorder()
    began = time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "tests/fuzz", *args.pytest_args], plugins=[recorder])
    seconds = time.monotonic() - began
    targets: list[dict[str, Any]] = [
        {
            "target": target,
            "examples": recorder.runs[target],
            "failures": recorder.failures[target],
            "seconds": round(recorder.seconds.get(target, 0.0), 1),
        }
        for target in sorted(set(recorder.runs) | set(recorder.failures))
    ]
    width = max(len(t["target"]) for t in targets) if targets else 10
    print(f"\n{'target':<{width}}  {'examples':>8}  {'failures':>8}  {'seconds':>8}")
    for t in targets:
        print(f"{t['target']:<{width}}  {t['examples']:>8}  {t['failures']:>8}  {t['seconds']:>8.1f}")
    print(f"{'all':<{width}}  {sum(t['examples'] for t in targets):>8}  {len(recorder.failed):>8}  {seconds:>8.1f}")
    if not args.no_record and not args.pytest_args:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        record = {
            "command": f"python benchmarks/fuzz.py --examples {args.examples}",
            "commit": commit.stdout.strip() or "unknown",
            "date": datetime.date.today().isoformat(),
            "examples_per_target": args.examples,
            "seconds": round(seconds, 1),
            "failures": len(recorder.failed),
            "failed_tests": recorder.failed,
            "targets": targets,
        }
        RECORD.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"recorded in {RECORD.relative_to(ROOT)}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
