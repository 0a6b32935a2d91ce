"""How a file is laid out around a node: lines, indentation, separators, YAML block or
flow style. Fixes read the style of the text they edit from here."""

from __future__ import annotations

import re
from functools import lru_cache

from edgelint.lazy_re import lazy_compile
from edgelint.source.nodes import ARRAY, OBJECT
from edgelint.source.text import SourceText

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.source.nodes import Node

_INDENT = lazy_compile(r"[ \t]*")
_LINE_BREAK = lazy_compile(r"\r\n|\r|\n")
_LINE_LEAD = lazy_compile(r"^([ \t]*)([^ \t\r\n#])", re.M)


def line_start(text: str, position: int) -> int:
    return max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1


def line_end(text: str, position: int) -> int:
    """The offset of the line break that ends the line holding `position` (or the end)."""
    match = _LINE_BREAK.search(text, position)
    return match.start() if match else len(text)


def column(text: str, position: int) -> int:
    return position - line_start(text, position)


def line_indent(text: str, position: int) -> str:
    """The leading whitespace of the line holding `position`."""
    start = line_start(text, position)
    indent = _INDENT.match(text, start)
    assert indent is not None  # `[ \t]*` matches anywhere
    return indent.group()


def starts_line(text: str, position: int) -> bool:
    """True if only whitespace stands before `position` on its line."""
    return not text[line_start(text, position) : position].strip()


# Cached by text: every fix of a file asks, and str hashes are computed once.
@lru_cache(maxsize=8)
def indent_unit(text: str) -> str:
    """The file's indentation step: a tab, or the smallest increase in leading spaces
    between a line and the next (2 when nothing is indented). Comment lines do not count."""
    smallest: int | None = None
    previous = 0
    for match in _LINE_LEAD.finditer(text):
        prefix = match.group(1)
        if prefix.startswith("\t"):
            return "\t"
        width = len(prefix)
        if width > previous and (smallest is None or width - previous < smallest):
            smallest = width - previous
        previous = width
    return " " * (smallest or 2)


@lru_cache(maxsize=8)
def is_ascii(text: str) -> bool:
    return text.isascii()


@lru_cache(maxsize=8)
def newline(text: str) -> str:
    """The line break new lines get: the file's own."""
    return SourceText(text).newline()


def is_multiline(text: str, node: Node) -> bool:
    return "\n" in text[node.start : node.end] or "\r" in text[node.start : node.end]


def is_block(text: str, node: Node) -> bool:
    """A YAML block collection (not `{…}` or `[…]`)."""
    return node.kind in (OBJECT, ARRAY) and text[node.start : node.start + 1] not in ("{", "[")


def children(node: Node) -> list[Node]:
    return list(node.value.values()) if node.kind == OBJECT else list(node.value)


def child_start(node: Node) -> int:
    """Where a member or element begins: its key for members."""
    return node.key_start if node.key_start >= 0 else node.start


def item_start(text: str, node: Node) -> int:
    """Where a YAML block sequence item begins: its dash."""
    position = node.start
    dash = text.rfind("-", 0, position)
    return dash if dash >= 0 and not text[dash + 1 : position].strip() else position


def key_value_separator(text: str, container: Node | None) -> str:
    """The text between a member name and its value (`": "`, `":"`), from the nearest
    object that has members, else `": "`."""
    node = container
    while node is not None:
        if node.kind == OBJECT and node.value:
            first = next(iter(node.value.values()))
            between = text[first.key_end : first.start]
            if "\n" not in between and "\r" not in between and ":" in between:
                return between
        node = node.parent
    return ": "


def colon_end(text: str, member: Node) -> int:
    """The offset just after the ':' that follows a member's key."""
    colon = text.find(":", member.key_end)
    return colon + 1 if colon >= 0 else member.key_end


def root_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def sequence_offset(text: str, near: Node, unit: str) -> int:
    """How far a YAML block sequence under a key is indented: 0 for `key:\\n- item`, or
    the file's step (the default)."""
    for node in root_of(near).walk():
        if (
            node.kind == ARRAY
            and node.value
            and is_block(text, node)
            and node.parent is not None
            and node.parent.kind == OBJECT
            and starts_line(text, node.start)
        ):
            return column(text, node.start) - column(text, node.key_start)
    return len(unit)
