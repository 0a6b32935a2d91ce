"""Commands whose names are also paths: `edgelint config` in a solution whose generated
manifests live in `config/` could mean "show the settings" or "lint the folder". edgelint
refuses to guess only when both readings are valid: the path holds an IoT Edge manifest
and the rest of the command line is also a valid `check` command line. Then it exits 2
and says how to write each; otherwise the command runs (if the folder holds no manifest,
linting it would lint nothing anyway). Read only when the first argument is a command
name that is also a path, so ordinary runs never pay for it."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import NoReturn

# how to ask for the command so that `check` would not accept the command line
_COMMAND_FORM = {
    "config": "`edgelint check --show-settings` shows the settings",
    "rules": "`edgelint rules --format text` lists the rules",
    "rule": "`edgelint rule RULE` prints a rule's page, `edgelint rule --all` every page",
    "k8s": "`edgelint k8s` with one of its own options (`--namespace iotedge` is the default) previews MANIFEST",
    "server": "`edgelint server --stdio` starts the language server",
}
_WALK_LIMIT = 2000  # files looked at before a folder counts as holding manifests
_HEAD = 64 * 1024


def ambiguity(command: str, rest: list[str], check_parser: argparse.ArgumentParser) -> str | None:
    """Why `edgelint COMMAND REST…` is ambiguous, or None when it is clearly the command."""
    if not os.path.lexists(command) or any(arg in ("-h", "--help", "--version") for arg in rest):
        return None
    if not _valid_check(check_parser, [command, *rest]) or not _holds_manifest(command):
        return None
    kind = "folder" if os.path.isdir(command) else "file"
    return (
        f"`{command}` is both a command and a {kind} with IoT Edge manifests here: "
        f"`edgelint check {command}` lints the {kind}; {_COMMAND_FORM[command]}"
    )


class _Rejected(Exception):
    pass


def _valid_check(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    """Whether `edgelint check ARGV` is a valid command line whose paths all exist."""

    def reject(message: str) -> NoReturn:
        raise _Rejected(message)

    parser.error = reject  # type: ignore[method-assign]  # argparse offers no hook but this method
    try:
        args = parser.parse_intermixed_args(argv)
    except (_Rejected, SystemExit):
        return False
    return all(path == "-" or os.path.lexists(path) for path in args.paths)


def _holds_manifest(path: str) -> bool:
    if not os.path.isdir(path):
        return _is_manifest_file(path)
    from edgelint.discover import Policy, walk

    return any(count >= _WALK_LIMIT or _is_manifest_file(found) for count, found in enumerate(walk(path, Policy(), [])))


def _is_manifest_file(path: str) -> bool:
    from edgelint.engine import could_be_manifest

    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return False
    return could_be_manifest(head.decode("utf-8", errors="replace"))
