"""The module's Deployment and its pod: the module container, the proxy sidecar, environment,
volumes, host namespaces, security context (KubernetesDeploymentMapper)."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_bool, json_text
from edgelint.edgeagent.environment import EDGE_HOSTNAME_ENV, GATEWAY_ENV
from edgelint.edgeagent.images import docker_image, image_pull_secret_name, image_registry
from edgelint.edgeagent.pod import desired_replicas, is_host_mode
from edgelint.edgeagent.volumes import PROXY_VOLUME_NAMES
from edgelint.json_net import model_value, root_type
from edgelint.k8s import settings as chart
from edgelint.k8s.model import ARGUMENT_ERROR, NAME_ERROR, ORIGINAL_MODULE_ID, READ_ERROR, K8sObject, known
from edgelint.k8s.quantity import parse_quantity
from edgelint.k8s.service import container_ports
from edgelint.k8s.volumes import pod_volumes
from edgelint.placeholders import has_placeholder
from edgelint.secrets import mask_value
from edgelint.source.nodes import ARRAY, OBJECT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from edgelint.k8s.model import ModuleMapping
    from edgelint.k8s.settings import AgentSettings
    from edgelint.manifest import Module
    from edgelint.source.nodes import Node

    Credentials = Sequence[tuple[Any, Any, Node]]

RUNNING_AGENT_IMAGE = "<the image of the running edgeAgent>"


def deployment(mapping: ModuleMapping, credentials: Credentials) -> K8sObject:
    """The module's Deployment. `credentials` are the registry credentials of the manifest
    (address, username, node), in order."""
    module = mapping.module
    strategy = mapping.option("strategy")
    spec: dict[str, Any] = {
        "replicas": desired_replicas(module.node),
        "selector": {"matchLabels": dict(mapping.labels)},
    }
    if strategy is not None:
        spec["strategy"] = model_value(strategy, root_type("strategy"))
    spec["template"] = {
        "metadata": {"name": mapping.name, "labels": dict(mapping.labels), "annotations": _pod_annotations(mapping)},
        "spec": _pod_spec(mapping, credentials),
    }
    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": mapping.metadata(ownerReferences=[dict(chart.OWNER)]),
        "spec": spec,
    }
    return K8sObject(body, module.node, [module.node], [module.name])


def _pod_annotations(mapping: ModuleMapping) -> dict[str, str | None]:
    annotations = dict(mapping.label_annotations())
    # ModuleIdentityHelper.GetModuleName: the module name (system modules without '$': inferred,
    # the helper's code is not in the notes).
    annotations[ORIGINAL_MODULE_ID] = mapping.module.name
    return annotations


def _pod_spec(mapping: ModuleMapping, credentials: Credentials) -> dict[str, Any]:
    module = mapping.module
    volumes, mounts = pod_volumes(mapping)
    spec: dict[str, Any] = {
        "containers": [_proxy_container(), _module_container(mapping, mounts)],
        "volumes": _proxy_volumes() + volumes,
    }
    secrets = _pull_secrets(mapping, credentials)
    if secrets:
        spec["imagePullSecrets"] = [{"name": name} for name in secrets]
    security = _security_context(mapping)
    if security is not None:
        spec["securityContext"] = security
    spec["serviceAccountName"] = mapping.name
    selector = _node_selector(mapping)
    if selector is not None:
        spec["nodeSelector"] = selector
    for field, option in (("hostIPC", "IpcMode"), ("hostNetwork", "NetworkMode"), ("hostPID", "PidMode")):
        mode = module.host_option(option)
        # Set only when the option is; only `host` (any case) turns it on.
        if mode is not None and mode.value is not None:
            spec[field] = is_host_mode(mode)
    if spec.get("hostNetwork"):
        spec["dnsPolicy"] = "ClusterFirstWithHostNet"
    return spec


def _proxy_container() -> dict[str, Any]:
    """KubernetesDeploymentMapper.PrepareProxyContainer: the iotedge proxy sidecar."""
    config, trust_bundle = PROXY_VOLUME_NAMES
    return {
        "name": "proxy",
        "image": chart.PROXY_IMAGE,
        "env": [{"name": "PROXY_LOG", "value": chart.PROXY_LOG_LEVEL}],
        "resources": chart.PROXY_RESOURCES,
        "volumeMounts": [
            {"name": config, "mountPath": chart.PROXY_CONFIG_PATH, "readOnly": True},
            {"name": trust_bundle, "mountPath": chart.PROXY_TRUST_BUNDLE_PATH},
        ],
    }


def _proxy_volumes() -> list[dict[str, Any]]:
    config, trust_bundle = PROXY_VOLUME_NAMES
    return [
        {"name": config, "configMap": {"name": chart.PROXY_CONFIG_MAP}},
        {"name": trust_bundle, "configMap": {"name": chart.PROXY_TRUST_BUNDLE_CONFIG_MAP}},
    ]


def _module_container(mapping: ModuleMapping, mounts: list[dict[str, Any]]) -> dict[str, Any]:
    """KubernetesDeploymentMapper.PrepareModuleContainer."""
    module = mapping.module
    container: dict[str, Any] = {"name": mapping.name}
    image = _image(mapping)
    if image is not None:
        container["image"] = image
    for field, option in (("command", "Entrypoint"), ("args", "Cmd")):
        value = _string_list(mapping, option)
        if value is not None:
            container[field] = value
    working_dir = _working_dir(mapping)
    if working_dir is not None:
        container["workingDir"] = working_dir
    container["env"] = module_env(mapping)
    ports = container_ports(module)
    if ports is not None:
        container["ports"] = ports
    resources = _resources(mapping)
    if resources is not None:
        container["resources"] = resources
    privileged = module.host_option("Privileged")
    if privileged is not None and json_bool(privileged.value):
        container["securityContext"] = {"privileged": True}
    if mounts:
        container["volumeMounts"] = mounts
    return container


def _image_node(module: Module) -> Node | None:
    """settings.image (the agent reads the key in any case)."""
    return module.settings.get_ci("image") if module.settings is not None else None


def _image(mapping: ModuleMapping) -> str | None:
    node = _image_node(mapping.module)
    if node is not None and node.kind in (OBJECT, ARRAY):
        # Only the manifest schema (EL029, opt-in) reports it: no deployment tool writes one.
        mapping.fail(None, READ_ERROR, "the image is not a string", node)
        return None
    if mapping.is_agent and node is not None:
        # EdgeDeploymentCommand.PushEdgeDeployment keeps the image edgeAgent runs (EL042).
        return RUNNING_AGENT_IMAGE
    if node is None or not known(node.value):
        return node.value if node is not None else None
    image = docker_image(node.value)
    if image is None:
        # No rule reports it yet: Docker IoT Edge rejects the same images, so no migration breaks.
        mapping.fail(None, ARGUMENT_ERROR, f"the image `{node.value}` is not in the right format", node)
    return image


def _string_list(mapping: ModuleMapping, option: str) -> list[str | None] | None:
    """Cmd or Entrypoint: an array whose items are read as strings; anything else throws."""
    node = mapping.module.create_option(option)
    if node is None or node.value is None:
        return None
    if not node.is_array or any(item.kind in ("object", "array") for item in node.value):
        mapping.fail("EL024", READ_ERROR, f"{option} is not an array of strings", node)
        return None
    return [json_text(item.value) for item in node.value]


def _working_dir(mapping: ModuleMapping) -> str | None:
    node = mapping.module.create_option("WorkingDir")
    if node is None or node.value is None:
        return None
    if node.kind in ("object", "array"):
        mapping.fail("EL024", ARGUMENT_ERROR, "WorkingDir is not a string", node)
        return None
    return json_text(node.value)


def _env_errors(mapping: ModuleMapping) -> None:
    """createOptions.Env as CreateContainerParameters reads it (an IList<string>) and as
    ParseEnv splits it (`IndexOf` on a null entry throws)."""
    env = mapping.module.create_option("Env")
    if env is None or env.value is None:
        return
    if not env.is_array:
        mapping.fail("EL022", READ_ERROR, "createOptions.Env is not a list of strings", env)
        return
    for entry in env.value:
        if entry.value is None:
            mapping.fail("EL022", "NullReferenceException", "a createOptions.Env entry is null", entry)
        elif entry.kind in ("object", "array"):
            mapping.fail("EL022", READ_ERROR, "a createOptions.Env entry is not a string", entry)


def module_env(mapping: ModuleMapping) -> list[dict[str, str]]:
    """KubernetesDeploymentMapper.CollectModuleEnv: the `env` section, createOptions.Env, then
    the variables of the runtime (edgeagent.runtime_env_names), which win over the module's
    own: the kubelet keeps the last of equal names (EL041)."""
    settings = mapping.settings
    _env_errors(mapping)
    # a secret in the manifest is shown masked, as in every other output of edgelint
    env = [
        _env(variable.name, mask_value(variable.name, json_text(variable.value)))
        for variable in mapping.module.env_vars()
    ]
    env.append(_env("IOTEDGE_IOTHUBHOSTNAME", settings.iothub_hostname))
    env.append(_env("IOTEDGE_AUTHSCHEME", "sasToken"))
    if not any(variable["name"] == "RuntimeLogLevel" for variable in env):
        env.append(_env("RuntimeLogLevel", chart.RUNTIME_LOG_LEVEL))
    env.append(_env("IOTEDGE_WORKLOADURI", chart.WORKLOAD_URI))
    env.append(_env("IOTEDGE_MODULEGENERATIONID", "<assigned by IoT Hub>"))
    env.append(_env("IOTEDGE_DEVICEID", settings.device_id))
    env.append(_env("IOTEDGE_MODULEID", mapping.module_id))
    env.append(_env("IOTEDGE_APIVERSION", chart.WORKLOAD_API_VERSION))
    if mapping.is_agent:
        env.extend(_agent_env(settings))
    env.append(_env(EDGE_HOSTNAME_ENV, settings.edge_hostname))
    if not (mapping.is_agent or mapping.is_hub):
        env.append(_env(GATEWAY_ENV, "edgehub"))
    return env


def _agent_env(settings: AgentSettings) -> list[dict[str, str]]:
    """What the agent passes on to its own next pod."""
    config, trust_bundle = PROXY_VOLUME_NAMES
    values = [
        ("Mode", "kubernetes"),
        ("IOTEDGE_MANAGEMENTURI", chart.MANAGEMENT_URI),
        ("NetworkId", "azure-iot-edge"),
        ("ProxyImage", chart.PROXY_IMAGE),
        ("ProxyConfigPath", chart.PROXY_CONFIG_PATH),
        ("ProxyConfigVolume", config),
        ("ProxyConfigMapName", chart.PROXY_CONFIG_MAP),
        ("ProxyTrustBundlePath", chart.PROXY_TRUST_BUNDLE_PATH),
        ("ProxyTrustBundleVolume", trust_bundle),
        ("ProxyTrustBundleConfigMapName", chart.PROXY_TRUST_BUNDLE_CONFIG_MAP),
        ("K8sNamespace", settings.namespace),
        ("RunAsNonRoot", str(settings.run_as_non_root)),
        ("EdgeK8sObjectOwnerApiVersion", chart.OWNER["apiVersion"]),
        ("EdgeK8sObjectOwnerKind", chart.OWNER["kind"]),
        ("EdgeK8sObjectOwnerName", chart.OWNER["name"]),
        ("EdgeK8sObjectOwnerUid", chart.OWNER["uid"]),
        ("PortMappingServiceType", settings.service_type),
        ("EnableK8sServiceCallTracing", "False"),
        ("UseMountSourceForVolumeName", str(settings.use_mount_source_for_volume_name)),
    ]
    if settings.storage_class is not None:
        values.append(("StorageClassName", settings.storage_class))
    values.extend(
        (name, str(settings.k8s_extensions))
        for name in ("ExperimentalFeatures__Enabled", "ExperimentalFeatures__EnableK8SExtensions")
    )
    return [_env(name, value) for name, value in values]


def _env(name: str, value: str | None) -> dict[str, str]:
    return {"name": name} if value is None else {"name": name, "value": value}


def _resources(mapping: ModuleMapping) -> dict[str, Any] | None:
    """k8s-experimental.resources (limits and requests, quantities as text); edgeAgent
    without them gets the chart's defaults."""
    node = mapping.option("resources")
    if node is None:
        return dict(chart.AGENT_RESOURCES) if mapping.is_agent else None
    resources: dict[str, Any] = {}
    for field in ("limits", "requests"):
        values = node.get_ci(field)
        if values is None or values.value is None:
            continue
        if not values.is_object or any(value.kind in ("object", "array") for _, value in values.items()):
            mapping.fail("EL013", READ_ERROR, f"k8s-experimental.resources.{field} is not a map of quantities", values)
            continue
        for _, value in values.items():
            if value.value is not None and not has_placeholder(value.value) and parse_quantity(value.value) is None:
                mapping.fail(
                    "EL013",
                    ARGUMENT_ERROR,
                    f"`{json_text(value.value)}` is not a quantity ResourceQuantity can read",
                    value,
                )
        resources[field] = {name: json_text(value.value) for name, value in values.items()}
    return resources


