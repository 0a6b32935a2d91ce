"""Merge-conflict markers that git leaves in a file: lines starting with `<<<<<<<`,
`|||||||` (diff3 style), `=======` or `>>>>>>>`."""

from __future__ import annotations

import re

from edgelint.lazy_re import lazy_compile

MESSAGE = "Merge conflict marker: resolve the conflict"

_MARKER = lazy_compile(r"^(?:<{7}|\|{7}|={7}|>{7})[^\r\n]*", re.M)


def marker_at(text: str, i: int) -> int | None:
    """The end of the marker line starting at offset `i` (a line start), else None."""
    if i and text[i - 1] not in "\r\n":
        return None
    match = _MARKER.match(text, i)
    return match.end() if match else None


def first_marker(text: str) -> tuple[int, int] | None:
    """(start, end) of the first marker line in `text`, or None."""
    match = _MARKER.search(text)
    return (match.start(), match.end()) if match else None
