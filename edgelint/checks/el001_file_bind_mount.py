"""EL001 file-bind-mount: A bind mount of a file, socket or device, which Kubernetes IoT Edge mounts as a directory."""

from __future__ import annotations

from edgelint.edgeagent.volumes import split_bind
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest

# Directories below /dev that are bind-mounted as directories (hostPath DirectoryOrCreate works).
_DEVICE_DIRECTORIES = lazy_compile(
    r"/dev(/(shm|pts|mqueue|hugepages|bus|bus/usb|bus/usb/[0-9]+|snd|dri|input|net|usb|vfio|mapper"
    r"|char|block|serial|serial/by-id|serial/by-path|disk|disk/by-[a-z]+|v4l|v4l/by-id|v4l/by-path))?/?"
)

# Files every Linux host has and that manifests like to share with containers.
_WELL_KNOWN_FILES = frozenset(
    {
        "/etc/localtime",
        "/etc/timezone",
        "/etc/hosts",
        "/etc/hostname",
        "/etc/resolv.conf",
        "/etc/machine-id",
        "/var/lib/dbus/machine-id",
        "/etc/passwd",
        "/etc/group",
        "/etc/shadow",
        "/etc/os-release",
        "/etc/fstab",
        "/etc/nv_tegra_release",
        "/proc/cpuinfo",
        "/proc/meminfo",
    }
)

# A last path component with a file extension: `config.json`, `model.onnx`, `cert.pem`.
# Hidden names (`.X11-unix`), numeric suffixes (`app-1.2`) and `conf.d`-style directories are not.
_FILE_NAME = lazy_compile(r"[^./][^/]*\.(?!d$)[A-Za-z][A-Za-z0-9_-]{0,9}")

_SOCKET_NAME = lazy_compile(r"[^/]*\.sock(et)?")


def host_path_kind(path: str) -> str | None:
    """'socket', 'device' or 'file' when a host path is, by all signs, not a directory.

    The heuristic, in order: a name ending in `.sock`/`.socket` is a socket; anything under
    /dev except the well-known directories there is a device; a list of well-known host
    files; otherwise a last component with a file extension is a file. Anything else is
    taken for a directory (no finding): a false alarm costs trust, a miss costs one pod."""
    if not path.startswith("/"):
        return None
    path = path.rstrip("/") or "/"
    name = path.rsplit("/", 1)[-1]
    if _SOCKET_NAME.fullmatch(name):
        return "socket"
    if path == "/dev" or path.startswith("/dev/"):
        return None if _DEVICE_DIRECTORIES.fullmatch(path) else "device"
    if path in _WELL_KNOWN_FILES or _FILE_NAME.fullmatch(name):
        return "file"
    return None


_ADVICE = {
    "file": "mount its directory instead, or put the file in the image",
    "socket": "Docker-style sockets are not available to pods; mount the directory holding it or drop the dependency",
    "device": "request the device through a device-plugin resource in k8s-experimental.resources instead",
}


def _message(kind: str, path: str) -> str:
    return (
        f"`{path}` is a {kind}: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
        f"DirectoryOrCreate, which fails for a {kind}, so the pod never starts; {_ADVICE[kind]}."
    )


@rule(
    "EL001",
    "file-bind-mount",
    "error",
    "A bind mount of a file, socket or device, which Kubernetes IoT Edge mounts as a directory.",
    tags=("storage",),
)
def file_bind_mount(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        for bind in module.binds():
            parsed = split_bind(bind.value)
            if parsed is None or has_placeholder(parsed[0]):
                continue
            kind = host_path_kind(parsed[0])
            if kind:
                yield Problem(bind, _message(kind, parsed[0]), part=(0, len(parsed[0])))
        for mount in module.mounts():
            mount_type = mount.get_ci("Type")
            source = mount.get_ci("Source")
            if mount_type is None or source is None or not source.is_string:
                continue
            if str(mount_type.value).lower() != "bind" or has_placeholder(source.value):
                continue
            kind = host_path_kind(source.value)
            if kind:
                yield Problem(source, _message(kind, source.value))
