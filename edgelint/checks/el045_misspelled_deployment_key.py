"""EL045 misspelled-deployment-key: A deployment key written another way: modulescontent, edgeAgent without $, properties.Desired."""

from __future__ import annotations

from edgelint.manifest import AGENT, CONTENT_KEYS, misspelled_keys
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest

_WHY = {
    CONTENT_KEYS[0]: "IoT Hub and the az CLI read a deployment's modules only from `modulesContent`",
    AGENT: "IoT Hub knows the IoT Edge agent's twin only as `$edgeAgent`",
    "$edgeHub": "IoT Hub knows the IoT Edge hub's twin only as `$edgeHub`",
}


@rule(
    "EL045",
    "misspelled-deployment-key",
    "error",
    "A deployment key written another way: modulescontent, edgeAgent without $, properties.Desired.",
    tags=("layout",),
)
def misspelled_deployment_key(manifest: Manifest) -> Iterator[Problem]:
    for node, meant in misspelled_keys(manifest.root):
        why = _WHY.get(meant, f"IoT Hub reads a twin's desired properties only from `{meant}`")
        yield Problem(
            node,
            f"`{node.key}` is not `{meant}`: {why}, so what is below this key is not deployed "
            f"as meant and edgelint checks none of it; write `{meant}`.",
            on_key=True,
        )
