"""Module references inside edgeHub route strings, with their positions.

A route is `[SELECT * ]FROM <source> [WHERE <condition>] INTO <sink>` (edgeHub's Route.g4;
keywords in any case). Modules appear in two places:

- the source `/messages/modules/<module>[/outputs/<output> | /*]`;
- the sink `BrokeredEndpoint("/modules/<module>/inputs/<input>")` (function name in any case,
  single or double quotes, leading and trailing '/' optional: EndpointFactory.CreateFunctionEndpoint
  trims, strips one '/' at each end, and takes the second of exactly four '/'-separated parts).

Positions are indices into the decoded route string, so that findings and fixes can point at
just the module name (`Problem(..., part=(start, end))`).
"""

from __future__ import annotations

import re

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_FROM = lazy_compile(r"\s*(?:SELECT\s*\*\s*)?FROM(?=[\s/])\s*", re.I)
# A path item runs to the next '/' or whitespace (wider than Route.g4's IDs, so that a
# template placeholder such as `${MODULE}` stays whole and is recognised as unknown).
_SOURCE_MODULE = lazy_compile(r"/\s*messages\s*/\s*modules\s*/\s*([^/\s]+)", re.I)
_SINK = lazy_compile(
    r"\bINTO\s+BrokeredEndpoint\s*\(\s*(?:\"((?:\\.|[^\"\\])*)\"|'((?:\\.|[^'\\])*)')\s*\)\s*$", re.I | re.S
)


class ModuleReference:
    """A module named by a route: `text[start:end] == name`."""

    __slots__ = ("name", "start", "end")

    name: str
    start: int
    end: int

    def __init__(self, name: str, start: int, end: int) -> None:
        self.name = name
        self.start = start
        self.end = end

    def __iter__(self) -> Iterator[str | int]:
        return iter((self.name, self.start, self.end))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ModuleReference) and tuple(self) == tuple(other)

    def __repr__(self) -> str:
        return f"ModuleReference({self.name!r}, {self.start}, {self.end})"


def source_module(route: str) -> ModuleReference | None:
    """The module of the route's `FROM /messages/modules/<module>` source, or None.
    edgeHub matches sources case-insensitively (BaseMessageSource.Match)."""
    start = _FROM.match(route)
    source = _SOURCE_MODULE.match(route, start.end()) if start is not None else None
    if source is None or source.group(1) == "*":
        return None
    return ModuleReference(source.group(1), source.start(1), source.end(1))


def sink_module(route: str) -> ModuleReference | None:
    """The module of the route's `INTO BrokeredEndpoint(...)` sink, or None. edgeHub looks the
    module's connection up by its exact name (ConnectionManager)."""
    sink = _SINK.search(route)
    if sink is None:
        return None
    group = 1 if sink.group(1) is not None else 2
    return _endpoint_module(sink.group(group), sink.start(group))


def _endpoint_module(address: str, offset: int) -> ModuleReference | None:
    """The module of a BrokeredEndpoint address `/modules/<module>/inputs/<input>`."""
    stripped = address.strip()
    offset += len(address) - len(address.lstrip())
    if stripped.startswith("/"):
        stripped, offset = stripped[1:], offset + 1
    if stripped.endswith("/"):
        stripped = stripped[:-1]
    parts = stripped.split("/")
    if len(parts) != 4 or not parts[1]:
        return None
    start = offset + len(parts[0]) + 1
    return ModuleReference(parts[1], start, start + len(parts[1]))
