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
import heapq
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import NamedTuple

from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import fold, position_at
from ragex_lsp.core.segment import Lines, Marked, Segment, mark_words, module_of

_QUALIFIER = re.compile(r"::|[.#/\\]")
#: kind -> rank among equals (lower first)
KIND_RANK: dict[int, int] = {
    **dict.fromkeys(
        (Kind.CLASS, Kind.INTERFACE, Kind.STRUCT, Kind.ENUM, Kind.FUNCTION, Kind.METHOD, Kind.CONSTRUCTOR), 0
    ),
    **dict.fromkeys((Kind.MODULE, Kind.NAMESPACE, Kind.PACKAGE, Kind.TYPE_PARAMETER, Kind.CONSTANT), 1),
    **dict.fromkeys((Kind.FIELD, Kind.PROPERTY, Kind.ENUM_MEMBER, Kind.VARIABLE, Kind.EVENT), 2),
}
#: a segment ranks the names holding the query's characters directly when
#: there are at most this many (or a 256th of its names)
FEW_NAMES = 64
#: camel humps scan just the names starting with the query's first character
#: and holding the rest when there are at most this many (else all starting so)
HUMP_NAMES = 8_000
#: past the prefix tiers, a large segment scans just the names holding every
#: query character when they are at most this share of its names (else all)
TESTED_SHARE = 16
#: a segment takes a prefix's names from its alphabetical order, sorted by
#: length, when they are at most this many (else one bisection per length)
PREFIXED_NAMES = 2_000
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


#: a name's rank group and where it is: (tier, spelled, length, segment number, line)
_Group = tuple[int, int, int, int, int]


class _Matcher:
    """The tier tests of one query, its patterns compiled once."""

    def __init__(self, query: str, lower: str) -> None:
        self.query, self.lower, self.word = query, lower, "\x01" + lower
        # compiled at first use: compiling all three took 1-2.5 ms, more than
        # many searches that stop at a prefix or find no candidates at all

    @cached_property
    def humps(self) -> re.Pattern[str] | None:
        return _humps_pattern(self.lower) if self.lower else None

    @cached_property
    def subsequence(self) -> re.Pattern[str] | None:
        return _subsequence_pattern(self.lower) if self.lower else None

    @cached_property
    def spelled(self) -> re.Pattern[str] | None:
        return _spelled_pattern(self.lower) if self.lower else None

    def could_match(self, folded: str) -> bool:
        """Whether a name (folded) holds the query as a subsequence, which every tier needs."""
        assert self.subsequence is not None
        return self.subsequence.search(folded) is not None

    def tier(self, name: str, marked: str | None = None) -> int | None:
        """The tier of ``name``; ``marked``: its folded :func:`mark_words` form, if known."""
        if name == self.query:
            return 0
        lower = fold(name)
        if lower == self.lower:
            return 1
        if lower.startswith(self.lower):
            return 2
        if marked is None:
            marked = fold(mark_words(name))
        if self.word in marked[1:]:
            return 3
        humps = self.humps
        assert humps is not None  # an empty query stopped above
        if humps.match("\n" + marked):
            return 4
        if self.lower in lower:
            return 5
        subsequence = self.subsequence
        assert subsequence is not None
        if subsequence.search(lower):
            return 6
        return None


def tier(query: str, lower_query: str, name: str) -> int | None:
    """The tier of ``name`` for ``query``, or None: the reference for :func:`search`,
    which finds the same tiers by scanning whole segments."""
    return _Matcher(query, lower_query).tier(name)


def _split(text: str) -> tuple[str, list[str]]:
    parts = [p for p in _QUALIFIER.split(text.strip()) if p]
    if not parts:
        return "", []
    if text.strip()[-1] in ".:#/\\":
        return "", parts  # "Server." lists Server's members
    return parts[-1], parts[:-1]


