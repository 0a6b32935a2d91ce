"""load → manifest view → rules → findings, for one file at a time."""

from __future__ import annotations

import os
from operator import attrgetter

from edgelint.errors import LintError, describe
from edgelint.manifest import build_manifest, misspelled_layout
from edgelint.rule import REGISTRY
from edgelint.source.embedded import part_span
from edgelint.source.nodes import ParseError
from edgelint.source.text import DecodeError, SourceText

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from edgelint.device import DeviceProfile
    from edgelint.envfile import EnvFile, Substitution
    from edgelint.fixes.model import Fix
    from edgelint.fixes.run import FixSummary
    from edgelint.manifest import Manifest
    from edgelint.rule import PlannedFix, Problem, Rule
    from edgelint.source.json_spans import Extremes
    from edgelint.source.nodes import Node

    PendingFix = tuple[PlannedFix, SourceText, str, str, list[LintError]]

PARSE_ERROR = "EL000"
JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")

# Words that only IoT Edge manifests contain: an unparsable file is reported only when it
# is recognisably one, so that broken unrelated JSON/YAML in a repository stays silent.
_MANIFEST_MARKERS = ("modulesContent", "moduleContent", "$edgeAgent", "$edgeHub", "systemModules")
_LOWER_MARKERS = ("modulescontent", "modulecontent", "edgeagent", "edgehub", "properties.desired")


class Finding:
    """One reported problem, with file positions (1-based, end exclusive) and JSON Pointer.

    A rule's fix intent is compiled into text edits when `fix` is first read: reports that
    do not show fixes (concise output) never pay for it."""

    __slots__ = (
        "rule_id",
        "level",
        "message",
        "path",
        "pointer",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "_fix",
        "_pending_fix",
    )

    rule_id: str
    level: str
    message: str
    path: str
    pointer: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    _fix: Fix | None
    _pending_fix: PendingFix | None

    def __init__(
        self,
        rule_id: str,
        level: str,
        message: str,
        path: str,
        pointer: str,
        start: int,
        end: int,
        source: SourceText,
        fix: Fix | None = None,
        pending_fix: PendingFix | None = None,
    ) -> None:
        self.rule_id = rule_id
        self.level = level
        self.path = path
        self.pointer = pointer
        self.start = start
        self.end = end
        self.line, self.column = source.position(start)
        self.end_line, self.end_column = source.position(end)
        self._fix = fix
        # (intent or the function that plans it, SourceText, format, the rule's fix kind, the file's error list)
        self._pending_fix = pending_fix
        self.message = source.redact(message)

    @property
    def fix(self) -> Fix | None:
        if self._pending_fix is not None:
            from edgelint.fixes.compile import compile_fix

            (planned, source, fmt, fix_kind, errors), self._pending_fix = self._pending_fix, None
            try:
                intent = planned() if callable(planned) else planned
                if intent is not None:
                    applicability = intent.applicability or fix_kind
                    self._fix = _without_secrets(compile_fix(intent, source.text, fmt, applicability), source)
            except Exception as exc:  # a broken fix costs the finding its fix, not the run
                errors.append(
                    LintError(self.path, f"internal error in the fix of rule {self.rule_id}: {describe(exc)}")
                )
        return self._fix

    @fix.setter
    def fix(self, value: Fix | None) -> None:
        self._fix, self._pending_fix = value, None

    def __getstate__(self) -> tuple[object, ...]:
        # a pickled finding (from a worker process) carries its compiled fix, not the node
        # tree; a tuple, as a batch sends thousands of findings between processes
        self.fix  # noqa: B018
        return _pickled_fields(self)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(_PICKLED, state):
            setattr(self, name, value)
        self._pending_fix = None

    def __repr__(self) -> str:
        return f"<Finding {self.rule_id} {self.path}:{self.line}:{self.column}>"

    def sort_key(self) -> tuple[str, int, int, str, int, int]:
        return (self.path, self.line, self.column, self.rule_id, self.end_line, self.end_column)


