"""EL009 fpga-resources: FPGA resources of Azure Stack Edge Pro FPGA (Catapult), which a GPU device does not have."""

from __future__ import annotations

from functools import partial

from edgelint.checks.helpers.resources import FPGA_DEVICE, GPU_RESOURCE, REQUEST_GPU, device_mappings, resource_list
from edgelint.fixes.intents import FixIntent, Remove, Rename
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node

FPGA_RESOURCE = "microsoft.com/fpga_catapult"


@rule(
    "EL009",
    "fpga-resources",
    "error",
    "FPGA resources of Azure Stack Edge Pro FPGA (Catapult), which a GPU device does not have.",
    fix="unsafe",
    tags=("resources",),
)
def fpga_resources(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        for which in ("limits", "requests"):
            resources = resource_list(module, which)
            fpga = resources.get(FPGA_RESOURCE) if resources is not None else None
            if resources is not None and fpga is not None:
                yield Problem(
                    fpga,
                    f"`{FPGA_RESOURCE}` is the FPGA of Azure Stack Edge Pro FPGA: no node of a GPU device offers "
                    f"it, so the pod stays Pending; request `{GPU_RESOURCE}` instead and deploy a GPU build of the "
                    f"module.",
                    fix=partial(_fpga_to_gpu, resources, fpga),
                    on_key=True,
                )
        for variable in module.env_vars():
            if variable.name == "WIRESERVER_ADDRESS":
                yield variable.name_problem(
                    "`WIRESERVER_ADDRESS` points the module at the FPGA's wire server, which Azure Stack Edge Pro GPU "
                    f"does not have; remove it and {REQUEST_GPU}.",
                    fix=FixIntent("Remove `WIRESERVER_ADDRESS` (the FPGA's wire server)", [Remove(variable.node)]),
                )
        for device in device_mappings(module):
            if FPGA_DEVICE.fullmatch(device.path):
                yield device.problem(
                    f"`{device.path}` is the FPGA of Azure Stack Edge Pro FPGA: a GPU device has none, and Kubernetes "
                    f"IoT Edge drops HostConfig.Devices anyway; {REQUEST_GPU} instead."
                )


def _fpga_to_gpu(resources: Node, fpga: Node) -> FixIntent | None:
    """Ask for as many GPUs as the FPGA count, unless the list names GPUs already."""
    if resources.get(GPU_RESOURCE) is not None:
        return None
    return FixIntent(
        f"Request `{GPU_RESOURCE}` instead of `{FPGA_RESOURCE}`, same count (the module needs a GPU build)",
        [Rename(fpga, GPU_RESOURCE)],
    )
