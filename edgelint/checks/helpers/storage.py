"""Helpers shared by the storage rules.

Storage rules: Binds and Mounts as Kubernetes IoT Edge translates them.
"""


from edgelint.edgeagent import volume_sources as translator_volume_sources
from edgelint.placeholders import has_placeholder


def volume_sources(module):
    """The module's known volume sources in the agent's order (placeholders left out)."""
    return [source for source in translator_volume_sources(module)[0] if not has_placeholder(source.source)]
