"""Documents embedded in string values: a stringified `createOptions`, possibly split in chunks.

The decoded string is parsed as JSON; every node of the result keeps offsets into the decoded
string plus an `EmbeddedOrigin` that maps them back to the file through the string syntax
(JSON escapes, YAML quoting and folding), so a finding deep inside a stringified
createOptions points at the exact characters in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from edgelint.lazy_re import lazy_compile
from edgelint.source.json_spans import parse_json
from edgelint.source.nodes import ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.source.nodes import Node

_JSON_ESCAPE = lazy_compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S)


class EmbeddedOrigin:
    """Maps offsets in `text` (the concatenated decoded values of `parts`) to file offsets.
    `duplicates` holds the (earlier, later) member pairs of objects that name a key twice."""

    __slots__ = ("file_text", "parts", "text", "duplicates", "_maps", "_bounds")

    file_text: str
    parts: list[Node]
    text: str
    duplicates: list[tuple[Node, Node]]
    _maps: list[CharacterMap] | None
    _bounds: list[int]

    def __init__(self, file_text: str, parts: list[Node], text: str) -> None:
        self.file_text = file_text
        self.parts = parts
        self.text = text
        self.duplicates = []
        self._maps = None  # a CharacterMap per part
        self._bounds = []  # decoded offset where each part ends (with _maps)

    def _tables(self) -> tuple[list[CharacterMap], list[int]]:
        if self._maps is None:
            maps: list[CharacterMap] = []
            bounds: list[int] = []
            total = 0
            for part in self.parts:
                chars = character_map(self.file_text, part)
                total += chars.count
                maps.append(chars)
                bounds.append(total)
            self._maps, self._bounds = maps, bounds
        return self._maps, self._bounds

    def _char(self, index: int) -> tuple[int, int]:
        """(start, end) file offsets of decoded character `index` (< the total)."""
        maps, bounds = self._tables()
        part = bisect_right(bounds, index)
        return maps[part].span(index - (bounds[part - 1] if part else 0))

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        _, bounds = self._tables()
        if not bounds[-1]:
            first = self.parts[0]
            return first.start, first.end
        last = bounds[-1] - 1
        file_start = self._char(min(start, last))[0] if start <= last else self._char(last)[1]
        file_end = self._char(min(end - 1, last))[1] if end > start else file_start
        if file_end < file_start:
            # the span runs on into a chunk that stands earlier in the file: cut it at the
            # end of the chunk where it starts, so that the region stays contiguous
            bound = next(b for b in bounds if b > min(start, last))
            file_end = self._char(bound - 1)[1]
        return file_start, file_end


def parse_embedded(
    file_text: str, parts: list[Node], parent: Node, key: str
) -> tuple[Node, None] | tuple[None, ParseError]:
    """Parse the joined string values of `parts` (file string nodes) as one JSON document.

    Returns (root, None) or (None, ParseError with file offsets). The root is attached under
    `parent` as member `key`, so its pointer continues the file's pointer."""
    text = "".join(part.value for part in parts)
    origin = EmbeddedOrigin(file_text, parts, text)
    try:
        root = parse_json(text, origin, origin.duplicates)
    except ParseError as exc:
        start, end = origin.map_span(exc.start, max(exc.end, exc.start + 1))
        return None, ParseError(exc.message, start, end)
    root.parent = parent
    root.key = key
    return root, None


def part_span(file_text: str, node: Node, start: int, end: int) -> tuple[int, int]:
    """File offsets of characters `start:end` of the string value of `node`."""
    source = node.origin.text if node.origin is not None else file_text
    chars = character_map(source, node)
    if not chars.count:
        return node.file_span()
    last = chars.count - 1
    a = chars.span(min(start, last))[0]
    b = chars.span(min(max(end - 1, start), last))[1]
    if node.origin is not None:
        return node.origin.map_span(a, b)
    return a, b


def string_offsets(source: str, node: Node) -> tuple[list[int], list[int]]:
    """Per decoded character of string `node`, its (start, end) offsets in `source`."""
    raw = source[node.start : node.end]
    if node.style is None:
        return _json_offsets(raw[1:-1], node.start + 1)
    return _aligned_offsets(raw, node.start, node.value, node.style)


