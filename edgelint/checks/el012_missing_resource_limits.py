"""EL012 missing-resource-limits: A module without memory or cpu limits in k8s-experimental.resources."""

from __future__ import annotations

from edgelint.checks.helpers.resources import resource_list
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL012",
    "missing-resource-limits",
    "note",
    "A module without memory or cpu limits in k8s-experimental.resources.",
    tags=("resources",),
    default=False,  # advice, not a translation problem: rules/EL012.md says why it is opt-in
)
def missing_resource_limits(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        if (module.system and module.name == "edgeAgent") or module.create_options_error is not None:
            continue  # the agent's pod gets the Helm chart's limits
        limits = resource_list(module, "limits")
        missing = [name for name in ("memory", "cpu") if limits is None or limits.get(name) is None]
        if not missing:
            continue
        node = next(
            (n for n in (limits, module.k8s_option("resources"), module.k8s) if n is not None),
            module.node,
        )
        unlimited = " and ".join("CPU" if name == "cpu" else name for name in missing)
        yield Problem(
            node,
            f"`{module.name}` sets no {' or '.join(missing)} limit: on Kubernetes it may use all of the device's "
            f"{unlimited} and starve the other modules; set {' and '.join(f'limits.{m}' for m in missing)} in "
            f"k8s-experimental.resources.",
            on_key=True,
        )
