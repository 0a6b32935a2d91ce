"""Helpers shared by the device rules.

Device rules: does the deployment fit the device it targets? They read the device profile
from the manifest (`manifest.device`); a rule whose key the profile does not set says nothing.

Only modules that run take capacity: the agent gives a module whose status is `stopped` a
Deployment with 0 replicas, so no pod.
"""

from __future__ import annotations

from edgelint.checks.helpers.resources import GPU_RESOURCE, resource_list
from edgelint.edgeagent.pod import desired_replicas
from edgelint.k8s.quantity import parse_quantity
from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Literal

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node


class Request:
    """What a module container requests of one resource: `amount` (a Decimal) from the
    requests or limits entry `node` (Kubernetes defaults a request to the limit)."""

    __slots__ = ("module", "node", "amount")

    module: Module
    node: Node
    amount: Decimal

    def __init__(self, module: Module, node: Node, amount: Decimal) -> None:
        self.module = module
        self.node = node
        self.amount = amount


def container_request(module: Module, resource: str) -> Request | Literal[False] | None:
    """The module container's Request of `resource`; None when it asks for none, False when
    the amount is unknown (a placeholder, or a quantity that EL013 reports)."""
    for which in ("requests", "limits"):
        entries = resource_list(module, which)
        node = entries.get(resource) if entries is not None else None
        if node is not None:
            amount = None if has_placeholder(node.value) else parse_quantity(node.value)
            return False if amount is None or amount < 0 else Request(module, node, amount)
    return None


def spare_gpus(manifest: Manifest) -> Decimal | int | None:
    """The GPUs of the device profile that no module holds, or None when unknown: no `gpus`
    in the profile, or a module that may run (any status but `stopped`, a placeholder too)
    with an unknown GPU count (a placeholder, or createOptions that cannot be read)."""
    if manifest.device.gpus is None:
        return None
    used: Decimal | int = 0
    for module in manifest.modules:
        if desired_replicas(module.node) == 0:
            continue
        request = container_request(module, GPU_RESOURCE)
        if request is False or module.create_options_unknown:
            return None
        used += request.amount if request else 0
    return manifest.device.gpus - used
