"""Which files to lint: explicit files as given, directories walked for JSON and YAML."""

import errno
import os

from edgelint.errors import LintError

MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "bower_components"})
STDIN = "-"
STDIN_DISPLAY = "<stdin>"  # the name of unnamed standard input in reports
LOOP = "symbolic link loop: the link leads back to itself"


class Target:
    """One file to lint. `path` is None for standard input."""

    __slots__ = ("display", "path")

    def __init__(self, display, path):
        self.display = display
        self.path = path

    def __repr__(self):
        return f"<Target {self.display}>"

    @property
    def settings_path(self):
        """The path whose configuration applies: the file, or the name given to stdin."""
        if self.path is not None:
            return self.path
        return None if self.display == STDIN_DISPLAY else self.display


def discover(paths, stdin_filename=None, excluded=None):
    """Targets for the given paths, in a stable order, and LintErrors for paths that do
    not exist. Explicit files are always linted (non-manifests are skipped after
    loading); directories yield their .json/.yaml/.yml files. `excluded(path)` (the
    configuration's `exclude` globs) drops files and prunes folders, explicit ones too."""
    excluded = excluded or (lambda path: False)
    targets, errors, seen = [], [], set()
    for given in paths:
        if given == STDIN:
            targets.append(Target(stdin_filename or STDIN_DISPLAY, None))
            continue
        if os.path.isdir(given):
            if excluded(given):
                continue
            for path in _walk(given, excluded, errors):
                _add(targets, seen, path)
        elif os.path.exists(given):
            if not excluded(given):
                _add(targets, seen, given)
        else:
            errors.append(LintError(given, _missing(given)))
    return targets, errors


def _missing(path):
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


def _add(targets, seen, path):
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        display = os.path.normpath(path)
        targets.append(Target(display, path))


def _walk(top, excluded, errors):
    """Files below `top`, sorted per directory, without following directory symlinks (so
    symlink loops cannot trap the walk). A folder that cannot be read and a manifest-named
    symlink loop are reported in `errors`; a directory named like a manifest is walked."""
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            errors.append(LintError(os.path.normpath(directory), f"cannot read the folder: {exc.strerror or exc}"))
            continue
        subdirs = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _skipped_dir(entry) and not excluded(entry.path):
                        subdirs.append(entry.path)
                elif entry.name.lower().endswith(MANIFEST_SUFFIXES) and entry.is_file() and not excluded(entry.path):
                    yield entry.path
            except OSError as exc:
                if exc.errno == errno.ELOOP and not excluded(entry.path):
                    errors.append(LintError(os.path.normpath(entry.path), LOOP))
        pending.extend(reversed(subdirs))


def _skipped_dir(entry):
    name = entry.name
    if name.startswith(".") or name in _SKIPPED_DIRS:
        return True
    # a virtual environment, whatever its name
    return os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))
