"""EL032 unknown-route-module: A route that names a module the deployment does not have."""

from __future__ import annotations

from edgelint.placeholders import has_placeholder
from edgelint.routes import sink_module, source_module
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Route
    from edgelint.routes import ModuleReference


def knows_all_modules(manifest: Manifest) -> bool:
    """True when the manifest holds the device's whole module set: a full `$edgeAgent` and
    `$edgeHub` desired state, no layered `properties.desired.modules.<name>` parts and no
    module whose name is still a placeholder. A layered deployment adds to modules it cannot see."""
    if manifest.agent_desired is None or manifest.hub_desired is None:
        return False
    return not any(module.layered or module.name_is_placeholder for module in manifest.modules)


@rule(
    "EL032",
    "unknown-route-module",
    "warning",
    "A route that names a module the deployment does not have.",
    tags=("routes",),
)
def unknown_route_module(manifest: Manifest) -> Iterator[Problem]:
    if not manifest.routes or not knows_all_modules(manifest):
        return
    names = {module.name for module in manifest.modules}
    lowered = {name.lower() for name in names}
    for route in manifest.routes:
        if route.text is None:
            continue
        source = source_module(route.text)
        # edgeHub compares a route's source with the sending module ignoring case.
        if source is not None and source.name.lower() not in lowered and not has_placeholder(source.name):
            yield _problem(route, source, "never matches a message", names)
        sink = sink_module(route.text)
        if sink is not None and sink.name not in names and not has_placeholder(sink.name):
            yield _problem(route, sink, "delivers to no module", names)


def _problem(route: Route, reference: ModuleReference, effect: str, names: set[str]) -> Problem:
    same_but_case = sorted(name for name in names if name.lower() == reference.name.lower())
    advice = (
        f"write `{same_but_case[0]}`, as the module is named (module names are case-sensitive here)"
        if same_but_case
        else "correct the name or add the module"
    )
    return Problem(
        route.node,
        f"Route `{route.name}` names module `{reference.name}`, which this deployment does not have, so the route "
        f"{effect}; {advice}.",
        part=(reference.start, reference.end),
    )
