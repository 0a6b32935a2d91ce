"""Environment variables: the names Kubernetes accepts, how the agent reads Env entries, and the variables it sets itself."""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


# Kubernetes env var names before KEP-4369 (what Azure Stack Edge firmware ran for years).
ENV_NAME = lazy_compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")


def split_env(entry: str) -> tuple[str, str] | None:
    """A createOptions.Env entry split at the first '='; None when the agent drops it
    (no '=' or an empty name)."""
    name, sep, value = entry.partition("=")
    if not sep or not name:
        return None
    return name, value


# KubernetesDeploymentMapper.CollectModuleEnv appends these after the module's own variables
# (the `env` section, then createOptions.Env), always (RuntimeLogLevel only when the module
# sets none, so it is not here).
RUNTIME_ENV = (
    "IOTEDGE_IOTHUBHOSTNAME",
    "IOTEDGE_AUTHSCHEME",
    "IOTEDGE_WORKLOADURI",
    "IOTEDGE_MODULEGENERATIONID",
    "IOTEDGE_DEVICEID",
    "IOTEDGE_MODULEID",
    "IOTEDGE_APIVERSION",
)

# ... then for edgeAgent its own settings (those set in every configuration) ...
AGENT_RUNTIME_ENV = (
    "Mode",
    "IOTEDGE_MANAGEMENTURI",
    "NetworkId",
    "ProxyImage",
    "ProxyConfigPath",
    "ProxyConfigVolume",
    "ProxyConfigMapName",
    "ProxyTrustBundlePath",
    "ProxyTrustBundleVolume",
    "ProxyTrustBundleConfigMapName",
    "K8sNamespace",
    "RunAsNonRoot",
    "EdgeK8sObjectOwnerApiVersion",
    "EdgeK8sObjectOwnerKind",
    "EdgeK8sObjectOwnerName",
    "EdgeK8sObjectOwnerUid",
    "PortMappingServiceType",
    "EnableK8sServiceCallTracing",
    "UseMountSourceForVolumeName",
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
