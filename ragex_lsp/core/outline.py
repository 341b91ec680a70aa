"""Outline text: a file's flat symbols rendered as an indented tree.

One line per symbol, children indented under their parent::

    class Store :3 — class Store(Base)
      method load :5 — def load(self, path)

Lines are 1-based here (this is for people).  A container that differs from
the parent's name (a Go receiver, a C++ ``Foo::bar``) shows as ``(in Foo)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ragex_lsp.core.model import Kind, Symbol


def depths(symbols: Sequence[Symbol]) -> list[int]:
    """Nesting depth of each symbol (parents come before children)."""
    result: list[int] = []
    for s in symbols:
        result.append(result[s.parent] + 1 if s.parent >= 0 else 0)
    return result


def render(symbols: Sequence[Symbol], detail: bool = True) -> str:
    """The outline of ``symbols`` as text, one line each, newline-terminated."""
    lines = []
    for s, depth in zip(symbols, depths(symbols)):
        parent_name = symbols[s.parent].name if s.parent >= 0 else ""
        line = f"{'  ' * depth}{Kind(s.kind).label} {s.name} :{s.start_line + 1}"
        if s.container and s.container != parent_name:
            line += f" (in {s.container})"
        if detail and s.detail:
            line += f" — {s.detail}"
        lines.append(line + "\n")
    return "".join(lines)


def document_symbols(symbols: Sequence[Symbol]) -> list[dict]:
    """LSP-shaped ``DocumentSymbol`` objects (plain dicts) for ``symbols``."""
    nodes: list[dict] = []
    roots: list[dict] = []
    for s in symbols:
        node = {
            "name": s.name,
            "detail": s.detail,
            "kind": s.kind,
            "range": _range(s.start_line, s.start_col, s.end_line, s.end_col),
            "selectionRange": _range(s.name_line, s.name_col, s.name_end_line, s.name_end_col),
            "children": [],
        }
        nodes.append(node)
        (nodes[s.parent]["children"] if s.parent >= 0 else roots).append(node)
    return roots


def _range(sl: int, sc: int, el: int, ec: int) -> dict:
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}
