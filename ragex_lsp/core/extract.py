"""Extraction: bytes of one file in, a flat list of symbols out.

Each language is compiled once per process into a :class:`LanguageConfig`
(grammar, parser, compiled query, capture-to-kind table).  An
:class:`Extractor` holds those configs and is the per-process parser context:
reuse one for many files.  The query files (``queries/<language>.scm``) use
``@definition.<kind>`` on the whole definition, ``@name`` on its name and
optionally ``@container`` on an explicit container (a Go receiver type, a C++
scope) and ``@body`` on the part left out of the one-line ``detail``.

Returned symbols are plain tuples: tree-sitter objects never leave here.
"""

from __future__ import annotations

import codecs
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import tree_sitter as ts
import tree_sitter_language_pack as pack

from ragex_lsp.core.languages import BY_NAME
from ragex_lsp.core.model import CALLABLE_KINDS, TYPE_KINDS, Kind, Symbol

#: ``@definition.<suffix>`` capture suffixes and the kind each yields.
CAPTURE_KINDS: dict[str, Kind] = {
    "module": Kind.MODULE,
    "namespace": Kind.NAMESPACE,
    "package": Kind.PACKAGE,
    "class": Kind.CLASS,
    "struct": Kind.STRUCT,
    "interface": Kind.INTERFACE,
    "trait": Kind.INTERFACE,
    "enum": Kind.ENUM,
    "enum_member": Kind.ENUM_MEMBER,
    "function": Kind.FUNCTION,
    "method": Kind.METHOD,
    "constructor": Kind.CONSTRUCTOR,
    "field": Kind.FIELD,
    "property": Kind.PROPERTY,
    "constant": Kind.CONSTANT,
    "variable": Kind.VARIABLE,
    "type": Kind.TYPE_PARAMETER,
    "macro": Kind.CONSTANT,
    "object": Kind.OBJECT,
    "impl": Kind.OBJECT,
    "event": Kind.EVENT,
    "operator": Kind.OPERATOR,
}

#: Longest ``detail`` kept, in characters.
DETAIL_MAX = 120

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 16
_DROP_IN_CALLABLES = frozenset({Kind.VARIABLE, Kind.CONSTANT, Kind.FIELD, Kind.PROPERTY})
_TRAILERS = ("{", ":", "=>", "=", ";", "\\", " where", " do", " then")
_GENERICS = re.compile(r"<[^<>]*>|\[[^\[\]]*\]")
_LONE_CR = re.compile(rb"\r(?!\n)")


class ExtractionError(Exception):
    """A file could not be parsed at all (unknown language, parser failure)."""


@dataclass(frozen=True)
class LanguageConfig:
    """One language compiled for this process: grammar, query, capture table.

    ``roles[i]`` is what capture ``i`` means: a :class:`Kind` for a
    definition, or one of ``"name"``, ``"container"``, ``"body"``.
    """

    name: str
    language: ts.Language
    query: ts.Query
    roles: tuple[Kind | str | None, ...]
    impl_captures: frozenset[int]


def compile_language(name: str, query_source: str) -> LanguageConfig:
    """Compile ``query_source`` for language ``name`` (raises on bad queries)."""
    spec = BY_NAME.get(name)
    if spec is None:
        raise ExtractionError(f"unknown language {name!r}")
    language = pack.get_language(spec.grammar)  # type: ignore[arg-type]
    query = ts.Query(language, query_source)
    roles: list[Kind | str | None] = []
    impls = set()
    for i in range(query.capture_count):
        capture = query.capture_name(i)
        if capture.startswith("definition."):
            suffix = capture.removeprefix("definition.")
            if suffix not in CAPTURE_KINDS:
                raise ExtractionError(f"{name}: unknown capture @{capture}")
            roles.append(CAPTURE_KINDS[suffix])
            if suffix == "impl":
                impls.add(i)
        elif capture in ("name", "container", "body"):
            roles.append(capture)
        else:
            roles.append(None)
    return LanguageConfig(name, language, query, tuple(roles), frozenset(impls))


def lone_cr_as_lf(source: bytes) -> bytes:
    """``source`` with every CR not followed by LF replaced by LF (same length, same offsets).

    LSP counts ``\\r``, ``\\n`` and ``\\r\\n`` as line breaks; tree-sitter counts
    rows by ``\\n`` only, so without this every symbol of an old Mac file is on line 0.
    """
    if source.count(b"\r") == source.count(b"\r\n"):
        return source
    return _LONE_CR.sub(b"\n", source)


