"""Web proxy rules: what a module behind a web proxy needs on Kubernetes.

Every module pod reaches the IoT Edge workload API through its proxy sidecar at
`http://localhost:35001` (on Docker it was a Unix socket). For an http:// URL, HTTP clients
take the proxy from `http_proxy` (.NET, Python, Go also `HTTP_PROXY`; curl only the
lower-case name) or, without it, `all_proxy`/`ALL_PROXY`; never from `https_proxy`. So only
those variables send the workload API call to the web proxy, and `no_proxy` must then exempt
`localhost`. edgeHub reaches IoT Hub through the proxy in `https_proxy` (read by .NET
configuration, in any case) and needs a WebSocket protocol to pass it.
"""

from edgelint.fixes.intents import FixIntent
from edgelint.fixes.module_changes import add_env_var, append_to_env_value, set_env_value
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

# The variables HTTP clients read the proxy of an http:// URL from, as they spell them.
_HTTP_PROXY_VARIABLES = {
    "http_proxy": "",
    "HTTP_PROXY": " (.NET, Python and Go read the upper-case name too; curl does not)",
    "all_proxy": " (used when no `http_proxy` is set)",
    "ALL_PROXY": " (used when no `http_proxy` is set)",
}
_WEBSOCKET_PROTOCOLS = ("amqpws", "mqttws")


def effective_variables(module):
    """The module's environment variables by name, the one the container sees winning
    (createOptions.Env comes after the env section)."""
    return {variable.name: variable for variable in module.env_vars()}


def _text(variable):
    value = variable.value
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _is_unknown(variable):
    return has_placeholder(_text(variable))


def proxy_variable(variables, names):
    """The first variable with a value whose name `names` accepts, or None; None as well
    when such a value is a placeholder (it may stay empty)."""
    found = None
    for variable in variables.values():
        if names(variable.name) and _text(variable).strip():
            if _is_unknown(variable):
                return None
            found = found or variable
    return found


def _is_http_proxy(name):
    return name in _HTTP_PROXY_VARIABLES


def _is_https_proxy(name):
    return name.lower() == "https_proxy"


def _exempts_localhost(text):
    for entry in text.split(","):
        entry = entry.strip().lower()
        if entry in ("*", "localhost") or entry.startswith("localhost:"):
            return True
    return False


def value_problem(variable, message, fix=None):
    """A Problem at the variable's value: the `value` member of the env section, or the
    characters after '=' of a createOptions.Env entry."""
    if variable.source == "env":
        node = variable.value_node if variable.value_node is not None else variable.node
        return Problem(node, message, fix=fix)
    return Problem(variable.node, message, fix=fix, part=(len(variable.name) + 1, len(variable.node.value)))


def _fix(title, change):
    return FixIntent(title, [change]) if change is not None else None


def _exempt_localhost(module, proxy, exemption):
    """Add `localhost` to no_proxy, or set no_proxy=localhost where the proxy is set."""
    if exemption is None:
        name = "NO_PROXY" if proxy.name.isupper() else "no_proxy"
        return _fix(f"Set `{name}=localhost` next to `{proxy.name}`", add_env_var(module, proxy, name, "localhost"))
    if not _text(exemption).strip():
        return _fix(f"Set `{exemption.name}` to `localhost`", set_env_value(exemption, "localhost"))
    return _fix(f"Add `localhost` to `{exemption.name}`", append_to_env_value(exemption, ",localhost"))


@rule(
    "EL014",
    "proxy-without-no-proxy",
    "warning",
    "A module with http_proxy (or all_proxy) whose no_proxy does not contain localhost.",
    fix="safe",
    tags=("proxy",),
)
def proxy_without_no_proxy(manifest):
    for module in manifest.modules:
        variables = effective_variables(module)
        proxy = proxy_variable(variables, _is_http_proxy)
        if proxy is None:
            continue
        exemptions = [v for v in variables.values() if v.name.lower() == "no_proxy"]
        if any(_is_unknown(v) or _exempts_localhost(_text(v)) for v in exemptions):
            continue
        if exemptions:
            yield value_problem(
                exemptions[-1],
                f"`{exemptions[-1].name}` does not list `localhost`: with `{proxy.name}` set, the module's calls to "
                f"the IoT Edge workload API at http://localhost:35001 go to the web proxy, which cannot reach the "
                f"pod's localhost; add `localhost`.",
                fix=_exempt_localhost(module, proxy, exemptions[-1]),
            )
        else:
            yield proxy.name_problem(
                f"`{proxy.name}` is set without `no_proxy`: on Kubernetes the module calls the IoT Edge workload API "
                f"at http://localhost:35001 (its proxy sidecar), and HTTP clients send an http:// request to the "
                f"web proxy in `{proxy.name}`{_HTTP_PROXY_VARIABLES[proxy.name]}, which cannot reach the pod's "
                f"localhost; set `no_proxy` to `localhost` (plus your own exceptions).",
                fix=_exempt_localhost(module, proxy, None),
            )


@rule(
    "EL015",
    "upstream-protocol-behind-proxy",
    "warning",
    "edgeHub behind a web proxy without UpstreamProtocol AmqpWs or MqttWs.",
    fix="unsafe",
    tags=("proxy",),
)
def upstream_protocol_behind_proxy(manifest):
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
                fix=_fix(f"Set `UpstreamProtocol=AmqpWs` next to `{proxy.name}` (edgeHub then talks AMQP over "
                         f"WebSockets on port 443)", add_env_var(module, proxy, "UpstreamProtocol", "AmqpWs")),
            )
        elif not _is_unknown(protocol) and _text(protocol).strip().lower() not in _WEBSOCKET_PROTOCOLS:
            yield value_problem(
                protocol,
                f"edgeHub uses the web proxy in `{proxy.name}` with `UpstreamProtocol` `{_text(protocol)}`, which does "
                f"not pass an HTTPS proxy, so edgeHub cannot reach IoT Hub; use `AmqpWs` (or `MqttWs`) unless the "
                f"proxy lets this protocol through.",
                fix=_fix("Set `UpstreamProtocol` to `AmqpWs` (AMQP over WebSockets on port 443)",
                         set_env_value(protocol, "AmqpWs")),
            )
