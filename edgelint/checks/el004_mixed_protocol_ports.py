"""EL004 mixed-protocol-ports: Two protocols on one Service port, where one is lost, or TCP and UDP in one LoadBalancer Service."""

from __future__ import annotations

from edgelint.checks.helpers.network import point
from edgelint.edgeagent.ports import service_ports, service_type
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL004",
    "mixed-protocol-ports",
    "error",
    "Two protocols on one Service port, where one is lost, or TCP and UDP in one LoadBalancer Service.",
    tags=("network",),
)
def mixed_protocol_ports(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        kept, replaced = service_ports(module)
        for earlier, later in replaced:
            if earlier.protocol != later.protocol:
                node, on_key = point(later)
                yield Problem(
                    node,
                    f"{later.describe()} lands on Service port {later.port} like {earlier.describe()}: the agent keys "
                    f"the Service's ports by number, so {later.protocol} silently replaces {earlier.protocol} and "
                    f"{earlier.protocol} port {earlier.port} is unreachable through the Service; give one protocol "
                    f"a Service port of its own (a different HostPort in PortBindings).",
                    on_key=on_key,
                    level="warning",  # silently changed, not rejected
                )
        other = next((port for port in kept if port.protocol != kept[0].protocol), None)
        if other is not None and service_type(module.create_options) == "LoadBalancer":
            first = kept[0]
            yield Problem(
                other.member,
                f"{other.protocol} port {other.port} ({other.section} `{other.key}`) next to {first.protocol} port "
                f"{first.port} ({first.section} `{first.key}`): the module's ports "
                f"become one LoadBalancer Service, which cannot mix protocols on Azure Stack Edge; move one protocol "
                f"to another module, or set k8s-experimental.serviceOptions.type to ClusterIP or NodePort.",
                on_key=True,
            )
