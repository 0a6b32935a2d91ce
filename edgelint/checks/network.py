"""Network rules: ports, the module's Service and host networking as Kubernetes IoT Edge builds
them (PortAndProtocol, PortExtensions, KubernetesServiceMapper, KubernetesDeploymentMapper)."""

import re

from edgelint.fixes.intents import FixIntent, Replace, SetMember
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import (
    PORT_RANGE, PROXY_PORTS, explicit_service_type, has_port_bindings, host_ports,
    parse_host_port, parse_port_key, port_failures, port_key_throws, service_ports, service_type,
)

# What follows when the Kubernetes API rejects a module's Service: EdgeDeploymentController
# sends every Service before any Deployment and stops at the first failure.
SERVICE_REJECTED = (
    "the Kubernetes API rejects the module's Service and the agent stops there, before it creates or updates any "
    "module's Deployment: the whole deployment fails"
)


def port_entries(module):
    """The ports of the module's Service: the agent creates the Service only when there are some."""
    return service_ports(module)[0]


def _port_keys(module):
    """(section, member) for every member of ExposedPorts and HostConfig.PortBindings."""
    return [("ExposedPorts", node) for node in module.exposed_ports()] + [
        ("PortBindings", node) for node in module.port_bindings()
    ]


def _bindings(member):
    """The binding objects of one PortBindings member."""
    return [binding for binding in member.value if binding.is_object] if member.is_array else []


def _point(port):
    """(node, on_key) of a Service port: the HostPort of a binding, the key of an exposed port."""
    return (port.member, True) if port.exposed else (port.node, False)


@rule(
    "EL004",
    "mixed-protocol-ports",
    "error",
    "Two protocols on one Service port, where one is lost, or TCP and UDP in one LoadBalancer Service.",
    tags=("network",),
)
def mixed_protocol_ports(manifest):
    for module in manifest.modules:
        kept, replaced = service_ports(module)
        for earlier, later in replaced:
            if earlier.protocol != later.protocol:
                node, on_key = _point(later)
                yield Problem(
                    node,
                    f"{later.describe()} lands on Service port {later.port} like {earlier.describe()}: the agent keys "
                    f"the Service's ports by number, so {later.protocol} silently replaces {earlier.protocol} and "
                    f"{earlier.protocol} port {earlier.port} is unreachable through the Service; give one protocol "
                    f"a Service port of its own (a different HostPort in PortBindings).",
                    on_key=on_key, level="warning",  # silently changed, not rejected
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


@rule(
    "EL005",
    "host-port-missing",
    "warning",
    "A port the agent drops or that fails the deployment: no numeric HostPort, a port range, an unparsable key, "
    "a port outside 1-65535, null bindings.",
    fix="unsafe",
    tags=("network",),
)
def host_port_missing(manifest):
    for module in manifest.modules:
        for node, exception, shape in port_failures(module):
            on_key = exception == "IndexOutOfRangeException"  # a key of '/' only
            yield Problem(node, _failure_message(module, node, exception, shape), on_key=on_key, level="error")
        bound = {port.member.pointer for port in host_ports(module)}  # keys that give a Service port
        for section, member in _port_keys(module):
            key = str(member.key)
            if has_placeholder(key) or port_key_throws(key):
                continue
            parsed = parse_port_key(key)
            if parsed is None:
                yield Problem(member, _unparsable_port_key(key, section), on_key=True)
                continue
            if parsed[0] not in PORT_RANGE and (section == "ExposedPorts" or member.pointer in bound):
                yield Problem(
                    member,
                    f"{section} entry `{key}`: {parsed[0]} is not a port number from 1 to 65535, so "
                    f"{SERVICE_REJECTED}; use a port from 1 to 65535.",
                    on_key=True, level="error",
                )
            if section == "PortBindings":
                yield from _host_port_problems(module, member, key, parsed)


def _host_port_problems(module, member, key, parsed):
    for binding in _bindings(member):
        host_port = binding.get_ci("HostPort")
        if host_port is not None and (has_placeholder(host_port.value) or host_port.kind in ("object", "array")):
            continue  # unknown, or a shape the agent cannot read (reported above)
        number = parse_host_port(host_port.value) if host_port is not None else None
        if number is None:
            yield Problem(
                binding if host_port is None else host_port,
                f"This binding of {key} has no numeric HostPort: Kubernetes IoT Edge drops it (there are no "
                f"random host ports), so the port is not published; set HostPort to a port number.",
                fix=_host_port_fix(module, binding, host_port, *parsed),
            )
        elif number not in PORT_RANGE:
            advice = (
                "Docker's 0 asks for a random host port, which Kubernetes does not have; set HostPort to a port number"
                if number == 0 else "set HostPort to a port from 1 to 65535"
            )
            yield Problem(
                host_port,
                f"HostPort {number} of `{key}` is not a port number from 1 to 65535: the agent makes it a Service "
                f"port, so {SERVICE_REJECTED}; {advice}.",
                fix=_host_port_fix(module, binding, host_port, *parsed) if number == 0 else None,
                level="error",
            )


def _host_port_fix(module, binding, host_port, port, protocol):
    """Publish the container port on the Service port of the same number, unless another port
    of the module already lands there (it would replace that one), the number is no port, or it
    is a proxy port (EL007: that container port cannot work anyway)."""
    taken = {
        other.port for other in service_ports(module)[0]
        if other.node is not host_port and not (other.exposed and (other.port, other.protocol) == (port, protocol))
    }
    if port in taken or port not in PORT_RANGE or port in PROXY_PORTS:
        return None
    title = f"Set HostPort to {port}, the container port (clients on Docker's random host port must change)"
    change = SetMember(binding, ("HostPort",), str(port)) if host_port is None else Replace(host_port, str(port))
    return FixIntent(title, [change])


def _failure_message(module, node, exception, shape):
    """Why the agent throws on a port entry, and that this fails the whole deployment."""
    whole = "so the whole deployment fails (no module's Service or Deployment is created or updated)"
    if shape is not None:
        return (
            f"{_describe(module, node)} is not {shape}: the agent reads createOptions with Docker's model, which "
            f"throws {exception} here, {whole}; write it as {shape}."
        )
    if exception == "IndexOutOfRangeException":
        return (
            f"Port key `{node.key}` has no port: the agent's PortAndProtocol.Parse throws {exception} on it, "
            f"{whole}; remove it."
        )
    subject = f"The bindings of `{node.key}` are" if node.parent.is_object else f"A binding of `{node.parent.key}` is"
    return (
        f"{subject} null: Docker accepts that, but the agent's PortExtensions.ExtractHostPorts throws {exception} on "
        f'it, {whole}; write the bindings as a list such as `[{{"HostPort": "8080"}}]`, or remove the entry.'
    )


def _describe(module, node):
    """How a message names a port entry of the wrong shape."""
    parent = node.parent
    if parent is module.create_options or parent is module.host_config:
        return f"`{node.key}`"
    if parent.is_array:
        return f"A binding of `{parent.key}`"
    if parent.parent is not None and parent.parent.is_array:
        return f"`{node.key}` of a binding of `{parent.parent.key}`"
    return f"{'ExposedPorts' if parent is module.create_option('ExposedPorts') else 'PortBindings'} `{node.key}`"


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
    "Two Service ports with one name (a container port bound twice), or a Service port that replaces another's.",
    tags=("network",),
)
def duplicate_service_port(manifest):
    for module in manifest.modules:
        kept, replaced = service_ports(module)
        first_by_name = {}
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
                node, on_key = _point(later)
                yield Problem(
                    node,
                    f"{later.describe()} lands on Service port {later.port} like {earlier.describe()}: the agent "
                    f"keys the Service's ports by number, so this one silently replaces it and container port "
                    f"{earlier.target} is unreachable through the Service (port {later.port} reaches container port "
                    f"{later.target}); give each its own Service port with a different HostPort.",
                    on_key=on_key, level="warning",  # silently changed, not rejected
                )


