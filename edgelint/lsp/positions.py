"""Character offsets ↔ LSP positions.

edgelint counts characters (code points) from the start of the text. LSP counts lines (split
at LF, CRLF and CR, as edgelint splits them) and, within a line, code units of the position
encoding negotiated at `initialize`: UTF-16 unless the client offers UTF-8 or UTF-32.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol.types import Position, Range

from edgelint.source.text import SourceText

UTF8, UTF32 = "utf-8", "utf-32"


def units(text: str, encoding: str | None) -> int:
    """The length of `text` in code units of `encoding`."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if char > "\uffff")  # astral: a surrogate pair


class PositionMap:
    """Positions in one text, as the client counts them."""

    text: str
    encoding: str | None  # None: UTF-16
    line_starts: list[int]

    def __init__(self, text: str, encoding: str | None) -> None:
        self.text = text
        self.encoding = encoding
        self.line_starts = SourceText(text).line_starts

    def position(self, offset: int) -> Position:
        line = bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        return Position(line=line, character=units(self.text[start:offset], self.encoding))

    def range(self, start: int, end: int) -> Range:
        return Range(start=self.position(start), end=self.position(end))

    def offset(self, position: Position) -> int:
        """The character offset of a client position; one past the end of a line (or of
        the text) is clamped to it, and a position inside a character to its start."""
        if position.line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[position.line]
        end = self.line_starts[position.line + 1] if position.line + 1 < len(self.line_starts) else len(self.text)
        line = self.text[start:end].rstrip("\r\n")
        counted = 0
        for index, char in enumerate(line):
            counted += units(char, self.encoding)
            if counted > position.character:
                return start + index
        return start + len(line)
