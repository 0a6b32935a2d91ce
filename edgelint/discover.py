"""Which files to lint: explicit files as given, directories walked for JSON and YAML
(without what the configuration excludes or git ignores)."""

from __future__ import annotations

import errno
import os

from edgelint.errors import LintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from edgelint.gitignore import Rules

MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "bower_components"})
STDIN = "-"
STDIN_DISPLAY = "<stdin>"  # the name of unnamed standard input in reports
LOOP = "symbolic link loop: the link leads back to itself"


class Target:
    """One file to lint. `path` is None for standard input."""

    __slots__ = ("display", "path")

    display: str
    path: str | None

    def __init__(self, display: str, path: str | None) -> None:
        self.display = display
        self.path = path

    def __repr__(self) -> str:
        return f"<Target {self.display}>"

    @property
    def settings_path(self) -> str | None:
        """The path whose configuration applies: the file, or the name given to stdin."""
        if self.path is not None:
            return self.path
        return None if self.display == STDIN_DISPLAY else self.display


class Policy:
    """What to leave out; the session answers from each path's settings. This default
    leaves out nothing but what git ignores in folder walks."""

    def excluded(self, path: str) -> bool:
        """Excluded by the configuration (`exclude`, `extend-exclude`)."""
        return False

    def respects_gitignore(self, path: str) -> bool:
        return True

    def force_exclude(self, path: str) -> bool:
        """Whether what git ignores is left out of files named explicitly too."""
        return False


EXCLUDED = "excluded by the configuration (exclude, extend-exclude)"
GIT_IGNORED = "ignored by git (--force-exclude)"


def discover(
    paths: Iterable[str], stdin_filename: str | None = None, policy: Policy | None = None
) -> tuple[list[Target], list[LintError], list[tuple[str, str]]]:
    """(targets, errors, skipped) for the given paths, in a stable order: LintErrors for
    paths that do not exist, and (display, reason) for files named explicitly that are left
    out. Explicit files are linted (non-manifests are skipped after loading) unless the
    configuration excludes them, or git ignores them and --force-exclude is on; folders
    yield their .json/.yaml/.yml files, without what is excluded or what git ignores."""
    policy = policy or Policy()
    targets: list[Target] = []
    errors: list[LintError] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    real_dirs: dict[str, str] = {}  # a walked folder → its real path
    for given in paths:
        if given == STDIN:
            targets.append(Target(stdin_filename or STDIN_DISPLAY, None))
            continue
        if os.path.isdir(given):
            if policy.excluded(given):
                continue
            for entry in _walk_entries(given, policy, errors):
                if entry.is_symlink():
                    key = os.path.realpath(entry.path)
                else:  # the walk follows no folder symlink: only the folder's own path needs resolving
                    folder = os.path.dirname(entry.path)
                    real = real_dirs.get(folder)
                    if real is None:
                        real = real_dirs[folder] = os.path.realpath(folder)
                    key = os.path.join(real, entry.name)
                _add(targets, seen, entry.path, key)
        elif os.path.exists(given):
            reason = _left_out(given, policy)
            if reason is None:
                _add(targets, seen, given, os.path.realpath(given))
            else:
                skipped.append((os.path.normpath(given), reason))
        else:
            errors.append(LintError(given, _missing(given)))
    return targets, errors, skipped


def _left_out(path: str, policy: Policy) -> str | None:
    if policy.excluded(path):
        return EXCLUDED
    if policy.force_exclude(path) and policy.respects_gitignore(path):
        from edgelint.gitignore import ignored_file

        if ignored_file(path):
            return GIT_IGNORED
    return None


def _missing(path: str) -> str:
    """Why a path that os.path.exists calls missing cannot be linted."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
        if os.path.islink(path):
            return "broken symbolic link"
        if exc.errno != errno.ENOENT:
            return f"cannot read: {exc.strerror or exc}"
    return "no such file or directory"


def _add(targets: list[Target], seen: set[str], path: str, key: str) -> None:
    """Add a file unless its real path `key` is among the targets already."""
    if key not in seen:
        seen.add(key)
        display = os.path.normpath(path)
        targets.append(Target(display, path))


def walk(top: str, policy: Policy, errors: list[LintError]) -> Iterator[str]:
    """Files below `top`, sorted per directory, without following directory symlinks (so
    symlink loops cannot trap the walk). A folder that cannot be read and a manifest-named
    symlink loop are reported in `errors`; a directory named like a manifest is walked."""
    for entry in _walk_entries(top, policy, errors):
        yield entry.path


def _walk_entries(top: str, policy: Policy, errors: list[LintError]) -> Iterator[os.DirEntry[str]]:
    from edgelint.gitignore import rules_for

    pending = [(top, rules_for(top) if policy.respects_gitignore(top) else None)]
    while pending:
        directory, ignores = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            errors.append(LintError(os.path.normpath(directory), f"cannot read the folder: {exc.strerror or exc}"))
            continue
        if ignores is not None:
            ignores = ignores.below(directory, {entry.name for entry in entries})
        subdirs: list[tuple[str, Rules | None]] = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _skipped_dir(entry) and not _left_out_of_walk(entry, True, policy, ignores):
                        subdirs.append((entry.path, ignores))
                elif (
                    entry.name.lower().endswith(MANIFEST_SUFFIXES)
                    and entry.is_file()
                    and not _left_out_of_walk(entry, False, policy, ignores)
                ):
                    yield entry
            except OSError as exc:
                if exc.errno == errno.ELOOP and not _left_out_of_walk(entry, False, policy, ignores):
                    errors.append(LintError(os.path.normpath(entry.path), LOOP))
        pending.extend(reversed(subdirs))


def _left_out_of_walk(entry: os.DirEntry[str], is_dir: bool, policy: Policy, ignores: Rules | None) -> bool:
    if policy.excluded(entry.path):
        return True
    return ignores is not None and ignores.ignored(os.path.abspath(entry.path), is_dir)


def _skipped_dir(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name.startswith(".") or name in _SKIPPED_DIRS:
        return True
    # a virtual environment, whatever its name
    return os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))
