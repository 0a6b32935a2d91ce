"""Naming rules: module names as Kubernetes IoT Edge turns them into Kubernetes names (reference §2)."""

from edgelint.checks.network import port_entries
from edgelint.fixes.intents import FixIntent, Rename, ReplaceChars
from edgelint.manifest import member_name_node
from edgelint.routes import sink_module, source_module
from edgelint.rule import Problem, rule
from edgelint.translator import is_dns_label, module_name_problem, sanitize_module_name, status_container_name


def name_problem(manifest, module, message, fix=None, level=None):
    """A Problem that points at the module's name: its member key or, for a layered
    `properties.desired.modules.<name>` key, only the name inside the key."""
    if module.layered != "key":
        return Problem(module.node, message, fix=fix, on_key=True, level=level)
    key = member_name_node(module.node, manifest.file_text)
    start = len(key.value) - len(module.name)
    return Problem(key, message, fix=fix, part=(start, len(key.value)), level=level)


def kubernetes_ready_name(name):
    """The name a module keeps on Kubernetes: what the agent's sanitiser leaves of it, with
    dots turned into '-' and no '-' at either end; None when that is no valid Service name
    (empty, too long, not starting with a letter)."""
    candidate = sanitize_module_name(name).replace(".", "-").strip("-")
    if not candidate or not candidate[0].isalpha() or not is_dns_label(candidate):
        return None
    return candidate


def _rename_module(manifest, module):
    """Rename the module everywhere the manifest names it: its key, the routes from and to
    it, its own twin in modulesContent. None when the new name is taken or unclear."""
    new = kubernetes_ready_name(module.name)
    others = [other for other in manifest.modules if other is not module]
    if new is None or any(sanitize_module_name(other.name) == new or other.name.lower() == new for other in others):
        return None
    key = str(module.node.key)
    changes = [Rename(module.node, key[: len(key) - len(module.name)] + new)]
    for route in manifest.routes:
        if route.text is None:
            continue
        # edgeHub matches a route's source ignoring case, its sink exactly (routes.py)
        source, sink = source_module(route.text), sink_module(route.text)
        if source is not None and source.name.lower() == module.name.lower():
            changes.append(ReplaceChars(route.node, source.start, source.end, new))
        if sink is not None and sink.name == module.name:
            changes.append(ReplaceChars(route.node, sink.start, sink.end, new))
    twin = manifest.twins.get(module.name)
    if twin is not None:
        changes.append(Rename(twin, new))
    return FixIntent(
        f"Rename module `{module.name}` to `{new}` in its key, routes and twin (its identity in IoT Hub changes: "
        f"a new module twin and new credentials)",
        changes,
    )


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
                fix=_rename_module(manifest, module),
            )


def _status_problem(manifest, module, k8s_name):
    """A container name the agent's status lookup does not find (leading digits)."""
    lookup = status_container_name(module.name)
    if lookup:
        outcome = (f"under `{lookup}` (KubeUtils.SanitizeDNSValue drops the leading digits), finds no such "
                   f"container and reports the module as failed in IoT Hub while it runs")
    else:
        outcome = ("under a name it cannot form (KubeUtils.SanitizeDNSValue needs a letter), throws and never reports "
                   "the module as running in IoT Hub, although it runs")
    return name_problem(
        manifest,
        module,
        f"Module `{module.name}` runs as container `{k8s_name}`, but the agent looks the container's status up "
        f"{outcome}; rename it to start with a letter.",
        level="warning",
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
            fix=_rename_module(manifest, module),
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
