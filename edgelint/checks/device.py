"""Device rules: does the deployment fit the device it targets? They read the device profile
from the manifest (`manifest.device`); a rule whose key the profile does not set says nothing.

Only modules that run take capacity: the agent gives a module whose status is `stopped` a
Deployment with 0 replicas, so no pod.
"""

import re

from edgelint.checks.resources import GPU_RESOURCE, resource_list
from edgelint.device import PLATFORM_WORDS
from edgelint.k8s_quantity import format_bytes, format_cpu, parse_quantity
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import PLACEHOLDER, has_placeholder, may_hold_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import desired_replicas, is_dns_label, sanitize_dns_label, volume_sources

_STOP_A_MODULE = 'lower the requests, or stop a module (`"status": "stopped"`) to make room'


def surely_runs(module):
    """The module gets a pod: its status is known and not `stopped`."""
    status = module.node.get("status")
    return desired_replicas(module.node) > 0 and not (status is not None and has_placeholder(status.value))


class Request:
    """What a module container requests of one resource: `amount` (a Decimal) from the
    requests or limits entry `node` (Kubernetes defaults a request to the limit)."""

    __slots__ = ("module", "node", "amount")

    def __init__(self, module, node, amount):
        self.module = module
        self.node = node
        self.amount = amount


def container_request(module, resource):
    """The module container's Request of `resource`; None when it asks for none, False when
    the amount is unknown (a placeholder, or a quantity that EL013 reports)."""
    for which in ("requests", "limits"):
        entries = resource_list(module, which)
        node = entries.get(resource) if entries is not None else None
        if node is not None:
            amount = None if has_placeholder(node.value) else parse_quantity(node.value)
            return False if amount is None or amount < 0 else Request(module, node, amount)
    return None


def spare_gpus(manifest):
    """The GPUs of the device profile that no module holds, or None when unknown: no `gpus`
    in the profile, or a module that may run (any status but `stopped`, a placeholder too)
    with an unknown GPU count (a placeholder, or createOptions that cannot be read)."""
    if manifest.device.gpus is None:
        return None
    used = 0
    for module in manifest.modules:
        if desired_replicas(module.node) == 0:
            continue
        request = container_request(module, GPU_RESOURCE)
        if request is False or module.create_options_unknown:
            return None
        used += request.amount if request else 0
    return manifest.device.gpus - used


# --- EL036 device-capacity ---------------------------------------------------------------------


class _Capacity:
    """One capacity of the profile: its key, the Kubernetes resource, and how an amount of
    it reads in a message (`2 GPUs`, `8Gi of memory`, `1500m of CPU`)."""

    def __init__(self, key, resource, show):
        self.key = key
        self.resource = resource
        self.show = show


def _memory(amount):
    return format_bytes(int(amount)) if amount == amount.to_integral_value() else str(amount)


def _cpus(amount):
    if amount == amount.to_integral_value():
        return f"{int(amount)} CPU{'' if amount == 1 else 's'}"
    return f"{format_cpu(amount)} of CPU"


_CAPACITIES = (
    _Capacity("gpus", GPU_RESOURCE, lambda amount: f"{int(amount)} GPU{'' if amount == 1 else 's'}"),
    _Capacity("memory", "memory", lambda amount: f"{_memory(amount)} of memory"),
    _Capacity("cpu", "cpu", _cpus),
)


@rule(
    "EL036",
    "device-capacity",
    "error",
    "GPU, memory or CPU requests of the running modules beyond what the device profile offers.",
    tags=("resources", "device"),
)
def device_capacity(manifest):
    running = [module for module in manifest.modules if surely_runs(module)]
    for capacity in _CAPACITIES:
        offered = getattr(manifest.device, capacity.key)
        if offered is None:
            continue
        offered = offered if capacity.key == "gpus" else offered.value
        requests = [container_request(module, capacity.resource) for module in running]
        requests = [request for request in requests if request and request.amount > 0]
        overhead, overhead_text = _pod_overhead(running, capacity.resource)
        total = overhead + sum(request.amount for request in requests)
        if total <= offered:
            continue
        with_overhead = f", {overhead_text}," if overhead_text else ""
        used = overhead
        for request in requests:
            used += request.amount
            if used <= offered:
                continue
            yield Problem(
                request.node,
                f"`{request.module.name}` requests {capacity.show(request.amount)}{_named(capacity.resource)}, more than "
                f"the device has left: the "
                f"running modules request {capacity.show(total)} in total{with_overhead} and the device profile offers "
                f"{capacity.show(offered)} (`{capacity.key}`), so a pod stays Pending; {_STOP_A_MODULE}.",
            )


def _named(resource):
    """` (`nvidia.com/gpu`)` after an amount of GPUs, which is what the manifest names."""
    return f" (`{resource}`)" if resource == GPU_RESOURCE else ""


