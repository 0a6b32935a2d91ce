"""Helpers shared by the network rules.

Network rules: ports, the module's Service and host networking as Kubernetes IoT Edge builds
them (PortAndProtocol, PortExtensions, KubernetesServiceMapper, KubernetesDeploymentMapper).
"""

from __future__ import annotations

from edgelint.edgeagent.ports import service_ports

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.edgeagent.ports import ServicePort
    from edgelint.manifest import Module
    from edgelint.source.nodes import Node

# What follows when the Kubernetes API rejects a module's Service: EdgeDeploymentController
# sends every Service before any Deployment and stops at the first failure.
SERVICE_REJECTED = (
    "the Kubernetes API rejects the module's Service and the agent stops there, before it creates or updates any "
    "module's Deployment: the whole deployment fails"
)


def port_entries(module: Module) -> list[ServicePort]:
    """The ports of the module's Service: the agent creates the Service only when there are some."""
    return service_ports(module)[0]


def port_keys(module: Module) -> list[tuple[str, Node]]:
    """(section, member) for every member of ExposedPorts and HostConfig.PortBindings."""
    return [("ExposedPorts", node) for node in module.exposed_ports()] + [
        ("PortBindings", node) for node in module.port_bindings()
    ]


def bindings(member: Node) -> list[Node]:
    """The binding objects of one PortBindings member."""
    return [binding for binding in member.value if binding.is_object] if member.is_array else []


def point(port: ServicePort) -> tuple[Node, bool]:
    """(node, on_key) of a Service port: the HostPort of a binding, the key of an exposed port."""
    return (port.member, True) if port.exposed else (port.node, False)
