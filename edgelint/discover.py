"""Which files to lint: explicit files as given, directories walked for JSON and YAML."""

import os

MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "bower_components"})
STDIN = "-"


class Target:
    """One file to lint. `path` is None for standard input."""

    __slots__ = ("display", "path")

    def __init__(self, display, path):
        self.display = display
        self.path = path

    def __repr__(self):
        return f"<Target {self.display}>"


def discover(paths, stdin_filename=None):
    """Targets for the given paths, in a stable order, and error messages for paths that
    do not exist. Explicit files are always linted (non-manifests are skipped after
    loading); directories yield their .json/.yaml/.yml files."""
    targets, errors, seen = [], [], set()
    for given in paths:
        if given == STDIN:
            targets.append(Target(stdin_filename or "<stdin>", None))
            continue
        if os.path.isdir(given):
            for path in _walk(given):
                _add(targets, seen, path)
        elif os.path.exists(given):
            _add(targets, seen, given)
        elif os.path.islink(given):
            errors.append(f"{given}: broken symbolic link")
        else:
            errors.append(f"{given}: no such file or directory")
    return targets, errors


def _add(targets, seen, path):
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        display = os.path.normpath(path)
        targets.append(Target(display, path))


def _walk(top):
    """Files below `top`, sorted per directory, without following directory symlinks
    (so symlink loops cannot trap the walk)."""
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _skipped_dir(entry):
                        subdirs.append(entry.path)
                elif entry.name.lower().endswith(MANIFEST_SUFFIXES) and entry.is_file():
                    yield entry.path
            except OSError:
                continue
        pending.extend(reversed(subdirs))


def _skipped_dir(entry):
    name = entry.name
    if name.startswith(".") or name in _SKIPPED_DIRS:
        return True
    # a virtual environment, whatever its name
    return os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))
