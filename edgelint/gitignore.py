"""What git ignores, read as git reads it, without running git: every `.gitignore` from the
repository's root down, `.git/info/exclude`, and the global excludes file (`core.excludesFile`,
else `$XDG_CONFIG_HOME/git/ignore`). Outside a git repository nothing is ignored, as in
ripgrep and ruff. Patterns are matched with pathspec's gitwildmatch (negation, directory-only
patterns, anchoring); pathspec is imported only when an ignore file has patterns.

Precedence is git's: a deeper `.gitignore` beats a shallower one, any `.gitignore` beats
`info/exclude`, which beats the global file; within a file the last matching pattern wins.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from pathspec import GitIgnoreSpec

IGNORE_FILE = ".gitignore"


class Rules:
    """The ignore files that apply in one folder, shallowest first: (folder, spec) pairs."""

    __slots__ = ("layers",)

    layers: tuple[tuple[str, GitIgnoreSpec], ...]

    def __init__(self, layers: Iterable[tuple[str, GitIgnoreSpec]] = ()) -> None:
        self.layers = tuple(layers)

    def below(self, directory: str, names: Collection[str]) -> Rules:
        """The rules for the entries of `directory`, given the names it holds."""
        if IGNORE_FILE not in names:
            return self
        spec = _load(os.path.join(directory, IGNORE_FILE))
        return Rules(self.layers + ((directory, spec),)) if spec is not None else self

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        for base, spec in reversed(self.layers):
            relative = os.path.relpath(path, base).replace(os.sep, "/")
            if relative.startswith("../"):
                continue
            result = spec.check_file(relative + "/" if is_dir else relative)
            if result.include is not None:
                return result.include
        return False


def rules_for(top: str) -> Rules | None:
    """The Rules that apply to the entries of folder `top` (its own `.gitignore` is read by
    the walk, with its other entries). A folder that git ignores is walked anyway, as it was
    named explicitly: then only the ignore files inside it count. None outside a repository."""
    rules, ignored = _down_to(os.path.abspath(top))
    return Rules() if ignored else rules


def ignored_file(path: str) -> bool:
    """Whether git ignores the file at `path`, or a folder it is in (for --force-exclude)."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    rules, ignored = _down_to(folder)
    return rules is not None and (ignored or rules.below(folder, _names(folder)).ignored(path))


def _down_to(folder: str) -> tuple[Rules | None, bool]:
    """(the Rules for the entries of `folder`, without its own ignore file; whether git
    ignores `folder` or a folder above it), reading the ignore files from the root down;
    (None, False) outside a repository."""
    repository = _repository(folder)
    if repository is None:
        return None, False
    root, git_dir = repository
    specs = (_load(_global_excludes(git_dir)), _load(os.path.join(git_dir, "info", "exclude")))
    rules = Rules((root, spec) for spec in specs if spec is not None)
    current, relative = root, os.path.relpath(folder, root)
    for part in [] if relative == "." else relative.split(os.sep):
        rules = rules.below(current, _names(current))
        current = os.path.join(current, part)
        if rules.ignored(current, is_dir=True):
            return rules, True
    return rules, False


def _names(folder: str) -> tuple[str, ...]:
    return (IGNORE_FILE,) if os.path.isfile(os.path.join(folder, IGNORE_FILE)) else ()


def _repository(folder: str) -> tuple[str, str] | None:
    """(work tree root, git directory) of the repository holding `folder`, or None."""
    current = folder
    while True:
        marker = os.path.join(current, ".git")
        if os.path.isdir(marker):
            return current, marker
        if os.path.isfile(marker):  # a worktree or submodule: "gitdir: PATH"
            git_dir = _read_gitdir(marker, current)
            if git_dir is not None:
                return current, git_dir
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _read_gitdir(marker: str, root: str) -> str | None:
    try:
        with open(marker, encoding="utf-8") as handle:
            line = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    git_dir = os.path.join(root, line[len("gitdir:") :].strip())
    # a linked worktree keeps info/exclude and config in the main repository's git directory
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as handle:
            return os.path.normpath(os.path.join(git_dir, handle.read().strip()))
    except (OSError, UnicodeDecodeError):
        return git_dir


def _global_excludes(git_dir: str) -> str:
    """core.excludesFile from the repository's, the user's or the XDG git config (the
    repository's wins), else git's default `$XDG_CONFIG_HOME/git/ignore`."""
    home = os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    value = None
    for config in (
        os.path.join(xdg, "git", "config"),
        os.path.join(home, ".gitconfig"),
        os.path.join(git_dir, "config"),
    ):
        value = _core_excludes_file(config) or value
    if value is None:
        return os.path.join(xdg, "git", "ignore")
    return os.path.expanduser(value)


def _core_excludes_file(config: str) -> str | None:
    """The `excludesFile` of the `[core]` section of a git config file, or None."""
    try:
        with open(config, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    section, found = None, None
    for line in lines:
        line = line.strip()
        if line.startswith("["):
            section = line[1 : line.find("]")].strip().lower() if "]" in line else None
        elif section == "core" and "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            if key.lower() == "excludesfile":
                found = _config_value(value)
    return found


def _config_value(value: str) -> str:
    """A git config value without its comment and quotes."""
    if value.startswith('"'):
        end = value.find('"', 1)
        return value[1:end] if end > 0 else value[1:]
    for marker in (" #", " ;", "\t#", "\t;"):
        value = value.split(marker, 1)[0]
    return value.strip()


def _load(path: str) -> GitIgnoreSpec | None:
    """The spec of an ignore file, or None when it is missing or has no patterns."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)