def _in_order(qualifiers: Sequence[str]) -> re.Pattern[str]:
    """The qualifiers in order within one line; smart case: one with a capital
    letter matches case and all, the others ignore case."""
    parts = (re.escape(q) if q != q.lower() else f"(?i:{re.escape(q)})" for q in qualifiers)
    return re.compile("[^\n]*?".join(parts))


def _qualifies(qualifiers: list[str], path: str, container: str) -> bool:
    """Every qualifier appears, in order, in the module path then the container."""
    return _in_order(qualifiers).search(f"{module_of(path)}.{container}") is not None


def _lines_taking(lines: Lines, qualifiers: Sequence[str]) -> Iterator[int]:
    """The lines (of :meth:`Lines.with_folded`) that take ``qualifiers`` in
    order, as :func:`_in_order` matches (a line may come more than once).

    Lower-case ASCII qualifiers (which ignore case) are found in the folded
    text by a plain pattern, many times faster than one ignoring case; the
    lines that are not ASCII are checked on their own.  Others are found
    in the text as it is."""
    exact = _in_order(qualifiers)
    if not all(q.isascii() and q == q.lower() for q in qualifiers):
        yield from (lines.line(m.start()) for m in exact.finditer(lines.text))
        return
    others = set(lines.others)
    for m in re.compile("[^\n]*?".join(map(re.escape, qualifiers))).finditer(lines.folded):
        line = lines.line(m.start())
        if line not in others:
            yield line
    yield from (line for line in others if exact.search(lines.at(line)))


#: a qualified query ranks the rows of matching containers directly when a
#: segment has at most this many of them (else it filters the name matches)
QUALIFIED_ROWS = 20_000


def _qualified_rows(segment: Segment, qualifiers: list[str]) -> list[int] | None:
    """The rows of ``segment`` whose file's module and container take the
    qualifiers in order (see :func:`_qualifies`), or None if there are more
    than :data:`QUALIFIED_ROWS`.

    A file's module takes the longest run of leading qualifiers it can
    (``k``); its symbols qualify when their container takes the rest.  Both
    are regular-expression scans over one string of lines.
    """
    n, modules = len(qualifiers), segment.module_lines
    taken: dict[int, int] = {}  # file -> qualifiers its module takes (only files taking some)
    bounds = segment.file_start
    for k in range(n, 0, -1):
        for line in _lines_taking(modules, qualifiers[:k]):
            taken.setdefault(line, k)
        if k == n and sum(bounds[f + 1] - bounds[f] for f in taken) > QUALIFIED_ROWS:
            return None  # before the scans of the files taking fewer
    containers = segment.container_lines
    fits: dict[int, set[int]] = {}  # k -> the containers taking qualifiers[k:]
    for k in {0, *taken.values()} - {n}:
        fits[k] = set(_lines_taking(containers, qualifiers[k:]))
    rows: set[int] = set()
    for container in fits.get(0, ()):  # every file's module takes at least none
        rows.update(segment.container_rows(container))
        if len(rows) > QUALIFIED_ROWS:
            return None
    for file_no, k in taken.items():
        span = range(bounds[file_no], bounds[file_no + 1])
        rows.update(span if k == n else (r for r in span if segment.container_ids[r] in fits[k]))
        if len(rows) > QUALIFIED_ROWS:
            return None
    return sorted(rows)


def _initials(marked: str) -> str:
    """The first letter of each word of a folded, marked name."""
    return "".join(w[0] for w in marked.split("\x01") if w[:1].isalnum())


def _spelled(tier: int, marked: str, lower_query: str) -> int:
    """1 for a camel-humps match whose initials the query does not spell, else 0:
    among hump matches, names whose initials it spells rank first (``gTE``: ``getTextEdit``)."""
    return 0 if tier != 4 or _initials(marked).startswith(lower_query) else 1


