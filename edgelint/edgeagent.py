"""What edgeAgent on Kubernetes (IoT Edge 0.1.0-beta15, the version Azure Stack Edge runs) does
with a module spec: its sanitisers and parsers, mirrored once so that rules, fixes and the
Kubernetes preview all agree with the device.

Each function names the C# code it mirrors, so each piece can be checked against
https://github.com/Azure/iotedge/tree/edge-on-k8s-public-preview-beta15/edge-agent/src/Microsoft.Azure.Devices.Edge.Agent.Kubernetes
"""

from __future__ import annotations

from functools import lru_cache

from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import TypeGuard, TypeVar

    from edgelint.manifest import Module
    from edgelint.source.nodes import Node, ParseError

    _T = TypeVar("_T")
    Version = tuple[int, ...]
    PortFailure = tuple[Node, str, str | None]


def once_per_module(derive: Callable[[Module], _T]) -> Callable[[Module], _T]:
    """`derive(module)` computed once per module: several rules ask each module for the same
    ports and volumes. Callers must not change what it returns."""

    def derived(module: Module) -> _T:
        memo = module.memo
        value = memo.get(derive)
        if value is None:
            value = memo[derive] = derive(module)
        return value

    derived.__name__, derived.__doc__ = derive.__name__, derive.__doc__
    return derived


# Ports of the iotedge proxy sidecar in every module pod (management and workload API).
PROXY_PORTS = (35000, 35001)

# The Service type the agent uses for PortBindings when nothing else is said: the Helm
# default is ClusterIP, but Azure Stack Edge configures LoadBalancer (external service IPs).
ASE_PORT_MAPPING_SERVICE_TYPE = "LoadBalancer"
SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"}

# createOptions chunking (Docker/Constants.cs: TwinValueMaxSize, TwinValueMaxChunks).
CHUNK_SIZE = 512
MAX_CHUNKS = 100

# CombinedKubernetesConfigProvider reads this createOptions member case-sensitively.
K8S_SECTION = "k8s-experimental"
# KubernetesExperimentalCreatePodParameters.KnownExperimentalOptions (case-insensitive).
K8S_OPTIONS = ("nodeSelector", "resources", "volumes", "securityContext", "serviceOptions", "strategy")
# Fields of a container's V1SecurityContext that the pod-level V1PodSecurityContext, which
# `k8s-experimental.securityContext` is read as, does not have: they are dropped.
CONTAINER_ONLY_SECURITY_FIELDS = (
    "allowPrivilegeEscalation", "capabilities", "privileged", "procMount", "readOnlyRootFilesystem",
)
# Pod volumes the Helm chart gives every module pod (the proxy sidecar's ConfigMaps) and,
# in edgeAgent's pod, its configuration.
PROXY_VOLUME_NAMES = ("config-volume", "trust-bundle-volume")
AGENT_VOLUME_NAME = "agent-config-volume"

# EdgeAgentConnection.ExpectedSchemaVersion and Hub.Core Constants.ConfigSchemaVersion:
# `new Version("1.1.0")`, so its revision is undefined (-1).
SUPPORTED_SCHEMA_VERSION = (1, 1, 0, -1)

# Kubernetes env var names before KEP-4369 (what Azure Stack Edge firmware ran for years).
ENV_NAME = lazy_compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
DNS_LABEL = lazy_compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")

_NOT_K8S_VALUE = lazy_compile(r"[^a-z0-9.-]")
_NOT_DNS = lazy_compile(r"[^a-z0-9-]")


def sanitize_module_name(name: str) -> str:
    """KubeUtils.SanitizeK8sValue: lower-case, drop everything but [a-z0-9.-].

    Used for the Deployment, container, ServiceAccount and Service names. It neither trims
    leading/trailing '-' or '.' nor caps the length at 63 (only at 253)."""
    return _NOT_K8S_VALUE.sub("", name.lower())


def sanitize_dns_label(value: str) -> str | None:
    """KubeUtils.SanitizeDNSLabel: lower-case, keep [a-z0-9-], trim to an alphanumeric at
    both ends. Returns None where the agent throws (empty, or longer than 63)."""
    label = _NOT_DNS.sub("", value.lower()).strip("-")
    if not label or len(label) > 63:
        return None
    return label


