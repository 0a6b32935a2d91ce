"""`--format rdjson`: the Reviewdog Diagnostic Format, valid under reviewdog's own schema
(vendored in tests/fixtures/reviewdog-rdf with its licence; tests/test_vendored_copies.py checks
it is reviewdog's), with UTF-8 byte columns
and fixes as suggestions that give what the fix gives."""

import json

import jsonschema
import pytest
from conftest import FIXTURES, ROOT, lint, run_cli
from report_helpers import BAD, GOOD, SELECT, TRICKY, TRICKY_NAME, TRICKY_SELECT, lint_run

from edgelint.fixes.model import apply_edits
from edgelint.report import render

SCHEMA = FIXTURES / "reviewdog-rdf" / "DiagnosticResult.json"


def validate(document):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(document)


def rdjson(cwd, *args):
    proc = run_cli("--format", "rdjson", *args, cwd=cwd)
    document = json.loads(proc.stdout)
    validate(document)
    return document, proc


def byte_offset(data, line, column):
    """The offset in `data` (UTF-8 bytes) of a 1-based line and UTF-8 byte column."""
    starts = [0] + [index + 1 for index, byte in enumerate(data) if byte == ord("\n")]
    return starts[line - 1] + column - 1


def apply_suggestion(data, suggestion):
    """What reviewdog does with a suggestion: replace the byte range by the text."""
    start = byte_offset(data, **suggestion["range"]["start"])
    end = byte_offset(data, **suggestion["range"]["end"])
    return data[:start] + suggestion["text"].encode("utf-8") + data[end:]


def test_the_schema_rejects_what_reviewdog_would_not_read():
    with pytest.raises(jsonschema.ValidationError):
        validate({"diagnostics": [{"message": "x", "severity": "FATAL"}]})
    with pytest.raises(jsonschema.ValidationError):
        validate({"diagnostics": [{"message": "x", "location": {"path": "a", "range": {"start": {"line": "1"}}}}]})


def test_a_diagnostic_per_finding(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    document, proc = rdjson(tmp_path, "--select", ",".join(SELECT), "bad.json")
    assert document["source"] == {"name": "edgelint", "url": "https://github.com/edgelint/edgelint"}
    expected = lint(BAD, "bad.json", SELECT)
    assert [d["code"] for d in document["diagnostics"]] == [
        {"value": finding.rule_id, "url": f"https://github.com/edgelint/edgelint/blob/main/rules/{finding.rule_id}.md"}
        for finding in expected
    ]
    for diagnostic, finding in zip(document["diagnostics"], expected):
        assert diagnostic["message"] == finding.message
        assert diagnostic["severity"] == "ERROR"
        assert diagnostic["location"]["path"] == "bad.json"
        assert "suggestions" not in diagnostic
    assert proc.returncode == 1


def test_columns_are_utf8_bytes_and_point_at_the_finding(tmp_path):
    """The findings follow non-ASCII text (é, ☕: 2 and 3 bytes; 😀: 4) on their line."""
    data = BAD.encode("utf-8")
    document = json.loads(render("rdjson", lint_run({"bad.json": BAD})))
    validate(document)
    for diagnostic, finding in zip(document["diagnostics"], lint(BAD, "bad.json", SELECT)):
        span = diagnostic["location"]["range"]
        start, end = byte_offset(data, **span["start"]), byte_offset(data, **span["end"])
        assert (
            data[start:end].decode("utf-8")
            == BAD.splitlines(keepends=True)[finding.line - 1][finding.column - 1 : finding.end_column - 1]
        )
        assert span["start"]["column"] > finding.column  # the multi-byte characters before it count


def test_a_fix_is_one_suggestion_that_gives_the_fixed_text(tmp_path):
    """Each suggestion, applied to the file's bytes as reviewdog applies it, gives what the
    finding's fix gives; with one fix in the file, what `edgelint --fix` writes."""
    path = tmp_path / "tricky.json"
    path.write_text(TRICKY, encoding="utf-8")
    document, _ = rdjson(tmp_path, "--select", ",".join(TRICKY_SELECT), "tricky.json")
    findings = lint(TRICKY, "tricky.json", TRICKY_SELECT)
    (fixed,) = [(d, f) for d, f in zip(document["diagnostics"], findings) if f.fix is not None]
    diagnostic, finding = fixed
    (suggestion,) = diagnostic["suggestions"]
    after = apply_suggestion(TRICKY.encode("utf-8"), suggestion).decode("utf-8")
    assert after == apply_edits(TRICKY, finding.fix.edits)
    assert run_cli("--fix", "--select", ",".join(TRICKY_SELECT), "tricky.json", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == after
    assert TRICKY_NAME in document["diagnostics"][0]["message"]


def test_several_edits_make_one_suggestion():
    """EL019 renames a module in its key and its routes: edits on several lines, one
    suggestion over them all."""
    text = (ROOT / "examples" / "fpga-era.deployment.json").read_text(encoding="utf-8")
    run = lint_run({"fpga-era.deployment.json": text}, select=["EL019"])
    (finding,) = run.findings
    assert len(finding.fix.edits) == 3
    (diagnostic,) = json.loads(render("rdjson", run))["diagnostics"]
    (suggestion,) = diagnostic["suggestions"]
    assert apply_suggestion(text.encode("utf-8"), suggestion).decode("utf-8") == apply_edits(text, finding.fix.edits)


def test_no_findings(tmp_path):
    (tmp_path / "good.json").write_text(GOOD, encoding="utf-8")
    document, proc = rdjson(tmp_path, "--select", ",".join(SELECT), "good.json")
    assert document["diagnostics"] == [] and proc.returncode == 0
