"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning, SARIF viewers and other consumers.

This module is imported only for this format: sarif-om costs about 100 ms to import.
The log is built with the sarif-om object model and written by a serialiser of our own:
sarif-om's usual `jschema_to_python.to_json` drops every value equal to its schema default
(an explicit `level: "warning"` would vanish, and consumers would fall back to the rule's
default level). Ours keeps every value that is set, and objects are created with every
attribute unset except the ones given (sarif-om otherwise fills in schema defaults such as
`kind: "fail"` or `charOffset: -1`), so the log holds exactly what edgelint says.

Locations: the root is the working directory, declared as `%SRCROOT%` in
`originalUriBaseIds`. A file below it gets a relative, percent-encoded URI based on
`%SRCROOT%` (run edgelint from the repository root, as code scanning expects); a file
elsewhere gets an absolute `file:` URI; unnamed standard input has no URI, only a
description (name it with `--stdin-filename`). Paths are resolved through symbolic links,
as GitHub shows only real paths.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import attr
import sarif_om as om

from edgelint import __version__
from edgelint.docs import PROJECT_URL as INFORMATION_URI
from edgelint.docs import RULE_URL as RULE_DOC_URI
from edgelint.docs import load_doc
from edgelint.lazy_re import lazy_compile
from edgelint.report.identity import Fingerprints, file_uri

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from edgelint.engine import Finding
    from edgelint.errors import LintError
    from edgelint.fixes.model import Edit, Fix
    from edgelint.report import LintRun
    from edgelint.rule import Rule
    from edgelint.source.text import SourceText

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
DEFAULT_CATEGORY = "edgelint"
FINGERPRINT = "edgelint/v1"  # our own key: GitHub computes primaryLocationLineHash itself
COLUMN_KIND = "unicodeCodePoints"  # edgelint counts columns in code points everywhere
NEWLINES = ("\r\n", "\n", "\r")  # edgelint's line breaks (SARIF's default lacks a lone CR)
MAX_DESCRIPTION = 1024  # GitHub's limit for shortDescription and fullDescription
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
# edgelint rules decide from the manifest text alone, the way the device's translator reads it
PRECISION = "high"


def render_sarif(run: LintRun, category: str | None = None, root: str | None = None) -> str:
    """The SARIF log of `run` as JSON text. `root` (default: the working directory) is the
    folder that `%SRCROOT%` stands for."""
    return to_json(build_log(run, category, root or os.getcwd()))


def build_log(run: LintRun, category: str | None, root: str) -> Any:
    root = os.path.realpath(root)
    rules = run.rules
    index = {rule.id: position for position, rule in enumerate(rules)}
    driver = _new(
        om.ToolComponent,
        name="edgelint",
        version=__version__,
        semantic_version=__version__,
        information_uri=INFORMATION_URI,
        rules=[_descriptor(rule) for rule in rules],
    )
    results: list[Any] = []
    fingerprints = Fingerprints(root)
    locations: dict[str, Any] = {}  # display path → its ArtifactLocation, shared by its results
    for finding, source in run.located_findings():
        location = locations.get(finding.path)
        if location is None:
            location = locations[finding.path] = _artifact_location(fingerprints.located(finding.path))
        results.append(_result(finding, source, location, index[finding.rule_id], fingerprints(finding)))
    notifications = [_notification(error, root) for error in run.errors]
    invocation = _new(
        om.Invocation, execution_successful=not run.errors, tool_execution_notifications=notifications or None
    )
    sarif_run = _new(
        om.Run,
        tool=_new(om.Tool, driver=driver),
        automation_details=_new(om.RunAutomationDetails, id=automation_id(category)),
        column_kind=COLUMN_KIND,
        newline_sequences=list(NEWLINES),
        original_uri_base_ids={
            SRCROOT: _new(
                om.ArtifactLocation,
                uri=_folder_uri(root),
                description=_new(om.Message, text="The working directory edgelint ran in: the repository root in CI."),
            ),
        },
        invocations=[invocation],
        results=results,
    )
    return _new(om.SarifLog, schema_uri=SCHEMA_URI, version=SARIF_VERSION, runs=[sarif_run])


