"""Network rules: ports and Services as Kubernetes IoT Edge builds them (reference §4, §8)."""

import re

from edgelint.fixes.intents import FixIntent, Replace, SetMember
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import (
    PROXY_PORTS, host_port_service_port_name, parse_host_port, parse_port_key, service_type,
)


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


def _port_keys(module):
    """(section, node) for every member of ExposedPorts and HostConfig.PortBindings."""
    return [("ExposedPorts", node) for node in module.exposed_ports()] + [
        ("PortBindings", node) for node in module.port_bindings()
    ]


def _bindings(node):
    """The binding objects of one PortBindings member."""
    return [binding for binding in node.value if binding.is_object] if node.is_array else []


@rule(
    "EL005",
    "host-port-missing",
    "warning",
    "A port the agent drops: a binding without a numeric HostPort, a port range, an unparsable port key.",
    fix="unsafe",
    tags=("network",),
)
def host_port_missing(manifest):
    for module in manifest.modules:
        for section, node in _port_keys(module):
            key = str(node.key)
            if has_placeholder(key):
                continue
            parsed = parse_port_key(key)
            if parsed is None:
                yield Problem(node, _unparsable_port_key(key, section), on_key=True)
                continue
            if section != "PortBindings":
                continue
            for binding in _bindings(node):
                host_port = binding.get_ci("HostPort")
                if host_port is not None and has_placeholder(host_port.value):
                    continue
                if host_port is None or parse_host_port(host_port.value) is None:
                    yield Problem(
                        binding if host_port is None else host_port,
                        f"This binding of {key} has no numeric HostPort: Kubernetes IoT Edge drops it (there are no "
                        f"random host ports), so the port is not published; set HostPort to a port number.",
                        fix=_host_port_fix(module, binding, host_port, parsed[0]),
                    )


def _host_port_fix(module, binding, host_port, port):
    """Publish the port on the same host port number, unless that number is taken by another
    binding of the module or belongs to the proxy sidecar."""
    taken = {
        parse_host_port(other.get_ci("HostPort").value)
        for node in module.port_bindings() for other in _bindings(node) if other.get_ci("HostPort") is not None
    }
    if port in taken or port in PROXY_PORTS:
        return None
    title = f"Set HostPort to {port}, the container port (clients on Docker's random host port must change)"
    change = SetMember(binding, ("HostPort",), str(port)) if host_port is None else Replace(host_port, str(port))
    return FixIntent(title, [change])


def _unparsable_port_key(key, section):
    if re.fullmatch(r"[0-9]+-[0-9]+(/[A-Za-z]+)?", key):
        return (
            f"{section} entry `{key}` is a port range: Kubernetes IoT Edge reads single ports only and silently "
            f"drops it; list each port separately."
        )
    return (
        f"{section} entry `{key}` is not `<port>` or `<port>/tcp|udp|sctp`: Kubernetes IoT Edge silently drops it; "
        f"write it as, for example, `8080/tcp`."
    )


@rule(
    "EL006",
    "duplicate-service-port",
    "error",
    "Two Service ports from one container port (duplicate names) or one HostPort used twice.",
    tags=("network",),
)
def duplicate_service_port(manifest):
    for module in manifest.modules:
        first_by_name = {}  # Service port name → (host port, node)
        first_by_host_port = {}  # host port → (container port, protocol, key)
        for node in module.port_bindings():
            parsed = parse_port_key(str(node.key))
            if parsed is None:
                continue
            port, protocol = parsed
            for binding in _bindings(node):
                host_port_node = binding.get_ci("HostPort")
                host_port = parse_host_port(host_port_node.value) if host_port_node is not None else None
                if host_port is None:
                    continue
                name = host_port_service_port_name(port, protocol)
                first_host_port = first_by_name.setdefault(name, host_port)
                if first_host_port != host_port:
                    yield Problem(
                        host_port_node,
                        f"Container port {port}/{protocol.lower()} is bound to host ports {first_host_port} and "
                        f"{host_port}: both Service ports are named `{name}`, so Kubernetes rejects the module's "
                        f"Service; bind each container port to one HostPort.",
                    )
                    continue
                first = first_by_host_port.setdefault(host_port, (port, protocol, str(node.key)))
                if first[0] != port:
                    yield Problem(
                        host_port_node,
                        f"Host port {host_port} is also bound to `{first[2]}`: the Service keeps one port per number, "
                        f"so only one of the two container ports is reachable; give each binding its own HostPort.",
                    )


@rule(
    "EL008",
    "multiple-host-network",
    "error",
    "More than one module with NetworkMode host: their proxy sidecars collide on ports 35000/35001.",
    tags=("network",),
)
def multiple_host_network(manifest):
    first = None
    for module in manifest.modules:
        mode = module.host_option("NetworkMode")
        if mode is None or not mode.is_string or mode.value.lower() != "host":
            continue
        if first is None:
            first = module
            continue
        yield Problem(
            mode,
            f"`{module.name}` uses the host network like `{first.name}`: every module pod has an IoT Edge proxy "
            f"sidecar on ports 35000 and 35001, so a second host-network pod collides with the first and fails; "
            f"keep host networking for one module only.",
        )
