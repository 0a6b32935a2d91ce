"""`--statistics` and `--show-fixes`, for the text formats.

`--statistics` counts the findings per rule and level instead of listing them, like
ruff's: the count, the rule ID, the level, whether a fix is available (`[*]` a safe one,
which `--fix` applies; `[-]` only unsafe ones, which need `--unsafe-fixes`; `[ ]` none)
and the rule's name, the most frequent first:

     9  EL001  error    [ ] file-bind-mount
     3  EL014  error    [*] proxy-without-no-proxy
    [*] 3 fixable with --fix.

`--show-fixes` lists, after the findings, the fixes `--fix` would apply, safe and unsafe
apart, each at its finding; after `--fix`, the fixes it applied, counted per file and rule.
"""

from __future__ import annotations

from edgelint.fixes.model import DISPLAY_ONLY, SAFE
from edgelint.report import Writer
from edgelint.rule import REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import FileResult
    from edgelint.report import LintRun

MARKS = {SAFE: "[*]", "unsafe": "[-]", None: "[ ]"}


class Statistics(Writer):
    rows: dict[tuple[str, str], list[int]]  # (rule ID, level) → [count, safe fixes, unsafe fixes]

    def __init__(self) -> None:
        super().__init__()
        self.rows = {}

    def render(self, result: FileResult) -> str:
        for finding in result.findings:
            row = self.rows.setdefault((finding.rule_id, finding.level), [0, 0, 0])
            row[0] += 1
            if finding.fix is not None and finding.fix.applicability != DISPLAY_ONLY:
                row[1 if finding.fix.applicability == SAFE else 2] += 1
        return ""

    def closing(self, run: LintRun) -> str:
        rows = sorted(self.rows.items(), key=lambda item: (-item[1][0], item[0]))
        width = max((len(str(count)) for _, (count, _, _) in rows), default=1)
        lines: list[str] = []
        for (rule_id, level), (count, safe, unsafe) in rows:
            mark = MARKS[SAFE if safe else "unsafe" if unsafe else None]
            lines.append(f"{count:>{width}}  {rule_id}  {level:<7}  {mark} {REGISTRY[rule_id].name}")
        safe = sum(row[1] for row in self.rows.values())
        unsafe = sum(row[2] for row in self.rows.values())
        legend = []
        if safe:
            legend.append(f"[*] {safe} fixable with --fix")
        if unsafe:
            legend.append(f"[-] {unsafe} with --unsafe-fixes")
        if legend:
            lines.append("; ".join(legend) + ".")
        return "".join(line + "\n" for line in lines) + ("\n" if lines else "")


class ShowFixes(Writer):
    """Another writer's report, then the fixes."""

    report: Writer
    pending: dict[str, list[str]]
    applied: list[str]

    def __init__(self, report: Writer) -> None:
        super().__init__()
        self.report = report
        self.opening = report.opening
        self.pending = {SAFE: [], "unsafe": []}  # fixes --fix would apply: lines
        self.applied = []  # after --fix: lines per file

    def render(self, result: FileResult) -> str:
        text = self.report.render(result)
        if result.fixes is not None:
            counts: dict[str, int] = {}
            for rule_id in result.fixes.applied:
                counts[rule_id] = counts.get(rule_id, 0) + 1
            if counts:
                self.applied.append(f"  {result.path}:")
                self.applied += [
                    f"    {count} × {rule_id} {REGISTRY[rule_id].name}" for rule_id, count in sorted(counts.items())
                ]
        for finding in result.findings:
            if finding.fix is not None and finding.fix.applicability != DISPLAY_ONLY:
                kind = SAFE if finding.fix.applicability == SAFE else "unsafe"
                self.pending[kind].append(
                    f"  {finding.path}:{finding.line}:{finding.column}: {finding.rule_id} {finding.fix.title}"
                )
        return text

    def closing(self, run: LintRun) -> str:
        lines: list[str] = []
        if self.applied:
            lines += ["Fixed:"] + self.applied
        if self.pending[SAFE]:
            lines += ["Fixes --fix would apply:"] + self.pending[SAFE]
        if self.pending["unsafe"]:
            lines += ["Unsafe fixes, applied by --fix with --unsafe-fixes:"] + self.pending["unsafe"]
        if not lines:
            lines = ["No fixes available."]
        return self.report.closing(run) + "".join(line + "\n" for line in lines) + "\n"
