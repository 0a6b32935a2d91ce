"""Helpers shared by the proxy rules.

Web proxy rules: what a module behind a web proxy needs on Kubernetes.

Every module pod reaches the IoT Edge workload API through its proxy sidecar at
`http://localhost:35001` (on Docker it was a Unix socket). For an http:// URL, HTTP clients
take the proxy from `http_proxy` (.NET, Python, Go also `HTTP_PROXY`; curl only the
lower-case name) or, without it, `all_proxy`/`ALL_PROXY`; never from `https_proxy`. So only
those variables send the workload API call to the web proxy, and `no_proxy` must then exempt
`localhost`. edgeHub reaches IoT Hub through the proxy in `https_proxy` (read by .NET
configuration, in any case) and needs a WebSocket protocol to pass it.
"""

from __future__ import annotations

from edgelint.fixes.intents import FixIntent
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from edgelint.fixes.intents import Change
    from edgelint.manifest import EnvVar, Module
    from edgelint.rule import PlannedFix


def effective_variables(module: Module) -> dict[str, EnvVar]:
    """The module's environment variables by name, the one the container sees winning
    (createOptions.Env comes after the env section)."""
    return {variable.name: variable for variable in module.env_vars()}


def _text(variable: EnvVar) -> str:
    value = variable.value
    return value if isinstance(value, str) else ("" if value is None else str(value))


def is_unknown(variable: EnvVar) -> bool:
    return has_placeholder(_text(variable))


def proxy_variable(variables: dict[str, EnvVar], names: Callable[[str], bool]) -> EnvVar | None:
    """The first variable with a value whose name `names` accepts, or None; None as well
    when such a value is a placeholder (it may stay empty)."""
    found = None
    for variable in variables.values():
        if names(variable.name) and _text(variable).strip():
            if is_unknown(variable):
                return None
            found = found or variable
    return found


def value_problem(variable: EnvVar, message: str, fix: PlannedFix | None = None) -> Problem:
    """A Problem at the variable's value: the `value` member of the env section, or the
    characters after '=' of a createOptions.Env entry."""
    if variable.source == "env":
        node = variable.value_node if variable.value_node is not None else variable.node
        return Problem(node, message, fix=fix)
    return Problem(variable.node, message, fix=fix, part=(len(variable.name) + 1, len(variable.node.value)))


def _fix(title: str, change: Change | None) -> FixIntent | None:
    return FixIntent(title, [change]) if change is not None else None
