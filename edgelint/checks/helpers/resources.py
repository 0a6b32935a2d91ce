"""Helpers shared by the resources rules.

Resource rules: accelerators, devices and CPU/memory limits.

On Kubernetes the only source of a module's resources is `k8s-experimental.resources`,
copied verbatim into the module container; Docker's resource options and device mappings
are dropped, and accelerators come from device-plugin resources such as `nvidia.com/gpu`.
"""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.manifest import Module
    from edgelint.rule import PlannedFix
    from edgelint.source.nodes import Node

GPU_RESOURCE = "nvidia.com/gpu"

FPGA_DEVICE = lazy_compile(r"/dev/catapult[0-9]*")

REQUEST_GPU = f'request the GPU with `"{GPU_RESOURCE}": 1` in k8s-experimental.resources.limits'


def resource_list(module: Module, which: str) -> Node | None:
    """`k8s-experimental.resources.limits` or `.requests` (object node), or None."""
    resources = module.k8s_option("resources")
    node = resources.get_ci(which) if resources is not None else None
    return node if node is not None and node.is_object else None


def is_unset(node: Node) -> bool:
    """A Docker option value that asks for nothing: null, false, 0 or below (Docker's
    'unlimited'), or an empty string, list or object."""
    value = node.value
    if value is None or value is False or value == "" or value == [] or value == {}:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0


class DeviceMapping:
    """A HostConfig.Devices entry: `path` is its host path, `node`/`part` locate it."""

    __slots__ = ("path", "node", "part")

    path: str
    node: Node
    part: tuple[int, int] | None

    def __init__(self, path: str, node: Node, part: tuple[int, int] | None) -> None:
        self.path = path
        self.node = node
        self.part = part

    def problem(self, message: str, fix: PlannedFix | None = None, level: str | None = None) -> Problem:
        return Problem(self.node, message, fix=fix, part=self.part, level=level)


def device_mappings(module: Module, placeholders: bool = False) -> list[DeviceMapping]:
    """The host paths of HostConfig.Devices: `PathOnHost` of each mapping object, or the
    host part of a `src:dst[:perms]` string. Paths that are placeholders are left out unless
    `placeholders` (a whole list given as one placeholder then counts as one entry)."""
    devices = module.host_option("Devices")
    mappings: list[DeviceMapping] = []
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


def positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
