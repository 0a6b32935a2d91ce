"""edgelint's findings as LSP objects: diagnostics, quick fixes, the fix-all action, hovers."""

from __future__ import annotations

from functools import cache

from lsprotocol import types

from edgelint.docs import RULE_URL, load_doc
from edgelint.fixes.model import SAFE
from edgelint.rule import REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from pygls.workspace import TextDocument

    from edgelint.lsp.linting import Linted
    from edgelint.lsp.positions import PositionMap

SOURCE = "edgelint"
FIX_ALL = "source.fixAll.edgelint"
CODE_ACTION_KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "note": types.DiagnosticSeverity.Information,
}


def diagnostics(linted: Linted, positions: PositionMap, version: int | None) -> list[types.Diagnostic]:
    """A diagnostic per finding. `data` holds the document version and the finding's fix
    with its edits in client positions: all a quick fix needs."""
    out: list[types.Diagnostic] = []
    for finding in linted.findings:
        data: dict[str, Any] = {"version": version}
        if finding.fix is not None and finding.fix.edits:
            data["fix"] = {
                "title": finding.fix.title,
                "safe": finding.fix.applicability == SAFE,
                "edits": [
                    {"range": _range_json(positions.range(*linted.span(edit))), "newText": edit.text}
                    for edit in finding.fix.edits
                ],
            }
        out.append(
            types.Diagnostic(
                range=positions.range(*linted.span(finding)),
                message=finding.message,
                severity=SEVERITY[finding.level],
                code=finding.rule_id,
                code_description=types.CodeDescription(href=RULE_URL.format(finding.rule_id)),
                source=SOURCE,
                data=data,
            )
        )
    return out


def wants(kind: str, only: Sequence[str] | None) -> bool:
    """Whether a code action request that asks for the kinds `only` (None: any) wants `kind`."""
    return only is None or any(kind == asked or kind.startswith(asked + ".") for asked in only)


def quick_fixes(
    diagnostics: Sequence[types.Diagnostic], document: TextDocument, document_changes: bool
) -> list[types.CodeAction]:
    """A quick fix for each of the client's diagnostics that edgelint published for this
    version of the document with a fix."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        fix = _fix_of(diagnostic, document.version)
        if fix is None:
            continue
        title, safe, edits = fix
        actions.append(
            types.CodeAction(
                title=f"edgelint ({diagnostic.code}): {title}" + ("" if safe else " (unsafe)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=safe,
                edit=workspace_edit(document, edits, document_changes),
            )
        )
    return actions


def fix_all(
    linted: Linted, fixed: str, positions: PositionMap, document: TextDocument, document_changes: bool
) -> types.CodeAction | None:
    """The action that turns the linted text into `fixed` (what `--fix` makes of it) with
    one edit of the part that changes; None when nothing changes."""
    if fixed == linted.text:
        return None
    start, end, replacement = changed_region(linted.text, fixed)
    edit = types.TextEdit(range=positions.range(start, end), new_text=replacement)
    what = "problems in this file (unsafe fixes included)" if linted.unsafe_fixes else "safe problems in this file"
    return types.CodeAction(
        title=f"edgelint: Fix all {what}",
        kind=FIX_ALL,
        edit=workspace_edit(document, [edit], document_changes),
    )


def changed_region(old: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement): old[start:end] replaced by `replacement` gives `new`.
    Neither end falls between CR and LF, which an LSP position cannot address."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    if 0 < start < len(old) and old[start - 1] == "\r" and old[start] == "\n":
        start -= 1
    common_tail = 0
    while common_tail < limit - start and old[-1 - common_tail] == new[-1 - common_tail]:
        common_tail += 1
    end = len(old) - common_tail
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        common_tail -= 1
        end += 1
    return start, end, new[start : len(new) - common_tail]


def workspace_edit(
    document: TextDocument, edits: Sequence[types.TextEdit], document_changes: bool
) -> types.WorkspaceEdit:
    """Edits of one document version: as `documentChanges` with the version when the
    client supports it (it then refuses them for another version), else as `changes`."""
    if document_changes:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])
    return types.WorkspaceEdit(changes={document.uri: edits})


def hover(linted: Linted, positions: PositionMap, position: types.Position) -> types.Hover | None:
    """The rules of the findings under `position`: ID, name, level, summary and why the
    problem breaks on Kubernetes; None when there is no finding there."""
    offset = positions.offset(position)
    hits = []
    for finding in linted.findings:
        start, end = linted.span(finding)
        if start <= offset < end or start == end == offset:
            hits.append(finding)
    if not hits:
        return None
    levels: dict[str, str] = {}
    for finding in hits:
        levels.setdefault(finding.rule_id, finding.level)
    narrowest = min(hits, key=lambda finding: finding.end - finding.start)
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown,
            value="\n\n---\n\n".join(rule_markdown(rule_id, level) for rule_id, level in levels.items()),
        ),
        range=positions.range(*linted.span(narrowest)),
    )


@cache
def rule_markdown(rule_id: str, level: str) -> str:
    rule = REGISTRY[rule_id]
    why = load_doc(rule_id).section("Why it breaks on Kubernetes")
    link = RULE_URL.format(rule_id)
    return f"**{rule.id} {rule.name}** ({level})\n\n{rule.summary}\n\n{why}\n\n[{rule.id} documentation]({link})"


def _fix_of(diagnostic: types.Diagnostic, version: int | None) -> tuple[str, bool, list[types.TextEdit]] | None:
    """(title, safe, TextEdits) from an edgelint diagnostic's data, or None when it has no
    fix, is of another version or is not edgelint's (data comes back from the client)."""
    data = diagnostic.data
    if diagnostic.source != SOURCE or not isinstance(data, dict) or data.get("version") != version:
        return None
    fix = data.get("fix")
    if fix is None:
        return None
    try:
        edits = [
            types.TextEdit(range=_range_from_json(edit["range"]), new_text=edit["newText"]) for edit in fix["edits"]
        ]
        return str(fix["title"]), fix["safe"] is True, edits
    except (KeyError, TypeError, ValueError):
        return None


def _range_json(range_: types.Range) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def _range_from_json(value: Any) -> types.Range:
    def position(point: Any) -> types.Position:
        line, character = point["line"], point["character"]
        if not (isinstance(line, int) and isinstance(character, int)):
            raise ValueError("not a position")
        return types.Position(line=line, character=character)

    return types.Range(start=position(value["start"]), end=position(value["end"]))
