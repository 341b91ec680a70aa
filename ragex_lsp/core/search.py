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
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import fold
from ragex_lsp.core.segment import Segment, mark_words

_QUALIFIER = re.compile(r"::|[.#/\\]")
#: kind -> rank among equals (lower first)
KIND_RANK: dict[int, int] = {
    **dict.fromkeys(
        (Kind.CLASS, Kind.INTERFACE, Kind.STRUCT, Kind.ENUM, Kind.FUNCTION, Kind.METHOD, Kind.CONSTRUCTOR), 0
    ),
    **dict.fromkeys((Kind.MODULE, Kind.NAMESPACE, Kind.PACKAGE, Kind.TYPE_PARAMETER, Kind.CONSTANT), 1),
    **dict.fromkeys((Kind.FIELD, Kind.PROPERTY, Kind.ENUM_MEMBER, Kind.VARIABLE, Kind.EVENT), 2),
}
#: queries up to this long scan each tier separately (many candidates);
#: longer ones rank the few lines that hold them as a subsequence
SHORT_QUERY = 4
#: symbols or candidates looked at between two yields
CHUNK = 2_000


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


def tier(query: str, lower_query: str, name: str) -> int | None:
    """The tier of ``name`` for ``query``, or None: the reference for :func:`search`,
    which finds the same tiers by scanning whole segments."""
    if name == query:
        return 0
    lower = fold(name)
    if lower == lower_query:
        return 1
    if lower.startswith(lower_query):
        return 2
    marked = fold(mark_words(name))
    if "\x01" + lower_query in marked[1:]:
        return 3
    if _humps_pattern(lower_query).match("\n" + marked):
        return 4
    if lower_query in lower:
        return 5
    if _subsequence_pattern(lower_query).search(lower):
        return 6
    return None


def _split(text: str) -> tuple[str, list[str]]:
    parts = [p for p in _QUALIFIER.split(text.strip()) if p]
    if not parts:
        return "", []
    if text.strip()[-1] in ".:#/\\":
        return "", parts  # "Server." lists Server's members
    return parts[-1], parts[:-1]


def _qualifies(qualifiers: list[str], path: str, container: str) -> bool:
    """Every qualifier appears, in order, in the module path then the container.

    Smart case: a qualifier with a capital letter must match case and all.
    """
    module = path.replace("\\", "/").rsplit(".", 1)[0].replace("/", ".")
    haystack = f"{module}.{container}"
    folded = haystack.lower()
    pos = 0
    for q in qualifiers:
        found = haystack.find(q, pos) if q != q.lower() else folded.find(q, pos)
        if found < 0:
            return False
        pos = found + len(q)
    return True


def _initials(name: str) -> str:
    """The first letter of each word (word starts as :func:`_mark_words` marks them)."""
    return "".join(w[0] for w in fold(mark_words(name)).split("\x01") if w[:1].isalnum())


def _ranking(lower_query: str) -> Callable[[Hit], tuple]:
    def rank(hit: Hit) -> tuple:
        s = hit.symbol
        # among hump matches, names whose initials the query spells first (gTE: getTextEdit)
        spelled = 0 if hit.tier != 4 or _initials(s.name).startswith(lower_query) else 1
        return (hit.tier, spelled, len(s.name), KIND_RANK.get(s.kind, 3), hit.path, s.name_line)

    return rank


IsCurrent = Callable[[Segment, str], bool]


