"""How edgeAgent's Json.NET reads a JSON value into the typed .NET models of the Kubernetes C#
client (`JToken.ToObject<V1PodSecurityContext>()` and alike, in
KubernetesExperimentalCreatePodParameters), so that rules and the `k8s` preview can tell where it
throws. The types of the fields come from edgelint/k8s_api_types.json, generated from the
Kubernetes OpenAPI schemas by tests/tools/generate_k8s_types.py and loaded only when a module has
`k8s-experimental` options.

What Json.NET (12.0) does with a value of another JSON type, per .NET type:

- string: a number or boolean becomes its text (`5`, `True`); an object or list throws.
- Int32 (ReadAsInt32): a number is converted (out of range throws); a string is parsed with
  Int32.TryParse (white space and a sign allowed; `""` is null; anything else throws); a
  boolean throws.
- Int64: a number is converted; a string is parsed with Int64.Parse (`""` is null; anything
  else throws); a boolean is not modelled (Convert.ChangeType makes it 1 or 0).
- Boolean (ReadAsBoolean): a number is true unless 0; a string is parsed with Boolean.TryParse
  (`true`/`false` in any case, white space allowed; `""` is null; anything else throws).
- lists, maps and objects: any other JSON type throws; object members match field names in
  any case, unknown members are ignored.
- null is fine everywhere (the fields are nullable).
"""

from __future__ import annotations

import functools
import json
import os

from edgelint.edgeagent.create_options import K8S_OPTION_KINDS, json_text
from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

    from edgelint.source.nodes import Node

    # a type name, a scalar name, or ["list" | "map", descriptor]
    Descriptor = str | list[Any]

_TYPES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "k8s_api_types.json")
_INTEGER = lazy_compile(r"[\t\n\v\f\r ]*([-+]?[0-9]+)[\t\n\v\f\r ]*")
_BOOLEAN = lazy_compile(r"\s*(?i:true|false)\s*")
_RANGES = {"int32": 2**31, "int64": 2**63}
_OBJECT_WANTED = {"KubernetesModuleVolumeSpec": "an object with volume and volumeMounts"}
# Free-form values, and IntOrString, whose converter in the Kubernetes C# client reads any token
# (EL026's strategy checks judge maxSurge and maxUnavailable).
_UNMODELLED = ("any", "int-or-string")
_WANTED = {
    "string": "a string",
    "quantity": "a quantity string",
    "int32": "a whole number",
    "int64": "a whole number",
    "boolean": "true or false",
    "list": "a list",
    "map": "an object",
}


