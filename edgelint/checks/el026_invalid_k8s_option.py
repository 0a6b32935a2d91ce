"""EL026 invalid-k8s-option: Values in k8s-experimental that the agent or Kubernetes rejects, or that are silently lost."""

from __future__ import annotations

import json

from edgelint.checks.helpers.create_options import CONTAINER_ONLY_FIELDS, THROWS, entry_mounts, k8s_volume_entries
from edgelint.checks.helpers.storage import known_volume_sources
from edgelint.edgeagent.create_options import K8S_OPTION_KINDS, K8S_SECTION, experimental_options, json_text
from edgelint.edgeagent.names import is_dns_label, sanitize_dns_label
from edgelint.edgeagent.ports import SERVICE_TYPES
from edgelint.edgeagent.volumes import reserved_volume_names
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.source.nodes import ARRAY, NULL, OBJECT, STRING

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

# The JSON shape each option must have; any other shape makes the agent throw.
_OPTION_SHAPES = {name.lower(): kind for name, kind in K8S_OPTION_KINDS.items()}

_STRATEGY_TYPES = ("Recreate", "RollingUpdate")

_PERCENT = lazy_compile(r"[0-9]+%")

_CONTAINER_FIELD_ADVICE = {
    "privileged": "set HostConfig.Privileged to true instead",
    "capabilities": "HostConfig.Privileged is the only way to grant capabilities",
    "readonlyrootfilesystem": "there is no way to make the root filesystem read-only",
}

_REJECTED = "Kubernetes rejects the module's Deployment"


