"""The workspace service: what the language server does, without the protocol.

Owns the settings, the index and the indexing jobs of one workspace.  It is
driven from the server's event loop thread and keeps it free: discovery and
indexing run in threads (the indexer's pool does the CPU work), single-file
extraction runs on one extraction thread, results come back to the loop
thread, which alone changes the index.  Searches run on the loop thread as
generators that give way between steps.

With ``indexFile`` set (a shared index from ``ragex index --output``), the
files a job would extract are first looked up there: an entry whose content
hash equals the file here is taken as it is (into the index and the cache),
the rest is extracted.  A file that cannot be used is refused with one
warning, and the job goes on from the sources.

Knows nothing of pygls or lsprotocol: the server passes plain values in and
converts what comes out.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ragex_lsp.cache import Cache, Entry, IndexFile, IndexFileError
from ragex_lsp.core import languages, positions, snapshot
from ragex_lsp.core.extract import Extractor, lone_cr_as_lf
from ragex_lsp.core.index import Index
from ragex_lsp.core.model import Symbol
from ragex_lsp.core.search import Hit, Query
from ragex_lsp.core.segment import NO_STAMP, Segment, Stamp, merge
from ragex_lsp.core.snapshot import OutdatedSnapshot, SnapshotError
from ragex_lsp.discovery import IGNORE_FILES, Discovery, SourceFile, check_path, discover, root_of
from ragex_lsp.indexer import Indexer, Metrics, Progress
from ragex_lsp.queries import load_query
from ragex_lsp.report import progress_message
from ragex_lsp.resources import release_memory, settle
from ragex_lsp.settings import Settings
from ragex_lsp.worker import FileResult, WorkerConfig, content_digest, extract_file, read_source

log = logging.getLogger("ragex.server")

#: changes are applied once events pause this long, seconds ...
DEBOUNCE = 0.05
#: ... or this long after the first event of a burst that does not pause
DEBOUNCE_MAX = 1.0
#: more changed files than this go through the indexer (the pool) instead of one by one
BULK = 32
#: a burst of more events than this, or an ignore-file change, rescans the roots
RESCAN = 500
#: cache writes are gathered for this long, seconds
CACHE_FLUSH = 2.0
#: files checked against the shared index file per step
SEED_CHUNK = 2000
#: on a cold start, how long the extraction thread extracts discovery's first files
EARLY_SECONDS = 0.3
#: every this many settles (see resources.settle), the frozen objects are collected too
THAW_EVERY = 64
#: a cache's snapshot is taken again once more files than this (and an eighth of all) were written since
SNAPSHOT_AFTER = 1000
#: a search gives way to the event loop after this many seconds of work
SLICE = 0.001


class ProgressSink(Protocol):
    """Where a job's progress goes (work-done progress or log messages)."""

    async def begin(self, title: str, message: str) -> None: ...
    def report(self, message: str, percentage: int) -> None: ...
    def end(self, message: str) -> None: ...
    def warn(self, message: str) -> None: ...


@dataclass
class JobState:
    """The last (or running) indexing job."""

    metrics: Metrics | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    seeded: int = 0  # files taken from the shared index file
    from_snapshots: int = 0  # files taken from the caches' snapshots


