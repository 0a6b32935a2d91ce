"""Resource rules: accelerators, devices and CPU/memory limits (reference §5).

On Kubernetes the only source of a module's resources is `k8s-experimental.resources`,
copied verbatim into the module container; Docker's resource options and device mappings
are dropped, and accelerators come from device-plugin resources such as `nvidia.com/gpu`.
"""

import json

from edgelint.lazy_re import lazy_compile
from edgelint.k8s_quantity import (
    container_resource_name_problem, format_bytes, format_cpu, is_extended_resource, overcommit_allowed,
    parse_quantity,
)
from edgelint.fixes.intents import FixIntent, Remove, Rename
from edgelint.fixes.module_changes import set_k8s_option
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import is_privileged

GPU_RESOURCE = "nvidia.com/gpu"
FPGA_RESOURCE = "microsoft.com/fpga_catapult"
_FPGA_DEVICE = lazy_compile(r"/dev/catapult[0-9]*")
# NVIDIA GPUs (discrete, Jetson/Tegra) and the WSL GPU device.
_GPU_DEVICE = lazy_compile(r"/dev/(nvidia[-a-z0-9]*|nvhost-[-a-z0-9]*|nvmap|dxg)")

_REQUEST_GPU = f'request the GPU with `"{GPU_RESOURCE}": 1` in k8s-experimental.resources.limits'


def resource_list(module, which):
    """`k8s-experimental.resources.limits` or `.requests` (object node), or None."""
    resources = module.k8s_option("resources")
    node = resources.get_ci(which) if resources is not None else None
    return node if node is not None and node.is_object else None


def is_unset(node):
    """A Docker option value that asks for nothing: null, false, 0 or below (Docker's
    'unlimited'), or an empty string, list or object."""
    value = node.value
    if value is None or value is False or value == "" or value == [] or value == {}:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0


class DeviceMapping:
    """A HostConfig.Devices entry: `path` is its host path, `node`/`part` locate it."""

    __slots__ = ("path", "node", "part")

    def __init__(self, path, node, part):
        self.path = path
        self.node = node
        self.part = part

    def problem(self, message, fix=None, level=None):
        return Problem(self.node, message, fix=fix, part=self.part, level=level)


def device_mappings(module, placeholders=False):
    """The host paths of HostConfig.Devices: `PathOnHost` of each mapping object, or the
    host part of a `src:dst[:perms]` string. Paths that are placeholders are left out unless
    `placeholders` (a whole list given as one placeholder then counts as one entry)."""
    devices = module.host_option("Devices")
    mappings = []
    if placeholders and devices is not None and devices.is_string and has_placeholder(devices.value):
        return [DeviceMapping(devices.value, devices, None)]
    for entry in devices.value if devices is not None and devices.is_array else ():
        if entry.is_object:
            path = entry.get_ci("PathOnHost")
            if path is not None and path.is_string:
                mappings.append(DeviceMapping(path.value, path, None))
        elif entry.is_string:
            source = entry.value.split(":", 1)[0]
            mappings.append(DeviceMapping(source, entry, (0, len(source))))
    return [mapping for mapping in mappings if mapping.path and (placeholders or not has_placeholder(mapping.path))]


def has_gpu_limit(module):
    """True if the module asks Kubernetes for a GPU (a placeholder count counts as asking)."""
    limits = resource_list(module, "limits")
    count = limits.get(GPU_RESOURCE) if limits is not None else None
    if count is None:
        return False
    return has_placeholder(count.value) or (parse_quantity(count.value) or 0) > 0


