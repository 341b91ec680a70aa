"""Settings from the environment and the editor; bad values warn and fall back."""

from __future__ import annotations

import logging

import pytest

from ragex_lsp.settings import Settings, from_editor, from_env


def test_defaults() -> None:
    s = Settings()
    assert (s.use_parallel, s.max_workers, s.enable_shared_parsers, s.process_timeout_seconds) == (
        True,
        None,
        True,
        300.0,
    )
    assert s.source("max_workers") == "default"


def test_every_variable_is_read() -> None:
    env = {
        "RAGEX_USE_PARALLEL": "false",
        "RAGEX_MAX_WORKERS": "3",
        "RAGEX_MIN_BATCH_SIZE": "4",
        "RAGEX_MAX_BATCH_SIZE": "64",
        "RAGEX_TARGET_BATCH_TIME": "0.25",
        "RAGEX_MEMORY_LIMIT_MB": "2048",
        "RAGEX_WORKER_MEMORY_LIMIT_MB": "300",
        "RAGEX_CPU_THRESHOLD": "70",
        "RAGEX_ENABLE_SHARED_PARSERS": "no",
        "RAGEX_PROCESS_TIMEOUT_SECONDS": "12",
        "RAGEX_LOG_LEVEL": "debug",
        "RAGEX_EXCLUDE": "gen/, *.pb.go",
        "RAGEX_MAX_FILE_SIZE": "5000",
        "RAGEX_RESULT_LIMIT": "50",
    }
    s = from_env(env)
    assert (s.use_parallel, s.max_workers, s.min_batch_size, s.max_batch_size, s.target_batch_time) == (
        False,
        3,
        4,
        64,
        0.25,
    )
    assert (s.memory_limit_mb, s.worker_memory_limit_mb, s.cpu_threshold, s.enable_shared_parsers) == (
        2048,
        300,
        70.0,
        False,
    )
    assert (s.process_timeout_seconds, s.log_level, s.exclude, s.max_file_size, s.result_limit) == (
        12.0,
        "DEBUG",
        ("gen/", "*.pb.go"),
        5000,
        50,
    )
    assert s.source("max_workers") == "environment"


@pytest.mark.parametrize(
    ("variable", "value", "field", "fallback"),
    [
        ("RAGEX_MAX_WORKERS", "many", "max_workers", "auto"),
        ("RAGEX_MAX_WORKERS", "-2", "max_workers", "auto"),
        ("RAGEX_USE_PARALLEL", "maybe", "use_parallel", "True"),
        ("RAGEX_TARGET_BATCH_TIME", "-1", "target_batch_time", "0.5"),
        ("RAGEX_CPU_THRESHOLD", "150", "cpu_threshold", "85.0"),
        ("RAGEX_LOG_LEVEL", "LOUD", "log_level", "'INFO'"),
        ("RAGEX_PROCESS_TIMEOUT_SECONDS", "nan", "process_timeout_seconds", "300.0"),
    ],
)
def test_bad_value_warns_once_and_keeps_default(
    caplog: pytest.LogCaptureFixture, variable: str, value: str, field: str, fallback: str
) -> None:
    with caplog.at_level(logging.WARNING):
        s = from_env({variable: value})
    assert getattr(s, field) == getattr(Settings(), field)
    (record,) = caplog.records
    message = record.getMessage()
    assert variable in message and repr(value) in message and f"using {fallback}" in message


def test_min_above_max_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    s = from_env({"RAGEX_MIN_BATCH_SIZE": "900", "RAGEX_MAX_BATCH_SIZE": "100"})
    assert (s.min_batch_size, s.max_batch_size) == (8, 100)
    assert "RAGEX_MIN_BATCH_SIZE=900" in caplog.text


def test_editor_layers_over_environment(caplog: pytest.LogCaptureFixture) -> None:
    env = from_env({"RAGEX_MAX_WORKERS": "3", "RAGEX_RESULT_LIMIT": "40"})
    s = from_editor({"ragex": {"maxWorkers": 2, "exclude": ["vendor/"], "resultLimit": "lots"}}, env)
    assert (s.max_workers, s.exclude, s.result_limit) == (2, ("vendor/",), 40)
    assert (s.source("max_workers"), s.source("result_limit")) == ("editor", "environment")
    assert "resultLimit='lots' is not a positive integer; using 40" in caplog.text
    assert from_editor({"max_workers": 5}, env).max_workers == 5
    assert from_editor(None, env) is env
    assert from_editor(["junk"], env) is env