@rule(
    "EL026",
    "invalid-k8s-option",
    "error",
    "Values in k8s-experimental that the agent or Kubernetes rejects, or that are silently lost.",
    tags=("create-options", "k8s-experimental"),
)
def invalid_k8s_option(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        section = module.k8s
        if section is None or not section.is_object:
            continue
        for name, node in section.items():
            shape = _OPTION_SHAPES.get(name.lower())
            if shape is not None and node.value is not None and node.kind != shape:
                yield Problem(node, f"{K8S_SECTION}.{name} must be an {shape}: {THROWS}.")
        options = experimental_options(section)
        typed = {name: node for name, node in options.items() if name != "resources"}  # EL013 judges resources
        if typed:
            yield from _read_errors(typed)
        yield from _service_options(module)
        yield from _strategy(module)
        yield from _volumes(module)
        yield from _security_context(module)
        yield from _node_selector(options.get("nodeSelector"))


def _read_errors(options: dict[str, Node]) -> Iterator[Problem]:
    """The values the agent's Json.NET cannot read as the Kubernetes types of the options (the
    types and Json.NET's conversions are in edgelint.json_net, imported only here)."""
    from edgelint.json_net import experimental_read_errors

    for error in experimental_read_errors(options):
        if not has_placeholder(error.node.value):
            yield Problem(error.node, f"{K8S_SECTION}.{error.message}: {THROWS}.")


def _node_selector(selector: Node | None) -> Iterator[Problem]:
    """IDictionary<string, string>: Json.NET turns `true` into `True` and `1.0` into `1`, which
    no node label `true` or `1.0` matches: label values are compared as they are written."""
    for label, value in selector.items() if selector is not None and selector.is_object else ():
        text = json_text(value.value) if value.kind not in (OBJECT, ARRAY, STRING) else None
        if text is not None and text != json.dumps(value.value):
            written = json.dumps(value.value)
            yield Problem(
                value,
                f"The nodeSelector value for `{label}` is not a string: the agent sends it as `{text}`, which a node "
                f'label `{label}={written}` never matches, so the pod is never scheduled; write it as "{written}".',
                fix=None,
            )


def _service_options(module: Module) -> Iterator[Problem]:
    options = module.k8s_option("serviceOptions")
    kind = options.get_ci("type") if options is not None else None
    if kind is None or kind.value is None or kind.kind in (OBJECT, ARRAY) or has_placeholder(kind.value):
        return  # an object or list throws: _read_errors reports it
    if not kind.is_string or kind.value.lower() not in SERVICE_TYPES:
        yield Problem(
            kind,
            "The agent knows only the Service types ClusterIP, NodePort and LoadBalancer: it silently ignores this one "
            "and the module's ports get the default type (LoadBalancer on Azure Stack Edge when there are "
            "PortBindings); use one of the three.",
        )


def _strategy(module: Module) -> Iterator[Problem]:
    strategy = module.k8s_option("strategy")
    if strategy is None or not strategy.is_object:
        return
    kind = strategy.get_ci("type")
    rolling = strategy.get_ci("rollingUpdate")
    if (
        kind is not None
        and kind.kind not in (OBJECT, ARRAY, NULL)
        and not has_placeholder(kind.value)
        and kind.value not in _STRATEGY_TYPES
    ):
        yield Problem(kind, f"{_REJECTED}: the strategy type must be exactly `Recreate` or `RollingUpdate`.")
    if rolling is None or rolling.value is None:
        return
    if kind is not None and kind.value == "Recreate":
        yield Problem(
            rolling, f"{_REJECTED}: rollingUpdate may not be given with the Recreate strategy; remove it.", on_key=True
        )
        return
    amounts = {name.lower(): node for name, node in rolling.items()}
    for lowered, node in amounts.items():
        if lowered in ("maxsurge", "maxunavailable") and not _int_or_percent(node):
            yield Problem(node, f"{_REJECTED}: {node.key} must be a whole number or a percentage such as `25%`.")
    surge, unavailable = amounts.get("maxsurge"), amounts.get("maxunavailable")
    if surge is not None and unavailable is not None and _is_zero(surge) and _is_zero(unavailable):
        yield Problem(unavailable, f"{_REJECTED}: maxUnavailable and maxSurge cannot both be 0; allow one of them.")


def _int_or_percent(node: Node) -> bool:
    if isinstance(node.value, bool):
        return False
    if isinstance(node.value, int):
        return node.value >= 0
    return node.is_string and (has_placeholder(node.value) or _PERCENT.fullmatch(node.value) is not None)


def _is_zero(node: Node) -> bool:
    return node.value in (0, "0%")


def _volumes(module: Module) -> Iterator[Problem]:
    entries = k8s_volume_entries(module)
    if not entries:
        return
    derived = {
        sanitize_dns_label(source.source) for source in known_volume_sources(module) if source.source is not None
    } - {None}
    reserved = set(reserved_volume_names(module.name))
    names: dict[str, Node] = {}
    mounts: list[Node] = []
    for entry in entries:
        if not entry.is_object:
            continue  # _read_errors reports it
        volume = entry.get_ci("volume")
        name = volume.get_ci("name") if volume is not None and volume.is_object else None
        if volume is not None and volume.is_object and name is None:
            yield Problem(
                volume,
                f"{_REJECTED}: this volume has no name; give it one (lower-case letters, digits and '-').",
                on_key=True,
            )
        elif name is not None and name.is_string and not has_placeholder(name.value):
            problem = _volume_name_problem(name.value, names, derived, reserved)
            if problem:
                yield Problem(name, f"{_REJECTED}: {problem}.")
            names.setdefault(name.value, name)
        mounts.extend(entry_mounts(entry))
    known = set(names) | derived | reserved
    for mount in mounts:
        name = mount.get_ci("name")
        if name is not None and name.is_string and not has_placeholder(name.value) and name.value not in known:
            yield Problem(
                name,
                f"{_REJECTED}: the volume mount `{name.value}` names no volume of the pod; use the name of a volume "
                f"in {K8S_SECTION}.volumes.",
            )


def _volume_name_problem(
    name: str, earlier: dict[str, Node], derived: set[str | None], reserved: set[str]
) -> str | None:
    if not is_dns_label(name):
        return f"the volume name `{name}` is not a DNS label (lower-case letters, digits and '-', at most 63)"
    if name in earlier:
        return f"the volume name `{name}` is used twice"
    if name in derived:
        return (
            f"the volume name `{name}` is also the name the agent gives a Binds or Mounts source of this module; "
            f"rename it"
        )
    if name in reserved:
        return f"the volume name `{name}` belongs to the pod's IoT Edge proxy sidecar; rename it"
    return None


def _security_context(module: Module) -> Iterator[Problem]:
    context = module.k8s_option("securityContext")
    for name, node in context.items() if context is not None else ():
        if name.lower() in CONTAINER_ONLY_FIELDS:
            advice = _CONTAINER_FIELD_ADVICE.get(name.lower(), "there is no way to set it")
            yield Problem(
                node,
                f"`{name}` is a container setting, but {K8S_SECTION}.securityContext is the pod's, so the agent "
                f"silently drops it; {advice}.",
                on_key=True,
                level="warning",
            )
