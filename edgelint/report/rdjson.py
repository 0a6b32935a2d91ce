"""`--format rdjson`: the Reviewdog Diagnostic Format, for `reviewdog -f=rdjson`, which
posts findings as pull-request review comments and fixes as suggested changes.

One diagnostic per finding: message, path, range, severity (ERROR, WARNING, INFO), the
rule ID and its page as `code`, and a finding's fix (safe or unsafe: a suggestion is
reviewed before it is applied) as one suggestion. A fix's edits become a single
suggestion over the text from the first edit to the last, since reviewdog renders each
suggestion as its own replacement of the comment's lines. Columns are counted in UTF-8
bytes, as the format asks (edgelint's other formats count code points); lines and
columns are 1-based, the end exclusive. Written as results arrive: the document's
opening, one diagnostic per line, its end.
"""

from __future__ import annotations

import json

from edgelint.docs import PROJECT_URL, RULE_URL
from edgelint.fixes.model import Edit, apply_edits
from edgelint.report import report_order
from edgelint.report.json_output import JsonArray

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import FileResult, Finding
    from edgelint.source.text import SourceText

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "note": "INFO"}
SOURCE = {"name": "edgelint", "url": PROJECT_URL}


class Rdjson(JsonArray):
    opening = '{"source": ' + json.dumps(SOURCE) + ', "diagnostics": ['
    end = "]}"

    def items(self, result: FileResult) -> list[dict[str, object]]:
        return [diagnostic(finding, result.source) for finding in sorted(result.findings, key=report_order)]


def diagnostic(finding: Finding, source: SourceText | None) -> dict[str, object]:
    item: dict[str, object] = {
        "message": finding.message,
        "location": {
            "path": finding.path,
            "range": _range(source, finding.line, finding.column, finding.end_line, finding.end_column),
        },
        "severity": SEVERITIES[finding.level],
        "code": {"value": finding.rule_id, "url": RULE_URL.format(finding.rule_id)},
    }
    fix = finding.fix
    if fix is not None and fix.edits and source is not None:
        start, end = fix.edits[0].start, max(edit.end for edit in fix.edits)
        replaced = apply_edits(source.text[start:end], [_shifted(edit, start) for edit in fix.edits])
        item["suggestions"] = [
            {"range": _range(source, *source.position(start), *source.position(end)), "text": replaced}
        ]
    return item


def _shifted(edit: Edit, offset: int) -> Edit:
    return Edit(edit.start - offset, edit.end - offset, edit.text)


def _range(source: SourceText | None, line: int, column: int, end_line: int, end_column: int) -> dict[str, object]:
    return {
        "start": {"line": line, "column": _byte_column(source, line, column)},
        "end": {"line": end_line, "column": _byte_column(source, end_line, end_column)},
    }


def _byte_column(source: SourceText | None, line: int, column: int) -> int:
    """A code-point column as a UTF-8 byte column (the line break counts one per character)."""
    if source is None or line > len(source.line_starts):
        return column
    text = source.line_text(line)
    before = text[: column - 1]
    beyond = max(0, column - 1 - len(text))
    return len(before.encode("utf-8", "surrogatepass")) + beyond + 1
