"""EL017 ignored-module-setting: restartPolicy other than always, imagePullPolicy never or startupOrder, which Kubernetes IoT Edge ignores."""

from __future__ import annotations

from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

_RESTART_POLICY_EFFECT = {
    "never": "the container is restarted whenever it stops",
    "on-failure": "the container is restarted whenever it stops, also after a clean exit",
    "on-unhealthy": "the container is restarted whenever it stops, and never because it is unhealthy",
}


@rule(
    "EL017",
    "ignored-module-setting",
    "warning",
    "restartPolicy other than always, imagePullPolicy never or startupOrder, which Kubernetes IoT Edge ignores.",
    tags=("lifecycle",),
)
def ignored_module_setting(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        restart = _setting_text(module, "restartPolicy")
        if restart is not None and restart.value.lower() != "always":
            effect = _RESTART_POLICY_EFFECT.get(restart.value.lower(), "the container is restarted whenever it stops")
            yield Problem(
                restart,
                f"Kubernetes IoT Edge ignores `restartPolicy: {restart.value}`: every module is a Deployment, so "
                f"{effect}; set `always` to say what happens, and make the module wait instead of exiting.",
            )
        pull = _setting_text(module, "imagePullPolicy")
        if pull is not None and pull.value.lower() == "never":
            yield Problem(
                pull,
                "Kubernetes IoT Edge ignores `imagePullPolicy: never`: the kubelet pulls the image (always for "
                "`:latest` or no tag, else when it is missing), so it must be in a registry the device can reach; "
                "remove the setting and push the image.",
            )
        order = module.node.get("startupOrder")
        if order is not None and not has_placeholder(order.value):
            yield Problem(
                order,
                "Kubernetes IoT Edge ignores `startupOrder`: all modules start at once; remove it and let the module "
                "retry until the modules it needs are up.",
                on_key=True,
            )


def _setting_text(module: Module, key: str) -> Node | None:
    """A module-level string setting (restartPolicy, imagePullPolicy) with a known value."""
    node = module.node.get(key)
    if node is None or not node.is_string or has_placeholder(node.value):
        return None
    return node
