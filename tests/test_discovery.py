"""Discovery: ignore rules at every level, limits, symlinks, duplicates."""

from __future__ import annotations

import os
from pathlib import Path

import pathspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragex_lsp import discovery
from ragex_lsp.discovery import discover
from ragex_lsp.settings import Settings
from tests.reliability import row


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def found(root: Path, settings: Settings | None = None, roots: list[Path] | None = None) -> list[str]:
    result = discover([str(r) for r in (roots or [root])], settings or Settings())
    base = os.path.realpath(root)
    return sorted(os.path.relpath(f.path, base) for f in result.files)


def test_gitignore_at_every_level_with_negation(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".gitignore": "*.gen.py\nlogs/\n",
            "a.py": "",
            "a.gen.py": "",
            "logs/x.py": "",
            "pkg/.gitignore": "secret.py\n!keep.gen.py\n",
            "pkg/secret.py": "",
            "pkg/keep.gen.py": "",
            "pkg/b.py": "",
            "other/secret.py": "",
            ".git/info/exclude": "local_*.py\n",
            "local_x.py": "",
            ".ragexignore": "other/\n",
        },
    )
    assert found(tmp_path) == ["a.py", "pkg/b.py", "pkg/keep.gen.py"]


PATTERNS = ["*.min.js", "build/", "/top.py", "docs/**/gen_*", "a?c.go", "[xy]z.rs", "deep/**", "**/cache", "lib"]
PATHS = [
    "x.min.js",
    "a/b.min.js",
    "build/",
    "src/build/",
    "build",
    "top.py",
    "sub/top.py",
    "docs/a/b/gen_x.py",
    "abc.go",
    "a/abc.go",
    "ac.go",
    "xz.rs",
    "zz.rs",
    "deep/x/y.py",
    "a/cache",
    "cache/",
    "lib/",
    "src/lib",
    "ok.py",
]


@pytest.mark.parametrize("negated", [False, True])
def test_one_expression_for_a_spec_agrees_with_pathspec(negated: bool) -> None:
    patterns = ["# a comment", "", *PATTERNS] + (["!keep.min.js"] if negated else [])
    spec = discovery._spec(patterns, "test")
    assert (spec.any is None) == negated  # negations: pathspec decides, pattern by pattern
    reference = pathspec.GitIgnoreSpec.from_lines(patterns)
    for path in [*PATHS, "keep.min.js"]:
        assert spec.check(path) == reference.check_file(path).include, path
    assert discovery._spec([], "empty").check("any.py") is None


def test_default_and_configured_excludes(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "node_modules/dep/index.js": "",
            ".venv/lib/x.py": "",
            "src/app.js": "",
            "src/app.min.js": "",
            "target/debug/build.rs": "",
            "src/gen/skip.go": "",
            "__pycache__/x.py": "",
        },
    )
    assert found(tmp_path) == ["src/app.js", "src/gen/skip.go"]
    assert found(tmp_path, Settings(exclude=("gen/",))) == ["src/app.js"]
    assert "node_modules/dep/index.js" in found(tmp_path, Settings(default_excludes=()))


def test_only_supported_files_and_shebang_scripts(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "", "data.json": "", "bin/tool": "#!/usr/bin/env python3\n", "bin/notes": "hi\n"})
    assert found(tmp_path) == ["bin/tool"]


def test_size_limit_counts_the_skip(tmp_path: Path) -> None:
    write(tmp_path, {"big.py": "x = 1\n" * 1000, "small.py": "x = 1\n"})
    result = discover([str(tmp_path)], Settings(max_file_size=1000))
    assert [Path(f.path).name for f in result.files] == ["small.py"]
    assert result.skipped["too large"] == 1


@row("hazard", "a symlink loop", "directory links are never followed (no loop can form), dangling links are counted")
def test_symlinks(tmp_path: Path) -> None:
    ws, outside = tmp_path / "ws", tmp_path / "outside"
    write(ws, {"src/a.py": "", "src/sub/b.py": ""})
    write(outside, {"c.py": ""})
    (ws / "link_to_a.py").symlink_to(ws / "src" / "a.py")  # same real file: once
    (ws / "src" / "sub" / "loop").symlink_to(ws / "src")  # a loop
    (ws / "ext").symlink_to(outside)  # a directory outside: never followed
    (ws / "ext_file.py").symlink_to(outside / "c.py")  # a file outside: not ours
    (ws / "dangling.py").symlink_to(ws / "nowhere.py")
    result = discover([str(ws)], Settings())
    assert sorted(os.path.relpath(f.path, ws) for f in result.files) == ["src/a.py", "src/sub/b.py"]
    assert result.skipped["duplicate"] == 1
    assert result.skipped["symlink to directory"] == 2
    assert result.skipped["symlink outside workspace"] == 1
    assert result.skipped["broken symlink"] == 1


def test_file_symlink_inside_workspace_is_followed(tmp_path: Path) -> None:
    write(tmp_path, {"real/impl.txt": "def f(): pass\n"})
    (tmp_path / "impl.py").symlink_to(tmp_path / "real" / "impl.txt")
    assert found(tmp_path) == ["impl.py"]


def test_multi_root_and_overlapping_roots(tmp_path: Path) -> None:
    write(tmp_path, {"one/a.py": "", "two/b.go": "", "one/inner/c.rs": ""})
    assert found(tmp_path, roots=[tmp_path / "one", tmp_path / "two", tmp_path / "one" / "inner"]) == [
        "one/a.py",
        "one/inner/c.rs",
        "two/b.go",
    ]


def test_unreadable_directory_is_a_failure_not_a_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"ok.py": "", "locked/x.py": ""})
    scandir = os.scandir

    def refuse(path: str) -> object:  # root reads everything, so refuse as the OS would
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = discover([str(tmp_path)], Settings())
    assert [Path(f.path).name for f in result.files] == ["ok.py"]
    assert result.failed and "unreadable directory" in result.failed[0][1]


def test_h_headers_by_content(tmp_path: Path) -> None:
    write(tmp_path, {"c.h": "int f(void);\n", "cpp.h": "namespace a { class B {}; }\n"})
    result = discover([str(tmp_path)], Settings())
    assert {Path(f.path).name: f.language for f in result.files} == {"c.h": "c", "cpp.h": "cpp"}


@given(
    st.lists(
        st.builds(
            discovery.SourceFile,
            st.text(min_size=1, max_size=12),  # any path text: newlines, surrogates, the lot
            st.sampled_from(["python", "go", "rust"]),
            st.integers(0, 2**40),
            st.integers(0, 2**62),
        ),
        max_size=600,  # past a few of Files' joins
    )
)
def test_files_give_back_what_they_were_given(given_files: list[discovery.SourceFile]) -> None:
    files = discovery.Files()
    for i, f in enumerate(given_files):
        files.append(f)
        if i == 3:
            assert files[:4] == given_files[:4]  # read while it grows, as the early callback does
    assert len(files) == len(given_files) and list(files) == given_files == files
    assert list(files.paths()) == [f.path for f in given_files]
    assert files[-1:] == given_files[-1:] and (not given_files or files[-1] == given_files[-1])
    with pytest.raises(IndexError):
        files[len(given_files)]


def test_a_file_linked_twice_is_found_once(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "def a(): pass\n"})
    os.link(tmp_path / "a.py", tmp_path / "hard.py")
    (tmp_path / "soft.py").symlink_to(tmp_path / "a.py")
    result = discover([str(tmp_path)], Settings())
    assert len(result.files) == 1 and result.skipped["duplicate"] == 2