def _pod_overhead(running, resource):
    """(amount, description) of what every pod requests besides the module containers' own
    requests: the IoT Edge proxy sidecar of each pod, and the Helm chart's resources for an
    edgeAgent without any (KubernetesDeploymentMapper.PrepareModuleResourceRequirements)."""
    if resource not in ("memory", "cpu"):
        return 0, ""
    from edgelint.k8s import settings as chart  # only with a memory or cpu capacity to check

    sidecar = parse_quantity(chart.PROXY_RESOURCES["requests"][resource])
    amount = sidecar * len(running)
    show = _memory if resource == "memory" else format_cpu
    parts = [f"with {show(sidecar)} for each pod's proxy sidecar"] if running else []
    if any(module.system and module.name == "edgeAgent" and module.k8s_option("resources") is None for module in running):
        default = parse_quantity(chart.AGENT_RESOURCES["requests"][resource])
        amount += default
        parts.append(f"{show(default)} for edgeAgent, which sets none")
    return amount, " and ".join(parts)


# --- EL037 unknown-share -----------------------------------------------------------------------


@rule(
    "EL037",
    "unknown-share",
    "error",
    "A Mounts volume whose claim is not a share of the device profile.",
    tags=("storage", "device"),
)
def unknown_share(manifest):
    shares = manifest.device.shares
    if shares is None:
        return
    mountable = [share for share in shares if is_dns_label(share)]
    listed = ", ".join(f"`{share}`" for share in shares) or "none"
    for module in manifest.modules:
        for source in volume_sources(module)[0]:
            if source.kind != "volume" or has_placeholder(source.source):
                continue
            claim = sanitize_dns_label(source.source)
            if claim is None or claim in shares:
                continue  # a Source that gives no name is EL030's
            named = f"the claim `{claim}`" + ("" if claim == source.source else f" for Source `{source.source}`")
            if source.source in shares:
                advice = (f"the share `{source.source}` cannot be mounted under its own name; rename it on the device "
                          f"to `{claim}`.")
            else:
                import difflib

                close = difflib.get_close_matches(claim, mountable, n=1)
                advice = f"did you mean `{close[0]}`?" if close else "create the share on the device, or mount one of its shares."
            yield Problem(
                source.source_node,
                f"The agent mounts {named}, but the device profile has no share of that name (shares: {listed}): the "
                f"claim never binds and the pod stays Pending; {advice}",
                part=source.part,
            )


# --- EL038 image-architecture ------------------------------------------------------------------

# A platform word is a token of its own: letters and digits around it belong to another word
# (`gpuamd64`, `jetsonarm64v8`, `farm64` name no platform edgelint can be sure of).
_PLATFORM_WORD = lazy_compile(
    r"(?<![A-Za-z0-9])(?:"
    + "|".join(sorted((word.replace("-", r"\-") for word in PLATFORM_WORDS), key=len, reverse=True))
    + r")(?![A-Za-z0-9])",
    re.I,
)
# `${MODULES.<module>.<platform>}`: the iotedgedev / VS Code template reference to one platform's
# build of a module of the solution (`amd64`, `arm32v7.debug`, `windows-amd64`).
_MODULE_REFERENCE = lazy_compile(r"\$\{MODULES\.[^.}]+\.([^}]+)\}")
# The first run of letters and digits of each platform word: where a text has none of them as a
# run of its own, it has no platform word, and the long pattern above need not be compiled.
_ALNUM_RUN = lazy_compile(r"[A-Za-z0-9]+")
_FIRST_RUNS = frozenset(word.replace("-", "_").split("_")[0] for word in PLATFORM_WORDS)


def platform_words(image):
    """(start, end) of each platform word of an image reference, in order: in its text outside
    placeholders (a digest after `@` is no name) and in the platform of a module reference."""
    digest = image.find("@")
    name_end = len(image) if digest < 0 else digest
    spans, position = [], 0
    for placeholder in PLACEHOLDER.finditer(image, 0, name_end) if may_hold_placeholder(image) else ():
        spans += _words(image, position, placeholder.start())
        reference = _MODULE_REFERENCE.fullmatch(placeholder.group())
        if reference is not None:
            spans += _words(image, placeholder.start() + reference.start(1), placeholder.start() + reference.end(1))
        position = placeholder.end()
    return spans + _words(image, position, name_end)


def _words(text, start, end):
    # re.I folds some non-ASCII letters onto ASCII ones: only ASCII text is ruled out by its runs
    if text.isascii() and _FIRST_RUNS.isdisjoint(run.lower() for run in _ALNUM_RUN.findall(text, start, end)):
        return []
    return [match.span() for match in _PLATFORM_WORD.finditer(text, start, end)]


@rule(
    "EL038",
    "image-architecture",
    "error",
    "An image built for another architecture or operating system than the device's (amd64 by default).",
    tags=("device",),
)
def image_architecture(manifest):
    device = manifest.device.architecture
    for module in manifest.modules:
        image = module.settings.get_ci("image") if module.settings is not None and module.settings.is_object else None
        if image is None or not image.is_string:
            continue
        for start, end in platform_words(image.value):
            word = image.value[start:end]
            platform = PLATFORM_WORDS[word.lower()]
            if platform == device:
                continue
            if platform == "windows":
                why = (f"The image of `{module.name}` is a Windows image (`{word}`), but the device's Kubernetes runs "
                       f"Linux containers: the pod never starts; use a Linux {device} build of the image")
            else:
                why = (f"The image of `{module.name}` is built for {platform} (`{word}`), but the device runs {device}: "
                       f"the container fails with `exec format error`; use the {device} build of the image")
            yield Problem(image, f"{why}.", part=(start, end))
            break
