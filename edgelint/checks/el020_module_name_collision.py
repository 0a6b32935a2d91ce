"""EL020 module-name-collision: Two modules whose names sanitise to the same Kubernetes name: the agent rejects the deployment."""

from __future__ import annotations

from edgelint.checks.helpers.naming import name_problem, named_modules
from edgelint.edgeagent.names import sanitize_module_name
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.rule import Problem


@rule(
    "EL020",
    "module-name-collision",
    "error",
    "Two modules whose names sanitise to the same Kubernetes name: the agent rejects the deployment.",
    tags=("naming",),
)
def module_name_collision(manifest: Manifest) -> Iterator[Problem]:
    first_by_name: dict[str, Module] = {}
    for module in named_modules(manifest):
        k8s_name = sanitize_module_name(module.name)
        if not k8s_name:
            continue
        first = first_by_name.setdefault(k8s_name, module)
        if first is not module:
            yield name_problem(
                manifest,
                module,
                f"Modules `{first.name}` and `{module.name}` both become `{k8s_name}` on Kubernetes: the agent "
                f"rejects the whole deployment (name collision); rename one of them.",
            )
