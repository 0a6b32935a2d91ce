"""EL043 shared-claim-access-mode: A volume mounted read-only first and read-write later: a claim the agent creates is ReadOnlyMany for all."""

from __future__ import annotations

from edgelint.checks.helpers.agent_translation import known
from edgelint.edgeagent.names import sanitize_dns_label
from edgelint.edgeagent.volumes import collect_module_volumes
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.edgeagent.volumes import VolumeSource
    from edgelint.manifest import Manifest, Module


@rule(
    "EL043",
    "shared-claim-access-mode",
    "warning",
    "A volume mounted read-only first and read-write later: a claim the agent creates is ReadOnlyMany for all.",
    tags=("storage",),
)
def shared_claim_access_mode(manifest: Manifest) -> Iterator[Problem]:
    first_by_claim: dict[str, tuple[Module, VolumeSource]] = {}
    for module in manifest.modules:
        for source in collect_module_volumes(module)[0]:
            if source.kind != "volume" or source.source is None or not known(source.source):
                continue
            claim = sanitize_dns_label(source.source)
            if claim is None:
                continue
            first_module, first = first_by_claim.setdefault(claim, (module, source))
            if first.read_only and not source.read_only:
                where = "an earlier mount of this module" if first_module is module else f"module `{first_module.name}`"
                yield Problem(
                    source.source_node,
                    f"The claim `{claim}` is mounted read-only first, by {where}: when edgeAgent creates the claims "
                    f"(a storage class is configured) it creates `{claim}` once, from that first mount, as "
                    f"ReadOnlyMany, so this read-write mount may not be able to write; mount it read-write first, "
                    f"or read-only everywhere.",
                )
