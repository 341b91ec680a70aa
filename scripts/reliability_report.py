"""Write docs/RELIABILITY.md from the tests that prove each row (``--check``: fail if it is stale).

The rows are the hazards, injected faults, fuzz targets and confinement
rules of issue 8 (``ROWS`` below).  A test proves a row by carrying
``@row(area, name, behaviour)`` (``tests/reliability.py``); this script
finds those decorators by reading every test file (no test runs, so it is
fast and runs in CI), fails when a row has no test that is expected to
pass, or when a test names a row that is not listed, and renders the
table.  Tests marked ``xfail`` are listed as known bugs.  The fuzz section
gives the CI budget (read from ``tests/fuzz``) and the result of the last
long run, which ``benchmarks/fuzz.py`` writes to ``docs/fuzz-run.json``.

    python scripts/reliability_report.py          # rewrite docs/RELIABILITY.md
    python scripts/reliability_report.py --check  # exit 1 if it would change
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DOC = ROOT / "docs" / "RELIABILITY.md"
FUZZ_RUN = ROOT / "docs" / "fuzz-run.json"

AREAS = {
    "hazard": "Hostile workspace",
    "fault": "Injected faults",
    "fuzz": "Fuzzing",
    "confinement": "Confinement",
}

#: every row the report must prove, in order: (area, name); names as the tests' @row gives them
ROWS: list[tuple[str, str]] = [
    ("hazard", "a 50 MB source file"),
    ("hazard", "a 2 MB single-line minified bundle"),
    ("hazard", "binary data with a source extension"),
    ("hazard", "invalid UTF-8"),
    ("hazard", "UTF-16 with BOM"),
    ("hazard", "CRLF and lone CR"),
    ("hazard", "10,000 levels of nesting"),
    ("hazard", "100,000 definitions in one file"),
    ("hazard", "a symlink loop"),
    ("hazard", "a symlink to a directory outside the workspace"),
    ("hazard", "a file without read permission"),
    ("hazard", "a file deleted between discovery and reading"),
    ("hazard", "a file rewritten while it is read"),
    ("hazard", "non-ASCII, space and % characters in paths"),
    ("hazard", "a file name that is not UTF-8"),
    ("hazard", "an empty directory tree 200 levels deep"),
    ("hazard", "a .gitignore with invalid patterns"),
    ("fault", "worker killed with SIGKILL mid-batch"),
    ("fault", "worker killed with SIGKILL from outside"),
    ("fault", "worker crashing (SIGSEGV) mid-batch"),
    ("fault", "worker hanging past the timeout"),
    ("fault", "worker memory exploding past its limit"),
    ("fault", "the pool failing to start"),
    ("fault", "the cache disk full or read-only"),
    ("fault", "the cache file corrupted between runs"),
    ("fault", "the cache's snapshot damaged between runs"),
    ("fault", "the client process dying"),
    ("fault", "SIGTERM"),
    ("fault", "shutdown and exit while indexing"),
    ("fault", "1,000 didSave notifications within a second"),
    ("fault", "a request storm of 5,000 mixed requests during indexing"),
    ("fuzz", "random and mutated source bytes for every language through the extractor"),
    ("fuzz", "random sequences of LSP document events"),
    ("fuzz", "random bytes and malformed JSON-RPC into the server's stdin"),
    ("confinement", "the server reads only inside the workspace folders and files the client opened"),
    ("confinement", "symlinks never lead outside"),
    ("confinement", "the TCP mode binds loopback unless told otherwise"),
    ("confinement", "workspace content is data only"),
    ("confinement", "logs do not contain file contents"),
    ("confinement", "cache files are private to the user"),
]


@dataclass(frozen=True)
class Proof:
    """One test's claim on a row."""

    area: str
    name: str
    behaviour: str
    node: str  # pytest node id (file::function)
    xfail: str | None  # the reason, when the test is expected to fail (a known bug)


def _call_name(node: ast.expr) -> str:
    """``pytest.mark.xfail`` for the decorator ``@pytest.mark.xfail(...)``; ``row`` for ``@row(...)``."""
    target = node.func if isinstance(node, ast.Call) else node
    parts = []
    while isinstance(target, ast.Attribute):
        parts.append(target.attr)
        target = target.value
    if isinstance(target, ast.Name):
        parts.append(target.id)
    return ".".join(reversed(parts))


def _literal(node: ast.expr) -> str:
    value = ast.literal_eval(node)
    assert isinstance(value, str), ast.dump(node)
    return value


