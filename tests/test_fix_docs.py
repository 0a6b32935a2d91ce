"""Each rule with a fix documents it: the doc says what the fix does and whether it is safe,
the fix removes every fixable finding of the bad example, and where it fixes all of them the
documented fixed example is exactly what `--fix` writes."""

import pytest
from conftest import ROOT, lint
from fix_helpers import run_fixes
from rule_pages import load_page

from edgelint.rule import all_rules

FIXABLE = [rule for rule in all_rules() if rule.fix_kind != "none"]


def load(rule_id):
    path = ROOT / "rules" / f"{rule_id}.md"
    return load_page(path)


def test_the_rules_with_fixes_are_those_of_the_catalog():
    assert {rule.id: rule.fix_kind for rule in FIXABLE} == {
        "EL002": "safe",
        "EL005": "unsafe",
        "EL009": "unsafe",
        "EL010": "unsafe",
        "EL011": "unsafe",
        "EL014": "safe",
        "EL015": "unsafe",
        "EL016": "safe",
        "EL018": "unsafe",
        "EL019": "unsafe",
        "EL021": "safe",
        "EL024": "safe",
        "EL027": "safe",
        "EL035": "unsafe",
    }


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: r.id)
def test_the_doc_says_what_the_fix_does_and_how_safe_it_is(rule):
    text = " ".join(load(rule.id).section("Fixed example").split())
    if rule.fix_kind == "safe":
        assert "`edgelint check --fix` (a safe fix)" in text
    else:
        assert "`edgelint check --fix --unsafe-fixes` (an unsafe fix:" in text


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: r.id)
def test_the_fix_of_the_documented_example(rule):
    doc = load(rule.id)
    language, manifest, _ = doc.example("Example")
    name = f"example.{language}"
    before = [f for f in lint(manifest, name, [rule.id]) if f.rule_id == rule.id]
    assert before
    if any(f.fix is not None and f.fix.applicability != rule.fix_kind for f in before):
        assert doc.section("Fix safety").strip(), "fixes of other safety than the rule's need a Fix safety section"
    outcome = run_fixes(manifest, name, [rule.id], unsafe=True)
    assert outcome.problems == []
    assert outcome.fixed == sum(1 for f in before if f.fix is not None) > 0
    left = [f for f in outcome.result.findings if f.rule_id == rule.id]
    assert [f for f in left if f.fix is not None] == []
    if all(f.fix is not None for f in before):
        assert outcome.source.text == doc.example("Fixed example")[1]
