"""Search: ranked, fuzzy matching of symbol names over index segments.

A :class:`Segment` lays out the names of some files' symbols as one string
(one lower-cased unique name per line) so that C-speed ``str.find`` and
regular expressions find candidates; the ranking runs in Python on the
candidates only.  Tiers, best first:

0 exact name · 1 exact ignoring case · 2 prefix · 3 prefix of a word
(``Edit`` in ``getTextEdit``, ``symbol`` in ``workspace_symbol``) · 4 camel or
snake humps (``gTE``, ``ws``) · 5 substring · 6 subsequence.

Ties go to shorter names, then classes and functions before constants, then
fields and variables.  All matches of the better tiers are ranked before the
result is cut at the limit, and worse tiers are not computed at all once the
better ones fill it (early stop), so the exact match is never cut off.
A qualified query (``Server.serve``, ``Server::serve``, ``pkg/mod.fn``)
matches its last part against names and the rest against the container and
the file path.  :func:`search` is a generator that yields between steps so
that an async caller can give way (and be cancelled); its return value is
the result.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ragex_lsp.core.model import Kind, Symbol

_QUALIFIER = re.compile(r"::|[.#/\\]")
#: kind -> rank among equals (lower first)
KIND_RANK: dict[int, int] = {
    **dict.fromkeys(
        (Kind.CLASS, Kind.INTERFACE, Kind.STRUCT, Kind.ENUM, Kind.FUNCTION, Kind.METHOD, Kind.CONSTRUCTOR), 0
    ),
    **dict.fromkeys((Kind.MODULE, Kind.NAMESPACE, Kind.PACKAGE, Kind.TYPE_PARAMETER, Kind.CONSTANT), 1),
    **dict.fromkeys((Kind.FIELD, Kind.PROPERTY, Kind.ENUM_MEMBER, Kind.VARIABLE, Kind.EVENT), 2),
}
#: names scanned between two yields
CHUNK = 20_000


@dataclass(frozen=True)
class Query:
    """A workspace symbol query.

    ``text``: what the user typed; empty lists the top symbols.  ``limit``:
    at most this many results (ranked first, then cut).  ``kinds``: only
    these SymbolKinds, or all.
    """

    text: str
    limit: int = 500
    kinds: frozenset[int] | None = None


class Hit(NamedTuple):
    tier: int
    path: str
    symbol: Symbol


class Segment:
    """The names of some files' symbols, laid out for search.  Immutable."""

    def __init__(self, segment_id: int, files: Sequence[tuple[str, Sequence[Symbol]]]) -> None:
        self.id = segment_id
        self.paths = tuple(path for path, _ in files)
        refs: dict[str, list[tuple[int, int]]] = {}
        for file_no, (_, symbols) in enumerate(files):
            for sym_no, s in enumerate(symbols):
                refs.setdefault(s.name, []).append((file_no, sym_no))
        self.names = list(refs)
        self.refs = list(refs.values())
        self.size = sum(len(symbols) for _, symbols in files)
        self.blob = "\n" + "\n".join(name.lower() for name in self.names) + "\n"
        starts = [0] * len(self.names)
        offset = 1
        for i, name in enumerate(self.names):
            starts[i] = offset
            offset += len(name) + 1  # lower() keeps the length for all but a few scripts
        self.starts = starts
        self._exact = len(self.blob) == offset

    def line_at(self, position: int) -> int:
        """The name index whose line holds blob ``position``."""
        if self._exact:
            return bisect.bisect_right(self.starts, position) - 1
        return self.blob.count("\n", 0, position) - 1


def build_segment(segment_id: int, files: Sequence[tuple[str, Sequence[Symbol]]]) -> Segment:
    return Segment(segment_id, files)


def word_starts(name: str) -> list[int]:
    """Positions where a word starts: after ``_ - . $ :``, at camel humps, at digits."""
    starts = []
    prev = ""
    for i, ch in enumerate(name):
        if not ch.isalnum():
            prev = ch
            continue
        if (
            i == 0
            or not prev.isalnum()
            or (ch.isupper() and prev.islower())
            or (ch.isdigit() and not prev.isdigit())
            or (ch.isupper() and prev.isupper() and i + 1 < len(name) and name[i + 1].islower())
        ):
            starts.append(i)
        prev = ch
    return starts


def humps(query: str, name: str) -> int:
    """How many of ``query``'s characters (lower case) start words of ``name``
    when the query spells prefixes of successive words (``gte``: getTextEdit
    3, get_text 2); 0 when it does not."""
    lower = name.lower()
    starts = word_starts(name)
    if not query or not starts or starts[0] != 0 or lower[0] != query[0]:
        return 0
    ends = [*starts[1:], len(name)]
    best = 0

    def match(qi: int, wi: int, at_starts: int) -> None:
        nonlocal best
        if qi == len(query):
            best = max(best, at_starts)
            return
        for w in range(wi, len(starts)):
            pos, k = starts[w], 0
            while qi + k < len(query) and pos + k < ends[w] and lower[pos + k] == query[qi + k]:
                k += 1
                match(qi + k, w + 1, at_starts + 1)
            if best == len(query):
                return

    match(0, 0, 0)
    return best


