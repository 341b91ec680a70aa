"""Rows of docs/RELIABILITY.md: ``@row(area, name, behaviour)`` tags a test as the proof of one.

``scripts/reliability_report.py`` finds these decorators by reading the test
files (no test run), checks that every required row has a test and writes
the table.  ``area`` is one of the report's sections, ``name`` must match a
row the script requires, ``behaviour`` says what the product does.
"""

from __future__ import annotations

import pytest

AREAS = ("hazard", "fault", "fuzz", "confinement")


def row(area: str, name: str, behaviour: str) -> pytest.MarkDecorator:
    """The ``reliability`` mark of a test that proves row ``name`` of ``area``."""
    assert area in AREAS, area
    return pytest.mark.reliability(area=area, name=name, behaviour=behaviour)
