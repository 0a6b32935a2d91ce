"""Linting the documents an editor holds: their in-memory text, with the configuration that
governs their path as on the command line (selection, severity, per-file ignores,
suppressions, baseline, exclude), and the fix loop of `--fix`."""

from __future__ import annotations

import codecs
import os

from edgelint.config import CONFIG_NAMES
from edgelint.engine import JSON_SUFFIXES, YAML_SUFFIXES, lint_source
from edgelint.fixes.loop import fix_loop
from edgelint.session import Options, Session
from edgelint.source.text import SourceText

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from edgelint.engine import FileResult, Finding
    from edgelint.errors import LintError
    from edgelint.fixes.model import Edit

# LSP language identifiers edgelint reads; other documents are recognised by their extension.
LANGUAGES = {"json": "json", "jsonc": "json", "yaml": "yaml"}
BOM = "\ufeff"


def document_format(language_id: str | None, path: str | None) -> str | None:
    """'json', 'yaml', or None for a document that is neither."""
    if language_id in LANGUAGES:
        return LANGUAGES[language_id]
    lowered = (path or "").lower()
    if lowered.endswith(JSON_SUFFIXES):
        return "json"
    if lowered.endswith(YAML_SUFFIXES):
        return "yaml"
    return None


class Linted:
    """One lint of a document's text as the client holds it. A byte order mark the client
    kept is not part of edgelint's text, so edgelint's offsets start `shift` characters in."""

    text: str
    shift: int
    result: FileResult | None
    unsafe_fixes: bool

    def __init__(
        self,
        text: str,
        result: FileResult | None = None,
        relint: Callable[[SourceText], FileResult] | None = None,
        unsafe_fixes: bool = False,
    ) -> None:
        self.text = text
        self.shift = 1 if text.startswith(BOM) else 0
        self.result = result
        self._relint = relint
        self.unsafe_fixes = unsafe_fixes

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings if self.result is not None else []

    @property
    def errors(self) -> list[LintError]:
        return self.result.errors if self.result is not None else []

    def span(self, item: Finding | Edit) -> tuple[int, int]:
        """A finding's or an edit's (start, end) in the client's text."""
        return item.start + self.shift, item.end + self.shift

    def fixed(self) -> tuple[str, list[str]]:
        """(text, problems): the text after the fix loop of `--fix` (unsafe fixes too when
        the configuration enables them) and the problems the loop reported."""
        if self.result is None or self.result.document is None or self.result.source is None or self._relint is None:
            return self.text, []
        outcome = fix_loop(self.result.source, self._relint, self.unsafe_fixes)
        return self.text[: self.shift] + outcome.source.text, outcome.problems


class DocumentLinter:
    """Lints with a Session of the command line, made anew when a configuration file (or a
    baseline) it may have read changes: each lint compares the files it looked for."""

    def __init__(self) -> None:
        self._session: Session | None = None
        # path → (mtime, size), or None for a file that did not exist
        self._stamps: dict[str, tuple[int, int] | None] = {}

    def invalidate(self) -> None:
        self._session = None

    def lint(self, path: str | None, display: str, text: str, fmt: str) -> Linted:
        """Lint `text`, the content of the document at `path` (None when it has no file).
        Raises ConfigError or BaselineError for a broken configuration or baseline."""
        session = self._session_for(path)
        if path and session.excluded(path):
            return Linted(text)
        settings = session.settings_for(path)
        if settings.baseline:
            self._watch(settings.baseline)

        def relint(source: SourceText) -> FileResult:
            return session.postprocess(
                lint_source(display, source, settings.rules, fmt, device=settings.device, env=settings.env), path
            )

        shift = 1 if text.startswith(BOM) else 0
        source = SourceText(text[shift:], bom=codecs.BOM_UTF8 if shift else b"")
        return Linted(text, relint(source), relint, settings.unsafe_fixes)

    def _session_for(self, path: str | None) -> Session:
        if self._session is None or any(_stamp(known) != stamp for known, stamp in self._stamps.items()):
            self._session, self._stamps = Session(Options()), {}
        for candidate in _config_candidates(path):
            self._watch(candidate)
        return self._session

    def _watch(self, path: str) -> None:
        if path not in self._stamps:
            self._stamps[path] = _stamp(path)


def _config_candidates(path: str | None) -> Iterator[str]:
    """Every configuration file that could govern `path`: each name in its folder and every
    folder above (a superset of what the finder reads, which stops at the closest)."""
    directory = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    while True:
        for name in CONFIG_NAMES:
            yield os.path.join(directory, name)
        parent = os.path.dirname(directory)
        if parent == directory:
            return
        directory = parent


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
