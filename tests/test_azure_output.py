"""`--format azure`: Azure Pipelines logging commands, read back the way the agent reads
them (https://learn.microsoft.com/en-us/azure/devops/pipelines/scripts/logging-commands)."""

import re

from conftest import lint, locate, run_cli
from report_helpers import BAD, SELECT, TRICKY, TRICKY_NAME, TRICKY_SELECT, lint_run

from edgelint.report import render

# The agent's unescaping: the four tokens, then %AZP25 last (a literal "%3B" in the text
# arrives as "%AZP253B" and must not become ";").
_UNESCAPE = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%AZP25", "%"))


def unescape(text):
    for token, character in _UNESCAPE:
        text = text.replace(token, character)
    return text


def parse(line):
    """(command, {property: value}, message) as the Azure Pipelines agent parses one line:
    the command starts at `##vso[`, its properties end at the first `]` and are split at
    `;`, each at its first `=`."""
    match = re.fullmatch(r"##vso\[(\S+) ([^\]]*)\](.*)", line)
    assert match, line
    command, properties, message = match.groups()
    pairs = {}
    for pair in filter(None, properties.split(";")):
        key, value = pair.split("=", 1)
        pairs[key] = unescape(value)
    return command, pairs, unescape(message)


def test_one_issue_per_finding(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    proc = run_cli("--format", "azure", "--select", ",".join(SELECT), "bad.json", cwd=tmp_path)
    line, column, _, _ = locate(BAD, "/etc/localtime")
    port = locate(BAD, '\\"35000/tcp\\"')
    assert proc.stdout.splitlines() == [
        f"##vso[task.logissue type=error;sourcepath=bad.json;linenumber={line};columnnumber={column};code=EL001;]"
        "`/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type DirectoryOrCreate, "
        "which fails for a file, so the pod never starts%3B mount its directory instead, or put the file in the image.",
        f"##vso[task.logissue type=error;sourcepath=bad.json;linenumber={port[0]};columnnumber={port[1]};code=EL007;]"
        "Container port 35000 is reserved: every module pod shares its network with the IoT Edge proxy sidecar, which "
        "listens on localhost:35000 and 35001%3B pick another port.",
    ]
    assert proc.stderr == "Found 2 problems (2 errors) in 1 file.\n"
    assert proc.returncode == 1


def test_the_agent_reads_back_every_character(tmp_path):
    """A real message with `;`, `]`, `%`, CR, LF and non-ASCII text, in a file whose name has
    them too: one line per issue, and the agent's parser gets the exact text back."""
    name = "deploy; [v1]% é.json"
    (tmp_path / name).write_text(TRICKY, encoding="utf-8")
    proc = run_cli("--format", "azure", "--select", ",".join(TRICKY_SELECT), name, cwd=tmp_path)
    expected = lint(TRICKY, name, TRICKY_SELECT)
    lines = proc.stdout.split("\n")
    assert lines[-1] == "" and len(lines) == len(expected) + 1
    for line, finding in zip(lines, expected):
        command, properties, message = parse(line)
        assert command == "task.logissue"
        assert properties == {
            "type": "warning" if finding.level == "note" else finding.level,
            "sourcepath": name,
            "linenumber": str(finding.line),
            "columnnumber": str(finding.column),
            "code": finding.rule_id,
        }
        assert message == finding.message
    assert TRICKY_NAME in parse(lines[0])[2]
    assert "%AZP25" in lines[0] and "%0D%0A" in lines[0] and "%3B" in lines[0] and "%5D" in lines[0]


def test_escaped_tokens_in_the_text_survive():
    """Text that already looks like an escape is not decoded by the agent."""
    run = lint_run({"bad.json": BAD})
    finding = run.findings[0]
    finding.message = "literal %3B and %AZP25 and %0A"
    (line, _) = render("azure", run).splitlines()
    assert parse(line)[2] == "literal %3B and %AZP25 and %0A"
