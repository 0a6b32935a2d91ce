"""`--format gitlab`: a GitLab Code Quality report, checked against GitLab's documented
rules (https://docs.gitlab.com/ee/ci/testing/code_quality.html, "Code Quality report format")."""

import json

from conftest import lint, locate, run_cli
from report_helpers import BAD, GOOD, SELECT, TRICKY, TRICKY_NAME, TRICKY_SELECT, camera, lint_run

from edgelint.report import render
from edgelint.report.sarif import FINGERPRINT, render_sarif

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def check_report(report):
    """What GitLab requires of `artifacts:reports:codequality`."""
    assert isinstance(report, list)
    for issue in report:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in SEVERITIES
        location = issue["location"]
        assert isinstance(location["path"], str)
        assert not location["path"].startswith(("/", "./", "../"))
        begin = location["positions"]["begin"]
        assert isinstance(begin["line"], int) and begin["line"] >= 1
        assert isinstance(begin["column"], int) and begin["column"] >= 1
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == len(fingerprints)


def gitlab(cwd, *args, env=None):
    proc = run_cli("--format", "gitlab", *args, cwd=cwd, env=env)
    report = json.loads(proc.stdout)
    check_report(report)
    return report, proc


def test_one_issue_per_finding(tmp_path):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "bad.json").write_text(BAD, encoding="utf-8")
    report, proc = gitlab(tmp_path, "--select", ",".join(SELECT), "deploy/bad.json")
    line, column, end_line, end_column = locate(BAD, "/etc/localtime")
    first = report[0]
    assert first == {
        "description": "EL001 file-bind-mount: `/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a "
        "hostPath volume of type DirectoryOrCreate, which fails for a file, so the pod never starts; mount its "
        "directory instead, or put the file in the image.",
        "check_name": "EL001",
        "fingerprint": first["fingerprint"],
        "severity": "critical",
        "location": {
            "path": "deploy/bad.json",
            "positions": {"begin": {"line": line, "column": column}, "end": {"line": end_line, "column": end_column}},
        },
    }
    assert [issue["check_name"] for issue in report] == ["EL001", "EL007"]
    assert proc.stderr == "Found 2 problems (2 errors) in 1 file.\n"
    assert proc.returncode == 1


def test_no_findings_is_an_empty_array(tmp_path):
    (tmp_path / "good.json").write_text(GOOD, encoding="utf-8")
    report, proc = gitlab(tmp_path, "--select", ",".join(SELECT), "good.json")
    assert report == [] and proc.stdout == "[]\n" and proc.returncode == 0


def test_fingerprints_are_the_sarif_ones_and_survive_moved_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)
    run = lint_run({"deploy.json": BAD, "other/deploy.json": BAD})
    sarif = json.loads(render_sarif(run))["runs"][0]["results"]
    report = json.loads(render("gitlab", run))
    assert [issue["fingerprint"] for issue in report] == [r["partialFingerprints"][FINGERPRINT] for r in sarif]
    check_report(report)  # the same problems in two files: other fingerprints
    moved = BAD.replace("{\n", "{\n\n\n", 1).replace('"type": "docker",', '"type": "docker", "version": "1.0",')
    again = json.loads(render("gitlab", lint_run({"deploy.json": moved})))
    assert [issue["fingerprint"] for issue in again] == [issue["fingerprint"] for issue in report[:2]]
    assert [issue["location"]["positions"]["begin"]["line"] for issue in again] != [
        issue["location"]["positions"]["begin"]["line"] for issue in report[:2]
    ]


def test_equal_findings_get_their_own_fingerprints():
    twice = camera({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}})
    run = lint_run({"deploy.json": twice})
    run.results[0].findings.append(run.results[0].findings[0])
    report = json.loads(render("gitlab", run))
    check_report(report)
    assert report[1]["fingerprint"] == report[0]["fingerprint"][:-1] + "1"


def test_paths_are_relative_to_the_gitlab_project_directory(tmp_path):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "bad.json").write_text(BAD, encoding="utf-8")
    report, _ = gitlab(tmp_path / "deploy", "--select", "EL001", "bad.json", env={"CI_PROJECT_DIR": str(tmp_path)})
    assert report[0]["location"]["path"] == "deploy/bad.json"
    report, _ = gitlab(tmp_path / "deploy", "--select", "EL001", "bad.json", env={"CI_PROJECT_DIR": ""})
    assert report[0]["location"]["path"] == "bad.json"


def test_every_character_survives(tmp_path):
    name = "deploy; [v1]% é.json"
    (tmp_path / name).write_text(TRICKY, encoding="utf-8")
    report, _ = gitlab(tmp_path, "--select", ",".join(TRICKY_SELECT), name)
    expected = lint(TRICKY, name, TRICKY_SELECT)
    assert [issue["description"] for issue in report] == [
        f"{finding.rule_id} {name_}: {finding.message}"
        for finding, name_ in zip(expected, ["missing-resource-limits", "invalid-env-name"])
    ]
    assert TRICKY_NAME in report[0]["description"]
    assert {issue["location"]["path"] for issue in report} == {name}
