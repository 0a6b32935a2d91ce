"""EL031 twin-size-limit: Desired properties over IoT Hub's twin limits: 32 KB in all, 4 KB per string, 10 levels deep."""

from __future__ import annotations

import json

from edgelint.checks.helpers.manifest_limits import MAX_STRING_BYTES
from edgelint.manifest import AGENT, HUB
from edgelint.rule import Problem, rule
from edgelint.source.nodes import ARRAY, OBJECT, STRING

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.json_spans import Extremes
    from edgelint.source.nodes import Node

_DESIRED = "properties.desired"

# IoT Hub's limits on a module twin's desired properties (iot-edge-limits-and-restrictions,
# iot-hub-devguide-device-twins).
MAX_DESIRED_BYTES = 32 * 1024

MAX_DEPTH = 10


class TwinPart:
    """Desired properties of one twin as the file holds them: the `properties.desired` object
    (level 0) or a layered `properties.desired.a.b` member (level 2: below `a` and `b`...)."""

    __slots__ = ("node", "level")

    node: Node
    level: int

    def __init__(self, node: Node, level: int) -> None:
        self.node = node
        self.level = level


def twins(manifest: Manifest) -> list[tuple[str, Node, list[TwinPart]]]:
    """(twin name, node whose key names it, [TwinPart]) for every twin of the deployment."""
    if manifest.layout in ("agent-twin", "hub-twin"):
        desired = manifest.agent_desired if manifest.agent_desired is not None else manifest.hub_desired
        if desired is None:  # (the layout says one of them is there)
            return []
        return [(AGENT if manifest.agent_desired is not None else HUB, desired, [TwinPart(desired, 0)])]
    found: list[tuple[str, Node, list[TwinPart]]] = []
    for name, twin in [(AGENT, manifest.agent), (HUB, manifest.hub), *manifest.twins.items()]:
        if twin is None or not twin.is_object:
            continue
        parts: list[TwinPart] = []
        for key, node in twin.items():
            if key == _DESIRED:
                parts.append(TwinPart(node, 0))
            elif key.startswith(_DESIRED + "."):
                parts.append(TwinPart(node, key.count(".") - 1))
        if parts:
            found.append((name, twin.get(_DESIRED) or twin, parts))
    return found


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _bytes(text: str) -> int:
    if text.isascii():  # a flag of the string: no pass over it
        return len(text)
    # a lone surrogate (a JSON escape such as \ud800) counts as the three bytes it takes
    return len(text.encode("utf-8", "surrogatepass"))


def template_create_options(manifest: Manifest) -> list[Node]:
    """The createOptions written as objects (deployment templates), which the IoT Edge tools
    deploy as strings."""
    return [m.chunks[0][2] for m in manifest.modules if len(m.chunks) == 1 and m.chunks[0][2].is_object]


def deployed_size(parts: list[TwinPart], stringified: list[Node], json_text: str | None = None) -> int:
    """Bytes of the desired properties as compact JSON, with the template createOptions
    objects in `stringified` counted as the strings the IoT Edge tools deploy. `json_text`
    is the file's text when it is JSON: values are then read from it by the C decoder."""

    def plain(node: Node) -> object:
        if json_text is not None and node.origin is None:
            return json.loads(json_text[node.start : node.end])
        return node.to_python()

    total = sum(_bytes(_compact(plain(part.node))) for part in parts)
    inside = {id(part.node) for part in parts}
    for node in stringified:
        if any(id(ancestor) in inside for ancestor in _ancestors(node)):
            as_object = _compact(plain(node))
            total += _bytes(json.dumps(as_object, ensure_ascii=False)) - _bytes(as_object)
    return total


def size_bound(parts: list[TwinPart], stringified: list[Node], json_text: str, floats: int) -> int:
    """At least `deployed_size`, counted from the JSON text (a few C-level passes) and the
    number of float literals in it."""
    total = compact_bound([json_text[part.node.start : part.node.end] for part in parts], floats)
    return total + sum(quoting_bound(json_text[node.start : node.end]) for node in stringified)


# The longest text Python writes for a float (-2.2250738585072014e-308) beyond the shortest
# float literal JSON has (1e5, 0.0)
_FLOAT_GROWTH = 24 - 3


def compact_bound(texts: list[str], floats: int) -> int:
    """At least the bytes of the compact JSON of the values that `texts` hold, with at most
    `floats` float literals among them: compact JSON writes a string's characters as they
    are, or escaped where the file must escape them too, and numbers as the file does but
    floats, which may come out longer (1e5 is 100000.0)."""
    return sum(_bytes(text) for text in texts) + _FLOAT_GROWTH * floats


