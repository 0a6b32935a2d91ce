"""The node tree every loader produces: JSON values with source spans and JSON Pointers.

Offsets are character offsets. A node parsed from the file itself has `origin` None and its
offsets index the file text. A node parsed from an embedded document (a stringified
`createOptions`) has offsets into the decoded string and an `origin` that maps them back
into the file (see `edgelint.source.embedded`).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import ItemsView, Iterator
    from typing import Any

    from edgelint.source.embedded import EmbeddedOrigin


OBJECT = "object"
ARRAY = "array"
STRING = "string"
NUMBER = "number"
BOOL = "bool"
NULL = "null"

CONTAINERS = (OBJECT, ARRAY)

# Deeper nesting is a parse error in JSON and YAML alike. Real manifests nest about twenty
# levels; the bound keeps every stage after loading (ruamel's recursive composer, json.dumps,
# jsonschema) far inside Python's recursion limit, whatever the caller's stack.
MAX_DEPTH = 200


class ParseError(Exception):
    """Text that cannot be parsed; `start`/`end` are offsets of the offending text."""

    message: str
    start: int
    end: int

    def __init__(self, message: str, start: int, end: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = start + 1 if end is None else end


class Node:
    """One JSON value. `value` is a dict of key → Node (object), a list of Nodes (array)
    or the Python scalar. `key` is the member name or array index in the parent;
    `key_start`/`key_end` span the member name token (quotes included) for object members.
    `style` is the YAML scalar style of a string (None: JSON string syntax)."""

    __slots__ = ("kind", "value", "start", "end", "parent", "key", "key_start", "key_end", "origin", "style", "_folded")

    kind: str
    value: Any
    start: int
    end: int
    parent: Node | None
    key: str | int | None
    key_start: int
    key_end: int
    origin: EmbeddedOrigin | None
    style: str | None
    _folded: dict[str, Node] | None

    def __init__(
        self,
        kind: str,
        value: Any,
        start: int,
        end: int,
        origin: EmbeddedOrigin | None = None,
        parent: Node | None = None,
        key: str | int | None = None,
        key_start: int = -1,
        key_end: int = -1,
    ) -> None:
        self.kind = kind
        self.value = value
        self.start = start
        self.end = end
        self.origin = origin
        self.parent = parent
        self.key = key
        self.key_start = key_start
        self.key_end = key_end
        self.style = None
        self._folded = None  # lower-cased member name → first member of that name, on first use

    def __repr__(self) -> str:
        return f"<Node {self.kind} {self.pointer!r} [{self.start}:{self.end}]>"

    # --- navigation -------------------------------------------------------------------

    def get(self, key: str) -> Node | None:
        """Member `key` of an object node, else None."""
        if self.kind == OBJECT:
            return self.value.get(key)
        return None

    def get_ci(self, key: str) -> Node | None:
        """Member `key` matched case-insensitively, as Docker and edgeAgent read createOptions.
        An exact match wins over other casings."""
        if self.kind != OBJECT:
            return None
        found = self.value.get(key)
        if found is not None:
            return found
        # rules ask the same objects for many absent keys: fold the names once, not per lookup
        # (the tree is complete once loaded; nothing adds members afterwards)
        folded = self._folded
        if folded is None:
            folded = {}
            for name, child in self.value.items():
                folded.setdefault(name.lower(), child)
            self._folded = folded
        return folded.get(key.lower())

    def items(self) -> ItemsView[str, Node] | tuple[()]:
        return self.value.items() if self.kind == OBJECT else ()

    def children(self) -> list[Node]:
        if self.kind == OBJECT:
            return list(self.value.values())
        if self.kind == ARRAY:
            return list(self.value)
        return []

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, depth first, without recursion."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.kind == OBJECT:
                stack.extend(reversed(list(node.value.values())))
            elif node.kind == ARRAY:
                stack.extend(reversed(node.value))

    # --- typed access -------------------------------------------------------------------

    @property
    def is_object(self) -> bool:
        return self.kind == OBJECT

    @property
    def is_array(self) -> bool:
        return self.kind == ARRAY

    @property
    def is_string(self) -> bool:
        return self.kind == STRING

    def to_python(self) -> Any:
        """Plain Python data (dicts, lists, scalars), built without recursion."""
        if self.kind not in CONTAINERS:
            return self.value
        out: Any = {} if self.kind == OBJECT else []
        stack: list[tuple[Node, Any]] = [(self, out)]
        while stack:
            node, target = stack.pop()
            pairs = node.value.items() if node.kind == OBJECT else enumerate(node.value)
            for key, child in pairs:
                if child.kind in CONTAINERS:
                    value: Any = {} if child.kind == OBJECT else []
                    stack.append((child, value))
                else:
                    value = child.value
                if node.kind == OBJECT:
                    target[key] = value
                else:
                    target.append(value)
        return out

    # --- identity -----------------------------------------------------------------------

    @property
    def pointer(self) -> str:
        """RFC 6901 JSON Pointer from the document root (embedded documents continue the
        pointer of the string they came from)."""
        parts: list[str] = []
        node: Node = self
        while node.parent is not None:
            key = node.key
            if key.__class__ is not str:
                key = str(key)  # an array index
            if "~" in key or "/" in key:  # rare: test before copying
                key = key.replace("~", "~0").replace("/", "~1")
            parts.append(key)
            node = node.parent
        if not parts:
            return ""
        return "/" + "/".join(reversed(parts))

    def file_span(self) -> tuple[int, int]:
        """(start, end) offsets of this value in the file."""
        if self.origin is None:
            return self.start, self.end
        return self.origin.map_span(self.start, self.end)

    def file_key_span(self) -> tuple[int, int]:
        """(start, end) offsets of the member name in the file, or the value span."""
        if self.key_start < 0:
            return self.file_span()
        if self.origin is None:
            return self.key_start, self.key_end
        return self.origin.map_span(self.key_start, self.key_end)
