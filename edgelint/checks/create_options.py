"""createOptions rules (reference §7, §9, §10, §11): what the Kubernetes agent drops, cannot
read, or passes on to a Kubernetes API that rejects it."""

import json
import re

from edgelint.checks.manifest_limits import MAX_STRING_BYTES
from edgelint.checks.resources import is_unset
from edgelint.checks.storage import volume_sources
from edgelint.fixes.intents import FixIntent, Replace, WriteCreateOptions
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.source.nodes import ARRAY, NULL, OBJECT, STRING, Node
from edgelint.translator import (
    CHUNK_SIZE, CONTAINER_ONLY_SECURITY_FIELDS, K8S_OPTION_KINDS, K8S_OPTIONS, K8S_SECTION, MAX_CHUNKS, SERVICE_TYPES,
    case_duplicates, chunk_key_problem, chunk_order, create_options_absent, experimental_options, is_dns_label,
    is_host_mode, json_net_accepts, json_text, mount_kind, reserved_volume_names, sanitize_dns_label,
)

# --- EL023 -------------------------------------------------------------------------------

# The agent reads only Env, ExposedPorts, HostConfig, Labels, Cmd, Entrypoint, WorkingDir and
# Image (CreatePodParameters) and, of HostConfig, Binds, Mounts, PortBindings, Privileged,
# NetworkMode, IpcMode and PidMode. Docker options it never reads, with what that means and
# what to do instead:
_DROPPED_OPTIONS = {
    "user": (
        "the container runs as the image's user; set k8s-experimental.securityContext.runAsUser (a numeric id) "
        "instead"
    ),
    "hostname": "the pod gets a generated host name; reach the module by its module name instead",
    "domainname": "the pod gets the cluster's domain; reach the module by its module name instead",
    "tty": "the container has no terminal; make the program run without one",
    "openstdin": "the container has no standard input; make the program run without it",
    "stdinonce": "the container has no standard input; make the program run without it",
    "stopsignal": "Kubernetes stops the container with SIGTERM; make the module shut down on it",
    "stoptimeout": "Kubernetes waits 30 seconds before it kills the container; make the module stop within that",
    "healthcheck": (
        "Kubernetes runs no probe, so an unhealthy module is never restarted; let the module exit when it is "
        "unhealthy"
    ),
    "volumes": (
        "the data stays in the container and is lost with the pod; mount an Edge share there with a "
        "HostConfig.Mounts entry of type volume"
    ),
    "macaddress": "the pod gets an address from the cluster network; do not depend on a fixed MAC address",
    "networkdisabled": "the pod is on the cluster network anyway",
}
# HostConfig members the agent never reads; resources (EL010) and devices (EL011) are left
# to their own rules, Binds are read (EL002 reports them).
_DROPPED_HOST_OPTIONS = {
    "capadd": "the container gets only the default capabilities; HostConfig.Privileged is the only way to grant more",
    "capdrop": "the container keeps the default capabilities; there is no way to drop them",
    "securityopt": (
        "no seccomp, AppArmor or no-new-privileges option applies; k8s-experimental.securityContext can set the "
        "pod's seLinuxOptions"
    ),
    "readonlyrootfs": "the container's root filesystem is writable; there is no way to make it read-only",
    "shmsize": (
        "the pod gets the default 64 MB /dev/shm; mount an emptyDir volume with medium Memory at /dev/shm through "
        "k8s-experimental.volumes instead"
    ),
    "sysctls": "set them with k8s-experimental.securityContext.sysctls instead (namespaced sysctls only)",
    "extrahosts": "these names do not resolve in the pod; use DNS names, or the module names of other modules",
    "dns": "the pod uses the cluster DNS; remove it",
    "dnssearch": "the pod uses the cluster DNS; remove it",
    "dnsoptions": "the pod uses the cluster DNS; remove it",
    "links": "modules reach each other by module name through their Services; remove it",
    "volumesfrom": "no volumes are shared; mount the same Edge share in both modules",
    "volumedriver": "volumes are the claims named after each Mounts Source; remove it",
    "restartpolicy": "Kubernetes restarts the container whenever it stops; remove it",
    "logconfig": "the device's Kubernetes log settings apply (the kubelet rotates container logs); remove it",
    "autoremove": "Kubernetes removes the pod itself; remove it",
    "init": (
        "no init process reaps zombie processes; use an image with its own init (such as tini) if the module "
        "needs one"
    ),
    "initpath": (
        "no init process reaps zombie processes; use an image with its own init (such as tini) if the module "
        "needs one"
    ),
    "cgroup": "Kubernetes places the container in its own cgroup; remove it",
    "cgroupparent": "Kubernetes places the container in its own cgroup; remove it",
    "cgroupnsmode": "Kubernetes places the container in its own cgroup; remove it",
    "isolation": "it applies to Windows containers only; remove it",
    "groupadd": "set k8s-experimental.securityContext.supplementalGroups (numeric group ids) instead",
    "usernsmode": "Kubernetes IoT Edge has no user namespace setting; remove it",
    "utsmode": "the pod has its own host name; do not depend on the device's",
    "publishallports": "only the ports in PortBindings and ExposedPorts are published; declare each port",
    "oomscoreadj": "Kubernetes derives the OOM score from the pod's resource requests and limits; remove it",
    "storageopt": (
        "the container's writable layer has no size limit; set limits.ephemeral-storage in "
        "k8s-experimental.resources instead"
    ),
    "tmpfs": (
        "these paths are not in memory but in the container's writable layer; remove it or mount an Edge share "
        "there"
    ),
    "maskedpaths": "Kubernetes applies its default masked paths; remove it",
    "readonlypaths": "Kubernetes applies its default read-only paths; remove it",
    "runtime": "the container runs with the node's default runtime; remove it",
}
_NAMESPACE_MODES = ("networkmode", "ipcmode", "pidmode")
_ALL_ADDRESSES = ("", "0.0.0.0", "::")
_MOUNT_OPTIONS = {
    "bindoptions": "bind propagation and the other bind options are not applied",
    "volumeoptions": "the volume driver and its options are not used: the agent mounts the claim named after Source",
}


