"""Reports: the formats edgelint writes, and rendering one lint run in any of them.

Every format renders the same LintRun to a string; the command line decides where the
string goes (standard output or `--output FILE`). Each format module is imported only when
it is used, so the SARIF object model stays off the default path.
"""

FORMATS = ("full", "concise", "json", "sarif", "github")
STREAMED = ("full", "concise", "github")  # written file by file as results arrive


class LintRun:
    """What one `edgelint check` produced: the rules that ran, each file's result (its
    findings and source text), and the LintErrors of files that could not be linted or
    on which a rule crashed."""

    __slots__ = ("rules", "results", "errors", "tally")

    def __init__(self, rules, results, errors=(), tally=None):
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
    def findings(self):
        return [finding for result in self.results for finding in result.findings]

    @property
    def files_checked(self):
        return sum(1 for result in self.results if result.is_manifest)

    def located_findings(self):
        """(finding, source text) for every finding, in the order of the machine formats:
        by path, position, rule and message, whatever order the files were linted in."""
        located = [(finding, result.source) for result in self.results for finding in result.findings]
        located.sort(key=lambda pair: pair[0].sort_key() + (pair[0].message,))
        return located


def render_result(fmt, result, colour=False, width=None):
    """The part of a streamed report (full, concise, github) for one file's result; `width`
    is the columns the full format fits (default 80)."""
    if fmt == "full":
        from edgelint.report.text import Style, full

        style = Style(colour, width) if width else Style(colour)
        return "".join(full(f, result.source, style) + "\n" for f in result.findings)
    if fmt == "concise":
        from edgelint.report.text import Style, concise

        style = Style(colour)
        return "".join(concise(finding, style) + "\n" for finding in result.findings)
    if fmt == "github":
        from edgelint.report.github import annotation

        return "".join(annotation(finding) + "\n" for finding in result.findings)
    raise ValueError(f"format {fmt!r} is not streamed")


def render(fmt, run, colour=False, sarif_category=None, width=None):
    """The report for `run` in format `fmt` (one of FORMATS), without the summary line.
    `colour` applies to the full and concise formats, `width` to the full format,
    `sarif_category` to SARIF."""
    if fmt in STREAMED:
        return "".join(render_result(fmt, result, colour, width) for result in run.results)
    if fmt == "json":
        from edgelint.report.json_output import render_json

        return render_json(run)
    if fmt == "sarif":
        from edgelint.report.sarif import render_sarif

        return render_sarif(run, sarif_category)
    raise ValueError(f"unknown format {fmt!r}")


def summary(run):
    """`Found N problems (…) in F files.` or `No problems found in F files.`"""
    from edgelint.report.text import summary_line

    return summary_line(run.tally)

