"""Test-wide set-up: the persistent cache goes to a temporary directory, never the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("ragex-cache")
    before = os.environ.get("RAGEX_CACHE_DIR")
    os.environ["RAGEX_CACHE_DIR"] = str(directory)  # servers the tests start inherit it
    yield directory
    if before is None:
        os.environ.pop("RAGEX_CACHE_DIR", None)
    else:
        os.environ["RAGEX_CACHE_DIR"] = before