@rule(
    "EL009",
    "fpga-resources",
    "error",
    "FPGA resources of Azure Stack Edge Pro FPGA (Catapult), which a GPU device does not have.",
    fix="unsafe",
    tags=("resources",),
)
def fpga_resources(manifest):
    for module in manifest.modules:
        for which in ("limits", "requests"):
            resources = resource_list(module, which)
            if resources is not None and resources.get(FPGA_RESOURCE) is not None:
                yield Problem(
                    resources.get(FPGA_RESOURCE),
                    f"`{FPGA_RESOURCE}` is the FPGA of Azure Stack Edge Pro FPGA: no node of a GPU device offers "
                    f"it, so the pod stays Pending; request `{GPU_RESOURCE}` instead and deploy a GPU build of the "
                    f"module.",
                    fix=_fpga_to_gpu(resources),
                    on_key=True,
                )
        for variable in module.env_vars():
            if variable.name == "WIRESERVER_ADDRESS":
                yield variable.name_problem(
                    "`WIRESERVER_ADDRESS` points the module at the FPGA's wire server, which Azure Stack Edge Pro GPU "
                    f"does not have; remove it and {_REQUEST_GPU}.",
                    fix=FixIntent("Remove `WIRESERVER_ADDRESS` (the FPGA's wire server)", [Remove(variable.node)]),
                )
        for device in device_mappings(module):
            if _FPGA_DEVICE.fullmatch(device.path):
                yield device.problem(
                    f"`{device.path}` is the FPGA of Azure Stack Edge Pro FPGA: a GPU device has none, and Kubernetes "
                    f"IoT Edge drops HostConfig.Devices anyway; {_REQUEST_GPU} instead."
                )


def _fpga_to_gpu(resources):
    """Ask for as many GPUs as the FPGA count, unless the list names GPUs already."""
    if resources.get(GPU_RESOURCE) is not None:
        return None
    fpga = resources.get(FPGA_RESOURCE)
    return FixIntent(
        f"Request `{GPU_RESOURCE}` instead of `{FPGA_RESOURCE}`, same count (the module needs a GPU build)",
        [Rename(fpga, GPU_RESOURCE)],
    )


# Docker resource options (HostConfig, matched case-insensitively) → what replaces them in
# k8s-experimental.resources, or None when Kubernetes IoT Edge has no equivalent.
DOCKER_RESOURCE_OPTIONS = {
    "memory": "limits.memory",
    "memoryreservation": "requests.memory",
    "memoryswap": None,
    "memoryswappiness": None,
    "kernelmemory": None,
    "nanocpus": "limits.cpu",
    "cpuquota": "limits.cpu",  # with CpuPeriod, which alone limits nothing
    "cpucount": "limits.cpu",
    "cpupercent": "limits.cpu",
    "cpushares": "requests.cpu",
    "cpusetcpus": None,
    "cpusetmems": None,
    "cpurealtimeperiod": None,
    "cpurealtimeruntime": None,
    "pidslimit": None,
    "ulimits": None,
    "oomkilldisable": None,
    "diskquota": "limits.ephemeral-storage",
    "blkioweight": None,
    "blkioweightdevice": None,
    "blkiodevicereadbps": None,
    "blkiodevicewritebps": None,
    "blkiodevicereadiops": None,
    "blkiodevicewriteiops": None,
    "iomaximumiops": None,
    "iomaximumbandwidth": None,
}


