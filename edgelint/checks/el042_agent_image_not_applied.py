"""EL042 agent-image-not-applied: A $edgeAgent image other than the 1.1 line, which Kubernetes IoT Edge does not apply: the device keeps its agent."""

from __future__ import annotations

from edgelint.checks.helpers.agent_translation import _image, known
from edgelint.edgeagent.images import is_running_agent_line
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL042",
    "agent-image-not-applied",
    "note",
    "A $edgeAgent image other than the 1.1 line, which Kubernetes IoT Edge does not apply: the device keeps its agent.",
    tags=("lifecycle",),
)
def agent_image_not_applied(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        if not (module.system and module.name == "edgeAgent"):
            continue
        image = _image(module)
        if image is not None and known(image.value) and not is_running_agent_line(image.value):
            yield Problem(
                image,
                f"Kubernetes IoT Edge does not apply `{image.value.strip()}`: edgeAgent deploys itself with the image "
                f"it is running (on Azure Stack Edge the IoT Edge 0.1.0-beta15 agent of the 1.1 line, updated with "
                f"the device software), so nothing of a newer or custom agent reaches the device; name the 1.1 "
                f"image (`mcr.microsoft.com/azureiotedge-agent:1.1`) to say what runs.",
            )
