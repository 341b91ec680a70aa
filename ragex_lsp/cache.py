"""The persistent cache: each workspace root's files and symbols, in SQLite, for warm starts.

One database per (workspace root, position encoding) under the user's cache
directory (``platformdirs``; ``RAGEX_CACHE_DIR`` overrides).  Per file: its
path relative to the root, size, mtime, content hash (xxh3-64) and its
symbols as :meth:`Packed.to_bytes`.  A ``stamp`` of the versions of ragex,
tree-sitter, the grammars and the queries (and of the encoding) is stored
with it: any change discards the whole cache.

Safe by construction: a database that is corrupt, truncated, foreign or of
another stamp is discarded with one warning and rebuilt; SQLite's WAL mode
and transactions keep readers and a writer apart, and a lock file makes one
server the writer of a database (a second editor window only reads it); the
directory is private to the user (0700) and so are its files (0600).  A
cache that cannot be written (disk full, read-only) logs one warning and the
server goes on without it.

A shared index file (``ragex index --output FILE``, read by the server
when ``indexFile`` is set) is a database of the same format written whole by
:class:`IndexWriter` and read by :class:`IndexFile`: paths relative to the
indexed root, content hashes deciding which entries hold on another machine.
One that is not such a database, or is of another stamp, is refused with the
reason (:class:`IndexFileError`).

Blocking IO: callers run it off the event loop (the server uses one thread).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

import platformdirs
import xxhash

from ragex_lsp import __version__
from ragex_lsp.core.packed import Packed

log = logging.getLogger("ragex.cache")

#: the database layout; a change discards old caches
SCHEMA = 4  # 4: symbols' position fields a byte each (Packed format 3)
#: files read from the database per chunk when loading, at least; a chunk
#: holds as many files as were loaded before it, so that the segments built
#: from chunks double in size and need no merging
LOAD_CHUNK = 2000
#: files, and symbols, at most in the first chunk (the largest files come first)
FIRST_CHUNK = 100
FIRST_SYMBOLS = 5_000
#: paths looked up in an index file per query
LOOKUP_CHUNK = 500
_SQLITE_MAGIC = b"SQLite format 3\0"
#: bytes of a snapshot per database row (SQLite keeps rows below 1 GB; smaller ones are kinder to its cache)
SNAPSHOT_PART = 16 << 20
_GRAMMAR_PACKAGES = ("tree-sitter", "tree-sitter-language-pack", "tree-sitter-c-sharp")


class Entry(NamedTuple):
    """One cached file."""

    size: int
    mtime_ns: int
    digest: int
    symbols: Packed


def default_directory() -> Path:
    return Path(platformdirs.user_cache_dir("ragex-lsp", appauthor=False))


def stamp(encoding: str) -> str:
    """What a cache's contents depend on: versions of ragex, the grammars and queries, and the encoding."""
    versions = []
    for package in _GRAMMAR_PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} -")
    queries = hashlib.blake2b(digest_size=8)
    for entry in sorted(resources.files("ragex_lsp.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".scm"):
            queries.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return "; ".join(
        [f"schema {SCHEMA}", f"ragex {__version__}", *versions, f"queries {queries.hexdigest()}", encoding]
    )


def database_path(directory: Path, root: str, encoding: str) -> Path:
    key = hashlib.blake2b(os.path.realpath(root).encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    name = "".join(c if c.isalnum() else "-" for c in os.path.basename(root.rstrip(os.sep)))[:40] or "root"
    return directory / f"{name}-{key}-{encoding}.sqlite"


def _private_directory(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if directory.stat().st_mode & 0o077:
        os.chmod(directory, 0o700)


class Cache:
    """The cache of one workspace root.  Blocking; use from one thread at a time."""

    def __init__(self, root: str, encoding: str, directory: Path | None = None) -> None:
        self.root = root
        self.directory = directory or default_directory()
        self.path = database_path(self.directory, root, encoding)
        self.stamp = stamp(encoding)
        self.writer = False  # whether this process may write (holds the lock)
        self.failed: str | None = None  # why it is unusable, once it is
        self._db: sqlite3.Connection | None = None
        self._lock_fd: int | None = None

    # -- opening -----------------------------------------------------------------
    def open(self) -> bool:
        """Open (creating or rebuilding as needed); False if no cache can be used."""
        if self._db is not None:
            return True
        if self.failed is not None:  # turned off once: stays off, no second warning
            return False
        try:
            _private_directory(self.directory)
            self._take_lock()
            problem = self._problem()
            if problem:
                if not self.writer:
                    self.failed = f"{problem}; another server owns it"
                    return False
                if problem != "new":
                    log.warning("cache %s %s; rebuilding it", self.path, problem)
                self._remove_files()
            self._db = self._connect()
            if self.writer:
                self._create()
            return True
        except (OSError, sqlite3.Error) as e:
            self._disable(f"cannot be opened: {e}")
            return False

    def _take_lock(self) -> None:
        fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            log.info("cache %s is written by another server; reading it only", self.path)
            return
        self._lock_fd, self.writer = fd, True

    def _problem(self) -> str | None:
        """Why the database file cannot be used as it is ('new' when there is none)."""
        try:
            with open(self.path, "rb") as f:
                header = f.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            return "new"
        if header != _SQLITE_MAGIC:
            return "is not a ragex cache (foreign or corrupt)"
        try:  # damage further in shows when the rows are read (see load)
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        except sqlite3.Error as e:
            return f"is unreadable ({e})"
        if row is None or row[0] != self.stamp:
            return "was made by another version of ragex or its grammars"
        return None

    def _connect(self) -> sqlite3.Connection:
        if self.writer and not self.path.exists():
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))  # private before SQLite writes
        mode = "rwc" if self.writer else "ro"
        db = sqlite3.connect(f"file:{self.path}?mode={mode}", uri=True, check_same_thread=False, timeout=10)
        db.execute("PRAGMA busy_timeout = 10000")
        if self.writer:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        return db

    def _create(self) -> None:
        assert self._db is not None
        _create_schema(self._db, self.stamp, self.root)

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{self.path}{suffix}")

    def _disable(self, why: str) -> None:
        if self.failed is None:
            log.warning("cache %s %s; going on without it", self.path, why)
        self.failed = why
        self.close()

    # -- reading -----------------------------------------------------------------
    def load(self, loaded: int = 0, since: int = -1) -> Iterator[list[tuple[str, Entry]]]:
        """Every cached file (absolute path, entry) written after write number
        ``since`` (see :meth:`snapshots`), in chunks: a small first
        one (unless ``loaded``, the files already loaded from other caches),
        then each as large as all before it.

        A corrupt row or database ends the load: what was read stays valid,
        the cache is discarded with one warning and rebuilt.
        """
        if not self.open():
            return
        assert self._db is not None
        chunk: list[tuple[str, Entry]] = []
        try:
            rows = self._db.execute(
                "SELECT path, size, mtime_ns, digest, symbols FROM files WHERE generation > ?", (since,)
            )
            first = not loaded  # a small first chunk: the first answers come sooner
            size, symbols = FIRST_CHUNK if first else max(LOAD_CHUNK, loaded), 0
            for rel, *row in rows:
                entry = _entry(*row)
                chunk.append((self._absolute(_loaded(rel)), entry))
                symbols += len(entry.symbols)
                if len(chunk) >= size or (first and symbols >= FIRST_SYMBOLS):
                    loaded += len(chunk)
                    yield chunk
                    chunk, size, first = [], max(LOAD_CHUNK, loaded), False
        except (sqlite3.Error, ValueError, TypeError) as e:
            yield chunk
            self._rebuild(f"is corrupt ({e})")
            return
        yield chunk

    def _rebuild(self, why: str) -> None:
        if not self.writer:
            self._disable(f"{why}; another server owns it")
            return
        log.warning("cache %s %s; rebuilding it", self.path, why)
        self._close_db()
        self._remove_files()
        try:
            self._db = self._connect()
            self._create()
        except (OSError, sqlite3.Error) as e:
            self._disable(f"cannot be rebuilt: {e}")

    # -- writing -----------------------------------------------------------------
    def write(self, changed: Iterable[tuple[str, Entry]], removed: Iterable[str] = ()) -> None:
        """Store ``changed`` files and forget ``removed`` ones, in one transaction."""
        if not self.open() or not self.writer:
            return
        assert self._db is not None
        rows = [_row(self._relative(p), e) for p, e in changed]
        gone = [(_stored(self._relative(p)),) for p in removed]
        try:
            with self._db:
                generation = self._generation() + 1  # the writer holds the lock: no one else counts
                self._db.executemany("DELETE FROM files WHERE path = ?", gone)
                self._db.executemany(_INSERT_ROW, [(*row, generation) for row in rows])
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(generation),))
        except sqlite3.Error as e:
            self._disable(f"cannot be written ({e})")

    def _generation(self) -> int:
        assert self._db is not None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def generation(self) -> int:
        """The number of the last write (each row carries the number of the write that made it)."""
        if not self.open():
            return 0
        try:
            return self._generation()
        except (sqlite3.Error, ValueError) as e:
            self._disable(f"is unreadable ({e})")
            return 0

    # -- snapshots -----------------------------------------------------------------
    def write_snapshot(self, snapshots: Sequence[bytes], generation: int) -> None:
        """Keep ``snapshots`` (see :mod:`ragex_lsp.core.snapshot`) as the cache's
        files as of write ``generation``: a warm start loads them and the rows
        written after it (which win over the snapshots' versions)."""
        if not self.open() or not self.writer:
            return
        assert self._db is not None
        try:
            with self._db:
                self._db.execute("DELETE FROM snapshot")
                for number, data in enumerate(snapshots):
                    pieces = [data[i : i + SNAPSHOT_PART] for i in range(0, len(data), SNAPSHOT_PART)] or [b""]
                    for i, piece in enumerate(pieces):  # a part's key: the snapshot's number, then the piece's
                        self._db.execute("INSERT INTO snapshot VALUES (?, ?)", (number << 16 | i, piece))
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('snapshot', ?)", (str(generation),))
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('snapshot digest', ?)", (_digest(snapshots),))
        except sqlite3.Error as e:
            self._disable(f"cannot be written ({e})")

    def snapshots(self) -> tuple[int, list[bytes]]:
        """The snapshots and the write they are as of (-1 and none: there are none,
        or they are damaged, which is logged: the rows alone are then loaded)."""
        if not self.open():
            return -1, []
        assert self._db is not None
        try:
            self._db.execute("BEGIN")  # one read transaction: the snapshot and its meta agree
            try:
                meta = dict(self._db.execute("SELECT key, value FROM meta WHERE key LIKE 'snapshot%'").fetchall())
                parts: dict[int, list[bytes]] = {}
                for key, data in self._db.execute("SELECT part, data FROM snapshot ORDER BY part"):
                    parts.setdefault(key >> 16, []).append(data)
            finally:
                self._db.rollback()
            if "snapshot" not in meta:
                return -1, []
            snapshots = [b"".join(pieces) for _, pieces in sorted(parts.items())]
            if _digest(snapshots) != meta.get("snapshot digest"):
                raise ValueError("its digest does not match")
            return (int(meta["snapshot"]), snapshots) if snapshots else (-1, [])
        except (sqlite3.Error, ValueError, TypeError) as e:
            log.warning("cache %s: snapshot unusable (%s); loading the files one by one", self.path, e)
            self.drop_snapshot()
            return -1, []

    def drop_snapshot(self) -> None:
        """Forget the snapshots (a warm start then loads every row)."""
        if self._db is None or not self.writer:
            return
        try:
            with self._db:
                self._db.execute("DELETE FROM snapshot")
                self._db.execute("DELETE FROM meta WHERE key LIKE 'snapshot%'")
        except sqlite3.Error as e:
            self._disable(f"cannot be written ({e})")

    def _close_db(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def close(self) -> None:
        self._close_db()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd, self.writer = None, False

    # -- paths -------------------------------------------------------------------
    def _relative(self, path: str) -> str:
        return os.path.relpath(path, self.root)

    def _absolute(self, rel: str) -> str:
        return os.path.normpath(os.path.join(self.root, rel))


def _create_schema(db: sqlite3.Connection, stamp: str, root: str) -> None:
    with db:
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
            " mtime_ns INTEGER NOT NULL, digest INTEGER NOT NULL, symbols BLOB NOT NULL,"
            " generation INTEGER NOT NULL DEFAULT 0)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS files_by_generation ON files (generation)")
        db.execute("CREATE TABLE IF NOT EXISTS snapshot (part INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('root', ?)", (_stored(root),))


