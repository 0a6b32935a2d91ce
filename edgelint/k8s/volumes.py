"""Pod volumes, the module container's mounts and PersistentVolumeClaims from Binds, Mounts and
`k8s-experimental.volumes` (KubernetesDeploymentMapper.CollectModuleVolumes,
KubernetesPvcMapper)."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_bool, json_text
from edgelint.edgeagent.names import sanitize_dns_label
from edgelint.edgeagent.volumes import (
    AGENT_VOLUME_NAME,
    VolumeSource,
    collect_module_volumes,
    mount_kind,
    null_mount_fields,
    shared_volume,
)
from edgelint.k8s.model import MOUNT_ERROR, NAME_ERROR, READ_ERROR, K8sObject, known
from edgelint.k8s.settings import AGENT_CONFIG_MAP, AGENT_CONFIG_PATH, OWNER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from edgelint.k8s.model import ModuleMapping
    from edgelint.source.nodes import Node


def mapped_volume_sources(mapping: ModuleMapping) -> list[VolumeSource]:
    """The module's volume sources in the agent's order; a mount with a missing or null Type,
    Source or Target makes the agent throw."""
    sources, incomplete = collect_module_volumes(mapping.module)
    for mount in incomplete:
        mapping.fail("EL003", MOUNT_ERROR, f"a mount has no {' or '.join(null_mount_fields(mount))}", mount)
    return sources


def volume_name(mapping: ModuleMapping, source: VolumeSource) -> str | None:
    """KubeUtils.SanitizeDNSLabel of the source (its placeholder, as written, when unknown)."""
    if not known(source.source):
        return str(source.source)
    name = sanitize_dns_label(str(source.source))
    if name is None:
        mapping.fail("EL030", NAME_ERROR, f"`{source.source}` gives no valid volume name", source.node)
    return name


def pod_volumes(mapping: ModuleMapping) -> tuple[list[Any], list[dict[str, Any]]]:
    """(pod volumes of the module, the module container's volume mounts).

    Sources with the same name share one volume, each keeps its own mount: the volume is the
    first read-write claim of the group if there is one, else the first (so a host path can
    silently mount a claim, or another host path). k8s-experimental volumes are added as they
    are, even when a name is taken (the API then rejects the pod)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    mounts: list[dict[str, Any]] = []
    if mapping.is_agent:
        config_map = {"name": AGENT_CONFIG_MAP, "optional": True}
        groups[AGENT_VOLUME_NAME] = [{"name": AGENT_VOLUME_NAME, "configMap": config_map}]
        mounts.append({"name": AGENT_VOLUME_NAME, "mountPath": AGENT_CONFIG_PATH, "readOnly": True})
    for source in mapped_volume_sources(mapping):
        name = volume_name(mapping, source)
        if name is None:
            continue
        if source.kind == "bind":
            # Also a Docker named volume (`myvol:/data`): a host path relative to the kubelet
            # (that Kubernetes accepts it is inferred).
            volume = {"name": name, "hostPath": {"path": source.source, "type": "DirectoryOrCreate"}}
        else:
            volume = {"name": name, "persistentVolumeClaim": {"claimName": name, "readOnly": source.read_only}}
        groups.setdefault(name, []).append(volume)
        mounts.append({"name": name, "mountPath": source.target, "readOnly": source.read_only})
    volumes = [shared_volume(group, _read_write_claim) for group in groups.values()]
    extra_volumes, extra_mounts = _experimental_volumes(mapping)
    return volumes + extra_volumes, mounts + extra_mounts


def _read_write_claim(volume: dict[str, Any]) -> bool:
    claim = volume.get("persistentVolumeClaim")
    return claim is not None and claim["readOnly"] is False


def _experimental_volumes(mapping: ModuleMapping) -> tuple[list[Any], list[dict[str, Any]]]:
    """k8s-experimental.volumes: each `{volume, volumeMounts}` entry copied as written."""
    entries = mapping.option("volumes")
    volumes: list[Any] = []
    mounts: list[dict[str, Any]] = []
    for entry in entries.value if entries is not None else ():
        if not entry.is_object:
            mapping.fail("EL026", READ_ERROR, "a k8s-experimental.volumes entry is not an object", entry)
            continue
        volume = entry.get_ci("volume")
        if volume is not None and volume.value is not None:
            volumes.append(volume.to_python())
        entry_mounts = entry.get_ci("volumeMounts")
        if entry_mounts is not None and entry_mounts.is_array:
            mounts.extend(_volume_mount(mount) for mount in entry_mounts.value if mount.is_object)
    return volumes, mounts


# The members of a V1VolumeMount. Json.NET matches them in any case, drops other members and
# reads `"readOnly": "false"` (as the iotedge documentation writes it) as false.
_VOLUME_MOUNT_FIELDS = ("name", "mountPath", "mountPropagation", "readOnly", "subPath", "subPathExpr")


def _volume_mount(node: Node) -> dict[str, Any]:
    mount: dict[str, Any] = {}
    for field in _VOLUME_MOUNT_FIELDS:
        value = node.get_ci(field)
        if value is not None and value.value is not None:
            mount[field] = json_bool(value.value) if field == "readOnly" else json_text(value.value)
    return mount


def claims(mapping: ModuleMapping) -> list[K8sObject]:
    """The PersistentVolumeClaims the agent creates for the module's Mounts of type volume,
    only when it has a storage class (KubernetesPvcMapper.ShouldCreatePvc)."""
    settings = mapping.settings
    if settings.storage_class is None:
        return []
    objects: list[K8sObject] = []
    for mount in mapping.module.mounts():
        if mount_kind(_value(mount.get_ci("Type"))) != "volume":
            continue
        source = mount.get_ci("Source")
        read_only_node = mount.get_ci("ReadOnly")
        if source is None or source.value is None:
            mapping.fail("EL003", NAME_ERROR, "a volume mount has no Source to name its claim", mount)
            continue
        name = volume_name(mapping, VolumeSource("volume", json_text(source.value), None, False, mount, source))
        if name is None:
            continue
        read_only = read_only_node is not None and json_bool(read_only_node.value)
        spec: dict[str, Any] = {
            "accessModes": ["ReadOnlyMany" if read_only else "ReadWriteMany"],
            "resources": {"requests": {"storage": f"{settings.claim_size_mb}Mi"}},
            "storageClassName": settings.storage_class,
        }
        if settings.use_mount_source_for_volume_name:
            spec["volumeName"] = name
        body: dict[str, Any] = {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": mapping.metadata(ownerReferences=[dict(OWNER)]),
            "spec": spec,
        }
        body["metadata"]["name"] = name
        objects.append(K8sObject(body, source, [mount], [mapping.module.name]))
    return objects


def _value(node: Node | None) -> Any:
    return node.value if node is not None else None
