"""EL028 unsupported-schema-version: A $edgeAgent or $edgeHub schemaVersion the runtime on Azure Stack Edge (1.1.0) rejects."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_number_text
from edgelint.edgeagent.versions import (
    SUPPORTED_SCHEMA_VERSION,
    format_version,
    parse_schema_version,
    schema_version_supported,
)
from edgelint.manifest import AGENT, HUB
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node

_SUPPORTED = format_version(SUPPORTED_SCHEMA_VERSION)


def _schema_versions(manifest: Manifest) -> Iterator[tuple[str, Node]]:
    for name, desired in ((AGENT, manifest.agent_desired), (HUB, manifest.hub_desired)):
        node = desired.get("schemaVersion") if desired is not None else None
        if node is not None and not has_placeholder(node.value):
            yield name, node


@rule(
    "EL028",
    "unsupported-schema-version",
    "error",
    "A $edgeAgent or $edgeHub schemaVersion the runtime on Azure Stack Edge (1.1.0) rejects.",
    tags=("manifest",),
)
def unsupported_schema_version(manifest: Manifest) -> Iterator[Problem]:
    for name, node in _schema_versions(manifest):
        version = parse_schema_version(node.value)
        if version is None:
            yield Problem(
                node,
                f"{_shown(node.value)} is not a schema version {name} can read (two to four numbers separated by "
                f'dots, such as `1.1`): the runtime rejects the deployment; write `"1.1"`.',
            )
        elif version[0] != SUPPORTED_SCHEMA_VERSION[0]:
            yield Problem(
                node,
                f"{name} schema version {_shown(node.value)} has major version {version[0]}, but the IoT Edge runtime "
                f"on Azure Stack Edge reads only major version {SUPPORTED_SCHEMA_VERSION[0]}: the deployment is "
                f'rejected; use `"1.1"`.',
            )
        elif not schema_version_supported(version):
            yield Problem(
                node,
                f"{name} schema version {_shown(node.value)} is above {_SUPPORTED}, the highest the IoT Edge runtime "
                f"on Azure Stack Edge accepts (it compares the whole version, so `1.1.1` and `1.1.0.0` are above it "
                f'too): the deployment is rejected; use `"1.1"` and drop what needs the newer schema.',
            )


def _shown(value: object) -> str:
    """The value as the runtime reads it into its string, in backticks."""
    if value is None:
        return "`null`"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"`{json_number_text(value)}`"
    return f"`{value}`" if isinstance(value, str) else "This value"