# what a Finding sends between processes: every slot but the pending fix, compiled into `_fix`
_PICKLED = tuple(name for name in Finding.__slots__ if name != "_pending_fix")
_pickled_fields = attrgetter(*_PICKLED)


def _without_secrets(fix: Fix | None, source: SourceText) -> Fix | None:
    """The fix, or None when a report of it would show one of the file's secrets: when its
    edits write the secret again (a fix that rewrites a stringified createOptions copies its
    other members), or keep it between two edits (reports show the text from the first edit
    to the last). Masked instead, the fix would break the secret."""
    if fix is None or not fix.edits or not source.secrets:
        return fix
    secrets = source.secret_values()
    if any(secret in edit.text for edit in fix.edits for secret in secrets):
        return None
    first, last = min(edit.start for edit in fix.edits), max(edit.end for edit in fix.edits)
    for start, end, _ in source.secrets:
        if start < last and end > first and not any(e.start <= start and end <= e.end for e in fix.edits):
            return None
    fix.title = source.redact(fix.title)
    return fix


# Why a file was skipped: each reason is "not an IoT Edge manifest", with the detail that tells
# the user what edgelint saw (shown by --show-files).
SKIP_EMPTY = "empty file"
SKIP_NOT_TEXT = "not text (cannot be decoded)"
SKIP_NO_KEYS = "no deployment keys (modulesContent, $edgeAgent, properties.desired…)"
SKIP_NOT_PARSED = "not valid JSON or YAML, and no deployment keys"
SKIP_KUBERNETES = "a Kubernetes object (apiVersion and kind), not an IoT Edge deployment"
SKIP_OVERSIZED = "larger than max-file-size, with no deployment keys at its start"
SKIP_OTHER = "no IoT Edge deployment layout (modulesContent, $edgeAgent, properties.desired)"


class FileResult:
    """What linting one file produced. `is_manifest` is False for files that are not IoT
    Edge manifests, and `skipped` then says why; `errors` are LintErrors for rules that
    crashed on it."""

    __slots__ = (
        "path",
        "source",
        "findings",
        "is_manifest",
        "errors",
        "document",
        "suppression_hits",
        "fixes",
        "skipped",
        "substitution",
    )

    path: str
    source: SourceText | None
    findings: list[Finding]
    is_manifest: bool
    errors: list[LintError]
    document: Document | None
    suppression_hits: dict[tuple[str, int], bool]
    fixes: FixSummary | None
    skipped: str | None
    substitution: Substitution | None

    def __init__(self, path: str, source: SourceText | None = None) -> None:
        self.path = path
        self.source = source
        self.findings = []
        self.is_manifest = False
        self.errors = []
        self.document = None
        self.suppression_hits = {}
        self.fixes = None  # a FixSummary when the file was linted with --fix or --diff
        self.skipped = None  # why the file is not a manifest (one of the SKIP_* reasons)
        self.substitution = None  # the edgelint.envfile.Substitution it was linted with (--env-file)


class Document:
    """A parsed file: its text, format and document roots."""

    __slots__ = ("source", "format", "roots", "duplicates", "extremes")

    source: SourceText
    format: str
    roots: list[Node]
    duplicates: list[tuple[Node, Node]]
    extremes: Extremes | None

    def __init__(
        self,
        source: SourceText,
        fmt: str,
        roots: list[Node],
        duplicates: list[tuple[Node, Node]],
        extremes: Extremes | None = None,
    ) -> None:
        self.source = source
        self.format = fmt
        self.roots = roots
        self.duplicates = duplicates
        self.extremes = extremes  # of a JSON document (the YAML loader does not measure them)


def detect_format(path: str, text: str) -> str:
    lowered = path.lower()
    if lowered.endswith(JSON_SUFFIXES):
        return "json"
    if lowered.endswith(YAML_SUFFIXES):
        return "yaml"
    stripped = text.lstrip()
    return "json" if stripped[:1] in ("{", "[") else "yaml"


