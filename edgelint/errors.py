"""Errors that stop edgelint from linting a file (missing, unreadable) or that a rule hit
while linting it. They are reported on stderr, make the exit code 2, and become tool
notifications in SARIF, so they carry the file apart from the message."""

from __future__ import annotations


class BaselineError(Exception):
    """A baseline file that cannot be read or is not an edgelint baseline."""


class LintError:
    """`path` is the file as the user named it (a display path); `message` says what went wrong."""

    __slots__ = ("path", "message")

    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def __repr__(self) -> str:
        return f"<LintError {self}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LintError) and (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))


def describe(exc: BaseException) -> str:
    """An exception in one line for an internal-error message: its type and its text, if any."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
