"""Environment rules: variable names and createOptions.Env entries on Kubernetes (reference §6)."""

from edgelint.fixes.intents import FixIntent
from edgelint.fixes.module_changes import rename_env_var
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import ENV_NAME, json_text, split_env


@rule(
    "EL021",
    "invalid-env-name",
    "error",
    "An environment variable name Kubernetes rejects, such as a .NET-style name with ':'.",
    fix="safe",
    tags=("environment",),
)
def invalid_env_name(manifest):
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


def _double_underscores(variable, variables):
    """Write the name with `__` for `:` (which .NET configuration reads back as `:`), unless
    that is still no valid name or another variable of the module has it."""
    name = variable.name.replace(":", "__")
    if not ENV_NAME.fullmatch(name) or any(other.name == name for other in variables):
        return None
    return FixIntent(f"Rename `{variable.name}` to `{name}`", [rename_env_var(variable, name)])


@rule(
    "EL022",
    "malformed-env-entry",
    "warning",
    "A createOptions.Env entry without a name and '=', which the agent silently drops.",
    tags=("environment",),
)
def malformed_env_entry(manifest):
    for module in manifest.modules:
        env = module.create_option("Env")
        if env is None or env.value is None:
            continue
        if not env.is_array:
            yield Problem(env, f"createOptions.Env must be a list of `NAME=value` strings: {_THROWS}.", level="error")
            continue
        for entry in env.value:
            if entry.value is None:
                yield Problem(
                    entry,
                    "This Env entry is null: the agent's ParseEnv calls IndexOf on it and throws, so no module of the "
                    "deployment is updated; remove it.",
                    level="error",
                )
            elif entry.is_object or entry.is_array:
                yield Problem(entry, f"Every Env entry must be a `NAME=value` string: {_THROWS}.", level="error")
            elif not entry.is_string:
                text = json_text(entry.value)
                yield Problem(
                    entry,
                    f"`{text}` has no '=': the agent reads this Env entry as that text and silently drops it, so no "
                    f"variable is set; write `\"NAME={text}\"`.",
                )
            elif split_env(entry.value) is None and not has_placeholder(entry.value):
                yield Problem(entry, _dropped(entry.value))


# CreateContainerParameters.Env is an IList<string>: Json.NET cannot read another shape.
_THROWS = "the agent cannot read it and no module of the deployment is updated"


def _dropped(text):
    """KubernetesDeploymentMapper.ParseEnv keeps only entries with '=' after a name."""
    if "=" in text:
        return f"`{text}` has no name before '=': Kubernetes IoT Edge silently drops this Env entry; write `NAME=value`."
    return (
        f"`{text}` has no '=': Kubernetes IoT Edge silently drops this Env entry, so the variable is not set; write "
        f"`{text}=value`."
    )
