"""EL014 proxy-without-no-proxy: A module with http_proxy (or all_proxy) whose no_proxy does not contain localhost."""

from __future__ import annotations

from functools import partial

from edgelint.checks.helpers.proxy import _fix, _text, effective_variables, is_unknown, proxy_variable, value_problem
from edgelint.fixes.module_changes import add_env_var, append_to_env_value, set_env_value
from edgelint.rule import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.fixes.intents import FixIntent
    from edgelint.manifest import EnvVar, Manifest, Module
    from edgelint.rule import Problem

# The variables HTTP clients read the proxy of an http:// URL from, as they spell them.
_HTTP_PROXY_VARIABLES = {
    "http_proxy": "",
    "HTTP_PROXY": " (.NET, Python and Go read the upper-case name too; curl does not)",
    "all_proxy": " (used when no `http_proxy` is set)",
    "ALL_PROXY": " (used when no `http_proxy` is set)",
}


def _is_http_proxy(name: str) -> bool:
    return name in _HTTP_PROXY_VARIABLES


def _exempts_localhost(text: str) -> bool:
    for entry in text.split(","):
        entry = entry.strip().lower()
        if entry in ("*", "localhost") or entry.startswith("localhost:"):
            return True
    return False


def _exempt_localhost(module: Module, proxy: EnvVar, exemption: EnvVar | None) -> FixIntent | None:
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
def proxy_without_no_proxy(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        variables = effective_variables(module)
        proxy = proxy_variable(variables, _is_http_proxy)
        if proxy is None:
            continue
        exemptions = [v for v in variables.values() if v.name.lower() == "no_proxy"]
        if any(is_unknown(v) or _exempts_localhost(_text(v)) for v in exemptions):
            continue
        if exemptions:
            yield value_problem(
                exemptions[-1],
                f"`{exemptions[-1].name}` does not list `localhost`: with `{proxy.name}` set, the module's calls to "
                f"the IoT Edge workload API at http://localhost:35001 go to the web proxy, which cannot reach the "
                f"pod's localhost; add `localhost`.",
                fix=partial(_exempt_localhost, module, proxy, exemptions[-1]),
            )
        else:
            yield proxy.name_problem(
                f"`{proxy.name}` is set without `no_proxy`: on Kubernetes the module calls the IoT Edge workload API "
                f"at http://localhost:35001 (its proxy sidecar), and HTTP clients send an http:// request to the "
                f"web proxy in `{proxy.name}`{_HTTP_PROXY_VARIABLES[proxy.name]}, which cannot reach the pod's "
                f"localhost; set `no_proxy` to `localhost` (plus your own exceptions).",
                fix=partial(_exempt_localhost, module, proxy, None),
            )
