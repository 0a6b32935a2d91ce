"""What edgeAgent on Kubernetes (IoT Edge 0.1.0-beta15, the version Azure Stack Edge runs) does
with a module spec: its sanitisers and parsers, mirrored once so that rules, fixes and the
Kubernetes preview all agree with the device.

Sources are in the reference notes (`iotedge-on-kubernetes.md`); the C# names are given per
function so each piece can be checked against `Microsoft.Azure.Devices.Edge.Agent.Kubernetes`.
"""

import re

# Ports of the iotedge proxy sidecar in every module pod (management and workload API).
PROXY_PORTS = (35000, 35001)

# The Service type the agent uses for PortBindings when nothing else is said: the Helm
# default is ClusterIP, but Azure Stack Edge configures LoadBalancer (external service IPs).
ASE_PORT_MAPPING_SERVICE_TYPE = "LoadBalancer"
SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"}

# createOptions chunking (Docker/Constants.cs: TwinValueMaxSize, TwinValueMaxChunks).
CHUNK_SIZE = 512
MAX_CHUNKS = 100

# Kubernetes env var names before KEP-4369 (what Azure Stack Edge firmware ran for years).
ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")

_PORT_KEY = re.compile(r"([0-9]+)(?:/([A-Za-z]+))?")
_NOT_K8S_VALUE = re.compile(r"[^a-z0-9.-]")
_NOT_DNS = re.compile(r"[^a-z0-9-]")


def sanitize_module_name(name):
    """KubeUtils.SanitizeK8sValue: lower-case, drop everything but [a-z0-9.-].

    Used for the Deployment, container, ServiceAccount and Service names. It neither trims
    leading/trailing '-' or '.' nor caps the length at 63 (only at 253)."""
    return _NOT_K8S_VALUE.sub("", name.lower())


def sanitize_dns_label(value):
    """KubeUtils.SanitizeDNSLabel: lower-case, keep [a-z0-9-], trim to an alphanumeric at
    both ends. Returns None where the agent throws (empty, or longer than 63)."""
    label = _NOT_DNS.sub("", value.lower()).strip("-")
    if not label or len(label) > 63:
        return None
    return label


def parse_port_key(key):
    """PortAndProtocol.Parse: `<port>` or `<port>/<tcp|udp|sctp>` (any case), TCP by default.
    Returns (port, protocol) or None when the translator drops the entry."""
    match = _PORT_KEY.fullmatch(key)
    if match is None:
        return None
    protocol = (match.group(2) or "tcp").upper()
    if protocol not in ("TCP", "UDP", "SCTP"):
        return None
    return int(match.group(1)), protocol


def parse_host_port(value):
    """A PortBindings HostPort as the translator reads it (int.TryParse), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value):
        return int(value)
    return None


def split_bind(bind):
    """A HostConfig.Binds entry `src:dst[:mode]` as KubernetesDeploymentMapper splits it:
    a plain split on ':'. Returns (source, target, read_only) or None when it is dropped."""
    parts = bind.split(":")
    if len(parts) < 2:
        return None
    read_only = len(parts) > 2 and "ro" in parts[2]
    return parts[0], parts[1], read_only


def split_env(entry):
    """A createOptions.Env entry split at the first '='; None when the agent drops it
    (no '=' or an empty name)."""
    name, sep, value = entry.partition("=")
    if not sep or not name:
        return None
    return name, value


def service_type(create_options, default=ASE_PORT_MAPPING_SERVICE_TYPE):
    """KubernetesServiceMapper: the Service type for a module's ports.

    `k8s-experimental.serviceOptions.type` (case-insensitive; other strings ignored) wins;
    otherwise ClusterIP when there is no PortBindings key at all, else the agent default."""
    if create_options is None:
        return "ClusterIP"
    k8s = create_options.get("k8s-experimental")
    options = k8s.get_ci("serviceOptions") if k8s is not None else None
    kind = options.get_ci("type") if options is not None else None
    if kind is not None and isinstance(kind.value, str) and kind.value.lower() in SERVICE_TYPES:
        return SERVICE_TYPES[kind.value.lower()]
    host_config = create_options.get_ci("HostConfig")
    if host_config is None or host_config.get_ci("PortBindings") is None:
        return "ClusterIP"
    return default