def search(segments: Sequence[Segment], query: Query, is_current: IsCurrent) -> Generator[None, None, list[Hit]]:
    """Ranked hits for ``query`` (a generator: iterate it, take the return value).

    ``is_current(segment, path)`` says whether a segment holds the current
    version of a file.

    Candidates are names (lines of a segment), visited in rank-group order
    (tier, spelled, length: every symbol of a name shares them), and symbols
    are built only for the groups visited; once the limit is filled at a
    group boundary nothing below can rank higher, so the search stops.
    Exact and prefix matches come from each segment's length order (one
    bisected range per length), the other tiers from C-speed scans.
    """
    yield  # before any work: a caller that gives way here can be cancelled at once
    name_query, qualifiers = _split(query.text)
    lower = fold(name_query)
    hits: list[Hit] = []
    work = 0
    qualified: dict[tuple[int, int, int], bool] = {}  # (segment, file, container) -> qualifies

    def consider(segment: Segment, line: int, level: int) -> Iterator[None]:
        """Add the current symbols named by ``line``; yields every CHUNK symbols."""
        nonlocal work
        for row in segment.rows(line):
            work += 1
            if work >= CHUNK:
                work = 0
                yield
            if query.kinds is not None and segment.kinds[row] not in query.kinds:
                continue
            file_no = segment.file_of(row)
            path = segment.paths[file_no]
            if not is_current(segment, path):
                continue
            if qualifiers:
                key = (segment.id, file_no, segment.container_ids[row])
                ok = qualified.get(key)
                if ok is None:
                    ok = qualified[key] = _qualifies(qualifiers, path, segment.containers[key[2]])
                if not ok:
                    continue
            hits.append(Hit(level, path, segment.symbol(row)))

    if not lower:  # no name: the container's members, or the first types and functions
        for segment in segments:
            for line in range(segment.lines):
                if qualifiers or KIND_RANK.get(segment.kinds[segment.post[segment.post_start[line]]], 3) == 0:
                    yield from consider(segment, line, 0)
                if line % CHUNK == 0:
                    yield
                if not qualifiers and len(hits) >= query.limit:
                    return sorted(hits, key=_ranking(lower))[: query.limit]
        return sorted(hits, key=_ranking(lower))[: query.limit]

    taken: dict[int, set[int]] = {s.id: set() for s in segments}  # lines a better tier already had

    # tiers 0-2, exact and prefix: length by length, shortest first
    for length in range(len(lower), max((s.longest for s in segments), default=0) + 1):
        for segment in segments:
            for line in segment.prefixed(lower, length):
                taken[segment.id].add(line)
                name = segment.name(line)
                yield from consider(segment, line, 0 if name == name_query else 1 if length == len(lower) else 2)
        if len(hits) >= query.limit:
            return sorted(hits, key=_ranking(lower))[: query.limit]
        yield

    subsequence = _subsequence_pattern(lower)
    stages: list[tuple[int, Callable[[Segment], Iterable[int]], bool]] = []
    if len(lower) <= SHORT_QUERY:  # many candidates: one C-speed scan per tier, stop when full
        humps_pattern = _humps_pattern(lower)
        stages += [
            (3, lambda seg: _finds(seg.marked[0], "\x01" + lower, 0), True),  # word prefix
            (4, lambda seg: (m.start() + 1 for m in humps_pattern.finditer(seg.marked[0])), True),
            (5, lambda seg: _finds(seg.blob, lower, 0), False),  # substring
            (6, lambda seg: (m.start() for m in subsequence.finditer(seg.blob)), False),
        ]
    else:  # few candidates: every other tier holds the query as a subsequence; rank each
        stages.append((-1, lambda seg: (m.start() for m in subsequence.finditer(seg.blob)), False))
    for level, positions, marked in stages:
        groups: list[tuple[int, int, int, int, int]] = []  # (tier, spelled, length, segment no, line)
        for number, segment in enumerate(segments):
            starts = segment.marked[1] if marked else segment.starts
            seen = taken[segment.id]
            for count, pos in enumerate(positions(segment)):
                line = bisect.bisect_right(starts, pos) - 1
                if line in seen:
                    continue
                seen.add(line)
                name = segment.name(line)
                this = tier(name_query, lower, name) if level < 0 else level
                if this is not None:
                    spelled = 0 if this != 4 or _initials(name).startswith(lower) else 1
                    groups.append((this, spelled, len(name), number, line))
                if count % CHUNK == CHUNK - 1:
                    yield
            yield
        groups.sort()
        previous = None
        for this, spelled, length, number, line in groups:
            if (this, spelled, length) != previous:
                if len(hits) >= query.limit:
                    break
                previous = (this, spelled, length)
            yield from consider(segments[number], line, this)
        if len(hits) >= query.limit:
            break
    return sorted(hits, key=_ranking(lower))[: query.limit]


def _finds(text: str, needle: str, skip: int) -> Iterator[int]:
    """Every position of ``needle`` in ``text``, plus ``skip``."""
    pos = text.find(needle)
    while pos >= 0:
        yield pos + skip
        pos = text.find(needle, pos + 1)


def _humps_pattern(lower: str) -> re.Pattern[str]:
    """Each query character continues the current word or starts a later one."""
    first, rest = re.escape(lower[0]), lower[1:]
    return re.compile("\n\x01" + first + "".join("(?:[^\n]*?\x01)?" + re.escape(ch) for ch in rest))


def _subsequence_pattern(lower: str) -> re.Pattern[str]:
    """``lower`` as a subsequence within one line, from an occurrence of its first character.

    Each gap skips only characters that are not the next one wanted, so a
    match attempt is greedy-earliest and never backtracks, and the regex
    engine jumps between occurrences of the first character.
    """
    gaps = "".join(f"[^\n{_in_class(ch)}]*{re.escape(ch)}" for ch in lower[1:])
    return re.compile(re.escape(lower[0]) + gaps)


def _in_class(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


def run(steps: Generator[None, None, list[Hit]]) -> list[Hit]:
    """Drive a :func:`search` generator to the end (for synchronous callers)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
