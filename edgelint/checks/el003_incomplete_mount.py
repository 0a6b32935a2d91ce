"""EL003 incomplete-mount: A HostConfig.Mounts entry with a missing, null or empty Type, Source or Target, or a bind with an empty path."""

from __future__ import annotations

from edgelint.edgeagent.volumes import empty_mount_fields, mount_kind, null_mount_fields, split_bind
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node


@rule(
    "EL003",
    "incomplete-mount",
    "error",
    "A HostConfig.Mounts entry with a missing, null or empty Type, Source or Target, or a bind with an empty path.",
    tags=("storage",),
)
def incomplete_mount(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        for bind in module.binds():
            parsed = split_bind(bind.value)
            if parsed is None or has_placeholder(bind.value):
                continue  # EL002 reports a bind without ':'
            if parsed[0] == "":
                yield Problem(
                    bind,
                    f"The bind `{bind.value}` has no host path: the agent names the pod volume after it "
                    f"(KubeUtils.SanitizeDNSLabel), which throws for an empty name, and then no module of the "
                    f"deployment is updated; write the host directory before the ':'.",
                )
            if parsed[1] == "":
                yield Problem(
                    bind,
                    f"The bind `{bind.value}` has no container path: it becomes an empty mountPath, which Kubernetes "
                    f"requires, so the API server rejects this module's Deployment and the module is not updated; "
                    f"write the path in the container after the ':'.",
                )
        for mount in module.mounts():
            missing = null_mount_fields(mount)
            if missing:
                yield _missing_fields_problem(mount, missing)
                continue
            type_node, source, target = mount.get_ci("Type"), mount.get_ci("Source"), mount.get_ci("Target")
            if type_node is None or source is None or target is None:
                continue  # (null_mount_fields names them)
            empty = empty_mount_fields(mount)
            if "Type" in empty:
                yield Problem(
                    type_node,
                    "This mount's Type is empty: Kubernetes IoT Edge maps only mounts of type bind and volume and "
                    "silently drops any other, so the container starts without this mount; set Type to `bind` or "
                    "`volume`.",
                    level="warning",
                )
                continue
            kind = mount_kind(type_node.value)
            if kind is None:
                continue  # dropped whatever its Source and Target are
            if "Source" in empty:
                what = "an Edge share" if kind == "volume" else "a host directory"
                yield Problem(
                    source,
                    f"This {kind} mount's Source is empty: the agent names the pod volume after the Source "
                    f"(KubeUtils.SanitizeDNSLabel), which throws for an empty name, and then no module of the "
                    f"deployment is updated; set Source to {what}.",
                )
            if "Target" in empty:
                yield Problem(
                    target,
                    f"This {kind} mount's Target is empty: it becomes an empty mountPath, which Kubernetes requires, "
                    f"so the API server rejects this module's Deployment and the module is not updated; set Target "
                    f"to the path in the container.",
                )


def _missing_fields_problem(mount: Node, missing: list[str]) -> Problem:
    nulls = [node for name in missing if (node := mount.get_ci(name)) is not None]
    node = nulls[0] if len(missing) == 1 and nulls else mount
    hint = ""
    if "Target" in missing and mount.get_ci("Destination") is not None:
        hint = " (`Destination`, as docker inspect shows it, is `Target` here)"
    return Problem(
        node,
        f"This mount has no {_join(missing)}{hint}: the agent throws InvalidMountException for a mount whose Type, "
        f"Source or Target is missing or null, and then no module of the deployment is updated; add "
        f"{_join(missing)}.",
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
