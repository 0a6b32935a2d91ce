"""Changes to a module that several rules' fixes make: options in `k8s-experimental` and
environment variables, wherever the manifest sets them."""

from __future__ import annotations

from edgelint.edgeagent.create_options import K8S_SECTION
from edgelint.fixes.intents import Append, Rename, Replace, ReplaceChars, SetMember

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from edgelint.fixes.intents import Change
    from edgelint.manifest import EnvVar, Module


def set_k8s_option(module: Module, path: Sequence[str], value: object) -> SetMember | None:
    """The change that sets `k8s-experimental.<path>` of the module to `value`, or None
    when the module has no createOptions object to hold it or its section cannot take it.

    The section name is matched exactly and the names below it case-insensitively, as
    the agent reads them; the last name (a resource name) exactly."""
    options = module.create_options
    if options is None:
        return None
    section = module.k8s
    if section is None:
        if any(key.lower() == K8S_SECTION for key in options.value):
            return None  # a misspelt section (EL025): adding another one would hide it
        return SetMember(options, (K8S_SECTION,) + tuple(path), value)
    if not section.is_object:
        return None
    node, depth = section, 0
    while depth < len(path) - 1:
        child = node.get_ci(path[depth])
        if child is None:
            break
        if not child.is_object:
            return None
        node, depth = child, depth + 1
    return SetMember(node, path[depth:], value)


def add_env_var(module: Module, beside: EnvVar, name: str, value: str) -> Change:
    """The change that sets `name=value` in the place where the variable `beside` is set:
    the `env` section or createOptions.Env."""
    section = module.env if beside.source == "env" else module.create_option("Env")
    if section is None:
        raise ValueError(f"{beside!r} is not set in module {module.name}")
    if beside.source == "env":
        return SetMember(section, (name,), {"value": value})
    return Append(section, f"{name}={value}")


def rename_env_var(variable: EnvVar, name: str) -> Change:
    if variable.source == "env":
        return Rename(variable.node, name)
    return ReplaceChars(variable.node, 0, len(variable.name), name)


def set_env_value(variable: EnvVar, value: str) -> Change | None:
    """The change that gives the variable `value`, or None when its value is not a string."""
    if variable.source == "createOptions":
        return ReplaceChars(variable.node, len(variable.name) + 1, len(variable.node.value), value)
    if variable.value_node is None:
        return SetMember(variable.node, ("value",), value) if variable.node.is_object else None
    return Replace(variable.value_node, value) if variable.value_node.is_string else None


def append_to_env_value(variable: EnvVar, text: str) -> ReplaceChars | None:
    """The change that adds `text` at the end of the variable's string value, or None."""
    if variable.source == "createOptions":
        end = len(variable.node.value)
        return ReplaceChars(variable.node, end, end, text)
    node = variable.value_node
    if node is None or not node.is_string:
        return None
    return ReplaceChars(node, len(node.value), len(node.value), text)
