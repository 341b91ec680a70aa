"""The fuzz budget: examples per target, from ``RAGEX_FUZZ_EXAMPLES`` (CI runs the default).

Every fuzz target decorates itself with :func:`fuzz` and calls :func:`tick`
once per example, so ``benchmarks/fuzz.py`` can report how many examples
each target really ran.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings

#: examples per target in CI; ``benchmarks/fuzz.py`` raises it
CI_EXAMPLES = 12
#: how many examples each target ran in this process, by target name
RUNS: Counter[str] = Counter()

F = TypeVar("F", bound=Callable[..., Any])


def examples(scale: float = 1.0) -> int:
    """Examples for a target: the budget times ``scale`` (slow targets run fewer), at least 1."""
    return max(1, round(int(os.environ.get("RAGEX_FUZZ_EXAMPLES", CI_EXAMPLES)) * scale))


def fuzz(scale: float = 1.0) -> Callable[[F], F]:
    """Hypothesis settings for a fuzz target: the budget, no deadline, no example database."""
    return settings(
        max_examples=examples(scale),
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def tick(target: str) -> None:
    RUNS[target] += 1