def character_map(source: str, node: Node) -> CharacterMap:
    """Where each decoded character of string `node` stands in `source`."""
    if node.style is None:
        return _JsonCharacters(source, node.start + 1, node.end - 1)
    return _TableCharacters(*string_offsets(source, node))


class _JsonCharacters:
    """A JSON string body: each character stands for itself except the escapes, so only
    these are recorded (a stringified createOptions has one every few characters; a table of
    every character would cost more than all the findings in it)."""

    __slots__ = ("count", "_base", "_decoded", "_starts", "_ends")

    count: int
    _base: int
    _decoded: list[int]
    _starts: list[int]
    _ends: list[int]

    def __init__(self, source: str, start: int, end: int) -> None:
        decoded: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        if "\\" in source[start:end]:
            removed = 0  # source characters beyond one per decoded character so far
            for match in _JSON_ESCAPE.finditer(source, start, end):
                a, b = match.span()
                decoded.append(a - start - removed)
                starts.append(a)
                ends.append(b)
                removed += b - a - 1
            self.count = end - start - removed
        else:
            self.count = end - start
        self._base = start
        self._decoded, self._starts, self._ends = decoded, starts, ends

    def span(self, index: int) -> tuple[int, int]:
        """(start, end) in the source of decoded character `index` (< count)."""
        decoded = self._decoded
        if not decoded:
            start = self._base + index
            return start, start + 1
        escape = bisect_right(decoded, index) - 1
        if escape < 0:
            start = self._base + index
        elif decoded[escape] == index:
            return self._starts[escape], self._ends[escape]
        else:
            start = self._ends[escape] + index - decoded[escape] - 1
        return start, start + 1


class _TableCharacters:
    """A YAML scalar: the source offsets of every character, from the alignment."""

    __slots__ = ("count", "_starts", "_ends")

    count: int
    _starts: list[int]
    _ends: list[int]

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.count = len(starts)
        self._starts, self._ends = starts, ends

    def span(self, index: int) -> tuple[int, int]:
        return self._starts[index], self._ends[index]


if TYPE_CHECKING:
    CharacterMap = _JsonCharacters | _TableCharacters


def _json_offsets(raw: str, base: int) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in _JSON_ESCAPE.finditer(raw):
        a = match.start()
        starts.extend(range(base + pos, base + a))
        ends.extend(range(base + pos + 1, base + a + 1))
        starts.append(base + a)
        ends.append(base + match.end())
        pos = match.end()
    starts.extend(range(base + pos, base + len(raw)))
    ends.extend(range(base + pos + 1, base + len(raw) + 1))
    return starts, ends


_YAML_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def _aligned_offsets(raw: str, base: int, decoded: str, style: str) -> tuple[list[int], list[int]]:
    """Align a YAML scalar's source with its value: characters that produce nothing
    (quotes, indentation, folded line breaks, block headers) are skipped."""
    starts: list[int] = []
    ends: list[int] = []
    n = len(raw)
    if style in ("'", '"'):
        j = 1
    elif style in ("|", ">"):
        j = raw.find("\n") + 1 or n
    else:
        j = 0
    for ch in decoded:
        while j < n:
            r = raw[j]
            if style == '"' and r == "\\":
                nxt = raw[j + 1] if j + 1 < n else ""
                if nxt in ("\r", "\n"):
                    j += 2
                    continue
                length = _YAML_ESCAPE_LENGTH.get(nxt, 2)
                starts.append(base + j)
                ends.append(base + j + length)
                j += length
                break
            if style == "'" and r == "'" and raw[j + 1 : j + 2] == "'":
                starts.append(base + j)
                ends.append(base + j + 2)
                j += 2
                break
            if r == ch:
                starts.append(base + j)
                ends.append(base + j + 1)
                j += 1
                break
            j += 1
        else:
            starts.append(base + max(n - 1, 0))
            ends.append(base + n)
    return starts, ends
