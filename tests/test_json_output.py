"""`--format json`: a stable, documented array of findings; `--output` for it."""

import json

import pytest
from conftest import ROOT, locate, run_cli
from report_helpers import BAD, GOOD, SELECT, lint_run

from edgelint.fixes.model import SAFE, Edit, Fix
from edgelint.report.json_output import render_json

KEYS = ["id", "name", "level", "message", "path", "pointer", "line", "column", "end_line", "end_column", "fix"]
POINTER = "/modulesContent/$edgeAgent/properties.desired/modules/camera/settings/createOptions/HostConfig"


def json_cli(cwd, *args):
    proc = run_cli("--format", "json", "--select", ",".join(SELECT), *args, cwd=cwd)
    return json.loads(proc.stdout), proc


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.json").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "also-bad.json").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_one_object_per_finding_with_every_documented_key(repo):
    findings, proc = json_cli(repo, "bad.json")
    assert proc.returncode == 1
    line, column, end_line, end_column = locate(BAD, "/etc/localtime")
    port = locate(BAD, '\\"35000/tcp\\"')
    assert findings == [
        {
            "id": "EL001",
            "name": "file-bind-mount",
            "level": "error",
            "message": "`/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
            "DirectoryOrCreate, which fails for a file, so the pod never starts; mount its directory instead, or put the file in the image.",
            "path": "bad.json",
            "pointer": POINTER + "/Binds/1",
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "fix": None,
        },
        {
            "id": "EL007",
            "name": "reserved-proxy-port",
            "level": "error",
            "message": findings[1]["message"],
            "path": "bad.json",
            "pointer": POINTER + "/PortBindings/35000~1tcp",
            "line": port[0],
            "column": port[1],
            "end_line": port[2],
            "end_column": port[3],
            "fix": None,
        },
    ]
    assert findings[1]["message"].startswith("Container port 35000 is reserved")
    assert [list(finding) for finding in findings] == [KEYS, KEYS], "keys in the documented order"


def test_sorted_by_path_and_position_whatever_the_order_of_the_paths(repo):
    forward, _ = json_cli(repo, "bad.json", "sub/also-bad.json", "good.json")
    backward, _ = json_cli(repo, "good.json", "sub/also-bad.json", "bad.json")
    assert forward == backward
    assert [(f["path"], f["line"], f["column"]) for f in forward] == sorted(
        (f["path"], f["line"], f["column"]) for f in forward
    )
    assert [f["path"] for f in forward] == ["bad.json", "bad.json", "sub/also-bad.json", "sub/also-bad.json"]


def test_no_findings_is_an_empty_array(repo):
    proc = run_cli("--format", "json", "--select", ",".join(SELECT), "good.json", cwd=repo)
    assert (proc.returncode, proc.stdout) == (0, "[]\n")
    assert proc.stderr == "No problems found in 1 file.\n"


def test_a_fix_with_its_edits_in_file_positions():
    text = BAD.replace("\n", "\r\n")
    run = lint_run({"deploy.json": text})
    finding = run.findings[0]
    insert_at = text.index('"image"')
    finding.fix = Fix(
        "Mount /etc instead.",
        [Edit(finding.start, finding.end, "/etc"), Edit(insert_at, insert_at, '"x": "ü",\r\n        ')],
        SAFE,
    )
    (first, second) = json.loads(render_json(run))
    image_line, image_column = locate(text, '"image"')[:2]
    assert first["fix"] == {
        "title": "Mount /etc instead.",
        "applicability": "safe",
        "edits": [
            {
                "line": image_line,
                "column": image_column,
                "end_line": image_line,
                "end_column": image_column,
                "text": '"x": "ü",\r\n        ',
            },
            dict(zip(("line", "column", "end_line", "end_column"), locate(text, "/etc/localtime")), text="/etc"),
        ],
    }
    assert second["fix"] is None


def test_non_ascii_is_written_as_utf8_text(repo):
    (repo / "ü.json").write_text(BAD, encoding="utf-8")
    target = repo / "out.json"
    proc = run_cli("--format", "json", "--select", "EL001", "ü.json", "-o", str(target), cwd=repo)
    assert '"path": "ü.json"' in target.read_bytes().decode("utf-8")
    assert proc.stdout == ""


def test_output_option_writes_the_file_and_the_summary_goes_to_stderr(repo):
    target = repo / "findings.json"
    proc = run_cli("--format", "json", "--select", ",".join(SELECT), "bad.json", "--output", str(target), cwd=repo)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "Found 2 problems (2 errors) in 1 file.\n"
    assert [f["id"] for f in json.loads(target.read_text(encoding="utf-8"))] == ["EL001", "EL007"]
    quiet = run_cli("--format", "json", "--select", ",".join(SELECT), "bad.json", "-o", str(target), "-q", cwd=repo)
    assert (quiet.stdout, quiet.stderr) == ("", "")


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_output_option_works_for_every_format(repo, fmt):
    on_stdout = run_cli("--format", fmt, "--select", ",".join(SELECT), "bad.json", "-q", cwd=repo)
    target = repo / "report.txt"
    to_file = run_cli("--format", fmt, "--select", ",".join(SELECT), "bad.json", "-q", "-o", str(target), cwd=repo)
    assert to_file.stdout == ""
    assert target.read_text(encoding="utf-8") == on_stdout.stdout
    assert on_stdout.stdout.count("EL001") >= 1


def test_full_format_to_a_file_has_no_colour_unless_asked_and_its_summary_on_stderr(repo):
    target = repo / "report.txt"
    proc = run_cli("--select", "EL001", "bad.json", "-o", str(target), cwd=repo)
    assert "\x1b[" not in target.read_text(encoding="utf-8")
    assert proc.stderr == "Found 1 problem (1 error) in 1 file.\n"
    run_cli("--select", "EL001", "bad.json", "-o", str(target), "--color", "always", cwd=repo)
    assert "\x1b[1;31merror[EL001]\x1b[0m" in target.read_text(encoding="utf-8")


def test_the_readme_documents_every_key():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## JSON output", 1)[1].split("\n## ", 1)[0]
    for key in KEYS + ["title", "applicability", "edits", "text"]:
        assert f"`{key}`" in section, key


def test_the_readme_example_is_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## JSON output", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    command, shown = block.split("\n", 1)
    args = command.removeprefix("$ edgelint ").split()
    first_shown = json.loads(shown.split("\n  },\n", 1)[0] + "\n  }\n]")
    proc = run_cli(*args, cwd=ROOT)
    assert json.loads(proc.stdout)[: len(first_shown)] == first_shown
