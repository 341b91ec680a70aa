"""docs/RELIABILITY.md agrees with the tests: every row of issue 8 has a test, and the doc is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_reliability_report_is_current() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reliability_report.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert check.returncode == 0, check.stderr


def test_every_row_is_proven_and_every_mark_names_a_row() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import reliability_report
    finally:
        sys.path.pop(0)
    found = reliability_report.proofs()
    assert reliability_report.problems(found) == []
    assert {p.area for p in found} == set(reliability_report.AREAS)
