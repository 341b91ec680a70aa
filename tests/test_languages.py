"""Choosing the language: extension, file name, shebang, header content."""

from __future__ import annotations

import pytest

from ragex_lsp.core import languages


@pytest.mark.parametrize(
    ("filename", "head", "expected"),
    [
        ("a/b/c.py", b"", "python"),
        ("x.pyi", b"", "python"),
        ("App.jsx", b"", "javascript"),
        ("m.mjs", b"", "javascript"),
        ("m.cts", b"", "typescript"),
        ("View.tsx", b"", "tsx"),
        ("main.go", b"", "go"),
        ("lib.rs", b"", "rust"),
        ("A.java", b"", "java"),
        ("a.c", b"", "c"),
        ("a.h", b"int f(void);\n#define X 1\n", "c"),
        ("a.h", b"#pragma once\nnamespace foo {\nclass Bar {};\n}\n", "cpp"),
        ("a.h", b"template <typename T> T id(T x);\n", "cpp"),
        ("a.HPP", b"", "cpp"),
        ("a.cc", b"", "cpp"),
        ("P.cs", b"", "csharp"),
        ("Rakefile", b"", "ruby"),
        ("a.rb", b"", "ruby"),
        ("index.php", b"", "php"),
        ("Main.kt", b"", "kotlin"),
        ("build.gradle.kts", b"", "kotlin"),
        ("V.swift", b"", "swift"),
        ("A.scala", b"", "scala"),
        ("init.lua", b"", "lua"),
        ("run.sh", b"", "bash"),
        ("deploy", b"#!/usr/bin/env bash\nset -e\n", "bash"),
        ("deploy", b"#!/bin/sh\n", "bash"),
        ("tool", b"#!/usr/bin/env python3.11\n", "python"),
        ("tool", b"#!/usr/bin/python3 -u\n", "python"),
        ("tool", b"#!/usr/bin/env -S node --harmony\n", "javascript"),
        ("tool", b"#! /usr/bin/ruby\n", "ruby"),
        ("configure.in", b"#!/bin/sh\n", "bash"),
    ],
)
def test_detect(filename: str, head: bytes, expected: str) -> None:
    lang = languages.detect(filename, head)
    assert lang is not None and lang.name == expected


@pytest.mark.parametrize(
    ("filename", "head"),
    [("README.md", b""), ("data.json", b"#!/bin/sh\n"), ("Makefile", b""), ("noext", b"plain text\n"), ("x", b"#!")],
)
def test_unsupported(filename: str, head: bytes) -> None:
    assert languages.detect(filename, head) is None


def test_every_language_has_a_grammar_and_query() -> None:
    from ragex_lsp.core.extract import Extractor
    from ragex_lsp.queries import load_query

    extractor = Extractor(load_query)
    assert len(languages.LANGUAGES) == 17
    for lang in languages.LANGUAGES:
        assert extractor.config(lang.name).query.pattern_count > 0, lang.name
