"""The worker: read files, extract their symbols, return plain tuples.

Runs inside spawned pool processes (and in-process for small jobs).  Kept
free of pygls so that spawning a worker stays cheap.  :func:`init_worker`
points stdout at stderr (stdout is the server's JSON-RPC channel), starts a
thread that exits the process when its parent dies, and builds the
per-process :class:`Extractor` (the shared parser context).

A file that takes longer than the file timeout to parse is cancelled and
failed; a worker whose memory passes its limit says so in its batch result,
so the pool can recycle it.

On a Dask cluster (:mod:`ragex_lsp.cluster`) a batch is :func:`run_task`:
the configuration travels with each task (one worker process may serve
several jobs), each worker thread builds its parser context on its first
task and keeps it, and the files come as paths or as the bytes the client
read (:class:`Source`).  Memory there is Dask's to manage (its nanny), so
the worker memory limit applies to local pool workers only.

A file with a UTF-16 or UTF-32 byte order mark is read as the text it
holds (what editors show), and lone carriage returns count as line breaks,
as they do in LSP.

Fault injection for tests: with ``RAGEX_FAULT_INJECTION=1``, a file
containing ``RAGEX-FAULT:crash``, ``kill``, ``hang``, ``memory``, ``grow``,
``raise`` or ``print`` makes its worker segfault, die of SIGKILL, hang,
allocate past its memory limit, keep 120 MB, raise, or write to stdout.
"""

from __future__ import annotations

import codecs
import os
import signal
import sys
import threading
import time
from typing import Any, ClassVar, NamedTuple

import xxhash

from ragex_lsp.core import positions
from ragex_lsp.core.extract import Extractor, lone_cr_as_lf
from ragex_lsp.core.packed import Packed
from ragex_lsp.queries import load_query

#: exit status of a worker that passed its memory limit
EXIT_MEMORY = 86
#: files larger than this are parsed in chunks so the parse can be cancelled
CANCELLABLE_SIZE = 64 * 1024
#: average line length above which a file is minified (not indexed)
MINIFIED_LINE = 500
BINARY_PROBE = 8192
#: byte order marks of text that is not UTF-8 (UTF-32 first: its LE mark starts like UTF-16's)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class WorkerConfig(NamedTuple):
    """What a worker needs to know, picklable."""

    encoding: str = positions.UTF16
    shared_parsers: bool = True
    file_timeout: float = 30.0
    memory_limit_mb: int = 512
    parent_pid: int = 0
    #: a shared counter (``multiprocessing.Value``) a worker bumps before it
    #: exits for memory, so the pool knows why even when it cannot read the
    #: exit code (another thread reaped the process); pickles only at spawn
    memory_exits: Any = None


class FileResult(NamedTuple):
    """One file: status ``ok`` (payload: symbols), ``skipped`` or ``failed`` (payload: reason).

    ``size`` and ``mtime_ns`` are the file's stat when it was opened, and
    ``digest`` the xxh3-64 hash of what was read (0 when nothing was): the
    cache keys on them.
    """

    path: str
    status: str
    payload: Packed | str
    seconds: float
    size: int = 0
    mtime_ns: int = 0
    digest: int = 0


class BatchResult(NamedTuple):
    files: list[FileResult]
    busy_seconds: float
    rss_bytes: int
    pid: int
    finished: float = 0.0  # time.time() at the end, for the tail metric


class Source(NamedTuple):
    """A file as read: its stat when opened and its bytes, or why it could not be read."""

    size: int
    mtime_ns: int
    data: bytes | None
    problem: str = ""


class _State:
    config = WorkerConfig()
    in_pool = False  # the memory limit applies to pool workers, never to the caller's process
    extractor: Extractor | None = None
    faults = False
    kept: ClassVar[list[bytearray]] = []
    thread_extractors = 0  # parser contexts built for cluster tasks in this process


class _Thread(threading.local):
    """A cluster worker thread's parser contexts, by ``shared_parsers``."""

    def __init__(self) -> None:
        self.extractors: dict[bool, Extractor] = {}


_thread = _Thread()
_thread_lock = threading.Lock()


