"""The pure core: symbol model, language table, extraction and positions.

Nothing in this package reads files, talks to processes or knows about LSP;
callers hand it bytes and get plain, picklable data back.
"""
