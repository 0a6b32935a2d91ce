"""Terminal columns: the width the full report fits, how wide text shows, and wrapping and
cutting text to a number of columns.

A character counts as a terminal shows it: East Asian wide and fullwidth characters (CJK
ideographs, kana, hangul, fullwidth forms, most emoji) take two columns, combining marks
and other zero-width characters none, everything else one. Characters of ambiguous width
(`…`, Greek, Cyrillic) count one, as terminals show them outside CJK locales.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_WIDTH = 80  # when the width is unknown: no COLUMNS and not a terminal
MIN_WIDTH = 30  # narrower widths are taken as this: a header and a caret must fit


def output_width(stream: TextIO | None) -> int:
    """The columns to fit: `COLUMNS` when it is a positive number, else the width of the
    terminal `stream` is (None: a file), else 80."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return max(int(value), MIN_WIDTH)
    try:
        if stream is not None and stream.isatty():
            columns = os.get_terminal_size(stream.fileno()).columns
            if columns > 0:
                return max(columns, MIN_WIDTH)
    except (AttributeError, OSError, ValueError):
        pass
    return DEFAULT_WIDTH


def char_width(char: str) -> int:
    if char.isascii():
        return 1
    import unicodedata  # only for non-ASCII text

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """The columns `text` takes on a terminal."""
    return len(text) if text.isascii() else sum(map(char_width, text))


def column_offsets(text: str) -> list[int]:
    """For each index 0..len(text), the column where that character starts."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + char_width(char))
    return offsets


def fit(text: str, columns: int) -> str:
    """The longest start of `text` that takes at most `columns` columns."""
    if text.isascii():
        return text[:columns]
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > columns:
            return text[:index]
    return text


def wrap(text: str, first: int, rest: int) -> list[str]:
    """`text` in lines at word boundaries: the first line at most `first` columns wide, the
    others at most `rest`. A word wider than a line is cut; a first word that does not fit
    the first line but fits the others starts on the second (the first is then '')."""
    lines: list[str] = []
    line, used, limit = "", 0, first
    for word in text.split():
        width = text_width(word)
        if line and used + 1 + width <= limit:
            line, used = f"{line} {word}", used + 1 + width
            continue
        if line or (width > limit and width <= rest and not lines):
            lines.append(line)
            limit = rest
        while width > limit:
            head = fit(word, limit) or word[0]
            lines.append(head)
            limit = rest
            word = word[len(head) :]
            width = text_width(word)
        line, used = word, width
    lines.append(line)
    return lines


def window(text: str, first: int, last: int, columns: int) -> tuple[str, int, int]:
    """Cut a source line to `columns` columns around the characters [first, last), which
    must stay visible (as much of them as fits). `first` may be len(text): a position at
    the end of the line. Returns (excerpt, caret column, caret width), the caret counted in
    columns of the excerpt and at least one wide."""
    first = min(first, len(text))
    last = min(max(last, first), len(text))
    # Only the characters that can show matter (a minified manifest is one long line).
    low, high = max(0, first - columns), min(len(text), first + 2 * columns)
    first, last = first - low, min(last, high) - low
    piece = _Piece(text[low:high], low > 0, high < len(text), first == high - low)
    offsets = piece.offsets
    span_start = offsets[first]
    span_end = max(offsets[last], span_start + 1)
    if not piece.cut_before and not piece.cut_after and piece.fits(0, len(text), columns):
        return text, span_start, span_end - span_start
    # Keep some text before the span, centring it when it is narrower than the window.
    before = max(0, (columns - (span_end - span_start)) // 2)
    start = first
    while start > 0 and span_start - offsets[start - 1] <= before:
        start -= 1
    end = piece.end_that_fits(start, columns)
    if end == len(piece.text):  # the end is shown: use the room left for more text before
        while start > 0 and piece.fits(start - 1, end, columns):
            start -= 1
    prefix = "…" if start > 0 or piece.cut_before else ""
    suffix = "…" if end < len(piece.text) or piece.cut_after else ""
    caret_at = len(prefix) + span_start - offsets[start]
    visible_end = offsets[end] + (piece.caret_at_end and end == len(piece.text))
    caret_width = max(1, min(span_end, visible_end) - span_start)
    return prefix + piece.text[start:end] + suffix, caret_at, caret_width


class _Piece:
    """The part of a line a window is cut from, with the column of each character."""

    text: str
    cut_before: bool
    cut_after: bool
    caret_at_end: bool
    offsets: list[int]

    def __init__(self, text: str, cut_before: bool, cut_after: bool, caret_at_end: bool) -> None:
        self.text = text
        self.cut_before = cut_before
        self.cut_after = cut_after
        self.caret_at_end = caret_at_end and not cut_after  # the span is the line's end
        self.offsets = list(range(len(text) + 1)) if text.isascii() else column_offsets(text)

    def fits(self, start: int, end: int, columns: int) -> bool:
        """Whether text[start:end], with its marks `…` and a caret after the line's end,
        takes at most `columns` columns."""
        before = start > 0 or self.cut_before
        after = 1 if end < len(self.text) or self.cut_after else self.caret_at_end  # a `…`, or the caret
        return before + self.offsets[end] - self.offsets[start] + after <= columns

    def end_that_fits(self, start: int, columns: int) -> int:
        low, high = start, len(self.text)
        while low < high:  # the largest end that fits: fits() only grows with end
            middle = (low + high + 1) // 2
            if self.fits(start, middle, columns):
                low = middle
            else:
                high = middle - 1
        return low
