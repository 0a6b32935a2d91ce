"""Naming rules: module names as Kubernetes IoT Edge turns them into Kubernetes names (reference §2)."""

from edgelint.checks.network import port_entries
from edgelint.manifest import member_name_node
from edgelint.rule import Problem, rule
from edgelint.translator import module_name_problem, sanitize_module_name

def name_problem(manifest, module, message):
    """A Problem that points at the module's name: its member key or, for a layered
    `properties.desired.modules.<name>` key, only the name inside the key."""
    if module.layered != "key":
        return Problem(module.node, message, on_key=True)
    key = member_name_node(module.node, manifest.file_text)
    start = len(key.value) - len(module.name)
    return Problem(key, message, part=(start, len(key.value)))


def _named_modules(manifest):
    """Modules whose name is known (not a template placeholder)."""
    return [module for module in manifest.modules if not module.name_is_placeholder]


def _has_service(module):
    """The agent creates a Service only for modules whose port keys it can parse."""
    return bool(port_entries(module))


@rule(
    "EL018",
    "invalid-module-name",
    "error",
    "A module name that is not a valid Kubernetes name once the agent has sanitised it.",
    fix="unsafe",
    tags=("naming",),
)
def invalid_module_name(manifest):
    for module in _named_modules(manifest):
        if module.system:
            continue
        reason = module_name_problem(module.name, _has_service(module))
        if reason:
            k8s_name = sanitize_module_name(module.name)
            yield name_problem(
                manifest,
                module,
                f"Module `{module.name}` gets the Kubernetes name `{k8s_name}`, which is not a valid container or "
                f"Service name ({reason}): the module is never deployed; rename it to lower-case letters, digits "
                f"and '-', starting with a letter, at most 63 characters.",
            )


@rule(
    "EL019",
    "module-name-rewritten",
    "warning",
    "A module with ports whose name loses characters on Kubernetes, so peers must use another host name.",
    fix="unsafe",
    tags=("naming",),
)
def module_name_rewritten(manifest):
    for module in _named_modules(manifest):
        if module.system or not _has_service(module):
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
        )


@rule(
    "EL020",
    "module-name-collision",
    "error",
    "Two modules whose names sanitise to the same Kubernetes name: the agent rejects the deployment.",
    tags=("naming",),
)
def module_name_collision(manifest):
    first_by_name = {}
    for module in _named_modules(manifest):
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
