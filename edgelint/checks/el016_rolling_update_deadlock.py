"""EL016 rolling-update-deadlock: A module with a GPU, FPGA or host network that Kubernetes would update with RollingUpdate."""

from __future__ import annotations

from functools import partial

from edgelint.checks.helpers.device import Request, container_request, spare_gpus
from edgelint.checks.helpers.resources import GPU_RESOURCE, resource_list
from edgelint.edgeagent.pod import desired_replicas, is_host_mode
from edgelint.fixes.intents import FixIntent, Remove, Replace, SetMember
from edgelint.fixes.module_changes import set_k8s_option
from edgelint.k8s.quantity import is_extended_resource, parse_quantity
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from decimal import Decimal

    from edgelint.fixes.intents import Change
    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

_SET_RECREATE = 'set k8s-experimental.strategy to `{"type": "Recreate"}`'


def exclusive_resources(module: Module) -> list[tuple[Node, bool, str, str | None]]:
    """(node, on_key, text, resource name or None) for each thing only one pod of the module
    can hold at a time. Device-plugin resources are handed out per pod, and a host-network
    pod's proxy sidecar binds ports 35000/35001 of the node. PortBindings are not exclusive:
    the agent maps them to Service ports, never to container hostPorts. Volumes are not
    either: the agent's claims are ReadWriteMany or ReadOnlyMany, and ReadWriteOnce binds a
    volume to a node, not to a pod."""
    held: list[tuple[Node, bool, str, str | None]] = []
    mode = module.host_option("NetworkMode")
    if is_host_mode(mode):
        held.append(
            (
                mode,
                False,
                (
                    "The host network is held by one pod at a time (its proxy sidecar binds ports 35000 and 35001 of the node)"
                ),
                None,
            )
        )
    limits = resource_list(module, "limits")
    for name, node in limits.items() if limits is not None else ():
        if is_extended_resource(name) and not has_placeholder(node.value) and (parse_quantity(node.value) or 0) > 0:
            held.append((node, True, f"`{name}` is a device-plugin resource that one pod at a time holds", name))
    return held


@rule(
    "EL016",
    "rolling-update-deadlock",
    "warning",
    "A module with a GPU, FPGA or host network that Kubernetes would update with RollingUpdate.",
    fix="safe",
    tags=("lifecycle",),
)
def rolling_update_deadlock(manifest: Manifest) -> Iterator[Problem]:
    spare = spare_gpus(manifest)
    for module in manifest.modules:
        if desired_replicas(module.node) == 0:
            continue  # a stopped module has no pod to replace
        held = [item for item in exclusive_resources(module) if not _spare_for(module, item[3], spare)]
        if not held:
            continue
        node, on_key, what, resource = held[0]
        if resource == GPU_RESOURCE and spare is not None and manifest.device.gpus is not None:
            what += f" and the device profile has no spare one ({manifest.device.gpus - spare} of its {manifest.device.gpus} requested)"
        strategy = module.k8s_option("strategy")
        if strategy is not None and not strategy.is_object:
            continue  # EL026
        kind = strategy.get_ci("type") if strategy is not None else None
        if kind is not None:
            if kind.value != "RollingUpdate":
                continue  # Recreate, or a value EL026 reports
            node, on_key = kind, False
        yield Problem(
            node,
            f"{what}, but Kubernetes updates the module with a RollingUpdate, which starts the new pod before "
            f"stopping the old one: the new pod never gets it and the update never completes; {_SET_RECREATE}.",
            fix=partial(_recreate, module, strategy, kind),
            on_key=on_key,
        )


def _spare_for(module: Module, resource: str | None, spare: Decimal | int | None) -> bool:
    """The device profile has GPUs to spare for the module's new pod while the old one runs:
    the RollingUpdate completes."""
    if resource != GPU_RESOURCE or spare is None:
        return False
    request = container_request(module, GPU_RESOURCE)
    return isinstance(request, Request) and request.amount <= spare


def _recreate(module: Module, strategy: Node | None, kind: Node | None) -> FixIntent | None:
    """Set the strategy type to Recreate; rollingUpdate settings, which Kubernetes rejects
    with Recreate, are removed."""
    if strategy is None:
        change = set_k8s_option(module, ("strategy", "type"), "Recreate")
        changes: list[Change] = [change] if change is not None else []
    else:
        changes = [Replace(kind, "Recreate") if kind is not None else SetMember(strategy, ("type",), "Recreate")]
        rolling = strategy.get_ci("rollingUpdate")
        if rolling is not None:
            changes.append(Remove(rolling))
    return FixIntent("Set k8s-experimental.strategy.type to Recreate", changes) if changes else None
