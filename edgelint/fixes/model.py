"""The compiled fix: a title, text edits on the original file, and an applicability.

One Fix object feeds `--fix`, `--diff`, the JSON output, SARIF `fixes[]` and editor code
actions. Edits use character offsets into the file text (BOM excluded), end exclusive.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

SAFE = "safe"  # meaning preserved: applied by --fix
UNSAFE = "unsafe"  # changes behaviour: applied only with --unsafe-fixes
DISPLAY_ONLY = "display-only"  # shown in reports and editors, never applied
APPLICABILITIES = (SAFE, UNSAFE, DISPLAY_ONLY)


class Edit:
    """Replace text[start:end] with `text` (an insertion when start == end)."""

    __slots__ = ("start", "end", "text")

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text

    def __repr__(self) -> str:
        return f"<Edit {self.start}:{self.end} {self.text!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edit) and (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))


class Fix:
    """A fix as reports show it and `--fix` applies it. A display-only fix may have no
    edits: it says what would fix the problem where edgelint must not write it."""

    __slots__ = ("title", "edits", "applicability")

    title: str
    edits: list[Edit]
    applicability: str

    def __init__(self, title: str, edits: Iterable[Edit], applicability: str = SAFE) -> None:
        if applicability not in APPLICABILITIES:
            raise ValueError(f"unknown applicability {applicability!r}")
        self.title = title
        self.edits = sorted(edits, key=lambda edit: (edit.start, edit.end))
        self.applicability = applicability

    def __repr__(self) -> str:
        return f"<Fix {self.applicability} {self.title!r} {self.edits}>"


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (sorted or not) to `text`."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError(f"overlapping edit at offset {edit.start}")
        out.append(text[position : edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def overlaps(a: Edit, b: Edit) -> bool:
    """Two edits that touch the same text, or insert at the same place (their order would
    be a guess)."""
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end
