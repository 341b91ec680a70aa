"""Search ranking, through the core index, checked against a brute-force reference."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ragex_lsp.core import index as index_module
from ragex_lsp.core import search
from ragex_lsp.core import segment as segment_module
from ragex_lsp.core.index import Index
from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.packed import Packed, fold
from ragex_lsp.core.search import Query, tier
from ragex_lsp.core.segment import NO_STAMP, mark_words, merge


def sym(name: str, kind: Kind = Kind.FUNCTION, container: str = "", line: int = 0) -> Symbol:
    return Symbol(name, int(kind), line, 0, line, 1, line, 0, line, len(name), -1, container, "")


def index_of(files: dict[str, list[Symbol]]) -> Index:
    index = Index()
    for path, symbols in files.items():  # one segment per file, like batches
        index.update([(path, symbols)])
    return index


def find(index: Index, text: str, limit: int = 500) -> list[tuple[str, str]]:
    hits = search.run(index.search(Query(text, limit)))
    return [(h.symbol.name, h.symbol.container) for h in hits]


FILES = {
    "/w/server.py": [
        sym("Server", Kind.CLASS),
        sym("serve", Kind.METHOD, "Server"),
        sym("serve_forever", Kind.METHOD, "Server"),
        sym("getTextEdit"),
        sym("get_text"),
        sym("workspace_symbol"),
        sym("HTTPServer", Kind.CLASS),
    ],
    "/w/other.go": [sym("Serve", Kind.METHOD, "Server"), sym("server", Kind.VARIABLE), sym("observer", Kind.FIELD)],
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Serve", ["Serve", "serve", "Server", "server", "serve_forever", "HTTPServer", "observer"]),
        ("gTE", ["getTextEdit", "get_text"]),
        ("ws", ["workspace_symbol"]),
        ("text", ["get_text", "getTextEdit"]),
        ("server", ["server", "Server", "HTTPServer", "observer", "serve_forever"]),
        ("srv", ["Serve", "serve", "Server", "server", "observer", "HTTPServer", "serve_forever"]),
        ("forever", ["serve_forever"]),
        ("zzz", []),
    ],
)
def test_ranking(query: str, expected: list[str]) -> None:
    assert [name for name, _ in find(index_of(FILES), query)] == expected


def test_qualified_queries_match_containers_with_smart_case() -> None:
    index = index_of(FILES)
    assert find(index, "Server.serve") == [("serve", "Server"), ("Serve", "Server"), ("serve_forever", "Server")]
    assert find(index, "Server::serve_f") == [("serve_forever", "Server")]
    assert ("getTextEdit", "") in find(index, "w.server.gTE")  # module path, lower case: any case
    assert find(index, "Server.") == [("Serve", "Server"), ("serve", "Server"), ("serve_forever", "Server")]


def test_limit_cuts_after_ranking_and_the_exact_match_survives() -> None:
    many = {f"/w/f{i}.py": [sym(f"value_{i:04}") for _ in range(1)] for i in range(2000)}
    many["/w/z.py"] = [sym("value")]
    index = index_of(many)
    assert find(index, "value", limit=10)[0] == ("value", "")
    assert len(find(index, "value", limit=10)) == 10
    assert len(find(index, "", limit=25)) == 25


def test_replaced_and_removed_files_drop_their_old_symbols() -> None:
    index = index_of({"/a.py": [sym("old_name")], "/b.py": [sym("keep")]})
    index.update([("/a.py", [sym("new_name")])])
    assert find(index, "old_name") == [] and find(index, "new_name") == [("new_name", "")]
    index.update([], removed=["/b.py"])
    assert find(index, "keep") == []
    assert len(index.segments) == 1


def test_merging_keeps_results_and_newer_updates() -> None:
    index = index_of({f"/f{i}.py": [sym(f"name_{i}")] for i in range(30)})
    segment_id, chosen, files = index.merge_input()
    index.update([("/f3.py", [sym("changed_during_merge")])])
    index.install_merge(merge(segment_id, files), chosen)
    assert ("name_3", "") not in find(index, "name_3")
    assert find(index, "changed_during_merge") == [("changed_during_merge", "")]
    assert len(find(index, "name_", limit=100)) == 29
    assert len(index.segments) <= 3


def test_a_search_answers_for_the_index_as_it_was_when_it_began() -> None:
    """A search gives way between steps; merges, saves and removals then must
    neither hide files from it nor show it what came after (a merge installed
    mid-search once made every file of the merged segments vanish from it)."""
    index = index_of({f"/f{i}.py": [sym(f"name_{i}")] for i in range(30)})
    before = sorted(find(index, "name_"))
    steps = index.search(Query("name_", 500))
    next(steps)  # begun
    while index.needs_merge():
        segment_id, chosen, files = index.merge_input()
        index.install_merge(merge(segment_id, files), chosen)
    index.update([("/f3.py", [sym("name_new")])], removed=["/f4.py"])
    late = [("/f5.py", Packed.pack([sym("name_stale")])), ("/g.py", Packed.pack([sym("name_g")]))]
    index.adopt(index.build(late), missing_only=True)  # a cache chunk: only what is not indexed
    assert sorted((h.symbol.name, h.symbol.container) for h in search.run(steps)) == before
    after = sorted(name for name, _ in find(index, "name_"))
    assert after == sorted({n for n, _ in before} - {"name_3", "name_4"} | {"name_new", "name_g"})
    for segment in index.segments:  # current: held where the file table says
        assert [index.is_current(segment, f) for f in range(len(segment.paths))] == [
            index.segment_of(p) is segment for p in segment.paths
        ]


def test_stamps_follow_their_files_through_merges_restamps_and_new_versions() -> None:
    index = Index()
    for i in range(30):  # one segment per file, stamped (size, mtime_ns, content hash)
        index.update([(f"/f{i}.py", [sym(f"name_{i}")])], stamps={f"/f{i}.py": (i, 10 * i, 2**64 - 1 - i)})
    index.update([("/bare.py", [sym("bare")])])
    index.restamp("/f4.py", (4, 41, 2**64 - 5))  # touched, same content
    index.restamp("/missing.py", (1, 2, 3))  # not indexed: nothing to restamp
    while index.needs_merge():
        segment_id, chosen, files = index.merge_input()
        index.update([("/f7.py", [sym("seven")])], stamps={"/f7.py": (77, 770, 7)})  # during the merge
        index.install_merge(merge(segment_id, files), chosen)
    assert len(index.segments) < 30
    assert [index.stamp(f"/f{i}.py") for i in (0, 3, 29)] == [
        (0, 0, 2**64 - 1),
        (3, 30, 2**64 - 4),
        (29, 290, 2**64 - 30),
    ]
    assert (index.stamp("/f4.py"), index.stamp("/f7.py")) == ((4, 41, 2**64 - 5), (77, 770, 7))
    assert (index.stamp("/bare.py"), index.stamp("/missing.py")) == (NO_STAMP, None)
    index.update([("/f4.py", [sym("four")])], stamps={"/f4.py": (5, 50, 5)})  # a new version: its own stamp
    index.update((), removed=["/f3.py"])
    assert (index.stamp("/f4.py"), index.stamp("/f3.py")) == ((5, 50, 5), None)
    index.restamp("/f5.py")
    assert index.stamp("/f5.py") == NO_STAMP


def test_a_compaction_copies_what_lives_long_and_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "COMPACT_AFTER", 10)
    index = Index()
    for i in range(40):
        path = f"/w/f{i}.py"
        index.update([(path, [sym("Holder"), sym(f"get_{i}", container="Holder")])], stamps={path: (i, i, i)})
    index.restamp("/w/f5.py", (5, 6, 7))
    assert index.needs_compaction()
    before = (index.fingerprint(), find(index, "get_1"), find(index, "holder.get3"), index.stamp("/w/f5.py"))
    old_paths = list(index.files)
    compaction = index.compaction()
    assert index.install_compaction(compaction) and not index.needs_compaction()
    assert (index.fingerprint(), find(index, "get_1"), find(index, "holder.get3"), index.stamp("/w/f5.py")) == before
    assert [p for p in index.files] == old_paths and not any(a is b for a, b in zip(index.files, old_paths))
    assert all(index.segment_of(p).paths[index.files[p] & 0xFFFFFFFF] is p for p in index.files)  # type: ignore[union-attr]
    stale = index.compaction()
    index.update([("/w/f1.py", [sym("renamed")])])  # the index changed meanwhile: not installed
    assert not index.install_compaction(stale) and find(index, "renamed") == [("renamed", "")]


@pytest.mark.parametrize("packed", [False, True])
def test_files_adopted_packed_call_for_no_compaction(monkeypatch: pytest.MonkeyPatch, packed: bool) -> None:
    monkeypatch.setattr(index_module, "COMPACT_AFTER", 10)
    index = Index()
    files = [(f"/w/f{i}.py", Packed.pack([sym(f"get_{i}")])) for i in range(40)]
    index.adopt(index.build(files), packed=packed)
    assert len(index) == 40 and index.needs_compaction() is not packed
    index.update([(f"/w/new{i}.py", [sym("fresh")]) for i in range(11)])  # extracted files still count
    assert index.needs_compaction()


def test_not_among_gives_the_indexed_files_a_walk_did_not_find() -> None:
    index = index_of({f"/w/f{i}.py": [sym(f"f{i}")] for i in range(6)})
    assert index.not_among(iter(["/w/f1.py", "/w/f4.py", "/w/other.py", "/w/f1.py"])) == [
        "/w/f0.py",
        "/w/f2.py",
        "/w/f3.py",
        "/w/f5.py",
    ]
    assert index.not_among([]) == sorted(index.files) and index.not_among(list(index.files)) == []


def test_wide_names_keep_to_segments_of_their_own() -> None:
    files = {f"/n{i}.py": [sym(f"caf\xe9_{i}"), sym(f"plain_{i}")] for i in range(20)}  # Latin-1: one byte
    files |= {f"/w{i}.py": [sym(f"\u03bbambda_{i}"), sym(f"plain_w{i}")] for i in range(20)}  # Greek: two
    index = index_of(files)
    while index.needs_merge():
        segment_id, chosen, merging = index.merge_input()
        index.install_merge(merge(segment_id, merging), chosen)
    assert sorted((s.wide, len(s.paths)) for s in index.segments) == [(False, 20), (True, 20)]
    narrow = next(s for s in index.segments if not s.wide)
    assert max(narrow.text) <= "\xff" and max(narrow.marked.lines.text) <= "\xff"
    assert len(find(index, "plain")) == 40
    assert find(index, "\u039bAMBDA_7")[0] == ("\u03bbambda_7", "") and find(index, "CAF\xc9_3")[0] == ("caf\xe9_3", "")
    index.update([("/w3.py", [sym("now_plain")])])  # a file that is no longer wide moves
    assert ("\u03bbambda_3", "") not in find(index, "\u03bbambda_3") and find(index, "now_plain") == [("now_plain", "")]
    assert not index.segment_of("/w3.py").wide  # type: ignore[union-attr]


def test_a_snapshot_keeps_wide_names_apart() -> None:
    """A root's files are merged out of segments shared with other roots for
    its snapshot: those of wide segments into one of their own, or every name
    of the root would be stored two or four bytes a character once loaded."""
    files = {f"/{root}/n{i}.py": [sym(f"plain_{root}{i}")] for root in "ab" for i in range(20)}
    files |= {f"/{root}/w{i}.py": [sym(f"\u03bbambda_{root}{i}")] for root in "ab" for i in range(5)}
    index = index_of(files)
    while index.needs_merge():
        segment_id, chosen, merging = index.merge_input()
        index.install_merge(merge(segment_id, merging), chosen)
    whole, groups, _ = index.snapshot_input(lambda p: p.startswith("/a/"))
    assert not whole
    merged = [merge(0, group) for group in groups]
    assert sorted((s.wide, len(s.paths)) for s in merged) == [(False, 20), (True, 5)]
    assert all(p.startswith("/a/") for s in merged for p in s.paths)


def both_ways(index: Index, query: Query) -> list[list[search.Hit]]:
    """The hits found the ways small segments search (few candidate names and
    a qualifier's containers ranked directly), then the ways large ones do
    (tier-by-tier scans, name matches filtered by qualifier), over just the
    names holding the query's characters and over all, with and without the
    substring pass, camel humps over the names that can match or over all."""
    results = []
    names = ("FEW_NAMES", "QUALIFIED_ROWS", "HUMP_NAMES", "TESTED_SHARE", "SUBSTRING_NAMES")
    saved = [getattr(search, name) for name in names]
    try:
        for limits in (
            (500, 20_000, 2_000, 1, 2_000),
            (0, -1, -1, 1, 0),
            (0, -1, 2_000, 1, 2_000),
            (0, -1, 2_000, 10**9, 0),
            (0, -1, -1, 10**9, 2_000),
        ):
            for name, value in zip(names, limits):
                setattr(search, name, value)
            results.append(search.run(index.search(query)))
    finally:
        for name, value in zip(names, saved):
            setattr(search, name, value)
    return results


NAMES = st.text(alphabet="abcAB_x1.", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(NAMES, min_size=1, max_size=40), st.text(alphabet="abcAB_x1", min_size=1, max_size=7), st.integers(1, 8)
)
def test_search_equals_brute_force(names: list[str], query: str, limit: int) -> None:
    files = {f"/f{i % 3}.py": [] for i in range(3)}
    for i, name in enumerate(names):
        files[f"/f{i % 3}.py"].append(sym(name, line=i))
    index = index_of({p: s for p, s in files.items() if s})
    reference = []
    for path in index.files:
        for s in index.symbols(path):
            level = tier(query, query.lower(), s.name)
            if level is not None:
                reference.append(search.Hit(level, path, s))
    expected = sorted(reference, key=search._ranking(query.lower()))[:limit]
    assert both_ways(index, Query(query, limit)) == [expected] * 5


#: smart case (a capital matches case), non-ASCII, and \u212a, the Kelvin sign, which lower-cases to ASCII
QUALIFIERS = ["Srv.", "srv.", "Pool.", "s.", "w.f1.", "W.Srv.", "kö.", "Kö.", "\u212a.", "k."]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(NAMES, st.sampled_from(["", "Srv", "srv.Pool", "Pool", "SrvKö"])), min_size=1, max_size=40),
    st.sampled_from(QUALIFIERS),
    st.text(alphabet="abcAB_x1", min_size=0, max_size=5),
    st.integers(1, 8),
)
@example([("a", "")] * 3 + [("a", "Srv")], "Srv.", "a", 8)  # /w/srv2.py is no module of Srv
def test_qualified_search_equals_brute_force(
    symbols: list[tuple[str, str]], qualifier: str, name: str, limit: int
) -> None:
    paths = ["/w/f1.py", "/W/Srv1.py", "/w/srv2.py", "/w/srvKö3.py", "/w/\u212a4.py"]  # module paths match case too
    files: dict[str, list[Symbol]] = {path: [] for path in paths}
    for i, (symbol, container) in enumerate(symbols):
        files[paths[i % len(paths)]].append(sym(symbol, container=container, line=i))
    index = index_of({p: s for p, s in files.items() if s})
    qualifiers = [q for q in qualifier.split(".") if q]
    reference = []
    for path in index.files:
        for s in index.symbols(path):
            level = tier(name, name.lower(), s.name) if name else 0
            if level is not None and search._qualifies(qualifiers, path, s.container):
                reference.append(search.Hit(level, path, s))
    expected = sorted(reference, key=search._ranking(name.lower()))[:limit]
    assert both_ways(index, Query(qualifier + name, limit)) == [expected] * 5


def humps_reference(marked: str, lower: str) -> bool:
    """Camel humps by search: the query cut into pieces, each a prefix of a
    word, the first piece of the first word, later pieces of later words."""
    words = marked.split("\x01")[1:]

    def rest(i: int, word: int, at: int) -> bool:  # lower[i:] from words[word][at] on, or a later word
        if i == len(lower):
            return True
        if words[word][at : at + 1] == lower[i] and rest(i + 1, word, at + 1):
            return True
        return any(words[w][:1] == lower[i] and rest(i + 1, w, 1) for w in range(word + 1, len(words)))

    return words[0][:1] == lower[0] and rest(1, 0, 1)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abAB_$1.", min_size=1, max_size=12), st.text(alphabet="abAB_1.", min_size=1, max_size=5))
def test_humps_pattern_agrees_with_a_search(name: str, query: str) -> None:
    marked, lower = fold(mark_words(name)), query.lower()
    assert (search._humps_pattern(lower).match("\n" + marked) is not None) == humps_reference(marked, lower)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abAB_$1.", min_size=1, max_size=10), st.text(alphabet="abAB_1", min_size=1, max_size=4))
def test_spelled_humps_pattern_agrees_with_initials(name: str, query: str) -> None:
    lower = query.lower()
    if tier(query, lower, name) != 4:
        return
    marked = fold(mark_words(name))
    pattern = search._spelled_pattern(lower)
    found = pattern is not None and pattern.match("\n" + marked) is not None
    assert found == (search._spelled(4, marked, lower) == 0)


@pytest.mark.parametrize("limit", [1, 7, 10, 64])
def test_a_name_of_more_symbols_than_the_limit_keeps_its_best(limit: int) -> None:
    kinds = [Kind.VARIABLE, Kind.FUNCTION, Kind.CONSTANT, Kind.FIELD]
    # per file one kind, its definitions' lines against row order: the cut falls inside files
    files = {f"/w/{i % 7}/f{i}.rs": [sym("new", kinds[i % 4], line=4 - j) for j in range(5)] for i in range(40)}
    index = Index()
    index.update(files.items())  # one segment: one name of 200 symbols
    reference = [search.Hit(0, path, s) for path in index.files for s in index.symbols(path)]
    expected = sorted(reference, key=search._ranking("new"))[:limit]
    assert both_ways(index, Query("new", limit)) == [expected] * 5
    assert [h.symbol.kind for h in expected[:50]] == [Kind.FUNCTION] * min(limit, 50)  # 10 files of 5


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=2_000)), st.sampled_from([0, 64, 10**9]))
def test_set_bits_lists_every_set_bit_dense_or_sparse(bits: set[int], dense: int) -> None:
    number = sum(1 << b for b in bits)
    old, segment_module.DENSE_BITS = segment_module.DENSE_BITS, dense  # 0: the sparse way, 10**9: the dense way
    try:
        assert segment_module._set_bits(number, len(bits), 2_001) == sorted(bits)
    finally:
        segment_module.DENSE_BITS = old
