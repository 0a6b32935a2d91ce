"""EL022 malformed-env-entry: A createOptions.Env entry without a name and '=', which the agent silently drops."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_text
from edgelint.edgeagent.environment import split_env
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL022",
    "malformed-env-entry",
    "warning",
    "A createOptions.Env entry without a name and '=', which the agent silently drops.",
    tags=("environment",),
)
def malformed_env_entry(manifest: Manifest) -> Iterator[Problem]:
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
                    f'variable is set; write `"NAME={text}"`.',
                )
            elif split_env(entry.value) is None and not has_placeholder(entry.value):
                yield Problem(entry, _dropped(entry.value))


# CreateContainerParameters.Env is an IList<string>: Json.NET cannot read another shape.
_THROWS = "the agent cannot read it and no module of the deployment is updated"


def _dropped(text: str) -> str:
    """KubernetesDeploymentMapper.ParseEnv keeps only entries with '=' after a name."""
    if "=" in text:
        return (
            f"`{text}` has no name before '=': Kubernetes IoT Edge silently drops this Env entry; write `NAME=value`."
        )
    return (
        f"`{text}` has no '=': Kubernetes IoT Edge silently drops this Env entry, so the variable is not set; write "
        f"`{text}=value`."
    )