@functools.cache
def api_types() -> dict[str, Any]:
    """The vendored field types: {"roots": {role: type}, "types": {type: {field: descriptor}}}."""
    with open(_TYPES_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def root_type(role: str) -> Descriptor:
    """The Kubernetes type the agent reads a k8s-experimental option (or a volume's parts) as."""
    return api_types()["roots"][role]


class ReadError:
    """Where Json.NET throws: the node, its dotted path below the option, what was wanted, and
    the exception: the reader's own (JsonReaderException) where a ReadAsInt32, ReadAsBoolean
    or ReadAsString fails, the serializer's otherwise."""

    __slots__ = ("node", "path", "wanted", "exception")

    node: Node
    path: str
    wanted: str
    exception: str

    def __init__(self, node: Node, path: str, wanted: str, exception: str | None = None) -> None:
        self.node = node
        self.path = path
        self.wanted = wanted
        self.exception = exception or "JsonSerializationException"

    @property
    def message(self) -> str:
        return f"{self.path} must be {self.wanted}, and {_shown(self.node)} is not one"


def read_errors(node: Node, descriptor: Descriptor, path: str) -> Iterator[ReadError]:
    """Every place where reading `node` as `descriptor` (a type name, a scalar name, or
    ["list"|"map", descriptor]) throws, outermost first; below a throw nothing is read."""
    stack = [(node, descriptor, path)]
    while stack:
        node, descriptor, path = stack.pop()
        if node.value is None or descriptor in _UNMODELLED:
            continue
        if isinstance(descriptor, list):
            container, inner = descriptor
            if node.kind != ("array" if container == "list" else "object"):
                yield ReadError(node, path, _WANTED[container])
            elif container == "list":
                stack.extend((item, inner, f"{path}[{index}]") for index, item in reversed(list(enumerate(node.value))))
            else:
                stack.extend((value, inner, f"{path}.{key}") for key, value in reversed(list(node.items())))
        elif descriptor in _WANTED:
            if not scalar_reads(node, descriptor):
                reader = descriptor in ("int32", "boolean", "string")
                yield ReadError(node, path, _WANTED[descriptor], "JsonReaderException" if reader else None)
        elif node.kind != "object":
            yield ReadError(node, path, _OBJECT_WANTED.get(descriptor, "an object"))
        else:
            fields = api_types()["types"][descriptor]
            stack.extend(
                reversed(
                    [
                        (value, fields[field], f"{path}.{key}")
                        for key, value, field in _members(node, descriptor)
                        if field is not None
                    ]
                )
            )


def _members(node: Node, type_name: str) -> Iterator[tuple[str, Node, str | None]]:
    """(key, member node, field name or None) of an object node read as `type_name`: Json.NET
    matches the exact name first, else any casing; None for members it ignores."""
    fields = api_types()["types"][type_name]
    lowered = {name.lower(): name for name in fields}
    for key, value in node.items():
        yield key, value, key if key in fields else lowered.get(key.lower())


def scalar_reads(node: Node, descriptor: str) -> bool:
    """False where Json.NET throws reading this JSON value as the .NET scalar type."""
    if node.kind in ("object", "array"):
        return False
    value = node.value
    if descriptor in ("string", "quantity"):
        return True
    if descriptor == "boolean":
        return not isinstance(value, str) or value == "" or _BOOLEAN.fullmatch(value) is not None
    # int32, int64
    if isinstance(value, bool):
        return descriptor == "int64"
    if isinstance(value, str):
        if value == "":
            return True
        match = _INTEGER.fullmatch(value)
        if match is None:
            return False
        value = int(match.group(1))
    return -_RANGES[descriptor] <= value < _RANGES[descriptor] if isinstance(value, int) else True


def _shown(node: Node) -> str:
    if node.kind == "object":
        return "an object"
    if node.kind == "array":
        return "a list"
    if node.kind == "string":
        return f"`{node.value}`" if len(node.value) <= 40 else "this string"
    return f"`{json.dumps(node.value)}`"


# How KubernetesExperimentalCreatePodParameters.ParseParameters reads each option (ToObject<T>).
_OPTION_TYPES: dict[str, Descriptor] = {
    "nodeSelector": ["map", "string"],
    "volumes": ["list", "KubernetesModuleVolumeSpec"],
    "serviceOptions": "KubernetesServiceOptions",
}
_ENTRY = lazy_compile(r"volumes\[[0-9]+\]")


def _option_roots(options: Mapping[str, Node]) -> Iterator[tuple[Node, Descriptor, str]]:
    """(node, descriptor, path) of the options of a `k8s-experimental` section ({canonical
    name: node}, edgeagent.experimental_options) that have the right JSON shape (the shape
    itself is checked apart)."""
    for name, node in options.items():
        if node.kind == K8S_OPTION_KINDS[name]:
            yield node, _OPTION_TYPES.get(name) or root_type(name), name


def experimental_read_errors(options: Mapping[str, Node], entries: bool = True) -> Iterator[ReadError]:
    """Where ParseParameters throws on the options: each `ToObject<T>()`. `entries` False
    leaves out volumes entries that are no object."""
    for root in _option_roots(options):
        for error in read_errors(*root):
            if entries or not _ENTRY.fullmatch(error.path):
                yield error


def experimental_unknown_members(options: Mapping[str, Node]) -> Iterator[tuple[Node, str, str]]:
    """(member node, path, type name) for the members of the options that match no field of
    their type: Json.NET ignores them, so they are lost without a word."""
    for root in _option_roots(options):
        yield from unknown_members(*root)


def unknown_members(node: Node, descriptor: Descriptor, path: str) -> Iterator[tuple[Node, str, str]]:
    """(member node, path, type name) below `node` read as `descriptor`, where reading works."""
    stack = [(node, descriptor, path)]
    while stack:
        node, descriptor, path = stack.pop()
        if isinstance(descriptor, list):
            container, inner = descriptor
            if container == "list" and node.kind == "array":
                stack.extend((item, inner, f"{path}[{index}]") for index, item in reversed(list(enumerate(node.value))))
            elif container == "map" and node.kind == "object":
                stack.extend((value, inner, f"{path}.{key}") for key, value in reversed(list(node.items())))
            continue
        if node.kind != "object" or descriptor in _UNMODELLED or descriptor in _WANTED:
            continue
        fields = api_types()["types"][descriptor]
        found: list[tuple[Node, Descriptor, str]] = []
        for key, value, field in _members(node, descriptor):
            if field is None:
                yield value, f"{path}.{key}", descriptor
            else:
                found.append((value, fields[field], f"{path}.{key}"))
        stack.extend(reversed(found))


def model_value(node: Node, descriptor: Descriptor) -> object:
    """The value as the agent's model holds it after `ToObject<T>()` and as the Kubernetes
    client serialises it back: fields under their API names, unknown members and nulls
    dropped, strings read as numbers or booleans where the field is one, numbers and booleans
    as text where it is a string. For values that make Json.NET throw, the JSON as written."""
    if node.value is None:
        return None
    if descriptor in _UNMODELLED:
        return node.to_python()
    if isinstance(descriptor, list):
        container, inner = descriptor
        if container == "list" and node.kind == "array":
            return [model_value(item, inner) for item in node.value]
        if container == "map" and node.kind == "object":
            return {key: model_value(value, inner) for key, value in node.items()}
        return node.to_python()
    if descriptor in _WANTED:
        return _scalar_value(node, descriptor) if scalar_reads(node, descriptor) else node.to_python()
    if node.kind != "object":
        return node.to_python()
    fields = api_types()["types"][descriptor]
    found: dict[str, object] = {}
    for _, value, field in _members(node, descriptor):
        if field is not None:
            found[field] = model_value(value, fields[field])
    return {field: found[field] for field in fields if found.get(field) is not None}


def _scalar_value(node: Node, descriptor: str) -> object:
    value = node.value
    if descriptor in ("string", "quantity"):
        return json_text(value)
    if isinstance(value, str):
        if value == "":
            return None
        if descriptor == "boolean":
            return value.strip().lower() == "true"
        return int(_INTEGER.fullmatch(value).group(1))
    if descriptor == "boolean":
        return value != 0
    return round(value) if isinstance(value, float) else int(value)