def tier(query: str, lower_query: str, name: str) -> int | None:
    """The tier of ``name`` for ``query``, or None if it does not match."""
    if name == query:
        return 0
    lower = name.lower()
    if lower == lower_query:
        return 1
    if lower.startswith(lower_query):
        return 2
    if any(lower.startswith(lower_query, p) for p in word_starts(name)[1:]):
        return 3
    if humps(lower_query, name):
        return 4
    if lower_query in lower:
        return 5
    it = iter(lower)
    if all(ch in it for ch in lower_query):
        return 6
    return None


def _split(text: str) -> tuple[str, list[str]]:
    parts = [p for p in _QUALIFIER.split(text.strip()) if p]
    if not parts:
        return "", []
    if text.strip()[-1] in ".:#/\\":
        return "", parts  # "Server." lists Server's members
    return parts[-1], parts[:-1]


def _qualifies(qualifiers: list[str], path: str, symbol: Symbol) -> bool:
    """Every qualifier appears, in order, in the module path then the container.

    Smart case: a qualifier with a capital letter must match case and all.
    """
    module = path.replace("\\", "/").rsplit(".", 1)[0].replace("/", ".")
    haystack = f"{module}.{symbol.container}"
    folded = haystack.lower()
    pos = 0
    for q in qualifiers:
        found = haystack.find(q, pos) if q != q.lower() else folded.find(q, pos)
        if found < 0:
            return False
        pos = found + len(q)
    return True


def _ranking(lower_query: str) -> Callable[[Hit], tuple]:
    def rank(hit: Hit) -> tuple:
        s = hit.symbol
        # among hump matches, more query characters on word starts first
        starts = -humps(lower_query, s.name) if hit.tier == 4 else 0
        return (hit.tier, starts, len(s.name), KIND_RANK.get(s.kind, 3), hit.path, s.name_line)

    return rank


IsCurrent = Callable[[Segment, str], bool]


def search(
    segments: Sequence[Segment], query: Query, is_current: IsCurrent, files: Callable[[str], Sequence[Symbol]]
) -> Generator[None, None, list[Hit]]:
    """Ranked hits for ``query`` (a generator: iterate it, take the return value).

    ``is_current(segment, path)`` says whether a segment holds the current
    version of a file; ``files(path)`` gives a file's current symbols.
    """
    name_query, qualifiers = _split(query.text)
    lower = name_query.lower()
    hits: list[Hit] = []

    def consider(segment: Segment, line: int, level: int) -> None:
        for file_no, sym_no in segment.refs[line]:
            path = segment.paths[file_no]
            if not is_current(segment, path):
                continue
            symbol = files(path)[sym_no]
            if query.kinds is not None and symbol.kind not in query.kinds:
                continue
            if qualifiers and not _qualifies(qualifiers, path, symbol):
                continue
            hits.append(Hit(level, path, symbol))

    if not lower:  # no name: the container's members, or the first types and functions
        for segment in segments:
            for line in range(len(segment.names)):
                if qualifiers or KIND_RANK.get(_first_kind(segment, line, files), 3) == 0:
                    consider(segment, line, 0)
                if line % CHUNK == 0:
                    yield
                if not qualifiers and len(hits) >= query.limit:
                    return sorted(hits, key=_ranking(lower))[: query.limit]
        return sorted(hits, key=_ranking(lower))[: query.limit]

    # tiers 0-2: lines starting with the query, found by str.find
    needle = "\n" + lower
    for segment in segments:
        pos = segment.blob.find(needle)
        count = 0
        while pos >= 0:
            line = segment.line_at(pos + 1)
            level = tier(name_query, lower, segment.names[line])
            if level is not None:
                consider(segment, line, level)
            pos = segment.blob.find(needle, pos + 1)
            count += 1
            if count % CHUNK == 0:
                yield
        yield
    if len(hits) >= query.limit:
        return sorted(hits, key=_ranking(lower))[: query.limit]

    # tiers 3-6: every line holding the query as a subsequence
    pattern = re.compile("[^\n]*?".join(re.escape(ch) for ch in lower))
    for segment in segments:
        seen = -1
        for count, match in enumerate(pattern.finditer(segment.blob)):
            line = segment.line_at(match.start())
            if line == seen:
                continue
            seen = line
            level = tier(name_query, lower, segment.names[line])
            if level is not None and level >= 3:
                consider(segment, line, level)
            if count % CHUNK == 0:
                yield
        yield
    return sorted(hits, key=_ranking(lower))[: query.limit]


def _first_kind(segment: Segment, line: int, files: Callable[[str], Sequence[Symbol]]) -> int:
    file_no, sym_no = segment.refs[line][0]
    symbols = files(segment.paths[file_no])
    return symbols[sym_no].kind if sym_no < len(symbols) else 0


def run(steps: Generator[None, None, list[Hit]]) -> list[Hit]:
    """Drive a :func:`search` generator to the end (for synchronous callers)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