def _ranking(lower_query: str) -> Callable[[Hit], tuple]:
    def rank(hit: Hit) -> tuple:
        s = hit.symbol
        spelled = _spelled(4, fold(mark_words(s.name)), lower_query) if hit.tier == 4 else 0
        return (hit.tier, spelled, len(s.name), KIND_RANK.get(s.kind, 3), hit.path, s.name_line)

    return rank


IsCurrent = Callable[[Segment, int], bool]


def search(segments: Sequence[Segment], query: Query, is_current: IsCurrent) -> Generator[None, None, list[Hit]]:
    """Ranked hits for ``query`` (a generator: iterate it, take the return value).

    ``is_current(segment, file_no)`` says whether a segment's file is the
    current version of that file.

    A qualified query first ranks, segment by segment, the rows of the
    containers and modules it names, when they are few.  Other segments go
    through the tiers: candidates are names (lines of a segment), visited in
    rank-group order (tier, spelled, length: every symbol of a name shares
    them), and symbols are built only for the groups visited; once the limit
    is filled at a group boundary nothing below can rank higher, so the
    search stops.  Exact and prefix matches come from each segment's length
    order (one bisected range per length), the other tiers from C-speed
    scans (camel humps only over the names starting with the query's first
    character).
    """
    yield  # before any work: a caller that gives way here can be cancelled at once
    name_query, qualifiers = _split(query.text)
    lower = fold(name_query)
    if len(lower) > max((s.longest for s in segments), default=0):
        return []  # no name is that long (and a pasted page costs nothing)
    matcher = _Matcher(name_query, lower)
    hits: list[Hit] = []
    rest = list(segments)
    if qualifiers:
        rest = []
        for segment in segments:
            rows = _qualified_rows(segment, qualifiers)
            yield
            if rows is None:
                rest.append(segment)
            else:
                yield from _rank_rows(segment, rows, matcher, query, is_current, hits)
    found = yield from _tiers(rest, query, matcher, qualifiers, is_current)
    return sorted(hits + found, key=_ranking(lower))[: query.limit]


def _rank_rows(
    segment: Segment, rows: list[int], matcher: _Matcher, query: Query, is_current: IsCurrent, hits: list[Hit]
) -> Iterator[None]:
    """Add the current symbols at ``rows`` that match ``matcher``, each name's tier computed once."""
    levels: dict[int, int | None] = {}
    for count, row in enumerate(rows):
        if count % CHUNK == CHUNK - 1:
            yield
        if query.kinds is not None and segment.kinds[row] not in query.kinds:
            continue
        line = segment.name_ids[row]
        if line not in levels:
            if not matcher.lower:
                levels[line] = 0
            elif matcher.could_match(segment.folded_name(line)):  # most names do not: a cheap test first
                levels[line] = matcher.tier(segment.name(line), segment.marked_name(line))
            else:
                levels[line] = None
        level = levels[line]
        if level is None:
            continue
        file_no = segment.file_of(row)
        if is_current(segment, file_no):
            hits.append(Hit(level, segment.paths[file_no], segment.symbol(row)))


