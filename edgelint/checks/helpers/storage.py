"""Helpers shared by the storage rules.

Storage rules: Binds and Mounts as Kubernetes IoT Edge translates them.
"""

from __future__ import annotations

from edgelint.edgeagent.volumes import collect_module_volumes
from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.edgeagent.volumes import VolumeSource
    from edgelint.manifest import Module


def known_volume_sources(module: Module) -> list[VolumeSource]:
    """The module's known volume sources in the agent's order (placeholders left out)."""
    return [source for source in collect_module_volumes(module)[0] if not has_placeholder(source.source)]
