"""Search answers in their JSON shape: the same JSON as lsprotocol's, sent as it is."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from ragex_lsp.core.model import Kind, Symbol
from ragex_lsp.core.search import Hit
from ragex_lsp.server import convert
from ragex_lsp.server.wire import Json, OrjsonProtocol

positions = st.integers(0, 2**31 - 1)
symbols = st.builds(
    Symbol,
    name=st.text(max_size=8),
    kind=st.sampled_from(list(Kind)),
    start_line=positions,
    start_col=positions,
    end_line=positions,
    end_col=positions,
    name_line=positions,
    name_col=positions,
    name_end_line=positions,
    name_end_col=positions,
    parent=st.integers(-1, 5),
    container=st.text(max_size=8),
    detail=st.text(max_size=8),
)


def uri_of(path: str) -> str:
    return "file://" + path


def sent(result: object) -> tuple[bytes, dict]:
    """What the server's protocol writes for a workspace/symbol response with ``result``."""
    out: list[bytes] = []
    protocol = LanguageServer("t", "0", protocol_cls=OrjsonProtocol).protocol

    class Writer:
        def write(self, data: bytes) -> None:
            out.append(data)

        def close(self) -> None:
            pass

    protocol.set_writer(Writer())
    protocol._send_data(lsp.WorkspaceSymbolResponse(id=7, result=result))  # type: ignore[arg-type]
    header, _, body = b"".join(out).partition(b"\r\n\r\n")
    return header, json.loads(body)


@given(st.lists(st.tuples(st.text(min_size=1, max_size=8), symbols), max_size=4))
def test_search_answers_are_what_lsprotocol_objects_unstructure_to(found: list[tuple[str, Symbol]]) -> None:
    hits = [Hit(2, "/w/" + path, symbol) for path, symbol in found]
    reference = [
        lsp.SymbolInformation(
            name=h.symbol.name or "?",
            kind=lsp.SymbolKind(h.symbol.kind),
            location=lsp.Location(uri_of(h.path), convert.name_range(h.symbol)),
            container_name=h.symbol.container or None,
        )
        for h in hits
    ]
    answer = convert.workspace_symbols(hits, uri_of)
    assert isinstance(answer, Json)
    assert answer == LanguageServer("t", "0").protocol._converter.unstructure(reference)
    assert sent(answer)[1] == {"jsonrpc": "2.0", "id": 7, "result": answer}


def test_a_result_orjson_refuses_goes_out_through_json() -> None:
    hits = [Hit(0, "/w/caf\udce9.py", Symbol("x", Kind.FUNCTION, 0, 0, 0, 5, 0, 4, 0, 5, -1, "", ""))]
    header, message = sent(convert.workspace_symbols(hits, uri_of))
    assert message["result"][0]["location"]["uri"] == "file:///w/caf\udce9.py"
    assert header.startswith(b"Content-Length: ")