class WorkspaceService:
    """One workspace: its roots, settings, index and jobs.  Loop-thread only."""

    def __init__(self, settings: Settings, encoding: str = positions.UTF16) -> None:
        self.settings = settings
        self.encoding = encoding
        self.index = Index()
        self.roots: list[str] = []
        self.caches: dict[str, Cache] = {}  # real root -> its persistent cache
        self._unsnapshotted: dict[str, int | None] = {}  # real root -> files written since its snapshot (None: none)
        self._cache_out: dict[str, tuple[dict[str, Entry], set[str]]] = {}  # root -> writes due
        self._cache_flush: asyncio.TimerHandle | None = None
        self._cache_thread = ThreadPoolExecutor(1, thread_name_prefix="ragex-cache")
        self.job = JobState()
        self._cancel: threading.Event | None = None
        self._job_lock = asyncio.Lock()
        self._busy = 0  # jobs requested or running, and change sets being applied
        self._extract_thread = ThreadPoolExecutor(1, thread_name_prefix="ragex-extract")
        self._extractor = Extractor(load_query)
        self._pending: dict[str, str] = {}
        self._flush: asyncio.TimerHandle | None = None
        self._burst = 0.0  # when the first pending change came (0: none pending)
        self._merging = False
        self._settled = -1  # the index version at the last settle()
        self._settles = 0
        self._background: set[asyncio.Task] = set()

    # -- indexing --------------------------------------------------------------
    async def index_roots(self, roots: Sequence[str], sink: ProgressSink, *, full: bool = True) -> Metrics:
        """Index ``roots`` (all roots when ``full``, dropping files no longer there)."""
        self.cancel()
        self._busy += 1  # busy from the request on, not only once the lock is ours
        try:
            async with self._job_lock:
                return await self._index_roots(roots, sink, full)
        finally:
            self._busy -= 1
            self._maybe_merge()

    @property
    def busy(self) -> bool:
        """Whether the index is about to change: a job or pending file changes."""
        return self._busy > 0 or bool(self._pending) or self._flush is not None

    async def _index_roots(self, roots: Sequence[str], sink: ProgressSink, full: bool) -> Metrics:
        cancel = self._cancel = threading.Event()
        await sink.begin("ragex: indexing", "discovering files")
        ended = False
        try:
            await self._load_caches(roots, sink)
            found = await asyncio.to_thread(discover, roots, self.settings, self._early_hook())
            these = [os.path.realpath(r) for r in roots]
            self._remove([p for p in self.index.not_among(found.files.paths()) if full or root_of(p, these)])
            todo = await self._changed(found.files)
            todo = await self._seed(todo, these, sink, cancel)
            metrics = await self._run(todo, sink, cancel)
            self._finish(metrics, found)
            await self._flush_cache()
            sink.end(self.summary())
            ended = True
            return metrics
        finally:
            if not ended:  # an error (logged by the caller): the progress must not stay open
                sink.end("ragex: indexing stopped by an error (see the log)")

    def _early_hook(self) -> Callable[[list[SourceFile]], None] | None:
        """On a cold start (an empty index), discovery's first files are
        extracted at once on the extraction thread, for a budget of
        :data:`EARLY_SECONDS`, so answers come before the walk ends."""
        if self.index.files:
            return None
        loop = asyncio.get_running_loop()

        async def extract(files: list[SourceFile]) -> None:
            results = await loop.run_in_executor(self._extract_thread, self._extract_some, files, EARLY_SECONDS)
            self._apply([r for r in results if r.path not in self.index.files])

        def hook(files: list[SourceFile]) -> None:  # on the discovery thread
            loop.call_soon_threadsafe(self._spawn, extract(files))

        return hook

    def _extract_some(self, files: list[SourceFile], seconds: float) -> list[FileResult]:
        """Extract ``files`` in order until ``seconds`` have passed."""
        deadline = time.monotonic() + seconds
        return [self._extract_one(f) for f in itertools.takewhile(lambda _: time.monotonic() < deadline, files)]

    async def _changed(self, files: Sequence[SourceFile]) -> list[SourceFile]:
        """The files whose indexed version is not the one on disk.

        Same size and mtime: unchanged.  Same size, other mtime (a checkout
        that rewrote a file as it was): the content hash decides.
        """
        unclear = []
        todo = []
        for f in files:
            size, mtime_ns, _ = self.index.stamp(f.path) or NO_STAMP
            if size == f.size and mtime_ns == f.mtime_ns:
                continue
            if size == f.size:
                unclear.append(f)
            else:
                todo.append(f)
        if unclear:
            digests = await asyncio.to_thread(_digests, [f.path for f in unclear])
            for f, digest in zip(unclear, digests):
                stamp = self.index.stamp(f.path)  # (dropped while the hashes were read: extract it)
                if digest is not None and stamp is not None and digest == stamp[2]:
                    self._restamp(f)
                else:
                    todo.append(f)
        return todo

    def _restamp(self, f: SourceFile) -> None:
        """``f`` changed its mtime only: keep its symbols, remember the new stamp."""
        digest = (self.index.stamp(f.path) or NO_STAMP)[2]
        self.index.restamp(f.path, (f.size, f.mtime_ns, digest))
        self._cache_store(f.path, Entry(f.size, f.mtime_ns, digest, self.index.symbols(f.path)))

    async def _run(self, files: list[SourceFile], sink: ProgressSink | None, cancel: threading.Event) -> Metrics:
        loop = asyncio.get_running_loop()

        def on_files(results: list[FileResult]) -> None:
            loop.call_soon_threadsafe(self._apply, results)

        def on_progress(p: Progress) -> None:
            if sink is not None and p.total:
                loop.call_soon_threadsafe(sink.report, progress_message(p), int(100 * p.done / p.total))

        indexer = Indexer(self.settings, self.encoding)
        metrics = await asyncio.to_thread(indexer.run, files, on_files, on_progress, cancel)
        await asyncio.sleep(0)  # let the last call_soon_threadsafe results land
        return metrics

    def _apply(self, results: list[FileResult]) -> None:
        changed = []
        failed = []
        for r in results:
            if r.status == "ok" and not isinstance(r.payload, str):
                changed.append((r.path, r.payload))
                self._cache_store(r.path, Entry(r.size, r.mtime_ns, r.digest, r.payload))
            else:
                failed.append(r.path)
                if r.status == "failed":
                    log.warning("%s: %s", r.path, r.payload)
        self.index.update(changed, stamps={r.path: (r.size, r.mtime_ns, r.digest) for r in results})
        gc.freeze()  # O(1): the collector walks the index's new objects no more (see resources.settle)
        self._remove(failed)
        self._maybe_merge()

    def _remove(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        for path in paths:
            self._cache_store(path, None)
        if paths:
            self.index.update((), removed=paths)

    # -- the persistent cache ----------------------------------------------------
    async def _load_caches(self, roots: Sequence[str], sink: ProgressSink) -> None:
        """Put what the caches of roots not yet loaded hold into the index, chunk by chunk
        (searches see each chunk at once); discovery then checks it against the disk."""
        if not self.settings.cache:
            return
        loop = asyncio.get_running_loop()
        directory = Path(self.settings.cache_dir) if self.settings.cache_dir else None
        loaded = 0
        for root in (os.path.realpath(r) for r in roots):
            if root in self.caches:
                continue
            cache = self.caches[root] = Cache(root, self.encoding, directory)
            since, snapshots = await loop.run_in_executor(self._cache_thread, cache.snapshots)
            before = loaded
            loaded = await self._load_rows(cache, loaded, since, sink)  # the rows newer than the snapshot first
            self._unsnapshotted[root] = loaded - before if snapshots else None
            if snapshots:
                try:
                    segments = await loop.run_in_executor(self._cache_thread, self._load_snapshots, snapshots)
                except SnapshotError as e:
                    level = logging.INFO if isinstance(e, OutdatedSnapshot) else logging.WARNING
                    log.log(level, "cache %s: snapshot unusable (%s); loading its files one by one", cache.path, e)
                    await loop.run_in_executor(self._cache_thread, cache.drop_snapshot)
                    self._unsnapshotted[root] = None
                    loaded = await self._load_rows(cache, loaded, -1, sink)
                    continue
                count = len(self.index)
                self.index.adopt(segments, missing_only=True, packed=True)  # what was indexed meanwhile wins
                taken = len(self.index) - count
                loaded += taken
                self.job.from_snapshots += taken
                self._loaded(loaded, sink)

    async def _load_rows(self, cache: Cache, loaded: int, since: int, sink: ProgressSink) -> int:
        """Index the files of ``cache`` written after write ``since`` that are not
        indexed yet, chunk by chunk; how many files are loaded after them."""
        loop = asyncio.get_running_loop()
        chunks = await loop.run_in_executor(self._cache_thread, cache.load, loaded, since)
        while (chunk := await loop.run_in_executor(self._cache_thread, next, chunks, None)) is not None:
            fresh = [(p, e) for p, e in chunk if p not in self.index.files]
            if not fresh:
                continue
            files = [(p, e.symbols) for p, e in fresh]
            stamps = _stamps(fresh)
            segments = await loop.run_in_executor(self._cache_thread, self.index.build, files, not loaded, stamps)
            if any(p in self.index.files for p, _ in fresh):  # indexed meanwhile: that version wins
                fresh = [(p, e) for p, e in fresh if p not in self.index.files]
                self.index.update(((p, e.symbols) for p, e in fresh), stamps=stamps)
            else:
                self.index.adopt(segments)
            loaded += len(fresh)
            self._loaded(loaded, sink)
        return loaded

    def _loaded(self, loaded: int, sink: ProgressSink) -> None:
        """After files came from a cache: freeze what came (it lives long), report, merge if due."""
        gc.freeze()
        sink.report(f"{loaded:,} files from the cache; checking them", 0)
        self._maybe_merge()

    def _load_snapshots(self, snapshots: list[bytes]) -> list[Segment]:
        """The segments of a cache's snapshots (in the cache thread); SnapshotError if one is damaged."""
        return [snapshot.load(data, self.index.next_id()) for data in snapshots]

    def _snapshot_due(self, root: str) -> bool:
        """Whether ``root``'s cache should get a new snapshot: it has none, or many
        files were written since it was taken (a warm start reads those one by one)."""
        cache = self.caches[root]
        unsnapshotted = self._unsnapshotted.get(root)
        if not cache.writer or cache.failed is not None:
            return False
        return unsnapshotted is None or unsnapshotted > max(SNAPSHOT_AFTER, len(self.index) // 8)

    async def _write_snapshots(self) -> None:
        """Snapshot the roots that are due (see :meth:`_snapshot_due`), off the loop.

        The snapshot is as of the cache's last write, read after every queued
        write is flushed and just before the index is read, on the loop: what
        is written after it has later numbers, and a warm start takes those
        rows first."""
        due = [root for root in self.caches if self._snapshot_due(root)]
        if not due:
            return
        await self._flush_cache()
        loop = asyncio.get_running_loop()
        for root in due:
            cache = self.caches.get(root)
            if cache is None:
                continue
            generation = await loop.run_in_executor(self._cache_thread, cache.generation)
            whole, groups, restamps = self.index.snapshot_input(_in_cache_of(root, list(self.caches)))
            snapshots = await asyncio.to_thread(_dump, whole, groups, restamps)
            if snapshots:
                await loop.run_in_executor(self._cache_thread, cache.write_snapshot, snapshots, generation)
            del whole, groups, snapshots
            self._unsnapshotted[root] = 0

    def _cache_store(self, path: str, entry: Entry | None) -> None:
        """Queue a cache write (``None``: forget ``path``), flushed off the loop soon."""
        root = root_of(path, list(self.caches))
        if root is None:
            return
        changed, removed = self._cache_out.setdefault(root, ({}, set()))
        if entry is None:
            changed.pop(path, None)
            removed.add(path)
        else:
            removed.discard(path)
            changed[path] = entry
        if self._cache_flush is None:
            loop = asyncio.get_running_loop()
            self._cache_flush = loop.call_later(CACHE_FLUSH, lambda: self._spawn(self._flush_cache()))

    def _take_cache_writes(self) -> list[tuple[Cache, list[tuple[str, Entry]], set[str]]]:
        """The queued cache changes, per cache, emptying the queue and its timer."""
        if self._cache_flush is not None:
            self._cache_flush.cancel()
            self._cache_flush = None
        out, self._cache_out = self._cache_out, {}
        return [
            (self.caches[root], list(changed.items()), removed)
            for root, (changed, removed) in out.items()
            if root in self.caches  # not a folder removed since
        ]

    async def _flush_cache(self) -> None:
        """Write the queued cache changes (in the cache thread)."""
        loop = asyncio.get_running_loop()
        for cache, changed, removed in self._take_cache_writes():
            unsnapshotted = self._unsnapshotted.get(cache.root)
            if unsnapshotted is not None:
                self._unsnapshotted[cache.root] = unsnapshotted + len(changed) + len(removed)
            await loop.run_in_executor(self._cache_thread, cache.write, changed, removed)

    # -- the shared index file ---------------------------------------------------
    async def _seed(
        self, files: list[SourceFile], roots: list[str], sink: ProgressSink, cancel: threading.Event
    ) -> list[SourceFile]:
        """Take the entries of ``files`` that the shared index file holds for their content here;
        the files left to extract."""
        self.job.seeded = 0
        path = self.settings.index_file
        if not path or not files:
            return files
        try:
            shared = await asyncio.to_thread(IndexFile, path, self.encoding)
        except IndexFileError as e:
            sink.warn(f"ragex: shared index {path} {e}; not used, indexing from the sources")
            return files
        rest: list[SourceFile] = []
        done = 0
        try:
            while done < len(files) and not cancel.is_set():
                chunk = files[done : done + SEED_CHUNK]
                taken, missing = await asyncio.to_thread(_match, shared, chunk, roots)
                self._take(taken)
                rest += missing
                done += len(chunk)
                self.job.seeded += len(taken)
                message = f"{done:,}/{len(files):,} files checked against the shared index, {self.job.seeded:,} taken"
                sink.report(message, int(100 * done / len(files)))
        except IndexFileError as e:
            sink.warn(f"ragex: shared index {path} {e}; the rest is indexed from the sources")
        finally:
            await asyncio.to_thread(shared.close)
        return rest + files[done:]

    def _take(self, taken: list[tuple[str, Entry]]) -> None:
        """Files whose symbols came from elsewhere than an extraction: into the index and the cache."""
        self.index.update(((p, e.symbols) for p, e in taken), stamps=_stamps(taken))
        for path, entry in taken:
            self._cache_store(path, entry)
        self._maybe_merge()

    def _finish(self, metrics: Metrics, found: Discovery) -> None:
        metrics.skipped.update(found.skipped)
        metrics.failed[:0] = found.failed
        self.job.metrics = metrics
        self.job.failures = list(metrics.failed)

    def forget_stamps(self) -> None:
        """Take every indexed file for changed: the next job extracts them all again."""
        for path in self.index.files:
            self.index.restamp(path)

    def cancel(self) -> None:
        """Stop the running job, keeping what it indexed."""
        if self._cancel is not None:
            self._cancel.set()

    def summary(self) -> str:
        m = self.job.metrics
        if m is None:
            return "not indexed yet"
        done = "cancelled: " if m.cancelled else ""
        failures = f", {len(m.failed):,} failed" if m.failed else ""
        return (
            f"{done}{self.index.symbol_count:,} symbols in {len(self.index):,} files{failures} ({m.wall_seconds:.1f} s)"
        )

    def _maybe_merge(self) -> None:
        """Merge segments when they pile up, else prepare new ones for search (off the loop)."""
        if self._merging:
            return
        if not self.index.needs_merge():  # prepare new segments once no job adds more
            fresh = [s for s in self.index.segments if not s.prepared] if not self._busy else []
            if fresh:
                self._merging = True
                self._spawn(self._prepare(fresh))
            elif not self.busy and self._settled != self.index.version:
                self._merging = True
                self._spawn(self._settle())
            return
        self._merging = True
        segment_id, chosen, files = self.index.merge_input()

        async def run_merge() -> None:
            try:
                merged: Segment = await asyncio.to_thread(merge, segment_id, files)
                self.index.install_merge(merged, chosen)
                files.clear()  # the old segments go now, not when this task ends
                await asyncio.to_thread(release_memory)
            finally:
                self._merging = False
            self._maybe_merge()

        self._spawn(run_merge())

    async def _settle(self) -> None:
        """:func:`~ragex_lsp.resources.settle` in a thread (the heap trim there lets go of the GIL)."""
        version = self.index.version
        self._settles += 1
        try:
            if self.index.needs_compaction():  # made in a thread, swapped in here
                self.index.install_compaction(await asyncio.to_thread(self.index.compaction))
            await self._write_snapshots()
            await asyncio.to_thread(settle, self._settles % THAW_EVERY == 0)
            self._settled = version
        finally:
            self._merging = False
        self._maybe_merge()

    async def _prepare(self, segments: list[Segment]) -> None:
        try:
            for segment in segments:
                await asyncio.to_thread(segment.prepare)
        finally:
            self._merging = False
        self._maybe_merge()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- queries ---------------------------------------------------------------
    async def workspace_symbols(self, text: str) -> list[Hit]:
        """Ranked hits; gives way to the loop before the first step and then
        between steps once :data:`SLICE` has passed, so it can be cancelled (a
        turn of the loop at every one of a search's hundreds of steps cost
        more than the search)."""
        steps = self.index.search(Query(text, self.settings.result_limit))
        turn = 0.0  # the first step does no work: a cancel right behind the request wins there
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value
            if time.monotonic() >= turn:
                await asyncio.sleep(0)
                turn = time.monotonic() + SLICE

    async def outline(self, path: str, text: str) -> list[Symbol]:
        """The symbols of an editor buffer (unsaved edits included), with details."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._extract_thread, self._outline, path, text)

    def _outline(self, path: str, text: str) -> list[Symbol]:
        source = lone_cr_as_lf(text.encode("utf-8", "surrogatepass"))  # lines as the extractor counts them
        lang = languages.detect(path, source[:4096])
        if lang is None:
            return []
        return positions.convert(source, self._extractor.extract(lang.name, source), self.encoding)

    # -- keeping the index true ------------------------------------------------
    def file_changed(self, path: str, kind: str) -> None:
        """A saved, created, changed or deleted file (or folder), applied with what
        else arrives once events pause for :data:`DEBOUNCE` (at the latest
        :data:`DEBOUNCE_MAX` into a burst): 1,000 saves in a second cost a
        re-extraction or two, never a backlog of a thousand."""
        self._pending[path] = kind
        now = time.monotonic()
        self._burst = self._burst or now
        if self._flush is not None:
            self._flush.cancel()
        delay = DEBOUNCE if now - self._burst < DEBOUNCE_MAX else 0.0
        self._flush = asyncio.get_running_loop().call_later(delay, lambda: self._spawn(self._apply_changes()))

    async def _apply_changes(self) -> None:
        self._busy += 1
        try:
            await self._apply_pending()
        finally:
            self._busy -= 1
            self._maybe_merge()  # prepare (then settle) what the changes added

    async def _apply_pending(self) -> None:
        self._flush, self._burst = None, 0.0
        pending, self._pending = self._pending, {}
        if (
            any(os.path.basename(p) in IGNORE_FILES for p in pending)
            or len(pending) > RESCAN
            or any(kind == "created" and os.path.isdir(p) for p, kind in pending.items())  # files in it, too
        ):
            await self.index_roots(self.roots, _NullSink(), full=True)
            return
        deleted = [p for p, kind in pending.items() if kind == "deleted" and not os.path.exists(p)]
        folders = {p.rstrip(os.sep) for p in deleted if p not in self.index.files}  # one event for a folder
        if folders:
            deleted += [p for p in self.index.files if _inside_any(p, folders)]
        self._remove(p for p in deleted if p in self.index.files)
        await self._update_files([p for p in pending if p not in deleted])

    async def _update_files(self, paths: Sequence[str]) -> None:
        checked = [(p, check_path(p, self.roots, self.settings)) for p in paths]
        self._remove(p for p, c in checked if isinstance(c, str) and p in self.index.files)
        files = [c for _, c in checked if isinstance(c, SourceFile)]
        if len(files) > BULK:
            await self._run(files, None, threading.Event())
            return
        loop = asyncio.get_running_loop()
        for f in files:
            result = await loop.run_in_executor(self._extract_thread, self._extract_one, f)
            self._apply([result])

    def _extract_one(self, f: SourceFile) -> FileResult:
        config = WorkerConfig(self.encoding, file_timeout=self.settings.file_timeout_seconds)
        return extract_file(f.path, f.language, self._extractor, config)

    async def add_roots(self, added: Sequence[str], removed: Sequence[str], sink: ProgressSink) -> None:
        """Workspace folders changed: drop the removed ones' files, index the added ones."""
        gone = [os.path.realpath(r) for r in removed]
        self.roots = [r for r in self.roots if os.path.realpath(r) not in gone] + list(added)
        remaining = [os.path.realpath(r) for r in self.roots]
        for root in gone:
            if root not in remaining and root in self.caches:  # a folder removed and added again keeps its cache
                self._cache_thread.submit(self.caches.pop(root).close)
                self._unsnapshotted.pop(root, None)
        self._remove(
            p
            for p in list(self.index.files)
            if any(p.startswith(g + os.sep) for g in gone) and not any(p.startswith(r + os.sep) for r in remaining)
        )
        if added:
            await self.index_roots(added, sink, full=False)

    def stats(self, fingerprint: bool = False) -> dict[str, Any]:
        """The last job's metrics and the index size, for ``ragex.stats``.

        ``fingerprint`` adds a hash of every (path, name, kind, position),
        equal for equal indexes (tests compare it with a fresh index).
        """
        metrics = self.job.metrics.as_dict() if self.job.metrics else None
        extra = {"fingerprint": self.index.fingerprint()} if fingerprint else {}
        return extra | {
            "roots": self.roots,
            "indexing": self.busy,
            "from_index_file": self.job.seeded,
            "from_snapshots": self.job.from_snapshots,
            "files": len(self.index),
            "symbols": self.index.symbol_count,
            "segments": len(self.index.segments),
            "settled": self._settled == self.index.version,  # garbage collected, the rest frozen
            "encoding": self.encoding,
            "metrics": metrics,
        }

    def close(self) -> None:
        """Stop jobs and threads (shutdown)."""
        self.cancel()
        if self._flush is not None:
            self._flush.cancel()
        self._extract_thread.shutdown(wait=False, cancel_futures=True)
        for cache, changed, removed in self._take_cache_writes():  # written before the process exits
            self._cache_thread.submit(cache.write, changed, removed)
        for cache in self.caches.values():
            self._cache_thread.submit(cache.close)
        self.caches = {}
        self._cache_thread.shutdown(wait=False)


def _match(
    shared: IndexFile, files: Sequence[SourceFile], roots: Sequence[str]
) -> tuple[list[tuple[str, Entry]], list[SourceFile]]:
    """Which of ``files`` the shared index holds with this content (as entries stamped
    with the file here), and which it does not.  Blocking: reads and hashes files."""
    rels: dict[str, list[SourceFile]] = {}
    for f in files:
        root = root_of(f.path, roots)
        rels.setdefault(os.path.relpath(f.path, root) if root else f.path, []).append(f)
    entries = dict(shared.lookup(list(rels)))
    taken, missing = [], []
    for rel, group in rels.items():
        entry = entries.get(rel)
        for f in group:
            source = read_source(f.path) if entry is not None and entry.size == f.size else None
            if entry is None or source is None or source.data is None or content_digest(source.data) != entry.digest:
                missing.append(f)
            else:
                taken.append((f.path, Entry(source.size, source.mtime_ns, entry.digest, entry.symbols)))
    return taken, missing


def _stamps(entries: Iterable[tuple[str, Entry]]) -> dict[str, Stamp]:
    """Each entry's stamp (size, mtime_ns, content hash), by path."""
    return {path: (e.size, e.mtime_ns, e.digest) for path, e in entries}


def _inside_any(path: str, folders: set[str]) -> bool:
    """Whether one of ``path``'s parent folders is in ``folders``."""
    parent = os.path.dirname(path)
    while parent and parent not in folders:
        parent, previous = os.path.dirname(parent), parent
        if parent == previous:
            return False
    return bool(parent)


def _digests(paths: Sequence[str]) -> list[int | None]:
    """The content hash of each file (None: unreadable)."""
    out: list[int | None] = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                out.append(content_digest(f.read()))
        except OSError:
            out.append(None)
    return out


class _NullSink:
    async def begin(self, title: str, message: str) -> None:
        pass

    def report(self, message: str, percentage: int) -> None:
        pass

    def end(self, message: str) -> None:
        log.info("reindexed: %s", message)

    def warn(self, message: str) -> None:
        log.warning("%s", message)


def _dump(whole: list[Segment], groups: list[list[tuple[Segment, int]]], restamps: dict[str, Stamp]) -> list[bytes]:
    """Snapshots of ``whole`` segments and of each group of files merged into one (in a thread)."""
    out = [snapshot.dump(segment, restamps) for segment in whole]
    out += [snapshot.dump(merge(0, files), restamps) for files in groups]
    return out


def _in_cache_of(root: str, roots: list[str]) -> Callable[[str], bool]:
    """Whether a path's cache is ``root``'s (its innermost root, as cache writes go)."""
    return lambda path: root_of(path, roots) == root
