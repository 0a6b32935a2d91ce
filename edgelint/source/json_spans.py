"""Strict JSON (RFC 8259) into a Node tree with exact spans.

Iterative, so deeply nested input cannot exhaust the Python stack. String bodies are
decoded by the C scanner of the standard library; the rest is a small state machine.
Errors name the offending position and, for the usual mistakes in hand-edited manifests
(comments, trailing commas, merge-conflict markers, unquoted placeholders), say what it is.
"""

from __future__ import annotations

import re
from json import JSONDecodeError
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed

from edgelint.placeholders import placeholder_at
from edgelint.source import conflicts
from edgelint.source.nodes import ARRAY, BOOL, MAX_DEPTH, NULL, NUMBER, OBJECT, STRING, Node, ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

    from edgelint.source.embedded import EmbeddedOrigin

_WS = re.compile(r"[ \t\n\r]*")
_WS_CHARS = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_WORD = re.compile(r"[^\s,:\[\]{}\"]+")
# The usual member name (no escape) with the colon and the white space around it, and the
# comma that leads to it from the previous member: one C-level match instead of several
# steps. Anything else (escapes, errors) takes the general path.
_MEMBER = re.compile(r'[ \t\n\r]*"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')
_NEXT_MEMBER = re.compile(r'[ \t\n\r]*,[ \t\n\r]*"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')
_NEXT_ELEMENT = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
# Python refuses to convert longer digit strings to int (so do the az CLI's json.loads)
_MAX_INT_DIGITS = 4300

# state machine labels
_VALUE, _AFTER_VALUE, _KEY = 0, 1, 2


