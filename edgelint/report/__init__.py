"""Reports: the formats edgelint writes, and rendering one lint run in any of them.

Each format is a Writer. Streamed formats render each file's result as it arrives, so
memory does not grow with the number of files; json and sarif render the whole run at
the end. The command line decides where the text goes (standard output or `--output
FILE`). Each format module is imported only when it is used, so the SARIF object model
stays off the default path.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from edgelint.engine import FileResult, Finding
    from edgelint.errors import LintError
    from edgelint.report.text import Tally
    from edgelint.rule import Rule
    from edgelint.source.text import SourceText

FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "azure", "gitlab", "junit", "rdjson")


class LintRun:
    """What one `edgelint check` produced: the rules that ran, each file's result (its
    findings and source text), and the LintErrors of files that could not be linted or
    on which a rule crashed."""

    __slots__ = ("rules", "results", "errors", "tally")

    rules: list[Rule]
    results: list[FileResult]
    errors: list[LintError]
    tally: Tally

    def __init__(
        self,
        rules: Iterable[Rule],
        results: Iterable[FileResult],
        errors: Iterable[LintError] = (),
        tally: Tally | None = None,
    ) -> None:
        from edgelint.report.text import Tally

        self.rules = list(rules)
        self.results = list(results)
        self.errors = list(errors) + [error for result in self.results for error in result.errors]
        if tally is None:
            tally = Tally()
            for result in self.results:
                tally.add(result)
        self.tally = tally

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.results for finding in result.findings]

    @property
    def files_checked(self) -> int:
        return sum(1 for result in self.results if result.is_manifest)

    def located_findings(self) -> list[tuple[Finding, SourceText | None]]:
        """(finding, source text) for every finding, in the order of the machine formats:
        by path, position, rule and message, whatever order the files were linted in."""
        located = [(finding, result.source) for result in self.results for finding in result.findings]
        located.sort(key=lambda pair: report_order(pair[0]))
        return located


def report_order(finding: Finding) -> tuple[object, ...]:
    """The order of findings in the machine formats: path, position, rule, message."""
    return finding.sort_key() + (finding.message,)


class Writer:
    """One report in one format. A streamed writer renders each file's result as it comes
    (`part`) and what is left at the end (`finish`); the text before the first result
    (`opening`: the start of a JSON array or an XML document) is written with the first
    part, or at the end if no file had a result."""

    streamed: bool = True
    opening: str = ""

    def __init__(self) -> None:
        self._opened = False

    def part(self, result: FileResult) -> str:
        text = self.render(result)  # first: a result that fails to render leaves no trace
        return self._open() + text

    def finish(self, run: LintRun) -> str:
        return self._open() + self.closing(run)

    def _open(self) -> str:
        if self._opened:
            return ""
        self._opened = True
        return self.opening

    def render(self, result: FileResult) -> str:
        raise NotImplementedError

    def closing(self, run: LintRun) -> str:
        return ""


class WholeRun(Writer):
    """A format written once, from the whole run (json, sarif)."""

    streamed = False

    render_run: Callable[[LintRun], str]

    def __init__(self, render_run: Callable[[LintRun], str]) -> None:
        super().__init__()
        self.render_run = render_run

    def finish(self, run: LintRun) -> str:
        return self.render_run(run)


class PerFinding(Writer):
    """A streamed format with one piece of text per finding."""

    line: Callable[[Finding, SourceText | None], str]

    def __init__(self, line: Callable[[Finding, SourceText | None], str]) -> None:
        super().__init__()
        self.line = line

    def render(self, result: FileResult) -> str:
        return "".join(self.line(finding, result.source) for finding in result.findings)


def writer(fmt: str, colour: bool = False, sarif_category: str | None = None, width: int | None = None) -> Writer:
    """The Writer of format `fmt` (one of FORMATS). `colour` applies to the full and
    concise formats, `width` (the columns to fit, default 80) to the full format,
    `sarif_category` to SARIF."""
    if fmt == "full":
        from edgelint.report.text import Style, full

        style = Style(colour, width) if width else Style(colour)
        return PerFinding(lambda finding, source: full(finding, source, style) + "\n")
    if fmt == "concise":
        from edgelint.report.text import Style, concise

        style = Style(colour)
        return PerFinding(lambda finding, source: concise(finding, style) + "\n")
    if fmt == "github":
        from edgelint.report.github import annotation

        return PerFinding(lambda finding, source: annotation(finding) + "\n")
    if fmt == "azure":
        from edgelint.report.azure import logissue

        return PerFinding(lambda finding, source: logissue(finding) + "\n")
    if fmt == "json":
        from edgelint.report.json_output import render_json

        return WholeRun(render_json)
    if fmt == "json-lines":
        from edgelint.report.json_output import JsonLines

        return JsonLines()
    if fmt == "sarif":
        from edgelint.report.sarif import render_sarif

        return WholeRun(lambda run: render_sarif(run, sarif_category))
    if fmt == "gitlab":
        from edgelint.report.gitlab import CodeQuality

        return CodeQuality()
    if fmt == "junit":
        from edgelint.report.junit import JUnit

        return JUnit()
    if fmt == "rdjson":
        from edgelint.report.rdjson import Rdjson

        return Rdjson()
    raise ValueError(f"unknown format {fmt!r}")


def text_report(report: Writer, statistics: bool = False, show_fixes: bool = False) -> Writer:
    """A text format's writer, or `--statistics` instead of it; `--show-fixes` after it."""
    from edgelint.report.statistics import ShowFixes, Statistics

    if statistics:
        report = Statistics()
    return ShowFixes(report) if show_fixes else report


def render(
    fmt: str, run: LintRun, colour: bool = False, sarif_category: str | None = None, width: int | None = None
) -> str:
    """The report for `run` in format `fmt`, without the summary line."""
    report = writer(fmt, colour, sarif_category, width)
    parts = [report.part(result) for result in run.results] if report.streamed else []
    return "".join(parts) + report.finish(run)


def summary(run: LintRun) -> str:
    """`Found N problems (…) in F files.` or `No problems found in F files.`"""
    from edgelint.report.text import summary_line

    return summary_line(run.tally)
