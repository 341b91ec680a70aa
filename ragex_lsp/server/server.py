"""The pygls server: LSP handlers, each one core call and one conversion.

Handlers take params, call the :class:`WorkspaceService` and convert with
:mod:`ragex_lsp.server.convert`; lifecycle glue (progress tokens, the
client's process id, settings layering, file watchers) lives here too.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import urllib.parse
import uuid
from typing import Any

import psutil
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from ragex_lsp import __version__
from ragex_lsp.core import languages
from ragex_lsp.discovery import IGNORE_FILES, root_of
from ragex_lsp.server import convert
from ragex_lsp.server.service import WorkspaceService
from ragex_lsp.server.wire import OrjsonProtocol
from ragex_lsp.settings import Settings, from_editor, from_env

log = logging.getLogger("ragex.server")

#: how often the client's process id is checked, seconds
PARENT_POLL = 1.0
#: pause before server-side file watching restarts after it stopped, seconds
WATCH_RESTART = 1.0


class RagexServer(LanguageServer):
    """The server object: pygls plus one :class:`WorkspaceService`."""

    def __init__(self) -> None:
        super().__init__("ragex-lsp", __version__, protocol_cls=OrjsonProtocol)
        self.base_settings: Settings = from_env(os.environ)
        self.service = WorkspaceService(self.base_settings)
        self.init_options: Any = None
        self.indexing: asyncio.Task | None = None
        self.tasks: set[asyncio.Future] = set()  # background tasks, kept alive
        self.settings_lock = asyncio.Lock()  # one settings pull at a time

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log server errors (no popups); answer unparsable messages with Parse Error."""
        if isinstance(error, json.JSONDecodeError):
            error_body = {"code": -32700, "message": f"Parse error: {error}"}
            self.protocol._send_data({"jsonrpc": "2.0", "id": None, "error": error_body})
        log.error("%s: %s", getattr(source, "__name__", source), error)

    def roots(self) -> list[str]:
        folders = [path_of(f.uri) for f in self.workspace.folders.values()]
        if not folders and self.workspace.root_path:
            folders = [self.workspace.root_path]
        return [f for f in folders if f]

    def start_indexing(self, roots: list[str] | None = None) -> None:
        """(Re)index every root in the background; cancels a running job."""
        self.service.cancel()
        sink = Progress(self)
        full = roots is None
        job = self.service.index_roots(self.roots() if full else roots or [], sink, full=full)
        self.indexing = asyncio.ensure_future(job)
        self.indexing.add_done_callback(_log_failure)

    async def pull_settings(self) -> None:
        """Layer workspace/configuration over the environment and initializationOptions."""
        settings = from_editor(self.init_options, self.base_settings)
        if convert.supports(self.client_capabilities, "configuration"):
            try:
                (section,) = await self.workspace_configuration_async(convert.configuration_request())
                settings = from_editor(section, settings)
            except Exception as e:
                log.warning("workspace/configuration failed: %s", e)
        logging.getLogger("ragex").setLevel(settings.log_level)
        self.service.settings = settings


def _log_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("indexing failed", exc_info=task.exception())


@functools.lru_cache(maxsize=16_384)  # results name the same files again and again
def uri_of(path: str) -> str | None:
    """The ``file://`` URI of ``path``; a name that is not UTF-8 keeps its bytes, percent-encoded."""
    try:
        return from_fs_path(path)
    except UnicodeEncodeError:
        return "file://" + urllib.parse.quote(os.fsencode(path))


def path_of(uri: str) -> str | None:
    """The path a ``file://`` URI names; percent-encoded bytes that are not UTF-8 are kept (``os.fsdecode``)."""
    path = to_fs_path(uri)
    if path and "\ufffd" in path and os.name == "posix":
        return os.fsdecode(urllib.parse.unquote_to_bytes(urllib.parse.urlsplit(uri).path))
    return path


class Progress:
    """Work-done progress when the client supports it, else a log message."""

    def __init__(self, server: RagexServer) -> None:
        self.server = server
        self.token: str | None = None
        self.enabled = convert.supports(server.client_capabilities, "progress")

    async def begin(self, title: str, message: str) -> None:
        if self.enabled:
            self.token = str(uuid.uuid4())
            await self.server.work_done_progress.create_async(self.token)
            self.server.work_done_progress.begin(self.token, convert.progress_begin(title, message))
            future = self.server.work_done_progress.tokens.get(self.token)
            if future is not None:
                future.add_done_callback(self._cancelled)

    def _cancelled(self, future: Any) -> None:
        if future.cancelled():
            self.server.service.cancel()

    def report(self, message: str, percentage: int) -> None:
        if self.token:
            self.server.work_done_progress.report(self.token, convert.progress_report(message, percentage))

    def warn(self, message: str) -> None:
        log.warning("%s", message)
        self.server.window_show_message(convert.show_message(message))

    def end(self, message: str) -> None:
        if self.token:
            self.server.work_done_progress.end(self.token, convert.progress_end(message))
            self.server.work_done_progress.tokens.pop(self.token, None)
        failures = self.server.service.job.failures
        for path, reason in failures[:200]:
            log.warning("not indexed: %s: %s", path, reason)
        self.server.window_log_message(convert.log_message(f"ragex: indexed {message}", warning=bool(failures)))


server = RagexServer()


@server.feature("initialize")
def initialize(ls: RagexServer, params: Any) -> None:
    ls.init_options = params.initialization_options
    ls.service.settings = from_editor(ls.init_options, ls.base_settings)
    ls.service.encoding = convert.encoding(ls.workspace.position_encoding)
    if params.process_id:
        ls.tasks.add(asyncio.ensure_future(watch_parent(ls, params.process_id)))