_INSERT_ROW = (
    "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest, symbols, generation) VALUES (?, ?, ?, ?, ?, ?)"
)


def _snapshot_bytes(db: sqlite3.Connection) -> int:
    """The size of a database's snapshot (0 in one of an older layout, which has none)."""
    try:
        return int(db.execute("SELECT coalesce(sum(length(data)), 0) FROM snapshot").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _digest(snapshots: Sequence[bytes]) -> str:
    """A hash of the snapshots (SQLite does not notice flipped bits in a blob)."""
    digest = xxhash.xxh3_64()
    for data in snapshots:
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _row(rel: str, e: Entry) -> tuple[str | bytes, int, int, int, bytes]:
    return (_stored(rel), e.size, e.mtime_ns, _signed(e.digest), e.symbols.to_bytes())


def _stored(rel: str) -> str | bytes:
    """A relative path as the database keeps it: text, or its bytes when the
    name is not UTF-8 (SQLite keeps a BLOB in a TEXT column as it is)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(rel)
    return rel


def _loaded(value: str | bytes) -> str:
    """A stored path (see :func:`_stored`) as a str again."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def _entry(size: int, mtime_ns: int, digest: int, blob: bytes) -> Entry:
    """A database row as an entry; ValueError or TypeError if it is damaged."""
    return Entry(size, mtime_ns, _unsigned(digest), Packed.from_bytes(blob))


def _signed(digest: int) -> int:
    """A 64-bit hash as SQLite's signed INTEGER."""
    return digest - (1 << 64) if digest >= 1 << 63 else digest


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


class IndexFileError(Exception):
    """A shared index file that cannot be used; the message says why."""


class IndexWriter:
    """Writes a shared index file: the cache's format, paths relative to ``root``.

    Written to ``FILE.partial`` and renamed over ``FILE`` by :meth:`commit`,
    so a reader never sees half a file.  sqlite3.Error or OSError when it
    cannot be written.
    """

    def __init__(self, path: str, root: str, encoding: str) -> None:
        self.path = os.path.abspath(path)
        self.root = os.path.realpath(root)
        self.files = 0
        self._partial = f"{self.path}.partial"
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._partial)
        self._db = sqlite3.connect(self._partial, check_same_thread=False)
        self._db.execute("PRAGMA synchronous = OFF")  # a crash leaves only the .partial file
        _create_schema(self._db, stamp(encoding), self.root)

    def add(self, entries: Iterable[tuple[str, Entry]]) -> None:
        """Store files by absolute path (under the root)."""
        rows = [_row(os.path.relpath(p, self.root), e) for p, e in entries]
        with self._db:
            self._db.executemany(_INSERT_ROW, [(*row, 0) for row in rows])
        self.files += len(rows)

    def commit(self) -> int:
        """Finish the file; how many files it holds."""
        self._db.close()
        os.replace(self._partial, self.path)
        return self.files

    def abort(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._partial)


