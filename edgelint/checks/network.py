"""Network rules: ports and Services as Kubernetes IoT Edge builds them (reference §4, §8)."""

from edgelint.rule import Problem, rule
from edgelint.translator import PROXY_PORTS, parse_host_port, parse_port_key, service_type


class PortEntry:
    """A port key of ExposedPorts or PortBindings that the translator accepts."""

    __slots__ = ("node", "port", "protocol", "section")

    def __init__(self, node, port, protocol, section):
        self.node = node  # the member value; its member name is the port key
        self.port = port
        self.protocol = protocol
        self.section = section


def port_entries(module):
    entries = []
    for section, members in (("ExposedPorts", module.exposed_ports()), ("PortBindings", module.port_bindings())):
        for node in members:
            parsed = parse_port_key(str(node.key))
            if parsed is not None:
                entries.append(PortEntry(node, parsed[0], parsed[1], section))
    return entries


@rule(
    "EL004",
    "mixed-protocol-ports",
    "error",
    "TCP and UDP ports in one module: one Service cannot carry both on Azure Stack Edge.",
    tags=("network",),
)
def mixed_protocol_ports(manifest):
    for module in manifest.modules:
        entries = port_entries(module)
        if len(entries) < 2:
            continue
        by_port = {}
        for entry in entries:
            by_port.setdefault(entry.port, []).append(entry)
        for port, same in by_port.items():
            other = next((e for e in same if e.protocol != same[0].protocol), None)
            if other is not None:
                yield Problem(
                    other.node,
                    f"Port {port} is declared for both {same[0].protocol} and {other.protocol}: the Service "
                    f"keys its ports by number, so one protocol is silently dropped; use different port numbers.",
                    on_key=True,
                )
        kind = service_type(module.create_options)
        first = entries[0]
        other = next((e for e in entries if e.protocol != first.protocol), None)
        if other is not None and kind == "LoadBalancer":
            yield Problem(
                other.node,
                f"{other.protocol} port {other.port} next to {first.protocol} port {first.port}: the module's "
                f"ports become one LoadBalancer Service, which cannot mix protocols on Azure Stack Edge; "
                f"move one protocol to another module, or set k8s-experimental.serviceOptions.type to "
                f"ClusterIP or NodePort.",
                on_key=True,
            )


@rule(
    "EL007",
    "reserved-proxy-port",
    "error",
    "Port 35000 or 35001, which the IoT Edge proxy sidecar in every pod listens on.",
    tags=("network",),
)
def reserved_proxy_port(manifest):
    for module in manifest.modules:
        for entry in port_entries(module):
            if entry.port in PROXY_PORTS:
                yield Problem(entry.node, _reserved(entry.port, "container port"), on_key=True)
        for binding_list in module.port_bindings():
            if not binding_list.is_array:
                continue
            for binding in binding_list.value:
                host_port = binding.get_ci("HostPort")
                if host_port is not None and parse_host_port(host_port.value) in PROXY_PORTS:
                    yield Problem(host_port, _reserved(parse_host_port(host_port.value), "host port"))


def _reserved(port, role):
    return (
        f"{role.capitalize()} {port} is reserved: every module pod shares its network with the IoT Edge "
        f"proxy sidecar, which listens on localhost:35000 and 35001; pick another port."
    )
