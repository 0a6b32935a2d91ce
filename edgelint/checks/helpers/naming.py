"""Helpers shared by the naming rules.

Naming rules: module names as Kubernetes IoT Edge turns them into Kubernetes names.
"""

from __future__ import annotations

from edgelint.checks.helpers.network import port_entries
from edgelint.edgeagent.names import is_dns_label, sanitize_module_name
from edgelint.fixes.intents import Change, FixIntent, Rename, ReplaceChars
from edgelint.manifest import member_name_node
from edgelint.routes import sink_module, source_module
from edgelint.rule import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.manifest import Manifest, Module


def name_problem(
    manifest: Manifest, module: Module, message: str, fix: FixIntent | None = None, level: str | None = None
) -> Problem:
    """A Problem that points at the module's name: its member key or, for a layered
    `properties.desired.modules.<name>` key, only the name inside the key."""
    if module.layered != "key":
        return Problem(module.node, message, fix=fix, on_key=True, level=level)
    key = member_name_node(module.node, manifest.file_text)
    start = len(key.value) - len(module.name)
    return Problem(key, message, fix=fix, part=(start, len(key.value)), level=level)


def kubernetes_ready_name(name: str) -> str | None:
    """The name a module keeps on Kubernetes: what the agent's sanitiser leaves of it, with
    dots turned into '-' and no '-' at either end; None when that is no valid Service name
    (empty, too long, not starting with a letter)."""
    candidate = sanitize_module_name(name).replace(".", "-").strip("-")
    if not candidate or not candidate[0].isalpha() or not is_dns_label(candidate):
        return None
    return candidate


def rename_module(manifest: Manifest, module: Module) -> FixIntent | None:
    """Rename the module everywhere the manifest names it: its key, the routes from and to
    it, its own twin in modulesContent. None when the new name is taken or unclear."""
    new = kubernetes_ready_name(module.name)
    others = [other for other in manifest.modules if other is not module]
    if new is None or any(sanitize_module_name(other.name) == new or other.name.lower() == new for other in others):
        return None
    key = str(module.node.key)
    changes: list[Change] = [Rename(module.node, key[: len(key) - len(module.name)] + new)]
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


def named_modules(manifest: Manifest) -> list[Module]:
    """Modules whose name is known (not a template placeholder)."""
    return [module for module in manifest.modules if not module.name_is_placeholder]


def has_service(module: Module) -> bool:
    """The agent creates a Service only for modules whose port keys it can parse."""
    return bool(port_entries(module))