def _tiers(
    segments: Sequence[Segment], query: Query, matcher: _Matcher, qualifiers: list[str], is_current: IsCurrent
) -> Generator[None, None, list[Hit]]:
    """The best hits in ``segments`` (at least the top ``query.limit``), tier by tier."""
    lower = matcher.lower
    hits: list[Hit] = []
    work = 0
    qualified: dict[tuple[int, int, int], bool] = {}  # (segment, file, container) -> qualifies
    in_order = _in_order(qualifiers)

    def admitted(segment: Segment, row: int) -> str | None:
        """The path of ``row``'s file if the row counts: its kind asked for, its
        file's current version, its container qualified."""
        if query.kinds is not None and segment.kinds[row] not in query.kinds:
            return None
        file_no = segment.file_of(row)
        if not is_current(segment, file_no):
            return None
        path = segment.paths[file_no]
        if qualifiers:
            key = (segment.id, file_no, segment.container_ids[row])
            ok = qualified.get(key)
            if ok is None:
                ok = qualified[key] = in_order.search(f"{module_of(path)}.{segment.container(key[2])}") is not None
            if not ok:
                return None
        return path

    pending: list[_Row] = []  # the current rank group's rows, made hits by full()

    def consider(segment: Segment, line: int, level: int, into: list[Hit] | None = None) -> Iterator[None]:
        """Add the current symbols named by ``line`` to ``into``, or (None) to
        the pending group; yields every CHUNK symbols.

        A name of more symbols than the limit adds only its best ``limit``
        (by kind, path, line: what ranks them once tier and name are equal):
        the others have that many better hits before them."""
        nonlocal work
        rows: Sequence[int] = segment.rows(line)
        if len(rows) > query.limit:
            rows = _best_rows(segment, rows, query.limit, admitted)
        for row in rows:
            work += 1
            if work >= CHUNK:
                work = 0
                yield
            path = admitted(segment, row)
            if path is None:
                continue
            if into is None:
                pending.append((level, path, segment, row))
            else:
                into.append(Hit(level, path, segment.symbol(row)))

    def full() -> bool:
        """Make the pending group hits, and whether they fill the limit.  A group
        that would pass it gives only its best rows (by tier, kind, path, line:
        all else is equal in a group), so symbols are built for those alone."""
        need = query.limit - len(hits)
        if len(pending) > need:
            pending.sort(key=_in_group)
            del pending[max(0, need) :]
        hits.extend(Hit(level, path, segment.symbol(row)) for level, path, segment, row in pending)
        pending.clear()
        return len(hits) >= query.limit

    def best(groups: list[_Group], among: Sequence[Segment], into: list[Hit]) -> Iterator[None]:
        """Add the symbols of ``groups``' names, best first, until ``into`` is full at a group boundary."""
        groups.sort()
        previous = None
        for this, spelled, length, number, line in groups:
            if (this, spelled, length) != previous:
                if len(into) >= query.limit:
                    break
                previous = (this, spelled, length)
            yield from consider(among[number], line, this, into)

    if not lower:  # no name: the container's members, or the first types and functions
        for segment in segments:
            for line in range(segment.lines):
                if qualifiers or KIND_RANK.get(segment.kinds[segment.post[segment.post_start[line]]], 3) == 0:
                    yield from consider(segment, line, 0, hits)
                if line % CHUNK == 0:
                    yield
                if not qualifiers and len(hits) >= query.limit:
                    return hits
        return hits

    # a segment where few names hold the query's characters ranks those names directly
    few: list[_Group] = []
    many: list[Segment] = []
    for number, segment in enumerate(segments):
        lines = segment.lines_holding(lower, max(FEW_NAMES, segment.lines // 256))
        if lines is None:
            many.append(segment)
            continue
        for line in lines:
            marked, name = segment.marked_name(line), segment.name(line)
            this = matcher.tier(name, marked)
            if this is not None:
                few.append((this, _spelled(this, marked, lower), len(name), number, line))
        yield
    found: list[Hit] = []
    yield from best(few, segments, found)
    yield from _scan(many, lower, matcher, consider, full)
    full()
    return hits + found


def _scan(
    segments: list[Segment],
    lower: str,
    matcher: _Matcher,
    consider: Callable[[Segment, int, int], Iterator[None]],
    full: Callable[[], bool],
) -> Iterator[None]:
    """Add hits from ``segments`` tier by tier with C-speed scans, stopping at
    the first rank-group boundary where the limit is filled (``full()``: each
    group's rows go to ``consider``, ``full`` makes them hits)."""
    taken: dict[int, set[int]] = {s.id: set() for s in segments}  # lines a better tier already had
    lengths = range(len(lower), max((s.longest for s in segments), default=0) + 1)

    # tiers 0-2, exact and prefix: length by length, shortest first
    # (a segment with many names of the prefix bisects each length instead)
    prefixed = [(segment, segment.prefixed(lower, PREFIXED_NAMES)) for segment in segments]
    for length in lengths:
        for segment, lines in prefixed:
            lo, hi = segment.length_span(length)
            of_length = _between(lines, lo, hi) if lines is not None else segment.prefixed_of_length(lower, length)
            for line in of_length:
                taken[segment.id].add(line)
                level = 0 if segment.name(line) == matcher.query else 1 if length == len(lower) else 2
                yield from consider(segment, line, level)
        if full():
            return
        yield

    # the names holding every query character, where they are few enough to scan on their own
    held: dict[int, list[int] | None] = {}

    def holding(number: int) -> list[int] | None:  # built on first use: not every query gets that far
        if number not in held:
            held[number] = segments[number].lines_holding(lower, segments[number].lines // TESTED_SHARE)
        return held[number]

    # the names holding the query itself (one C-speed find), where they are few:
    # their tiers are computed at once, so tiers 3 and 5 need no scan of their own
    substring = [_substring_lines(segment, lower, taken[segment.id], matcher.word) for segment in segments]

    word_in = re.compile(re.escape(matcher.word)).search  # past a marked name's first character: a later word

    def words(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
        # a word start, not the name's own start (that is a prefix)
        return (p for p in _finds(text, matcher.word, start, end) if text[p - 1] != "\n")

    def word_starts(seg: Segment, number: int) -> Iterable[int]:
        known = substring[number]
        if known is not None:
            return known[0]
        few = holding(number)
        if few is not None:  # a later word starts with the query: past the first character
            return _passing(few, seg.marked, word_in, 1)
        marked = seg.marked  # each first character's names in line order, merged into line order
        text, starts = marked.lines.text, marked.lines.starts
        spans = [words(text, starts[lo] - 1, starts[hi] - 1) for lo, hi in seg.first_spans()]
        return heapq.merge(*((marked.order[marked.lines.line(p)] for p in found) for found in spans))

    hump_few: dict[int, list[int] | None] = {}  # segment number -> the names that can match humps, if few

    def hump_starts(seg: Segment, number: int, pattern: re.Pattern[str]) -> Iterable[int]:
        if number not in hump_few:
            hump_few[number] = seg.lines_holding(lower, HUMP_NAMES, first=lower[0])
        few = hump_few[number]
        if few is not None:  # test just the names that can match (the pattern starts at the newline before)
            return _passing(few, seg.marked, pattern.match, -1)
        marked = seg.marked
        lo, hi = marked.span(lower[0])
        if lo == hi:
            return iter(())
        starts = marked.lines.starts
        found = pattern.finditer(marked.lines.text, starts[lo] - 1, starts[hi] - 1)
        return (marked.order[marked.lines.line(m.start() + 1)] for m in found)

    def by_length(level: int, scan: Callable[[str, int, int], Iterable[int]], test: _Test) -> Iterator[None]:
        """Tier ``level``, a group per length: ``scan(text, start, end)`` gives
        the positions of matches in ``text[start:end]``, over the names of one
        length in ``segment.blob``; ``test`` whether there is one, name by name
        over the few holding names (for substrings, the lines already known to
        be of the tier need neither)."""
        for length in lengths:
            for number, segment in enumerate(segments):
                lo, hi = segment.length_span(length)
                if lo >= hi:
                    continue
                seen, starts, known = taken[segment.id], segment.starts, substring[number]
                if level == 5 and known is not None:
                    found: Iterable[int] = _between(known[1], lo, hi)
                elif (few := holding(number)) is not None:
                    found = _passing(_between(few, lo, hi), segment, test)
                else:
                    found = [
                        bisect.bisect_right(starts, p, lo, hi) - 1 for p in scan(segment.blob, starts[lo], starts[hi])
                    ]
                for line in found:
                    if line not in seen:
                        seen.add(line)
                        yield from consider(segment, line, level)
            if full():
                return
            yield

    def keyed(segment: Segment, number: int, lines: Iterable[int]) -> Iterator[tuple[int, int, int]]:
        starts = segment.starts
        return ((starts[line + 1] - starts[line] - 1, number, line) for line in lines)

    def gather(level: int, finder: Callable[[Segment, int], Iterable[int]]) -> Iterator[None]:
        """Add the best of tier ``level``'s names that ``finder`` gives (all
        spelled alike), shortest first, until the limit is filled at a length
        boundary.  Each segment's finder gives its lines in line order, so by
        length, and lazily: the scans stop there too."""
        found = heapq.merge(*(keyed(s, number, finder(s, number)) for number, s in enumerate(segments)))
        previous = -1
        for count, (length, number, line) in enumerate(found):
            if count % CHUNK == CHUNK - 1:
                yield
            if length != previous:
                if full():
                    return
                previous = length
            seen = taken[segments[number].id]
            if line not in seen:
                seen.add(line)
                yield from consider(segments[number], line, level)

    yield from gather(3, word_starts)  # tier 3
    if full():
        return
    for pattern in ("spelled", "humps"):  # tier 4: first the matches whose initials the query spells, then the rest
        compiled = getattr(matcher, pattern)
        if compiled is not None:
            yield from gather(4, partial(hump_starts, pattern=compiled))
            if full():
                return

    yield from by_length(  # substring
        5,
        lambda text, start, end: _finds(text, lower, start, end),
        re.compile(re.escape(lower)).search,
    )
    subsequence = matcher.subsequence
    if not full() and subsequence is not None:
        yield from by_length(
            6,
            lambda text, start, end: (m.start() for m in subsequence.finditer(text, start, end)),
            subsequence.search,
        )


#: the substring pass gives up on a segment where more names than this hold the query
SUBSTRING_NAMES = 2_000


def _substring_lines(segment: Segment, lower: str, taken: set[int], word: str) -> tuple[list[int], list[int]] | None:
    """The lines (not ``taken``) whose folded name holds ``lower``, from one
    ``str.find`` pass over the segment's names: those where it starts a word
    (``word`` in the marked name: tier 3), and the others (tier 5, but for
    the rare camel-humps match among them, which the humps scan takes
    first), each in line order; None if more than :data:`SUBSTRING_NAMES`
    hold it.  A word-start match is a substring, so this finds tier 3 too."""
    starts, blob = segment.starts, segment.blob
    step = len(blob) // 8  # a sixteenth of the names, in eight samples across the lengths (long names hold more)
    if sum(blob.count(lower, at, at + step // 16) for at in range(0, len(blob), step or 1)) > SUBSTRING_NAMES // 8:
        return None  # a sixteenth of the names holds it that often: all of them would be too many
    lines: list[int] = []
    for position in _finds(blob, lower):
        line = bisect.bisect_right(starts, position) - 1
        if not lines or lines[-1] != line:
            if len(lines) == SUBSTRING_NAMES:
                return None
            lines.append(line)
    words: list[int] = []
    others: list[int] = []
    for line in lines:
        if line not in taken:
            (words if word in segment.marked_name(line)[1:] else others).append(line)
    return words, others


def _between(lines: list[int], lo: int, hi: int) -> list[int]:
    """Those of the sorted ``lines`` in ``range(lo, hi)``."""
    return lines[bisect.bisect_left(lines, lo) : bisect.bisect_left(lines, hi)]


#: kind byte -> its KIND_RANK (for :meth:`Segment.translated_kinds`)
_RANKS = bytes(KIND_RANK.get(kind, 3) for kind in range(256))
#: a row of a rank group, not yet a hit: (tier, path, segment, row)
_Row = tuple[int, str, Segment, int]


def _in_group(item: _Row) -> tuple[int, int, str, int]:
    """The rank of a row among those of its group (:func:`_ranking` with the name's length and spelling equal)."""
    level, path, segment, row = item
    return (
        level,
        _RANKS[segment.kinds[row]],
        path,
        position_at(segment.start_lines, segment.spans, segment.overflow, row)[4],
    )


def _best_rows(
    segment: Segment, rows: Sequence[int], limit: int, admitted: Callable[[Segment, int], str | None]
) -> list[int]:
    """Of one name's ``rows``, those that can be among its best ``limit`` by
    (kind rank, path, name line): rows are in (path, document) order, so per
    kind rank the first admitted ones in order, up to the end of the file
    where the limit is reached (name lines within a file are sorted later)."""
    ranks = segment.translated_kinds(_RANKS)
    chosen: list[int] = []
    for rank in range(4):
        last_file = -1
        for row in (r for r in rows if ranks[r] == rank):
            if len(chosen) >= limit and segment.file_of(row) != last_file:
                return chosen
            if admitted(segment, row) is not None:
                chosen.append(row)
                last_file = segment.file_of(row)
        if len(chosen) >= limit:
            return chosen
    return chosen


#: a C-speed test of ``text[start:end]`` (a compiled pattern's ``search`` or ``match``): truthy if it passes
_Test = Callable[[str, int, int], object]


def _passing(lines: Iterable[int], laid: Segment | Marked, test: _Test, offset: int = 0) -> Iterator[int]:
    """Those of ``lines`` (in their order, lazily) whose name passes
    ``test(text, start + offset, end)``, called with where it is in one
    string: the folded names of a :class:`Segment` (its ``blob``), or its
    :class:`Marked` names.  One test a name, on the string as it is: laying
    the names out first took longer than the tests."""
    if isinstance(laid, Marked):
        text, starts, rank = laid.lines.text, laid.lines.starts, laid.rank
        for line in lines:
            j = rank[line]
            if test(text, starts[j] + offset, starts[j + 1] - 1):
                yield line
    else:
        text, starts = laid.blob, laid.starts
        for line in lines:
            if test(text, starts[line] + offset, starts[line + 1] - 1):
                yield line


def _finds(text: str, needle: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Every position of ``needle`` in ``text[start:end]``."""
    pos = text.find(needle, start, end)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1, end)


def _humps_pattern(lower: str) -> re.Pattern[str]:
    """Each query character continues the current word or starts a later one
    (words are skipped whole, possessively: a failing line is read once a try)."""
    later = r"(?:[^\n\x01]*+\x01(?:[^\n\x01]*+\x01)*?)?"  # nothing, or on to some later word's start
    return re.compile(r"\n\x01" + re.escape(lower[0]) + "".join(later + re.escape(ch) for ch in lower[1:]))


def _spelled_pattern(lower: str) -> re.Pattern[str] | None:
    """The camel-humps matches whose initials (see :func:`_initials`) begin
    with ``lower``: each query character starts a word, the words between
    them start with no letter or digit; None if ``lower`` holds a character
    that is neither (no initials spell it)."""
    if not all(ch.isalnum() for ch in lower):
        return None
    skipped = r"(?:\x01(?![^\W_])[^\x01\n]*+)*+"  # words that give no initial
    word = r"[^\x01\n]*+"  # the rest of a word
    spelled = (skipped + r"\x01" + re.escape(ch) + word for ch in lower[1:])
    return re.compile(r"\n\x01" + re.escape(lower[0]) + word + "".join(spelled))


def _subsequence_pattern(lower: str) -> re.Pattern[str]:
    """``lower`` as a subsequence within one line, from an occurrence of its first character.

    Each gap skips only characters that are not the next one wanted, so a
    match attempt is greedy-earliest; the gaps are possessive (``*+``), so a
    failed attempt does not step back through them either.
    """
    gaps = "".join(f"[^\n{_in_class(ch)}]*+{re.escape(ch)}" for ch in lower[1:])
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
