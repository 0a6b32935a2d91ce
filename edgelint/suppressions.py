"""Suppressions: YAML comments in the manifest, and `[[suppress]]` entries in the
configuration keyed by file glob and JSON Pointer (JSON has no comments).

    image: contoso/camera   # edgelint: ignore[EL001] reason       (this line)
    # edgelint: ignore[EL018,EL019] reason                           (the next line)
    # edgelint: ignore-file[EL012] reason                            (whole file, at the top)

A directive without `[...]` applies to every rule; rules are IDs, prefixes or names.
Directives and entries that suppress nothing are reported as EL033 unused-suppression when
that rule is selected; a directive that is malformed or names an unknown rule is reported
as EL033 whatever is selected, since it never does what its author meant.
"""

from __future__ import annotations

import re

from edgelint.lazy_re import lazy_compile
from edgelint.rule import rule_matches

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from pathspec import GitIgnoreSpec

    from edgelint.config import Suppression
    from edgelint.engine import Finding
    from edgelint.source.text import SourceText

# Any comment that addresses edgelint; what follows must then be a well-formed directive.
_COMMENT = lazy_compile(r"(?:(?<=\s)|^)#\s*edgelint\s*:[ \t]*(?P<body>[^\r\n]*)", re.M | re.I)
_DIRECTIVE = lazy_compile(r"(?P<kind>ignore-file|ignore)(?:\[(?P<rules>[^\]]*)\])?(?:[ \t]+(?P<reason>.*))?")
# a reason that starts like a list of rules: the brackets are missing
_RULES_WITHOUT_BRACKETS = lazy_compile(r"[\[(:=,]|EL\d|[a-z]+(?:-[a-z]+)+\b", re.I)
FORM = "`# edgelint: ignore[EL001] reason` or `# edgelint: ignore-file[EL001] reason`"


class Directive:
    """One `# edgelint: ignore…` comment; `start`/`end` span the comment text."""

    __slots__ = ("kind", "rules", "reason", "line", "own_line", "start", "end", "used", "problem")

    kind: str
    rules: list[str]
    reason: str
    line: int
    own_line: bool
    start: int
    end: int
    used: bool
    problem: str | None

    def __init__(
        self,
        kind: str,
        rules: list[str],
        reason: str,
        line: int,
        own_line: bool,
        start: int,
        end: int,
        problem: str | None = None,
    ) -> None:
        self.kind = kind  # "line", "file", "misplaced" (ignore-file below the top) or "malformed"
        self.rules = rules
        self.reason = reason
        self.line = line
        self.own_line = own_line
        self.start = start
        self.end = end
        self.used = False
        self.problem = problem  # why the directive is malformed or names unknown rules

    def covers(self, finding: Finding) -> bool:
        if not rule_matches(finding.rule_id, self.rules):
            return False
        if self.kind == "file":
            return True
        return finding.line == self.line or (self.own_line and finding.line == self.line + 1)


def yaml_directives(source: SourceText) -> list[Directive]:
    """Every suppression comment in a YAML text. File-level directives count only in the
    leading block of comments and blank lines."""
    text = source.text
    directives: list[Directive] = []
    header_end = _header_end(text)
    for match in _COMMENT.finditer(text):
        start = match.start()
        line, _ = source.position(start)
        line_start = source.line_starts[line - 1]
        own_line = not text[line_start:start].strip()
        body = match.group("body").rstrip()
        end = match.start("body") + len(body)
        parsed = _DIRECTIVE.fullmatch(body)
        problem = _malformed(parsed, body)
        if parsed is None or problem is not None:
            directives.append(Directive("malformed", [], "", line, own_line, start, end, problem))
            continue
        rules, problem = _rules(parsed.group("rules"))
        kind = "file" if parsed.group("kind") == "ignore-file" else "line"
        if kind == "file" and start > header_end:
            kind = "misplaced"
        directives.append(
            Directive(kind, rules, (parsed.group("reason") or "").strip(), line, own_line, start, end, problem)
        )
    return directives