class IndexFile:
    """A shared index file, read only; :class:`IndexFileError` if it is not one this ragex can use."""

    def __init__(self, path: str, encoding: str) -> None:
        self.path = path
        try:
            with open(path, "rb") as f:
                header = f.read(len(_SQLITE_MAGIC))
        except OSError as e:
            raise IndexFileError(f"cannot be read: {e.strerror or e}") from None
        if header != _SQLITE_MAGIC:
            raise IndexFileError("is not a ragex index (foreign or corrupt)")
        try:
            self._db = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as e:
            raise IndexFileError(f"is not a ragex index (foreign or corrupt: {e})") from None
        here, theirs = stamp(encoding), str(meta.get("stamp", ""))
        if theirs != here:
            self.close()
            if theirs.rsplit("; ", 1)[0] == here.rsplit("; ", 1)[0]:
                raise IndexFileError(
                    f"holds {theirs.rsplit('; ', 1)[-1]} positions, the editor uses {encoding}"
                    f" (build it with `ragex index --output FILE --encoding {encoding}`)"
                )
            raise IndexFileError(
                f"was made by another version of ragex or its grammars ({theirs or 'no stamp'}; this is {here})"
            )
        self.root = str(_loaded(meta.get("root", "")))

    def lookup(self, paths: Sequence[str]) -> list[tuple[str, Entry]]:
        """The entries of those of ``paths`` (relative to the root) that the file holds."""
        out = []
        try:
            for at in range(0, len(paths), LOOKUP_CHUNK):
                chunk = [_stored(p) for p in paths[at : at + LOOKUP_CHUNK]]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT path, size, mtime_ns, digest, symbols FROM files WHERE path IN ({marks})", chunk
                )
                out += [(_loaded(rel), _entry(*row)) for rel, *row in rows]
        except (sqlite3.Error, ValueError, TypeError) as e:
            raise IndexFileError(f"is corrupt ({e})") from None
        return out

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


