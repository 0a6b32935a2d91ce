"""EL029 manifest-schema: The manifest violates the IoT Edge deployment schema (opt-in: needs jsonschema)."""

from __future__ import annotations

import functools
import json
import os
import re

from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas")

_BASE_URI = "https://json.schemastore.org/"

_DESIRED = "properties.desired"

_REJECTED = "so tools that validate deployments, such as the az CLI, reject the manifest"


def choose_schema(manifest: Manifest, modules_content: Node) -> str:
    """The schema file for a manifest: the template schema a `$schema-template` declares;
    else a template schema when some createOptions is an object (only templates have those),
    a deployment schema otherwise; schemaVersion 1.0 or 1.1 of $edgeAgent picks between them,
    and edgeHub 1.2 needs the newest template schema, the only one that knows it."""
    declared = _text(manifest.root.get("$schema-template")) or _text(_content(manifest.root).get("$schema-template"))
    major = declared.split(".", 1)[0] if declared else ""
    if major in ("1", "2", "3", "4"):
        return f"azure-iot-edge-deployment-template-{major}.0.json"
    agent = _version(modules_content, "$edgeAgent")
    hub = _version(modules_content, "$edgeHub")
    if hub == "1.2":
        return "azure-iot-edge-deployment-template-4.0.json"
    if any(len(module.chunks) == 1 and module.chunks[0][2].is_object for module in manifest.modules):
        return f"azure-iot-edge-deployment-template-{'1.0' if agent == '1.0' else '2.0'}.json"
    return "azure-iot-edge-deployment-1.0.json" if agent == "1.0" else "azure-iot-edge-deployment-2.0.json"


def _text(node: Node | None) -> str | None:
    return node.value if node is not None and node.is_string else None


def _content(root: Node) -> Node:
    content = root.get("content")
    return content if content is not None and content.is_object else root


def _version(modules_content: Node, twin_name: str) -> str | None:
    twin = modules_content.get(twin_name)
    desired = twin.get(_DESIRED) if twin is not None else None
    version = desired.get("schemaVersion") if desired is not None else None
    return str(version.value) if version is not None and version.value is not None else None


def modules_content(manifest: Manifest) -> Node | None:
    """The node the schemas describe as `modulesContent`, or None for manifests they do not
    describe: layered deployments (`properties.desired.…` paths) and bare module twins."""
    if manifest.layout in ("agent-twin", "hub-twin"):
        return None
    for twin in (manifest.agent, manifest.hub):
        if twin is not None and any(key.startswith(_DESIRED + ".") for key, _ in twin.items()):
            return None
    if manifest.layout == "twins":
        return manifest.root
    content = _content(manifest.root)
    node = content.get("modulesContent") or content.get("moduleContent")
    return node if node is not None and node.is_object else None


@functools.cache
def _registry() -> Any:
    """Every shipped schema under its schemastore.org address, so `$ref`s resolve offline."""
    from referencing import Registry, Resource

    resources = []
    for name in sorted(os.listdir(SCHEMA_DIR)):
        if name.endswith(".json"):
            with open(os.path.join(SCHEMA_DIR, name), encoding="utf-8") as handle:
                resources.append((_BASE_URI + name, Resource.from_contents(json.load(handle))))
    return Registry().with_resources(resources)


@functools.cache
def _validator(schema_name: str) -> Any:
    """A validator of `modulesContent` for one schema file."""
    import jsonschema

    registry = _registry()
    target = registry[_BASE_URI + schema_name].contents
    schema = {"$schema": target["$schema"], "$ref": f"{_BASE_URI}{schema_name}#/properties/modulesContent"}
    return jsonschema.validators.validator_for(target)(schema, registry=registry)


@rule(
    "EL029",
    "manifest-schema",
    "error",
    "The manifest violates the IoT Edge deployment schema (opt-in: needs jsonschema).",
    tags=("manifest", "schema"),
    default=False,
)
def manifest_schema(manifest: Manifest) -> Iterator[Problem]:
    root = modules_content(manifest)
    if root is None:
        return
    schema_name = choose_schema(manifest, root)
    label = schema_name[: -len(".json")]
    missing_reported: set[int] = set()
    for error in _validator(schema_name).iter_errors(root.to_python()):
        node = _node_at(root, error.absolute_path)
        if error.validator == "additionalProperties":
            for key in _unexpected_keys(error):
                if not has_placeholder(key):
                    yield Problem(
                        node.value[key],
                        f"The IoT Edge deployment schema ({label}) does not allow `{key}` here, {_REJECTED}; "
                        f"remove or rename it.",
                        on_key=True,
                    )
        elif error.validator == "required":
            if id(node) in missing_reported:
                continue  # jsonschema gives one error per missing member; all are reported at once
            missing_reported.add(id(node))
            for missing in (name for name in error.validator_value if name not in error.instance):
                yield Problem(
                    node,
                    f"The IoT Edge deployment schema ({label}) requires `{missing}` here, {_REJECTED}; add it.",
                    on_key=True,
                )
        elif not (isinstance(error.instance, str) and has_placeholder(error.instance)):
            yield Problem(
                node,
                f"The IoT Edge deployment schema ({label}) does not allow this value ({_detail(error)}), "
                f"{_REJECTED}; correct it.",
            )


def _node_at(root: Node, path: Iterable[str | int]) -> Node:
    """The node at a jsonschema `absolute_path` below `root`."""
    node = root
    for part in path:
        node = node.value[part]  # a member name of an object, an index of an array
    return node


def _unexpected_keys(error: Any) -> list[str]:
    """The members an `additionalProperties: false` schema does not list or match."""
    known = error.schema.get("properties", {})
    patterns = error.schema.get("patternProperties", {})
    return [key for key in error.instance if key not in known and not any(re.search(p, key) for p in patterns)]


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


def _detail(error: Any) -> str:
    value = error.instance
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        found = _JSON_TYPES.get(type(value), "a number")
        return f"expected {' or '.join(expected)}, found {found}"
    if error.validator == "enum":
        return f"`{value}` is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "pattern":
        return f"`{value}` does not match `{error.validator_value}`"
    return error.message if len(error.message) <= 120 else error.message[:117] + "..."