def is_dns_label(value: str) -> bool:
    """Kubernetes IsDNS1123Label (container, volume and port names): lower-case letters,
    digits and '-', alphanumeric at both ends, at most 63 characters."""
    return len(value) <= 63 and DNS_LABEL.fullmatch(value) is not None


def module_name_problem(name: str, has_service: bool) -> str | None:
    """Why Kubernetes rejects the objects the agent names after module `name`, or None.

    The agent uses sanitize_module_name for the container name, which must be a DNS-1123
    label, and for the Service name (only created when the module declares ports), which
    must also be a DNS-1035 label: it has to start with a letter."""
    k8s_name = sanitize_module_name(name)
    if not k8s_name:
        return "nothing is left of the name"
    if "." in k8s_name:
        return "it contains a dot"
    if len(k8s_name) > 63:
        return f"it is {len(k8s_name)} characters long, more than 63"
    if not is_dns_label(k8s_name):
        return "it starts or ends with '-'"
    if has_service and not k8s_name[0].isalpha():
        return "it starts with a digit, which the module's Service name cannot"
    return None


def mount_kind(mount_type: object) -> str | None:
    """How KubernetesDeploymentMapper.CollectModuleVolumes treats a HostConfig.Mounts Type
    (compared case-insensitively): 'bind' (hostPath), 'volume' (PersistentVolumeClaim),
    or None for every other type, which is silently ignored."""
    kind = mount_type.lower() if isinstance(mount_type, str) else None
    return kind if kind in ("bind", "volume") else None


def split_bind(bind: str) -> tuple[str, str, bool] | None:
    """A HostConfig.Binds entry `src:dst[:mode]` as KubernetesDeploymentMapper splits it:
    a plain split on ':'. Returns (source, target, read_only) or None when it is dropped."""
    parts = bind.split(":")
    if len(parts) < 2:
        return None
    read_only = len(parts) > 2 and "ro" in parts[2]
    return parts[0], parts[1], read_only


def split_env(entry: str) -> tuple[str, str] | None:
    """A createOptions.Env entry split at the first '='; None when the agent drops it
    (no '=' or an empty name)."""
    name, sep, value = entry.partition("=")
    if not sep or not name:
        return None
    return name, value


def is_host_mode(node: Node | None) -> TypeGuard[Node]:
    """KubernetesDeploymentMapper: a NetworkMode, IpcMode or PidMode value matters only when
    it is `host` (any case): hostNetwork, hostIPC, hostPID. Every other value is dropped."""
    return node is not None and node.is_string and node.value.lower() == "host"


def desired_replicas(module_node: Node) -> int:
    """KubernetesDeploymentMapper.CreateDeployment: the module's Deployment has 0 replicas when
    its desired `status` is `stopped` (any case), else 1 ("assume Running if not Stopped")."""
    status = module_node.get("status")
    stopped = status is not None and isinstance(status.value, str) and status.value.lower() == "stopped"
    return 0 if stopped else 1


def reserved_volume_names(module_name: str) -> tuple[str, ...]:
    """Pod volume names a module's own volumes must not reuse (the pod would have two)."""
    names = PROXY_VOLUME_NAMES
    return names + (AGENT_VOLUME_NAME,) if module_name == "edgeAgent" else names


def chunk_order(keys: Iterable[str]) -> list[str]:
    """The createOptions chunk keys in the order DockerConfig joins them: JsonEx.ChunkedValue
    sorts them ordinally, ignoring case (so `createOptions10` comes before `createOptions2`)."""
    return sorted(keys, key=str.upper)


def chunk_key_problem(position: int, suffix: str) -> str | None:
    """ChunkedProperty.Validate for the chunk at `position` (0-based, in chunk_order) whose
    key ends in the digits `suffix`: the first must have none, the n-th must parse as n.
    Returns the expected suffix when the agent throws, else None."""
    if position == 0:
        return "" if suffix else None
    if suffix and int(suffix) == position:
        return None
    return f"{position:02d}"


