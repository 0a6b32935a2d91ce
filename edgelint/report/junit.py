"""`--format junit`: JUnit XML for Azure Pipelines' PublishTestResults, GitLab
(`artifacts:reports:junit`) and Jenkins.

A test suite per linted file (named by its path), written as soon as the file is linted:

- a failed test case per finding, whatever its level (the level is the failure's `type`),
  named by rule and JSON Pointer, so that a problem keeps its test's name, and with it its
  history, when lines move (`EL001 file-bind-mount at /modulesContent/…`; the n-th equal
  name in a file gets ` #n`);
- one passed test case, `no problems`, for a manifest without findings, so the number of
  tests counts the files too;
- a test case with an `<error>` per file that could not be read or linted, in a last
  suite named `edgelint`.

The failure's text has the position, the message and a link to the rule's page. Text that
XML 1.0 cannot hold (control characters, lone surrogates) is written as `\\xNN`/`\\uNNNN`.
"""

from __future__ import annotations

import re

from edgelint.docs import RULE_URL
from edgelint.lazy_re import lazy_compile
from edgelint.report import Writer, report_order
from edgelint.rule import REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import FileResult
    from edgelint.report import LintRun

PASSED = "no problems"
_NOT_XML = lazy_compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class JUnit(Writer):
    opening = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="edgelint">\n'

    def render(self, result: FileResult) -> str:
        if not result.findings and not result.is_manifest:
            return ""  # a file that is not a manifest was not linted
        if not result.findings:
            return _suite(result.path, [_case(PASSED, result.path)], failures=0)
        names: dict[str, int] = {}
        cases: list[str] = []
        for finding in sorted(result.findings, key=report_order):
            name = f"{finding.rule_id} {REGISTRY[finding.rule_id].name}"
            if finding.pointer:
                name += f" at {finding.pointer}"
            names[name] = names.get(name, 0) + 1
            if names[name] > 1:
                name += f" #{names[name]}"
            text = (
                f"{finding.path}:{finding.line}:{finding.column}: {finding.level}[{finding.rule_id}]: "
                f"{finding.message}\n{RULE_URL.format(finding.rule_id)}"
            )
            body = f'<failure message={_attribute(finding.message)} type="{finding.level}">{_text(text)}</failure>'
            cases.append(_case(name, result.path, finding.line, body))
        return _suite(result.path, cases, failures=len(cases))

    def closing(self, run: LintRun) -> str:
        errors = [
            _case("edgelint", error.path, None, f'<error message={_attribute(error.message)} type="error"/>')
            for error in run.errors
        ]
        suite = _suite("edgelint", errors, failures=0, errors=len(errors)) if errors else ""
        return suite + "</testsuites>\n"


def _suite(name: str, cases: list[str], failures: int, errors: int = 0) -> str:
    return (
        f'  <testsuite name={_attribute(name)} tests="{len(cases)}" failures="{failures}" errors="{errors}" '
        f'skipped="0">\n' + "".join(cases) + "  </testsuite>\n"
    )


def _case(name: str, path: str, line: int | None = None, body: str = "") -> str:
    attributes = f"name={_attribute(name)} classname={_attribute(path)} file={_attribute(path)}"
    if line is not None:
        attributes += f' line="{line}"'
    if not body:
        return f"    <testcase {attributes}/>\n"
    return f"    <testcase {attributes}>{body}</testcase>\n"


def _clean(text: str) -> str:
    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(visible, text)


def _attribute(text: str) -> str:
    return '"' + _clean(text).translate(_ATTRIBUTE) + '"'


def _text(text: str) -> str:
    return _clean(text).translate(_TEXT)
