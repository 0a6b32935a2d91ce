"""What rules and the preview derive from a module, computed once per module."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    from edgelint.manifest import Module

    _T = TypeVar("_T")


def once_per_module(derive: Callable[[Module], _T]) -> Callable[[Module], _T]:
    """`derive(module)` computed once per module: several rules ask each module for the same
    ports and volumes. Callers must not change what it returns."""

    def derived(module: Module) -> _T:
        memo = module.memo
        value = memo.get(derive)
        if value is None:
            value = memo[derive] = derive(module)
        return value

    derived.__name__, derived.__doc__ = derive.__name__, derive.__doc__
    return derived
