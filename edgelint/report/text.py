"""Human output: `full` (header, source line, carets, like rustc and ruff) and `concise`
(exactly one line per finding: `path:line:col: ELxxx message`)."""

_WIDTH = 100  # source excerpts are cut to this many columns around the span

_COLOURS = {"error": "31", "warning": "33", "note": "36"}


class Style:
    def __init__(self, colour):
        self.colour = colour

    def paint(self, text, code):
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def level(self, level, text):
        return self.paint(text, "1;" + _COLOURS[level])

    def bold(self, text):
        return self.paint(text, "1")

    def dim(self, text):
        return self.paint(text, "34")


def concise(finding):
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.rule_id} {finding.message}"


def full(finding, source, style):
    """A finding with its source excerpt: level[ID]: message / --> path:line:col / carets."""
    lines = [
        f"{style.level(finding.level, f'{finding.level}[{finding.rule_id}]')}: {style.bold(finding.message)}",
    ]
    gutter = " " * len(str(finding.line))
    lines.append(f"{gutter}{style.dim('-->')} {finding.path}:{finding.line}:{finding.column}")
    if source is not None and finding.line <= len(source.line_starts):
        text = source.line_text(finding.line).replace("\t", " ")
        first = finding.column - 1
        last = finding.end_column - 1 if finding.end_line == finding.line else len(text)
        last = max(last, first + 1)
        excerpt, caret_at, caret_len = _window(text, first, last)
        bar = style.dim("|")
        lines.append(f"{gutter} {bar}")
        lines.append(f"{style.dim(str(finding.line))} {bar} {excerpt}")
        marker = style.level(finding.level, "^" * caret_len)
        tail = f" (to line {finding.end_line})" if finding.end_line > finding.line else ""
        lines.append(f"{gutter} {bar} {' ' * caret_at}{marker}{tail}")
    if finding.fix is not None:
        lines.append(f"{gutter} = {style.bold('fix')}: {finding.fix.title}")
    return "\n".join(lines) + "\n"


def _window(text, first, last):
    """Cut a long line to about _WIDTH columns around [first, last)."""
    if len(text) <= _WIDTH:
        return text, first, min(last, len(text) + 1) - first
    span = min(last - first, _WIDTH - 10)
    start = max(0, first - (_WIDTH - span) // 2)
    end = min(len(text), start + _WIDTH)
    start = max(0, end - _WIDTH)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    caret_at = first - start + len(prefix)
    return prefix + text[start:end] + suffix, caret_at, max(1, min(last, end) - first)


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