def parse_document(source: SourceText, fmt: str) -> Document:
    """Parse a SourceText; raises ParseError."""
    duplicates: list[tuple[Node, Node]] = []
    if fmt == "json":
        from edgelint.source.json_spans import Extremes, parse_json

        extremes = Extremes()
        return Document(
            source, fmt, [parse_json(source.text, duplicates=duplicates, extremes=extremes)], duplicates, extremes
        )
    from edgelint.source.yaml_spans import parse_yaml

    return Document(source, fmt, parse_yaml(source.text, duplicates=duplicates), duplicates)


def lint_bytes(
    path: str,
    data: bytes,
    rules: Sequence[Rule],
    fmt: str | None = None,
    device: DeviceProfile | None = None,
    env: EnvFile | None = None,
) -> FileResult:
    """Lint file content. `rules` are the Rule objects to run; `device` is the DeviceProfile
    of the device the file targets (None: the default profile); `env` the EnvFile whose
    variables fill its placeholders (None: they stay placeholders)."""
    try:
        source = SourceText.decode(data)
    except DecodeError as exc:
        result = FileResult(path, SourceText(exc.text))
        if _looks_like_manifest(exc.text):
            result.is_manifest = True
            _parse_finding(result, rules, ParseError(exc.message, exc.offset))
        else:
            result.skipped = SKIP_NOT_TEXT
        return result
    return lint_source(path, source, rules, fmt, device, env)


def lint_source(
    path: str,
    source: SourceText,
    rules: Sequence[Rule],
    fmt: str | None = None,
    device: DeviceProfile | None = None,
    env: EnvFile | None = None,
) -> FileResult:
    if env is not None:
        from edgelint.envfile import lint_substituted

        return lint_substituted(path, source, rules, fmt, device, env)
    result = FileResult(path, source)
    if not could_be_manifest(source.text):
        # none of the layouts' keys occur: skip the parse (YAML's is slow)
        result.skipped = _skip_reason(source.text)
        return result
    try:
        document = parse_document(source, fmt or detect_format(path, source.text))
    except ParseError as exc:
        if _looks_like_manifest(source.text):
            result.is_manifest = True
            _parse_finding(result, rules, exc)
        else:
            result.skipped = SKIP_NOT_PARSED
        return result
    result.document = document
    manifests = [m for m in (build_manifest(root, source.text) for root in document.roots) if m is not None]
    if not manifests:  # a deployment whose keys are misspelled is reported, not skipped
        manifests = [m for m in (misspelled_layout(root, source.text) for root in document.roots) if m is not None]
    if not manifests:
        result.skipped = SKIP_KUBERNETES if any(_is_kubernetes(root) for root in document.roots) else SKIP_OTHER
        return result
    result.is_manifest = True
    source.secrets = _secret_spans(manifests, source.text)
    for manifest in manifests:
        describe_document(manifest, document, device)
        for rule in rules:
            if rule.check is None:
                continue
            try:
                for problem in rule.check(manifest):
                    result.findings.append(_finding(rule, problem, path, source, document.format, result.errors))
            except Exception as exc:  # a broken rule must not take the other rules down
                result.errors.append(LintError(path, f"internal error in rule {rule.id}: {describe(exc)}"))
    result.findings.sort(key=Finding.sort_key)
    return result


def describe_document(manifest: Manifest, document: Document, device: DeviceProfile | None = None) -> None:
    """Give a manifest what rules read of its document and target: the format, the duplicate
    members below its root, the extremes and the device profile (when given)."""
    manifest.format = document.format
    manifest.duplicates = [pair for pair in document.duplicates if _document_root(pair[1]) is manifest.root]
    manifest.extremes = document.extremes
    if device is not None:
        manifest.device = device