def parse_schema_version(value: object) -> Version | None:
    """EdgeAgentConnection.ValidateSchemaVersion (EdgeHubDesiredProperties.ValidateSchemaVersion
    alike): the value as the agent reads it into a string (a JSON number as Json.NET writes it),
    then System.Version.TryParse. Returns (major, minor, build, revision), -1 for a missing
    build or revision, or None when the agent rejects it as invalid."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return dotnet_version(value if isinstance(value, str) else json_number_text(value))


def schema_version_supported(version: Version) -> bool:
    """`actual.Major == expected.Major && !(actual > expected)`: System.Version compares
    major, minor, build and revision in turn, a missing part (-1) below any number."""
    return version[0] == SUPPORTED_SCHEMA_VERSION[0] and version <= SUPPORTED_SCHEMA_VERSION


# Int32.TryParse with NumberStyles.Integer: white space around, one leading sign, ASCII digits.
_DOTNET_INTEGER = lazy_compile(r"[\t\n\v\f\r ]*([-+]?[0-9]+)[\t\n\v\f\r ]*")


def dotnet_version(text: str) -> Version | None:
    """System.Version.TryParse (.NET Core 3.1): two to four '.'-separated components, each read
    by Int32.TryParse (NumberStyles.Integer: surrounding white space, a sign, leading zeros) and
    not negative. Returns (major, minor, build, revision) with -1 for a missing build or
    revision, or None."""
    parts = text.split(".")
    if not 2 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        match = _DOTNET_INTEGER.fullmatch(part)
        number = int(match.group(1)) if match else -1
        if not 0 <= number <= 2**31 - 1:
            return None
        numbers.append(number)
    return tuple(numbers + [-1] * (4 - len(numbers)))


def format_version(version: Version) -> str:
    """A System.Version as .NET prints it: the parts that are defined."""
    return ".".join(str(part) for part in version if part >= 0)


# --- ports and the module's Service (PortAndProtocol, PortExtensions, KubernetesServiceMapper) ---

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
    return value if -2**31 <= value < 2**31 else None


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
    return [failure for failure in failures
            if not has_placeholder(failure[0].value) and not has_placeholder(str(failure[0].key))]


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


# --- names of Kubernetes objects, labels and annotations (KubeUtils) ----------------------

_NOT_NAME_VALUE = lazy_compile(r"[^A-Za-z0-9._-]")
_ALPHANUMERIC = lazy_compile(r"[A-Za-z0-9]")
_LETTER = lazy_compile(r"[a-z]")


def sanitize_name_value(name: str) -> str | None:
    """KubeUtils.SanitizeNameValue (label values, the name part of annotation keys; case kept):
    from the first to the last ASCII letter or digit, keep [A-Za-z0-9._-]. Returns None where
    the agent throws InvalidKubernetesNameException (nothing left, or longer than 63)."""
    first = _ALPHANUMERIC.search(name)
    if first is None:
        return None
    value = _NOT_NAME_VALUE.sub("", name[first.start():]).rstrip("-._")
    return value if 0 < len(value) <= 63 else None


def sanitize_label_value(value: str) -> str | None:
    """KubeUtils.SanitizeLabelValue: sanitize_name_value of the lower-cased value (the device
    and IoT hub labels). None where the agent throws."""
    return sanitize_name_value(value.lower()) if value else None


def sanitize_dns_value(value: str) -> str | None:
    """KubeUtils.SanitizeDNSValue (a DNS-1035 label): like sanitize_dns_label, but starting at
    the first letter, so leading digits are dropped. None where the agent throws (empty, no
    letter, longer than 63)."""
    first = _LETTER.search(value.lower())
    return sanitize_dns_label(value.lower()[first.start():]) if first else None


def sanitize_dns_domain(name: str) -> str | None:
    """KubeUtils.SanitizeDNSDomain: every '.'-separated segment through sanitize_dns_value.
    None where the agent throws (an empty segment, a segment without a letter, longer than 63,
    a result longer than 253)."""
    if not name:
        return None
    segments: list[str] = []
    for segment in name.split("."):
        label = sanitize_dns_value(segment)
        if label is None:
            return None
        segments.append(label)
    domain = ".".join(segments)
    return domain if len(domain) <= 253 else None


def status_container_name(name: str) -> str | None:
    """PodExtensions.GetContainerByName: the container name under which the agent looks up a
    module's status, sanitize_dns_value of its Kubernetes name (`1worker` → `worker`); None
    where that throws. When it differs from the container's name, no status is found."""
    return sanitize_dns_value(sanitize_module_name(name))


