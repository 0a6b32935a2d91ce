"""Regenerate what the rule registry says about each rule: the front matter of every
`rules/ELxxx.md` and the rule table in README.md. The `@rule(...)` declarations in
`edgelint/checks/` are the one source; the prose and examples of each page stay hand-written.

    python tests/tools/generate_rule_docs.py          # rewrite the files that differ
    python tests/tools/generate_rule_docs.py --check  # exit 1 and name the files that differ

The test suite runs the check, so committed docs cannot drift from the code.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from edgelint.rule import all_rules  # noqa: E402

TABLE_HEADER = "| ID | name | level | fix | what it flags |\n|---|---|---|---|---|\n"
_TABLE = re.compile(re.escape(TABLE_HEADER) + r"(?:\| \[EL[^\n]*\n)*")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def front_matter(rule):
    tags = ", ".join(rule.tags)
    return f"---\nid: {rule.id}\nname: {rule.name}\nlevel: {rule.level}\nfix: {rule.fix_kind}\ntags: [{tags}]\n---\n"


def table_row(rule):
    opt_in = " (opt-in)" if not rule.default else ""
    return (
        f"| [{rule.id}](rules/{rule.id}.md) | {rule.name} | {rule.level} | {rule.fix_kind} | {rule.summary}{opt_in} |\n"
    )


def rule_page(rule, committed):
    """The page with its front matter regenerated; a page that does not exist yet gets the
    skeleton of sections that the doc tests require, to be written by hand."""
    if committed is None:
        sections = "".join(
            f"## {title}\n\nTODO\n\n"
            for title in ("What it flags", "Why it breaks on Kubernetes", "Example", "Fixed example", "References")
        )
        return f"{front_matter(rule)}\n# {rule.id} {rule.name}\n\n{sections}".rstrip("\n") + "\n"
    if not _FRONT_MATTER.match(committed):
        raise SystemExit(f"rules/{rule.id}.md: no front matter to replace")
    return _FRONT_MATTER.sub(lambda _: front_matter(rule), committed, count=1)


def readme(committed, rules):
    table = TABLE_HEADER + "".join(table_row(rule) for rule in rules)
    if not _TABLE.search(committed):
        raise SystemExit("README.md: the rule table header is missing")
    return _TABLE.sub(lambda _: table, committed, count=1)


def generated_files(root=ROOT):
    """{path: (committed text or None, generated text)} for every generated file."""
    rules = all_rules()
    files = {}
    for rule in rules:
        path = root / "rules" / f"{rule.id}.md"
        committed = path.read_text(encoding="utf-8") if path.exists() else None
        files[path] = (committed, rule_page(rule, committed))
    path = root / "README.md"
    committed = path.read_text(encoding="utf-8")
    files[path] = (committed, readme(committed, rules))
    return files


def main(argv):
    check = "--check" in argv
    stale = {path: generated for path, (committed, generated) in generated_files().items() if committed != generated}
    for path, generated in stale.items():
        if check:
            print(f"{path.relative_to(ROOT)} differs from what the rule registry generates")
        else:
            path.write_text(generated, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
