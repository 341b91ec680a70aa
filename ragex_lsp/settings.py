"""Settings: one typed, fully defaulted object, parsed once per source.

Layers, later wins: defaults, ``RAGEX_*`` environment variables, then editor
settings (``initializationOptions``, ``workspace/configuration``).  A bad
value never stops the program: it becomes one warning naming the setting, the
bad value and the value used instead, and the previous layer's value stays.
Values left ``None`` are decided at run time from the machine (see
:mod:`ragex_lsp.resources`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git/",
    ".hg/",
    ".svn/",
    "node_modules/",
    "bower_components/",
    "__pycache__/",
    ".venv/",
    "venv/",
    ".tox/",
    ".mypy_cache/",
    "target/",
    "dist/",
    "build/",
    "*.min.js",
    "*.min.css",
    "*.bundle.js",
    "*-min.js",
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    """Every setting with its default.  ``None`` means decided automatically."""

    #: index with a process pool (false: in-process, sequentially)
    use_parallel: bool = True
    #: worker processes; None: from cores, memory, load and the work
    max_workers: int | None = None
    #: files per batch, lower and upper bound
    min_batch_size: int = 8
    max_batch_size: int = 512
    #: seconds of work a batch aims at
    target_batch_time: float = 0.5
    #: memory the whole index run may use, MB; None: half of what is available
    memory_limit_mb: int | None = None
    #: a worker past this RSS is recycled, and a file that pushes it past is failed
    worker_memory_limit_mb: int = 512
    #: system CPU load (percent) above which fewer workers are started
    cpu_threshold: float = 85.0
    #: build parsers and queries once per worker (false: once per file)
    enable_shared_parsers: bool = True
    #: a batch running longer than this is stopped; its files are retried alone
    process_timeout_seconds: float = 300.0
    #: seconds one file may take to parse and extract
    file_timeout_seconds: float = 30.0
    log_level: str = "INFO"
    #: extra exclude patterns (gitignore syntax), added to ``default_excludes``
    exclude: tuple[str, ...] = ()
    default_excludes: tuple[str, ...] = DEFAULT_EXCLUDES
    #: files larger than this are skipped, bytes
    max_file_size: int = 1 << 20
    #: workspace/symbol answers at most this many results
    result_limit: int = 500
    #: keep a persistent cache of the index for warm starts
    cache: bool = True
    #: where the cache lives; None: the user's cache directory
    cache_dir: str | None = None
    #: a shared index (``ragex index --output``) to seed the cache from; None: none
    index_file: str | None = None
    #: a Dask scheduler (``tcp://HOST:PORT``) that ``ragex index`` runs its batches on; None: local
    scheduler: str | None = None
    #: where each value came from: default, auto, environment or editor
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError("is not a boolean (true/false)")


def _positive_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("is not a positive integer")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise ValueError("is not a positive integer") from None
    if number < 1:
        raise ValueError("is not a positive integer")
    return number


def _optional_int(value: Any) -> int | None:
    if value is None or str(value).strip().lower() in ("", "auto", "none", "0"):
        return None
    return _positive_int(value)


def _positive_float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("is not a positive number") from None
    if not number > 0 or number == float("inf"):
        raise ValueError("is not a positive number")
    return number


def _path(kind: str) -> Callable[[Any], str | None]:
    """A parser of an optional ``kind`` path: empty is None, ``~`` expanded, made absolute."""

    def parse(value: Any) -> str | None:
        if value is None or str(value).strip() == "":
            return None
        if not isinstance(value, str):
            raise ValueError(f"is not a {kind} path")
        return os.path.abspath(os.path.expanduser(value.strip()))

    return parse


_directory, _file = _path("directory"), _path("file")


def scheduler_address(value: Any) -> str | None:
    """A Dask scheduler address as ``scheme://host:port`` (``host:port`` means TCP)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    scheme, sep, rest = text.rpartition("://")
    scheme = scheme if sep else "tcp"
    host, colon, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls", "ws", "wss", "ucx") or not colon or not host or not port.isdigit():
        raise ValueError("is not a scheduler address (tcp://HOST:PORT)")
    return f"{scheme}://{rest}"


