"""EL007 reserved-proxy-port: A container port 35000 or 35001, where the IoT Edge proxy sidecar in every pod listens."""

from __future__ import annotations

from edgelint.checks.helpers.network import port_keys
from edgelint.edgeagent.ports import PROXY_PORTS, parse_port_key
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL007",
    "reserved-proxy-port",
    "error",
    "A container port 35000 or 35001, where the IoT Edge proxy sidecar in every pod listens.",
    tags=("network",),
)
def reserved_proxy_port(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        for _section, member in port_keys(module):
            parsed = parse_port_key(str(member.key))
            if parsed is not None and parsed[0] in PROXY_PORTS:
                yield Problem(
                    member,
                    f"Container port {parsed[0]} is reserved: every module pod shares its network with the IoT Edge "
                    f"proxy sidecar, which listens on localhost:35000 and 35001; pick another port.",
                    on_key=True,
                )
