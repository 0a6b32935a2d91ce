"""`--format json`: one JSON array with an object per finding, a stable interface for
scripts and editors (documented in the README, section "JSON output"); `--format
json-lines`: the same objects, one per line, written as each file's result arrives.

Every object has the same keys in the same order: id, name, level, message, path,
pointer, line, column, end_line, end_column, fix. Positions are 1-based, end exclusive,
columns in Unicode code points (the same numbers as the text and SARIF output). `fix` is
null or {title, applicability, edits: [{line, column, end_line, end_column, text}]}, the
edits in original-file positions. The array is sorted by path, position, rule and message;
JSON Lines has each file's findings in that order, the files in the order they were linted.
"""

from __future__ import annotations

import json

from edgelint.report import Writer, report_order
from edgelint.rule import REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import FileResult, Finding
    from edgelint.fixes.model import Fix
    from edgelint.report import LintRun
    from edgelint.source.text import SourceText


def render_json(run: LintRun) -> str:
    findings = [finding_object(finding, source) for finding, source in run.located_findings()]
    return json.dumps(findings, indent=2, ensure_ascii=False) + "\n"


# Line breaks to Python's str.splitlines() that JSON leaves unescaped: escaped, so that
# every reader sees one object per line.
_UNSPLIT = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


class JsonArray(Writer):
    """A streamed JSON document around one array of items, one item per line: the opening
    (ending in `[`), the items of each file's result as it arrives, `end`."""

    end: str = "]"

    written: int

    def __init__(self) -> None:
        super().__init__()
        self.written = 0

    def items(self, result: FileResult) -> list[dict[str, object]]:
        raise NotImplementedError

    def render(self, result: FileResult) -> str:
        items = self.items(result)
        text = "".join(
            f"{',' if self.written + n else ''}\n  {json.dumps(item, ensure_ascii=False)}"
            for n, item in enumerate(items)
        )
        self.written += len(items)
        return text

    def closing(self, run: LintRun) -> str:
        return ("\n" if self.written else "") + self.end + "\n"


class JsonLines(Writer):
    def render(self, result: FileResult) -> str:
        return "".join(
            json.dumps(finding_object(finding, result.source), ensure_ascii=False).translate(_UNSPLIT) + "\n"
            for finding in sorted(result.findings, key=report_order)
        )


def finding_object(finding: Finding, source: SourceText | None) -> dict[str, object]:
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
        "fix": None if finding.fix is None or source is None else _fix_object(finding.fix, source),
    }


def _fix_object(fix: Fix, source: SourceText) -> dict[str, object]:
    edits: list[dict[str, object]] = []
    for edit in fix.edits:
        line, column = source.position(edit.start)
        end_line, end_column = source.position(edit.end)
        edits.append(
            {"line": line, "column": column, "end_line": end_line, "end_column": end_column, "text": edit.text}
        )
    return {"title": fix.title, "applicability": fix.applicability, "edits": edits}
