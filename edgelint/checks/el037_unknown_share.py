"""EL037 unknown-share: A Mounts volume whose claim is not a share of the device profile."""

from __future__ import annotations

from edgelint.edgeagent.names import is_dns_label, sanitize_dns_label
from edgelint.edgeagent.volumes import collect_module_volumes
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL037",
    "unknown-share",
    "error",
    "A Mounts volume whose claim is not a share of the device profile.",
    tags=("storage", "device"),
)
def unknown_share(manifest: Manifest) -> Iterator[Problem]:
    shares = manifest.device.shares
    if shares is None:
        return
    mountable = [share for share in shares if is_dns_label(share)]
    listed = ", ".join(f"`{share}`" for share in shares) or "none"
    for module in manifest.modules:
        for source in collect_module_volumes(module)[0]:
            if source.kind != "volume" or source.source is None or has_placeholder(source.source):
                continue
            claim = sanitize_dns_label(source.source)
            if claim is None or claim in shares:
                continue  # a Source that gives no name is EL030's
            named = f"the claim `{claim}`" + ("" if claim == source.source else f" for Source `{source.source}`")
            if source.source in shares:
                advice = (
                    f"the share `{source.source}` cannot be mounted under its own name; rename it on the device "
                    f"to `{claim}`."
                )
            else:
                import difflib

                close = difflib.get_close_matches(claim, mountable, n=1)
                advice = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else "create the share on the device, or mount one of its shares."
                )
            yield Problem(
                source.source_node,
                f"The agent mounts {named}, but the device profile has no share of that name (shares: {listed}): the "
                f"claim never binds and the pod stays Pending; {advice}",
                part=source.part,
            )
