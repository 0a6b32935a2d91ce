"""Each rule's cases as files: `tests/rules/ELxxx/<case>.json` (or `.yaml`), with an optional
`<case>.toml` (the `.edgelint.toml` it is checked with, such as a device profile), and beside
it `<case>.snap`: what `edgelint check` reports for it — every finding with its exact span,
level, message and fix — and the diff that `--fix --unsafe-fixes` makes.

Add a case by adding a manifest; write or refresh snapshots with

    EDGELINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_rule_cases.py

and review the snapshot diff before committing it.
"""

import json
import os
import shutil

import pytest
from conftest import ROOT

from edgelint.cli import main
from edgelint.rule import all_rules

CASES_DIR = ROOT / "tests" / "rules"
UPDATE = os.environ.get("EDGELINT_UPDATE_SNAPSHOTS") == "1"
RULES = {rule.id: rule for rule in all_rules()}
CASES = sorted(path for path in CASES_DIR.glob("EL*/*") if path.suffix in (".json", ".yaml", ".yml"))


def run(args, folder, monkeypatch, capsys):
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().out


def select(rule):
    return ["--select" if rule.default else "--extend-select", rule.id]


def describe(findings):
    lines = []
    for finding in findings:
        span = f"{finding['line']}:{finding['column']}-{finding['end_line']}:{finding['end_column']}"
        lines.append(f"{span} {finding['level']} {finding['id']} {finding['message']}")
        fix = finding.get("fix")
        if fix:
            edits = "display only" if not fix["edits"] else f"{len(fix['edits'])} edit(s)"
            lines.append(f"    fix ({fix['applicability']}, {edits}): {fix['title']}")
    return lines


def snapshot(case, tmp_path, monkeypatch, capsys):
    rule = RULES[case.parent.name]
    shutil.copyfile(case, tmp_path / case.name)
    config = case.with_suffix(".toml")
    if config.exists():
        shutil.copyfile(config, tmp_path / ".edgelint.toml")
    check = ["check", *select(rule), "-q"]
    code, out = run([*check, "--format", "json", case.name], tmp_path, monkeypatch, capsys)
    findings = json.loads(out)
    fix_code, diff = run([*check, "--unsafe-fixes", "--diff", case.name], tmp_path, monkeypatch, capsys)
    text = [f"$ edgelint {' '.join(check)} {case.name}  (exit {code})", *describe(findings), ""]
    text += [f"$ edgelint {' '.join(check)} --unsafe-fixes --diff {case.name}  (exit {fix_code})"]
    text += diff.splitlines() or ["(no change)"]
    return "\n".join(text) + "\n", findings


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_case_matches_its_snapshot(case, tmp_path, monkeypatch, capsys):
    actual, findings = snapshot(case, tmp_path, monkeypatch, capsys)
    stored = case.with_suffix(".snap")
    if UPDATE:
        stored.write_text(actual, encoding="utf-8")
    assert stored.exists(), f"no snapshot for {case.name}: run with EDGELINT_UPDATE_SNAPSHOTS=1"
    assert actual == stored.read_text(encoding="utf-8")
    assert {finding["id"] for finding in findings} <= {case.parent.name}


def test_every_rule_has_cases_and_every_case_a_rule():
    assert sorted({case.parent.name for case in CASES}) == sorted(RULES)
    for folder in CASES_DIR.iterdir():
        manifests = {path.stem for path in folder.iterdir() if path.suffix in (".json", ".yaml", ".yml")}
        others = {path.stem for path in folder.iterdir() if path.suffix in (".snap", ".toml")}
        assert others <= manifests, f"{folder.name}: a snapshot or config without its manifest"


def test_every_rule_has_a_case_that_shows_it():
    """At least one snapshot of each rule lists a finding of it (the finding lines follow the
    command line: `span level ID message`)."""
    shown = set()
    for case in CASES:
        snap = case.with_suffix(".snap")
        findings = snap.read_text(encoding="utf-8").split("\n\n")[0].splitlines()[1:] if snap.exists() else []
        if any(line.split()[2] == case.parent.name for line in findings if not line.startswith(" ")):
            shown.add(case.parent.name)
    assert sorted(set(RULES) - shown) == []
