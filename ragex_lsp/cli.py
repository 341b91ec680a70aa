"""The ``ragex`` command line: outline files, index folders (here or on a cluster), show the configuration.

An edge: it reads files and prints.  Bad input gets one line on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ragex_lsp import __version__, cache, discovery, report, resources
from ragex_lsp import settings as settings_mod
from ragex_lsp.core import languages, outline, positions, search
from ragex_lsp.core.extract import ExtractionError, Extractor
from ragex_lsp.core.index import Index
from ragex_lsp.core.model import TYPE_KINDS, Kind
from ragex_lsp.core.search import Query
from ragex_lsp.indexer import ExecutorFactory, Indexer, process_pool
from ragex_lsp.queries import load_query
from ragex_lsp.worker import FileResult

if TYPE_CHECKING:
    from ragex_lsp.cluster import Cluster

HEAD_BYTES = 8192


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


def _read(path: str) -> bytes:
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory (give source files)")
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror or e}") from None


def _language(path: str, source: bytes, forced: str | None) -> str:
    if forced:
        if forced not in languages.BY_NAME:
            names = ", ".join(languages.BY_NAME)
            raise UsageError(f"unknown language {forced!r} (one of: {names})")
        return forced
    lang = languages.detect(path, source[:HEAD_BYTES])
    if lang is None:
        raise UsageError(f"{path}: unknown language (pass --language; see `ragex languages`)")
    return lang.name


def cmd_outline(args: argparse.Namespace) -> int:
    extractor = Extractor(load_query)
    results = {}
    for path in args.files:
        source = _read(path)
        language = _language(path, source, args.language)
        results[path] = extractor.extract(language, source)
    if args.json:
        trees = {path: outline.document_symbols(symbols) for path, symbols in results.items()}
        json.dump(trees if len(trees) > 1 else trees[args.files[0]], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for path, symbols in results.items():
        if len(results) > 1:
            print(f"{path}:")
        text = outline.render(symbols)
        sys.stdout.write(text if len(results) == 1 else "".join("  " + line for line in text.splitlines(True)))
    return 0


def language_kinds(name: str, extractor: Extractor) -> list[str]:
    """The symbol kinds language ``name`` yields, from its query file."""
    config = extractor.config(name)
    kinds = {role for role in config.roles if isinstance(role, Kind)}
    if kinds & TYPE_KINDS and Kind.FUNCTION in kinds:
        kinds.add(Kind.METHOD)
    if kinds & TYPE_KINDS and Kind.VARIABLE in kinds:
        kinds.add(Kind.FIELD)
    return sorted(kind.label for kind in kinds)


def cmd_languages(args: argparse.Namespace) -> int:
    extractor = Extractor(load_query)
    rows = [
        {
            "language": lang.name,
            "extensions": list(lang.extensions) + list(lang.filenames),
            "interpreters": list(lang.interpreters),
            "kinds": language_kinds(lang.name, extractor),
        }
        for lang in languages.LANGUAGES
    ]
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    for row in rows:
        shebang = f"  (#! {' '.join(row['interpreters'])})" if row["interpreters"] else ""
        print(f"{row['language']:<11} {' '.join(row['extensions'])}{shebang}")
        print(f"{'':<11} kinds: {', '.join(row['kinds'])}")
    return 0


def _settings(args: argparse.Namespace) -> settings_mod.Settings:
    current = settings_mod.from_env(os.environ)
    if getattr(args, "workers", None):
        current = settings_mod.override(current, "command line", max_workers=args.workers)
    if getattr(args, "sequential", False):
        current = settings_mod.override(current, "command line", use_parallel=False)
    if getattr(args, "scheduler", None):
        try:
            address = settings_mod.scheduler_address(args.scheduler)
        except ValueError as e:
            raise UsageError(f"--scheduler {args.scheduler!r} {e}") from None
        current = settings_mod.override(current, "command line", scheduler=address)
    return current


def _output(args: argparse.Namespace, encoding: str) -> cache.IndexWriter | None:
    if not args.output:
        return None
    if len(args.paths) != 1:
        raise UsageError("--output takes the index of one folder (give one PATH)")
    try:
        return cache.IndexWriter(args.output, args.paths[0], encoding)
    except (OSError, sqlite3.Error) as e:
        raise UsageError(f"{args.output}: cannot write: {e}") from None


def _connect(stack: contextlib.ExitStack, address: str, encoding: str) -> Cluster:
    from ragex_lsp import cluster

    try:
        return stack.enter_context(cluster.connect(address, encoding))
    except cluster.ClusterError as e:
        raise UsageError(str(e)) from None


def _on_cluster(
    connection: Cluster, current: settings_mod.Settings, args: argparse.Namespace, files: Sequence[discovery.SourceFile]
) -> tuple[settings_mod.Settings, ExecutorFactory, str]:
    """The settings with the cluster's worker count, its executor factory, and how it runs."""
    transfer = args.transfer if args.transfer != "auto" else connection.probe(files)
    threads = connection.threads
    how = f"Dask cluster {current.scheduler}: {threads} worker threads, batches carry {transfer}"
    print(f"ragex: {how}", file=sys.stderr)
    current = settings_mod.override(current, "cluster", max_workers=threads, use_parallel=True)
    return current, connection.executor_factory(transfer, current.process_timeout_seconds), how