def parse_json(
    text: str,
    origin: EmbeddedOrigin | None = None,
    duplicates: list[tuple[Node, Node]] | None = None,
    max_depth: int = MAX_DEPTH,
    extremes: Extremes | None = None,
) -> Node:
    """Parse `text` into a Node. Raises ParseError with the failing offset.

    Duplicate member names keep the last value, as the IoT Edge tooling does; each
    (earlier, later) pair is appended to `duplicates` when a list is given. `extremes`, when
    given, receives the deepest nesting and the longest string value."""
    n = len(text)
    ws: Callable[[str, int], Any] = _WS.match  # the pattern accepts "": it always matches
    member: Callable[[str, int], Any] = _MEMBER.match
    next_member: Callable[[str, int], Any] = _NEXT_MEMBER.match
    next_element: Callable[[str, int], Any] = _NEXT_ELEMENT.match
    stack: list[Node] = []  # open containers
    # The member name before the value being parsed: a value is attached to its parent as
    # soon as it starts (a container when it opens), so one name is pending at a time.
    key: str | int | None = None
    key_start = key_end = -1
    parent: Node | None = None  # the innermost open container
    # its members (a dict for an object, a list for an array), and which of the two it is
    members: Any = None
    in_object = False
    deepest = longest = floats = 0  # containers open at once; characters of a string value; floats
    i = ws(text, 0).end()
    state = _VALUE
    while True:
        if state == _VALUE:
            if i >= n:
                _fail_eof(stack, i)
            c = text[i]
            if c == '"':
                try:
                    value, end = scanstring(text, i + 1, True)
                except JSONDecodeError as exc:
                    _fail_string(text, exc)
                node = Node(STRING, value, i, end, origin, parent, key, key_start, key_end)
                if end - i > longest and len(value) > longest:  # the text is never shorter than the value
                    longest = len(value)
                i = end
            elif c == "{" or c == "[":
                depth = len(stack)
                if depth >= max_depth:
                    raise ParseError(f"nesting deeper than {max_depth} levels", i)
                if depth >= deepest:
                    deepest = depth + 1
                is_object = c == "{"
                node = Node(
                    OBJECT if is_object else ARRAY,
                    {} if is_object else [],
                    i,
                    -1,
                    origin,
                    parent,
                    key,
                    key_start,
                    key_end,
                )
                if parent is not None:
                    _attach(members, in_object, node, key, duplicates)
                stack.append(node)
                parent, members, in_object = node, node.value, is_object
                if is_object:
                    m = member(text, i + 1)
                    if m is not None:
                        key, key_start, key_end = m.group(1), m.start(1) - 1, m.end(1) + 1
                        i = m.end()
                        continue  # state stays _VALUE
                else:
                    key, key_start, key_end = 0, -1, -1
                i += 1
                if i < n and text[i] in _WS_CHARS:
                    i = ws(text, i).end()
                if i < n and text[i] == ("}" if is_object else "]"):
                    state = _AFTER_VALUE  # an empty container: closed there, as any other
                    continue
                state = _KEY if is_object else _VALUE
                continue
            elif c == "-" or "0" <= c <= "9":
                m = _NUMBER.match(text, i)
                if m is None:
                    _fail(text, i, "Invalid number")
                end = m.end()
                if end < n and (text[end].isalnum() or text[end] == "."):
                    _fail(text, i, "Invalid number", _junk_end(text, i))
                literal = m.group()
                if m.group(1) or m.group(2):
                    value = float(literal)
                    floats += 1
                elif len(literal) > _MAX_INT_DIGITS:
                    _fail(text, i, f"Number with more than {_MAX_INT_DIGITS} digits", end)
                else:
                    value = int(literal)
                node = Node(NUMBER, value, i, end, origin, parent, key, key_start, key_end)
                i = end
            elif text.startswith("true", i):
                node = Node(BOOL, True, i, i + 4, origin, parent, key, key_start, key_end)
                i += 4
            elif text.startswith("false", i):
                node = Node(BOOL, False, i, i + 5, origin, parent, key, key_start, key_end)
                i += 5
            elif text.startswith("null", i):
                node = Node(NULL, None, i, i + 4, origin, parent, key, key_start, key_end)
                i += 4
            else:
                _fail_value(text, i, stack)
            if c != '"' and i < n and (text[i].isalnum() or text[i] == "_"):
                _fail(text, node.start, "Invalid literal", _junk_end(text, node.start))
            if parent is None:
                state = _AFTER_VALUE
                continue
            # the usual next step, a comma and the next member or element, in one match
            if in_object:
                if duplicates is not None and key in members:
                    duplicates.append((members[key], node))
                members[key] = node
                m = next_member(text, i)
                if m is not None:
                    key, key_start, key_end = m.group(1), m.start(1) - 1, m.end(1) + 1
                    i = m.end()
                    continue  # state stays _VALUE
            else:
                members.append(node)
                m = next_element(text, i)
                if m is not None:
                    end = m.end()
                    if end < n and text[end] != "]":  # else the general path names the trailing comma
                        key += 1  # type: ignore[operator]  # an array index
                        i = end
                        continue  # state stays _VALUE
            state = _AFTER_VALUE
        elif state == _AFTER_VALUE:
            if i < n and text[i] in _WS_CHARS:
                i = ws(text, i).end()
            if not stack:
                if i < n:
                    _fail(text, i, "Extra data after the end of the document", _junk_end(text, i))
                if extremes is not None:
                    extremes.nesting, extremes.string_length, extremes.floats = deepest, longest, floats
                return node  # the root: the last value parsed or closed
            top = stack[-1]
            c = text[i] if i < n else ""
            close = "}" if in_object else "]"
            if c == ",":
                comma = i
                i = ws(text, i + 1).end()
                if i < n and text[i] == close:
                    raise ParseError(f"Trailing comma before '{close}'", comma)
                if in_object:
                    state = _KEY
                else:
                    key, key_start, key_end = len(members), -1, -1  # the index the next element takes
                    state = _VALUE
            elif c == close:
                stack.pop()
                if stack:
                    parent = stack[-1]
                    members, in_object = parent.value, parent.kind == OBJECT
                else:
                    parent = None
                top.end = i + 1
                i += 1
                node = top
            elif not c:
                _fail_eof(stack, i)
            else:
                _fail_special(text, i)
                what = "object" if in_object else "array"
                _fail(text, i, f"Expecting ',' or '{close}' after a value in an {what}")
        else:  # _KEY
            if i >= n:
                _fail_eof(stack, i)
            if text[i] != '"':
                if i < n and text[i] == "}":
                    _fail(text, i, "Expecting property name")
                _fail_special(text, i)
                _fail(text, i, "Expecting property name enclosed in double quotes", _junk_end(text, i))
            try:
                key, end = scanstring(text, i + 1, True)
            except JSONDecodeError as exc:
                _fail_string(text, exc)
            key_start = i
            i = ws(text, end).end()
            if i >= n:
                _fail_eof(stack, i)
            if text[i] != ":":
                _fail_special(text, i)
                _fail(text, i, "Expecting ':' after the property name")
            i = ws(text, i + 1).end()
            key_end = end
            state = _VALUE