def _dropped(option, advice):
    return f"{option} is ignored by Kubernetes IoT Edge: {advice}."


@rule(
    "EL023",
    "ignored-create-option",
    "warning",
    "Docker create options the Kubernetes agent silently drops (User, Healthcheck, Volumes, LogConfig…).",
    tags=("create-options",),
)
def ignored_create_option(manifest):
    for module in manifest.modules:
        if module.create_options is None:
            continue
        for name, node in module.create_options.items():
            key = name.lower()
            if key in _DROPPED_OPTIONS and _is_set(node):
                yield Problem(node, _dropped(name, _DROPPED_OPTIONS[key]), on_key=True)
            elif key == "networkingconfig":
                yield from _networking_config(module, node)
        host_config = module.host_config
        for name, node in host_config.items() if host_config is not None else ():
            key = name.lower()
            if key in _DROPPED_HOST_OPTIONS and _is_set(node):
                if key == "runtime" and node.is_string and (has_placeholder(node.value) or _default_or_gpu_runtime(node.value)):
                    continue  # EL011 reports the GPU runtime; runc is what the pod gets anyway; a placeholder may be either
                if key == "shmsize" and "/dev/shm" in _k8s_mount_paths(module):
                    continue  # the k8s-experimental volume replaces it
                yield Problem(node, _dropped(f"HostConfig.{name}", _DROPPED_HOST_OPTIONS[key]), on_key=True)
            elif key in _NAMESPACE_MODES:
                yield from _namespace_mode(name, node)
        yield from _mounts(module)
        yield from _host_ips(module)


def _default_or_gpu_runtime(runtime):
    return "nvidia" in runtime.lower() or runtime.lower() == "runc"


def _is_set(node):
    """A value that asks Docker for something (not null, false, 0 or empty). A placeholder
    is a value the template fills in later, so the option is set whatever it will be."""
    return not is_unset(node)


def _k8s_volume_entries(module):
    """The entries of k8s-experimental.volumes (any JSON value; the agent wants objects)."""
    volumes = module.k8s_option("volumes")
    return volumes.value if volumes is not None and volumes.is_array else []


def _entry_mounts(entry):
    """The volumeMounts objects of one k8s-experimental.volumes entry."""
    mounts = entry.get_ci("volumeMounts")
    return [m for m in mounts.value if m.is_object] if mounts is not None and mounts.is_array else []


