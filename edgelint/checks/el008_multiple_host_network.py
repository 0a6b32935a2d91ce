"""EL008 multiple-host-network: More than one running module with NetworkMode host: their proxy sidecars collide on ports 35000/35001."""

from __future__ import annotations

from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module


@rule(
    "EL008",
    "multiple-host-network",
    "error",
    "More than one running module with NetworkMode host: their proxy sidecars collide on ports 35000/35001.",
    tags=("network",),
)
def multiple_host_network(manifest: Manifest) -> Iterator[Problem]:
    first: Module | None = None
    for module in manifest.modules:
        mode = module.host_option("NetworkMode")
        if mode is None or not mode.is_string or mode.value.lower() != "host" or _stopped(module):
            continue
        if first is None:
            first = module
            continue
        yield Problem(
            mode,
            f"`{module.name}` uses the host network like `{first.name}`: every module pod has an IoT Edge proxy "
            f"sidecar on ports 35000 and 35001, so a second host-network pod collides with the first and fails; "
            f"keep host networking for one module only.",
        )


def _stopped(module: Module) -> bool:
    """KubernetesDeploymentMapper: a module whose desired status is stopped gets 0 replicas, so
    no pod."""
    status = module.node.get("status")
    return status is not None and status.is_string and status.value.lower() == "stopped"
