"""What the agent's Deployment mapper reads for the pod: replicas, host namespaces, privileged."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_bool

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeGuard

    from edgelint.manifest import Module
    from edgelint.source.nodes import Node


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


def is_privileged(module: Module) -> bool:
    """KubernetesDeploymentMapper.PrepareModuleContainer: HostConfig.Privileged (read as a
    bool) gives the module container securityContext.privileged, and with it every device
    of the host's /dev."""
    privileged = module.host_option("Privileged")
    return privileged is not None and json_bool(privileged.value)
