"""EL018 invalid-module-name: A module name that is not a valid Kubernetes name once the agent has sanitised it."""

from __future__ import annotations

from edgelint.checks.helpers.naming import has_service, name_problem, named_modules, rename_module
from edgelint.edgeagent.names import module_name_problem, sanitize_module_name, status_container_name
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.rule import Problem


@rule(
    "EL018",
    "invalid-module-name",
    "error",
    "A module name that is not a valid Kubernetes name once the agent has sanitised it.",
    fix="unsafe",
    tags=("naming",),
)
def invalid_module_name(manifest: Manifest) -> Iterator[Problem]:
    for module in named_modules(manifest):
        if module.system:
            continue
        reason = module_name_problem(module.name, has_service(module))
        k8s_name = sanitize_module_name(module.name)
        if not reason and status_container_name(module.name) != k8s_name:
            yield _status_problem(manifest, module, k8s_name)
        elif reason:
            yield name_problem(
                manifest,
                module,
                f"Module `{module.name}` gets the Kubernetes name `{k8s_name}`, which is not a valid container or "
                f"Service name ({reason}): the module is never deployed; rename it to lower-case letters, digits "
                f"and '-', starting with a letter, at most 63 characters.",
                fix=rename_module(manifest, module),
            )


def _status_problem(manifest: Manifest, module: Module, k8s_name: str) -> Problem:
    """A container name the agent's status lookup does not find (leading digits)."""
    lookup = status_container_name(module.name)
    if lookup:
        outcome = (
            f"under `{lookup}` (KubeUtils.SanitizeDNSValue drops the leading digits), finds no such "
            f"container and reports the module as failed in IoT Hub while it runs"
        )
    else:
        outcome = (
            "under a name it cannot form (KubeUtils.SanitizeDNSValue needs a letter), throws and never reports "
            "the module as running in IoT Hub, although it runs"
        )
    return name_problem(
        manifest,
        module,
        f"Module `{module.name}` runs as container `{k8s_name}`, but the agent looks the container's status up "
        f"{outcome}; rename it to start with a letter.",
        level="warning",
    )