def automation_id(category: str | None) -> str:
    """`category/`: code scanning keeps one analysis per category (the part before the last
    `/`), and appends the slash itself the same way when its Action sets the category."""
    category = category or DEFAULT_CATEGORY
    return category if category.endswith("/") else category + "/"


def artifact_location(path: str, root: str) -> Any:
    """Where a file is, for SARIF; `path` is a display path, relative to `root` unless absolute."""
    return _artifact_location(file_uri(path, root))


def _artifact_location(located: tuple[str, bool] | None) -> Any:
    if located is None:
        return _new(om.ArtifactLocation, description=_new(om.Message, text="standard input"))
    uri, below_root = located
    return _new(om.ArtifactLocation, uri=uri, uri_base_id=SRCROOT if below_root else None)


def _folder_uri(folder: str) -> str:
    """An absolute `file:` URI ending in `/`, as SARIF requires for a base URI."""
    uri = Path(folder).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _descriptor(rule: Rule) -> Any:
    doc = load_doc(rule.id)
    return _new(
        om.ReportingDescriptor,
        id=rule.id,
        name=pascal_case(rule.name),
        short_description=_new(om.MultiformatMessageString, text=shorten(rule.summary)),
        full_description=_new(om.MultiformatMessageString, text=shorten(plain_text(doc.section("What it flags")))),
        help=_new(om.MultiformatMessageString, text=plain_text(doc.plain_text()), markdown=doc.plain_text()),
        help_uri=RULE_DOC_URI.format(rule.id),
        default_configuration=_new(om.ReportingConfiguration, level=rule.level),
        # a plain dict: sarif-om's PropertyBag declares `tags` only
        properties={"tags": list(rule.tags), "precision": PRECISION, "problem.severity": PROBLEM_SEVERITY[rule.level]},
    )


def _result(finding: Finding, source: SourceText | None, location: Any, rule_index: int, fingerprint_value: str) -> Any:
    region = _new(
        om.Region,
        start_line=finding.line,
        start_column=finding.column,
        end_line=finding.end_line,
        end_column=finding.end_column,
    )
    return _new(
        om.Result,
        rule_id=finding.rule_id,
        rule_index=rule_index,
        level=finding.level,
        message=_new(om.Message, text=finding.message),
        locations=[
            _new(
                om.Location,
                physical_location=_new(om.PhysicalLocation, artifact_location=location, region=region),
                logical_locations=_logical_locations(finding.pointer),
            )
        ],
        partial_fingerprints={FINGERPRINT: fingerprint_value},
        # a SARIF fix must change the artifact: a display-only fix has nothing to apply
        fixes=None
        if finding.fix is None or not finding.fix.edits or source is None
        else [_fix(finding.fix, source, location)],
    )


def _logical_locations(pointer: str) -> list[Any] | None:
    """The JSON Pointer of the node; none for the whole document (a file that does not parse)."""
    if not pointer:
        return None
    last = pointer.rsplit("/", 1)[1]
    return [
        _new(
            om.LogicalLocation,
            fully_qualified_name=pointer,
            name=last.replace("~1", "/").replace("~0", "~"),
            # an all-digit token is an array index in the manifests edgelint reads
            kind="element" if last.isdigit() else "property",
        )
    ]


def _fix(fix: Fix, source: SourceText, location: Any) -> Any:
    replacements: list[Any] = []
    for start, end, text in viewer_safe_replacements(fix.edits, source):
        line, column = source.position(start)
        end_line, end_column = source.position(end)
        deleted = _new(om.Region, start_line=line, start_column=column, end_line=end_line, end_column=end_column)
        replacements.append(
            _new(om.Replacement, deleted_region=deleted, inserted_content=_new(om.ArtifactContent, text=text))
        )
    return _new(
        om.Fix,
        description=_new(om.Message, text=fix.title),
        artifact_changes=[_new(om.ArtifactChange, artifact_location=location, replacements=replacements)],
        properties={"applicability": fix.applicability},
    )