def proofs(tests: Path = TESTS) -> list[Proof]:
    """Every ``@row`` on a test function under ``tests``."""
    found = []
    for path in sorted(tests.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            xfail = None
            for deco in fn.decorator_list:
                if _call_name(deco) == "pytest.mark.xfail" and isinstance(deco, ast.Call):
                    reasons = [k.value for k in deco.keywords if k.arg == "reason"]
                    xfail = _literal(reasons[0]) if reasons else "expected to fail"
            node = f"{path.relative_to(ROOT).as_posix()}::{fn.name}"
            for deco in fn.decorator_list:
                if isinstance(deco, ast.Call) and _call_name(deco) == "row":
                    area, name, behaviour = (_literal(a) for a in deco.args)
                    found.append(Proof(area, name, behaviour, node, xfail))
    return found


def problems(found: list[Proof]) -> list[str]:
    """Rows without a passing test, and tests naming rows that are not listed."""
    listed = set(ROWS)
    out = [f"{p.node}: row {p.area!r}/{p.name!r} is not in ROWS" for p in found if (p.area, p.name) not in listed]
    proven = {(p.area, p.name) for p in found if p.xfail is None}
    out += [f"row {area!r}/{name!r} has no test expected to pass" for area, name in ROWS if (area, name) not in proven]
    return out


def _constant(tree: ast.Module, name: str) -> object:
    """The value of module-level constant ``name``."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            assert node.value is not None
            return ast.literal_eval(node.value)
    raise LookupError(name)


def _fuzz_budget(tests: Path = TESTS) -> tuple[int, list[tuple[str, str, int, int, int]]]:
    """The CI examples per target, and each fuzz test's (node, target, examples per
    parameter in CI, parameters, explicit examples)."""
    ci = _constant(ast.parse((tests / "fuzz" / "budget.py").read_text(encoding="utf-8")), "CI_EXAMPLES")
    assert isinstance(ci, int)
    targets = []
    for path in sorted((tests / "fuzz").glob("test_*.py")):
        for fn in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            scale, explicit, target, params = None, 0, "", 1
            for deco in fn.decorator_list:
                name = _call_name(deco)
                if name == "fuzz" and isinstance(deco, ast.Call):
                    scale = next((ast.literal_eval(k.value) for k in deco.keywords if k.arg == "scale"), 1.0)
                elif name == "example":
                    explicit += 1
                elif name == "pytest.mark.parametrize" and isinstance(deco, ast.Call):
                    values = deco.args[1]
                    if isinstance(values, ast.List | ast.Tuple):
                        params = len(values.elts)
                    elif isinstance(values, ast.Name) and values.id == "LANGUAGES":
                        params = _languages()
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and _call_name(node) == "tick" and node.args:
                    target = _literal(node.args[0])
            if scale is not None:
                node_id = f"{path.relative_to(ROOT).as_posix()}::{fn.name}"
                targets.append((node_id, target, max(1, round(ci * scale)), params, explicit))
    return ci, targets


def _languages() -> int:
    sys.path.insert(0, str(ROOT))
    from ragex_lsp.core.languages import LANGUAGES

    return len(LANGUAGES)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(found: list[Proof]) -> str:
    by_row: dict[tuple[str, str], list[Proof]] = {}
    for p in found:
        by_row.setdefault((p.area, p.name), []).append(p)
    lines = [
        "# Reliability",
        "",
        "What ragex-lsp does with every hostile file, injected fault, fuzz target and",
        "confinement rule of issue 8, and the test that proves it. Generated by",
        "`scripts/reliability_report.py` from the `@row` marks on the tests",
        "(`tests/reliability.py`); `tests/test_reliability_report.py` fails CI when this",
        "file and the tests disagree. Do not edit it by hand.",
        "",
        "| area | hazard / fault | what the product does | test |",
        "| --- | --- | --- | --- |",
    ]
    for area, name in ROWS:
        rows = by_row.get((area, name), [])
        behaviours = list(dict.fromkeys(p.behaviour for p in rows if p.xfail is None))
        tests = [f"`{p.node}`" for p in rows if p.xfail is None]
        tests += [f"`{p.node}` (known bug, xfail)" for p in rows if p.xfail is not None]
        lines.append(f"| {AREAS[area]} | {_cell(name)} | {_cell('; '.join(behaviours))} | {'<br>'.join(tests)} |")
    gaps = [p for p in found if p.xfail is not None]
    lines += ["", "## Known bugs", ""]
    if gaps:
        lines += ["Each has a strict `xfail` test that will fail, and so be noticed, once the bug is fixed.", ""]
        lines += [f"- `{p.node}` ({_cell(p.name)}): {_cell(p.xfail or '')}" for p in gaps]
    else:
        lines.append("None.")
    lines += _fuzz_section()
    return "\n".join(lines) + "\n"


def _fuzz_section() -> list[str]:
    ci, targets = _fuzz_budget()
    lines = [
        "",
        "## Fuzz budget",
        "",
        f"CI runs every fuzz test with {ci} generated examples per target (`RAGEX_FUZZ_EXAMPLES`,",
        "default in `tests/fuzz/budget.py`, times the target's scale), plus its explicit `@example`s;",
        "targets parametrized by language run that many per language.",
        "",
        "| test | target | CI examples |",
        "| --- | --- | --- |",
    ]
    for node, target, examples, params, explicit in targets:
        count = f"{examples} x {params}" if params > 1 else str(examples)
        extra = f" + {explicit} explicit" if explicit else ""
        lines.append(f"| `{node}` | {_cell(target)} | {count}{extra} |")
    lines += ["", "### Last long run", ""]
    if not FUZZ_RUN.exists():
        lines.append("None recorded yet: run `python benchmarks/fuzz.py`.")
        return lines
    run = json.loads(FUZZ_RUN.read_text(encoding="utf-8"))
    lines += [
        f"`{run['command']}` at commit `{run['commit']}` on {run['date']}:",
        f"{run['examples_per_target']} examples per target, {run['seconds']:.0f} s in all,",
        f"{run['failures']} failing tests. The output is in `docs/fuzz-run.json`.",
        "",
        "| target | examples | failures | seconds |",
        "| --- | --- | --- | --- |",
    ]
    for r in run["targets"]:
        lines.append(f"| {_cell(r['target'])} | {r['examples']} | {r['failures']} | {r['seconds']:.1f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the doc is stale or a row lacks a test")
    args = parser.parse_args(argv)
    found = proofs()
    wrong = problems(found)
    for problem in wrong:
        print(f"reliability: {problem}", file=sys.stderr)
    text = render(found)
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print("reliability: docs/RELIABILITY.md is out of date: run scripts/reliability_report.py", file=sys.stderr)
            return 1
        return 1 if wrong else 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}: {len(ROWS)} rows, {len(found)} tests")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
