"""The one way a fix declines: the change cannot be made without guessing or losing data."""


class CannotFix(Exception):
    """Raised while compiling a fix; the problem is then reported without a fix."""
