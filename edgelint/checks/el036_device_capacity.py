"""EL036 device-capacity: GPU, memory or CPU requests of the running modules beyond what the device profile offers."""

from __future__ import annotations

from edgelint.checks.helpers.device import Request, container_request
from edgelint.checks.helpers.resources import GPU_RESOURCE
from edgelint.edgeagent.pod import desired_replicas
from edgelint.k8s.quantity import format_bytes, format_cpu, parse_quantity
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from decimal import Decimal
    from typing import Any

    from edgelint.manifest import Manifest, Module

_STOP_A_MODULE = 'lower the requests, or stop a module (`"status": "stopped"`) to make room'


def surely_runs(module: Module) -> bool:
    """The module gets a pod: its status is known and not `stopped`."""
    status = module.node.get("status")
    return desired_replicas(module.node) > 0 and not (status is not None and has_placeholder(status.value))


class _Capacity:
    """One capacity of the profile: its key, the Kubernetes resource, and how an amount of
    it reads in a message (`2 GPUs`, `8Gi of memory`, `1500m of CPU`)."""

    key: str
    resource: str
    show: Callable[[Any], str]  # an amount: a Decimal, or the int of `gpus`

    def __init__(self, key: str, resource: str, show: Callable[[Any], str]) -> None:
        self.key = key
        self.resource = resource
        self.show = show


def _memory(amount: Decimal) -> str:
    return format_bytes(int(amount)) if amount == amount.to_integral_value() else str(amount)


def _cpus(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{int(amount)} CPU{'' if amount == 1 else 's'}"
    return f"{format_cpu(amount)} of CPU"


_CAPACITIES = (
    _Capacity("gpus", GPU_RESOURCE, lambda amount: f"{int(amount)} GPU{'' if amount == 1 else 's'}"),
    _Capacity("memory", "memory", lambda amount: f"{_memory(amount)} of memory"),
    _Capacity("cpu", "cpu", _cpus),
)


@rule(
    "EL036",
    "device-capacity",
    "error",
    "GPU, memory or CPU requests of the running modules beyond what the device profile offers.",
    tags=("resources", "device"),
)
def device_capacity(manifest: Manifest) -> Iterator[Problem]:
    running = [module for module in manifest.modules if surely_runs(module)]
    for capacity in _CAPACITIES:
        offered = getattr(manifest.device, capacity.key)
        if offered is None:
            continue
        offered = offered if capacity.key == "gpus" else offered.value
        found = [container_request(module, capacity.resource) for module in running]
        requests = [request for request in found if isinstance(request, Request) and request.amount > 0]
        overhead, overhead_text = _pod_overhead(running, capacity.resource)
        total = overhead + sum(request.amount for request in requests)
        if total <= offered:
            continue
        with_overhead = f", {overhead_text}," if overhead_text else ""
        used = overhead
        for request in requests:
            used += request.amount
            if used <= offered:
                continue
            yield Problem(
                request.node,
                f"`{request.module.name}` requests {capacity.show(request.amount)}{_named(capacity.resource)}, more than "
                f"the device has left: the "
                f"running modules request {capacity.show(total)} in total{with_overhead} and the device profile offers "
                f"{capacity.show(offered)} (`{capacity.key}`), so a pod stays Pending; {_STOP_A_MODULE}.",
            )


def _named(resource: str) -> str:
    """` (`nvidia.com/gpu`)` after an amount of GPUs, which is what the manifest names."""
    return f" (`{resource}`)" if resource == GPU_RESOURCE else ""


def _pod_overhead(running: list[Module], resource: str) -> tuple[Decimal | int, str]:
    """(amount, description) of what every pod requests besides the module containers' own
    requests: the IoT Edge proxy sidecar of each pod, and the Helm chart's resources for an
    edgeAgent without any (KubernetesDeploymentMapper.PrepareModuleResourceRequirements)."""
    if resource not in ("memory", "cpu"):
        return 0, ""
    from edgelint.k8s import settings as chart  # only with a memory or cpu capacity to check

    sidecar = _chart_quantity(chart.PROXY_RESOURCES["requests"][resource])
    amount = sidecar * len(running)
    show = _memory if resource == "memory" else format_cpu
    parts = [f"with {show(sidecar)} for each pod's proxy sidecar"] if running else []
    if any(
        module.system and module.name == "edgeAgent" and module.k8s_option("resources") is None for module in running
    ):
        default = _chart_quantity(chart.AGENT_RESOURCES["requests"][resource])
        amount += default
        parts.append(f"{show(default)} for edgeAgent, which sets none")
    return amount, " and ".join(parts)


def _chart_quantity(text: str) -> Decimal:
    amount = parse_quantity(text)
    if amount is None:
        raise ValueError(f"the chart's resources hold no quantity: {text!r}")
    return amount
