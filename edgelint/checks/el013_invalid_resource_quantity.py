"""EL013 invalid-resource-quantity: Resource quantities Kubernetes rejects: bad syntax, request above limit, extended resources without an equal limit."""

from __future__ import annotations

import json

from edgelint.checks.helpers.resources import (
    GPU_RESOURCE,
)
from edgelint.k8s.quantity import (
    container_resource_name_problem,
    is_extended_resource,
    overcommit_allowed,
    parse_quantity,
)
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from decimal import Decimal

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node


class Quantity:
    """One entry of resources.limits or .requests; `value` is a Decimal, or None when the
    entry is a placeholder or reported as invalid."""

    __slots__ = ("name", "node", "value")

    name: str
    node: Node
    value: Decimal | None

    def __init__(self, name: str, node: Node, value: Decimal | None) -> None:
        self.name = name
        self.node = node
        self.value = value


def _quantities(resources: Node | None, which: str) -> tuple[dict[str, Quantity], list[Problem]]:
    """The entries of one resource list by name, and the Problems of invalid names and values."""
    quantities: dict[str, Quantity] = {}
    problems: list[Problem] = []
    for name, node in resources.items() if resources is not None else ():
        name_problem = container_resource_name_problem(name)
        if name_problem is not None and not has_placeholder(name):
            problems.append(
                Problem(
                    node,
                    f"`{name}` {name_problem}: Kubernetes rejects the module's Deployment; use cpu, memory or a "
                    f"device-plugin resource such as `{GPU_RESOURCE}`.",
                    on_key=True,
                )
            )
            continue
        value = None
        if not has_placeholder(node.value) and node.value is not None:  # null is read as 0
            value = parse_quantity(node.value)
            shown = node.value if node.is_string else json.dumps(node.to_python())
            if value is None:
                problems.append(
                    Problem(
                        node,
                        f"`{shown}` is not a quantity edgeAgent can read: it parses k8s-experimental.resources itself "
                        f"(KubernetesClient's ResourceQuantity) while it reads the createOptions of every module, throws, "
                        f"and then no module of the deployment is updated; write a number with an optional suffix, such "
                        f"as `512Mi`, `2Gi`, `0.5` or `500m` (`MB` and `K` are no suffixes).",
                    )
                )
            elif value < 0:
                problems.append(
                    Problem(
                        node,
                        f"{which}.{name} is negative, so the module's Deployment is rejected; use a positive amount.",
                    )
                )
                value = None
            elif is_extended_resource(name) and value != value.to_integral_value():
                problems.append(
                    Problem(
                        node,
                        f"`{name}` is a device-plugin resource and must be a whole number, so the module's Deployment "
                        f"is rejected; use `{int(value) or 1}`.",
                    )
                )
                value = None
        quantities[name] = Quantity(name, node, value)
    return quantities, problems


@rule(
    "EL013",
    "invalid-resource-quantity",
    "error",
    "Resource quantities Kubernetes rejects: bad syntax, request above limit, extended resources without an equal "
    "limit.",
    tags=("resources",),
)
def invalid_resource_quantity(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        resources = module.k8s_option("resources")
        if resources is None or not resources.is_object:
            continue
        lists: dict[str, dict[str, Quantity]] = {}
        for which in ("limits", "requests"):
            node = resources.get_ci(which)
            if node is not None and not node.is_object and node.value is not None:
                yield Problem(
                    node,
                    f"resources.{which} must be an object of resource names and quantities; the agent cannot read "
                    f"it and the deployment fails.",
                )
                node = None
            lists[which], problems = _quantities(node, which)
            yield from problems
        limits = lists["limits"]
        for request in lists["requests"].values():
            limit = limits.get(request.name)
            if limit is None:
                if not overcommit_allowed(request.name):
                    yield Problem(
                        request.node,
                        f"`{request.name}` is requested without a limit, which Kubernetes requires for "
                        f"device-plugin resources, so the module's Deployment is rejected; set the same "
                        f"amount in limits (a limit alone is enough).",
                        on_key=True,
                    )
            elif request.value is None or limit.value is None:
                continue
            elif not overcommit_allowed(request.name) and request.value != limit.value:
                yield Problem(
                    request.node,
                    f"The request for `{request.name}` differs from its limit; Kubernetes requires them to be equal "
                    f"for device-plugin resources, so the module's Deployment is rejected; request the limit or drop "
                    f"the request.",
                )
            elif request.value > limit.value:
                yield Problem(
                    request.node,
                    f"The {request.name} request is above its limit, so the module's Deployment is rejected; lower "
                    f"the request or raise the limit.",
                )
