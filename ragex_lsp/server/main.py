"""``ragex-lsp``: start the language server on stdio or TCP.

Before anything else it moves the real stdout aside for JSON-RPC and points
file descriptor 1 at stderr, so a stray print (ours, a library's or a
worker's) can never corrupt the protocol stream.  Worker processes start
with ``PYTHONSAFEPATH`` set, so that (started in the workspace, as editors
often do) they import nothing from their working directory.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence

from ragex_lsp import __version__
from ragex_lsp.resources import one_malloc_arena


def protect_stdout() -> object:
    """A binary file on the original stdout; fd 1 and sys.stdout now go to stderr."""
    rpc = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return rpc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ragex-lsp", description="Workspace symbol search language server.")
    parser.add_argument("--version", action="version", version=f"ragex-lsp {__version__}")
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    parser.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="TCP host (default: loopback only)")
    parser.add_argument("--port", type=int, default=2087, help="TCP port")
    parser.add_argument("--log-file", help="also write the log to this file")
    parser.add_argument("--log-level", default=os.environ.get("RAGEX_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    one_malloc_arena()
    os.environ["PYTHONSAFEPATH"] = "1"  # spawned workers: no working directory on sys.path (Python 3.11+)

    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if args.log_file:
        handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
    level = getattr(logging, str(args.log_level).upper(), logging.INFO)
    logging.basicConfig(
        level=logging.WARNING, handlers=handlers, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    logging.getLogger("ragex").setLevel(level)

    rpc = None if args.tcp else protect_stdout()
    from ragex_lsp.server.server import server

    def terminate(signum: int, frame: object) -> None:
        server.service.close()
        os._exit(0)

    signal.signal(signal.SIGTERM, terminate)
    if args.tcp:
        server.start_tcp(args.host, args.port)
    else:
        server.start_io(stdout=rpc)  # type: ignore[arg-type]
    server.service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
