"""Changes inside a stringified createOptions: made to the embedded JSON text in its own
style, as a file's own nodes are edited (only the changed members, with the separators,
spacing and key order of the rest kept), then written back as the string or its chunks
(`WriteCreateOptions`)."""

from __future__ import annotations

from edgelint.fixes.errors import CannotFix
from edgelint.fixes.intents import Rename, WriteCreateOptions
from edgelint.fixes.model import apply_edits

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from edgelint.fixes.intents import Change
    from edgelint.source.nodes import Node


def embedded_root(node: Node) -> Node | None:
    """The root of the embedded document `node` belongs to, or None for a node of the file."""
    if node.origin is None:
        return None
    while node.parent is not None and node.parent.origin is not None:
        node = node.parent
    return node


def rewrite(root: Node, changes: Sequence[Change]) -> WriteCreateOptions:
    """The WriteCreateOptions change that applies `changes` to the document under `root`."""
    from edgelint.fixes.editor import FileEditor

    origin, parent = root.origin, root.parent
    if origin is None or parent is None:
        raise ValueError("not the root of an embedded document")
    if origin.duplicates:  # the node tree keeps the last of the two: the edits would be planned wrong
        raise CannotFix("the createOptions name a member twice; rewriting them would drop one")
    if any(isinstance(change, Rename) and change.node is root for change in changes):
        raise CannotFix("createOptions itself is renamed in the file, not inside the string")
    # The embedded document is edited on its own: its root's parent is a node of the file,
    # whose offsets are not offsets of the embedded text.
    root.parent = None
    try:
        editor = FileEditor(origin.text, "json")
        for change in changes:
            editor.apply(change)
        text = apply_edits(origin.text, editor.finish())
    finally:
        root.parent = parent
    return WriteCreateOptions(parent, origin.parts, text)