def dns_domain_problem(name: str) -> str | None:
    """Why sanitize_dns_domain throws for `name` (a phrase such as "its segment `0` has no
    letter"), or None when it does not."""
    if not name:
        return "it is empty"
    for segment in name.split("."):
        if not segment:
            return "it has an empty segment between dots"
        if sanitize_dns_value(segment) is None:
            if _LETTER.search(segment.lower()) is None:
                return f"its segment `{segment}` has no letter"
            return f"its segment `{segment}` is longer than 63 characters"
    return None if sanitize_dns_domain(name) is not None else "it is longer than 253 characters"


def sanitize_annotation_key(key: str) -> str | None:
    """KubeUtils.SanitizeAnnotationKey, for createOptions.Labels, which become annotations:
    `prefix/name` as sanitize_dns_domain(prefix) + '/' + sanitize_name_value(name), or just the
    name. None where the agent throws InvalidKubernetesNameException (e.g. an empty key)."""
    if not key:
        return None
    prefix, slash, name = key.partition("/")
    if not slash:
        return sanitize_name_value(key)
    domain, value = sanitize_dns_domain(prefix), sanitize_name_value(name)
    return None if domain is None or value is None else f"{domain}/{value}"


def annotation_key_problem(key: str) -> str | None:
    """Why sanitize_annotation_key throws for `key`, or None when it does not."""
    if sanitize_annotation_key(key) is not None:
        return None
    prefix, slash, name = key.partition("/")
    if not slash:
        name = key
    elif dns_domain_problem(prefix) is not None:
        return f"the prefix `{prefix}` is no DNS domain: {dns_domain_problem(prefix)}"
    if not name:
        return "nothing follows '/'" if slash else "it is empty"
    if _ALPHANUMERIC.search(name) is None:
        return f"`{name}` has no letter or digit"
    return f"`{name}` is longer than 63 characters"


# --- images and registry credentials ----------------------------------------------------

# The registry of an image without a registry host (Docker Hub): Agent.Docker
# Constants.DefaultRegistryAddress, which credentials must name exactly (in any case) to match.
DEFAULT_REGISTRY = "https://index.docker.io/v1/"
_IMAGE = lazy_compile(r"(?P<repo>(?:[^/]*/)*)(?P<image>[^/:]+)(?P<tag>:[^/:]+)?")


def docker_image(image: object) -> str | None:
    """DockerConfig.ValidateAndGetImage: the image trimmed, with `:latest` added when it has
    no tag. None where the agent throws (blank, or not `[repo/]name[:tag]`)."""
    image = image.strip() if isinstance(image, str) else ""
    match = _IMAGE.fullmatch(image)
    if not image or match is None:
        return None
    return image if match.group("tag") else f"{image}:latest"


def image_registry(image: str) -> str | None:
    """AuthConfigExtensions.TryParseDomainFromImage: the registry host of an image (a first
    path component with '.' or ':'), DEFAULT_REGISTRY for `user/repo`, None for `repo` alone,
    which is never given registry credentials."""
    parts = image.split("/")
    if len(parts) < 2:
        return None
    return parts[0] if "." in parts[0] or ":" in parts[0] else DEFAULT_REGISTRY


def image_pull_secret_source(username: str, server_address: str) -> str:
    """ImagePullSecretName.Create before sanitising: `<username>-<registry host>` in lower case,
    the scheme and path of the address dropped, ':' as '-' (NamifyServerAddress)."""
    server = server_address.lower()
    for scheme in ("https://", "http://"):
        if server.startswith(scheme):
            server = server[len(scheme):]
            break
    host = server.split("/", 1)[0].replace(":", "-")
    return f"{username.lower()}-{host}"


def image_pull_secret_name(username: str, server_address: str) -> str | None:
    """ImagePullSecretName.Create: image_pull_secret_source through sanitize_dns_domain. None
    where the agent throws."""
    return sanitize_dns_domain(image_pull_secret_source(username, server_address))


def credentials_match(address: str, image: str) -> bool:
    """DockerUtil.FirstAuthConfig: registry credentials serve an image when their address is
    the image's registry (image_registry), compared ignoring case."""
    registry = image_registry(image.strip())
    return registry is not None and registry.lower() == address.lower()


