"""Choosing the format (--format, --output-format, EDGELINT_OUTPUT_FORMAT, `output-format`
in the configuration), --output FILE for every format, streaming, and `--format json-lines`."""

import copy
import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import lint, run_cli
from report_helpers import BAD, GOOD, SELECT, TRICKY, TRICKY_NAME, TRICKY_SELECT, lint_run

from edgelint.cli import lint_paths
from edgelint.report import FORMATS, LintRun, render, writer
from edgelint.session import Options, Session

FIRST = {  # how the report of each format starts, for bad.json
    "full": "error[EL001]",
    "concise": "bad.json:",
    "github": "::error file=bad.json",
    "azure": "##vso[task.logissue type=error;sourcepath=bad.json",
    "json-lines": '{"id": "EL001"',
    "json": '[\n  {\n    "id": "EL001"',
    "gitlab": '[\n  {"description": "EL001 ',
    "rdjson": '{"source": {"name": "edgelint"',
    "junit": '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="edgelint">',
    "sarif": '{\n  "$schema": ',
}


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.json").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_every_format_is_known():
    assert sorted(FIRST) == sorted(FORMATS)


def report(repo, *args, env=None):
    proc = run_cli(
        "--select", ",".join(SELECT), "bad.json", *args, cwd=repo, env={"EDGELINT_OUTPUT_FORMAT": "", **(env or {})}
    )
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_command_line_beats_environment_beats_configuration(repo):
    (repo / ".edgelint.toml").write_text('output-format = "concise"\n', encoding="utf-8")
    assert report(repo).startswith(FIRST["concise"])
    assert report(repo, env={"EDGELINT_OUTPUT_FORMAT": "azure"}).startswith(FIRST["azure"])
    assert report(repo, "--format", "github", env={"EDGELINT_OUTPUT_FORMAT": "azure"}).startswith(FIRST["github"])
    assert report(repo, "--output-format", "json-lines", env={"EDGELINT_OUTPUT_FORMAT": "azure"}).startswith(
        FIRST["json-lines"]
    )
    assert report(repo, "--isolated").startswith(FIRST["full"])


def test_pyproject_output_format(repo):
    (repo / "pyproject.toml").write_text('[tool.edgelint]\noutput-format = "gitlab"\n', encoding="utf-8")
    assert report(repo).startswith(FIRST["gitlab"])


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            "environment",
            "edgelint: error: EDGELINT_OUTPUT_FORMAT='xml' is not a format (one of full, concise, json, "
            "json-lines, sarif, github, azure, gitlab, junit, rdjson)\n",
        ),
        (
            "configuration",
            "edgelint: error: .edgelint.toml: 'output-format' must be one of full, concise, json, "
            "json-lines, sarif, github, azure, gitlab, junit, rdjson, not 'xml'\n",
        ),
    ],
)
def test_an_unknown_format_is_an_error(repo, where, message):
    env = {"EDGELINT_OUTPUT_FORMAT": "xml" if where == "environment" else ""}
    if where == "configuration":
        (repo / ".edgelint.toml").write_text('output-format = "xml"\n', encoding="utf-8")
    proc = run_cli("bad.json", cwd=repo, env=env)
    assert (proc.returncode, proc.stdout, proc.stderr.replace(str(repo) + "/", "")) == (2, "", message)
    assert "invalid choice: 'xml'" in run_cli("--format", "xml", "bad.json", cwd=repo).stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_honours_output_file(repo, fmt):
    on_stdout = report(repo, "--format", fmt)
    assert on_stdout.startswith(FIRST[fmt])
    (repo / "out").mkdir()
    proc = run_cli(
        "--select",
        ",".join(SELECT),
        "--format",
        fmt,
        "-o",
        "out/report",
        "bad.json",
        cwd=repo,
        env={"EDGELINT_OUTPUT_FORMAT": ""},
    )
    assert proc.returncode == 1 and proc.stdout == ""
    written = (repo / "out" / "report").read_text(encoding="utf-8")
    if fmt == "full":  # the summary follows the full format on stdout only
        on_stdout = on_stdout.rsplit("\n\n", 1)[0] + "\n\n"
        assert proc.stderr == "Found 2 problems (2 errors) in 1 file.\n"
    assert written == on_stdout


@pytest.mark.parametrize("fmt", [fmt for fmt in FORMATS if fmt not in ("json", "sarif")])
def test_streamed_formats_keep_no_results(repo, fmt, monkeypatch):
    """Each file's part is written as its result arrives and nothing is kept for the end;
    the parts and the end make the same report as rendering the whole run."""
    monkeypatch.chdir(repo)
    session = Session(Options(select=SELECT, isolated=True))
    streamed, parts = writer(fmt), []
    run, failing = lint_paths(
        session, ["bad.json", "good.json"], sink=lambda result: parts.append(streamed.part(result))
    )
    assert streamed.streamed and run.results == [] and failing
    assert parts[0] and parts[0].count("EL001") >= 1
    whole, _ = lint_paths(session, ["bad.json", "good.json"], keep_sources=True)
    assert "".join(parts) + streamed.finish(run) == render(fmt, whole)


