"""New content for a fix, written the way the file around it is written: JSON values inline
or indented, YAML scalars plain unless they need quotes, YAML block or flow collections."""

from __future__ import annotations

import json

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeGuard

# A YAML plain scalar edgelint writes without quotes: a conservative character set that no
# YAML 1.1 or 1.2 reader takes for anything but the same string (in flow collections
# without ',' and ':', which end a scalar there).
_PLAIN_BLOCK = lazy_compile(r"[A-Za-z0-9_/.-][A-Za-z0-9_/.=+@,:*$()-]*")
# Characters YAML does not allow as they are (its c-printable set, with tab and line breaks).
_NOT_YAML_PRINTABLE = lazy_compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN_FLOW = lazy_compile(r"[A-Za-z0-9_/.-][A-Za-z0-9_/.=+@*$()-]*")
_NUMBER_LIKE = lazy_compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0[xXoObB][0-9a-fA-F_]+")
_DATE_LIKE = lazy_compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_RESERVED_WORDS = frozenset(
    ["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", ".inf", "-.inf", "+.inf", ".nan"]
)


def json_value(
    value: object,
    ascii_only: bool,
    kv: str = ": ",
    sep: str = ", ",
    indent: str | None = None,
    unit: str = "  ",
    newline: str = "\n",
) -> str:
    """`value` as JSON text: on one line when `indent` is None, else with each member on
    its own line at `indent` + `unit` and the closing bracket at `indent`."""
    deeper = None if indent is None else indent + unit
    if isinstance(value, dict) and value:
        items = [json_member(key, item, ascii_only, kv, sep, deeper, unit, newline) for key, item in value.items()]
        return _bracketed("{", items, "}", sep, indent, unit, newline)
    if isinstance(value, list) and value:
        items = [json_value(item, ascii_only, kv, sep, deeper, unit, newline) for item in value]
        return _bracketed("[", items, "]", sep, indent, unit, newline)
    return json.dumps(value, ensure_ascii=ascii_only)


def _bracketed(
    opening: str, items: list[str], closing: str, sep: str, indent: str | None, unit: str, newline: str
) -> str:
    if indent is None:
        return opening + sep.join(items) + closing
    inner = newline + indent + unit
    return opening + inner + ("," + inner).join(items) + newline + indent + closing


def json_member(
    key: str, value: object, ascii_only: bool, kv: str, sep: str, indent: str | None, unit: str, newline: str
) -> str:
    return json.dumps(key, ensure_ascii=ascii_only) + kv + json_value(value, ascii_only, kv, sep, indent, unit, newline)


# --- YAML -----------------------------------------------------------------------------------


def yaml_plain_ok(text: str, flow: bool = False) -> bool:
    """True if `text` can be written as a plain scalar and read back as the same string."""
    if not (_PLAIN_FLOW if flow else _PLAIN_BLOCK).fullmatch(text) or text == "-" or text.endswith(":"):
        return False
    lowered = text.lower()
    return not (lowered in _RESERVED_WORDS or _NUMBER_LIKE.fullmatch(text) or _DATE_LIKE.match(text))


def yaml_string(text: str, style: str | None = "", quote: str = '"', flow: bool = False) -> str:
    """A string scalar in the given style ('' plain, "'" or '"'): plain only when it reads
    back as the same string, else quoted with `quote`."""
    if style in ("", None) and yaml_plain_ok(text, flow):
        return text
    if (
        (style == "'" or (style in ("", None) and quote == "'"))
        and "\n" not in text
        and not _NOT_YAML_PRINTABLE.search(text)
    ):
        return "'" + text.replace("'", "''") + "'"
    # JSON escapes the C0 controls; YAML also wants DEL, C1 controls and non-characters escaped
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


class YamlStyle:
    """How a YAML file writes what a fix adds: the indentation step, how far block
    sequences under a key are indented (0 or the step), and the quote it prefers."""

    unit: int
    seq_offset: int
    quote: str

    def __init__(self, unit: int = 2, seq_offset: int = 2, quote: str = '"') -> None:
        self.unit = unit
        self.seq_offset = seq_offset
        self.quote = quote

    def string(self, text: str, style: str | None = "", flow: bool = False) -> str:
        return yaml_string(text, style, self.quote, flow)

    def scalar(self, value: object, flow: bool = False) -> str:
        if isinstance(value, str):
            return self.string(value, flow=flow)
        return json.dumps(value)  # numbers, true/false, null

    def flow(self, value: object, kv: str = ": ", sep: str = ", ", inside: bool = False) -> str:
        """A value on one line: a flow collection, or a scalar (`inside` a flow collection
        when it stands in one)."""
        if isinstance(value, dict):
            return (
                "{"
                + sep.join(self.string(str(k), flow=True) + kv + self.flow(v, kv, sep, True) for k, v in value.items())
                + "}"
            )
        if isinstance(value, list):
            return "[" + sep.join(self.flow(item, kv, sep, True) for item in value) + "]"
        return self.scalar(value, inside)

    def member_lines(self, key: object, value: object, column: int, inline: bool = False) -> list[str]:
        """The lines of a block mapping member `key: value` whose key stands at `column`;
        `inline` writes a collection value in flow style, like its neighbours."""
        head = " " * column + self.string(str(key)) + ":"
        if not inline and filled(value):
            inner = column + (self.seq_offset if isinstance(value, list) else self.unit)
            return [head] + self.block_lines(value, inner)
        return [head + " " + self.flow(value)]

    def block_lines(self, value: dict[Any, Any] | list[Any], column: int) -> list[str]:
        """A non-empty mapping or sequence as block lines, its items at `column`."""
        lines: list[str] = []
        if isinstance(value, dict):
            for key, item in value.items():
                lines.extend(self.member_lines(key, item, column))
            return lines
        for item in value:
            if filled(item):
                nested = self.block_lines(item, column + 2)
                nested[0] = " " * column + "- " + nested[0][column + 2 :]
                lines.extend(nested)
            else:
                lines.append(" " * column + "- " + self.flow(item))
        return lines

    def item_lines(self, value: object, column: int) -> list[str]:
        """The lines of a block sequence item `- value` whose dash stands at `column`."""
        return self.block_lines([value], column)


def filled(value: object) -> TypeGuard[dict[Any, Any] | list[Any]]:
    """A non-empty mapping or sequence (written as a block in YAML)."""
    return isinstance(value, (dict, list)) and bool(value)