def _percent(value: Any) -> float:
    number = _positive_float(value)
    if number > 100:
        raise ValueError("is not a percentage (0-100]")
    return number


def _level(value: Any) -> str:
    text = str(value).strip().upper()
    if text == "WARN":
        text = "WARNING"
    if text not in LOG_LEVELS:
        raise ValueError(f"is not a log level ({', '.join(LOG_LEVELS)})")
    return text


def _patterns(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [p for chunk in value.split("\n") for p in chunk.split(",")]
    elif isinstance(value, (list, tuple)) and all(isinstance(p, str) for p in value):
        items = list(value)
    else:
        raise ValueError("is not a list of patterns")
    return tuple(p.strip() for p in items if p.strip())


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "use_parallel": _bool,
    "max_workers": _optional_int,
    "min_batch_size": _positive_int,
    "max_batch_size": _positive_int,
    "target_batch_time": _positive_float,
    "memory_limit_mb": _optional_int,
    "worker_memory_limit_mb": _positive_int,
    "cpu_threshold": _percent,
    "enable_shared_parsers": _bool,
    "process_timeout_seconds": _positive_float,
    "file_timeout_seconds": _positive_float,
    "log_level": _level,
    "exclude": _patterns,
    "default_excludes": _patterns,
    "max_file_size": _positive_int,
    "result_limit": _positive_int,
    "cache": _bool,
    "cache_dir": _directory,
    "index_file": _file,
    "scheduler": scheduler_address,
}


def env_name(name: str) -> str:
    return "RAGEX_" + name.upper()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _shown(value: Any) -> str:
    return "auto" if value is None else repr(value)


def _apply(
    base: Settings, values: Mapping[str, Any], source: str, label: Callable[[str], str], log: logging.Logger
) -> Settings:
    """``base`` with ``values`` (by setting name) parsed; ``label`` names a setting in warnings."""
    changes: dict[str, Any] = {}
    for name, raw in values.items():
        try:
            changes[name] = _PARSERS[name](raw)
        except ValueError as e:
            log.warning("%s=%r %s; using %s", label(name), raw, e, _shown(getattr(base, name)))
    if (
        changes.get("min_batch_size", base.min_batch_size) > changes.get("max_batch_size", base.max_batch_size)
        and "min_batch_size" in changes
    ):
        log.warning(
            "%s=%r is above the maximum batch size; using %s",
            label("min_batch_size"),
            changes["min_batch_size"],
            base.min_batch_size,
        )
        del changes["min_batch_size"]
    return override(base, source, **changes) if changes else base


def from_env(environ: Mapping[str, str], base: Settings | None = None, log: logging.Logger | None = None) -> Settings:
    """``base`` (default: defaults) overridden by ``RAGEX_*`` variables."""
    values = {name: environ[env_name(name)] for name in _PARSERS if env_name(name) in environ}
    return _apply(base or Settings(), values, "environment", env_name, log or logging.getLogger("ragex"))


def from_editor(values: Any, base: Settings, log: logging.Logger | None = None) -> Settings:
    """``base`` overridden by editor settings: ``{"maxWorkers": 4, ...}``.

    Keys may be camelCase or snake_case, flat or under a ``ragex`` key.
    """
    log = log or logging.getLogger("ragex")
    if not isinstance(values, Mapping):
        if values is not None:
            log.warning("editor settings %r are not an object; ignored", values)
        return base
    if isinstance(values.get("ragex"), Mapping):
        values = values["ragex"]
    flat = {k: v for k, v in values.items() if not isinstance(v, Mapping)}
    for v in values.values():  # {"index": {"maxWorkers": 2}} style nesting
        if isinstance(v, Mapping):
            flat.update(v)
    by_snake = {name: flat[key] for name in _PARSERS for key in (name, _camel(name)) if key in flat}
    return _apply(base, by_snake, "editor", _camel, log)


def override(settings: Settings, source: str, **values: Any) -> Settings:
    """``settings`` with ``values`` (already typed) set, remembering their ``source``."""
    sources = dict(settings.sources)
    sources.update(dict.fromkeys(values, source))
    return dataclasses.replace(settings, **values, sources=sources)
