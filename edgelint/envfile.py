"""`--env-file`: a manifest linted with the variables of a dotenv file filled in, as iotedgedev
deploys it, with every position and fix kept on the file as written.

iotedgedev reads a deployment template as text, expands `${NAME}` and `$NAME` from the
environment its `.env` fills (`os.path.expandvars`), then parses the result as JSON
(`DeploymentManifest.__init__`, `Utility.get_file_contents`). edgelint does the same with the
variables of the env file only (not its own environment, so that a lint does not depend on the
shell it runs in): `Substitution` holds the substituted text and the regions where values
replaced placeholders, and maps the findings of the substituted text back to the file. A
finding inside a value points at its placeholder and names the variable and the line of the
env file it came from; a fix that would touch a placeholder is display-only (shown, never
applied), so `--fix` never writes a value of the env file into the manifest; a value that breaks the text (a quote, a
backslash) is reported at its placeholder; EL035 never reports a value of the env file, the
place where secrets belong, and no output shows a value whose variable names a secret.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from edgelint.config import ConfigError
from edgelint.fixes.model import DISPLAY_ONLY, Edit, Fix
from edgelint.placeholders import variables
from edgelint.source.text import SourceText

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from edgelint.device import DeviceProfile
    from edgelint.engine import FileResult, Finding
    from edgelint.rule import Rule

PLAINTEXT_SECRET = "EL035"
_PARSE_ERROR = "EL000"
_INVALID_CREATE_OPTIONS = "createOptions is not valid JSON"


class Binding:
    """One variable of an env file: its value and the line that sets it (the last one wins)."""

    __slots__ = ("name", "value", "line")

    name: str
    value: str
    line: int

    def __init__(self, name: str, value: str, line: int) -> None:
        self.name = name
        self.value = value
        self.line = line


class EnvFile:
    """The variables of a dotenv file; `display` is its name in messages."""

    __slots__ = ("display", "bindings")

    display: str
    bindings: dict[str, Binding]

    def __init__(self, display: str, bindings: dict[str, Binding]) -> None:
        self.display = display
        self.bindings = bindings

    def where(self, binding: Binding) -> str:
        return f"{binding.name} from {self.display}:{binding.line}"


def load_env_file(path: str, display: str, named_by: str) -> EnvFile:
    """Read the env file at `path`. `named_by` says who named it (`--env-file`, a configuration
    key) for the error. Raises ConfigError for a file that cannot be read or has a line that
    is no `NAME=value` (the line is named, never shown: it may hold a secret)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise ConfigError(f"{named_by}: cannot read {display}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{named_by}: {display} is not UTF-8 text") from None
    return EnvFile(display, parse_env(text, display, named_by))


def parse_env(text: str, display: str, named_by: str) -> dict[str, Binding]:
    """name → Binding of a dotenv text, read by python-dotenv (the reader iotedgedev uses):
    comments, quotes, `export`, empty values. `${NAME}` in a value is expanded from the lines
    before it, as python-dotenv interpolates; a name without `=` sets nothing."""
    import io

    from dotenv.parser import parse_stream
    from dotenv.variables import parse_variables

    bindings: dict[str, Binding] = {}
    values: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        # python-dotenv counts the blank lines before a binding as its own
        written = binding.original.string
        blank = written[: len(written) - len(written.lstrip())]
        line = binding.original.line + blank.count("\n") + blank.count("\r") - blank.count("\r\n")
        if binding.error:
            raise ConfigError(f"{named_by}: {display}:{line}: not a NAME=value line (nor a comment)")
        if binding.key is None or binding.value is None:
            continue
        value = "".join(atom.resolve(values) for atom in parse_variables(binding.value))
        values[binding.key] = value
        bindings[binding.key] = Binding(binding.key, value, line)
    return bindings


class Region:
    """Characters `start:end` of the substituted text hold the value of `binding`, which
    replaced the placeholder at `file_start:file_end` of the file."""

    __slots__ = ("start", "end", "file_start", "file_end", "binding")

    start: int
    end: int
    file_start: int
    file_end: int
    binding: Binding

    def __init__(self, start: int, end: int, file_start: int, file_end: int, binding: Binding) -> None:
        self.start = start
        self.end = end
        self.file_start = file_start
        self.file_end = file_end
        self.binding = binding

    def touched_by(self, start: int, end: int) -> bool:
        """Whether text `start:end` of the substituted text (an insertion when equal) touches
        the value, or the place of an empty one."""
        if self.start == self.end:
            return start <= self.start <= end
        if start == end:
            return self.start < start < self.end
        return start < self.end and end > self.start


def substitute(source: SourceText, env: EnvFile) -> Substitution | None:
    """The Substitution of `env`'s variables into the SourceText `source`, or None when none of
    its placeholders is set there (`${MODULES.…}` never is: it names an image built elsewhere)."""
    pieces: list[str] = []
    regions: list[Region] = []
    last, shift = 0, 0
    text = source.text
    for start, end, name in variables(text):
        binding = env.bindings.get(name)
        if binding is None or name.startswith("MODULES."):
            continue
        pieces += [text[last:start], binding.value]
        regions.append(Region(start + shift, start + shift + len(binding.value), start, end, binding))
        shift += len(binding.value) - (end - start)
        last = end
    if not regions:
        return None
    pieces.append(text[last:])
    return Substitution(source, env, SourceText("".join(pieces), source.encoding, source.bom), regions)


