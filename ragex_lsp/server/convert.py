"""Conversions between core data and LSP types: the only lsprotocol importer.

The core's symbols already carry columns in the negotiated position
encoding (workers convert them), so these are plain reshapings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types as lsp

from ragex_lsp.core.model import Symbol
from ragex_lsp.core.search import Hit
from ragex_lsp.server.wire import Json

ENCODINGS = {
    lsp.PositionEncodingKind.Utf8: "utf-8",
    lsp.PositionEncodingKind.Utf16: "utf-16",
    lsp.PositionEncodingKind.Utf32: "utf-32",
}
WATCH_KIND_CHANGE = {lsp.FileChangeType.Created: "created", lsp.FileChangeType.Changed: "changed"}


def encoding(kind: Any) -> str:
    """Our encoding name for the negotiated ``PositionEncodingKind``."""
    return ENCODINGS.get(kind, "utf-16")


def _range(sl: int, sc: int, el: int, ec: int) -> lsp.Range:
    return lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec))


def full_range(s: Symbol) -> lsp.Range:
    return _range(s.start_line, s.start_col, s.end_line, s.end_col)


def name_range(s: Symbol) -> lsp.Range:
    return _range(s.name_line, s.name_col, s.name_end_line, s.name_end_col)


def document_symbols(symbols: Sequence[Symbol]) -> list[lsp.DocumentSymbol]:
    """The hierarchical outline: children under their parents."""
    children: list[list[lsp.DocumentSymbol]] = []
    roots: list[lsp.DocumentSymbol] = []
    for s in symbols:
        kids: list[lsp.DocumentSymbol] = []
        node = lsp.DocumentSymbol(
            name=s.name or "?",
            kind=lsp.SymbolKind(s.kind),
            range=full_range(s),
            selection_range=name_range(s),
            detail=s.detail or None,
            children=kids,
        )
        children.append(kids)
        (children[s.parent] if s.parent >= 0 else roots).append(node)
    return roots


def symbol_informations(uri: str, symbols: Sequence[Symbol]) -> list[lsp.SymbolInformation]:
    """The flat outline, for clients without hierarchical support."""
    return [
        lsp.SymbolInformation(
            name=s.name or "?",
            kind=lsp.SymbolKind(s.kind),
            location=lsp.Location(uri, full_range(s)),
            container_name=s.container or None,
        )
        for s in symbols
    ]


def workspace_symbols(hits: Sequence[Hit], uri_of: Any) -> Json:
    """Search hits as ``SymbolInformation`` (name, kind, container, location),
    in their JSON shape: a full answer is hundreds of them, and lsprotocol
    objects cost five times as much to build and send (see :mod:`.wire`)."""
    out = Json()
    for h in hits:
        s = h.symbol
        start = {"line": s.name_line, "character": s.name_col}
        end = {"line": s.name_end_line, "character": s.name_end_col}
        location = {"uri": uri_of(h.path), "range": {"start": start, "end": end}}
        item = {"name": s.name or "?", "kind": s.kind, "location": location}
        if s.container:
            item["containerName"] = s.container
        out.append(item)
    return out


def progress_begin(title: str, message: str) -> lsp.WorkDoneProgressBegin:
    return lsp.WorkDoneProgressBegin(title=title, message=message, percentage=0, cancellable=True)


def progress_report(message: str, percentage: int) -> lsp.WorkDoneProgressReport:
    return lsp.WorkDoneProgressReport(message=message, percentage=percentage)


def progress_end(message: str) -> lsp.WorkDoneProgressEnd:
    return lsp.WorkDoneProgressEnd(message=message)


def log_message(message: str, warning: bool = False) -> lsp.LogMessageParams:
    return lsp.LogMessageParams(lsp.MessageType.Warning if warning else lsp.MessageType.Info, message)


def show_message(message: str) -> lsp.ShowMessageParams:
    return lsp.ShowMessageParams(lsp.MessageType.Warning, message)


def configuration_request() -> lsp.ConfigurationParams:
    return lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="ragex")])


def watcher_registration(extensions: Sequence[str], ignore_files: Sequence[str]) -> lsp.RegistrationParams:
    """Register ``workspace/didChangeWatchedFiles`` for source files and ignore files."""
    exts = ",".join(sorted(e.lstrip(".") for e in extensions))
    patterns = [f"**/*.{{{exts}}}", *(f"**/{name}" for name in ignore_files)]
    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        watchers=[lsp.FileSystemWatcher(glob_pattern=p) for p in patterns]
    )
    return lsp.RegistrationParams(
        registrations=[
            lsp.Registration(
                id="ragex-watched-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
            )
        ]
    )


def file_changes(changes: Sequence[lsp.FileEvent], path_of: Any) -> list[tuple[str, str]]:
    """``(path, created|changed|deleted)`` for each watched-file event."""
    return [(path_of(c.uri), WATCH_KIND_CHANGE.get(c.type, "deleted")) for c in changes]


def supports(capabilities: lsp.ClientCapabilities, what: str) -> bool:
    """Client capability checks the server needs, by name."""
    ws = capabilities.workspace
    window = capabilities.window
    text = capabilities.text_document
    if what == "progress":
        return bool(window and window.work_done_progress)
    if what == "watch":
        return bool(ws and ws.did_change_watched_files and ws.did_change_watched_files.dynamic_registration)
    if what == "configuration":
        return bool(ws and ws.configuration)
    if what == "hierarchy":
        ds = text.document_symbol if text else None
        return bool(ds and ds.hierarchical_document_symbol_support)
    raise ValueError(what)
