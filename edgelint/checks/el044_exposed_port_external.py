"""EL044 exposed-port-external: An ExposedPorts port that PortBindings, even an empty one, put on the external IP of a LoadBalancer Service."""

from __future__ import annotations

from edgelint.checks.helpers.network import bindings
from edgelint.edgeagent.ports import explicit_service_type, has_port_bindings, service_ports
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module


@rule(
    "EL044",
    "exposed-port-external",
    "warning",
    "An ExposedPorts port that PortBindings, even an empty one, put on the external IP of a LoadBalancer Service.",
    tags=("network",),
)
def exposed_port_external(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        options = module.create_options
        if explicit_service_type(options) is not None or not has_port_bindings(options) or _unknown_bindings(module):
            continue
        kept, _ = service_ports(module)
        exposed = [port for port in kept if port.exposed]
        if not exposed:
            continue
        if len(exposed) == len(kept):
            cause = (
                "HostConfig.PortBindings, although it adds no Service port, makes the agent create a LoadBalancer "
                "Service instead of a ClusterIP one"
            )
            advice = "remove the PortBindings, or set k8s-experimental.serviceOptions.type to ClusterIP"
        else:
            cause = "the module's PortBindings make its Service, which carries the ExposedPorts too, a LoadBalancer"
            advice = (
                "if it must stay internal, remove it from ExposedPorts, or set k8s-experimental.serviceOptions.type "
                "to ClusterIP (which makes every port of the module internal)"
            )
        for port in exposed:
            yield Problem(
                port.member,
                f"Docker does not publish ExposedPorts `{port.key}` on the host, but {cause}: Kubernetes publishes "
                f"port {port.port} on the Service's external IP; {advice}.",
                on_key=True,
            )


def _unknown_bindings(module: Module) -> bool:
    """A PortBindings key or HostPort with a placeholder could land on any Service port."""
    return any(
        has_placeholder(str(member.key))
        or any(
            has_placeholder(host_port.value)
            for binding in bindings(member)
            if (host_port := binding.get_ci("HostPort")) is not None
        )
        for member in module.port_bindings()
    )