def quoting_bound(text: str) -> int:
    """At least the bytes that writing the compact JSON of the value `text` holds as a JSON
    string adds: its two quotes and a backslash before each `"` and `\\`, which the compact
    text holds at most twice as many of as `text` (where the file writes \\u0022, it writes
    \\")."""
    return 2 + 2 * (text.count('"') + text.count("\\"))


def _ancestors(node: Node | None) -> Iterator[Node]:
    while node is not None:
        yield node
        node = node.parent


def _nodes(parts: list[TwinPart], skip: set[int]) -> Iterator[tuple[Node, int]]:
    """The nodes of the desired properties that can break a limit, with their object nesting
    level, in document order, without the subtrees in `skip` (template createOptions,
    deployed as strings): objects nested too deep and strings long enough to be too long.
    Every node is visited, so the loop stays lean."""
    stack = [(part.node, part.level) for part in reversed(parts)]
    pop, push = stack.pop, stack.append
    while stack:
        node, level = pop()
        if id(node) in skip:
            continue
        kind = node.kind
        if kind == OBJECT:
            if level > MAX_DEPTH:
                yield node, level
            level += 1
            for child in reversed(node.value.values()):
                push((child, level))
        elif kind == ARRAY:
            for child in reversed(node.value):
                push((child, level))
        elif kind == STRING and len(node.value) * 4 > MAX_STRING_BYTES:
            yield node, level


def _may_break_limits(parts: list[TwinPart], extremes: Extremes) -> bool:
    """Whether the desired properties can hold a string or an object over the limits, given
    the document's longest string and deepest nesting. A part is a member of a twin object,
    itself a member of the root at least, so the part is nested three containers deep or more;
    below it, an object's level grows by one for each container it is nested in at most."""
    if extremes.string_length * 4 > MAX_STRING_BYTES:
        return True
    return max(part.level for part in parts) + extremes.nesting - 3 > MAX_DEPTH


def _too_long(text: str) -> bool:
    # a character takes at most 4 bytes in UTF-8: most strings need no encoding
    return len(text) * 4 > MAX_STRING_BYTES and _bytes(text) > MAX_STRING_BYTES


@rule(
    "EL031",
    "twin-size-limit",
    "warning",
    "Desired properties over IoT Hub's twin limits: 32 KB in all, 4 KB per string, 10 levels deep.",
    tags=("manifest",),
)
def twin_size_limit(manifest: Manifest) -> Iterator[Problem]:
    stringified = template_create_options(manifest)
    stringified_ids = {id(node) for node in stringified}
    chunk_strings = {id(node) for m in manifest.modules for _, _, node in m.chunks if node.is_string}
    # The deployed JSON is at most four times the file (YAML to JSON, then a template's
    # createOptions escaped into a string, each at most double): small files need no measuring.
    measure = 4 * _bytes(manifest.file_text) > MAX_DESIRED_BYTES
    json_text = manifest.file_text if manifest.format == "json" else None
    extremes = manifest.extremes
    for name, anchor, parts in twins(manifest):
        size = 0
        if measure and (
            json_text is None
            or extremes is None
            or size_bound(parts, stringified, json_text, extremes.floats) > MAX_DESIRED_BYTES
        ):
            size = deployed_size(parts, stringified, json_text)
        if size > MAX_DESIRED_BYTES:
            yield Problem(
                anchor,
                f"The desired properties of {name} come to {size:,} bytes once deployed, over IoT Hub's limit of "
                f"{MAX_DESIRED_BYTES:,} for a module twin: the deployment is rejected; shorten it or split it into "
                f"layered deployments.",
                on_key=True,
            )
        if extremes is not None and not _may_break_limits(parts, extremes):
            continue
        too_deep = None
        for node, level in _nodes(parts, stringified_ids):
            if node.kind == OBJECT and level > MAX_DEPTH and too_deep is None:
                too_deep = node
            elif node.is_string and id(node) not in chunk_strings and _too_long(node.value):
                yield Problem(
                    node,
                    f"This string has {_bytes(node.value):,} bytes, over IoT Hub's limit of {MAX_STRING_BYTES:,} "
                    f"for a twin value: the deployment is rejected; shorten it or move the data out of the twin.",
                )
        if too_deep is not None:
            yield Problem(
                too_deep,
                f"The desired properties of {name} nest objects more than {MAX_DEPTH} levels deep here, more than "
                f"IoT Hub allows in a twin: the deployment is rejected; flatten this setting.",
                on_key=True,
            )
