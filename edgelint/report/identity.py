"""Where a finding is for a repository, and who it is across runs.

A finding's identity is its rule, its file and the JSON Pointer of its node, never a line
number, so it survives edits elsewhere in the file; the n-th equal key in one file counts
as its own finding. SARIF's `partialFingerprints` and GitLab's `fingerprint` are the same
value, so both platforms follow a problem as lines move.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import quote

from edgelint.discover import STDIN_DISPLAY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import Finding


def repository_path(path: str, root: str, base: str | None = None) -> str | None:
    """A display path (relative to `base`, default `root`) as a POSIX path relative to
    `root` (the repository root), or None for unnamed standard input and for files
    outside `root`."""
    if path == STDIN_DISPLAY:
        return None
    absolute = os.path.realpath(os.path.join(base or root, path))  # GitHub and GitLab know real paths only
    try:
        relative = os.path.relpath(absolute, os.path.realpath(root))
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return Path(relative).as_posix()


def file_uri(path: str, root: str, base: str | None = None) -> tuple[str, bool] | None:
    """(URI, relative to `root`?) of a display path (relative to `base`, default `root`),
    or None for unnamed standard input: a percent-encoded relative URI below `root`, an
    absolute `file:` URI elsewhere."""
    if path == STDIN_DISPLAY:
        return None
    relative = repository_path(path, root, base)
    if relative is None:
        return Path(os.path.realpath(os.path.join(base or root, path))).as_uri(), False
    # a file name that is not UTF-8 keeps its own bytes, percent-encoded
    return quote(relative, errors="surrogateescape"), True


def fingerprint(rule_id: str, path: str, pointer: str, occurrence: int) -> str:
    """`<hash of rule, file and pointer>:<occurrence>`."""
    # surrogatepass: a JSON escape such as \ud800 in a key is a lone surrogate in the pointer
    digest = hashlib.sha256("\0".join((rule_id, path, pointer)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}:{occurrence}"


class Fingerprints:
    """Fingerprints of the findings of one run, given in report order (by file, then
    position): equal keys in one file are numbered 0, 1, …"""

    root: str
    base: str | None
    seen: dict[tuple[str, str, str], int]
    _located: dict[str, tuple[str, bool] | None]
    _relative: dict[str, str | None]

    def __init__(self, root: str, base: str | None = None) -> None:
        self.root = root
        self.base = base
        self.seen = {}
        self._located = {}
        self._relative = {}

    def located(self, path: str) -> tuple[str, bool] | None:
        """`file_uri` of a display path, resolved once per file of the run (resolving
        symbolic links is a system call per folder of the path)."""
        try:
            return self._located[path]
        except KeyError:
            located = self._located[path] = file_uri(path, self.root, self.base)
            return located

    def repository_path(self, path: str) -> str | None:
        """`repository_path` of a display path, resolved once per file of the run."""
        try:
            return self._relative[path]
        except KeyError:
            relative = self._relative[path] = repository_path(path, self.root, self.base)
            return relative

    def __call__(self, finding: Finding) -> str:
        located = self.located(finding.path)
        key = (finding.rule_id, located[0] if located else finding.path, finding.pointer)
        self.seen[key] = self.seen.get(key, -1) + 1
        return fingerprint(*key, self.seen[key])