@rule(
    "EL007",
    "reserved-proxy-port",
    "error",
    "A container port 35000 or 35001, where the IoT Edge proxy sidecar in every pod listens.",
    tags=("network",),
)
def reserved_proxy_port(manifest):
    for module in manifest.modules:
        for section, member in _port_keys(module):
            parsed = parse_port_key(str(member.key))
            if parsed is not None and parsed[0] in PROXY_PORTS:
                yield Problem(
                    member,
                    f"Container port {parsed[0]} is reserved: every module pod shares its network with the IoT Edge "
                    f"proxy sidecar, which listens on localhost:35000 and 35001; pick another port.",
                    on_key=True,
                )


@rule(
    "EL008",
    "multiple-host-network",
    "error",
    "More than one running module with NetworkMode host: their proxy sidecars collide on ports 35000/35001.",
    tags=("network",),
)
def multiple_host_network(manifest):
    first = None
    for module in manifest.modules:
        mode = module.host_option("NetworkMode")
        if mode is None or not mode.is_string or mode.value.lower() != "host" or _stopped(module):
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


def _stopped(module):
    """KubernetesDeploymentMapper: a module whose desired status is stopped gets 0 replicas, so
    no pod."""
    status = module.node.get("status")
    return status is not None and status.is_string and status.value.lower() == "stopped"


@rule(
    "EL044",
    "exposed-port-external",
    "warning",
    "An ExposedPorts port that PortBindings, even an empty one, put on the external IP of a LoadBalancer Service.",
    tags=("network",),
)
def exposed_port_external(manifest):
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


def _unknown_bindings(module):
    """A PortBindings key or HostPort with a placeholder could land on any Service port."""
    return any(
        has_placeholder(str(member.key)) or any(
            has_placeholder(binding.get_ci("HostPort").value) for binding in _bindings(member)
            if binding.get_ci("HostPort") is not None
        )
        for member in module.port_bindings()
    )
