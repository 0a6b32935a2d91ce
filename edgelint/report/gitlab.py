"""`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), a
JSON array with an object per finding:

    {"description": "EL001 file-bind-mount: …", "check_name": "EL001", "fingerprint": "…:0",
     "severity": "critical", "location": {"path": "deploy.json",
     "positions": {"begin": {"line": 10, "column": 63}, "end": {"line": 10, "column": 77}}}}

Paths are relative to the repository root: `CI_PROJECT_DIR` in a GitLab job, else the
working directory. The fingerprint is the SARIF one (rule, file, JSON Pointer: the same
problem keeps it when lines move; GitLab compares the reports of two commits by it).
Levels map to severities: error → critical (the device rejects or breaks the
deployment), warning → major, note → info.
"""

from __future__ import annotations

import os

from edgelint.report import report_order
from edgelint.report.identity import Fingerprints
from edgelint.report.json_output import JsonArray
from edgelint.rule import REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import FileResult, Finding

SEVERITIES = {"error": "critical", "warning": "major", "note": "info"}


class CodeQuality(JsonArray):
    opening = "["

    base: str
    root: str
    fingerprints: Fingerprints

    def __init__(self) -> None:
        super().__init__()
        self.base = os.getcwd()  # what display paths are relative to
        self.root = os.environ.get("CI_PROJECT_DIR") or self.base
        self.fingerprints = Fingerprints(self.root, self.base)

    def items(self, result: FileResult) -> list[dict[str, object]]:
        return [
            issue(finding, self.fingerprints(finding), self.fingerprints.repository_path(finding.path))
            for finding in sorted(result.findings, key=report_order)
        ]


def issue(finding: Finding, fingerprint: str, path: str | None) -> dict[str, object]:
    begin = {"line": finding.line, "column": finding.column}
    end = {"line": finding.end_line, "column": finding.end_column}
    return {
        "description": f"{finding.rule_id} {REGISTRY[finding.rule_id].name}: {finding.message}",
        "check_name": finding.rule_id,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.level],
        "location": {"path": path or finding.path, "positions": {"begin": begin, "end": end}},
    }
