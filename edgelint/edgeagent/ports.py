"""Ports and the module's Service (PortAndProtocol, PortExtensions, KubernetesServiceMapper)."""

from __future__ import annotations

from functools import lru_cache

from edgelint.edgeagent.create_options import K8S_SECTION, experimental_options, json_text
from edgelint.edgeagent.memo import once_per_module
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.manifest import Module
    from edgelint.source.nodes import Node

    PortFailure = tuple[Node, str, str | None]


# Ports of the iotedge proxy sidecar in every module pod (management and workload API).
PROXY_PORTS = (35000, 35001)

# The Service type the agent uses for PortBindings when nothing else is said: the Helm
# default is ClusterIP, but Azure Stack Edge configures LoadBalancer (external service IPs).
ASE_PORT_MAPPING_SERVICE_TYPE = "LoadBalancer"

SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"}

# The port numbers Kubernetes accepts for a container port and a Service's port and targetPort.
PORT_RANGE = range(1, 65536)

_DOTNET_INT = lazy_compile(r"[\t\n\v\f\r ]*([+-]?[0-9]+)[\t\n\v\f\r ]*")

_PROTOCOLS = ("TCP", "UDP", "SCTP")

# Json.NET's exceptions where createOptions members do not have the shape of the Docker model.
READ_EXCEPTION = "JsonSerializationException"


def dotnet_int(text: str) -> int | None:
    """int.TryParse (NumberStyles.Integer): decimal digits with an optional sign and white space
    around them, within 32 bits. None where it fails."""
    match = _DOTNET_INT.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(1))
    return value if -(2**31) <= value < 2**31 else None


@lru_cache(maxsize=1024)  # every port rule parses the same few keys of a module again
def parse_port_key(key: str) -> tuple[int, str] | None:
    """PortAndProtocol.Parse: the key split on '/' with empty parts removed, then a port
    (int.TryParse) and optionally a protocol, tcp, udp or sctp in any case, TCP by default: `80/`
    and `/80` are TCP port 80. Returns (port, protocol), or None where the agent drops the entry.
    The port may lie outside PORT_RANGE: the agent passes it on and the Kubernetes API rejects it."""
    parts = [part for part in key.split("/") if part]
    if not key.strip() or not parts or len(parts) > 2:
        return None
    port = dotnet_int(parts[0])
    protocol = "TCP" if len(parts) == 1 else parts[1].upper() if parts[1].isascii() else None
    if port is None or protocol not in _PROTOCOLS:
        return None
    return port, protocol


def port_key_throws(key: str) -> bool:
    """PortAndProtocol.Parse reads the first part of a key made of '/' only, which has none:
    it throws IndexOutOfRangeException."""
    return bool(key) and not key.strip("/")


def parse_host_port(value: object) -> int | None:
    """A binding's HostPort as the agent reads it: Json.NET reads the createOptions text and
    gives the string property a number's own text (`8080`, `8080.0`) or a boolean's (`True`),
    then int.TryParse. None where the binding is dropped. The number may lie outside PORT_RANGE."""
    if isinstance(value, (dict, list, float)):
        return None  # a JSON number with a fraction or exponent is no int.TryParse text
    text = json_text(value)
    return dotnet_int(text) if text is not None else None


def host_port_service_port_name(port: int, protocol: str) -> str:
    """PortExtensions.ExtractHostPorts: the Service port name of a PortBindings entry."""
    return f"hostport-{port}-{protocol}".lower()


class ServicePort:
    """A Service port the agent builds from one ExposedPorts key, or from one binding of a
    PortBindings key; then `port` is its HostPort and `target` the container port. `member` is
    the member whose name is the port key; `node` the value that sets the port (the binding's
    HostPort, else the member)."""

    __slots__ = ("section", "member", "node", "port", "protocol", "target", "order")

    section: str
    member: Node
    node: Node
    port: int
    protocol: str
    target: int
    order: int

    def __init__(self, section: str, member: Node, node: Node, port: int, protocol: str, target: int) -> None:
        self.section = section
        self.member = member
        self.node = node
        self.port = port
        self.protocol = protocol
        self.target = target
        self.order = 0  # where the agent reads it: ExposedPorts first, then the PortBindings

    def __repr__(self) -> str:
        return f"<ServicePort {self.port}/{self.protocol} -> {self.target} from {self.section} {self.key}>"

    @property
    def key(self) -> str:
        return str(self.member.key)

    @property
    def exposed(self) -> bool:
        return self.section == "ExposedPorts"

    @property
    def name(self) -> str:
        """GetExposedPorts: `exposedport-<port>-<protocol>`; GetHostPorts: `hostport-<container port>-<protocol>`."""
        if self.exposed:
            return f"exposedport-{self.port}-{self.protocol}".lower()
        return host_port_service_port_name(self.target, self.protocol)

    def describe(self) -> str:
        """How a message names the entry: ExposedPorts `53/udp`, PortBindings `53/udp` (HostPort 5353)."""
        if self.exposed:
            return f"ExposedPorts `{self.key}`"
        return f"PortBindings `{self.key}` (HostPort {self.port})"

    def to_k8s(self) -> dict[str, str | int]:
        port: dict[str, str | int] = {"name": self.name, "protocol": self.protocol, "port": self.port}
        if not self.exposed:
            port["targetPort"] = self.target
        return port


def exposed_ports(module: Module) -> list[ServicePort]:
    """PortExtensions.GetExposedPorts (and GetContainerPorts): a port for every ExposedPorts
    key that parses."""
    ports: list[ServicePort] = []
    for member in module.exposed_ports():
        parsed = parse_port_key(str(member.key))
        if parsed is not None:
            ports.append(ServicePort("ExposedPorts", member, member, parsed[0], parsed[1], parsed[0]))
    return ports


