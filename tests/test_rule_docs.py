"""rules/ELxxx.md is the single source of each rule's docs: it matches the registry, and its
examples are run here, so the docs cannot drift from behaviour."""

import pytest

from conftest import ROOT, run_cli
from edgelint.docs import SECTIONS, RuleDoc, docs_dir
from edgelint.engine import lint_bytes
from edgelint.report.text import concise
from edgelint.rule import all_rules, select_rules

RULES = all_rules()
DOC_FILES = sorted((ROOT / "rules").glob("EL*.md"))


def load(rule_id):
    path = ROOT / "rules" / f"{rule_id}.md"
    return RuleDoc(str(path), path.read_text(encoding="utf-8"))


def test_every_rule_has_a_doc_and_every_doc_a_rule():
    assert [p.stem for p in DOC_FILES] == [r.id for r in RULES]


def test_the_installed_catalog_is_the_same_files():
    assert sorted(p.name for p in DOC_FILES) == sorted(
        name for name in __import__("os").listdir(docs_dir()) if name.startswith("EL")
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_front_matter_matches_the_registry(rule):
    doc = load(rule.id)
    assert doc.meta == {"id": rule.id, "name": rule.name, "level": rule.level, "fix": rule.fix, "tags": list(rule.tags)}
    assert list(doc.sections) == list(SECTIONS)
    assert doc.body.lstrip().startswith(f"# {rule.id} {rule.name}\n")
    for title in SECTIONS:
        assert doc.section(title).strip(), f"{rule.id}: empty section {title}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_example_gives_exactly_the_documented_output(rule):
    doc = load(rule.id)
    language, manifest, expected = doc.example("Example")
    name = f"example.{language}"
    assert doc.example_command() == f"edgelint check --select {rule.id} --format concise {name}"
    result = lint_bytes(name, manifest.encode(), select_rules([rule.id]))
    assert [concise(f) for f in result.findings] == expected
    assert expected, f"{rule.id}: the bad example must show at least one finding"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_fixed_example_is_clean_for_the_rule(rule):
    language, manifest, _ = load(rule.id).example("Fixed example")
    result = lint_bytes(f"example.{language}", manifest.encode(), select_rules([rule.id]))
    assert result.is_manifest
    assert result.findings == []


def test_rule_command_prints_the_doc():
    proc = run_cli("rule", "EL001")
    assert proc.returncode == 0
    assert proc.stdout == load("EL001").plain_text() + "\n"
    by_name = run_cli("rule", "file-bind-mount")
    assert by_name.stdout == proc.stdout