def _k8s_mount_paths(module):
    """The container paths of the module's k8s-experimental volume mounts."""
    paths = set()
    for entry in _k8s_volume_entries(module):
        for mount in _entry_mounts(entry):
            path = mount.get_ci("mountPath")
            if path is not None and path.is_string:
                paths.add(path.value.rstrip("/") or "/")
    return paths


def _networking_config(module, node):
    endpoints = node.get_ci("EndpointsConfig")
    for network, config in endpoints.items() if endpoints is not None else ():
        if network.lower() == "host":
            if not is_host_mode(module.host_option("NetworkMode")):
                yield Problem(config, _dropped(
                    "NetworkingConfig", "the module is not on the host network; set HostConfig.NetworkMode to host"
                ), on_key=True)
        elif _is_set(config):
            yield Problem(config, _dropped(
                f"NetworkingConfig for `{network}`",
                "network aliases and addresses do not exist in the pod; reach modules by their module names",
            ), on_key=True)


def _namespace_mode(name, node):
    """The agent applies NetworkMode, IpcMode and PidMode only when they are `host`. Any
    other value that gives the container a namespace of its own is what a pod has anyway;
    sharing another container's namespace (`container:<name>`) and `none` are lost."""
    if not node.is_string or has_placeholder(node.value):
        return
    mode = node.value.lower()
    if mode.startswith("container:"):
        other = node.value.split(":", 1)[1]
        advice = f"each module is its own pod, so this one no longer shares `{other}`'s namespace"
        if name.lower() == "ipcmode":
            advice += "; set IpcMode to host in both modules to share memory, as Azure Stack Edge recommends"
        elif name.lower() == "networkmode":
            advice += f"; reach `{other}` by its module name instead of localhost"
    elif mode == "none":
        advice = "only `host` is applied, and the pod gets a namespace of its own"
    else:
        return
    yield Problem(node, _dropped(f"HostConfig.{name} `{node.value}`", advice))


def _mounts(module):
    for mount in module.mounts():
        kind = mount.get_ci("Type")
        if kind is not None and kind.is_string and kind.value and not has_placeholder(kind.value):
            if mount_kind(kind.value) is None:
                yield Problem(kind, _dropped(
                    f"A mount of type `{kind.value}`",
                    "nothing is mounted, so the files land in the container's writable layer; remove the mount, "
                    "or mount an Edge share there with type volume",
                ))
                continue
        for name, node in mount.items():
            if name.lower() in _MOUNT_OPTIONS and _is_set(node):
                yield Problem(node, _dropped(f"Mounts {name}", _MOUNT_OPTIONS[name.lower()]), on_key=True)


def _host_ips(module):
    for bindings in module.port_bindings():
        for binding in bindings.value if bindings.is_array else ():
            address = binding.get_ci("HostIp")
            if address is None or not address.is_string or has_placeholder(address.value):
                continue
            if address.value.strip() not in _ALL_ADDRESSES:
                yield Problem(address, _dropped(
                    f"HostIp `{address.value}`",
                    "the port is published on the module's Service for every address (on Azure Stack Edge, an IP "
                    "of the external service range); set k8s-experimental.serviceOptions.type to ClusterIP to keep "
                    "it inside the cluster",
                ))


# --- EL024 -------------------------------------------------------------------------------


@rule(
    "EL024",
    "command-shape",
    "error",
    "Cmd or Entrypoint that is not an array of strings, or WorkingDir that is not a string.",
    fix="safe",
    tags=("create-options",),
)
def command_shape(manifest):
    for module in manifest.modules:
        for key in ("Cmd", "Entrypoint"):
            node = module.create_option(key)
            if node is None or node.value is None:
                continue
            if node.is_string:
                yield Problem(
                    node,
                    f"{node.key} is a string, which Docker reads as a one-item list but Kubernetes IoT Edge cannot "
                    f"read: the agent throws and no module of the deployment is updated; write it as an array, "
                    f"{_as_array(node.value)}.",
                    fix=FixIntent(f"Write {node.key} as a one-item array", [Replace(node, [node.value])]),
                )
            elif not node.is_array:
                yield Problem(
                    node,
                    f"{node.key} must be an array of strings: Kubernetes IoT Edge cannot read this one, so the agent "
                    f"throws and no module of the deployment is updated.",
                )
            else:
                for item in node.value:
                    if item.is_object or item.is_array:
                        yield Problem(
                            item,
                            f"Every item of {node.key} must be a string: Kubernetes IoT Edge cannot read this one, so "
                            f"the agent throws and no module of the deployment is updated.",
                        )
                    elif item.value is not None and not item.is_string:
                        yield _coerced(item, f"This item of {node.key}")
        working_dir = module.create_option("WorkingDir")
        if working_dir is None or working_dir.value is None or working_dir.is_string:
            continue
        if working_dir.is_object or working_dir.is_array:
            yield Problem(
                working_dir,
                "WorkingDir must be a string: Kubernetes IoT Edge cannot read this one, so the agent throws and no "
                "module of the deployment is updated; write the directory as one string.",
            )
        else:
            yield _coerced(working_dir, working_dir.key)


