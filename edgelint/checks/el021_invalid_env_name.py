"""EL021 invalid-env-name: An environment variable name Kubernetes rejects, such as a .NET-style name with ':'."""

from __future__ import annotations

from edgelint.edgeagent.environment import ENV_NAME
from edgelint.fixes.intents import FixIntent
from edgelint.fixes.module_changes import rename_env_var
from edgelint.placeholders import has_placeholder
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import EnvVar, Manifest
    from edgelint.rule import Problem


@rule(
    "EL021",
    "invalid-env-name",
    "error",
    "An environment variable name Kubernetes rejects, such as a .NET-style name with ':'.",
    fix="safe",
    tags=("environment",),
)
def invalid_env_name(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        variables = module.env_vars()
        for variable in variables:
            name = variable.name
            if ENV_NAME.fullmatch(name) or has_placeholder(name):
                continue
            fix = None
            if ":" in name:
                message = (
                    f"`{name}` contains ':', which Kubernetes does not allow in environment variable names: the API "
                    f"server rejects the module's Deployment; write `{name.replace(':', '__')}` (.NET configuration "
                    f"reads `__` as `:`)."
                )
                fix = _double_underscores(variable, variables)
            else:
                message = (
                    f"`{name}` is not a valid environment variable name on Kubernetes (letters, digits, '_', '-' and "
                    f"'.', not starting with a digit): the API server rejects the module's Deployment; rename it."
                )
            yield variable.name_problem(message, fix=fix)


def _double_underscores(variable: EnvVar, variables: list[EnvVar]) -> FixIntent | None:
    """Write the name with `__` for `:` (which .NET configuration reads back as `:`), unless
    that is still no valid name or another variable of the module has it."""
    name = variable.name.replace(":", "__")
    if not ENV_NAME.fullmatch(name) or any(other.name == name for other in variables):
        return None
    return FixIntent(f"Rename `{variable.name}` to `{name}`", [rename_env_var(variable, name)])
