"""Human output: `full` (header, source line, carets, like rustc and ruff) and `concise`
(exactly one line per finding: `path:line:col: ELxxx message`).

The full format fits a width (see columns.output_width): messages wrap at word boundaries
under their first word, source lines are cut around the span with the carets kept under
it. Only a path longer than the width is left whole, so that it can still be opened."""

from edgelint.report.columns import DEFAULT_WIDTH, fit, text_width, window, wrap

_COLOURS = {"error": "31", "warning": "33", "note": "36"}
# C0 and C1 control characters of a source line would move the terminal's cursor.
_CONTROLS = {code: "\ufffd" for code in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROLS[0x09] = " "


class Style:
    def __init__(self, colour, width=DEFAULT_WIDTH):
        self.colour = colour
        self.width = width

    def paint(self, text, code):
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def level(self, level, text):
        return self.paint(text, "1;" + _COLOURS[level])

    def bold(self, text):
        return self.paint(text, "1")

    def dim(self, text):
        return self.paint(text, "34")


def concise(finding, style=None):
    """`path:line:col: ELxxx message`; in colour the path is bold and the rule ID has its
    level's colour."""
    if style is None or not style.colour:
        return f"{finding.path}:{finding.line}:{finding.column}: {finding.rule_id} {finding.message}"
    return (f"{style.bold(finding.path)}:{finding.line}:{finding.column}: "
            f"{style.level(finding.level, finding.rule_id)} {finding.message}")


def full(finding, source, style):
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
        label = f"{gutter} = fix:"
        lines += _hanging(label, f"{gutter} = {style.bold('fix')}:", finding.fix.title, width, str)
    return "\n".join(lines) + "\n"


def _hanging(label, shown_label, text, width, paint):
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

    __slots__ = ("levels", "files_with_findings", "files_checked", "fixed", "unsafe_left")

    def __init__(self):
        self.levels = {"error": 0, "warning": 0, "note": 0}
        self.files_with_findings = 0
        self.files_checked = 0
        self.fixed = 0  # findings fixed by --fix
        self.unsafe_left = 0  # fixes --fix left for want of --unsafe-fixes

    def add(self, result):
        for finding in result.findings:
            self.levels[finding.level] += 1
        self.files_with_findings += bool(result.findings)
        self.files_checked += bool(result.is_manifest)
        if result.fixes is not None:
            self.fixed += result.fixes.fixed
            self.unsafe_left += result.fixes.unsafe_left
        return self


def summary_line(tally):
    """`Found N problems (E errors, W warnings, K notes) in F files.`"""
    """The summary; after --fix it says how many were fixed (`…; fixed 5.`) and, on a
    second line, how many unsafe fixes were left."""
    fixed = f"; fixed {tally.fixed}" if tally.fixed else ""
    total = sum(tally.levels.values())
    if not total:
        noun = "file" if tally.files_checked == 1 else "files"
        return f"No problems found in {tally.files_checked} {noun}{fixed}." + unsafe_hint(tally.unsafe_left)
    parts = [_plural(tally.levels["error"], "error"), _plural(tally.levels["warning"], "warning")]
    if tally.levels["note"]:
        parts.append(_plural(tally.levels["note"], "note"))
    return (
        f"Found {_plural(total, 'problem')} ({', '.join(parts)}) in {_plural(tally.files_with_findings, 'file')}"
        f"{fixed}." + unsafe_hint(tally.unsafe_left)
    )


def unsafe_hint(count):
    """The line that says how many more fixes `--unsafe-fixes` would apply, or ''."""
    if not count:
        return ""
    noun = "fix is" if count == 1 else "fixes are"
    return f"\n{count} more {noun} available with --unsafe-fixes."


def _plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"
