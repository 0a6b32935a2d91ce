"""EL030 volume-name-rewritten: A volume source whose Kubernetes name differs from it, cannot be formed, or merges with another."""

from __future__ import annotations

import re

from edgelint.checks.helpers.storage import known_volume_sources
from edgelint.edgeagent.names import sanitize_dns_label
from edgelint.edgeagent.volumes import shared_volume
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.edgeagent.volumes import VolumeSource
    from edgelint.manifest import Manifest


def _problem(source: VolumeSource, message: str) -> Problem:
    return Problem(source.source_node, message, part=source.part)


def _unnamable_advice(source: VolumeSource) -> str:
    if source.kind == "volume":
        return "name the share with lower-case letters, digits and '-', at most 63"
    if re.search("[A-Za-z0-9]", source.source or ""):
        return "mount a directory with a shorter path"
    return "mount a named directory instead"


@rule(
    "EL030",
    "volume-name-rewritten",
    "warning",
    "A volume source whose Kubernetes name differs from it, cannot be formed, or merges with another.",
    tags=("storage",),
)
def volume_name_rewritten(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        groups: dict[str, list[VolumeSource]] = {}
        for source in known_volume_sources(module):
            if source.source == "" or source.source is None:
                continue  # EL003
            name = sanitize_dns_label(source.source)
            if name is None:
                yield _problem(
                    source,
                    f"`{source.source}` gives no valid Kubernetes volume name (1 to 63 letters, digits or '-' must "
                    f"remain once the other characters are dropped): the agent throws and no module of the "
                    f"deployment is updated; {_unnamable_advice(source)}.",
                )
                continue
            groups.setdefault(name, []).append(source)
        for name, group in groups.items():
            shown = shared_volume(group, _is_read_write_claim)
            for source in group:
                if _shows_another(source, shown):
                    why = (
                        "a read-write claim takes precedence over the other volumes of that name"
                        if shown.read_write_claim
                        else "the agent keeps only the first"
                    )
                    yield _problem(
                        source,
                        f"`{source.source}` and `{shown.source}` both become pod volume `{name}`: {why}, so this "
                        f"mount silently shows {_what(shown, name)} instead of {_what(source, name)}; rename one of "
                        f"them.",
                    )
                elif source.kind == "volume" and name != source.source:
                    yield _problem(
                        source,
                        f"The agent mounts the claim `{name}` for Source `{source.source}` (it keeps only lower-case "
                        f"letters, digits and '-'): the volume binds only to an Edge share named `{name}`, otherwise "
                        f"the pod stays Pending; write the Source as `{name}`.",
                    )


def _is_read_write_claim(source: VolumeSource) -> bool:
    return source.read_write_claim


def _shows_another(source: VolumeSource, shown: VolumeSource) -> bool:
    """True when the pod volume a mount gets is not its own source: another host path, or a
    claim instead of a host path (or the other way round). Two claims of one name are one."""
    return shown.kind != source.kind or (source.kind == "bind" and shown.source != source.source)


def _what(source: VolumeSource, name: str) -> str:
    return f"the claim `{name}`" if source.kind == "volume" else f"the host directory `{source.source}`"
