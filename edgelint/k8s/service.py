"""The module's Service (KubernetesServiceMapper, PortExtensions; reference §4)."""

from edgelint.k8s.model import K8sObject
from edgelint.translator import host_port_service_port_name, parse_host_port, parse_port_key, service_type


def container_ports(module):
    """PortExtensions.GetContainerPorts: ExposedPorts as container ports (None without ExposedPorts)."""
    if module.create_option("ExposedPorts") is None:
        return None
    ports = []
    for node in module.exposed_ports():
        parsed = parse_port_key(str(node.key))
        if parsed is not None:
            ports.append({"containerPort": parsed[0], "protocol": parsed[1]})
    return ports


def _service_ports(module):
    """The Service ports, keyed by port number as PrepareService keys them: ExposedPorts first,
    then the PortBindings, which replace an exposed port of the same number. Same number with
    another protocol also replaces it: one protocol is lost."""
    ports = {}
    for node in module.exposed_ports():
        parsed = parse_port_key(str(node.key))
        if parsed is not None:
            port, protocol = parsed
            ports[port] = {"name": f"exposedport-{port}-{protocol.lower()}", "protocol": protocol, "port": port}
    for node in module.port_bindings():
        parsed = parse_port_key(str(node.key))
        if parsed is None or not node.is_array:
            continue
        port, protocol = parsed
        for binding in node.value:
            host_port = binding.get_ci("HostPort") if binding.is_object else None
            number = parse_host_port(host_port.value) if host_port is not None else None
            if number is not None:
                ports[number] = {
                    "name": host_port_service_port_name(port, protocol), "protocol": protocol, "port": number,
                    "targetPort": port,
                }
    return list(ports.values())


def service(mapping):
    """The module's Service, or None when no port key parses."""
    module = mapping.module
    ports = _service_ports(module)
    if not ports:
        return None
    spec = {"type": service_type(module.create_options, mapping.settings.service_type), "ports": ports,
            "selector": dict(mapping.labels)}
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
    origin = module.host_option("PortBindings") or module.create_option("ExposedPorts")
    return K8sObject(body, origin, sources, [module.name])
