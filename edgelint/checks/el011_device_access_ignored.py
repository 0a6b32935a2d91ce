"""EL011 device-access-ignored: Devices, DeviceRequests, DeviceCgroupRules and Runtime nvidia, which Kubernetes IoT Edge drops."""

from __future__ import annotations

from functools import partial

from edgelint.checks.helpers.resources import (
    FPGA_DEVICE,
    GPU_RESOURCE,
    REQUEST_GPU,
    device_mappings,
    is_unset,
    positive_int,
    resource_list,
)
from edgelint.edgeagent.pod import is_privileged
from edgelint.fixes.intents import FixIntent
from edgelint.fixes.module_changes import set_k8s_option
from edgelint.k8s.quantity import (
    parse_quantity,
)
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TypeGuard

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

# NVIDIA GPUs (discrete, Jetson/Tegra) and the WSL GPU device.
_GPU_DEVICE = lazy_compile(r"/dev/(nvidia[-a-z0-9]*|nvhost-[-a-z0-9]*|nvmap|dxg)")


def has_gpu_limit(module: Module) -> bool:
    """True if the module asks Kubernetes for a GPU (a placeholder count counts as asking)."""
    limits = resource_list(module, "limits")
    count = limits.get(GPU_RESOURCE) if limits is not None else None
    if count is None:
        return False
    return has_placeholder(count.value) or (parse_quantity(count.value) or 0) > 0


@rule(
    "EL011",
    "device-access-ignored",
    "error",
    "Devices, DeviceRequests, DeviceCgroupRules and Runtime nvidia, which Kubernetes IoT Edge drops.",
    fix="unsafe",
    tags=("resources",),
)
def device_access_ignored(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        gpu_requested = has_gpu_limit(module)
        gpu_fix = None if gpu_requested else partial(_request_gpus, module)  # planned when a report needs it
        runtime = module.host_option("Runtime")
        if runtime is not None and runtime.is_string and "nvidia" in runtime.value.lower() and not gpu_requested:
            yield Problem(
                runtime,
                f"Kubernetes IoT Edge drops `Runtime: {runtime.value}`, so the pod asks for no GPU and Kubernetes "
                f"assigns it none; {REQUEST_GPU}.",
                fix=gpu_fix,
            )
        requests = module.host_option("DeviceRequests")
        if _lists_something(requests):
            if not requests.is_array or not _requests_gpu(requests):
                yield Problem(
                    requests,
                    "Kubernetes IoT Edge drops HostConfig.DeviceRequests, so the container gets none of these devices; "
                    "request them as a device-plugin resource in k8s-experimental.resources.limits.",
                    on_key=True,
                )
            elif not gpu_requested:
                yield Problem(
                    requests,
                    f"Kubernetes IoT Edge drops HostConfig.DeviceRequests (Docker's --gpus), so the pod asks for "
                    f"no GPU and Kubernetes assigns it none; {REQUEST_GPU}.",
                    fix=gpu_fix,
                    on_key=True,
                )
        privileged = is_privileged(module)
        rules = module.host_option("DeviceCgroupRules")
        if _lists_something(rules):
            if privileged:
                yield Problem(
                    rules,
                    "Kubernetes IoT Edge ignores HostConfig.DeviceCgroupRules, but this container is privileged "
                    "(securityContext.privileged) and may open every device anyway: the rules are redundant; remove "
                    "them.",
                    on_key=True,
                    level="warning",
                )
            else:
                yield Problem(
                    rules,
                    "Kubernetes IoT Edge drops HostConfig.DeviceCgroupRules, so the container may not open these "
                    "devices; request them as a device-plugin resource in k8s-experimental.resources.limits.",
                    on_key=True,
                )
        for device in device_mappings(module, placeholders=True):
            if has_placeholder(device.path):
                if not privileged:  # which device it is decides the rest
                    yield device.problem(
                        f"Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get the device "
                        f"`{device.path}` stands for; request it as a device-plugin resource in "
                        f"k8s-experimental.resources.limits."
                    )
                continue
            if FPGA_DEVICE.fullmatch(device.path):
                continue  # EL009
            gpu = _GPU_DEVICE.fullmatch(device.path)
            if gpu and gpu_requested:
                continue
            if privileged:
                yield device.problem(
                    _privileged_device_message(device.path, gpu), fix=gpu_fix if gpu else None, level="warning"
                )
            elif gpu:
                yield device.problem(
                    f"Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get the GPU device "
                    f"`{device.path}`; {REQUEST_GPU}.",
                    fix=gpu_fix,
                )
            else:
                yield device.problem(
                    f"Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get `{device.path}`; "
                    f"request the device as a device-plugin resource in k8s-experimental.resources.limits."
                )


def _lists_something(node: Node | None) -> TypeGuard[Node]:
    """A non-empty list, or a placeholder standing for one."""
    if node is None:
        return False
    return (node.is_array and not is_unset(node)) or (node.is_string and has_placeholder(node.value))


def _privileged_device_message(path: str, gpu: object) -> str:
    seen = (
        f"Kubernetes IoT Edge ignores HostConfig.Devices, but this container is privileged "
        f"(securityContext.privileged) and sees the host's /dev, `{path}` included"
    )
    if gpu:
        return (
            f"{seen}; Kubernetes does not assign the GPU to the pod, though, nor keep other pods off it; {REQUEST_GPU}."
        )
    return f"{seen}: the entry is redundant; remove it."


def gpu_count(module: Module) -> int | None:
    """How many GPUs the module asks Docker for: the Count or the DeviceIDs of its GPU
    DeviceRequests entry, else one (the nvidia runtime, GPU devices, or `--gpus all`);
    None when several entries or a placeholder make it unclear."""
    requests = module.host_option("DeviceRequests")
    entries = (
        [entry for entry in requests.value if _is_gpu_request(entry)]
        if requests is not None and requests.is_array
        else []
    )
    if not entries:
        return 1
    if len(entries) > 1:
        return None
    count, ids = entries[0].get_ci("Count"), entries[0].get_ci("DeviceIDs")
    if ids is not None and ids.is_array and ids.value:
        return None if any(has_placeholder(item.value) for item in ids.value) else len(ids.value)
    if count is not None and positive_int(count.value):
        return count.value
    return None if count is not None and has_placeholder(count.value) else 1


def _request_gpus(module: Module) -> FixIntent | None:
    """The same number of GPUs as a device-plugin resource limit (the Docker options stay, for
    Docker devices)."""
    count = gpu_count(module)
    change = set_k8s_option(module, ("resources", "limits", GPU_RESOURCE), count) if count else None
    if change is None:
        return None
    noun = "GPU" if count == 1 else "GPUs"
    return FixIntent(f"Request {count} {noun} with `{GPU_RESOURCE}` in k8s-experimental.resources.limits", [change])


def _requests_gpu(requests: Node) -> bool:
    """A DeviceRequests list for GPUs."""
    return any(_is_gpu_request(entry) for entry in requests.value)


def _is_gpu_request(entry: Node) -> bool:
    """A DeviceRequests entry for GPUs: an nvidia driver or the `gpu` capability."""
    driver = entry.get_ci("Driver")
    if driver is not None and driver.is_string and driver.value.lower() == "nvidia":
        return True
    capabilities = entry.get_ci("Capabilities")
    return capabilities is not None and any(n.is_string and n.value.lower() == "gpu" for n in capabilities.walk())
