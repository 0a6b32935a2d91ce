"""EL023 ignored-create-option: Docker create options the Kubernetes agent silently drops (User, Healthcheck, Volumes, LogConfig…)."""

from __future__ import annotations

from edgelint.checks.helpers.create_options import entry_mounts, k8s_volume_entries
from edgelint.checks.helpers.resources import is_unset
from edgelint.edgeagent.pod import is_host_mode
from edgelint.edgeagent.volumes import mount_kind
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node

# The agent reads only Env, ExposedPorts, HostConfig, Labels, Cmd, Entrypoint, WorkingDir and
# Image (CreatePodParameters) and, of HostConfig, Binds, Mounts, PortBindings, Privileged,
# NetworkMode, IpcMode and PidMode. Docker options it never reads, with what that means and
# what to do instead:
_DROPPED_OPTIONS = {
    "user": (
        "the container runs as the image's user; set k8s-experimental.securityContext.runAsUser (a numeric id) instead"
    ),
    "hostname": "the pod gets a generated host name; reach the module by its module name instead",
    "domainname": "the pod gets the cluster's domain; reach the module by its module name instead",
    "tty": "the container has no terminal; make the program run without one",
    "openstdin": "the container has no standard input; make the program run without it",
    "stdinonce": "the container has no standard input; make the program run without it",
    "stopsignal": "Kubernetes stops the container with SIGTERM; make the module shut down on it",
    "stoptimeout": "Kubernetes waits 30 seconds before it kills the container; make the module stop within that",
    "healthcheck": (
        "Kubernetes runs no probe, so an unhealthy module is never restarted; let the module exit when it is unhealthy"
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
        "no init process reaps zombie processes; use an image with its own init (such as tini) if the module needs one"
    ),
    "initpath": (
        "no init process reaps zombie processes; use an image with its own init (such as tini) if the module needs one"
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
        "these paths are not in memory but in the container's writable layer; remove it or mount an Edge share there"
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


def _dropped(option: str, advice: str) -> str:
    return f"{option} is ignored by Kubernetes IoT Edge: {advice}."


@rule(
    "EL023",
    "ignored-create-option",
    "warning",
    "Docker create options the Kubernetes agent silently drops (User, Healthcheck, Volumes, LogConfig…).",
    tags=("create-options",),
)
def ignored_create_option(manifest: Manifest) -> Iterator[Problem]:
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
                if (
                    key == "runtime"
                    and node.is_string
                    and (has_placeholder(node.value) or _default_or_gpu_runtime(node.value))
                ):
                    continue  # EL011 reports the GPU runtime; runc is what the pod gets anyway; a placeholder may be either
                if key == "shmsize" and "/dev/shm" in _k8s_mount_paths(module):
                    continue  # the k8s-experimental volume replaces it
                yield Problem(node, _dropped(f"HostConfig.{name}", _DROPPED_HOST_OPTIONS[key]), on_key=True)
            elif key in _NAMESPACE_MODES:
                yield from _namespace_mode(name, node)
        yield from _mounts(module)
        yield from _host_ips(module)


def _default_or_gpu_runtime(runtime: str) -> bool:
    return "nvidia" in runtime.lower() or runtime.lower() == "runc"


def _is_set(node: Node) -> bool:
    """A value that asks Docker for something (not null, false, 0 or empty). A placeholder
    is a value the template fills in later, so the option is set whatever it will be."""
    return not is_unset(node)


def _k8s_mount_paths(module: Module) -> set[str]:
    """The container paths of the module's k8s-experimental volume mounts."""
    paths: set[str] = set()
    for entry in k8s_volume_entries(module):
        for mount in entry_mounts(entry):
            path = mount.get_ci("mountPath")
            if path is not None and path.is_string:
                paths.add(path.value.rstrip("/") or "/")
    return paths


def _networking_config(module: Module, node: Node) -> Iterator[Problem]:
    endpoints = node.get_ci("EndpointsConfig")
    for network, config in endpoints.items() if endpoints is not None else ():
        if network.lower() == "host":
            if not is_host_mode(module.host_option("NetworkMode")):
                yield Problem(
                    config,
                    _dropped(
                        "NetworkingConfig", "the module is not on the host network; set HostConfig.NetworkMode to host"
                    ),
                    on_key=True,
                )
        elif _is_set(config):
            yield Problem(
                config,
                _dropped(
                    f"NetworkingConfig for `{network}`",
                    "network aliases and addresses do not exist in the pod; reach modules by their module names",
                ),
                on_key=True,
            )


def _namespace_mode(name: str, node: Node) -> Iterator[Problem]:
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


def _mounts(module: Module) -> Iterator[Problem]:
    for mount in module.mounts():
        kind = mount.get_ci("Type")
        if (
            kind is not None
            and kind.is_string
            and kind.value
            and not has_placeholder(kind.value)
            and mount_kind(kind.value) is None
        ):
            yield Problem(
                kind,
                _dropped(
                    f"A mount of type `{kind.value}`",
                    "nothing is mounted, so the files land in the container's writable layer; remove the mount, "
                    "or mount an Edge share there with type volume",
                ),
            )
            continue
        for name, node in mount.items():
            if name.lower() in _MOUNT_OPTIONS and _is_set(node):
                yield Problem(node, _dropped(f"Mounts {name}", _MOUNT_OPTIONS[name.lower()]), on_key=True)


def _host_ips(module: Module) -> Iterator[Problem]:
    for bindings in module.port_bindings():
        for binding in bindings.value if bindings.is_array else ():
            address = binding.get_ci("HostIp")
            if address is None or not address.is_string or has_placeholder(address.value):
                continue
            if address.value.strip() not in _ALL_ADDRESSES:
                yield Problem(
                    address,
                    _dropped(
                        f"HostIp `{address.value}`",
                        "the port is published on the module's Service for every address (on Azure Stack Edge, an IP "
                        "of the external service range); set k8s-experimental.serviceOptions.type to ClusterIP to keep "
                        "it inside the cluster",
                    ),
                )
