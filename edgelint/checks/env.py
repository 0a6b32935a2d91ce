"""Environment rules: variable names and createOptions.Env entries on Kubernetes (reference §6)."""

from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import ENV_NAME, split_env


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
        for variable in module.env_vars():
            name = variable.name
            if ENV_NAME.fullmatch(name) or has_placeholder(name):
                continue
            if ":" in name:
                message = (
                    f"`{name}` contains ':', which Kubernetes does not allow in environment variable names: the API "
                    f"server rejects the module's Deployment; write `{name.replace(':', '__')}` (.NET configuration "
                    f"reads `__` as `:`)."
                )
            else:
                message = (
                    f"`{name}` is not a valid environment variable name on Kubernetes (letters, digits, '_', '-' and "
                    f"'.', not starting with a digit): the API server rejects the module's Deployment; rename it."
                )
            yield variable.name_problem(message)


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
        if env is None or not env.is_array:
            continue
        for entry in env.value:
            if not entry.is_string or split_env(entry.value) is not None or has_placeholder(entry.value):
                continue
            if "=" in entry.value:
                message = (
                    f"`{entry.value}` has no name before '=': Kubernetes IoT Edge silently drops this Env entry; "
                    f"write `NAME=value`."
                )
            else:
                message = (
                    f"`{entry.value}` has no '=': Kubernetes IoT Edge silently drops this Env entry, so the variable "
                    f"is not set; write `{entry.value}=value`."
                )
            yield Problem(entry, message)
