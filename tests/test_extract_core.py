"""Extraction rules and the input it must survive, through ``check``."""

from __future__ import annotations

from ragex_lsp.core.model import Kind
from tests.extract_helpers import EXTRACTOR, check


def test_python_kinds_nesting_and_details() -> None:
    check(
        "python",
        """
        MAX = 3
        registry = {}

        @dataclass
        class Store(Base):
            size: int = 0

            def load(self, path, *, strict=False) -> "Index":
                def inner():
                    local = 1
                return inner
        """,
        """
        constant MAX :2 — MAX = 3
        variable registry :3 — registry = {}
        class Store :5 — class Store(Base)
          field size :7 — size: int = 0
          method load :9 — def load(self, path, *, strict=False) -> "Index"
            function inner :10 — def inner()
        """,
    )


def test_decorated_definition_range_includes_decorators() -> None:
    symbols = EXTRACTOR.extract("python", b"@a\n@b(1)\ndef f():\n    pass\n")
    assert [(s.name, s.start_line, s.name_line, s.end_line) for s in symbols] == [("f", 0, 2, 3)]


def test_range_spans_definition_and_selection_the_name() -> None:
    (s,) = EXTRACTOR.extract("python", b"class Foo:\n    pass\n")
    assert (s.start_line, s.start_col, s.end_line, s.end_col) == (0, 0, 1, 8)
    assert (s.name_line, s.name_col, s.name_end_line, s.name_end_col) == (0, 6, 0, 9)
    assert (s.kind, s.parent, s.container) == (Kind.CLASS, -1, "")


def test_container_is_parent_name() -> None:
    symbols = EXTRACTOR.extract("python", b"class A:\n    class B:\n        def m(self): pass\n")
    assert [(s.name, s.parent, s.container) for s in symbols] == [("A", -1, ""), ("B", 0, "A"), ("m", 1, "B")]


def test_empty_file() -> None:
    assert EXTRACTOR.extract("python", b"") == []


def test_bom_is_dropped_and_columns_match_the_editor() -> None:
    (s,) = EXTRACTOR.extract("python", b"\xef\xbb\xbfdef f(): pass\n")
    assert (s.name, s.start_col, s.name_col) == ("f", 0, 4)


def test_crlf_line_ends() -> None:
    check(
        "python",
        "class A:\r\n    def m(self):\r\n        pass\r\n\r\ndef g():\r\n    pass\r\n",
        "class A :1\n  method m :2\nfunction g :5",
    )
    (_, m, _) = EXTRACTOR.extract(
        "python", b"class A:\r\n    def m(self):\r\n        pass\r\n\r\ndef g():\r\n    pass\r\n"
    )
    assert m.detail == "def m(self)"


def test_invalid_utf8_is_indexed_with_replacement() -> None:
    symbols = EXTRACTOR.extract("python", b"s = '\xff\xfe'\ndef caf\xe9(): pass\ndef ok(): pass\n")
    names = [s.name for s in symbols]
    assert "ok" in names and "s" in names
    assert all(isinstance(n, str) for n in names)


def test_syntax_errors_keep_what_the_tree_holds() -> None:
    check(
        "python",
        """
        def good():
            pass

        def broken(x):
            return x +* 2

        class Later:
            def m(self):
                pass
        """,
        """
        function good :2
        function broken :5
        class Later :8
          method m :9
        """,
    )


def test_badly_broken_code_still_yields_the_good_parts() -> None:
    source = b"def good():\n    pass\n\ndef broken(:\n    x = = 1\n\ndef m(): pass\n"
    assert EXTRACTOR.extract("python", source)[0].name == "good"


def test_very_long_line() -> None:
    line = "x = [" + ", ".join(str(i) for i in range(200_000)) + "]\n"
    symbols = EXTRACTOR.extract("python", (line + "def after(): pass\n").encode())
    assert [s.name for s in symbols] == ["x", "after"]
    assert len(symbols[0].detail) <= 120


def test_deeply_nested_code_does_not_crash() -> None:
    depth = 500
    source = "".join("    " * i + f"def f{i}():\n" for i in range(depth)) + "    " * depth + "pass\n"
    symbols = EXTRACTOR.extract("python", source.encode())
    assert len(symbols) == depth
    assert symbols[-1].parent == depth - 2 and symbols[-1].container == f"f{depth - 2}"
    nested = "x = " + "[" * 5000 + "]" * 5000 + "\ndef tail(): pass\n"
    assert [s.name for s in EXTRACTOR.extract("python", nested.encode())] == ["x", "tail"]


def test_symbols_are_plain_picklable_data() -> None:
    import pickle

    symbols = EXTRACTOR.extract("python", b"class A:\n    def m(self): pass\n")
    assert pickle.loads(pickle.dumps(symbols)) == symbols
    assert all(type(v) in (int, str) for s in symbols for v in s)


def test_unshared_extractor_gives_the_same_symbols() -> None:
    from ragex_lsp.core.extract import Extractor
    from ragex_lsp.queries import load_query

    source = b"class A:\n    def m(self): pass\nX = 1\n"
    assert Extractor(load_query, shared=False).extract("python", source) == EXTRACTOR.extract("python", source)