def _security_context(mapping: ModuleMapping) -> object:
    """k8s-experimental.securityContext, read as the pod's V1PodSecurityContext (container-only
    fields and other unknown members are dropped); without it, runAsNonRoot with uid 1000 when
    the agent is set so."""
    node = mapping.option("securityContext")
    if node is not None:
        return model_value(node, root_type("securityContext"))
    if mapping.settings.run_as_non_root:
        return {"runAsNonRoot": True, "runAsUser": 1000}
    return None


def _node_selector(mapping: ModuleMapping) -> dict[str, str | None] | None:
    node = mapping.option("nodeSelector")
    if node is None:
        return None
    if any(value.kind in ("object", "array") for _, value in node.items()):
        mapping.fail("EL026", READ_ERROR, "a k8s-experimental.nodeSelector value is not a string", node)
        return None
    return {name: json_text(value.value) for name, value in node.items()}


def _pull_secrets(mapping: ModuleMapping, credentials: Credentials) -> list[str]:
    """The module's image pull secret: that of the first registry credentials whose address is
    the registry of the image (AuthConfigExtensions.FirstAuthConfig)."""
    image = _image_node(mapping.module)
    if image is None or not isinstance(image.value, str):
        return []
    registry = _registry(image.value.strip())
    for address, username, node in credentials:
        if registry is not None and address.lower() == registry.lower():
            if not (known(address) and known(username)):
                return [f"{username}-{address}"]
            name = image_pull_secret_name(username, address)
            if name is None:
                mapping.fail("EL040", NAME_ERROR, "the registry credentials give no valid secret name", node)
                return []
            return [name]
    return []


def _registry(image: str) -> str | None:
    first = image.split("/", 1)[0]
    if "/" in image and not known(first):
        return first  # a registry placeholder matches the same placeholder in the credentials
    return image_registry(image)