class Extremes:
    """The deepest nesting of containers, the longest string value and the number of float
    literals of a document: rules that look for values over a limit need not visit every
    node when none of these comes near it."""

    __slots__ = ("nesting", "string_length", "floats")

    nesting: int
    string_length: int
    floats: int

    def __init__(self) -> None:
        self.nesting = self.string_length = self.floats = 0


def _attach(
    members: Any, in_object: bool, node: Node, key: str | int | None, duplicates: list[tuple[Node, Node]] | None
) -> None:
    """Add `node` to the members of its parent (a dict or a list)."""
    if in_object:
        if duplicates is not None and key in members:
            duplicates.append((members[key], node))
        members[key] = node
    else:
        members.append(node)


def _fail_eof(stack: list[Node], i: int) -> NoReturn:
    if not stack:
        raise ParseError("Expecting value", i)
    opener = "{" if stack[-1].kind == OBJECT else "["
    raise ParseError(f"Unexpected end of file: this '{opener}' is never closed", stack[-1].start)


def _junk_end(text: str, i: int) -> int:
    m = _WORD.match(text, i)
    return m.end() if m and m.end() > i else i + 1


def _fail(text: str, i: int, message: str, end: int | None = None) -> NoReturn:
    raise ParseError(message, i, end)


def _fail_special(text: str, i: int) -> None:
    """Name the usual reasons a hand-edited manifest is not JSON."""
    rest = text[i : i + 7]
    if rest.startswith("//") or rest.startswith("/*"):
        end = text.find("\n", i) if rest.startswith("//") else text.find("*/", i) + 2
        raise ParseError("Comments are not allowed in JSON", i, end if end > i else i + 2)
    marker_end = conflicts.marker_at(text, i)
    if marker_end is not None:
        raise ParseError(conflicts.MESSAGE, i, marker_end)
    placeholder_end = placeholder_at(text, i)
    if placeholder_end is not None:
        raise ParseError(
            f"Unquoted placeholder '{text[i:placeholder_end]}': JSON needs it inside a string", i, placeholder_end
        )


def _fail_value(text: str, i: int, stack: list[Node]) -> NoReturn:
    _fail_special(text, i)
    c = text[i]
    if c == "}" or c == "]":
        _fail(text, i, "Expecting value")
    if c == "'":
        _fail(text, i, "Strings must use double quotes", _junk_end(text, i))
    word = text[i : _junk_end(text, i)]
    if word in ("NaN", "Infinity", "-Infinity", "True", "False", "None", "undefined"):
        _fail(text, i, f"'{word}' is not a JSON value", i + len(word))
    _fail(text, i, "Expecting value", _junk_end(text, i))


def _fail_string(text: str, exc: JSONDecodeError) -> NoReturn:
    pos = exc.pos
    msg = exc.msg
    if msg.startswith("Unterminated string"):
        raise ParseError("Unterminated string", pos) from None
    if msg.startswith("Invalid control character"):
        name = {"\n": "a line break", "\r": "a line break", "\t": "a tab"}.get(text[pos], "a control character")
        end = pos + (2 if text.startswith("\r\n", pos) else 1)
        raise ParseError(f"Invalid {name} inside a string: escape it", pos, end) from None
    raise ParseError(msg, pos) from None