@once_per_module
def host_ports(module: Module) -> list[ServicePort]:
    """PortExtensions.GetHostPorts: a Service port for every binding with a numeric HostPort of
    a PortBindings key that parses."""
    ports: list[ServicePort] = []
    for member in module.port_bindings():
        parsed = parse_port_key(str(member.key))
        if parsed is None or not member.is_array:
            continue
        for binding in member.value:
            host_port = binding.get_ci("HostPort") if binding.is_object else None
            number = parse_host_port(host_port.value) if host_port is not None else None
            if host_port is not None and number is not None:
                ports.append(ServicePort("PortBindings", member, host_port, number, parsed[1], parsed[0]))
    return ports


@once_per_module
def service_ports(module: Module) -> tuple[list[ServicePort], list[tuple[ServicePort, ServicePort]]]:
    """KubernetesServiceMapper.PrepareService: the module's ports keyed by the Service port
    number, ExposedPorts first, then the PortBindings, a later port replacing an earlier one of
    the same number. Returns the ports the Service keeps (in the Service's order: a replacement
    takes the place of the port it replaces) and the replacements as (earlier, later) pairs."""
    kept: dict[int, ServicePort] = {}
    replaced: list[tuple[ServicePort, ServicePort]] = []
    for order, port in enumerate(exposed_ports(module) + host_ports(module)):
        port.order = order
        earlier = kept.get(port.port)
        if earlier is not None:
            replaced.append((earlier, port))
        kept[port.port] = port
    return list(kept.values()), replaced


@once_per_module
def port_failures(module: Module) -> list[PortFailure]:
    """The port entries that make the agent throw, as (node, .NET exception, the shape Docker's
    model wants there or None). Json.NET reads ExposedPorts as a map of empty objects and
    PortBindings as a map of lists of objects with string HostIP and HostPort; then
    PortExtensions.ExtractHostPorts walks the bindings of each key that parses (a null list or
    binding throws there), and PortAndProtocol.Parse throws on a key made of '/' only. Entries
    with a template placeholder are unknown and left out."""
    failures: list[PortFailure] = []
    for section, node, members in (
        ("ExposedPorts", module.create_option("ExposedPorts"), module.exposed_ports()),
        ("PortBindings", module.host_option("PortBindings"), module.port_bindings()),
    ):
        if node is not None and node.kind not in ("object", "null"):
            failures.append((node, READ_EXCEPTION, _SHAPES[section]))
        for member in members:
            failure = _member_failure(section, member)
            if failure is not None:
                failures.append(failure)
    return [
        failure
        for failure in failures
        if not has_placeholder(failure[0].value) and not has_placeholder(str(failure[0].key))
    ]


_SHAPES = {
    "ExposedPorts": "a map of port keys to `{}`",
    "PortBindings": "a map of port keys to lists of bindings",
    "exposed": "`{}`",
    "bindings": 'a list of bindings such as `[{"HostPort": "8080"}]`',
    "binding": 'an object such as `{"HostPort": "8080"}`',
    "field": "a string",
}


def _member_failure(section: str, member: Node) -> PortFailure | None:
    key = str(member.key)
    if section == "ExposedPorts" and not member.is_object:
        return member, READ_EXCEPTION, _SHAPES["exposed"]
    if section == "PortBindings" and member.kind not in ("array", "null"):
        return member, READ_EXCEPTION, _SHAPES["bindings"]
    bindings = member.value if member.is_array else []
    for binding in bindings:
        if binding.kind not in ("object", "null"):
            return binding, READ_EXCEPTION, _SHAPES["binding"]
        for name in ("HostIP", "HostPort"):
            field = binding.get_ci(name)
            if field is not None and field.kind in ("object", "array"):
                return field, READ_EXCEPTION, _SHAPES["field"]
    if port_key_throws(key):
        return member, "IndexOutOfRangeException", None
    if section == "ExposedPorts" or parse_port_key(key) is None:
        return None
    if member.value is None:
        return member, "ArgumentNullException", None
    return next(((binding, "NullReferenceException", None) for binding in bindings if binding.value is None), None)


def has_port_bindings(create_options: Node | None) -> bool:
    """KubernetesServiceMapper: the module counts as having port bindings when
    HostConfig.PortBindings is not null, even when it is empty or gives no Service port."""
    host_config = create_options.get_ci("HostConfig") if create_options is not None else None
    bindings = host_config.get_ci("PortBindings") if host_config is not None else None
    return bindings is not None and bindings.value is not None


def explicit_service_type(create_options: Node | None) -> str | None:
    """`k8s-experimental.serviceOptions.type` where the agent reads it as a Service type
    (KubernetesServiceOptions: ClusterIP, NodePort or LoadBalancer in any case), else None."""
    if create_options is None:
        return None
    options = experimental_options(create_options.get(K8S_SECTION)).get("serviceOptions")
    kind = options.get_ci("type") if options is not None else None
    if kind is not None and isinstance(kind.value, str):
        return SERVICE_TYPES.get(kind.value.lower())
    return None


def service_type(create_options: Node | None, default: str = ASE_PORT_MAPPING_SERVICE_TYPE) -> str:
    """KubernetesServiceMapper.GetServiceType: the explicit type wins; otherwise ClusterIP when
    the module has no port bindings (only ExposedPorts), else the agent's default."""
    explicit = explicit_service_type(create_options)
    if explicit is not None:
        return explicit
    return default if has_port_bindings(create_options) else "ClusterIP"
