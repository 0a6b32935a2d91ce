"""EL040 invalid-pull-secret-name: Registry credentials whose image pull secret name the agent cannot form (a registry by IP address, a long name)."""

from __future__ import annotations

from edgelint.checks.helpers.agent_translation import NOTHING_UPDATED, _image, known
from edgelint.edgeagent.images import credentials_match, image_pull_secret_source
from edgelint.edgeagent.names import dns_domain_problem
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module


@rule(
    "EL040",
    "invalid-pull-secret-name",
    "error",
    "Registry credentials whose image pull secret name the agent cannot form (a registry by IP address, a long name).",
    tags=("registry",),
)
def invalid_pull_secret_name(manifest: Manifest) -> Iterator[Problem]:
    for _, address, username in manifest.registry_credentials():
        if not (known(address.value) and known(username.value)):
            continue
        users = [module.name for module in manifest.modules if _image_from(module, address.value)]
        source = image_pull_secret_source(username.value, address.value)
        reason = dns_domain_problem(source)
        if not users or reason is None:
            continue
        advice = (
            "address the registry by its DNS name rather than an IP address"
            if reason.endswith("has no letter")
            else "use a shorter user name or registry host name"
        )
        yield Problem(
            address,
            f"The image pull secret for these credentials would be named `{source}`, and {reason}: the agent throws "
            f"InvalidKubernetesNameException while it creates the image pull secrets, so {NOTHING_UPDATED} "
            f"(used for the image of {', '.join(f'`{name}`' for name in users)}); {advice}.",
        )


def _image_from(module: Module, address: str) -> bool:
    image = _image(module)
    return image is not None and known(image.value) and credentials_match(address, image.value)