def lint_oversized(path: str, head: bytes, size: int | None, limit: int, rules: Sequence[Rule]) -> FileResult:
    """The result for a file over the size limit, of which only `head` (its first bytes) was
    read: an EL000 finding if the head looks like a manifest, else nothing, as for any file
    that is not one. `size` is None when unknown (a stream), else the size in bytes."""
    try:
        text = SourceText.decode(head).text
    except DecodeError as exc:  # the head may end inside a character
        text = exc.text
    result = FileResult(path, SourceText(text))
    if _looks_like_manifest(text):
        result.is_manifest = True
        what = "" if size is None else f"{size:,} bytes, "
        message = (
            f"The file is {what}more than max-file-size ({_format_size(limit)}), so it was not checked; "
            "raise max-file-size if it really is a deployment manifest."
        )
        _parse_finding(result, rules, ParseError(message, 0, 0))
    else:
        result.skipped = SKIP_OVERSIZED
    return result


def _format_size(size: int) -> str:
    """A byte count as people read it: 900 bytes, 512 KiB, 10 MiB, 12.5 MiB."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _skip_reason(text: str) -> str:
    """Why a text without deployment keys is skipped (what it looks like instead)."""
    if not text.strip():
        return SKIP_EMPTY
    if "apiVersion" in text and "kind" in text:
        return SKIP_KUBERNETES
    return SKIP_NO_KEYS


def _is_kubernetes(root: Node | None) -> bool:
    return (
        root is not None
        and root.kind == "object"
        and root.get("apiVersion") is not None
        and root.get("kind") is not None
    )


def _looks_like_manifest(text: str) -> bool:
    return any(marker in text for marker in _MANIFEST_MARKERS)


def could_be_manifest(text: str) -> bool:
    """False when the text holds none of the keys any manifest layout needs (bare twins
    have only `desired` with `modules` or `routes`), in any case (misspelled keys are
    reported)."""
    if _looks_like_manifest(text) or ("desired" in text and ("modules" in text or "routes" in text)):
        return True
    lowered = text.lower()
    return any(marker in lowered for marker in _LOWER_MARKERS)


def _document_root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def _parse_finding(result: FileResult, rules: Iterable[Rule], error: ParseError) -> None:
    source = result.source
    if source is None or not any(rule.id == PARSE_ERROR for rule in rules):
        return
    end = min(max(error.end, error.start), len(source.text))
    start = min(error.start, len(source.text))
    rule = REGISTRY[PARSE_ERROR]
    result.findings.append(Finding(rule.id, rule.level, error.message, result.path, "", start, end, source))


def _secret_spans(manifests: list[Manifest], text: str) -> tuple[tuple[int, int, str], ...]:
    """Find each manifest's plaintext secrets once (EL035 reports them from there) and return
    their file spans, whichever rules run: no output may show them."""
    from edgelint.secrets import manifest_secrets

    for manifest in manifests:
        manifest.secrets = manifest_secrets(manifest)
    return tuple(
        (*part_span(text, secret.node, secret.start, secret.end), secret.value)
        for manifest in manifests
        for secret in manifest.secrets
    )


def _finding(rule: Rule, problem: Problem, path: str, source: SourceText, fmt: str, errors: list[LintError]) -> Finding:
    node = problem.node
    if problem.part is not None:
        start, end = part_span(source.text, node, *problem.part)
    elif problem.on_key:
        start, end = node.file_key_span()
    else:
        start, end = node.file_span()
    pending = None
    if problem.fix is not None:
        pending = (problem.fix, source, fmt, rule.fix_kind, errors)
    return Finding(
        rule.id,
        problem.level or rule.level,
        problem.message,
        path,
        node.pointer,
        start,
        end,
        source,
        pending_fix=pending,
    )


def display_path(path: str) -> str:
    """A path as users see it: relative to the working directory when below it."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:
            return path
        return path if rel.startswith("..") else rel
    return path
