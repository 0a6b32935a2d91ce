"""EL005 host-port-missing: A port the agent drops or that fails the deployment: no numeric HostPort, a port range, an unparsable key, a port outside 1-65535, null bindings."""

from __future__ import annotations

import re
from functools import partial

from edgelint.checks.helpers.network import SERVICE_REJECTED, bindings, port_keys
from edgelint.edgeagent.ports import (
    PORT_RANGE,
    PROXY_PORTS,
    host_ports,
    parse_host_port,
    parse_port_key,
    port_failures,
    port_key_throws,
    service_ports,
)
from edgelint.fixes.intents import FixIntent, Replace, SetMember
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node


@rule(
    "EL005",
    "host-port-missing",
    "warning",
    "A port the agent drops or that fails the deployment: no numeric HostPort, a port range, an unparsable key, "
    "a port outside 1-65535, null bindings.",
    fix="unsafe",
    tags=("network",),
)
def host_port_missing(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        for node, exception, shape in port_failures(module):
            on_key = exception == "IndexOutOfRangeException"  # a key of '/' only
            yield Problem(node, _failure_message(module, node, exception, shape), on_key=on_key, level="error")
        bound: list[set[str]] = []  # the keys that give a Service port, found when a port is out of range
        for section, member in port_keys(module):
            key = str(member.key)
            if has_placeholder(key) or port_key_throws(key):
                continue
            parsed = parse_port_key(key)
            if parsed is None:
                yield Problem(member, _unparsable_port_key(key, section), on_key=True)
                continue
            if parsed[0] not in PORT_RANGE and (section == "ExposedPorts" or member.pointer in _bound(module, bound)):
                yield Problem(
                    member,
                    f"{section} entry `{key}`: {parsed[0]} is not a port number from 1 to 65535, so "
                    f"{SERVICE_REJECTED}; use a port from 1 to 65535.",
                    on_key=True,
                    level="error",
                )
            if section == "PortBindings":
                yield from _host_port_problems(module, member, key, parsed)


def _bound(module: Module, found: list[set[str]]) -> set[str]:
    """The PortBindings members that give a Service port, found on first use into `found`."""
    if not found:
        found.append({port.member.pointer for port in host_ports(module)})
    return found[0]


def _host_port_problems(module: Module, member: Node, key: str, parsed: tuple[int, str]) -> Iterator[Problem]:
    for binding in bindings(member):
        host_port = binding.get_ci("HostPort")
        if host_port is not None and (has_placeholder(host_port.value) or host_port.kind in ("object", "array")):
            continue  # unknown, or a shape the agent cannot read (reported above)
        number = parse_host_port(host_port.value) if host_port is not None else None
        if host_port is None or number is None:
            yield Problem(
                binding if host_port is None else host_port,
                f"This binding of {key} has no numeric HostPort: Kubernetes IoT Edge drops it (there are no "
                f"random host ports), so the port is not published; set HostPort to a port number.",
                fix=partial(_host_port_fix, module, binding, host_port, *parsed),
            )
        elif number not in PORT_RANGE:
            advice = (
                "Docker's 0 asks for a random host port, which Kubernetes does not have; set HostPort to a port number"
                if number == 0
                else "set HostPort to a port from 1 to 65535"
            )
            yield Problem(
                host_port,
                f"HostPort {number} of `{key}` is not a port number from 1 to 65535: the agent makes it a Service "
                f"port, so {SERVICE_REJECTED}; {advice}.",
                fix=partial(_host_port_fix, module, binding, host_port, *parsed) if number == 0 else None,
                level="error",
            )


def _host_port_fix(module: Module, binding: Node, host_port: Node | None, port: int, protocol: str) -> FixIntent | None:
    """Publish the container port on the Service port of the same number, unless another port
    of the module already lands there (it would replace that one), the number is no port, or it
    is a proxy port (EL007: that container port cannot work anyway)."""
    taken = {
        other.port
        for other in service_ports(module)[0]
        if other.node is not host_port and not (other.exposed and (other.port, other.protocol) == (port, protocol))
    }
    if port in taken or port not in PORT_RANGE or port in PROXY_PORTS:
        return None
    title = f"Set HostPort to {port}, the container port (clients on Docker's random host port must change)"
    change = SetMember(binding, ("HostPort",), str(port)) if host_port is None else Replace(host_port, str(port))
    return FixIntent(title, [change])


def _failure_message(module: Module, node: Node, exception: str, shape: str | None) -> str:
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
    parent = node.parent
    subject = (
        f"The bindings of `{node.key}` are" if parent is None or parent.is_object else f"A binding of `{parent.key}` is"
    )
    return (
        f"{subject} null: Docker accepts that, but the agent's PortExtensions.ExtractHostPorts throws {exception} on "
        f'it, {whole}; write the bindings as a list such as `[{{"HostPort": "8080"}}]`, or remove the entry.'
    )


def _describe(module: Module, node: Node) -> str:
    """How a message names a port entry of the wrong shape."""
    parent = node.parent
    if parent is None or parent is module.create_options or parent is module.host_config:
        return f"`{node.key}`"
    if parent.is_array:
        return f"A binding of `{parent.key}`"
    if parent.parent is not None and parent.parent.is_array:
        return f"`{node.key}` of a binding of `{parent.parent.key}`"
    return f"{'ExposedPorts' if parent is module.create_option('ExposedPorts') else 'PortBindings'} `{node.key}`"


def _unparsable_port_key(key: str, section: str) -> str:
    if re.fullmatch(r"[0-9]+-[0-9]+(/[A-Za-z]+)?", key):
        return (
            f"{section} entry `{key}` is a port range: Kubernetes IoT Edge reads single ports only and silently "
            f"drops it; list each port separately."
        )
    return (
        f"{section} entry `{key}` is not `<port>` or `<port>/tcp|udp|sctp`: Kubernetes IoT Edge silently drops it; "
        f"write it as, for example, `8080/tcp`."
    )