LEVELS = {  # what a note, a warning and an error become in each format that has levels
    "azure": lambda text: [re.search(r"type=(\w+)", line)[1] for line in text.splitlines()],
    "gitlab": lambda text: [issue["severity"] for issue in json.loads(text)],
    "rdjson": lambda text: [diagnostic["severity"] for diagnostic in json.loads(text)["diagnostics"]],
    "junit": lambda text: [failure.get("type") for failure in ET.fromstring(text).iter("failure")],
    "json-lines": lambda text: [json.loads(line)["level"] for line in text.splitlines()],
}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("azure", ["warning", "warning", "error"]),
        ("gitlab", ["info", "major", "critical"]),
        ("rdjson", ["INFO", "WARNING", "ERROR"]),
        ("junit", ["note", "warning", "error"]),
        ("json-lines", ["note", "warning", "error"]),
    ],
)
def test_levels(fmt, expected):
    run = lint_run({"bad.json": BAD})
    third = copy.copy(run.findings[0])
    third.line = third.end_line = run.findings[1].line + 1
    run.results[0].findings.append(third)
    for finding, level in zip(run.findings, ("note", "warning", "error")):
        finding.level = level
    assert LEVELS[fmt](render(fmt, run)) == expected


def test_json_lines_has_the_objects_of_json(repo):
    (repo / "tricky.json").write_text(TRICKY, encoding="utf-8")
    selection = ",".join(SELECT + TRICKY_SELECT)
    lines = run_cli("--format", "json-lines", "--select", selection, "bad.json", "tricky.json", cwd=repo).stdout
    array = json.loads(run_cli("--format", "json", "--select", selection, "bad.json", "tricky.json", cwd=repo).stdout)
    assert len(lines.splitlines()) == len(array) == 5  # U+2028 in a message does not split its line
    objects = [json.loads(line) for line in lines.split("\n")[:-1]]
    assert objects == array
    assert [list(item) for item in objects] == [list(array[0])] * 5
    assert TRICKY_NAME in objects[3]["message"]
    assert "\\u2028" in lines and "\u2028" not in lines


def test_json_lines_without_findings_is_empty(repo):
    proc = run_cli("--format", "json-lines", "--select", ",".join(SELECT), "good.json", cwd=repo)
    assert (proc.stdout, proc.returncode) == ("", 0)


def test_render_of_an_empty_run():
    empty = LintRun([], [])
    assert render("gitlab", empty) == "[]\n"
    assert json.loads(render("rdjson", empty))["diagnostics"] == []
    assert render("azure", empty) == render("json-lines", empty) == ""
    assert lint(GOOD, select=SELECT) == []


def test_format_options_follow_the_format_however_chosen(repo):
    proc = run_cli(
        "--sarif-category",
        "gpu",
        "--select",
        ",".join(SELECT),
        "bad.json",
        cwd=repo,
        env={"EDGELINT_OUTPUT_FORMAT": "sarif"},
    )
    assert json.loads(proc.stdout)["runs"][0]["automationDetails"]["id"] == "gpu/"
    (repo / ".edgelint.toml").write_text('output-format = "json"\n', encoding="utf-8")
    proc = run_cli("--color", "always", "bad.json", cwd=repo, env={"EDGELINT_OUTPUT_FORMAT": ""})
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "--color has no effect with --format json" in proc.stderr


def test_edgelint_config_names_where_the_format_comes_from(repo):
    def shown(env):
        rows = run_cli("config", cwd=repo, env={"EDGELINT_OUTPUT_FORMAT": env}).stdout.splitlines()
        return next(row.split(None, 1)[1] for row in rows if row.startswith("output-format "))

    assert shown("") == "full    (default)"
    (repo / ".edgelint.toml").write_text('output-format = "junit"\n', encoding="utf-8")
    assert shown("") == f"junit    ({repo / '.edgelint.toml'})"
    assert shown("rdjson") == "rdjson    (EDGELINT_OUTPUT_FORMAT)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_that_reads_no_source_text_is_the_same_without_it(repo, fmt, monkeypatch):
    """Results drop the file's text when the report shows no source line and no fix edit;
    every format that says it needs no text gives the same report without it, and every
    other format differs (so the list of those formats is exact)."""
    from edgelint.cli import _FORMATS_WITHOUT_FIXES, _FORMATS_WITHOUT_SOURCES

    monkeypatch.chdir(repo)
    (repo / "tricky.json").write_text(TRICKY, encoding="utf-8")
    reports = []
    for reads_sources in (True, False):
        session = Session(Options(select=[*SELECT, *TRICKY_SELECT], isolated=True))
        session.reads_fixes, session.reads_sources = fmt not in _FORMATS_WITHOUT_FIXES, reads_sources
        run, _ = lint_paths(session, ["bad.json", "good.json", "tricky.json"], keep_sources=True)
        assert all((result.source is not None) == reads_sources for result in run.results if result.findings)
        reports.append(render(fmt, run))
    assert (reports[0] == reports[1]) == (fmt in _FORMATS_WITHOUT_SOURCES)
