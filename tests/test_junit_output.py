"""`--format junit`: JUnit XML, parsed with the standard library and checked for the
structure PublishTestResults, GitLab and Jenkins read
(https://learn.microsoft.com/en-us/azure/devops/pipelines/tasks/reference/publish-test-results-v2,
https://docs.gitlab.com/ee/ci/testing/unit_test_reports.html)."""

import xml.etree.ElementTree as ET

from conftest import lint, run_cli
from report_helpers import BAD, BROKEN, GOOD, SELECT, TRICKY, TRICKY_NAME, TRICKY_SELECT, camera, lint_run

from edgelint.report import render


def check_structure(root):
    """<testsuites> of <testsuite name tests failures errors> of <testcase name classname>;
    each count is what the suite holds, and a failed case holds <failure message type>."""
    assert root.tag == "testsuites"
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        cases = list(suite)
        assert all(case.tag == "testcase" and case.get("name") and case.get("classname") for case in cases)
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(case.find("failure") is not None for case in cases)
        assert int(suite.get("errors")) == sum(case.find("error") is not None for case in cases)
        for failure in suite.iter("failure"):
            assert failure.get("message") and failure.get("type") in ("error", "warning", "note")
        names = [(case.get("classname"), case.get("name")) for case in cases]
        assert len(set(names)) == len(names)


def junit(cwd, *args):
    proc = run_cli("--format", "junit", *args, cwd=cwd)
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    check_structure(root)
    return root, proc


def test_a_suite_per_file_a_failure_per_finding_a_passed_case_per_clean_file(tmp_path):
    for name, text in (("bad.json", BAD), ("good.json", GOOD), ("package.json", '{"name": "x"}')):
        (tmp_path / name).write_text(text, encoding="utf-8")
    root, proc = junit(tmp_path, "--select", ",".join(SELECT), ".")
    assert root.get("name") == "edgelint"
    assert [(suite.get("name"), suite.get("tests"), suite.get("failures")) for suite in root] == [
        ("bad.json", "2", "2"),
        ("good.json", "1", "0"),  # package.json is no manifest: not linted
    ]
    bad, good = root
    expected = lint(BAD, "bad.json", SELECT)
    for case, finding in zip(bad, expected):
        assert case.get("classname") == case.get("file") == "bad.json"
        assert case.get("line") == str(finding.line)
        failure = case.find("failure")
        assert failure.get("message") == finding.message
        assert failure.get("type") == "error"
        assert failure.text == (
            f"bad.json:{finding.line}:{finding.column}: error[{finding.rule_id}]: {finding.message}\n"
            f"https://github.com/edgelint/edgelint/blob/main/rules/{finding.rule_id}.md"
        )
    assert [case.get("name") for case in bad] == [
        "EL001 file-bind-mount at /modulesContent/$edgeAgent/properties.desired/modules/camera/settings/createOptions/HostConfig/Binds/1",
        "EL007 reserved-proxy-port at /modulesContent/$edgeAgent/properties.desired/modules/camera/settings/createOptions/HostConfig/PortBindings/35000~1tcp",
    ]
    (passed,) = good
    assert passed.attrib == {"name": "no problems", "classname": "good.json", "file": "good.json"}
    assert list(passed) == []
    assert proc.returncode == 1


def test_names_survive_moved_lines_and_repeat_with_a_number():
    moved = BAD.replace("{\n", "{\n\n\n", 1)
    before, after = (ET.fromstring(render("junit", lint_run({"bad.json": text}))) for text in (BAD, moved))
    assert [case.get("name") for case in before.iter("testcase")] == [
        case.get("name") for case in after.iter("testcase")
    ]
    assert [case.get("line") for case in before.iter("testcase")] != [
        case.get("line") for case in after.iter("testcase")
    ]
    twice = lint_run({"deploy.json": camera({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}})})
    twice.results[0].findings.append(twice.results[0].findings[0])
    root = ET.fromstring(render("junit", twice))
    check_structure(root)
    first, second = (case.get("name") for case in root.iter("testcase"))
    assert second == first + " #2"


def test_every_character_survives(tmp_path):
    name = "deploy; [v1]% é & <x>.json"
    (tmp_path / name).write_text(TRICKY, encoding="utf-8")
    root, _ = junit(tmp_path, "--select", ",".join(TRICKY_SELECT), name)
    expected = lint(TRICKY, name, TRICKY_SELECT)
    (suite,) = root
    assert suite.get("name") == name
    assert [case.find("failure").get("message") for case in suite] == [finding.message for finding in expected]
    assert TRICKY_NAME in suite[0].find("failure").get("message")  # CR, LF and U+2028 kept in an attribute
    assert [case.find("failure").get("type") for case in suite] == ["note", "error"]


def test_text_that_xml_cannot_hold_is_made_visible():
    run = lint_run({"bad.json": BAD})
    run.findings[0].message = "bell \x07, escape \x1b[0m, NUL \x00, lone \ud800, tab\tkept"
    root = ET.fromstring(render("junit", run).encode("utf-8", "surrogatepass"))
    failure = next(root.iter("failure"))
    assert failure.get("message") == "bell \\x07, escape \\x1b[0m, NUL \\x00, lone \\ud800, tab\tkept"


def test_files_that_cannot_be_linted_are_errors(tmp_path):
    (tmp_path / "broken.json").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "good.json").write_text(GOOD, encoding="utf-8")
    root, proc = junit(tmp_path, "--select", ",".join(SELECT), "broken.json", "good.json", "missing.json")
    assert [(suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("errors")) for suite in root] == [
        ("broken.json", "1", "1", "0"),
        ("good.json", "1", "0", "0"),
        ("edgelint", "1", "0", "1"),
    ]
    assert next(root.iter("testcase")).get("name") == "EL000 parse-error"
    error = root[2][0]
    assert error.get("classname") == "missing.json"
    assert error.find("error").get("message") == "no such file or directory"
    assert proc.returncode == 2


def test_an_empty_run_is_a_valid_document(tmp_path):
    root, proc = junit(tmp_path, ".")
    assert list(root) == [] and proc.returncode == 0
