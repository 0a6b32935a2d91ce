"""Fixing files as the command line asks: `--fix` writes them, `--diff` shows what it would
write, standard input is fixed to standard output."""

from __future__ import annotations

import sys

from edgelint.fixes.loop import fix_loop, unified_diff
from edgelint.fixes.model import UNSAFE
from edgelint.report.text import unsafe_hint

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from edgelint.discover import Target
    from edgelint.engine import FileResult
    from edgelint.session import Session
    from edgelint.source.text import SourceText

FIX, DIFF = "fix", "diff"


class FixSummary:
    """What fixing one file did: the number of findings fixed (or, for --diff, that would
    be) and their rule IDs, the unsafe fixes left for want of --unsafe-fixes, the diff
    (--diff) and the fixed bytes of standard input."""

    __slots__ = ("fixed", "unsafe_left", "diff", "output", "applied")

    fixed: int
    unsafe_left: int
    diff: str
    output: bytes | None
    applied: Iterable[str]

    def __init__(
        self,
        fixed: int = 0,
        unsafe_left: int = 0,
        diff: str = "",
        output: bytes | None = None,
        applied: Iterable[str] = (),
    ) -> None:
        self.fixed = fixed
        self.unsafe_left = unsafe_left
        self.diff = diff
        self.output = output
        self.applied = applied


def fix_target(session: Session, target: Target, data: bytes, mode: str) -> FileResult:
    """Lint one target with fixes applied (mode FIX or DIFF) and post-process the result as
    any lint. FIX writes a changed file atomically; a file that does not parse is never
    written, nor one that changed on disk since `data` was read from it. The FileResult
    holds the remaining findings and a FixSummary in `fixes`."""
    from edgelint.engine import lint_bytes, lint_source
    from edgelint.errors import LintError
    from edgelint.source.text import DecodeError, SourceText

    path = target.settings_path
    settings = session.settings_for(path)
    stdin = target.path is None
    try:
        source = SourceText.decode(data)
    except DecodeError:
        result = session.postprocess(
            lint_bytes(target.display, data, settings.rules, device=settings.device, env=settings.env), path
        )
        result.fixes = FixSummary(output=data if stdin and mode == FIX else None)
        return result

    def lint(text: SourceText) -> FileResult:  # linted as the user sees it
        return session.postprocess(
            lint_source(target.display, text, settings.rules, device=settings.device, env=settings.env), path
        )

    outcome = fix_loop(source, lint, settings.unsafe_fixes)
    result = outcome.result
    result.errors.extend(LintError(target.display, problem) for problem in outcome.problems)
    fixed_text = outcome.source.text
    summary = FixSummary(outcome.fixed, _unsafe_left(result, settings.unsafe_fixes), applied=outcome.applied)
    if mode == DIFF:
        summary.diff = source.redact(unified_diff(source.text, fixed_text, target.display))  # context lines too
    elif target.path is None:  # standard input
        summary.output = data if fixed_text == source.text else outcome.source.encode()
    elif fixed_text != source.text:
        from edgelint.files import changed_since, write_atomic

        try:
            if changed_since(target.path, data):
                raise OSError("the file changed while it was being fixed; run edgelint again")
            write_atomic(target.path, outcome.source.encode())
        except OSError as exc:  # the file keeps its text, so report what that text has
            result = lint(source)
            result.errors.append(LintError(target.display, f"cannot write the fixes: {exc.strerror or exc}"))
            summary = FixSummary(unsafe_left=_unsafe_left(result, settings.unsafe_fixes))
    result.fixes = summary
    return result


def _unsafe_left(result: FileResult, unsafe_fixes: bool) -> int:
    if unsafe_fixes:
        return 0
    return sum(1 for finding in result.findings if finding.fix is not None and finding.fix.applicability == UNSAFE)


class FixReporter:
    """Takes each file's result as it arrives: writes fixed standard input to stdout and,
    for --diff, the diffs; counts what was fixed for the summary."""

    mode: str
    fixed: int
    unsafe_left: int

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.fixed = 0
        self.unsafe_left = 0

    def take(self, result: FileResult) -> None:
        summary = result.fixes
        if summary is None:
            return
        self.fixed += summary.fixed
        self.unsafe_left += summary.unsafe_left
        if summary.diff:
            sys.stdout.write(summary.diff)
        if summary.output is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(summary.output)
            sys.stdout.buffer.flush()

    def summary(self) -> str:
        """`Would fix N problems.` (--diff) or `Fixed N problems.` (--fix-only), and the
        unsafe fixes left over."""
        verb = "Would fix" if self.mode == DIFF else "Fixed"
        noun = "problem" if self.fixed == 1 else "problems"
        return f"{verb} {self.fixed} {noun}." + unsafe_hint(self.unsafe_left)
