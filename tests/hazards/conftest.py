"""Shared fixtures of the hazard tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.rpc import RawClient


@pytest.fixture
def clients() -> Iterator[list[RawClient]]:
    """Raw clients a test starts (append them); each is closed after the test."""
    started: list[RawClient] = []
    yield started
    for client in started:
        client.close()
