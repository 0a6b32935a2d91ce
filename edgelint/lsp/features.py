"""edgelint's findings as LSP objects: diagnostics, quick fixes, the fix-all action, hovers."""

from functools import lru_cache

from lsprotocol import types

from edgelint.docs import load_doc
from edgelint.fix import SAFE
from edgelint.docs import RULE_URL
from edgelint.rule import REGISTRY

SOURCE = "edgelint"
FIX_ALL = "source.fixAll.edgelint"
CODE_ACTION_KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "note": types.DiagnosticSeverity.Information,
}


def diagnostics(linted, positions, version):
    """A diagnostic per finding. `data` holds the document version and the finding's fix
    with its edits in client positions: all a quick fix needs."""
    out = []
    for finding in linted.findings:
        data = {"version": version}
        if finding.fix is not None:
            data["fix"] = {
                "title": finding.fix.title,
                "safe": finding.fix.applicability == SAFE,
                "edits": [
                    {"range": _range_json(positions.range(*linted.span(edit))), "newText": edit.text}
                    for edit in finding.fix.edits
                ],
            }
        out.append(types.Diagnostic(
            range=positions.range(*linted.span(finding)),
            message=finding.message,
            severity=SEVERITY[finding.level],
            code=finding.rule_id,
            code_description=types.CodeDescription(href=RULE_URL.format(finding.rule_id)),
            source=SOURCE,
            data=data,
        ))
    return out


def wants(kind, only):
    """Whether a code action request that asks for the kinds `only` (None: any) wants `kind`."""
    return only is None or any(kind == asked or kind.startswith(asked + ".") for asked in only)


def quick_fixes(diagnostics, document, document_changes):
    """A quick fix for each of the client's diagnostics that edgelint published for this
    version of the document with a fix."""
    actions = []
    for diagnostic in diagnostics:
        fix = _fix_of(diagnostic, document.version)
        if fix is None:
            continue
        title, safe, edits = fix
        actions.append(types.CodeAction(
            title=f"edgelint ({diagnostic.code}): {title}" + ("" if safe else " (unsafe)"),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=safe,
            edit=workspace_edit(document, edits, document_changes),
        ))
    return actions


def fix_all(linted, fixed, positions, document, document_changes):
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


def changed_region(old, new):
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
    return start, end, new[start:len(new) - common_tail]


def workspace_edit(document, edits, document_changes):
    """Edits of one document version: as `documentChanges` with the version when the
    client supports it (it then refuses them for another version), else as `changes`."""
    if document_changes:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])
    return types.WorkspaceEdit(changes={document.uri: edits})


def hover(linted, positions, position):
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
    levels = {}
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


@lru_cache(maxsize=None)
def rule_markdown(rule_id, level):
    rule = REGISTRY[rule_id]
    why = load_doc(rule_id).section("Why it breaks on Kubernetes")
    link = RULE_URL.format(rule_id)
    return f"**{rule.id} {rule.name}** ({level})\n\n{rule.summary}\n\n{why}\n\n[{rule.id} documentation]({link})"


def _fix_of(diagnostic, version):
    """(title, safe, TextEdits) from an edgelint diagnostic's data, or None when it has no
    fix, is of another version or is not edgelint's (data comes back from the client)."""
    data = diagnostic.data
    if diagnostic.source != SOURCE or not isinstance(data, dict) or data.get("version") != version:
        return None
    fix = data.get("fix")
    if fix is None:
        return None
    try:
        edits = [types.TextEdit(range=_range_from_json(edit["range"]), new_text=edit["newText"])
                 for edit in fix["edits"]]
        return str(fix["title"]), fix["safe"] is True, edits
    except (KeyError, TypeError, ValueError):
        return None


def _range_json(range_):
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def _range_from_json(value):
    def position(point):
        line, character = point["line"], point["character"]
        if not (isinstance(line, int) and isinstance(character, int)):
            raise ValueError("not a position")
        return types.Position(line=line, character=character)

    return types.Range(start=position(value["start"]), end=position(value["end"]))
