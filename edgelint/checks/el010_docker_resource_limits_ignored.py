"""EL010 docker-resource-limits-ignored: Docker resource options (Memory, NanoCpus, CpuQuota…), which Kubernetes IoT Edge ignores."""

from __future__ import annotations

from functools import partial

from edgelint.checks.helpers.resources import is_unset, positive_int, resource_list
from edgelint.fixes.intents import FixIntent, Remove
from edgelint.fixes.module_changes import set_k8s_option
from edgelint.k8s.quantity import (
    format_bytes,
    format_cpu,
    parse_quantity,
)
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from decimal import Decimal
    from typing import Literal

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

# Docker resource options (HostConfig, matched case-insensitively) → what replaces them in
# k8s-experimental.resources, or None when Kubernetes IoT Edge has no equivalent.
DOCKER_RESOURCE_OPTIONS = {
    "memory": "limits.memory",
    "memoryreservation": "requests.memory",
    "memoryswap": None,
    "memoryswappiness": None,
    "kernelmemory": None,
    "nanocpus": "limits.cpu",
    "cpuquota": "limits.cpu",  # with CpuPeriod, which alone limits nothing
    "cpucount": "limits.cpu",
    "cpupercent": "limits.cpu",
    "cpushares": "requests.cpu",
    "cpusetcpus": None,
    "cpusetmems": None,
    "cpurealtimeperiod": None,
    "cpurealtimeruntime": None,
    "pidslimit": None,
    "ulimits": None,
    "oomkilldisable": None,
    "diskquota": "limits.ephemeral-storage",
    "blkioweight": None,
    "blkioweightdevice": None,
    "blkiodevicereadbps": None,
    "blkiodevicewritebps": None,
    "blkiodevicereadiops": None,
    "blkiodevicewriteiops": None,
    "iomaximumiops": None,
    "iomaximumbandwidth": None,
}


def _docker_amount(key: str, node: Node, host_config: Node) -> int | Decimal | None:
    """What a Docker resource option asks for: bytes (int) for memory options, CPUs (a
    Decimal) for NanoCpus and CpuQuota (over CpuPeriod, 100000 µs by default), else None."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if key in ("memory", "memoryreservation"):
        return value
    from decimal import Decimal  # only for CPU options: its import costs more than a small lint

    if key == "nanocpus":
        return Decimal(value) / 1_000_000_000
    if key == "cpuquota":
        given = host_config.get_ci("CpuPeriod")
        period = given.value if given is not None and isinstance(given.value, int) and given.value > 0 else 100_000
        return Decimal(value) / period
    return None


def _quantity_of(module: Module, which: str, resource: str) -> Decimal | Literal[False] | None:
    """The amount `resources.<which>.<resource>` sets: a Decimal, None when it is not set,
    False when it is unknown (a placeholder or not a quantity)."""
    entries = resource_list(module, which)
    node = entries.get(resource) if entries is not None else None
    if node is None:
        return None
    amount = None if has_placeholder(node.value) else parse_quantity(node.value)
    return False if amount is None else amount


def _suggested_quantity(key: str, node: Node, host_config: Node) -> str | None:
    """The Kubernetes quantity equal to a Docker value, where one exists (`2Gi`, `1500m`)."""
    amount = _docker_amount(key, node, host_config)
    if amount is None:
        return None
    return format_bytes(amount) if isinstance(amount, int) else format_cpu(amount)  # bytes, or CPUs


# The Docker options whose value moves into k8s-experimental.resources.limits, by resource.
_LIMIT_OPTIONS = {"memory": "memory", "nanocpus": "cpu", "cpuquota": "cpu"}


def _move_to_limits(module: Module, key: str, node: Node, host_config: Node) -> FixIntent | None:
    """Move Memory, NanoCpus or CpuQuota (with its CpuPeriod) to the same limit in
    k8s-experimental.resources.limits, when the quantity is exact and no other limit or a
    higher request for that resource is set."""
    resource = _LIMIT_OPTIONS.get(key)
    amount = _docker_amount(key, node, host_config) if resource else None
    if resource is None or amount is None:
        return None
    if resource == "cpu" and not isinstance(amount, int) and (amount * 1000) != (amount * 1000).to_integral_value():
        return None  # finer than a millicore: Kubernetes would round it
    period = host_config.get_ci("CpuPeriod") if key == "cpuquota" else None
    if period is not None and not positive_int(period.value):
        return None
    limit, request = _quantity_of(module, "limits", resource), _quantity_of(module, "requests", resource)
    if limit is False or request is False or (limit is not None and limit != amount) or (request or 0) > amount:
        return None
    removed = [Remove(node)] + ([Remove(period)] if period is not None else [])
    if limit is not None:
        return FixIntent(f"Remove HostConfig.{node.key}: k8s-experimental.resources.limits has it", removed, "safe")
    quantity = format_bytes(amount) if isinstance(amount, int) else format_cpu(amount)  # memory, or cpu
    change = set_k8s_option(module, ("resources", "limits", resource), quantity)
    if change is None:
        return None
    # Without a request Kubernetes requests the limit: the scheduler then reserves what Docker
    # only capped, and the pod may stay Pending. With a request, scheduling is unchanged.
    return FixIntent(
        f"Move HostConfig.{node.key} to k8s-experimental.resources.limits.{resource} (`{quantity}`)",
        removed + [change],
        "safe" if request is not None else "unsafe",
    )


@rule(
    "EL010",
    "docker-resource-limits-ignored",
    "warning",
    "Docker resource options (Memory, NanoCpus, CpuQuota…), which Kubernetes IoT Edge ignores.",
    fix="unsafe",
    tags=("resources",),
)
def docker_resource_limits_ignored(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        host_config = module.host_config
        if host_config is None:
            continue
        for name, node in host_config.items():
            key = name.lower()
            if key not in DOCKER_RESOURCE_OPTIONS or is_unset(node):
                continue  # a placeholder is a value: the option is set, only its amount is unknown
            target = DOCKER_RESOURCE_OPTIONS[key]
            if target is None:
                advice = "there is no equivalent, so the module runs without this restriction"
            else:
                quantity = _suggested_quantity(key, node, host_config)
                value = f" (`{quantity}`)" if quantity else ""
                advice = f"set k8s-experimental.resources.{target}{value} instead"
            yield Problem(
                node,
                f"HostConfig.{name} is ignored by Kubernetes IoT Edge, which reads resources only from "
                f"k8s-experimental.resources; {advice}.",
                fix=partial(_move_to_limits, module, key, node, host_config),
                on_key=True,
            )
