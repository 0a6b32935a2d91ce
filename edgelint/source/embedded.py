"""Documents embedded in string values: a stringified `createOptions`, possibly split in chunks.

The decoded string is parsed as JSON; every node of the result keeps offsets into the decoded
string plus an `EmbeddedOrigin` that maps them back to the file through the string syntax
(JSON escapes, YAML quoting and folding), so a finding deep inside a stringified
createOptions points at the exact characters in the file.
"""

import re

from edgelint.lazy_re import lazy_compile
from edgelint.source.json_spans import parse_json
from edgelint.source.nodes import ParseError

_JSON_ESCAPE = lazy_compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S
)


class EmbeddedOrigin:
    """Maps offsets in `text` (the concatenated decoded values of `parts`) to file offsets.
    `duplicates` holds the (earlier, later) member pairs of objects that name a key twice."""

    __slots__ = ("file_text", "parts", "text", "duplicates", "_starts", "_ends", "_bounds")

    def __init__(self, file_text, parts, text):
        self.file_text = file_text
        self.parts = parts
        self.text = text
        self.duplicates = []
        self._starts = None
        self._ends = None
        self._bounds = None  # decoded offset where each part ends

    def _tables(self):
        if self._starts is None:
            starts, ends, bounds = [], [], []
            for part in self.parts:
                s, e = string_offsets(self.file_text, part)
                starts.extend(s)
                ends.extend(e)
                bounds.append(len(starts))
            self._starts, self._ends, self._bounds = starts, ends, bounds
        return self._starts, self._ends

    def map_span(self, start, end):
        starts, ends = self._tables()
        if not starts:
            first = self.parts[0]
            return first.start, first.end
        last = len(starts) - 1
        file_start = starts[min(start, last)] if start <= last else ends[last]
        file_end = ends[min(end - 1, last)] if end > start else file_start
        if file_end < file_start:
            # the span runs on into a chunk that stands earlier in the file: cut it at the
            # end of the chunk where it starts, so that the region stays contiguous
            bound = next(b for b in self._bounds if b > min(start, last))
            file_end = ends[bound - 1]
        return file_start, file_end


def parse_embedded(file_text, parts, parent, key):
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


def part_span(file_text, node, start, end):
    """File offsets of characters `start:end` of the string value of `node`."""
    source = node.origin.text if node.origin is not None else file_text
    raw = source[node.start + 1:node.end - 1] if node.style is None else None
    if raw is not None and "\\" not in raw:
        # a JSON string without escapes: its characters stand one for one in the source
        if not raw:
            return node.file_span()
        last = len(raw) - 1
        a = node.start + 1 + min(start, last)
        b = node.start + 2 + min(max(end - 1, start), last)
    else:
        starts, ends = string_offsets(source, node)
        if not starts:
            return node.file_span()
        last = len(starts) - 1
        a = starts[min(start, last)]
        b = ends[min(max(end - 1, start), last)]
    if node.origin is not None:
        return node.origin.map_span(a, b)
    return a, b


def string_offsets(source, node):
    """Per decoded character of string `node`, its (start, end) offsets in `source`."""
    raw = source[node.start:node.end]
    if node.style is None:
        return _json_offsets(raw[1:-1], node.start + 1)
    return _aligned_offsets(raw, node.start, node.value, node.style)


def _json_offsets(raw, base):
    starts, ends = [], []
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


def _aligned_offsets(raw, base, decoded, style):
    """Align a YAML scalar's source with its value: characters that produce nothing
    (quotes, indentation, folded line breaks, block headers) are skipped."""
    starts, ends = [], []
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
            if style == "'" and r == "'" and raw[j + 1:j + 2] == "'":
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
