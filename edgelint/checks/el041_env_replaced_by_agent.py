"""EL041 env-replaced-by-agent: An environment variable the agent sets itself (IOTEDGE_*, EdgeDeviceHostName): the module's own value is lost."""

from __future__ import annotations

from edgelint.edgeagent.environment import runtime_env_names
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.rule import Problem


@rule(
    "EL041",
    "env-replaced-by-agent",
    "warning",
    "An environment variable the agent sets itself (IOTEDGE_*, EdgeDeviceHostName): the module's own value is lost.",
    tags=("environment",),
)
def env_replaced_by_agent(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        reserved = set(runtime_env_names(f"${module.name}" if module.system else module.name))
        for variable in module.env_vars():
            if variable.name in reserved:
                # On Docker, iotedged merged createOptions.Env over the agent's variables.
                docker = " (on Docker IoT Edge this createOptions.Env value won)" if variable.source != "env" else ""
                yield variable.name_problem(
                    f"`{variable.name}` is set by the agent itself: on Kubernetes it adds its own `{variable.name}` "
                    f"after the module's variables and Kubernetes keeps the last, so this value is silently "
                    f"lost{docker}; remove it, or pass the value under another name."
                )