def init_worker(config: WorkerConfig) -> None:
    """Pool initializer: protect stdout, watch the parent, build the extractor."""
    os.dup2(2, 1)  # anything written to fd 1 lands on stderr, never on JSON-RPC
    sys.stdout = sys.stderr
    configure_in_process(config)
    _State.in_pool = True
    if config.parent_pid:
        threading.Thread(target=_watch_parent, args=(config.parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(0)
        time.sleep(0.5)


def configure_in_process(config: WorkerConfig) -> None:
    """Build this process's extractor (pool workers, and sequential indexing)."""
    _State.config = config
    _State.extractor = Extractor(load_query, shared=config.shared_parsers)
    _State.faults = os.environ.get("RAGEX_FAULT_INJECTION") == "1"


def _rss() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _inject(source: bytes) -> None:
    if b"RAGEX-FAULT:" not in source:
        return
    if b"RAGEX-FAULT:crash" in source:
        import ctypes

        ctypes.string_at(0)  # segmentation fault
    if b"RAGEX-FAULT:kill" in source and _State.in_pool:
        os.kill(os.getpid(), signal.SIGKILL)
    if b"RAGEX-FAULT:hang" in source:
        while True:
            time.sleep(1)
    if b"RAGEX-FAULT:memory" in source:
        if not _State.in_pool:  # no limit here: stand for an allocation that fails
            raise MemoryError
        hog = []
        while True:
            hog.append(bytearray(64 << 20))
            _check_memory()
    if b"RAGEX-FAULT:grow" in source:
        _State.kept.append(bytearray(b"\x01") * (120 << 20))  # touched, so resident
    if b"RAGEX-FAULT:raise" in source:
        raise RuntimeError("injected fault")
    if b"RAGEX-FAULT:print" in source:
        print("injected print to stdout", flush=True)
        os.write(1, b"injected write to fd 1\n")


def _check_memory() -> None:
    if _State.in_pool and _rss() > _State.config.memory_limit_mb << 20:
        exits = _State.config.memory_exits
        if exits is not None:
            with exits.get_lock():
                exits.value += 1
        os._exit(EXIT_MEMORY)


def content_digest(source: bytes) -> int:
    """The hash the cache compares contents by."""
    return xxhash.xxh3_64_intdigest(source)


def as_utf8(source: bytes) -> bytes:
    """UTF-16 or UTF-32 text (by its byte order mark) as UTF-8; anything else as it is."""
    for bom, codec in BOMS:
        if source.startswith(bom):
            return source[len(bom) :].decode(codec, "replace").encode("utf-8")
    return source


def not_source(source: bytes) -> str | None:
    """Why ``source`` is not worth indexing (binary, minified), or None."""
    if b"\0" in source[:BINARY_PROBE]:
        return "binary"
    if len(source) > 4096 and len(source) / (source.count(b"\n") + 1) > MINIFIED_LINE:
        return "minified"
    return None


def read_source(path: str) -> Source:
    """Read a file with its stat (taken before reading: a later change shows as a newer stamp)."""
    try:
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            return Source(stat.st_size, stat.st_mtime_ns, f.read())
    except FileNotFoundError:
        return Source(0, 0, None, "vanished before it was read")
    except OSError as e:
        return Source(0, 0, None, f"unreadable: {e.strerror or e}")


def extract_file(
    path: str, language: str, extractor: Extractor | None = None, config: WorkerConfig | None = None
) -> FileResult:
    """Read and extract one file; every failure becomes a result, never an exception.

    ``extractor`` and ``config`` default to this process's (see
    :func:`configure_in_process`); the server passes its own for single files.
    """
    start = time.perf_counter()
    return extract_source(path, language, read_source(path), start, extractor, config)


def extract_source(
    path: str,
    language: str,
    source: Source,
    start: float | None = None,
    extractor: Extractor | None = None,
    config: WorkerConfig | None = None,
) -> FileResult:
    """Extract one file already read (see :func:`extract_file`); ``start`` is when its work began."""
    start = time.perf_counter() if start is None else start
    extractor = extractor or _State.extractor
    config = config or _State.config
    data = source.data
    digest = content_digest(data) if data is not None else 0

    def result(status: str, payload: Packed | str) -> FileResult:
        return FileResult(path, status, payload, time.perf_counter() - start, source.size, source.mtime_ns, digest)

    if data is None:
        return result("failed", source.problem)
    data = lone_cr_as_lf(as_utf8(data))
    reason = not_source(data)
    if reason:
        return result("skipped", reason)
    assert extractor is not None, "worker not initialised"
    deadline = time.monotonic() + config.file_timeout if len(data) > CANCELLABLE_SIZE else None
    try:
        if _State.faults:
            _inject(data)
        symbols = extractor.extract(language, data, details=False, deadline=deadline)
        return result("ok", Packed.pack(positions.convert(data, symbols, config.encoding)))
    except TimeoutError:
        return result("failed", f"timed out after {config.file_timeout:g} s")
    except MemoryError:
        return result("failed", "out of memory")
    except Exception as e:  # one bad file never costs the batch
        return result("failed", f"extraction error: {type(e).__name__}: {e}")


def run_batch(language: str, paths: tuple[str, ...]) -> BatchResult:
    """Extract every file of a batch (one language)."""
    start = time.perf_counter()
    results = []
    for path in paths:
        results.append(extract_file(path, language))
        _check_memory()
    return BatchResult(results, time.perf_counter() - start, _rss(), os.getpid(), time.time())


def run_task(config: WorkerConfig, language: str, files: tuple[str | tuple[str, Source], ...]) -> BatchResult:
    """One batch on a cluster worker: each file a path to read here, or ``(path, Source)`` read by the client."""
    start = time.perf_counter()
    extractor = _thread_extractor(config.shared_parsers)
    results = []
    for item in files:
        if isinstance(item, str):
            results.append(extract_file(item, language, extractor, config))
        else:
            results.append(extract_source(item[0], language, item[1], None, extractor, config))
    return BatchResult(results, time.perf_counter() - start, _rss(), os.getpid(), time.time())


def _thread_extractor(shared: bool) -> Extractor:
    """This thread's parser context, built on its first cluster task (a Dask worker runs tasks in threads)."""
    extractor = _thread.extractors.get(shared)
    if extractor is None:
        extractor = _thread.extractors[shared] = Extractor(load_query, shared=shared)
        with _thread_lock:
            _State.thread_extractors += 1
            _State.faults = os.environ.get("RAGEX_FAULT_INJECTION") == "1"
    return extractor


def thread_extractors() -> int:
    """How many parser contexts cluster tasks have built in this process (one per worker thread)."""
    return _State.thread_extractors


def sees(files: list[tuple[str, int, int]]) -> bool:
    """Whether this process sees each ``(path, size, mtime_ns)`` as the client does (a shared filesystem)."""
    for path, size, mtime_ns in files:
        try:
            st = os.stat(path)
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
            return False
    return True
