"""How a file is laid out around a node: lines, indentation, separators, YAML block or
flow style. Fixes read the style of the text they edit from here."""

import re
from functools import lru_cache

from edgelint.source.nodes import ARRAY, OBJECT
from edgelint.source.text import SourceText

_INDENT = re.compile(r"[ \t]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_LEAD = re.compile(r"^([ \t]*)([^ \t\r\n#])", re.M)


def line_start(text, position):
    return max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1


def line_end(text, position):
    """The offset of the line break that ends the line holding `position` (or the end)."""
    match = _LINE_BREAK.search(text, position)
    return match.start() if match else len(text)


def column(text, position):
    return position - line_start(text, position)


def line_indent(text, position):
    """The leading whitespace of the line holding `position`."""
    start = line_start(text, position)
    return _INDENT.match(text, start).group()


def starts_line(text, position):
    """True if only whitespace stands before `position` on its line."""
    return not text[line_start(text, position):position].strip()


# Cached by text: every fix of a file asks, and str hashes are computed once.
@lru_cache(maxsize=8)
def indent_unit(text):
    """The file's indentation step: a tab, or the smallest increase in leading spaces
    between a line and the next (2 when nothing is indented). Comment lines do not count."""
    smallest = None
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
def is_ascii(text):
    return text.isascii()


@lru_cache(maxsize=8)
def newline(text):
    """The line break new lines get: the file's own."""
    return SourceText(text).newline()


def is_multiline(text, node):
    return "\n" in text[node.start:node.end] or "\r" in text[node.start:node.end]


def is_block(text, node):
    """A YAML block collection (not `{…}` or `[…]`)."""
    return node.kind in (OBJECT, ARRAY) and text[node.start:node.start + 1] not in ("{", "[")


def children(node):
    return list(node.value.values()) if node.kind == OBJECT else list(node.value)


def child_start(node):
    """Where a member or element begins: its key for members."""
    return node.key_start if node.key_start >= 0 else node.start


def item_start(text, node):
    """Where a YAML block sequence item begins: its dash."""
    position = node.start
    dash = text.rfind("-", 0, position)
    return dash if dash >= 0 and not text[dash + 1:position].strip() else position


def key_value_separator(text, container):
    """The text between a member name and its value (`": "`, `":"`), from the nearest
    object that has members, else `": "`."""
    node = container
    while node is not None:
        if node.kind == OBJECT and node.value:
            first = next(iter(node.value.values()))
            between = text[first.key_end:first.start]
            if "\n" not in between and "\r" not in between and ":" in between:
                return between
        node = node.parent
    return ": "


def colon_end(text, member):
    """The offset just after the ':' that follows a member's key."""
    colon = text.find(":", member.key_end)
    return colon + 1 if colon >= 0 else member.key_end


def root_of(node):
    while node.parent is not None:
        node = node.parent
    return node


def sequence_offset(text, near, unit):
    """How far a YAML block sequence under a key is indented: 0 for `key:\\n- item`, or
    the file's step (the default)."""
    for node in root_of(near).walk():
        if node.kind == ARRAY and node.value and is_block(text, node) and node.parent is not None \
                and node.parent.kind == OBJECT and starts_line(text, node.start):
            return column(text, node.start) - column(text, node.key_start)
    return len(unit)
