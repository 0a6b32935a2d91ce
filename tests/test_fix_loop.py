"""The fix loop: non-overlapping fixes per pass, re-lint, repeat until nothing applies; a
cap on the passes and a check that every pass leaves a parsable manifest."""

import json

from conftest import deployment, lint, manifest_text, module, select_rules
from fix_helpers import fix_text, run_fixes

from edgelint.engine import Finding, lint_source
from edgelint.fixes.loop import fix_loop, select_fixes
from edgelint.fixes.model import SAFE, UNSAFE, Edit, Fix, overlaps
from edgelint.source.text import SourceText

THREE_BINDS = manifest_text(
    deployment(
        {
            "m": module(
                json.dumps({"HostConfig": {"Binds": ["/a:/a", "/b:/b", "/c:/c"]}}, separators=(",", ":")),
                image="x",
            )
        }
    )
)


def finding(rule_id, *edits, applicability=SAFE):
    source = SourceText("x" * 100)
    return Finding(rule_id, "warning", "m", "f.json", "", 0, 1, source, Fix("t", list(edits), applicability))


def test_overlap():
    assert overlaps(Edit(0, 5, ""), Edit(4, 6, ""))
    assert overlaps(Edit(3, 3, "a"), Edit(3, 3, "b"))  # two insertions at one place: order unknown
    assert overlaps(Edit(4, 4, "a"), Edit(3, 6, ""))
    assert not overlaps(Edit(0, 5, ""), Edit(5, 6, ""))
    assert not overlaps(Edit(5, 5, "a"), Edit(5, 8, ""))
    assert not overlaps(Edit(3, 5, "a"), Edit(5, 5, ""))


def test_one_pass_takes_fixes_in_file_order_and_skips_those_that_collide():
    first = finding("EL002", Edit(10, 20, "a"))
    colliding = finding("EL010", Edit(15, 25, "b"))
    same_edit = finding("EL027", Edit(10, 20, "a"))
    insertion_at_the_same_place = finding("EL016", Edit(30, 30, "c"))
    other_insertion = finding("EL014", Edit(30, 30, "d"))
    unsafe = finding("EL005", Edit(40, 41, "e"), applicability=UNSAFE)
    later = finding("EL021", Edit(50, 52, "f"), Edit(60, 60, "g"))
    candidates = [later, unsafe, other_insertion, insertion_at_the_same_place, same_edit, colliding, first]
    chosen, edits = select_fixes(candidates, unsafe=False)
    assert [f.rule_id for f in chosen] == ["EL002", "EL027", "EL014", "EL021"]
    assert edits == [Edit(10, 20, "a"), Edit(30, 30, "d"), Edit(50, 52, "f"), Edit(60, 60, "g")]
    chosen, _ = select_fixes(candidates, unsafe=True)
    assert "EL005" in [f.rule_id for f in chosen]


def counting(rules, name="deployment.json"):
    calls = []

    def lint_text(source):
        calls.append(source.text)
        return lint_source(name, source, rules)

    return lint_text, calls


def test_fixes_of_one_string_come_one_per_pass_until_none_is_left():
    lint_text, calls = counting(select_rules(["EL002"]))
    outcome = fix_loop(SourceText(THREE_BINDS), lint_text, unsafe=False)
    assert (outcome.fixed, outcome.problems) == (3, [])
    assert len(calls) == 4  # the original and one lint per pass
    assert [f.rule_id for f in outcome.result.findings] == []
    options = json.loads(
        json.loads(outcome.source.text)["modulesContent"]["$edgeAgent"]["properties.desired"]["modules"]["m"][
            "settings"
        ]["createOptions"]
    )
    assert options == {
        "HostConfig": {
            "Mounts": [{"Type": "bind", "Source": source, "Target": source} for source in ("/a", "/b", "/c")]
        }
    }
    assert fix_text(outcome.source.text, select=["EL002"]) == outcome.source.text


def test_the_cap_on_passes_is_reported_as_a_bug_with_the_rules():
    outcome = run_fixes(THREE_BINDS, select=["EL002"], max_passes=2)
    assert outcome.fixed == 2
    assert outcome.problems == ["the fixes of EL002 did not converge after 2 passes; this is a bug in edgelint"]
    assert len([f for f in outcome.result.findings if f.rule_id == "EL002"]) == 1


def with_extra_fix(rules, make_fix):
    """A lint whose results carry one more finding with the given raw fix (a broken rule)."""

    def lint_text(source):
        result = lint_source("deployment.json", source, rules)
        if result.is_manifest and "BROKEN" not in source.text:
            fix = make_fix(source.text)
            result.findings.append(Finding("EL024", "error", "m", "deployment.json", "", 0, 1, source, fix))
        return result

    return lint_text


def test_a_pass_that_breaks_the_file_is_dropped_and_reported():
    lint_text = with_extra_fix(select_rules(["EL002"]), lambda text: Fix("break it", [Edit(0, 1, "BROKEN")]))
    outcome = fix_loop(SourceText(THREE_BINDS), lint_text, unsafe=False)
    assert outcome.source.text == THREE_BINDS
    assert outcome.fixed == 0
    assert outcome.problems == [
        "the fixes of EL002, EL024 would leave a file that is no longer a parsable manifest, so they were not "
        "applied; this is a bug in edgelint"
    ]


def test_a_pass_that_leaves_no_manifest_is_dropped():
    def rename_content(text):
        start = text.index('"modulesContent"')
        return Fix("rename", [Edit(start, start + len('"modulesContent"'), '"somethingElse"')])

    outcome = fix_loop(SourceText(THREE_BINDS), with_extra_fix(select_rules(["EL002"]), rename_content), unsafe=False)
    assert outcome.source.text == THREE_BINDS
    assert len(outcome.problems) == 1


def test_files_that_do_not_parse_or_are_no_manifests_are_left_alone():
    for text in ('{"modulesContent": {"$edgeAgent": ', '{"name": "app", "scripts": {"Cmd": "x"}}'):
        outcome = run_fixes(text)
        assert (outcome.source.text, outcome.fixed, outcome.problems) == (text, 0, [])


def test_unsafe_fixes_need_the_flag():
    source = THREE_BINDS.replace('\\"/c:/c\\"]', '\\"/c:/c\\"],\\"Runtime\\":\\"nvidia\\"')
    assert run_fixes(source, select=["EL011"]).fixed == 0
    assert run_fixes(source, select=["EL011"], unsafe=True).fixed == 1
    [remaining] = lint(run_fixes(source, select=["EL011"]).source.text, select=["EL011"])
    assert remaining.fix.applicability == UNSAFE