def viewer_safe_replacements(edits: Iterable[Edit], source: SourceText) -> list[tuple[int, int, str]]:
    """Fix edits as (start, end, new text) offsets that every SARIF consumer applies alike.

    The VS Code SARIF viewer moves the start of a deleted region that lies in a line's
    leading whitespace to the line's first non-blank character, which would break an
    insertion at the start of an indented line (fatal in YAML). Such an edit starts at the
    end of the previous line instead and inserts the text in between again: the same
    result. An edit that then reaches into the one before it is merged with it.
    """
    text = source.text
    replacements: list[tuple[int, int, str]] = []
    for edit in edits:
        start, inserted = edit.start, edit.text
        line, column = source.position(start)
        line_text = source.line_text(line)
        if line > 1 and column - 1 < len(line_text) - len(line_text.lstrip()):
            start = source.line_starts[line - 2] + len(source.line_text(line - 1))
            inserted = text[start : edit.start] + inserted
        if replacements and start < replacements[-1][1]:
            before_start, before_end, before_text = replacements.pop()
            start, inserted = before_start, before_text + text[before_end : edit.start] + edit.text
        replacements.append((start, edit.end, inserted))
    return replacements


def _notification(error: LintError, root: str) -> Any:
    location = _new(
        om.Location, physical_location=_new(om.PhysicalLocation, artifact_location=artifact_location(error.path, root))
    )
    return _new(om.Notification, level="error", message=_new(om.Message, text=str(error)), locations=[location])


def _new(cls: type[Any], **values: object) -> Any:
    """A sarif-om object with only `values` set (see the module docstring)."""
    return cls(**{**_unset(cls), **values})


# per sarif-om class: every attribute set to None, and (attribute, schema name) of each field
_UNSET: dict[type[Any], dict[str, None]] = {}
_FIELDS: dict[type[Any], tuple[tuple[str, str], ...]] = {}


def _unset(cls: type[Any]) -> dict[str, None]:
    try:
        return _UNSET[cls]
    except KeyError:
        unset = _UNSET[cls] = dict.fromkeys(name for name, _ in _fields(cls))
        return unset


def _fields(cls: type[Any]) -> tuple[tuple[str, str], ...]:
    try:
        return _FIELDS[cls]
    except KeyError:
        fields = _FIELDS[cls] = tuple(
            (field.name, field.metadata.get("schema_property_name", field.name)) for field in attr.fields(cls)
        )
        return fields


def to_plain(value: object) -> object:
    """sarif-om objects → JSON values: attributes renamed to their schema names, every
    value that is not None kept."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if kind in _FIELDS or attr.has(kind):
        plain: dict[str, object] = {}
        for name, schema_name in _fields(kind):
            item = getattr(value, name)
            if item is not None:
                plain[schema_name] = to_plain(item)
        return plain
    return value


def to_json(log: Any) -> str:
    # sorted keys: the same log always gives the same bytes ("$schema" sorts first)
    return json.dumps(to_plain(log), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def pascal_case(name: str) -> str:
    """`file-bind-mount` → `FileBindMount` (SARIF rule names are Pascal case)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_\s]+", name))


_FENCE = lazy_compile(r"^\s*```")
_LINK = lazy_compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def plain_text(markdown: str) -> str:
    """A rule doc as plain text: fences, heading marks, emphasis and code backticks
    dropped, links written as `text (url)`; code blocks kept as they are."""
    lines: list[str] = []
    in_code = False
    for line in markdown.strip().splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            line = re.sub(r"^#+\s+", "", line)
            line = _LINK.sub(r"\1 (\2)", line).replace("**", "").replace("`", "")
        lines.append(line)
    return "\n".join(lines)


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"
