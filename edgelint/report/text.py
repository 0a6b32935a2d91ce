"""Human output: `full` (header, source line, carets, like rustc and ruff) and `concise`
(exactly one line per finding: `path:line:col: ELxxx message`).

The full format fits a width (see columns.output_width): messages wrap at word boundaries
under their first word, source lines are cut around the span with the carets kept under
it. Only a path longer than the width is left whole, so that it can still be opened."""

from __future__ import annotations

from edgelint.fixes.model import DISPLAY_ONLY
from edgelint.report.columns import DEFAULT_WIDTH, fit, text_width, window, wrap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from edgelint.engine import FileResult, Finding
    from edgelint.source.text import SourceText

_COLOURS = {"error": "31", "warning": "33", "note": "36"}
# C0 and C1 control characters of a source line would move the terminal's cursor.
_CONTROLS = {code: "\ufffd" for code in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROLS[0x09] = " "


class Style:
    colour: bool
    width: int

    def __init__(self, colour: bool, width: int = DEFAULT_WIDTH) -> None:
        self.colour = colour
        self.width = width

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def level(self, level: str, text: str) -> str:
        return self.paint(text, "1;" + _COLOURS[level])

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def dim(self, text: str) -> str:
        return self.paint(text, "34")


def concise(finding: Finding, style: Style | None = None) -> str:
    """`path:line:col: ELxxx message`; in colour the path is bold and the rule ID has its
    level's colour."""
    if style is None or not style.colour:
        return f"{finding.path}:{finding.line}:{finding.column}: {finding.rule_id} {finding.message}"
    return (
        f"{style.bold(finding.path)}:{finding.line}:{finding.column}: "
        f"{style.level(finding.level, finding.rule_id)} {finding.message}"
    )


def full(finding: Finding, source: SourceText | None, style: Style) -> str:
    """A finding with its source excerpt: level[ID]: message / --> path:line:col / carets."""
    width = style.width
    label = f"{finding.level}[{finding.rule_id}]"
    lines = _hanging(f"{label}:", f"{style.level(finding.level, label)}:", finding.message, width, style.bold)
    gutter = " " * len(str(finding.line))
    lines.append(f"{gutter}{style.dim('-->')} {finding.path}:{finding.line}:{finding.column}")
    if source is not None and finding.line <= len(source.line_starts):
        text = source.line_text(finding.line).translate(_CONTROLS)
        first = finding.column - 1
        last = finding.end_column - 1 if finding.end_line == finding.line else len(text)
        room = width - len(gutter) - 3  # after `12 | `
        excerpt, caret_at, caret_width = window(text, first, last, room)
        bar = style.dim("|")
        lines.append(f"{gutter} {bar}")
        lines.append(f"{style.dim(str(finding.line))} {bar} {excerpt}".rstrip())
        carets = f"{gutter} {bar} {' ' * caret_at}{style.level(finding.level, '^' * caret_width)}"
        if finding.end_line > finding.line:
            tail = f"(to line {finding.end_line})"
            if caret_at + caret_width + 1 + len(tail) <= room:
                carets += " " + tail
            else:
                lines.append(carets)
                carets = f"{gutter} {bar} {fit(tail, room)}"
        lines.append(carets)
    if finding.fix is not None:
        word = "fix (display only)" if finding.fix.applicability == DISPLAY_ONLY else "fix"
        label = f"{gutter} = {word}:"
        lines += _hanging(label, f"{gutter} = {style.bold(word)}:", finding.fix.title, width, str)
    return "\n".join(lines) + "\n"


def _hanging(label: str, shown_label: str, text: str, width: int, paint: Callable[[str], str]) -> list[str]:
    """The lines of `label` and `text` wrapped after it with a hanging indent (`shown_label`
    is the label as printed, maybe in colour). The indent lines up with the text unless that
    leaves under 30 columns for it; then it is two columns."""
    column = text_width(label) + 1
    indent = column if width - column >= 30 else 2
    first, *rest = wrap(text, width - column, width - indent)
    head = f"{shown_label} {paint(first)}" if first else shown_label
    return [head] + [" " * indent + paint(line) for line in rest]


class Tally:
    """What the summary line counts, gathered as results go by (streamed reports drop the
    findings once written)."""

    __slots__ = ("levels", "files_with_findings", "files_checked", "skipped", "left_out", "fixed", "unsafe_left")

    levels: dict[str, int]
    files_with_findings: int
    files_checked: int
    skipped: dict[tuple[str, str], int]
    left_out: list[tuple[str, str]]
    fixed: int
    unsafe_left: int

    def __init__(self) -> None:
        self.levels = {"error": 0, "warning": 0, "note": 0}
        self.files_with_findings = 0
        self.files_checked = 0
        self.skipped = {}  # summary reason → files named or found that were not linted
        self.left_out = []  # (path, why) of files named on the command line and excluded
        self.fixed = 0  # findings fixed by --fix
        self.unsafe_left = 0  # fixes --fix left for want of --unsafe-fixes

    def add(self, result: FileResult) -> Tally:
        for finding in result.findings:
            self.levels[finding.level] += 1
        self.files_with_findings += bool(result.findings)
        self.files_checked += bool(result.is_manifest or result.findings)
        if not result.is_manifest and result.skipped is not None:
            self._skip(NOT_MANIFEST)
        if result.fixes is not None:
            self.fixed += result.fixes.fixed
            self.unsafe_left += result.fixes.unsafe_left
        return self

    def leave_out(self, path: str, why: str) -> None:
        """A file named on the command line that the configuration or git leaves out."""
        self.left_out.append((path, why))
        self._skip(EXCLUDED)

    def _skip(self, reason: tuple[str, str]) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


NOT_MANIFEST = ("not an IoT Edge manifest", "not IoT Edge manifests")
EXCLUDED = ("excluded", "excluded")  # named on the command line, left out by the configuration or git


def summary_line(tally: Tally) -> str:
    """`Found 3 problems (2 errors, 1 note) in 2 of 4 files; 1 skipped (not an IoT Edge
    manifest).` Zero counts are left out; "files" are always the files linted. After --fix
    it says how many were fixed (`…; fixed 5.`) and, on a second line, how many unsafe
    fixes were left. A run that linted nothing says so instead."""
    fixed = f"; fixed {tally.fixed}" if tally.fixed else ""
    skipped = _skipped(tally.skipped)
    if not tally.files_checked:
        if not tally.skipped:
            return "Nothing linted: no JSON or YAML files found."
        files = _plural(sum(tally.skipped.values()), "file")
        return f"Nothing linted: {files} {skipped}; --show-files lists them."
    tail = (
        (f"; {sum(tally.skipped.values())} {skipped}" if skipped else "") + fixed + "." + unsafe_hint(tally.unsafe_left)
    )
    files = _plural(tally.files_checked, "file")
    total = sum(tally.levels.values())
    if not total:
        return f"No problems found in {files}" + tail
    levels = ", ".join(_plural(count, level) for level, count in tally.levels.items() if count)
    where = files if tally.files_with_findings == tally.files_checked else f"{tally.files_with_findings} of {files}"
    return f"Found {_plural(total, 'problem')} ({levels}) in {where}" + tail


def _skipped(counts: dict[tuple[str, str], int]) -> str:
    """`skipped (not IoT Edge manifests)`, `skipped (2 not IoT Edge manifests, 1 excluded)`."""
    if not counts:
        return ""
    if len(counts) == 1:
        (singular, plural), count = next(iter(counts.items()))
        return f"skipped ({singular if count == 1 else plural})"
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    return "skipped (" + ", ".join(f"{n} {singular if n == 1 else plural}" for (singular, plural), n in ordered) + ")"


def unsafe_hint(count: int) -> str:
    """The line that says how many more fixes `--unsafe-fixes` would apply, or ''."""
    if not count:
        return ""
    noun = "fix is" if count == 1 else "fixes are"
    return f"\n{count} more {noun} available with --unsafe-fixes."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
