"""`--format json`: one JSON array with an object per finding, a stable interface for
scripts and editors (documented in the README, section "JSON output").

Every object has the same keys in the same order: id, name, level, message, path,
pointer, line, column, end_line, end_column, fix. Positions are 1-based, end exclusive,
columns in Unicode code points (the same numbers as the text and SARIF output). `fix` is
null or {title, applicability, edits: [{line, column, end_line, end_column, text}]}, the
edits in original-file positions. The array is sorted by path, position, rule and message.
"""

import json

from edgelint.rule import REGISTRY


def render_json(run):
    findings = [finding_object(finding, source) for finding, source in run.located_findings()]
    return json.dumps(findings, indent=2, ensure_ascii=False) + "\n"


def finding_object(finding, source):
    return {
        "id": finding.rule_id,
        "name": REGISTRY[finding.rule_id].name,
        "level": finding.level,
        "message": finding.message,
        "path": finding.path,
        "pointer": finding.pointer,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "fix": None if finding.fix is None else _fix_object(finding.fix, source),
    }


def _fix_object(fix, source):
    edits = []
    for edit in fix.edits:
        line, column = source.position(edit.start)
        end_line, end_column = source.position(edit.end)
        edits.append({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "text": edit.text})
    return {"title": fix.title, "applicability": fix.applicability, "edits": edits}
