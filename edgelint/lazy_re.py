"""Regular expressions compiled on first use.

Most rules need their patterns only for manifests that have the options they look at;
compiling every pattern of every rule at start-up costs more than linting a small file.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class LazyPattern:
    """Behaves as the compiled pattern (`match`, `fullmatch`, `search`, `sub`, …)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # only reached for names not yet on the instance: compile, then keep the compiled
        # pattern's attribute there, so that later calls go straight to the C method
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)
        return value


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
