"""`--format github`: one workflow command per finding, with GitHub's escaping."""

from conftest import locate, run_cli
from report_helpers import BAD, SELECT, lint_run

from edgelint.report import render
from edgelint.report.github import annotation, escape_data, escape_property


def test_one_annotation_per_finding(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    proc = run_cli("--format", "github", "--select", ",".join(SELECT), "bad.json", cwd=tmp_path)
    line, column, end_line, end_column = locate(BAD, "/etc/localtime")
    port = locate(BAD, '\\"35000/tcp\\"')
    assert proc.stdout.splitlines() == [
        f"::error file=bad.json,line={line},col={column},endLine={end_line},endColumn={end_column},title=EL001 file-bind-mount::"
        "`/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type DirectoryOrCreate, "
        "which fails for a file, so the pod never starts; mount its directory instead, or put the file in the image.",
        f"::error file=bad.json,line={port[0]},col={port[1]},endLine={port[2]},endColumn={port[3]},title=EL007 reserved-proxy-port::"
        "Container port 35000 is reserved: every module pod shares its network with the IoT Edge proxy sidecar, which listens "
        "on localhost:35000 and 35001; pick another port.",
    ]
    assert proc.stderr == "Found 2 problems (2 errors) in 1 file.\n"
    assert proc.returncode == 1


def test_levels_map_to_error_warning_and_notice():
    run = lint_run({"bad.json": BAD})
    first, second = run.findings
    first.level, second.level = "note", "warning"
    assert [line.split(" ", 1)[0] for line in render("github", run).splitlines()] == ["::notice", "::warning"]


def test_escaping_of_data_and_properties():
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("C:\\dir,x%\n") == "C%3A\\dir%2Cx%25%0A"
    run = lint_run({"deploy,v1:final%.json": BAD})
    finding = run.findings[0]
    finding.message = "50% of it\nfails: yes, really"
    command = annotation(finding)
    assert command.startswith("::error file=deploy%2Cv1%3Afinal%25.json,line=")
    assert command.endswith("::50%25 of it%0Afails: yes, really")
    assert command.count("::") == 2


def test_a_region_over_several_lines_has_no_columns():
    run = lint_run({"bad.json": BAD})
    finding = run.findings[0]
    finding.end_line, finding.end_column = finding.line + 2, 4
    assert annotation(finding).startswith(
        f"::error file=bad.json,line={finding.line},endLine={finding.line + 2},title=EL001 "
    )
