"""EL025 unknown-k8s-option: A k8s-experimental section the agent does not read: other casing, not an object, or unknown keys."""

from __future__ import annotations

import re

from edgelint.checks.helpers.create_options import CONTAINER_ONLY_FIELDS
from edgelint.edgeagent.create_options import K8S_OPTIONS, K8S_SECTION, case_duplicates, experimental_options
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node

_KNOWN_OPTIONS = {option.lower(): option for option in K8S_OPTIONS}


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_SQUASHED_OPTIONS = {_squash(option): option for option in K8S_OPTIONS}


@rule(
    "EL025",
    "unknown-k8s-option",
    "warning",
    "A k8s-experimental section the agent does not read: other casing, not an object, or unknown keys.",
    tags=("create-options", "k8s-experimental"),
)
def unknown_k8s_option(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        if module.create_options is None:
            continue
        # Casings of the section next to each other make the agent throw: EL034 reports that.
        repeated = {id(node) for pair in case_duplicates(module.create_options) for node in pair[:2]}
        for name, node in module.create_options.items():
            if name != K8S_SECTION and _squash(name) == _squash(K8S_SECTION) and id(node) not in repeated:
                yield Problem(
                    node,
                    f"`{name}` is not `{K8S_SECTION}`: the agent reads that name exactly, so everything in this "
                    f"section is ignored; rename it to `{K8S_SECTION}`.",
                    on_key=True,
                )
        section = module.k8s
        if section is None or section.value is None:
            continue
        if not section.is_object:
            yield Problem(
                section,
                f"{K8S_SECTION} must be an object: the agent ignores the whole section; write it as "
                f'{{"resources": …, "strategy": …}}.',
            )
            continue
        seen: dict[str | None, Node] = {}
        for name, node in section.items():
            known = _KNOWN_OPTIONS.get(name.lower())
            if known is None:
                suggestion = _SQUASHED_OPTIONS.get(_squash(name))
                advice = f"rename it to `{suggestion}`" if suggestion else f"use only {', '.join(K8S_OPTIONS)}"
                yield Problem(
                    node,
                    f"`{name}` is not a {K8S_SECTION} option the agent knows: it is dropped with a log warning; "
                    f"{advice}.",
                    on_key=True,
                )
            elif known in seen:
                yield Problem(
                    seen[known],
                    f"`{seen[known].key}` is given again as `{name}`: the agent reads option names in any case and "
                    f"keeps only the last one, so this one is ignored; merge them.",
                    on_key=True,
                )
            seen[known] = node
        options = experimental_options(section)
        if options:
            yield from _unknown_members(options)


def _unknown_members(options: dict[str, Node]) -> Iterator[Problem]:
    """Members of an option that its Kubernetes type has no field for: Json.NET drops them."""
    from edgelint.json_net import api_types, experimental_unknown_members

    for node, path, type_name in experimental_unknown_members(options):
        key = str(node.key)  # a member name
        if path.lower() == f"securitycontext.{key.lower()}" and key.lower() in CONTAINER_ONLY_FIELDS:
            continue  # EL026 says where such a setting goes
        near = [field for field in api_types()["types"][type_name] if _squash(field) == _squash(key)]
        advice = f"rename it to `{near[0]}`" if near else "check its name against the Kubernetes API reference"
        yield Problem(
            node,
            f"`{node.key}` is not a field of {K8S_SECTION}.{path.rsplit('.', 1)[0]} ({type_name.rsplit('.', 1)[-1]}): "
            f"the agent reads it into that type and silently drops this member; {advice}.",
            on_key=True,
        )
