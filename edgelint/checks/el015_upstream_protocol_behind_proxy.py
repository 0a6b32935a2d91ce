"""EL015 upstream-protocol-behind-proxy: edgeHub behind a web proxy without UpstreamProtocol AmqpWs or MqttWs."""

from __future__ import annotations

from edgelint.checks.helpers.proxy import _fix, _text, effective_variables, is_unknown, proxy_variable, value_problem
from edgelint.fixes.module_changes import add_env_var, set_env_value
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.rule import Problem

_WEBSOCKET_PROTOCOLS = ("amqpws", "mqttws")


def _is_https_proxy(name: str) -> bool:
    return name.lower() == "https_proxy"


@rule(
    "EL015",
    "upstream-protocol-behind-proxy",
    "warning",
    "edgeHub behind a web proxy without UpstreamProtocol AmqpWs or MqttWs.",
    fix="unsafe",
    tags=("proxy",),
)
def upstream_protocol_behind_proxy(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        if not (module.system and module.name == "edgeHub"):
            continue
        variables = effective_variables(module)
        proxy = proxy_variable(variables, _is_https_proxy)
        if proxy is None:
            continue
        protocol = next((v for v in reversed(variables.values()) if v.name.lower() == "upstreamprotocol"), None)
        if protocol is None:
            yield proxy.name_problem(
                f"edgeHub uses the web proxy in `{proxy.name}` but sets no `UpstreamProtocol`: AMQP and MQTT on their "
                f"own ports do not pass an HTTPS proxy, so edgeHub cannot reach IoT Hub; set `UpstreamProtocol` to "
                f"`AmqpWs` (or `MqttWs`) unless the proxy lets AMQP through.",
                fix=_fix(
                    f"Set `UpstreamProtocol=AmqpWs` next to `{proxy.name}` (edgeHub then talks AMQP over "
                    f"WebSockets on port 443)",
                    add_env_var(module, proxy, "UpstreamProtocol", "AmqpWs"),
                ),
            )
        elif not is_unknown(protocol) and _text(protocol).strip().lower() not in _WEBSOCKET_PROTOCOLS:
            yield value_problem(
                protocol,
                f"edgeHub uses the web proxy in `{proxy.name}` with `UpstreamProtocol` `{_text(protocol)}`, which does "
                f"not pass an HTTPS proxy, so edgeHub cannot reach IoT Hub; use `AmqpWs` (or `MqttWs`) unless the "
                f"proxy lets this protocol through.",
                fix=_fix(
                    "Set `UpstreamProtocol` to `AmqpWs` (AMQP over WebSockets on port 443)",
                    set_env_value(protocol, "AmqpWs"),
                ),
            )
