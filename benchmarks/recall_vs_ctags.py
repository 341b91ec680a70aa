"""Our definitions against Universal Ctags', per language, by (file, name, line).

    python benchmarks/recall_vs_ctags.py CORPUS... [--every N] [--misses K]

Runs ``ctags`` (Debian package ``universal-ctags``) and our extractor on the
same files and prints, per language, recall (ctags tags we also find) and
precision (our symbols ctags also finds) over comparable kinds.  A tag
matches a symbol of the same file and name whose definition or name starts
on the tag's line.  ``--misses`` prints examples of what we miss.

Kinds left out of the comparison, and why (see EXCLUDED):
- imports and imported names (Python ``i``/``I``/``x``, Go ``P``): references,
  not definitions;
- C/C++ ``h`` (header includes): references;
- our ``package``/``module`` symbols where ctags has no tag (Go package
  clauses are compared, since ctags tags them).
Our kinds without a ctags counterpart are left out of precision: Rust/Swift
``impl``/extension blocks (named ``impl Trait for Type`` by us; recall
matches them by type name, as ctags names them).

What we miss on purpose, and show up as misses here: locals (ctags tags
TypeScript ``const`` and Rust ``static`` inside function bodies, Python
assignments inside module-level ``if``/``try`` blocks), definitions inside
macro bodies (Rust ``macro_rules!`` token trees are not parsed as items),
JavaScript object-literal properties and ``this.x =`` assignments.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections import Counter, defaultdict

from corpus import files_by_language, table

from ragex_lsp.core.extract import Extractor, _type_name
from ragex_lsp.core.model import Kind
from ragex_lsp.queries import load_query

#: ctags kinds (long names) that are not definitions, per ctags language.
EXCLUDED = {
    "Python": {"namespace", "module", "unknown"},
    "Go": {"packageName", "unknown"},
    "C": {"header"},
    "C++": {"header"},
    "JavaScript": set(),
    "TypeScript": set(),
}

#: Our kinds ctags has no tag for (left out of precision).
OURS_ONLY = {"rust": {Kind.OBJECT}, "swift": {Kind.OBJECT}}


def impl_type(header: str) -> str:
    """``impl<T> Display for Foo<T>`` -> ``Foo`` (ctags names impl blocks by type)."""
    if header.startswith("extension "):
        return _type_name(header.removeprefix("extension ").split(":")[0])
    target = header.split(" for ", 1)[-1] if " for " in header else header.split(None, 1)[-1]
    if target.startswith("impl"):
        target = target.split(">", 1)[-1] if target.startswith("impl<") else target[4:]
    return _type_name(target.split(" where ")[0])


def ctags_tags(paths: list[str]) -> dict[str, list[dict]]:
    """ctags' tags per path (JSON output, default kinds)."""
    proc = subprocess.run(
        ["ctags", "--output-format=json", "--fields=+nKl", "-f", "-", "-L", "-"],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=True,
    )
    tags: dict[str, list[dict]] = defaultdict(list)
    for line in proc.stdout.splitlines():
        tag = json.loads(line)
        if tag.get("_type") == "tag" and tag.get("kind") not in EXCLUDED.get(tag.get("language", ""), set()):
            tags[tag["path"]].append(tag)
    return tags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--every", type=int, default=1, help="use every N-th file")
    parser.add_argument("--misses", type=int, default=0, help="show K missed tags per language")
    parser.add_argument("--languages", help="comma-separated subset")
    args = parser.parse_args()
    only = set(args.languages.split(",")) if args.languages else None
    extractor = Extractor(load_query)
    rows = []
    for language, paths in files_by_language(args.corpus, only=only, every=args.every).items():
        tags = ctags_tags(paths)
        n_tags = n_found = n_ours = n_confirmed = 0
        missed: Counter[str] = Counter()
        examples: list[str] = []
        for path in paths:
            with open(path, "rb") as f:
                symbols = extractor.extract(language, f.read(), details=False)
            ours = defaultdict(set)  # name -> lines
            for s in symbols:
                for line in (s.start_line + 1, s.name_line + 1):
                    ours[s.name].add(line)
                if s.kind == Kind.OBJECT and s.name.startswith(("impl", "extension")):  # by type name too
                    ours[impl_type(s.name)].add(s.name_line + 1)
                    ours[impl_type(s.name)].add(s.start_line + 1)
            theirs = defaultdict(set)
            for tag in tags.get(path, []):
                n_tags += 1
                theirs[tag["name"]].add(tag["line"])
                if tag["line"] in ours.get(tag["name"], ()):
                    n_found += 1
                else:
                    missed[tag["kind"]] += 1
                    if len(examples) < args.misses:
                        examples.append(f"  {path}:{tag['line']} {tag['kind']} {tag['name']}")
            for s in symbols:
                if s.kind in OURS_ONLY.get(language, ()):
                    continue
                n_ours += 1
                lines = theirs.get(s.name, ())
                n_confirmed += (s.start_line + 1) in lines or (s.name_line + 1) in lines
        recall = 100 * n_found / n_tags if n_tags else float("nan")
        precision = 100 * n_confirmed / n_ours if n_ours else float("nan")
        top = ", ".join(f"{k} {v}" for k, v in missed.most_common(3))
        rows.append([language, len(paths), n_tags, n_ours, f"{recall:.1f}%", f"{precision:.1f}%", top])
        if examples:
            print(f"{language}: missed examples\n" + "\n".join(examples))
    print(table(["language", "files", "ctags tags", "our symbols", "recall", "precision", "most missed kinds"], rows))
    print("\ngoal: recall >= 95% for python, javascript, typescript, go, rust, java, c")


if __name__ == "__main__":
    main()
