"""Binds and Mounts as KubernetesDeploymentMapper.CollectModuleVolumes turns them into volumes."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_bool, json_text
from edgelint.edgeagent.memo import once_per_module

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TypeVar

    from edgelint.manifest import Module
    from edgelint.source.nodes import Node

    _T = TypeVar("_T")


# Pod volumes the Helm chart gives every module pod (the proxy sidecar's ConfigMaps) and,
# in edgeAgent's pod, its configuration.
PROXY_VOLUME_NAMES = ("config-volume", "trust-bundle-volume")

AGENT_VOLUME_NAME = "agent-config-volume"


def mount_kind(mount_type: object) -> str | None:
    """How KubernetesDeploymentMapper.CollectModuleVolumes treats a HostConfig.Mounts Type
    (compared case-insensitively): 'bind' (hostPath), 'volume' (PersistentVolumeClaim),
    or None for every other type, which is silently ignored."""
    kind = mount_type.lower() if isinstance(mount_type, str) else None
    return kind if kind in ("bind", "volume") else None


def split_bind(bind: str) -> tuple[str, str, bool] | None:
    """A HostConfig.Binds entry `src:dst[:mode]` as KubernetesDeploymentMapper splits it:
    a plain split on ':'. Returns (source, target, read_only) or None when it is dropped."""
    parts = bind.split(":")
    if len(parts) < 2:
        return None
    read_only = len(parts) > 2 and "ro" in parts[2]
    return parts[0], parts[1], read_only


def reserved_volume_names(module_name: str) -> tuple[str, ...]:
    """Pod volume names a module's own volumes must not reuse (the pod would have two)."""
    names = PROXY_VOLUME_NAMES
    return names + (AGENT_VOLUME_NAME,) if module_name == "edgeAgent" else names


MOUNT_FIELDS = ("Type", "Source", "Target")


def null_mount_fields(mount: Node) -> list[str]:
    """KubernetesDeploymentMapper.CollectModuleVolumes: the fields of a HostConfig.Mounts entry
    (an object node) that are missing or null. For such a mount, of any type, the agent throws
    InvalidMountException ("Type, Source, and Target required for all mounts"). An empty string
    is not null: it does not throw here (see empty_mount_fields)."""
    missing: list[str] = []
    for name in MOUNT_FIELDS:
        node = mount.get_ci(name)
        if node is None or node.value is None:
            missing.append(name)
    return missing


def empty_mount_fields(mount: Node) -> list[str]:
    """The fields of a HostConfig.Mounts entry that are the empty string. An empty Type is no
    known type, so the mount is silently dropped; for a bind or volume mount an empty Source
    makes KubeUtils.SanitizeDNSLabel throw, and an empty Target becomes an empty mountPath,
    which the API server rejects for the module's Deployment."""
    return [name for name in MOUNT_FIELDS if _is_empty(mount.get_ci(name))]


def _is_empty(node: Node | None) -> bool:
    return node is not None and node.value == ""


def shared_volume(group: Sequence[_T], read_write_claim: Callable[[_T], bool]) -> _T:
    """KubernetesDeploymentMapper.CollectModuleVolumes: of the pod volumes that share one name
    (in the agent's order), the one the pod gets: the first read-write PersistentVolumeClaim
    when `read_write_claim` finds one ("If we have a mix of rw and ro mounts, choose rw"), else
    the first. Every mount of the group then shows that volume."""
    return next((volume for volume in group if read_write_claim(volume)), group[0])


class VolumeSource:
    """One Binds entry, or Mounts entry of type bind or volume, as the agent reads it. `node`
    is the bind string or the mount object; `source_node` and `part` locate the source (the
    characters of a bind string, or a mount's Source value)."""

    __slots__ = ("kind", "source", "target", "read_only", "node", "source_node", "part")

    kind: str | None
    source: str | None
    target: str | None
    read_only: bool
    node: Node
    source_node: Node
    part: tuple[int, int] | None

    def __init__(
        self,
        kind: str | None,
        source: str | None,
        target: str | None,
        read_only: bool,
        node: Node,
        source_node: Node,
        part: tuple[int, int] | None = None,
    ) -> None:
        self.kind = kind  # 'bind' (hostPath) or 'volume' (PersistentVolumeClaim)
        self.source = source
        self.target = target
        self.read_only = read_only
        self.node = node
        self.source_node = source_node
        self.part = part

    @property
    def read_write_claim(self) -> bool:
        return self.kind == "volume" and not self.read_only


@once_per_module
def collect_module_volumes(module: Module) -> tuple[list[VolumeSource], list[Node]]:
    """KubernetesDeploymentMapper.CollectModuleVolumes: (sources, incomplete mounts). Sources
    come in the order the agent adds them: Binds, then Mounts of type bind, then Mounts of
    type volume; other mount types (tmpfs, npipe, an empty Type) are dropped. A mount with a
    missing or null Type, Source or Target makes the agent throw: those are returned apart."""
    sources: list[VolumeSource] = []
    mounts: list[VolumeSource] = []
    incomplete: list[Node] = []
    for bind in module.binds():
        parsed = split_bind(bind.value)
        if parsed is not None:
            sources.append(VolumeSource("bind", *parsed, bind, bind, (0, len(parsed[0]))))
    for mount in module.mounts():
        type_node, source, target = mount.get_ci("Type"), mount.get_ci("Source"), mount.get_ci("Target")
        if type_node is None or source is None or target is None or null_mount_fields(mount):
            incomplete.append(mount)
            continue
        read_only = mount.get_ci("ReadOnly")
        mounts.append(
            VolumeSource(
                mount_kind(type_node.value),
                json_text(source.value),
                json_text(target.value),
                json_bool(read_only.value) if read_only is not None else False,
                mount,
                source,
            )
        )
    for kind in ("bind", "volume"):
        sources.extend(mount for mount in mounts if mount.kind == kind)
    return sources, incomplete