class Substitution:
    """A file as written (`source`) and with the env file's values substituted (`text`)."""

    source: SourceText
    env: EnvFile
    text: SourceText
    regions: list[Region]
    _starts: list[int]
    hidden: set[str]

    def __init__(self, source: SourceText, env: EnvFile, text: SourceText, regions: list[Region]) -> None:
        self.source = source
        self.env = env
        self.text = text
        self.regions = regions
        self._starts = [region.start for region in regions]
        from edgelint.secrets import secret_name

        # values no output may show: those of variables named as secrets (and, once linted,
        # the secrets found in the substituted text); outputs are masked by value, so a value
        # that cannot be a secret (a switch, a few characters) is left, or every `true` would go
        self.hidden = {
            region.binding.value
            for region in regions
            if _could_be_secret(region.binding.value) and secret_name(region.binding.name)
        }

    def describe(self) -> str:
        """What was substituted, by name (for the `k8s` preview's header; never the values)."""
        names = sorted({region.binding.name for region in self.regions})
        return f"values substituted from {self.env.display}: {', '.join(names)}"

    # --- offsets ------------------------------------------------------------------------

    def file_offset(self, offset: int, end: bool = False) -> int:
        """The file offset of an offset of the substituted text: inside a value, the start of
        its placeholder (the end for the `end` of a span)."""
        if end:
            index = bisect_left(self._starts, offset) - 1  # the last value that starts before it
            inside = index >= 0 and offset <= self.regions[index].end
        else:
            index = bisect_right(self._starts, offset) - 1  # the last value that starts at or before it
            inside = index >= 0 and (offset < self.regions[index].end or offset == self.regions[index].start)
        if index < 0:
            return offset
        region = self.regions[index]
        if inside:
            return region.file_end if end else region.file_start
        return region.file_end + offset - region.end

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        return self.file_offset(start), max(self.file_offset(end, end=True), self.file_offset(start))

    def touched(self, start: int, end: int) -> list[Region]:
        return [region for region in self.regions if region.touched_by(start, end)]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of an offset of the substituted text."""
        return self.source.position(self.file_offset(offset))

    def redact(self, text: str) -> str:
        """`text` without the file's secrets, the secrets of the substituted text and the
        values of variables named as secrets."""
        from edgelint.secrets import redact

        return redact(self.source.redact(self.text.redact(text)), self.hidden)

    # --- the findings of the substituted text, on the file ------------------------------

    def remap(self, result: FileResult) -> FileResult:
        """The FileResult of the substituted text made one of the file: positions, messages
        and fixes on the file as written."""
        from edgelint.engine import Finding

        self.hidden |= {value for _, _, value in self.text.secrets}
        self.source.secrets = tuple(
            (*self.file_span(start, end), value)
            for start, end, value in self.text.secrets
            if not self.touched(start, end)
        )
        findings: list[Finding] = []
        for finding in result.findings:
            touched = self.touched(finding.start, finding.end)
            if finding.rule_id == PLAINTEXT_SECRET and touched:
                continue  # the value is in the env file, where secrets belong
            fix = finding.fix
            start, end = self.file_span(finding.start, finding.end)
            notes = self._notes(finding, touched, start, end)
            if fix is not None and self._fix_touches(fix):
                fix = Fix(
                    self.redact(fix.title), [], DISPLAY_ONLY
                )  # shown, never written: it would replace a placeholder
            elif fix is not None:
                fix = self._file_fix(fix)
            message = finding.message + (f" ({'; '.join(notes)})" if notes else "")
            moved = Finding(
                finding.rule_id,
                finding.level,
                self.redact(message),
                finding.path,
                finding.pointer,
                start,
                end,
                self.source,
                fix=fix,
            )
            findings.append(moved)
        findings.sort(key=Finding.sort_key)
        result.findings = findings
        result.source = self.source
        result.substitution = self
        return result

    def _notes(self, finding: Finding, touched: list[Region], start: int, end: int) -> list[str]:
        """Where the values a finding is about came from: the variables of the values it
        covers, when it stands on one line (a finding on a whole object is not about them);
        for a parse error at or just after a value, that the value made the text invalid."""
        if finding.rule_id == _PARSE_ERROR or finding.message.startswith(_INVALID_CREATE_OPTIONS):
            culprits = touched or [r for r in self.regions if r.end == finding.start]
            if culprits:
                return [f"the value of {self.env.where(r.binding)} makes it invalid" for r in culprits]
            return []
        if not touched or "\n" in self.source.text[start:end] or "\r" in self.source.text[start:end]:
            return []
        return [self.env.where(region.binding) for region in touched]

    def _fix_touches(self, fix: Fix) -> bool:
        """A fix touches the values when an edit overlaps one or writes one again (a fix
        that rewrites a stringified createOptions copies its other members; values of one or
        two characters are too common in text to tell)."""
        for edit in fix.edits:
            if self.touched(edit.start, edit.end):
                return True
            if any(len(region.binding.value) > 2 and region.binding.value in edit.text for region in self.regions):
                return True
        return False

    def _file_fix(self, fix: Fix) -> Fix:
        edits = [Edit(*self.file_span(edit.start, edit.end), edit.text) for edit in fix.edits]
        return Fix(self.redact(fix.title), edits, fix.applicability)


_SWITCHES = frozenset({"true", "false", "yes", "no", "on", "off", "null", "none"})


def _could_be_secret(value: str) -> bool:
    return len(value) >= 4 and value.lower() not in _SWITCHES


def lint_substituted(
    path: str, source: SourceText, rules: Sequence[Rule], fmt: str | None, device: DeviceProfile | None, env: EnvFile
) -> FileResult:
    """Lint `source` with the variables of `env` substituted (edgelint.engine.lint_source)."""
    from edgelint.engine import lint_source

    substitution = substitute(source, env)
    if substitution is None:
        return lint_source(path, source, rules, fmt, device)
    return substitution.remap(lint_source(path, substitution.text, rules, fmt, device))
