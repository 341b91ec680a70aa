"""docs/editors/*.md: the configs the editor tests run are the ones the docs show, and
the snippets for editors CI cannot run (Helix, Zed, Sublime Text) parse and cover every language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.editors.helpers import HERE, REPO

DOCS = REPO / "docs" / "editors"

#: the issue's filetype list (Neovim names)
NVIM_FILETYPES = [
    "python", "javascript", "typescript", "typescriptreact", "javascriptreact", "go", "rust", "java",
    "c", "cpp", "cs", "ruby", "php", "kotlin", "swift", "scala", "lua", "sh",
]  # fmt: skip

#: doc -> snippet files it must show verbatim
SNIPPETS = {
    "neovim.md": [
        "nvim/ragex-0.7.lua",
        "nvim/ragex-0.8.lua",
        "nvim/ragex-0.11.lua",
        "nvim/ragex-lspconfig.lua",
        "nvim/progress-0.7.lua",
        "nvim/progress-0.10.lua",
        "nvim/user-commands.lua",
    ],
    "emacs.md": ["emacs/ragex-eglot.el", "emacs/ragex-lsp-mode.el"],
}


def blocks(doc: str, language: str) -> list[str]:
    """The fenced code blocks of ``docs/editors/<doc>`` in ``language``."""
    text = (DOCS / doc).read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.S | re.M)


@pytest.mark.parametrize(("doc", "snippet"), [(d, s) for d, files in SNIPPETS.items() for s in files])
def test_docs_show_the_tested_configs(doc: str, snippet: str) -> None:
    text = (HERE / snippet).read_text(encoding="utf-8")
    language = "lua" if snippet.endswith(".lua") else "elisp"
    assert text in blocks(doc, language), f"{doc} does not show {snippet} as a {language} block"


@pytest.mark.parametrize("config", ["ragex-0.7.lua", "ragex-0.8.lua", "ragex-0.11.lua", "ragex-lspconfig.lua"])
def test_neovim_configs_cover_every_filetype(config: str) -> None:
    text = (HERE / "nvim" / config).read_text(encoding="utf-8")
    listed = re.search(r"\{\s*('python'.*?)\}", text, flags=re.S)
    assert listed, config
    assert re.findall(r"'([a-z]+)'", listed.group(1)) == NVIM_FILETYPES


def test_emacs_configs_cover_every_language() -> None:
    eglot = (HERE / "emacs" / "ragex-eglot.el").read_text(encoding="utf-8")
    modes = {
        "python-mode", "js-mode", "typescript-mode", "tsx-ts-mode", "go-mode", "rust-mode", "java-mode", "c-mode",
        "c++-mode", "csharp-mode", "ruby-mode", "php-mode", "kotlin-mode", "swift-mode", "scala-mode", "lua-mode",
        "sh-mode",
    }  # fmt: skip
    listed = set(re.search(r"'\(\((.*?)\)", eglot, flags=re.S).group(1).split())  # type: ignore[union-attr]
    assert modes <= listed
    assert {f"{m}-hook" for m in listed} <= set(re.findall(r"[\w+-]+-hook", eglot))
    lsp_mode = (HERE / "emacs" / "ragex-lsp-mode.el").read_text(encoding="utf-8")
    ids = set(re.findall(r'"(\w+)"', re.search(r"lsp-activate-on(.*?)\)", lsp_mode, flags=re.S).group(1)))  # type: ignore[union-attr]
    assert ids == {
        "python", "javascript", "typescript", "typescriptreact", "javascriptreact", "go", "rust", "java", "c",
        "cpp", "csharp", "ruby", "php", "kotlin", "swift", "scala", "lua", "shellscript",
    }  # fmt: skip


def test_helix_snippets() -> None:
    tomllib = pytest.importorskip("tomllib")
    config, features = (tomllib.loads(b) for b in blocks("helix.md", "toml"))
    assert config["language-server"]["ragex"]["command"] == "ragex-lsp"
    languages = {lang["name"]: lang["language-servers"] for lang in config["language"]}
    assert set(languages) == {
        "python", "javascript", "typescript", "tsx", "jsx", "go", "rust", "java", "c", "cpp", "c-sharp", "ruby",
        "php", "kotlin", "swift", "scala", "lua", "bash",
    }  # fmt: skip
    assert all(servers[-1] == "ragex" and len(servers) == 2 for servers in languages.values())
    (python,) = features["language"]
    assert python["language-servers"][0] == {
        "name": "ragex",
        "only-features": ["workspace-symbols", "document-symbols"],
    }


def test_zed_snippets() -> None:
    tomllib = pytest.importorskip("tomllib")
    extension, cargo = (tomllib.loads(b) for b in blocks("zed.md", "toml"))
    languages = extension["language_servers"]["ragex"]["languages"]
    assert languages == [
        "Python", "JavaScript", "TypeScript", "TSX", "Go", "Rust", "Java", "C", "C++", "CSharp", "Ruby", "PHP",
        "Kotlin", "Swift", "Scala", "Lua", "Shell Script",
    ]  # fmt: skip
    assert cargo["lib"]["crate-type"] == ["cdylib"]
    assert "zed_extension_api" in cargo["dependencies"]
    (lib,) = blocks("zed.md", "rust")
    assert "zed::register_extension!(Ragex);" in lib
    assert lib.count('LspSettings::for_worktree("ragex"') == 3
    (settings,) = (json.loads(b) for b in blocks("zed.md", "json"))
    assert set(settings["lsp"]["ragex"]) == {"initialization_options", "settings"}
    for language, options in settings["languages"].items():
        assert language in languages
        assert options["language_servers"] == ["ragex", "..."]


def test_sublime_snippets() -> None:
    settings, commands = (json.loads(b) for b in blocks("sublime.md", "json"))
    client = settings["clients"]["ragex"]
    assert client["command"] == ["ragex-lsp"]
    assert client["enabled"] is True
    scopes = {s.strip() for s in client["selector"].split("|")}
    for wanted in (
        "source.python", "source.js", "source.jsx", "source.ts", "source.tsx", "source.go", "source.rust",
        "source.java", "source.c", "source.c++", "source.cs", "source.ruby", "embedding.php", "source.kotlin",
        "source.swift", "source.scala", "source.lua", "source.shell.bash",
    ):  # fmt: skip
        assert wanted in scopes
    assert {c["args"]["command_name"] for c in commands} == {"ragex.reindex", "ragex.stats"}
    assert {c["args"]["session_name"] for c in commands} == {"ragex"}


def test_docs_link_targets_exist() -> None:
    for doc in (DOCS / name for name in ("neovim.md", "emacs.md", "helix.md", "zed.md", "sublime.md")):
        for path in re.findall(r"`(tests/editors/[\w./*-]+)`", doc.read_text(encoding="utf-8")):
            assert list(REPO.glob(path)), f"{doc.name} names {path}, which does not exist"


def test_every_editor_has_a_doc() -> None:
    assert {p.name for p in DOCS.glob("*.md")} >= {"neovim.md", "emacs.md", "helix.md", "zed.md", "sublime.md"}
    assert Path(DOCS / "neovim.md").read_text(encoding="utf-8").count("```lua") >= 8
