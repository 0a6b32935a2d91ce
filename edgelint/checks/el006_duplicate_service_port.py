"""EL006 duplicate-service-port: Two Service ports with one name (a container port bound twice), or a Service port that replaces another's."""

from __future__ import annotations

from edgelint.checks.helpers.network import SERVICE_REJECTED, point
from edgelint.edgeagent.ports import service_ports
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.edgeagent.ports import ServicePort
    from edgelint.manifest import Manifest


@rule(
    "EL006",
    "duplicate-service-port",
    "error",
    "Two Service ports with one name (a container port bound twice), or a Service port that replaces another's.",
    tags=("network",),
)
def duplicate_service_port(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        kept, replaced = service_ports(module)
        first_by_name: dict[str, ServicePort] = {}
        for port in sorted(kept, key=lambda port: port.order):
            first = first_by_name.setdefault(port.name, port)
            if first is not port:
                yield Problem(
                    port.node,
                    f"Container port {port.key} is bound to host ports {first.port} and {port.port}: both Service "
                    f"ports are named `{port.name}`, so {SERVICE_REJECTED}; bind each container port to one HostPort.",
                )
        for earlier, later in replaced:
            if earlier.protocol == later.protocol and earlier.target != later.target:
                node, on_key = point(later)
                yield Problem(
                    node,
                    f"{later.describe()} lands on Service port {later.port} like {earlier.describe()}: the agent "
                    f"keys the Service's ports by number, so this one silently replaces it and container port "
                    f"{earlier.target} is unreachable through the Service (port {later.port} reaches container port "
                    f"{later.target}); give each its own Service port with a different HostPort.",
                    on_key=on_key,
                    level="warning",  # silently changed, not rejected
                )
