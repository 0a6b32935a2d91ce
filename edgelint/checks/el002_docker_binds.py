"""EL002 docker-binds: HostConfig.Binds, which Kubernetes IoT Edge turns into hostPath volumes; use Mounts."""

from __future__ import annotations

from functools import partial

from edgelint.checks.helpers.storage import known_volume_sources
from edgelint.edgeagent.names import sanitize_dns_label
from edgelint.edgeagent.volumes import split_bind
from edgelint.fixes.intents import Append, FixIntent, Remove, Rename, Replace, SetMember
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

_BINDS_UNSUPPORTED = (
    "Azure Stack Edge does not support Binds for Kubernetes modules (they become hostPath volumes on the "
    "Kubernetes VM); declare this in HostConfig.Mounts: type volume with an Edge share as Source, or type bind "
    "for a host directory."
)


@rule(
    "EL002",
    "docker-binds",
    "warning",
    "HostConfig.Binds, which Kubernetes IoT Edge turns into hostPath volumes; use Mounts.",
    fix="safe",
    tags=("storage",),
)
def docker_binds(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        binds = module.host_option("Binds")
        if binds is not None and binds.is_string and has_placeholder(binds.value):
            yield Problem(binds, _BINDS_UNSUPPORTED, on_key=True)  # a placeholder for the whole list
        for bind in module.binds():
            parsed = split_bind(bind.value)
            if parsed is None and has_placeholder(bind.value):
                yield Problem(bind, _BINDS_UNSUPPORTED)  # a bind all the same, whatever it binds
                continue
            if parsed is None:
                yield Problem(
                    bind,
                    f"`{bind.value}` has no container path: Kubernetes IoT Edge silently drops a bind "
                    f"without ':'; declare the mount in HostConfig.Mounts with Source and Target.",
                )
                continue
            source = parsed[0]
            fix = partial(_binds_to_mounts, module, bind)  # planned only when a report or --fix needs it
            if has_placeholder(source) or source.startswith("/"):
                yield Problem(bind, _BINDS_UNSUPPORTED, fix=fix)
            else:
                yield Problem(
                    bind,
                    f"`{source}` is a Docker named volume, but Kubernetes IoT Edge turns every bind into a hostPath "
                    f"(here the relative path `{source}`), not a volume; declare it in HostConfig.Mounts as type "
                    f"volume with an Edge share as Source.",
                    fix=fix,
                )


# Docker's rule for volume names (daemon/names: RestrictedNamePattern).
_DOCKER_VOLUME_NAME = lazy_compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+")


def bind_as_mount(bind: str) -> dict[str, Any] | None:
    """The HostConfig.Mounts entry that means what the bind string means to Docker, or None
    when there is none without guessing: a host directory becomes type bind, a named volume
    type volume, the mode `ro` becomes ReadOnly; other modes (SELinux labels, propagation),
    relative paths and placeholders have no exact equivalent."""
    if has_placeholder(bind):
        return None
    parts = bind.split(":")
    if len(parts) not in (2, 3) or not parts[1].startswith("/"):
        return None
    source, target = parts[0], parts[1]
    options = parts[2].split(",") if len(parts) == 3 else []
    if not set(options) <= {"ro", "rw"} or len(options) > 1:
        return None
    if source.startswith("/"):
        kind = "bind"
    elif _DOCKER_VOLUME_NAME.fullmatch(source):
        kind = "volume"
    else:
        return None
    mount: dict[str, Any] = {"Type": kind, "Source": source, "Target": target}
    if options == ["ro"]:
        mount["ReadOnly"] = True
    return mount


def _binds_to_mounts(module: Module, bind: Node) -> FixIntent | None:
    """Move one bind into HostConfig.Mounts; an emptied Binds member is removed (or, when
    there is no Mounts yet, becomes it)."""
    mount = bind_as_mount(bind.value)
    mounts = module.host_option("Mounts")
    binds, host_config = bind.parent, module.host_config  # (the bind is a member of both)
    if mount is None or binds is None or host_config is None or (mounts is not None and not mounts.is_array):
        return None
    if any(_target(entry) == mount["Target"] for entry in module.mounts()):
        return None  # Docker refuses two mounts at one container path
    title = f"Declare `{bind.value}` as a HostConfig.Mounts entry of type {mount['Type']}"
    applicability = _bind_fix_applicability(module, mount)
    if any(item is not bind for item in binds.value):
        added = Append(mounts, mount) if mounts is not None else SetMember(host_config, ("Mounts",), [mount])
        return FixIntent(title, [Remove(bind), added], applicability)
    if mounts is None:
        return FixIntent(title, [Rename(binds, "Mounts"), Replace(binds, [mount])], applicability)
    return FixIntent(title, [Remove(binds), Append(mounts, mount)], applicability)


def _bind_fix_applicability(module: Module, mount: dict[str, Any]) -> str:
    """A host directory bound through Mounts instead of Binds is the same hostPath volume
    (safe), unless another source of the module shares its volume name: the bind then moves
    behind the others in the agent's order, which can change the volume they all show. A
    named volume becomes a claim of that name, which must exist on the device (unsafe)."""
    if mount["Type"] == "volume":
        return "unsafe"
    name = sanitize_dns_label(mount["Source"])
    others = [
        source
        for source in known_volume_sources(module)
        if source.source is not None
        and sanitize_dns_label(source.source) == name
        and (source.kind, source.source) != ("bind", mount["Source"])
    ]
    return "unsafe" if name is None or others else "safe"


def _target(mount: Node) -> Any:
    target = mount.get_ci("Target")
    return target.value if target is not None else None
