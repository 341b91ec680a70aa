"""The language server: the LSP edge over the core, the indexer and the index.

Only this package imports pygls; only :mod:`ragex_lsp.server.convert`
imports lsprotocol types.
"""
