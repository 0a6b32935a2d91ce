"""A problem may carry its own level and a fix its own applicability: one rule, several
consequences (an error where the pod fails, a warning where it only degrades)."""

import pytest

from edgelint.engine import lint_bytes
from edgelint.fixes.intents import FixIntent, Replace
from edgelint.rule import Problem, Rule

TEXT = '{"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {"a": {}, "b": {}}}}}}'


def _check(manifest):
    for module in manifest.modules:
        if module.name == "a":
            yield Problem(module.node, "declared level", fix=FixIntent("keep", [Replace(module.node, {"x": 1})]))
        else:
            yield Problem(
                module.node,
                "own level",
                level="warning",
                fix=FixIntent("change", [Replace(module.node, {"y": 1})], applicability="unsafe"),
            )


def test_a_problem_level_and_a_fix_applicability_replace_the_rule_defaults_for_that_finding_only():
    rule = Rule("EL999", "probe", "error", "safe", "probe", (), _check)
    findings = lint_bytes("d.json", TEXT.encode(), [rule]).findings
    assert [(f.message, f.level, f.fix.applicability) for f in findings] == [
        ("declared level", "error", "safe"),
        ("own level", "warning", "unsafe"),
    ]


def test_an_unknown_problem_level_is_refused():
    with pytest.raises(ValueError, match="unknown level 'fatal'"):
        Problem(None, "m", level="fatal")
