"""Suppressions: YAML comments in the manifest, and `[[suppress]]` entries in the
configuration keyed by file glob and JSON Pointer (JSON has no comments).

    image: contoso/camera   # edgelint: ignore[EL001] reason       (this line)
    # edgelint: ignore[EL018,EL019] reason                           (the next line)
    # edgelint: ignore-file[EL012] reason                            (whole file, at the top)

A directive without `[...]` applies to every rule. Directives and entries that suppress
nothing are reported as EL033 unused-suppression when that rule is selected.
"""

import re

from edgelint.rule import rule_matches


_DIRECTIVE = re.compile(
    r"(?:(?<=\s)|^)#\s*edgelint:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<rules>[^\]]*)\])?[ \t]*(?P<reason>[^\r\n]*)",
    re.M,
)


class Directive:
    """One `# edgelint: ignore…` comment; `start`/`end` span the comment text."""

    __slots__ = ("kind", "rules", "reason", "line", "own_line", "start", "end", "used")

    def __init__(self, kind, rules, reason, line, own_line, start, end):
        self.kind = kind
        self.rules = rules
        self.reason = reason
        self.line = line
        self.own_line = own_line
        self.start = start
        self.end = end
        self.used = False

    def covers(self, finding):
        if not rule_matches(finding.rule_id, self.rules):
            return False
        if self.kind == "file":
            return True
        return finding.line == self.line or (self.own_line and finding.line == self.line + 1)


def yaml_directives(source):
    """Every suppression comment in a YAML text. File-level directives count only in the
    leading block of comments and blank lines."""
    text = source.text
    directives = []
    header_end = _header_end(text)
    for match in _DIRECTIVE.finditer(text):
        start = match.start()
        line, _ = source.position(start)
        line_start = source.line_starts[line - 1]
        own_line = not text[line_start:start].strip()
        rules = [r.strip().upper() for r in (match.group("rules") or "ALL").split(",") if r.strip()] or ["ALL"]
        kind = "file" if match.group("kind") == "ignore-file" else "line"
        if kind == "file" and start > header_end:
            kind = "misplaced"
        directives.append(Directive(kind, rules, match.group("reason").strip(), line, own_line, start, match.end()))
    return directives


def _header_end(text):
    """Offset of the first line that is neither blank, a comment nor a document marker."""
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "%YAML 1.2"):
            return offset
        offset += len(line)
    return offset


def apply_directives(findings, directives):
    """Findings that no directive covers; marks the directives that were used."""
    kept = []
    for finding in findings:
        covering = [d for d in directives if d.kind != "misplaced" and d.covers(finding)]
        for directive in covering:
            directive.used = True
        if not covering:
            kept.append(finding)
    return kept


def pointer_matches(pointer, prefix):
    return not prefix or pointer == prefix or pointer.startswith(prefix + "/")


def apply_config_suppressions(findings, entries, relative_path):
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


_SPECS = {}


def _spec(patterns):
    key = tuple(patterns)
    if key not in _SPECS:
        import pathspec

        _SPECS[key] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return _SPECS[key]


_SUPPRESS_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(?:tool\.edgelint\.)?suppress[ \t]*\]\][^\r\n]*", re.M)


def entry_span(config_text, index):
    """Offsets of the `[[suppress]]` header of entry `index` in a config file, or of the
    first line when the entries are written another way."""
    headers = list(_SUPPRESS_HEADER.finditer(config_text))
    if index < len(headers):
        return headers[index].start(), headers[index].end()
    first_line = config_text.split("\n", 1)[0]
    return 0, len(first_line)
