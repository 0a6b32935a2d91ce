"""FixIntent → Fix: the changes a rule describes become text edits on the file.

Changes to nodes of the file are edited in place (`editor`); changes inside a stringified
createOptions are made on a copy of that document, which replaces the string (`embedded`),
so that several changes to one createOptions become one edit of it.
"""

from __future__ import annotations

import re

from edgelint.fixes.editor import FileEditor
from edgelint.fixes.embedded import embedded_root, rewrite
from edgelint.fixes.errors import CannotFix
from edgelint.fixes.model import Fix

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from edgelint.fixes.intents import Change, FixIntent
    from edgelint.fixes.model import Edit
    from edgelint.source.nodes import Node

# YAML anchors, aliases and merge keys share text between several nodes: an edit there
# would change every node that uses it, so such files get no fixes.
_YAML_SHARING = re.compile(r"(?:^|[\s\[{,])(?:[&*][^\s,\[\]{}]|<<\s*:)", re.M)


def compile_fix(intent: FixIntent, text: str, fmt: str, applicability: str) -> Fix | None:
    """The Fix for `intent` on the file `text` (format 'json' or 'yaml'), or None when it
    cannot be done without guessing or changes nothing."""
    if fmt == "yaml" and _YAML_SHARING.search(text):
        return None
    try:
        edits = compile_edits(intent.changes, text, fmt)
    except CannotFix:
        return None
    return Fix(intent.title, edits, applicability) if edits else None


def compile_edits(changes: Iterable[Change], text: str, fmt: str) -> list[Edit]:
    direct: list[Change] = []
    embedded: dict[int, tuple[Node, list[Change]]] = {}
    for change in changes:
        root = embedded_root(change.anchor())
        if root is None:
            direct.append(change)
        else:
            embedded.setdefault(id(root), (root, []))[1].append(change)
    direct.extend(rewrite(root, group) for root, group in embedded.values())
    editor = FileEditor(text, fmt)
    for change in direct:
        editor.apply(change)
    return editor.finish()