def _malformed(parsed: re.Match[str] | None, body: str) -> str | None:
    """Why a comment addressed to edgelint is no directive, or None."""
    if parsed is None:
        word = body.split("[", 1)[0].split()[0] if body.strip() else ""
        if word and word not in ("ignore", "ignore-file"):
            return f"`{word}` is not a suppression directive: write {FORM}"
        return f"malformed suppression comment: write {FORM}"
    if parsed.group("rules") is not None and not parsed.group("rules").strip(" ,"):
        return f"the suppression names no rule between its brackets: write {FORM}, or leave out the brackets for every rule"
    reason = parsed.group("reason") or ""
    if parsed.group("rules") is None and _RULES_WITHOUT_BRACKETS.match(reason):
        return f"the rules of a suppression go in brackets right after `{parsed.group('kind')}`: write {FORM}"
    return None


def _rules(listed: str | None) -> tuple[list[str], str | None]:
    """(the selectors of a directive, IDs for names; a problem naming unknown rules or None)."""
    from edgelint.rule import canonical_selector

    if listed is None:
        return ["ALL"], None
    rules: list[str] = []
    unknown: list[str] = []
    for item in (part.strip() for part in listed.split(",")):
        if not item:
            continue
        canonical = canonical_selector(item)
        if canonical is None:
            unknown.append(item)
        else:
            rules.append(canonical)
    if not unknown:
        return rules, None
    names = ", ".join(f"`{item}`" for item in unknown)
    rule = "rule" if len(unknown) == 1 else "rules"
    return rules, f"the suppression names unknown {rule} {names} (see `edgelint rules`)"


def _header_end(text: str) -> int:
    """Offset of the first line that is neither blank, a comment nor a document marker."""
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "%YAML 1.2"):
            return offset
        offset += len(line)
    return offset


def apply_directives(findings: Iterable[Finding], directives: Sequence[Directive]) -> list[Finding]:
    """Findings that no directive covers; marks the directives that were used."""
    kept = []
    for finding in findings:
        covering = [d for d in directives if d.kind in ("line", "file") and d.covers(finding)]
        for directive in covering:
            directive.used = True
        if not covering:
            kept.append(finding)
    return kept


def pointer_matches(pointer: str, prefix: str | None) -> bool:
    return not prefix or pointer == prefix or pointer.startswith(prefix + "/")


def apply_config_suppressions(
    findings: Iterable[Finding], entries: Iterable[Suppression], relative_path: str
) -> tuple[list[Finding], dict[tuple[str, int], bool]]:
    """(findings that no `[[suppress]]` entry covers, hits). `relative_path` is the file's
    path relative to the config folder (POSIX); `hits` maps each entry that applies to the
    file, by (config path, index), to whether it dropped a finding."""
    applicable = [entry for entry in entries if _spec(entry.files).match_file(relative_path)]
    hits = {(entry.origin, entry.index): False for entry in applicable}
    kept = []
    for finding in findings:
        dropped = False
        for entry in applicable:
            if rule_matches(finding.rule_id, entry.rules) and pointer_matches(finding.pointer, entry.pointer):
                hits[(entry.origin, entry.index)] = True
                dropped = True
        if not dropped:
            kept.append(finding)
    return kept, hits


_SPECS: dict[tuple[str, ...], GitIgnoreSpec] = {}


def _spec(patterns: Iterable[str]) -> GitIgnoreSpec:
    key = tuple(patterns)
    if key not in _SPECS:
        import pathspec

        _SPECS[key] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return _SPECS[key]


_SUPPRESS_HEADER = lazy_compile(r"^[ \t]*\[\[[ \t]*(?:tool\.edgelint\.)?suppress[ \t]*\]\][^\r\n]*", re.M)


def entry_span(config_text: str, index: int) -> tuple[int, int]:
    """Offsets of the `[[suppress]]` header of entry `index` in a config file, or of the
    first line when the entries are written another way."""
    headers = list(_SUPPRESS_HEADER.finditer(config_text))
    if index < len(headers):
        return headers[index].start(), headers[index].end()
    first_line = config_text.split("\n", 1)[0]
    return 0, len(first_line)
