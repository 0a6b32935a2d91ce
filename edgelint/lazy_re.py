"""Regular expressions compiled on first use.

Most rules need their patterns only for manifests that have the options they look at;
compiling every pattern of every rule at start-up costs more than linting a small file.
"""

import re


class LazyPattern:
    """Behaves as the compiled pattern (`match`, `fullmatch`, `search`, `sub`, …)."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern, flags=0):
        self._args = (pattern, flags)
        self._compiled = None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def lazy_compile(pattern, flags=0):
    return LazyPattern(pattern, flags)
