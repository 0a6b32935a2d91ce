"""What a rule says a fix does, in terms of nodes of the manifest; never in offsets.

A rule attaches a FixIntent to its Problem; `edgelint.fixes.compile` turns it into text
edits. Nodes of the file are edited in place; nodes inside a stringified createOptions are
edited in place in the embedded JSON text, which is then written back as the string (or its
chunks, re-cut where needed).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from edgelint.source.nodes import Node


class FixIntent:
    """A titled list of changes that together fix one problem. `applicability` ('safe' or
    'unsafe'), when given, replaces the rule's declared fix kind for this fix only: the same
    rewrite can keep the meaning in one case and change it in another."""

    __slots__ = ("title", "changes", "applicability")

    title: str
    changes: list[Change]
    applicability: str | None

    def __init__(self, title: str, changes: Iterable[Change], applicability: str | None = None) -> None:
        self.title = title
        self.changes = list(changes)
        self.applicability = applicability

    def __repr__(self) -> str:
        return f"<FixIntent {self.title!r} {self.changes}>"


class Change:
    __slots__ = ()

    def anchor(self) -> Node:
        """The node whose document this change edits."""
        raise NotImplementedError


class Replace(Change):
    """Replace the value of `node` by the Python value `value`."""

    __slots__ = ("node", "value")

    node: Node
    value: object

    def __init__(self, node: Node, value: object) -> None:
        self.node = node
        self.value = value

    def anchor(self) -> Node:
        return self.node


class Remove(Change):
    """Remove `node`: a member of its object or an element of its array."""

    __slots__ = ("node",)

    node: Node

    def __init__(self, node: Node) -> None:
        self.node = node

    def anchor(self) -> Node:
        return self.node


class Rename(Change):
    """Rename the member `node` (its value stays) to `key`."""

    __slots__ = ("node", "key")

    node: Node
    key: str

    def __init__(self, node: Node, key: str) -> None:
        self.node = node
        self.key = key

    def anchor(self) -> Node:
        return self.node


class SetMember(Change):
    """Set the member reached from object `obj` through the member names `path` to `value`,
    creating the objects along the path that do not exist (matched exactly)."""

    __slots__ = ("obj", "path", "value")

    obj: Node
    path: tuple[str, ...]
    value: object

    def __init__(self, obj: Node, path: Iterable[str], value: object) -> None:
        self.obj = obj
        self.path = tuple(path)
        self.value = value

    def anchor(self) -> Node:
        return self.obj


class Append(Change):
    """Append `value` to the array node `array`."""

    __slots__ = ("array", "value")

    array: Node
    value: object

    def __init__(self, array: Node, value: object) -> None:
        self.array = array
        self.value = value

    def anchor(self) -> Node:
        return self.array


class ReplaceChars(Change):
    """Replace characters `start`..`end` of the decoded value of string `node` by `text`
    (an insertion when start == end)."""

    __slots__ = ("node", "start", "end", "text")

    node: Node
    start: int
    end: int
    text: str

    def __init__(self, node: Node, start: int, end: int, text: str) -> None:
        self.node = node
        self.start = start
        self.end = end
        self.text = text

    def anchor(self) -> Node:
        return self.node


class WriteCreateOptions(Change):
    """Write `text` as the module's stringified createOptions: the string members `parts`
    of object `settings` (in reading order) become createOptions, createOptions01, … of at
    most 512 characters each."""

    __slots__ = ("settings", "parts", "text")

    settings: Node
    parts: list[Node]
    text: str

    def __init__(self, settings: Node, parts: Iterable[Node], text: str) -> None:
        self.settings = settings
        self.parts = list(parts)
        self.text = text

    def anchor(self) -> Node:
        return self.settings