def _docker_amount(key, node, host_config):
    """What a Docker resource option asks for: bytes (int) for memory options, CPUs (a
    Decimal) for NanoCpus and CpuQuota (over CpuPeriod, 100000 µs by default), else None."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if key in ("memory", "memoryreservation"):
        return value
    from decimal import Decimal  # only for CPU options: its import costs more than a small lint

    if key == "nanocpus":
        return Decimal(value) / 1_000_000_000
    if key == "cpuquota":
        period = host_config.get_ci("CpuPeriod")
        period = period.value if period is not None and isinstance(period.value, int) and period.value > 0 else 100_000
        return Decimal(value) / period
    return None


def _positive_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _quantity_of(module, which, resource):
    """The amount `resources.<which>.<resource>` sets: a Decimal, None when it is not set,
    False when it is unknown (a placeholder or not a quantity)."""
    entries = resource_list(module, which)
    node = entries.get(resource) if entries is not None else None
    if node is None:
        return None
    amount = None if has_placeholder(node.value) else parse_quantity(node.value)
    return False if amount is None else amount


def _suggested_quantity(key, node, host_config):
    """The Kubernetes quantity equal to a Docker value, where one exists (`2Gi`, `1500m`)."""
    amount = _docker_amount(key, node, host_config)
    if amount is None:
        return None
    return format_bytes(amount) if key in ("memory", "memoryreservation") else format_cpu(amount)


# The Docker options whose value moves into k8s-experimental.resources.limits, by resource.
_LIMIT_OPTIONS = {"memory": "memory", "nanocpus": "cpu", "cpuquota": "cpu"}


def _move_to_limits(module, key, node, host_config):
    """Move Memory, NanoCpus or CpuQuota (with its CpuPeriod) to the same limit in
    k8s-experimental.resources.limits, when the quantity is exact and no other limit or a
    higher request for that resource is set."""
    resource = _LIMIT_OPTIONS.get(key)
    amount = _docker_amount(key, node, host_config) if resource else None
    if amount is None:
        return None
    if resource == "cpu" and (amount * 1000) != (amount * 1000).to_integral_value():
        return None  # finer than a millicore: Kubernetes would round it
    period = host_config.get_ci("CpuPeriod") if key == "cpuquota" else None
    if period is not None and not _positive_int(period.value):
        return None
    limit, request = _quantity_of(module, "limits", resource), _quantity_of(module, "requests", resource)
    if limit is False or request is False or (limit is not None and limit != amount) or (request or 0) > amount:
        return None
    removed = [Remove(node)] + ([Remove(period)] if period is not None else [])
    if limit is not None:
        return FixIntent(f"Remove HostConfig.{node.key}: k8s-experimental.resources.limits has it", removed, "safe")
    quantity = format_bytes(amount) if resource == "memory" else format_cpu(amount)
    change = set_k8s_option(module, ("resources", "limits", resource), quantity)
    if change is None:
        return None
    # Without a request Kubernetes requests the limit: the scheduler then reserves what Docker
    # only capped, and the pod may stay Pending. With a request, scheduling is unchanged.
    return FixIntent(f"Move HostConfig.{node.key} to k8s-experimental.resources.limits.{resource} (`{quantity}`)",
                     removed + [change], "safe" if request is not None else "unsafe")


@rule(
    "EL010",
    "docker-resource-limits-ignored",
    "warning",
    "Docker resource options (Memory, NanoCpus, CpuQuota…), which Kubernetes IoT Edge ignores.",
    fix="unsafe",
    tags=("resources",),
)
def docker_resource_limits_ignored(manifest):
    for module in manifest.modules:
        host_config = module.host_config
        for name, node in host_config.items() if host_config is not None else ():
            key = name.lower()
            if key not in DOCKER_RESOURCE_OPTIONS or is_unset(node):
                continue  # a placeholder is a value: the option is set, only its amount is unknown
            target = DOCKER_RESOURCE_OPTIONS[key]
            if target is None:
                advice = "there is no equivalent, so the module runs without this restriction"
            else:
                quantity = _suggested_quantity(key, node, host_config)
                value = f" (`{quantity}`)" if quantity else ""
                advice = f"set k8s-experimental.resources.{target}{value} instead"
            yield Problem(
                node,
                f"HostConfig.{name} is ignored by Kubernetes IoT Edge, which reads resources only from "
                f"k8s-experimental.resources; {advice}.",
                fix=_move_to_limits(module, key, node, host_config),
                on_key=True,
            )


@rule(
    "EL011",
    "device-access-ignored",
    "error",
    "Devices, DeviceRequests, DeviceCgroupRules and Runtime nvidia, which Kubernetes IoT Edge drops.",
    fix="unsafe",
    tags=("resources",),
)
def device_access_ignored(manifest):
    for module in manifest.modules:
        gpu_requested = has_gpu_limit(module)
        gpu_fix = None if gpu_requested else _request_gpus(module)
        runtime = module.host_option("Runtime")
        if runtime is not None and runtime.is_string and "nvidia" in runtime.value.lower() and not gpu_requested:
            yield Problem(
                runtime,
                f"Kubernetes IoT Edge drops `Runtime: {runtime.value}`, so the pod asks for no GPU and Kubernetes "
                f"assigns it none; {_REQUEST_GPU}.",
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
                    f"no GPU and Kubernetes assigns it none; {_REQUEST_GPU}.",
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
            if _FPGA_DEVICE.fullmatch(device.path):
                continue  # EL009
            gpu = _GPU_DEVICE.fullmatch(device.path)
            if gpu and gpu_requested:
                continue
            if privileged:
                yield device.problem(_privileged_device_message(device.path, gpu), fix=gpu_fix if gpu else None,
                                     level="warning")
            elif gpu:
                yield device.problem(
                    f"Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get the GPU device "
                    f"`{device.path}`; {_REQUEST_GPU}.",
                    fix=gpu_fix,
                )
            else:
                yield device.problem(
                    f"Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get `{device.path}`; "
                    f"request the device as a device-plugin resource in k8s-experimental.resources.limits."
                )


def _lists_something(node):
    """A non-empty list, or a placeholder standing for one."""
    if node is None:
        return False
    return (node.is_array and not is_unset(node)) or (node.is_string and has_placeholder(node.value))


def _privileged_device_message(path, gpu):
    seen = (f"Kubernetes IoT Edge ignores HostConfig.Devices, but this container is privileged "
            f"(securityContext.privileged) and sees the host's /dev, `{path}` included")
    if gpu:
        return (f"{seen}; Kubernetes does not assign the GPU to the pod, though, nor keep other pods off it; "
                f"{_REQUEST_GPU}.")
    return f"{seen}: the entry is redundant; remove it."


def gpu_count(module):
    """How many GPUs the module asks Docker for: the Count or the DeviceIDs of its GPU
    DeviceRequests entry, else one (the nvidia runtime, GPU devices, or `--gpus all`);
    None when several entries or a placeholder make it unclear."""
    requests = module.host_option("DeviceRequests")
    entries = [entry for entry in requests.value if _is_gpu_request(entry)] if requests is not None and requests.is_array else []
    if not entries:
        return 1
    if len(entries) > 1:
        return None
    count, ids = entries[0].get_ci("Count"), entries[0].get_ci("DeviceIDs")
    if ids is not None and ids.is_array and ids.value:
        return None if any(has_placeholder(item.value) for item in ids.value) else len(ids.value)
    if count is not None and _positive_int(count.value):
        return count.value
    return None if count is not None and has_placeholder(count.value) else 1


def _request_gpus(module):
    """The same number of GPUs as a device-plugin resource limit (the Docker options stay, for
    Docker devices)."""
    count = gpu_count(module)
    change = set_k8s_option(module, ("resources", "limits", GPU_RESOURCE), count) if count else None
    if change is None:
        return None
    noun = "GPU" if count == 1 else "GPUs"
    return FixIntent(f"Request {count} {noun} with `{GPU_RESOURCE}` in k8s-experimental.resources.limits", [change])


def _requests_gpu(requests):
    """A DeviceRequests list for GPUs."""
    return any(_is_gpu_request(entry) for entry in requests.value)


def _is_gpu_request(entry):
    """A DeviceRequests entry for GPUs: an nvidia driver or the `gpu` capability."""
    driver = entry.get_ci("Driver")
    if driver is not None and driver.is_string and driver.value.lower() == "nvidia":
        return True
    capabilities = entry.get_ci("Capabilities")
    return capabilities is not None and any(n.is_string and n.value.lower() == "gpu" for n in capabilities.walk())


@rule(
    "EL012",
    "missing-resource-limits",
    "note",
    "A module without memory or cpu limits in k8s-experimental.resources.",
    tags=("resources",),
    default=False,  # advice, not a translation problem: rules/EL012.md says why it is opt-in
)
def missing_resource_limits(manifest):
    for module in manifest.modules:
        if (module.system and module.name == "edgeAgent") or module.create_options_error is not None:
            continue  # the agent's pod gets the Helm chart's limits
        limits = resource_list(module, "limits")
        missing = [name for name in ("memory", "cpu") if limits is None or limits.get(name) is None]
        if not missing:
            continue
        node = next(
            (n for n in (limits, module.k8s_option("resources"), module.k8s) if n is not None),
            module.node,
        )
        unlimited = " and ".join("CPU" if name == "cpu" else name for name in missing)
        yield Problem(
            node,
            f"`{module.name}` sets no {' or '.join(missing)} limit: on Kubernetes it may use all of the device's "
            f"{unlimited} and starve the other modules; set {' and '.join(f'limits.{m}' for m in missing)} in "
            f"k8s-experimental.resources.",
            on_key=True,
        )


class Quantity:
    """One entry of resources.limits or .requests; `value` is a Decimal, or None when the
    entry is a placeholder or reported as invalid."""

    __slots__ = ("name", "node", "value")

    def __init__(self, name, node, value):
        self.name = name
        self.node = node
        self.value = value


def _quantities(resources, which):
    """The entries of one resource list by name, and the Problems of invalid names and values."""
    quantities, problems = {}, []
    for name, node in resources.items() if resources is not None else ():
        name_problem = container_resource_name_problem(name)
        if name_problem is not None and not has_placeholder(name):
            problems.append(Problem(
                node,
                f"`{name}` {name_problem}: Kubernetes rejects the module's Deployment; use cpu, memory or a "
                f"device-plugin resource such as `{GPU_RESOURCE}`.",
                on_key=True,
            ))
            continue
        value = None
        if not has_placeholder(node.value) and node.value is not None:  # null is read as 0
            value = parse_quantity(node.value)
            shown = node.value if node.is_string else json.dumps(node.to_python())
            if value is None:
                problems.append(Problem(
                    node,
                    f"`{shown}` is not a quantity edgeAgent can read: it parses k8s-experimental.resources itself "
                    f"(KubernetesClient's ResourceQuantity) while it reads the createOptions of every module, throws, "
                    f"and then no module of the deployment is updated; write a number with an optional suffix, such "
                    f"as `512Mi`, `2Gi`, `0.5` or `500m` (`MB` and `K` are no suffixes).",
                ))
            elif value < 0:
                problems.append(Problem(
                    node, f"{which}.{name} is negative, so the module's Deployment is rejected; use a positive amount."
                ))
                value = None
            elif is_extended_resource(name) and value != value.to_integral_value():
                problems.append(Problem(
                    node,
                    f"`{name}` is a device-plugin resource and must be a whole number, so the module's Deployment "
                    f"is rejected; use `{int(value) or 1}`.",
                ))
                value = None
        quantities[name] = Quantity(name, node, value)
    return quantities, problems


@rule(
    "EL013",
    "invalid-resource-quantity",
    "error",
    "Resource quantities Kubernetes rejects: bad syntax, request above limit, extended resources without an equal "
    "limit.",
    tags=("resources",),
)
def invalid_resource_quantity(manifest):
    for module in manifest.modules:
        resources = module.k8s_option("resources")
        if resources is None or not resources.is_object:
            continue
        lists = {}
        for which in ("limits", "requests"):
            node = resources.get_ci(which)
            if node is not None and not node.is_object and node.value is not None:
                yield Problem(
                    node,
                    f"resources.{which} must be an object of resource names and quantities; the agent cannot read "
                    f"it and the deployment fails.",
                )
                node = None
            lists[which], problems = _quantities(node, which)
            yield from problems
        limits = lists["limits"]
        for request in lists["requests"].values():
            limit = limits.get(request.name)
            if limit is None:
                if not overcommit_allowed(request.name):
                    yield Problem(
                        request.node,
                        f"`{request.name}` is requested without a limit, which Kubernetes requires for "
                        f"device-plugin resources, so the module's Deployment is rejected; set the same "
                        f"amount in limits (a limit alone is enough).",
                        on_key=True,
                    )
            elif request.value is None or limit.value is None:
                continue
            elif not overcommit_allowed(request.name) and request.value != limit.value:
                yield Problem(
                    request.node,
                    f"The request for `{request.name}` differs from its limit; Kubernetes requires them to be equal "
                    f"for device-plugin resources, so the module's Deployment is rejected; request the limit or drop "
                    f"the request.",
                )
            elif request.value > limit.value:
                yield Problem(
                    request.node,
                    f"The {request.name} request is above its limit, so the module's Deployment is rejected; lower "
                    f"the request or raise the limit.",
                )
