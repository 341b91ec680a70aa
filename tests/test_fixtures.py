"""Every fixture file's outline equals its ``.outline`` file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extract_helpers import FIXTURES, check_fixture, fixture_files


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path) -> None:
    check_fixture(path)
