"""How edgeAgent on the device is configured: what the translation depends on besides the
manifest. Defaults are Azure Stack Edge's where its documentation says so, otherwise the
values of the `edge-kubernetes` Helm chart the agent ships with.
"""

from __future__ import annotations

from dataclasses import dataclass

from edgelint.edgeagent.ports import ASE_PORT_MAPPING_SERVICE_TYPE

# The chart's proxy sidecar (values.yaml `iotedgedProxy`, _helpers.tpl `proxy:`). The image
# tag follows the agent's version on Azure Stack Edge (inferred: the device's chart values are
# not published).
PROXY_IMAGE = "azureiotedge/azureiotedge-proxy:0.1.0-beta15"
PROXY_CONFIG_MAP = "iotedged-proxy-config"
PROXY_CONFIG_PATH = "/etc/iotedge-proxy"
PROXY_TRUST_BUNDLE_CONFIG_MAP = "iotedged-proxy-trust-bundle"
PROXY_TRUST_BUNDLE_PATH = "/etc/trust-bundle"
PROXY_RESOURCES = {"requests": {"memory": "25Mi", "cpu": "5m"}, "limits": {"memory": "25Mi", "cpu": "5m"}}
# KubernetesDeploymentMapper.ToProxyLogLevel of the agent's log level (chart: info).
PROXY_LOG_LEVEL = "Info"

# edgeAgent's own pod: its configuration ConfigMap (chart iotedged-agent-config.yaml) and the
# chart's default resources, used when its createOptions give none. The mount path is inferred.
AGENT_CONFIG_MAP = "iotedged-agent-config"
AGENT_CONFIG_PATH = "/etc/edgeAgent"
AGENT_RESOURCES = {"requests": {"memory": "200Mi", "cpu": "50m"}, "limits": {"memory": "200Mi", "cpu": "50m"}}

# What iotedged tells the agent (k8s build of edgelet: localhost URIs through the proxy;
# chart iotedged.apiVersion). .NET prints a Uri with a trailing '/'.
WORKLOAD_URI = "http://localhost:35001/"
MANAGEMENT_URI = "http://localhost:35000/"
WORKLOAD_API_VERSION = "2019-01-30"
# Serilog's name of the chart's runtimeLogLevel `info` (RuntimeLogLevel when the module sets none).
RUNTIME_LOG_LEVEL = "Information"

# The iotedged Deployment owns the module Deployments and claims (KubernetesModuleOwner, from
# the chart's EdgeK8sObjectOwner* variables; the values are inferred). Its uid is assigned by
# the cluster.
OWNER = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "iotedged", "uid": "<uid of the iotedged Deployment>"}


DEVICE_ID_PLACEHOLDER = "<device-id>"
IOTHUB_PLACEHOLDER = "<iot-hub-name>.azure-devices.net"


@dataclass
class AgentSettings:
    """The agent's settings that shape the objects. `storage_class` None: the agent creates no
    PersistentVolumeClaims (the claims must exist, as Edge shares do on Azure Stack Edge)."""

    namespace: str = "iotedge"
    service_type: str = ASE_PORT_MAPPING_SERVICE_TYPE
    storage_class: str | None = None
    # PersistentVolumeClaimDefaultSizeInMb; unset, the agent requests 0Mi.
    claim_size_mb: int = 0
    use_mount_source_for_volume_name: bool = False
    run_as_non_root: bool = False
    # ExperimentalFeatures__Enabled and __EnableK8SExtensions both on: k8s-experimental is read.
    k8s_extensions: bool = True
    # Placeholders, shown as such (`<…>` as the other values the device fills in); the
    # labels hold them sanitised, as the agent would (`device-id`).
    device_id: str = DEVICE_ID_PLACEHOLDER
    iothub_hostname: str = IOTHUB_PLACEHOLDER
    # EdgeDeviceHostName for edgeAgent and edgeHub (chart edgeAgent.hostname).
    edge_hostname: str = "localhost"

    def placeholders(self) -> list[tuple[str, str]]:
        """(what, command-line option) of the settings that still hold their placeholder."""
        return [
            (name, option)
            for name, option, value, placeholder in (
                ("the device id", "--device-id", self.device_id, DEVICE_ID_PLACEHOLDER),
                ("the IoT hub", "--iothub", self.iothub_hostname, IOTHUB_PLACEHOLDER),
            )
            if value == placeholder
        ]