def describe(directory: Path | None = None) -> list[dict[str, object]]:
    """Every cache database in ``directory``: its root, files, symbols, bytes, and
    whether this version of ragex can use it (what ``ragex cache info`` shows)."""
    directory = directory or default_directory()
    out: list[dict[str, object]] = []
    for path in sorted(directory.glob("*.sqlite")) if directory.is_dir() else ():
        row: dict[str, object] = {"path": str(path), "bytes": _size(path)}
        try:
            with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
                heads = db.execute("SELECT substr(symbols, 1, ?) FROM files", (Packed.HEADER_SIZE,)).fetchall()
                snapshot = _snapshot_bytes(db)
        except sqlite3.Error as e:
            out.append(row | {"problem": f"unreadable: {e}"})
            continue
        encoding = str(meta.get("stamp", "")).rsplit("; ", 1)[-1]
        row |= {
            "root": _loaded(meta.get("root", "")),
            "encoding": encoding,
            "files": len(heads),
            "symbols": sum(Packed.length_of(h) for (h,) in heads),
            "snapshot_bytes": snapshot,
            "current": meta.get("stamp") == stamp(encoding),
        }
        out.append(row)
    return out


def _size(path: Path) -> int:
    return sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal") if os.path.exists(f"{path}{s}"))


def clear(directory: Path | None = None) -> int:
    """Remove every cache database in ``directory``; how many."""
    directory = directory or default_directory()
    removed = 0
    for path in directory.glob("*.sqlite") if directory.is_dir() else ():
        for suffix in ("", "-wal", "-shm", ".lock"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{path}{suffix}")
        removed += 1
    return removed


if sys.platform == "win32":  # pragma: no cover
    raise ImportError("ragex_lsp.cache needs POSIX file locks")
