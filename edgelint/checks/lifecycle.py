"""Lifecycle rules (reference §7): how a module is updated, restarted and pulled on Kubernetes.

Each module becomes a Deployment with one replica. Without `k8s-experimental.strategy`,
Kubernetes updates it with its default RollingUpdate: the new pod starts before the old one
stops. The module settings that steer Docker's restarts, pulls and start order are ignored.
"""

from edgelint.checks.device import container_request, spare_gpus
from edgelint.checks.resources import GPU_RESOURCE, resource_list
from edgelint.fixes.intents import FixIntent, Remove, Replace, SetMember
from edgelint.fixes.module_changes import set_k8s_option
from edgelint.k8s_quantity import is_extended_resource, parse_quantity
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import desired_replicas, is_host_mode

_SET_RECREATE = 'set k8s-experimental.strategy to `{"type": "Recreate"}`'


def exclusive_resources(module):
    """(node, on_key, text, resource name or None) for each thing only one pod of the module
    can hold at a time. Device-plugin resources are handed out per pod, and a host-network
    pod's proxy sidecar binds ports 35000/35001 of the node. PortBindings are not exclusive:
    the agent maps them to Service ports, never to container hostPorts. Volumes are not
    either: the agent's claims are ReadWriteMany or ReadOnlyMany, and ReadWriteOnce binds a
    volume to a node, not to a pod."""
    held = []
    mode = module.host_option("NetworkMode")
    if is_host_mode(mode):
        held.append((mode, False, (
            "The host network is held by one pod at a time (its proxy sidecar binds ports 35000 and 35001 of the node)"
        ), None))
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
def rolling_update_deadlock(manifest):
    spare = spare_gpus(manifest)
    for module in manifest.modules:
        if desired_replicas(module.node) == 0:
            continue  # a stopped module has no pod to replace
        held = [item for item in exclusive_resources(module) if not _spare_for(module, item[3], spare)]
        if not held:
            continue
        node, on_key, what, resource = held[0]
        if resource == GPU_RESOURCE and spare is not None:
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
            fix=_recreate(module, strategy, kind),
            on_key=on_key,
        )


def _spare_for(module, resource, spare):
    """The device profile has GPUs to spare for the module's new pod while the old one runs:
    the RollingUpdate completes."""
    if resource != GPU_RESOURCE or spare is None:
        return False
    request = container_request(module, GPU_RESOURCE)
    return bool(request) and request.amount <= spare


def _recreate(module, strategy, kind):
    """Set the strategy type to Recreate; rollingUpdate settings, which Kubernetes rejects
    with Recreate, are removed."""
    if strategy is None:
        change = set_k8s_option(module, ("strategy", "type"), "Recreate")
        changes = [change] if change is not None else []
    else:
        changes = [Replace(kind, "Recreate") if kind is not None else SetMember(strategy, ("type",), "Recreate")]
        rolling = strategy.get_ci("rollingUpdate")
        if rolling is not None:
            changes.append(Remove(rolling))
    return FixIntent("Set k8s-experimental.strategy.type to Recreate", changes) if changes else None


_RESTART_POLICY_EFFECT = {
    "never": "the container is restarted whenever it stops",
    "on-failure": "the container is restarted whenever it stops, also after a clean exit",
    "on-unhealthy": "the container is restarted whenever it stops, and never because it is unhealthy",
}


@rule(
    "EL017",
    "ignored-module-setting",
    "warning",
    "restartPolicy other than always, imagePullPolicy never or startupOrder, which Kubernetes IoT Edge ignores.",
    tags=("lifecycle",),
)
def ignored_module_setting(manifest):
    for module in manifest.modules:
        restart = _setting_text(module, "restartPolicy")
        if restart is not None and restart.value.lower() != "always":
            effect = _RESTART_POLICY_EFFECT.get(restart.value.lower(), "the container is restarted whenever it stops")
            yield Problem(
                restart,
                f"Kubernetes IoT Edge ignores `restartPolicy: {restart.value}`: every module is a Deployment, so "
                f"{effect}; set `always` to say what happens, and make the module wait instead of exiting.",
            )
        pull = _setting_text(module, "imagePullPolicy")
        if pull is not None and pull.value.lower() == "never":
            yield Problem(
                pull,
                "Kubernetes IoT Edge ignores `imagePullPolicy: never`: the kubelet pulls the image (always for "
                "`:latest` or no tag, else when it is missing), so it must be in a registry the device can reach; "
                "remove the setting and push the image.",
            )
        order = module.node.get("startupOrder")
        if order is not None and not has_placeholder(order.value):
            yield Problem(
                order,
                "Kubernetes IoT Edge ignores `startupOrder`: all modules start at once; remove it and let the module "
                "retry until the modules it needs are up.",
                on_key=True,
            )


def _setting_text(module, key):
    """A module-level string setting (restartPolicy, imagePullPolicy) with a known value."""
    node = module.node.get(key)
    if node is None or not node.is_string or has_placeholder(node.value):
        return None
    return node
