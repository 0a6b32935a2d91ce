"""The module's Service (KubernetesServiceMapper, PortExtensions); the port logic is the translator's."""

from __future__ import annotations

from edgelint.edgeagent.ports import exposed_ports, port_failures, service_ports, service_type
from edgelint.k8s.model import K8sObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from edgelint.k8s.model import ModuleMapping
    from edgelint.manifest import Module


def container_ports(module: Module) -> list[dict[str, Any]] | None:
    """PortExtensions.GetContainerPorts: ExposedPorts as container ports (None without ExposedPorts)."""
    if module.create_option("ExposedPorts") is None:
        return None
    return [{"containerPort": port.port, "protocol": port.protocol} for port in exposed_ports(module)]


def service(mapping: ModuleMapping) -> K8sObject | None:
    """The module's Service, or None when no port key parses."""
    module = mapping.module
    for node, exception, shape in port_failures(module):
        problem = f"is not {shape}" if shape is not None else "cannot be read as a port or its bindings"
        mapping.fail(rule_id="EL005", exception=exception, message=f"the port entry `{node.key}` {problem}", node=node)
    ports = [port.to_k8s() for port in service_ports(module)[0]]
    if not ports:
        return None
    spec: dict[str, Any] = {
        "type": service_type(module.create_options, mapping.settings.service_type),
        "ports": ports,
        "selector": dict(mapping.labels),
    }
    options = mapping.option("serviceOptions")
    address = options.get_ci("loadBalancerIP") if options is not None else None
    if address is not None and address.value is not None:
        spec["loadBalancerIP"] = address.value
    body = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": mapping.metadata(annotations=mapping.label_annotations()),
        "spec": spec,
    }
    port_nodes = [module.create_option("ExposedPorts"), module.host_option("PortBindings")]
    sources = [node for node in port_nodes + [options] if node is not None]
    # ports come from one of the two; the module itself names a Service that had none
    origin = module.host_option("PortBindings") or module.create_option("ExposedPorts") or module.node
    return K8sObject(body, origin, sources, [module.name])
