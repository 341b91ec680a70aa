"""The JSON-RPC output side: messages encoded with orjson instead of ``json.dumps``.

A ``workspace/symbol`` answer of 500 results is about 124 KB of JSON;
pygls's ``json.dumps`` spends 1-4 ms of the event loop on it, orjson about
0.1 ms.  The message is unstructured by pygls's own converter (the
``default`` hook), so the JSON is the same; what orjson refuses (a lone
surrogate, a non-string key) goes to pygls's encoder unchanged.  orjson
writes UTF-8, so the Content-Length is the byte length of the body.

A result that is already in its JSON shape (:class:`Json`: the 500
``SymbolInformation`` of a search answer as plain dicts) skips the
converter, which spent about 4 ms of every full answer building and then
unstructuring lsprotocol objects; orjson writes it as it is.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any

import orjson
from pygls.exceptions import JsonRpcInternalError
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("ragex.wire")
_SENDING: set[asyncio.Future] = set()  # sends in flight, kept alive


class Json(list):
    """A handler's result already in its JSON shape (LSP's field names, None
    fields left out): sent as it is, not through pygls's converter."""


class OrjsonProtocol(LanguageServerProtocol):
    """pygls's language server protocol with an orjson ``_send_data``."""

    def _send_data(self, data: Any) -> None:
        if not data or self.writer is None:
            return super()._send_data(data)
        result = getattr(data, "result", None)
        message = {"jsonrpc": data.jsonrpc, "id": data.id, "result": result} if isinstance(result, Json) else data
        try:
            body = orjson.dumps(message, default=self._serialize_message)
        except TypeError:  # orjson.JSONEncodeError too: pygls's json.dumps handles it (or reports it)
            return super()._send_data(message)
        if self._include_headers:
            header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            body = header.encode("ascii") + body
        try:
            written = self.writer.write(body)
            if inspect.isawaitable(written):  # a websocket's send
                pending = asyncio.ensure_future(written)
                _SENDING.add(pending)
                pending.add_done_callback(_SENDING.discard)
        except BrokenPipeError:
            log.exception("client went away while sending")
            raise
        except Exception as error:
            log.exception("error sending data")
            self._server._report_server_error(error, JsonRpcInternalError)