def _coerced(node, what):
    """A number or boolean where Docker wants a string: the agent's Json.NET reads it as its
    text (`5`, `True`), Docker's API rejects it."""
    text = json_text(node.value)
    return Problem(
        node,
        f"{what} is not a string: Kubernetes IoT Edge reads it as the text `{text}`, but Docker rejects it, so the "
        f"manifest no longer works on Docker-based IoT Edge; quote it.",
        fix=FixIntent(f"Quote it as `\"{text}\"`", [Replace(node, text)]),
        level="warning",
    )


def _as_array(text):
    shown = json.dumps([text])
    return f"`{shown}`" if len(shown) <= 60 else "`[\"…\"]`"


# --- EL025 -------------------------------------------------------------------------------

_KNOWN_OPTIONS = {option.lower(): option for option in K8S_OPTIONS}


def _squash(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


_SQUASHED_OPTIONS = {_squash(option): option for option in K8S_OPTIONS}


@rule(
    "EL025",
    "unknown-k8s-option",
    "warning",
    "A k8s-experimental section the agent does not read: other casing, not an object, or unknown keys.",
    tags=("create-options", "k8s-experimental"),
)
def unknown_k8s_option(manifest):
    for module in manifest.modules:
        if module.create_options is None:
            continue
        # Casings of the section next to each other make the agent throw: EL034 reports that.
        repeated = {id(node) for pair in case_duplicates(module.create_options) for node in pair[:2]}
        for name, node in module.create_options.items():
            if name != K8S_SECTION and _squash(name) == _squash(K8S_SECTION) and id(node) not in repeated:
                yield Problem(
                    node,
                    f"`{name}` is not `{K8S_SECTION}`: the agent reads that name exactly, so everything in this "
                    f"section is ignored; rename it to `{K8S_SECTION}`.",
                    on_key=True,
                )
        section = module.k8s
        if section is None or section.value is None:
            continue
        if not section.is_object:
            yield Problem(
                section,
                f"{K8S_SECTION} must be an object: the agent ignores the whole section; write it as "
                f'{{"resources": …, "strategy": …}}.',
            )
            continue
        seen = {}
        for name, node in section.items():
            known = _KNOWN_OPTIONS.get(name.lower())
            if known is None:
                suggestion = _SQUASHED_OPTIONS.get(_squash(name))
                advice = f"rename it to `{suggestion}`" if suggestion else f"use only {', '.join(K8S_OPTIONS)}"
                yield Problem(
                    node,
                    f"`{name}` is not a {K8S_SECTION} option the agent knows: it is dropped with a log warning; "
                    f"{advice}.",
                    on_key=True,
                )
            elif known in seen:
                yield Problem(
                    seen[known],
                    f"`{seen[known].key}` is given again as `{name}`: the agent reads option names in any case and "
                    f"keeps only the last one, so this one is ignored; merge them.",
                    on_key=True,
                )
            seen[known] = node
        options = experimental_options(section)
        if options:
            yield from _unknown_members(options)


def _unknown_members(options):
    """Members of an option that its Kubernetes type has no field for: Json.NET drops them."""
    from edgelint.json_net import api_types, experimental_unknown_members

    for node, path, type_name in experimental_unknown_members(options):
        if path.lower() == f"securitycontext.{node.key.lower()}" and node.key.lower() in _CONTAINER_ONLY_FIELDS:
            continue  # EL026 says where such a setting goes
        near = [field for field in api_types()["types"][type_name] if _squash(field) == _squash(node.key)]
        advice = f"rename it to `{near[0]}`" if near else "check its name against the Kubernetes API reference"
        yield Problem(
            node,
            f"`{node.key}` is not a field of {K8S_SECTION}.{path.rsplit('.', 1)[0]} ({type_name.rsplit('.', 1)[-1]}): "
            f"the agent reads it into that type and silently drops this member; {advice}.",
            on_key=True,
        )


# --- EL026 -------------------------------------------------------------------------------

# The JSON shape each option must have; any other shape makes the agent throw.
_OPTION_SHAPES = {name.lower(): kind for name, kind in K8S_OPTION_KINDS.items()}
_STRATEGY_TYPES = ("Recreate", "RollingUpdate")
_PERCENT = lazy_compile(r"[0-9]+%")
_CONTAINER_ONLY_FIELDS = {field.lower() for field in CONTAINER_ONLY_SECURITY_FIELDS}
_CONTAINER_FIELD_ADVICE = {
    "privileged": "set HostConfig.Privileged to true instead",
    "capabilities": "HostConfig.Privileged is the only way to grant capabilities",
    "readonlyrootfilesystem": "there is no way to make the root filesystem read-only",
}
_THROWS = "the agent cannot read it and no module of the deployment is updated"
_REJECTED = "Kubernetes rejects the module's Deployment"


@rule(
    "EL026",
    "invalid-k8s-option",
    "error",
    "Values in k8s-experimental that the agent or Kubernetes rejects, or that are silently lost.",
    tags=("create-options", "k8s-experimental"),
)
def invalid_k8s_option(manifest):
    for module in manifest.modules:
        section = module.k8s
        if section is None or not section.is_object:
            continue
        for name, node in section.items():
            shape = _OPTION_SHAPES.get(name.lower())
            if shape is not None and node.value is not None and node.kind != shape:
                yield Problem(node, f"{K8S_SECTION}.{name} must be an {shape}: {_THROWS}.")
        options = experimental_options(section)
        typed = {name: node for name, node in options.items() if name != "resources"}  # EL013 judges resources
        if typed:
            yield from _read_errors(typed)
        yield from _service_options(module)
        yield from _strategy(module)
        yield from _volumes(module)
        yield from _security_context(module)
        yield from _node_selector(options.get("nodeSelector"))


def _read_errors(options):
    """The values the agent's Json.NET cannot read as the Kubernetes types of the options (the
    types and Json.NET's conversions are in edgelint.json_net, imported only here)."""
    from edgelint.json_net import experimental_read_errors

    for error in experimental_read_errors(options):
        if not has_placeholder(error.node.value):
            yield Problem(error.node, f"{K8S_SECTION}.{error.message}: {_THROWS}.")


def _node_selector(selector):
    """IDictionary<string, string>: Json.NET turns `true` into `True` and `1.0` into `1`, which
    no node label `true` or `1.0` matches: label values are compared as they are written."""
    for label, value in selector.items() if selector is not None and selector.is_object else ():
        text = json_text(value.value) if value.kind not in (OBJECT, ARRAY, STRING) else None
        if text is not None and text != json.dumps(value.value):
            written = json.dumps(value.value)
            yield Problem(
                value,
                f"The nodeSelector value for `{label}` is not a string: the agent sends it as `{text}`, which a node "
                f"label `{label}={written}` never matches, so the pod is never scheduled; write it as \"{written}\".",
                fix=None,
            )


def _service_options(module):
    options = module.k8s_option("serviceOptions")
    kind = options.get_ci("type") if options is not None else None
    if kind is None or kind.value is None or kind.kind in (OBJECT, ARRAY) or has_placeholder(kind.value):
        return  # an object or list throws: _read_errors reports it
    if not kind.is_string or kind.value.lower() not in SERVICE_TYPES:
        yield Problem(
            kind,
            "The agent knows only the Service types ClusterIP, NodePort and LoadBalancer: it silently ignores this one "
            "and the module's ports get the default type (LoadBalancer on Azure Stack Edge when there are "
            "PortBindings); use one of the three.",
        )


def _strategy(module):
    strategy = module.k8s_option("strategy")
    if strategy is None or not strategy.is_object:
        return
    kind = strategy.get_ci("type")
    rolling = strategy.get_ci("rollingUpdate")
    if kind is not None and kind.kind not in (OBJECT, ARRAY, NULL) and not has_placeholder(kind.value) \
            and kind.value not in _STRATEGY_TYPES:
        yield Problem(kind, f"{_REJECTED}: the strategy type must be exactly `Recreate` or `RollingUpdate`.")
    if rolling is None or rolling.value is None:
        return
    if kind is not None and kind.value == "Recreate":
        yield Problem(
            rolling, f"{_REJECTED}: rollingUpdate may not be given with the Recreate strategy; remove it.", on_key=True
        )
        return
    amounts = {name.lower(): node for name, node in rolling.items()}
    for node in amounts.values():
        if node.key.lower() in ("maxsurge", "maxunavailable") and not _int_or_percent(node):
            yield Problem(node, f"{_REJECTED}: {node.key} must be a whole number or a percentage such as `25%`.")
    surge, unavailable = amounts.get("maxsurge"), amounts.get("maxunavailable")
    if surge is not None and unavailable is not None and _is_zero(surge) and _is_zero(unavailable):
        yield Problem(unavailable, f"{_REJECTED}: maxUnavailable and maxSurge cannot both be 0; allow one of them.")


def _int_or_percent(node):
    if isinstance(node.value, bool):
        return False
    if isinstance(node.value, int):
        return node.value >= 0
    return node.is_string and (has_placeholder(node.value) or _PERCENT.fullmatch(node.value) is not None)


def _is_zero(node):
    return node.value in (0, "0%")


def _volumes(module):
    entries = _k8s_volume_entries(module)
    if not entries:
        return
    derived = {sanitize_dns_label(source.source) for source in volume_sources(module)} - {None}
    reserved = set(reserved_volume_names(module.name))
    names = {}
    mounts = []
    for entry in entries:
        if not entry.is_object:
            continue  # _read_errors reports it
        volume = entry.get_ci("volume")
        name = volume.get_ci("name") if volume is not None and volume.is_object else None
        if volume is not None and volume.is_object and name is None:
            yield Problem(
                volume, f"{_REJECTED}: this volume has no name; give it one (lower-case letters, digits and '-').",
                on_key=True,
            )
        elif name is not None and name.is_string and not has_placeholder(name.value):
            problem = _volume_name_problem(name.value, names, derived, reserved)
            if problem:
                yield Problem(name, f"{_REJECTED}: {problem}.")
            names.setdefault(name.value, name)
        mounts.extend(_entry_mounts(entry))
    known = set(names) | derived | reserved
    for mount in mounts:
        name = mount.get_ci("name")
        if name is not None and name.is_string and not has_placeholder(name.value) and name.value not in known:
            yield Problem(
                name,
                f"{_REJECTED}: the volume mount `{name.value}` names no volume of the pod; use the name of a volume "
                f"in {K8S_SECTION}.volumes.",
            )


def _volume_name_problem(name, earlier, derived, reserved):
    if not is_dns_label(name):
        return f"the volume name `{name}` is not a DNS label (lower-case letters, digits and '-', at most 63)"
    if name in earlier:
        return f"the volume name `{name}` is used twice"
    if name in derived:
        return (
            f"the volume name `{name}` is also the name the agent gives a Binds or Mounts source of this module; "
            f"rename it"
        )
    if name in reserved:
        return f"the volume name `{name}` belongs to the pod's IoT Edge proxy sidecar; rename it"
    return None


def _security_context(module):
    context = module.k8s_option("securityContext")
    for name, node in context.items() if context is not None else ():
        if name.lower() in _CONTAINER_ONLY_FIELDS:
            advice = _CONTAINER_FIELD_ADVICE.get(name.lower(), "there is no way to set it")
            yield Problem(
                node,
                f"`{name}` is a container setting, but {K8S_SECTION}.securityContext is the pod's, so the agent "
                f"silently drops it; {advice}.",
                on_key=True,
                level="warning",
            )


# --- EL027 -------------------------------------------------------------------------------


@rule(
    "EL027",
    "invalid-create-options",
    "error",
    "createOptions the agent cannot read: not a JSON object, invalid JSON, broken chunks, more than 100 chunks.",
    fix="safe",
    tags=("create-options",),
)
def invalid_create_options(manifest):
    for module in manifest.modules:
        chunks = module.chunks
        if not chunks:
            continue
        if len(chunks) == 1 and chunks[0][2].kind not in (STRING, OBJECT, NULL):
            node = chunks[0][2]
            yield Problem(node, f"createOptions must be a JSON object or a string holding one: {_THROWS}.")
            continue
        fix = _rechunk(module)
        if len(chunks) > 1:
            yield from _chunk_problems(chunks, fix)
        for _, _, node in chunks:
            if node.is_string and len(node.value) > CHUNK_SIZE:
                yield _long_chunk(node, fix)
        error = module.create_options_error
        if error is not None and not module.create_options_unknown and not create_options_absent(_joined(chunks)):
            # Syntax that only the agent's Json.NET reader accepts works on the device: a warning.
            tolerated = json_net_accepts(error, manifest.file_text)
            yield Problem(_span_node(chunks[0][2], error.start, error.end), _error_message(error, tolerated),
                          level="warning" if tolerated else None)


def _long_chunk(node, fix):
    """DockerConfig reads a chunk of any length: 512 is only what its writer and the IoT Edge
    tools use. IoT Hub, though, rejects a twin string over 4 KB."""
    size = len(node.value.encode("utf-8"))
    if size > MAX_STRING_BYTES:
        return Problem(
            node,
            f"This createOptions string has {size:,} bytes, over IoT Hub's limit of {MAX_STRING_BYTES:,} for a twin "
            f"value: the deployment is rejected; split it into createOptions, createOptions01, createOptions02… of "
            f"{CHUNK_SIZE} characters.",
            fix=fix,
        )
    return Problem(
        node,
        f"This createOptions string is {len(node.value)} characters long, more than the {CHUNK_SIZE} IoT Edge writes "
        f"per chunk: edgeAgent reads it as it is, but near IoT Hub's 4 KB limit for a twin string the chunks keep it "
        f"safe; split it into createOptions, createOptions01, createOptions02….",
        fix=fix,
        level="note",
    )


def _rechunk(module):
    """The same createOptions text, joined in the order of the chunk numbers, written again
    as createOptions, createOptions01, … of 512 characters. Only for string chunks that
    join into a JSON object: the order of chunks that do not is no safe guess."""
    parts = [node for _, _, node in module.chunks]
    if module.create_options is None or not all(part.is_string for part in parts):
        return None
    text = "".join(part.value for part in parts)
    return FixIntent("Split createOptions into chunks of 512 characters: createOptions, createOptions01, …",
                     [WriteCreateOptions(module.settings, parts, text)])


def _chunk_problems(chunks, fix):
    for _, _, node in chunks:
        if not node.is_string:
            yield Problem(node, f"A createOptions chunk must be a string: {_THROWS}.")
    ordered = chunk_order([key for _, key, _ in chunks])
    nodes = {key: node for _, key, node in chunks}
    for position, key in enumerate(ordered[:MAX_CHUNKS]):
        expected = chunk_key_problem(position, key[len("createOptions"):])
        if expected is not None:
            before = f" after `{ordered[position - 1]}`" if position else ""
            yield Problem(
                nodes[key],
                f"The agent reads the chunks in name order and expects `createOptions{expected}` here, but finds "
                f"`{key}`{before}: it throws and no module of the deployment is updated; number the chunks "
                f"createOptions, createOptions01, createOptions02… without gaps.",
                fix=fix,
                on_key=True,
            )
            return
    if len(ordered) > MAX_CHUNKS:
        yield Problem(
            nodes[ordered[MAX_CHUNKS]],
            f"The agent reads at most {MAX_CHUNKS} chunks, so the createOptions are cut off here; make them shorter.",
            on_key=True,
        )


def _joined(chunks):
    return "".join(node.value for _, _, node in chunks if node.is_string)


def _span_node(anchor, start, end):
    """A node that spans file offsets start..end and carries the pointer of `anchor`."""
    node = Node(STRING, "", start, end)
    node.parent = anchor.parent
    node.key = anchor.key
    return node


def _error_message(error, tolerated):
    if error.message.startswith("createOptions must be"):  # the model's message for a non-object document
        return f"{error.message}: {_THROWS}; write the options as a JSON object."
    if tolerated:
        return (
            f"createOptions is not valid JSON ({error.message}): edgeAgent's own reader accepts this, but IoT Edge "
            f"tools and edgelint do not, so nothing else in this module is checked; write plain JSON."
        )
    return f"createOptions is not valid JSON ({error.message}): {_THROWS}; fix the JSON."
