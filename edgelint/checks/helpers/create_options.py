"""Helpers shared by the create options rules.

createOptions rules: what the Kubernetes agent drops, cannot
read, or passes on to a Kubernetes API that rejects it.
"""

from __future__ import annotations

from edgelint.edgeagent.create_options import CONTAINER_ONLY_SECURITY_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.manifest import Module
    from edgelint.source.nodes import Node


def k8s_volume_entries(module: Module) -> list[Node]:
    """The entries of k8s-experimental.volumes (any JSON value; the agent wants objects)."""
    volumes = module.k8s_option("volumes")
    return volumes.value if volumes is not None and volumes.is_array else []


def entry_mounts(entry: Node) -> list[Node]:
    """The volumeMounts objects of one k8s-experimental.volumes entry."""
    mounts = entry.get_ci("volumeMounts")
    return [m for m in mounts.value if m.is_object] if mounts is not None and mounts.is_array else []


CONTAINER_ONLY_FIELDS = {field.lower() for field in CONTAINER_ONLY_SECURITY_FIELDS}

THROWS = "the agent cannot read it and no module of the deployment is updated"
