"""The fix loop: apply the fixes that do not collide, lint again, until none is left."""

from __future__ import annotations

from bisect import bisect_right
from itertools import combinations

from edgelint.fixes.model import SAFE, UNSAFE, Edit, apply_edits, overlaps

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from edgelint.engine import FileResult, Finding
    from edgelint.source.text import SourceText


# Passes of the fix loop before it gives up: each pass applies every fix that does not
# collide with another, so real files converge in a few.
MAX_PASSES = 20


def select_fixes(findings: Iterable[Finding], unsafe: bool) -> tuple[list[Finding], list[Edit]]:
    """The findings whose fixes one pass applies, and their edits: fixes in file order,
    each taken only if its edits collide with none taken before (an edit identical to one
    taken counts once) nor with one another."""
    applicable = (SAFE, UNSAFE) if unsafe else (SAFE,)
    candidates = [
        (f, fix) for f in findings if (fix := f.fix) is not None and fix.edits and fix.applicability in applicable
    ]
    candidates.sort(key=lambda c: (c[1].edits[0].start, c[1].edits[-1].end, c[0].rule_id))
    chosen: list[Finding] = []
    edits = _TakenEdits()
    for finding, fix in candidates:
        new = [edit for edit in fix.edits if edit not in edits.taken]
        if any(edits.collides(edit) for edit in new) or any(overlaps(a, b) for a, b in combinations(new, 2)):
            continue
        chosen.append(finding)
        for edit in new:
            edits.add(edit)
    return chosen, edits.in_order


class _TakenEdits:
    """Edits taken in one pass, which never overlap one another, kept in file order so that
    checking a new edit against all of them costs a binary search, not a scan: a file with
    thousands of fixes is fixed in seconds. In that order their ends are sorted too."""

    __slots__ = ("taken", "in_order", "keys", "starts", "ends", "insertions")

    taken: set[Edit]
    in_order: list[Edit]
    keys: list[tuple[int, int]]
    starts: list[int]
    ends: list[int]
    insertions: set[int]

    def __init__(self) -> None:
        self.taken = set()
        self.in_order = []  # as taken
        self.keys = []  # (start, end) in file order
        self.starts = []
        self.ends = []
        self.insertions = set()  # offsets of zero-width edits

    def collides(self, edit: Edit) -> bool:
        """As `overlaps` with any edit taken."""
        if edit.start == edit.end and edit.start in self.insertions:
            return True
        first = bisect_right(self.ends, edit.start)  # the first taken edit that ends after `edit` starts
        return first < len(self.ends) and self.starts[first] < edit.end

    def add(self, edit: Edit) -> None:
        index = bisect_right(self.keys, (edit.start, edit.end))
        self.keys.insert(index, (edit.start, edit.end))
        self.starts.insert(index, edit.start)
        self.ends.insert(index, edit.end)
        if edit.start == edit.end:
            self.insertions.add(edit.start)
        self.taken.add(edit)
        self.in_order.append(edit)


class FixOutcome:
    """What the fix loop did to one file: the final text and its lint result, the rule IDs
    of the findings fixed, and the problems of the loop itself (each names the rules)."""

    __slots__ = ("source", "result", "applied", "problems")

    source: SourceText
    result: FileResult
    applied: list[str]
    problems: list[str]

    def __init__(self, source: SourceText, result: FileResult, applied: list[str], problems: list[str]) -> None:
        self.source = source
        self.result = result
        self.applied = applied
        self.problems = problems

    @property
    def fixed(self) -> int:
        return len(self.applied)


def fix_loop(
    source: SourceText, lint: Callable[[SourceText], FileResult], unsafe: bool, max_passes: int = MAX_PASSES
) -> FixOutcome:
    """Apply fixes to `source` (a SourceText) until none applies. `lint(source)` returns the
    FileResult as the user would see it (settings, suppressions and all). A pass whose text
    no longer parses as a manifest is dropped and the loop stops; a loop that still finds
    fixes after `max_passes` passes stops too. Both are edgelint bugs and are reported."""
    from edgelint.source.text import SourceText

    result = lint(source)
    applied: list[str] = []
    problems: list[str] = []
    if result.document is None or not result.is_manifest:
        return FixOutcome(source, result, applied, problems)
    for _ in range(max_passes):
        chosen, edits = select_fixes(result.findings, unsafe)
        if not chosen:
            return FixOutcome(source, result, applied, problems)
        candidate = SourceText(apply_edits(source.text, edits), source.encoding, source.bom)
        after = lint(candidate)
        if after.document is None or not after.is_manifest:
            problems.append(
                f"the fixes of {_rule_list(chosen)} would leave a file that is no longer a parsable manifest, so they "
                f"were not applied; this is a bug in edgelint"
            )
            return FixOutcome(source, result, applied, problems)
        source, result = candidate, after
        applied.extend(finding.rule_id for finding in chosen)
    chosen, _ = select_fixes(result.findings, unsafe)
    if chosen:
        problems.append(
            f"the fixes of {_rule_list(chosen)} did not converge after {max_passes} passes; this is a bug in edgelint"
        )
    return FixOutcome(source, result, applied, problems)


def _rule_list(findings: Iterable[Finding]) -> str:
    return ", ".join(sorted({finding.rule_id for finding in findings}))


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two texts (line endings kept), empty when they are equal."""
    import difflib
    import re

    def split(text: str) -> list[str]:  # only the line breaks edgelint counts lines by (not U+2028 and the like)
        return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)

    lines: list[str] = []
    for line in difflib.unified_diff(split(before), split(after), fromfile=name, tofile=name):
        if line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)