@server.feature("initialized")
async def initialized(ls: RagexServer, params: Any) -> None:
    async with ls.settings_lock:
        await ls.pull_settings()
        ls.service.roots = ls.roots()
        ls.start_indexing()
    if not await register_watchers(ls):
        ls.tasks.add(asyncio.ensure_future(watch_files(ls)))


@server.feature("workspace/symbol")
async def workspace_symbol(ls: RagexServer, params: Any) -> list:
    hits = await ls.service.workspace_symbols(params.query)
    return convert.workspace_symbols(hits, uri_of)


@server.feature("textDocument/documentSymbol")
async def document_symbol(ls: RagexServer, params: Any) -> list:
    uri = params.text_document.uri
    path = path_of(uri)
    if not path or (not opened(ls, uri) and not inside_roots(ls, path)):
        raise ValueError(f"{uri} is neither open nor in a workspace folder; not read")
    text = ls.workspace.get_text_document(uri).source
    symbols = await ls.service.outline(path, text)
    if convert.supports(ls.client_capabilities, "hierarchy"):
        return convert.document_symbols(symbols)
    return convert.symbol_informations(uri, symbols)


def opened(ls: RagexServer, uri: str) -> bool:
    return urllib.parse.unquote(uri) in ls.workspace.text_documents  # pygls keys its documents so


def inside_roots(ls: RagexServer, path: str) -> bool:
    """Whether ``path`` (symlinks resolved) lies in a workspace folder."""
    return root_of(os.path.realpath(path), [os.path.realpath(r) for r in ls.service.roots]) is not None


@server.feature("textDocument/didSave")
def did_save(ls: RagexServer, params: Any) -> None:
    path = path_of(params.text_document.uri)
    if path:
        ls.service.file_changed(path, "changed")


@server.feature("workspace/didChangeWatchedFiles")
def did_change_watched_files(ls: RagexServer, params: Any) -> None:
    for path, kind in convert.file_changes(params.changes, path_of):
        if path:
            ls.service.file_changed(path, kind)


@server.feature("workspace/didChangeWorkspaceFolders")
async def did_change_folders(ls: RagexServer, params: Any) -> None:
    added = [p for p in (path_of(f.uri) for f in params.event.added) if p]
    removed = [p for p in (path_of(f.uri) for f in params.event.removed) if p]
    await ls.service.add_roots(added, removed, Progress(ls))


@server.feature("workspace/didChangeConfiguration")
async def did_change_configuration(ls: RagexServer, params: Any) -> None:
    async with ls.settings_lock:
        before = ls.service.settings
        if convert.supports(ls.client_capabilities, "configuration"):
            await ls.pull_settings()
        else:
            ls.service.settings = from_editor(params.settings, before)
        if _reindex_needed(before, ls.service.settings):
            ls.start_indexing()


def _reindex_needed(before: Settings, after: Settings) -> bool:
    fields = ("exclude", "default_excludes", "max_file_size")
    return any(getattr(before, f) != getattr(after, f) for f in fields)


@server.command("ragex.reindex")
def reindex(ls: RagexServer, *args: Any) -> str:
    ls.service.forget_stamps()
    ls.start_indexing()
    return "reindexing"


@server.command("ragex.stats")
def stats(ls: RagexServer, *args: Any) -> dict:
    options = args[0] if args and isinstance(args[0], dict) else {}
    return ls.service.stats(fingerprint=bool(options.get("fingerprint")))


@server.feature("shutdown")
def shutdown(ls: RagexServer, *args: Any) -> None:
    ls.service.close()


async def register_watchers(ls: RagexServer) -> bool:
    """Ask the client to watch source and ignore files; False if it will not."""
    if not convert.supports(ls.client_capabilities, "watch"):
        return False
    try:
        registration = convert.watcher_registration(sorted(languages.EXTENSIONS), IGNORE_FILES)
        await ls.client_register_capability_async(registration)
    except Exception as e:
        log.warning("client refused to watch files (%s); watching them here", e)
        return False
    return True


async def watch_parent(ls: RagexServer, pid: int) -> None:
    """Exit when the client process is gone (workers follow their parent)."""
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        await asyncio.sleep(PARENT_POLL)
    log.warning("client process %d is gone; exiting", pid)
    ls.service.close()
    os._exit(0)


async def watch_files(ls: RagexServer) -> None:
    """Server-side watching (watchfiles) for clients that cannot watch files.

    watchfiles stops at an event on a name that is not UTF-8; it is then
    restarted, and a rescan picks up what it missed.  A new directory makes
    the service rescan (inotify misses the files made in it before its watch)."""
    import watchfiles

    roots = [r for r in ls.roots() if watchable(r)]
    kinds = {watchfiles.Change.added: "created", watchfiles.Change.modified: "changed"}
    while roots:
        try:
            async for changes in watchfiles.awatch(*roots, recursive=True):
                for change, path in changes:
                    ls.service.file_changed(path, kinds.get(change, "deleted"))
            return
        except Exception as e:
            log.warning("file watching stopped (%s); restarting it and rescanning", e)
            await asyncio.sleep(WATCH_RESTART)
            roots = [r for r in roots if os.path.isdir(r)]
            ls.start_indexing()


def watchable(root: str) -> bool:
    """Whether watchfiles can watch ``root``: it takes only paths that are UTF-8."""
    try:
        root.encode("utf-8")
    except UnicodeEncodeError:
        log.warning("cannot watch %r (its name is not UTF-8): saves and ragex.reindex update it", root)
        return False
    return True