# The edgeAgent Azure Stack Edge runs (IoT Edge 0.1.0-beta15) is of the 1.0/1.1 line of
# azureiotedge-agent; EdgeDeploymentCommand.PushEdgeDeployment keeps it whatever the manifest says.
_AGENT_LINE_IMAGE = lazy_compile(r"(?:.*/)?azureiotedge-agent:1\.[01](?:[.-].*)?")


def is_running_agent_line(image: str) -> bool:
    """True for an azureiotedge-agent image of the 1.0 or 1.1 line (`…:1.1`, `…:1.0.10`), the
    line of the agent that runs on the device, so naming it changes nothing."""
    return _AGENT_LINE_IMAGE.fullmatch(image.strip()) is not None


# --- the environment the agent gives every module ---------------------------------------

# KubernetesDeploymentMapper.CollectModuleEnv appends these after the module's own variables
# (the `env` section, then createOptions.Env), always (RuntimeLogLevel only when the module
# sets none, so it is not here).
RUNTIME_ENV = (
    "IOTEDGE_IOTHUBHOSTNAME", "IOTEDGE_AUTHSCHEME", "IOTEDGE_WORKLOADURI", "IOTEDGE_MODULEGENERATIONID",
    "IOTEDGE_DEVICEID", "IOTEDGE_MODULEID", "IOTEDGE_APIVERSION",
)
# ... then for edgeAgent its own settings (those set in every configuration) ...
AGENT_RUNTIME_ENV = (
    "Mode", "IOTEDGE_MANAGEMENTURI", "NetworkId", "ProxyImage", "ProxyConfigPath", "ProxyConfigVolume",
    "ProxyConfigMapName", "ProxyTrustBundlePath", "ProxyTrustBundleVolume", "ProxyTrustBundleConfigMapName",
    "K8sNamespace", "RunAsNonRoot", "EdgeK8sObjectOwnerApiVersion", "EdgeK8sObjectOwnerKind", "EdgeK8sObjectOwnerName",
    "EdgeK8sObjectOwnerUid", "PortMappingServiceType", "EnableK8sServiceCallTracing", "UseMountSourceForVolumeName",
)
# ... then for every module the edge device's host name, and for modules other than edgeAgent
# and edgeHub the gateway (edgeHub's Service).
EDGE_HOSTNAME_ENV = "EdgeDeviceHostName"
GATEWAY_ENV = "IOTEDGE_GATEWAYHOSTNAME"


def runtime_env_names(module_id: str) -> tuple[str, ...]:
    """The variables the agent appends to module `module_id`'s environment (`$edgeAgent`,
    `$edgeHub` or a user module's name), after the module's own: Kubernetes keeps the last of
    equal names, so a module's own value for one of them is lost."""
    names: tuple[str, ...] = RUNTIME_ENV
    if module_id == "$edgeAgent":
        names += AGENT_RUNTIME_ENV
    names += (EDGE_HOSTNAME_ENV,)
    if module_id not in ("$edgeAgent", "$edgeHub"):
        names += (GATEWAY_ENV,)
    return names


# --- reading createOptions as the agent's Json.NET models do ---------------------------

# KubernetesExperimentalCreatePodParameters: the JSON shape each option is read as; any other
# shape makes the deserialisation, and so the whole deployment, fail.
K8S_OPTION_KINDS = {
    "nodeSelector": "object", "resources": "object", "volumes": "array",
    "securityContext": "object", "serviceOptions": "object", "strategy": "object",
}


# The members of createOptions that edgeAgent's CreateContainerParameters model reads (Json.NET
# matches them in any case; a later casing replaces an earlier one). Every other member goes
# to its OtherProperties, which CombinedKubernetesConfigProvider.GetCombinedConfig copies into
# a Dictionary with StringComparer.OrdinalIgnoreCase: two of them that differ only in case
# make that copy throw, for every module of the deployment.
CREATE_OPTIONS_MODEL_MEMBERS = ("Env", "ExposedPorts", "HostConfig", "Image", "Labels", "NetworkingConfig")