def valid_utf8(source: bytes) -> bytes:
    """``source`` with each byte of an invalid UTF-8 sequence replaced by ``_`` (same length, same offsets).

    Query predicates (``#match?``) decode node text strictly, and
    py-tree-sitter then raises (UnicodeDecodeError, or SystemError) for the
    whole file: such files are parsed in this form (a name holding such
    bytes shows ``_``; columns still count the original bytes).
    """
    if source.isascii():
        return source
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return source.decode("utf-8", _UNDERSCORE).encode("utf-8")
    return source


def _underscores(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return "_" * (error.end - error.start), error.end


_UNDERSCORE = "ragex-underscore"
codecs.register_error(_UNDERSCORE, _underscores)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _type_name(text: str) -> str:
    """``*pkg.Server[T]`` -> ``Server``; ``Vec<T>`` -> ``Vec``."""
    text = _collapse(text)
    previous = None
    while previous != text:
        previous, text = text, _GENERICS.sub("", text)
    text = text.strip("*&()?! ").removeprefix("mut ").strip()
    for sep in ("::", "."):
        text = text.rsplit(sep, 1)[-1]
    return text.strip()


def _detail(source: bytes, node: ts.Node, body: ts.Node | None) -> str:
    """A one-line signature: the definition's text before its body."""
    inner = node.child_by_field_name("definition")  # Python decorated_definition
    if inner is not None:
        node = inner
    if body is None:
        body = node.child_by_field_name("body")
    start = node.start_byte
    if body is not None and body.start_byte > start:
        end = body.start_byte
    else:
        newline = source.find(b"\n", start, node.end_byte)
        end = node.end_byte if newline < 0 else newline
    text = _collapse(source[start : min(end, start + 4 * DETAIL_MAX)].decode("utf-8", "replace"))
    for _ in range(2):  # "= {" and the like
        for trailer in _TRAILERS:
            if text.endswith(trailer):
                text = text[: -len(trailer)].rstrip()
                break
    if len(text) > DETAIL_MAX:
        text = text[: DETAIL_MAX - 1] + "…"
    return text


class Extractor:
    """The per-process parser context: compiled configs and parsers, reused.

    ``load_query(language)`` returns a query file's text; it is called once
    per language (or per file with ``shared=False``, which rebuilds
    everything each time, for comparison).
    """

    def __init__(self, load_query: Callable[[str], str], shared: bool = True) -> None:
        self._load_query = load_query
        self._shared = shared
        self._configs: dict[str, LanguageConfig] = {}
        self._parsers: dict[str, ts.Parser] = {}

    def config(self, language: str) -> LanguageConfig:
        """The compiled config for ``language``, built on first use."""
        config = self._configs.get(language) if self._shared else None
        if config is None:
            config = compile_language(language, self._load_query(language))
            if self._shared:
                self._configs[language] = config
        return config

    def parse(self, language: str, source: bytes, deadline: float | None = None) -> ts.Tree:
        """Parse ``source`` (a leading BOM is dropped, as editors do).

        With a ``deadline`` (a ``time.monotonic()`` value) the parse is
        cancelled when it passes, raising :class:`TimeoutError`.
        """
        config = self.config(language)
        parser = self._parsers.get(language) if self._shared else None
        if parser is None:
            parser = ts.Parser(config.language)
            if self._shared:
                self._parsers[language] = parser
        if source.startswith(_BOM):
            source = source[3:]
        if deadline is None:
            return parser.parse(source)
        try:
            return parser.parse(
                lambda offset, _point: source[offset : offset + _CHUNK], progress_callback=_past(deadline)
            )
        except ValueError:
            parser.reset()
            raise TimeoutError("parse cancelled at its deadline") from None

    def extract(
        self, language: str, source: bytes, details: bool = True, deadline: float | None = None
    ) -> list[Symbol]:
        """The symbols of ``source`` in document order, parents before children.

        ``details=False`` leaves ``detail`` empty: the workspace index never
        shows it (outlines are computed from the editor's buffer), and it is
        the costliest part of extraction after the query.  ``deadline`` as
        for :meth:`parse` (the query is linear in the tree and not bounded:
        py-tree-sitter 0.26.1 crashes on a query ``progress_callback``).
        """
        if source.startswith(_BOM):
            source = source[3:]
        source = valid_utf8(lone_cr_as_lf(source))
        config = self.config(language)
        tree = self.parse(language, source, deadline)
        matches = ts.QueryCursor(config.query).matches(tree.root_node)
        return _symbols(config, source, matches, details)


def _past(deadline: float) -> Callable[..., bool]:
    """A tree-sitter progress callback: true (cancel) once ``deadline`` has passed."""

    def past(*_state: object) -> bool:
        return time.monotonic() > deadline

    return past


class _Found(NamedTuple):
    """One definition match, ordered by (start, -end, -pattern)."""

    start: int
    neg_end: int
    neg_pattern: int
    kind: Kind
    node: ts.Node
    name: ts.Node
    container: ts.Node | None
    body: ts.Node | None
    is_impl: bool


def _matches(config: LanguageConfig, matches: list[tuple[int, dict[str, list[ts.Node]]]]) -> list[_Found]:
    """One match per name node, in document order, parents before children.

    The widest definition of a name wins, then the later (more specific)
    pattern: a decorated definition over the bare one, a constant pattern
    over the variable pattern.
    """
    query = config.query
    roles = {query.capture_name(i): role for i, role in enumerate(config.roles)}
    impl_names = {query.capture_name(i) for i in config.impl_captures}
    found: dict[tuple[int, int], _Found] = {}
    for pattern, captures in matches:
        definition = name = container = body = None
        kind = Kind.VARIABLE
        is_impl = False
        for capture, nodes in captures.items():
            role = roles.get(capture)
            if isinstance(role, Kind):
                definition, kind, is_impl = nodes[0], role, capture in impl_names
            elif role == "name":
                name = nodes[0]
            elif role == "container":
                container = nodes[0]
            elif role == "body":
                body = nodes[0]
        if definition is None or name is None:
            continue
        entry = _Found(
            definition.start_byte, -definition.end_byte, -pattern, kind, definition, name, container, body, is_impl
        )
        key = (name.start_byte, name.end_byte)
        previous = found.get(key)
        if previous is None or entry[:3] < previous[:3]:
            found[key] = entry
    return sorted(found.values(), key=lambda e: e[:3])


def _text(source: bytes, node: ts.Node) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", "replace")


def _symbols(
    config: LanguageConfig, source: bytes, matches: list[tuple[int, dict[str, list[ts.Node]]]], details: bool
) -> list[Symbol]:
    symbols: list[Symbol] = []
    scopes: list[str] = []  # the container name each symbol gives its children
    stack: list[tuple[int, int, int]] = []  # (end byte, symbol index, start byte) of open symbols
    for m in _matches(config, matches):
        # close what ends before this one, and a same-range symbol (int a, b;): siblings
        while stack and (stack[-1][0] <= m.start or (stack[-1][2] == m.start and stack[-1][0] == -m.neg_end)):
            stack.pop()
        parent = stack[-1][1] if stack else -1
        parent_kind = symbols[parent].kind if parent >= 0 else None
        kind = m.kind
        if parent_kind in CALLABLE_KINDS and kind in _DROP_IN_CALLABLES:
            continue
        if parent_kind in TYPE_KINDS:
            if kind == Kind.FUNCTION:
                kind = Kind.METHOD
            elif kind == Kind.VARIABLE:
                kind = Kind.FIELD
        raw_name = _text(source, m.name)
        if m.is_impl:
            name, scope = _detail(source, m.node, m.body), _type_name(raw_name)
        else:
            name = scope = _collapse(raw_name)
        if m.container is not None:
            container = sys.intern(_type_name(_text(source, m.container)))
        else:
            container = scopes[parent] if parent >= 0 else ""
        (sl, sc), (el, ec) = m.node.start_point, m.node.end_point
        (nl, nc), (nel, nec) = m.name.start_point, m.name.end_point
        stack.append((-m.neg_end, len(symbols), m.start))
        scopes.append(sys.intern(scope))
        detail = _detail(source, m.node, m.body) if details else ""
        symbols.append(Symbol(name, int(kind), sl, sc, el, ec, nl, nc, nel, nec, parent, container, detail))
    return symbols
