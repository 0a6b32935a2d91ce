"""EL019 module-name-rewritten: A module with ports whose name loses characters on Kubernetes, so peers must use another host name."""

from __future__ import annotations

from edgelint.checks.helpers.naming import has_service, name_problem, named_modules, rename_module
from edgelint.edgeagent.names import module_name_problem, sanitize_module_name
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.rule import Problem


@rule(
    "EL019",
    "module-name-rewritten",
    "warning",
    "A module with ports whose name loses characters on Kubernetes, so peers must use another host name.",
    fix="unsafe",
    tags=("naming",),
)
def module_name_rewritten(manifest: Manifest) -> Iterator[Problem]:
    for module in named_modules(manifest):
        if module.system or not has_service(module):
            continue
        k8s_name = sanitize_module_name(module.name)
        # Case alone does not matter: DNS names are case-insensitive, `MyModule` still resolves.
        if k8s_name == module.name.lower() or module_name_problem(module.name, True):
            continue
        yield name_problem(
            manifest,
            module,
            f"Module `{module.name}` is reachable on Kubernetes only as `{k8s_name}` (its Service name), not by "
            f"its module name as on Docker; rename the module to `{k8s_name}` or make its peers use that host name.",
            fix=rename_module(manifest, module),
        )