def case_duplicates(create_options: Node) -> list[tuple[Node, Node, bool]]:
    """(earlier, later, throws) for the top-level createOptions members (an object node) whose
    names differ only in case; `throws` is True for members outside the model."""
    model = {name.lower() for name in CREATE_OPTIONS_MODEL_MEMBERS}
    first: dict[str, Node] = {}
    found: list[tuple[Node, Node, bool]] = []
    for name, node in create_options.items():
        earlier = first.setdefault(name.lower(), node)
        if earlier is not node:
            found.append((earlier, node, name.lower() not in model))
    return found


def create_options_absent(text: str) -> bool:
    """DockerConfig.GetCreateOptions: blank createOptions or the text `null` mean none."""
    return not text.strip() or text.strip().lower() == "null"


def experimental_options(section: Node | None) -> dict[str, Node]:
    """KubernetesExperimentalCreatePodParameters.PrepareSupportedOptionsStore: the known
    options of a `k8s-experimental` object node by their canonical name. Names match in any
    case and a later duplicate replaces an earlier one; other keys are dropped."""
    known = {name.lower(): name for name in K8S_OPTIONS}
    options: dict[str, Node] = {}
    for name, node in section.items() if section is not None and section.kind == "object" else ():
        if name.lower() in known:
            options[known[name.lower()]] = node
    return options


