"""ragex-lsp: instant, workspace-wide symbol search for big polyglot codebases."""

__version__ = "0.1.0"
