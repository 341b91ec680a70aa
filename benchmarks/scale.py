"""The real server at a million symbols: cold index, warm start from the cache, memory, search.

    python benchmarks/scale.py CORPUS... [--generated 100000] [--queries 300]

Two workspaces, each run the same way: the CORPUS folders together (meant:
the Go, Java and Rust corpora of ``make_corpora.sh``, about a million
symbols) and a generated workspace of ``--generated`` files (0: skip).  For
each, with a fresh cache directory:

1. cold: the real ``ragex-lsp`` over stdio indexes it; time to the first
   non-empty ``workspace/symbol`` answer and to the end of indexing, server
   RSS then and once the server has settled (segments merged, copies
   compacted, heap trimmed: what it keeps while idle) and bytes per symbol
   settled, worker peak RSS, ``workspace/symbol`` latency
   end to end (p50/p95/p99 over ``--queries`` mixed queries, as in
   ``lsp_latency.py``); then a clean shutdown (the cache is written);
2. warm: a new server on the same cache: first answer, time to a complete,
   verified index (every file's stat checked), files re-extracted, RSS;
3. Universal Ctags' cold wall time on the same files;
4. server-side search: the cache loaded into a core ``Index`` in this
   process, prepared and settled as the server does once idle, and the
   same queries run on it directly (no JSON-RPC); for the slowest 5%, how
   many needed substring or subsequence matches to fill the limit and what
   one C-speed subsequence pass over every name costs (the gap's cause);
5. a server with no files, settled: the RSS that is not the index.

Goals: warm <= 10% of cold and faster than ctags; first warm answer <= 1 s;
<= 150 bytes of server RSS per symbol; search p95 <= 10 ms server-side and
<= 30 ms end to end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import psutil
from corpus import files_by_language, table
from lsp_latency import percentile, queries, timed
from rpc import RawClient
from scaling import ctags_seconds

from ragex_lsp.cache import Cache
from ragex_lsp.core import search
from ragex_lsp.core.index import Index
from ragex_lsp.core.packed import fold
from ragex_lsp.core.search import Query
from ragex_lsp.core.segment import merge
from ragex_lsp.resources import settle

#: generated files: (extension, template); {i} is the file number
TEMPLATES = [
    (".py", "class Model{i}(Base):\n    def load_{i}(self, path):\n        return path\n\n"
     "    def save_{i}(self):\n        pass\n\nMAX_{i} = {i}\n\ndef helper_{i}(x):\n    return x\n"),
    (".go", "package p{d}\n\ntype Server{i} struct {{\n\tName string\n}}\n\n"
     "func (s *Server{i}) Serve{i}() error {{ return nil }}\n\nfunc NewServer{i}() *Server{i} {{ return nil }}\n"),
    (".ts", "export interface Options{i} {{ verbose: boolean; depth: number }}\n"
     "export class Client{i} {{\n  connect{i}(): void {{}}\n  close(): void {{}}\n}}\n"
     "export const makeClient{i} = () => new Client{i}();\n"),
    (".java", "package p{d};\n\npublic class Store{i} {{\n    private int count;\n"
     "    public Store{i}() {{}}\n    public void put{i}(String key) {{}}\n}}\n"),
    (".rs", "pub struct Cache{i} {{ size: usize }}\n\nimpl Cache{i} {{\n"
     "    pub fn new() -> Self {{ Cache{i} {{ size: 0 }} }}\n"
     "    pub fn evict_{i}(&mut self) {{}}\n}}\n\npub const LIMIT_{i}: usize = {i};\n"),
]  # fmt: skip


def generate(root: Path, count: int) -> Path:
    for i in range(count):
        ext, template = TEMPLATES[i % len(TEMPLATES)]
        folder = root / f"d{i // 500}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}{ext}").write_text(template.format(i=i, d=i // 500))
    return root


def serve(roots: list[Path], cache_dir: Path, query_list: list[tuple[str, str]] | None, count: int = 300) -> dict:
    """One server session: timings, stats, RSS, optional query latencies; then a clean shutdown."""
    client = RawClient(roots, env={"RAGEX_CACHE_DIR": str(cache_dir)})
    client.keep = False
    out: dict = {}
    try:
        client.initialize()
        sent = time.perf_counter()
        while True:
            answer = client.symbols("get").get("result") or client.symbols("new").get("result")
            if answer:
                out["first"] = time.perf_counter() - sent
                break
            time.sleep(0.02)
        client.progress("end", timeout=7200)
        out["end"] = time.perf_counter() - sent
        out["stats"] = client.stats()
        out["rss_end"] = psutil.Process(client.proc.pid).memory_info().rss
        deadline = time.monotonic() + 120
        while not out["stats"]["settled"] and time.monotonic() < deadline:  # merged, compacted, trimmed
            time.sleep(0.2)
            out["stats"] = client.stats()
        out["rss"] = psutil.Process(client.proc.pid).memory_info().rss
        if query_list is None:
            sample = client.symbols("")["result"]
            for prefix in ("get", "new", "set", "read", "Is", "to"):
                sample += client.symbols(prefix)["result"]
            out["queries"] = queries(sample, count, random.Random(7))
        else:
            out["queries"] = query_list
        out["ms"] = [timed(client, "workspace/symbol", {"query": q})[0] for _, q in out["queries"]]
        client.response(client.send("shutdown"), timeout=60)
        client.send("exit", request=False)
        client.proc.wait(60)
    finally:
        client.close()
    return out


def server_side(roots: list[Path], cache_dir: Path, query_list: list[tuple[str, str]]) -> list[float]:
    """The same queries on the core index built from the cache, in this process (ms)."""
    index = Index()
    for root in roots:
        cache = Cache(str(root.resolve()), "utf-16", cache_dir)
        for chunk in cache.load():
            index.update((p, e.symbols) for p, e in chunk)
        cache.close()
    while index.needs_merge():
        segment_id, chosen, files = index.merge_input()
        index.install_merge(merge(segment_id, files), chosen)
    for segment in index.segments:
        segment.prepare()  # what the server does off the loop, and then:
    index.install_compaction(index.compaction())
    settle()  # garbage collected, the rest frozen
    search.run(index.search(Query("warmup")))
    times, tiers = [], []
    for _, text in query_list:
        start = time.perf_counter()
        hits = search.run(index.search(Query(text, 500)))
        times.append(1000 * (time.perf_counter() - start))
        tiers.append(max((h.tier for h in hits), default=-1))
    return times, tiers, tail_floor(index, query_list, times)


def tail_floor(index: Index, query_list: list[tuple[str, str]], times: list[float]) -> list[float]:
    """For the slowest 5% of queries: one C-speed pass of the subsequence
    pattern of the search tier 6 over every name of the index (ms), which a
    query that needs weak matches to fill its limit does much of."""
    slow = sorted(range(len(times)), key=times.__getitem__)[int(len(times) * 0.95) :]
    floors = []
    for i in slow:
        name = query_list[i][1].rsplit(".", 1)[-1].rsplit(":", 1)[-1]
        if not name:
            continue
        pattern = search._subsequence_pattern(fold(name))
        start = time.perf_counter()
        for segment in index.segments:
            for _ in pattern.finditer(segment.blob):
                pass
        floors.append(1000 * (time.perf_counter() - start))
    return floors


def empty_rss() -> float:
    """RSS of a settled server with no files: the interpreter, pygls, lsprotocol and our modules."""
    with tempfile.TemporaryDirectory(prefix="ragex-scale-empty-") as tmp:
        client = RawClient([Path(tmp)], env={"RAGEX_CACHE_DIR": str(Path(tmp) / "cache")})
        client.keep = False
        try:
            client.initialize()
            client.progress("end", timeout=120)
            deadline = time.monotonic() + 60
            while not client.stats()["settled"] and time.monotonic() < deadline:
                time.sleep(0.2)
            rss = psutil.Process(client.proc.pid).memory_info().rss
            client.response(client.send("shutdown"), timeout=60)
            client.send("exit", request=False)
            client.proc.wait(60)
        finally:
            client.close()
    return rss


def pcts(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.1f} · p95 {percentile(values, 95):.1f} · p99 {percentile(values, 99):.1f} ms"


def measure(label: str, roots: list[Path], count: int) -> list[list[object]]:
    cache_dir = Path(tempfile.mkdtemp(prefix="ragex-scale-cache-"))
    try:
        cold = serve(roots, cache_dir, None, count)
        warm = serve(roots, cache_dir, cold["queries"])
        paths = [p for ps in files_by_language([str(r) for r in roots]).values() for p in ps]
        ctags = ctags_seconds(paths)
        inside, tiers, floors = server_side(roots, cache_dir, cold["queries"])
        base = empty_rss()
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    stats, metrics = cold["stats"], cold["stats"]["metrics"]
    symbols = max(1, stats["symbols"])
    reextracted = warm["stats"]["metrics"]["files_total"]
    return [
        [label, "files / symbols", f"{stats['files']:,} / {stats['symbols']:,}", ""],
        ["", "cold: first answer", f"{cold['first']:.2f} s", ""],
        ["", "cold: index complete", f"{cold['end']:.1f} s", f"{metrics['workers']} workers"],
        ["", "ctags (cold)", f"{ctags:.1f} s", ""],
        ["", "warm: first answer", f"{warm['first']:.2f} s", "goal <= 1 s"],
        [
            "",
            "warm: verified, complete",
            f"{warm['end']:.1f} s",
            f"{100 * warm['end'] / cold['end']:.0f}% of cold (goal <= 10%), "
            f"{warm['end'] / ctags:.2f}x ctags (goal < 1); {reextracted} re-extracted",
        ],
        [
            "",
            "server RSS at the end of indexing (cold / warm)",
            f"{cold['rss_end'] / 2**20:,.0f} / {warm['rss_end'] / 2**20:,.0f} MB",
            "",
        ],
        [
            "",
            "server RSS once settled (cold / warm)",
            f"{cold['rss'] / 2**20:,.0f} / {warm['rss'] / 2**20:,.0f} MB",
            "",
        ],
        [
            "",
            "bytes per symbol (cold / warm)",
            f"{cold['rss'] / symbols:,.0f} / {warm['rss'] / symbols:,.0f}",
            "whole server process, settled; goal <= 150",
        ],
        [
            "",
            "  less a server with no files (cold / warm)",
            f"{(cold['rss'] - base) / symbols:,.0f} / {(warm['rss'] - base) / symbols:,.0f}",
            f"the server with no files: {base / 2**20:,.0f} MB ({base / symbols:,.0f} B/sym here)",
        ],
        ["", "worker peak RSS", f"{metrics['peak_worker_rss_mb']:.0f} MB", ""],
        ["", f"search server-side ({len(inside)})", pcts(inside), "goal p95 <= 10 ms"],
        *by_kind(cold["queries"], inside),
        tail(inside, tiers, floors),
        ["", "search end to end (cold)", pcts(cold["ms"]), "goal p95 <= 30 ms"],
        ["", "search end to end (warm)", pcts(warm["ms"]), ""],
    ]


def tail(times: list[float], tiers: list[int], floors: list[float]) -> list[object]:
    """Where the slowest 5% go: how many needed substring or subsequence
    matches (tiers 5-6) to fill the limit, against all queries, and what one
    C-speed subsequence pass over every name costs for them."""
    slow = sorted(range(len(times)), key=times.__getitem__)[int(len(times) * 0.95) :]
    weak = sum(tiers[i] >= 5 for i in slow)
    everywhere = sum(t >= 5 for t in tiers)
    floor = f"{percentile(floors, 50):.1f} ms" if floors else "-"
    return [
        "",
        f"  slowest 5% ({len(slow)})",
        f"{weak} of {len(slow)} filled by tiers 5-6",
        f"{everywhere} of {len(times)} overall; one C regex pass over all names: median {floor}",
    ]


def by_kind(query_list: list[tuple[str, str]], times: list[float]) -> list[list[object]]:
    """Server-side latency per kind of query: where the tail comes from."""
    kinds: dict[str, list[float]] = {}
    for (kind, _), ms in zip(query_list, times):
        kinds.setdefault(kind, []).append(ms)
    return [["", f"  {kind} ({len(ms)})", pcts(ms), ""] for kind, ms in sorted(kinds.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*")
    parser.add_argument("--generated", type=int, default=100_000, help="files of the generated workspace (0: none)")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rows: list[list[object]] = []
    if args.corpus:
        rows += measure("corpora", [Path(c).resolve() for c in args.corpus], args.queries)
    if args.generated:
        with tempfile.TemporaryDirectory(prefix="ragex-scale-ws-") as tmp:
            rows += measure(f"generated {args.generated:,}", [generate(Path(tmp), args.generated)], args.queries)
    print(table(["workspace", "measure", "value", "note"], rows))


if __name__ == "__main__":
    main()
