"""Discovery: walk workspace roots and choose the files to index.

Honours ``.gitignore`` files at every level, ``.git/info/exclude``,
``.ragexignore`` (same syntax, wins over ``.gitignore``), the configured
excludes and the default ones (matching by ``pathspec``, git's own rules).
Skips files over the size limit and counts every skip by reason.  Never
follows a directory symlink (a target inside the workspace is walked at its
real path; one outside is not ours; loops are impossible), follows file
symlinks whose target lies inside a root, and never yields one real file
twice.  Binary and minified files are recognised later, by the worker that
reads them (see :mod:`ragex_lsp.worker`).
"""

from __future__ import annotations

import logging
import os
import re
import stat
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, overload

import pathspec

from ragex_lsp.core import languages
from ragex_lsp.settings import Settings

log = logging.getLogger("ragex.discovery")

IGNORE_FILES = (".gitignore", ".ragexignore")
HEAD_BYTES = 4096


class SourceFile(NamedTuple):
    """A file to index: absolute path, language name, size in bytes, mtime in ns."""

    path: str
    language: str
    size: int
    mtime_ns: int = 0


class Files(Sequence[SourceFile]):
    """Files found, in order, kept compactly: the paths end to end in one
    string, sizes and mtimes in arrays, a language number a byte; a
    :class:`SourceFile` is made when one is asked for.

    A warm server walks its whole workspace to check it against the index:
    as one tuple each (with its path, size and mtime objects), 46,000 files
    took 15 MB of small objects at once, and freed they left the server's
    object arenas half empty for good (pymalloc returns an arena only once
    every object in it is gone)."""

    _BUFFERED = 256  # paths kept as strings before they are joined

    def __init__(self, files: Iterable[SourceFile] = ()) -> None:
        self._joined: list[str] = []  # paths joined, a few hundred a string
        self._buffered: list[str] = []
        self._ends = array("Q")  # where each path ends in the joined text
        self._sizes, self._mtimes = array("q"), array("q")
        self._languages = bytearray()
        self._language_names: list[str] = []
        for f in files:
            self.append(f)

    def append(self, f: SourceFile) -> None:
        if f.language not in self._language_names:
            self._language_names.append(f.language)
        self._languages.append(self._language_names.index(f.language))
        self._ends.append((self._ends[-1] if self._ends else 0) + len(f.path))
        self._sizes.append(f.size)
        self._mtimes.append(f.mtime_ns)
        self._buffered.append(f.path)
        if len(self._buffered) >= self._BUFFERED:
            self._joined.append("".join(self._buffered))
            self._buffered = []

    def _join(self) -> str:
        """The paths end to end (joined once, then kept so)."""
        if self._buffered or len(self._joined) != 1:
            self._joined = ["".join(self._joined + self._buffered)]
            self._buffered = []
        return self._joined[0]

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, i: int) -> SourceFile: ...
    @overload
    def __getitem__(self, i: slice) -> list[SourceFile]: ...
    def __getitem__(self, i: int | slice) -> SourceFile | list[SourceFile]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._make(self._join(), i)

    def __iter__(self) -> Iterator[SourceFile]:
        text = self._join()
        return (self._make(text, i) for i in range(len(self)))

    def _make(self, text: str, i: int) -> SourceFile:
        start = self._ends[i - 1] if i else 0
        language = self._language_names[self._languages[i]]
        return SourceFile(text[start : self._ends[i]], language, self._sizes[i], self._mtimes[i])

    def paths(self) -> Iterator[str]:
        text, ends = self._join(), self._ends
        return (text[ends[i - 1] if i else 0 : ends[i]] for i in range(len(ends)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class Discovery:
    """What a walk found: the files, the skips by reason, the failures."""

    files: Files = field(default_factory=Files)
    skipped: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


class _Rules:
    """Ignore specs in force for one directory, outermost first."""

    def __init__(self, specs: tuple[tuple[str, _Spec], ...]) -> None:
        self.specs = specs  # (base directory, spec)

    def with_dir(self, directory: str, names: set[str]) -> _Rules:
        added = []
        for name in IGNORE_FILES:
            if name in names:
                spec = _read_spec(os.path.join(directory, name))
                if spec is not None:
                    added.append((directory, spec))
        return _Rules(self.specs + tuple(added)) if added else self

    def ignored(self, path: str, is_dir: bool) -> bool:
        """The innermost spec with a matching pattern decides (git's precedence)."""
        for base, spec in reversed(self.specs):
            rel = path[len(base) + 1 :].replace(os.sep, "/")  # base is an ancestor of path
            include = spec.check(rel + "/" if is_dir else rel)
            if include is not None:
                return include
        return False


class _Spec:
    """One ignore file's patterns: whether they ignore a path (None: no pattern
    matches).  Without negations, that is whether any pattern matches, and
    one regular expression of all of them tells it in one search (pathspec
    tries each pattern in turn: most of the walk's time)."""

    def __init__(self, spec: pathspec.PathSpec) -> None:
        self.spec = spec
        self.any: re.Pattern[str] | None = None
        patterns = [p for p in spec.patterns if p.include is not None]  # not comments and blank lines
        regexes = [
            p.regex.pattern
            for p in patterns
            if isinstance(p, pathspec.RegexPattern) and p.include and p.regex is not None
        ]
        self.empty = not patterns
        if patterns and len(regexes) == len(patterns):
            try:  # pathspec's own named groups would clash when joined
                self.any = re.compile("|".join(f"(?:{_NAMED.sub('(?:', r)})" for r in regexes))
            except (re.error, TypeError):
                self.any = None

    def check(self, rel: str) -> bool | None:
        if self.empty:
            return None
        if self.any is not None:
            return True if self.any.search(rel) else None
        include = self.spec.check_file(rel).include
        return None if include is None else bool(include)


_NAMED = re.compile(r"\(\?P<\w+>")


def _read_spec(path: str) -> _Spec | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    return _spec(lines, path)


def _spec(lines: list[str], source: str) -> _Spec:
    """The spec of ``lines``; a pattern git would not accept is left out with a warning."""
    try:
        return _Spec(pathspec.GitIgnoreSpec.from_lines(lines))
    except (ValueError, re.error):  # pathspec's GitIgnorePatternError is a ValueError
        pass
    valid = []
    for number, line in enumerate(lines, 1):
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error):
            log.warning("%s:%d: invalid pattern left out", source, number)  # not the text: logs hold no content
            continue
        valid.append(line)
    return _Spec(pathspec.GitIgnoreSpec.from_lines(valid))


def base_rules(root: str, settings: Settings) -> _Rules:
    """Defaults, then configured excludes, then ``.git/info/exclude``, relative to ``root``."""
    specs: list[tuple[str, _Spec]] = [
        (root, _spec(list(settings.default_excludes), "default excludes")),
        (root, _spec(list(settings.exclude), "exclude setting")),
    ]
    info = _read_spec(os.path.join(root, ".git", "info", "exclude"))
    if info is not None:
        specs.append((root, info))
    return _Rules(tuple(specs))


def root_of(path: str, roots: Sequence[str]) -> str | None:
    """The innermost of ``roots`` that holds ``path``."""
    inside = [r for r in roots if _inside(path, [r])]
    return max(inside, key=len) if inside else None


def check_path(path: str, roots: Sequence[str], settings: Settings) -> SourceFile | str:
    """One file judged as :func:`discover` would judge it: its entry, or why not.

    For single changed files: rebuilds the ignore rules along the path.
    """
    real = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
    real_roots = [os.path.realpath(r) for r in roots]
    root = root_of(real, real_roots)
    if root is None:
        return "outside the workspace"
    if os.path.islink(real) and not _inside(os.path.realpath(real), real_roots):
        return "symlink outside workspace"
    rules = base_rules(root, settings).with_dir(root, _names(root))
    directory = root
    rel = os.path.relpath(os.path.dirname(real), root)
    for part in [] if rel == "." else rel.split(os.sep):
        directory = os.path.join(directory, part)
        if rules.ignored(directory, True):
            return "ignored"
        rules = rules.with_dir(directory, _names(directory))
    if rules.ignored(real, False):
        return "ignored"
    try:
        st = os.stat(real)
    except OSError as e:
        return f"unreadable: {e.strerror}"
    result = Discovery()
    _add(result, set(), real, os.path.basename(real), st, languages.detect(real), settings)
    if result.files:
        return result.files[0]
    if result.failed:
        return result.failed[0][1]
    return next(iter(result.skipped), "not source")


def _names(directory: str) -> set[str]:
    try:
        return set(os.listdir(directory))
    except OSError:
        return set()


def _inside(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _head(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read(HEAD_BYTES)


#: how many files :func:`discover` hands to its ``early`` callback
EARLY_FILES = 100


def discover(
    roots: Iterable[str], settings: Settings, early: Callable[[list[SourceFile]], None] | None = None
) -> Discovery:
    """The files under ``roots`` to index, in a stable order.

    ``early``, if given, is called once with the first :data:`EARLY_FILES`
    files found, while the walk goes on (a cold server extracts them at once).
    """
    real_roots = [os.path.realpath(r) for r in roots]
    result = Discovery()
    seen: set[int] = set()  # files taken or refused, by device and inode (see _add)
    links: list[tuple[str, os.stat_result]] = []  # file symlinks, added after real files
    for root in real_roots:
        if not os.path.isdir(root):
            result.failed.append((root, "not a directory"))
            continue
        stack = [(root, base_rules(root, settings))]
        while stack:
            directory, rules = stack.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError as e:
                result.failed.append((directory, f"unreadable directory: {e.strerror}"))
                continue
            rules = rules.with_dir(directory, {e.name for e in entries})
            subdirs = []
            for entry in entries:
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if is_dir:
                    if rules.ignored(entry.path, True):
                        result.skipped["ignored"] += 1
                    else:
                        subdirs.append((entry.path, rules))
                    continue
                if rules.ignored(entry.path, False):
                    result.skipped["ignored"] += 1
                    continue
                lang_hint = languages.detect(entry.name)
                ext_less = "." not in entry.name.lstrip(".")
                if lang_hint is None and not ext_less:
                    continue  # not source: not counted, like any other file
                try:
                    st = os.stat(entry.path)
                except OSError as e:
                    if is_link:
                        result.skipped["broken symlink"] += 1
                    else:
                        result.failed.append((entry.path, f"unreadable: {e.strerror}"))
                    continue
                if is_link:
                    if stat.S_ISDIR(st.st_mode):
                        result.skipped["symlink to directory"] += 1
                    elif not _inside(os.path.realpath(entry.path), real_roots):
                        result.skipped["symlink outside workspace"] += 1
                    else:
                        links.append((entry.path, st))
                    continue
                _add(result, seen, entry.path, entry.name, st, lang_hint, settings)
                if early is not None and len(result.files) >= EARLY_FILES:
                    early(result.files[:EARLY_FILES])
                    early = None
            stack.extend(reversed(subdirs))
    for path, st in links:
        _add(result, seen, path, os.path.basename(path), st, languages.detect(path), settings)
    return result


def _add(
    result: Discovery,
    seen: set[int],
    path: str,
    name: str,
    st: os.stat_result,
    lang: languages.Language | None,
    settings: Settings,
) -> None:
    if not stat.S_ISREG(st.st_mode):
        return
    key = st.st_dev << 64 | st.st_ino  # one int, not a tuple of two: a third of the memory while the walk lasts
    if key in seen:
        result.skipped["duplicate"] += 1
        return
    if st.st_size > settings.max_file_size:
        seen.add(key)
        result.skipped["too large"] += 1
        return
    needs_head = lang is None or name.endswith(".h")
    if needs_head:
        try:
            lang = languages.detect(name, _head(path))
        except OSError as e:
            result.failed.append((path, f"unreadable: {e.strerror}"))
            return
    if lang is None:
        return
    seen.add(key)
    result.files.append(SourceFile(path, lang.name, st.st_size, st.st_mtime_ns))
