"""Helpers shared by the agent translation rules.

What edgeAgent on Kubernetes does with parts of the manifest that Docker IoT Edge took as they
were: labels become annotations and registry credentials image pull secrets (the agent throws
on names it cannot form), its own environment variables replace the module's, its own image is
kept, and a shared claim gets one access mode.
"""

from __future__ import annotations

from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.manifest import Module
    from edgelint.source.nodes import Node

NOTHING_UPDATED = "no module of the deployment is updated"


def known(value: object) -> bool:
    return isinstance(value, str) and not has_placeholder(value)


def _image(module: Module) -> Node | None:
    """settings.image (the agent reads the key in any case)."""
    return module.settings.get_ci("image") if module.settings is not None else None