def cmd_index(args: argparse.Namespace) -> int:
    for path in args.paths:
        if not os.path.isdir(path):
            raise UsageError(f"{path}: not a directory")
    current = _settings(args)
    encoding = args.encoding or (positions.UTF16 if args.output else positions.UTF32)
    with contextlib.ExitStack() as stack:
        connection = _connect(stack, current.scheduler, encoding) if current.scheduler else None
        found = discovery.discover(args.paths, current)
        factory: ExecutorFactory = process_pool
        how = ""
        if connection is not None:
            current, factory, how = _on_cluster(connection, current, args, found.files)
        dump = stack.enter_context(open(args.dump, "w", encoding="utf-8")) if args.dump else None
        output = _output(args, encoding)
        if output is not None:
            stack.callback(output.abort)  # unless committed below

        def on_files(results: list[FileResult]) -> None:
            if dump is not None:
                report.dump(dump, results)
            if output is not None:
                try:
                    output.add(
                        (r.path, cache.Entry(r.size, r.mtime_ns, r.digest, r.payload))
                        for r in results
                        if r.status == "ok" and not isinstance(r.payload, str)
                    )
                except (OSError, sqlite3.Error) as e:
                    raise UsageError(f"{output.path}: cannot write: {e}") from None

        on_progress = stack.enter_context(report.progress(len(found.files), sys.stderr))
        indexer = Indexer(current, encoding=encoding, executor_factory=factory)
        metrics = indexer.run(found.files, on_files, on_progress)
        if output is not None and not metrics.cancelled:
            try:
                written = output.commit()
            except (OSError, sqlite3.Error) as e:
                raise UsageError(f"{output.path}: cannot write: {e}") from None
            print(f"ragex: wrote the index of {written:,} files ({encoding}) to {output.path}", file=sys.stderr)
    if how and metrics.mode == "parallel":
        metrics.mode = "distributed"
        metrics.plan += (how,)
    metrics.skipped.update(found.skipped)
    metrics.failed[:0] = found.failed
    if args.json:
        json.dump(metrics.as_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.summary(metrics, current))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if not os.path.isdir(args.path):
        raise UsageError(f"{args.path}: not a directory")
    current = _settings(args)
    found = discovery.discover([args.path], current)
    index = Index()
    Indexer(current, encoding=positions.UTF32).run(
        found.files,
        lambda results: index.update((r.path, r.payload) for r in results if not isinstance(r.payload, str)),
    )
    query = Query(args.query, args.limit or current.result_limit)
    hits = search.run(index.search(query))
    if args.json:
        rows = [
            {
                "name": h.symbol.name,
                "kind": Kind(h.symbol.kind).label,
                "container": h.symbol.container,
                "path": h.path,
                "line": h.symbol.name_line + 1,
                "column": h.symbol.name_col + 1,
            }
            for h in hits
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for h in hits:
        where = f"{os.path.relpath(h.path)}:{h.symbol.name_line + 1}:{h.symbol.name_col + 1}"
        container = f"  (in {h.symbol.container})" if h.symbol.container else ""
        print(f"{Kind(h.symbol.kind).label:<14} {h.symbol.name}{container}  {where}")
    return 0


def cmd_configure(args: argparse.Namespace) -> int:
    machine = resources.detect()
    plan = resources.plan(_settings(args), machine, 1_000_000, 1 << 40)
    if args.json:
        json.dump(report.configuration(machine, plan), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.configuration_text(machine, plan))
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    directory = _settings(args).cache_dir
    where = Path(directory) if directory else cache.default_directory()
    if args.action == "clear":
        print(f"removed {cache.clear(where)} cache(s) from {where}")
        return 0
    rows = cache.describe(where)
    if args.json:
        json.dump({"directory": str(where), "caches": rows}, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"cache directory: {where}")
    for row in rows:
        if "problem" in row:
            print(f"  {row['path']}: {row['problem']}")
            continue
        state = "" if row["current"] else "  (another version: rebuilt on next use)"
        print(
            f"  {row['root']} [{row['encoding']}]: {row['files']:,} files, {row['symbols']:,} symbols,"
            f" {int(row['bytes']) / 2**20:.1f} MiB"  # type: ignore[call-overload]
            f" (snapshot {int(row['snapshot_bytes']) / 2**20:.1f} MiB){state}"  # type: ignore[call-overload]
        )
    if not rows:
        print("  (empty)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ragex", description="Workspace symbol extraction and search.")
    parser.add_argument("--version", action="version", version=f"ragex {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("outline", help="print the symbol tree of source files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="LSP DocumentSymbol objects")
    p.add_argument("--language", help="force the language (see `ragex languages`)")
    p.set_defaults(func=cmd_outline)
    p = sub.add_parser("index", help="index every source file under folders, with a summary")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--workers", type=int, help="worker processes (default: automatic)")
    p.add_argument("--sequential", action="store_true", help="no process pool")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--dump", metavar="FILE.jsonl", help="write one JSON object per symbol")
    p.add_argument("--output", metavar="FILE", help="write the index for the language server (RAGEX_INDEX_FILE)")
    p.add_argument(
        "--encoding",
        choices=positions.ENCODINGS,
        help="position encoding of --output and --dump columns (default: utf-16 with --output, else utf-32)",
    )
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on a Dask cluster (default: RAGEX_SCHEDULER)")
    p.add_argument(
        "--transfer",
        choices=("auto", "paths", "bytes"),
        default="auto",
        help="what cluster batches carry: paths (shared filesystem) or file contents (default: probe the workers)",
    )
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("search", help="index a folder and search its symbols as the server does")
    p.add_argument("query")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--limit", type=int, help="at most this many results (default: RAGEX_RESULT_LIMIT)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("configure", help="show detected resources and effective settings")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_configure)
    p = sub.add_parser("cache", help="show or clear the language server's persistent index caches")
    p.add_argument("action", choices=("info", "clear"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cache)
    p = sub.add_parser("languages", help="list supported languages, extensions and kinds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_languages)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):  # a path that is not UTF-8 prints as its bytes, as ls does
        sys.stdout.reconfigure(errors="surrogateescape")
    logging.basicConfig(level=logging.WARNING, format="ragex: %(levelname)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.func(args))
    except (UsageError, ExtractionError) as e:
        print(f"ragex: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
