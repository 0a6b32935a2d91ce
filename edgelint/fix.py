"""The fix model: a title, text edits on the original file, and an applicability.

One Fix object feeds `--fix`, `--diff`, the JSON output, SARIF `fixes[]` and editor code
actions. Edits use character offsets into the file text (BOM excluded), end exclusive.
"""

SAFE = "safe"  # meaning preserved: applied by --fix
UNSAFE = "unsafe"  # changes behaviour: applied only with --unsafe-fixes


class Edit:
    """Replace text[start:end] with `text` (an insertion when start == end)."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start, end, text):
        self.start = start
        self.end = end
        self.text = text

    def __repr__(self):
        return f"<Edit {self.start}:{self.end} {self.text!r}>"

    def __eq__(self, other):
        return isinstance(other, Edit) and (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self):
        return hash((self.start, self.end, self.text))


class Fix:
    __slots__ = ("title", "edits", "applicability")

    def __init__(self, title, edits, applicability=SAFE):
        if applicability not in (SAFE, UNSAFE):
            raise ValueError(f"unknown applicability {applicability!r}")
        self.title = title
        self.edits = sorted(edits, key=lambda edit: (edit.start, edit.end))
        self.applicability = applicability

    def __repr__(self):
        return f"<Fix {self.applicability} {self.title!r} {self.edits}>"


def apply_edits(text, edits):
    """Apply non-overlapping edits (sorted or not) to `text`."""
    out, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError(f"overlapping edit at offset {edit.start}")
        out.append(text[position:edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(text[position:])
    return "".join(out)