def json_text(value: object) -> str | None:
    """A JSON scalar as Json.NET reads it into a string property (env values, label values,
    Cmd items): a number as its text, a boolean as .NET prints it (`True`), null stays None.
    Inferred from Json.NET's conversions, not from a translator test."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    return dotnet_number_text(value)


# Double.ToString's invariant symbols, which JsonConvert.ToString writes as they are
_NON_FINITE = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}


def dotnet_number_text(value: object) -> str:
    """A JSON number as .NET Core 3.x prints the Int64, BigInteger or Double that Json.NET reads
    it as (Convert.ToString, invariant culture): the shortest text that reads back as the same
    double, in exponent form below 0.0001 (`1E-05`) and from 1E+15 on; `1.0` is `1`."""
    if not isinstance(value, float):
        return str(value)
    if repr(value) in _NON_FINITE:  # YAML's .inf and .nan
        return _NON_FINITE[repr(value)]
    from decimal import Decimal

    sign, digit_tuple, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)  # a finite number's exponent
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exponent  # the decimal point's position after the first digit
    minus = "-" if sign else ""
    if digits == "0":
        return minus + "0"
    if not -4 < point <= 15:
        rest = f".{digits[1:]}" if len(digits) > 1 else ""
        return f"{minus}{digits[0]}{rest}E{'+' if point > 0 else '-'}{abs(point - 1):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return minus + digits + "0" * (point - len(digits))
    return f"{minus}{digits[:point]}.{digits[point:]}"


def json_number_text(value: object) -> str:
    """A JSON number as Json.NET writes it back (JsonConvert.ToString): a double keeps a decimal
    point (`1.0`); the agent reads twin values such as schemaVersion from that text."""
    text = dotnet_number_text(value)
    if not isinstance(value, float) or text in _NON_FINITE.values() or any(c in text for c in ".E"):
        return text
    return text + ".0"


def json_bool(value: object) -> bool:
    """A JSON value as Json.NET reads it into a bool (Privileged, ReadOnly): true, a number
    other than 0, or the text `true` in any case (inferred from Json.NET's conversions)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return isinstance(value, str) and value.strip().lower() == "true"


def is_privileged(module: Module) -> bool:
    """KubernetesDeploymentMapper.PrepareModuleContainer: HostConfig.Privileged (read as a
    bool) gives the module container securityContext.privileged, and with it every device
    of the host's /dev."""
    privileged = module.host_option("Privileged")
    return privileged is not None and json_bool(privileged.value)


MOUNT_FIELDS = ("Type", "Source", "Target")


def null_mount_fields(mount: Node) -> list[str]:
    """KubernetesDeploymentMapper.CollectModuleVolumes: the fields of a HostConfig.Mounts entry
    (an object node) that are missing or null. For such a mount, of any type, the agent throws
    InvalidMountException ("Type, Source, and Target required for all mounts"). An empty string
    is not null: it does not throw here (see empty_mount_fields)."""
    missing: list[str] = []
    for name in MOUNT_FIELDS:
        node = mount.get_ci(name)
        if node is None or node.value is None:
            missing.append(name)
    return missing


def empty_mount_fields(mount: Node) -> list[str]:
    """The fields of a HostConfig.Mounts entry that are the empty string. An empty Type is no
    known type, so the mount is silently dropped; for a bind or volume mount an empty Source
    makes KubeUtils.SanitizeDNSLabel throw, and an empty Target becomes an empty mountPath,
    which the API server rejects for the module's Deployment."""
    return [name for name in MOUNT_FIELDS if _is_empty(mount.get_ci(name))]


def _is_empty(node: Node | None) -> bool:
    return node is not None and node.value == ""


def shared_volume(group: Sequence[_T], read_write_claim: Callable[[_T], bool]) -> _T:
    """KubernetesDeploymentMapper.CollectModuleVolumes: of the pod volumes that share one name
    (in the agent's order), the one the pod gets: the first read-write PersistentVolumeClaim
    when `read_write_claim` finds one ("If we have a mix of rw and ro mounts, choose rw"), else
    the first. Every mount of the group then shows that volume."""
    return next((volume for volume in group if read_write_claim(volume)), group[0])


class VolumeSource:
    """One Binds entry, or Mounts entry of type bind or volume, as the agent reads it. `node`
    is the bind string or the mount object; `source_node` and `part` locate the source (the
    characters of a bind string, or a mount's Source value)."""

    __slots__ = ("kind", "source", "target", "read_only", "node", "source_node", "part")

    kind: str | None
    source: str | None
    target: str | None
    read_only: bool
    node: Node
    source_node: Node
    part: tuple[int, int] | None

    def __init__(self, kind: str | None, source: str | None, target: str | None, read_only: bool, node: Node,
                 source_node: Node, part: tuple[int, int] | None = None) -> None:
        self.kind = kind  # 'bind' (hostPath) or 'volume' (PersistentVolumeClaim)
        self.source = source
        self.target = target
        self.read_only = read_only
        self.node = node
        self.source_node = source_node
        self.part = part

    @property
    def read_write_claim(self) -> bool:
        return self.kind == "volume" and not self.read_only


@once_per_module
def collect_module_volumes(module: Module) -> tuple[list[VolumeSource], list[Node]]:
    """KubernetesDeploymentMapper.CollectModuleVolumes: (sources, incomplete mounts). Sources
    come in the order the agent adds them: Binds, then Mounts of type bind, then Mounts of
    type volume; other mount types (tmpfs, npipe, an empty Type) are dropped. A mount with a
    missing or null Type, Source or Target makes the agent throw: those are returned apart."""
    sources: list[VolumeSource] = []
    mounts: list[VolumeSource] = []
    incomplete: list[Node] = []
    for bind in module.binds():
        parsed = split_bind(bind.value)
        if parsed is not None:
            sources.append(VolumeSource("bind", *parsed, bind, bind, (0, len(parsed[0]))))
    for mount in module.mounts():
        type_node, source, target = mount.get_ci("Type"), mount.get_ci("Source"), mount.get_ci("Target")
        if type_node is None or source is None or target is None or null_mount_fields(mount):
            incomplete.append(mount)
            continue
        read_only = mount.get_ci("ReadOnly")
        mounts.append(VolumeSource(
            mount_kind(type_node.value), json_text(source.value), json_text(target.value),
            json_bool(read_only.value) if read_only is not None else False, mount, source,
        ))
    for kind in ("bind", "volume"):
        sources.extend(mount for mount in mounts if mount.kind == kind)
    return sources, incomplete


# Syntax that JSON forbids but the agent's reader (Json.NET's JsonTextReader) accepts: trailing
# commas in objects, comments, unquoted property names.
_JSON_NET_TOLERATED = ("Trailing comma before '}'", "Comments are not allowed")
_UNQUOTED_NAME = lazy_compile(r"[A-Za-z0-9_$]")


def json_net_accepts(error: ParseError, file_text: str) -> bool:
    """True when edgelint's parse error (a ParseError at offsets of `file_text`) is about
    syntax that the agent's own reader accepts, so the agent does not throw."""
    return error.message.startswith(_JSON_NET_TOLERATED) or (
        error.message.startswith("Expecting property name enclosed in double quotes")
        and _UNQUOTED_NAME.match(file_text, error.start) is not None
    )
