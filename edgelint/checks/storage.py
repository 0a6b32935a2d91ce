"""Storage rules: Binds and Mounts as Kubernetes IoT Edge translates them (reference §3)."""

import re

from edgelint.lazy_re import lazy_compile
from edgelint.fixes.intents import Append, FixIntent, Remove, Rename, Replace, SetMember
from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import (
    empty_mount_fields, mount_kind, null_mount_fields, sanitize_dns_label, shared_volume,
    split_bind,
)
from edgelint.translator import volume_sources as translator_volume_sources

# Directories below /dev that are bind-mounted as directories (hostPath DirectoryOrCreate works).
_DEVICE_DIRECTORIES = lazy_compile(
    r"/dev(/(shm|pts|mqueue|hugepages|bus|bus/usb|bus/usb/[0-9]+|snd|dri|input|net|usb|vfio|mapper"
    r"|char|block|serial|serial/by-id|serial/by-path|disk|disk/by-[a-z]+|v4l|v4l/by-id|v4l/by-path))?/?"
)
# Files every Linux host has and that manifests like to share with containers.
_WELL_KNOWN_FILES = frozenset({
    "/etc/localtime", "/etc/timezone", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
    "/etc/machine-id", "/var/lib/dbus/machine-id", "/etc/passwd", "/etc/group", "/etc/shadow",
    "/etc/os-release", "/etc/fstab", "/etc/nv_tegra_release", "/proc/cpuinfo", "/proc/meminfo",
})
# A last path component with a file extension: `config.json`, `model.onnx`, `cert.pem`.
# Hidden names (`.X11-unix`), numeric suffixes (`app-1.2`) and `conf.d`-style directories are not.
_FILE_NAME = lazy_compile(r"[^./][^/]*\.(?!d$)[A-Za-z][A-Za-z0-9_-]{0,9}")
_SOCKET_NAME = lazy_compile(r"[^/]*\.sock(et)?")


def host_path_kind(path):
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


def _message(kind, path):
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
def file_bind_mount(manifest):
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


_BINDS_UNSUPPORTED = (
    "Azure Stack Edge does not support Binds for Kubernetes modules (they become hostPath volumes on the "
    "Kubernetes VM); declare this in HostConfig.Mounts: type volume with an Edge share as Source, or type bind "
    "for a host directory."
)


@rule(
    "EL002",
    "docker-binds",
    "warning",
    "HostConfig.Binds, which Kubernetes IoT Edge turns into hostPath volumes; use Mounts.",
    fix="safe",
    tags=("storage",),
)
def docker_binds(manifest):
    for module in manifest.modules:
        binds = module.host_option("Binds")
        if binds is not None and binds.is_string and has_placeholder(binds.value):
            yield Problem(binds, _BINDS_UNSUPPORTED, on_key=True)  # a placeholder for the whole list
        for bind in module.binds():
            parsed = split_bind(bind.value)
            if parsed is None and has_placeholder(bind.value):
                yield Problem(bind, _BINDS_UNSUPPORTED)  # a bind all the same, whatever it binds
                continue
            if parsed is None:
                yield Problem(
                    bind,
                    f"`{bind.value}` has no container path: Kubernetes IoT Edge silently drops a bind "
                    f"without ':'; declare the mount in HostConfig.Mounts with Source and Target.",
                )
                continue
            source = parsed[0]
            fix = _binds_to_mounts(module, bind)
            if has_placeholder(source) or source.startswith("/"):
                yield Problem(bind, _BINDS_UNSUPPORTED, fix=fix)
            else:
                yield Problem(
                    bind,
                    f"`{source}` is a Docker named volume, but Kubernetes IoT Edge turns every bind into a hostPath "
                    f"(here the relative path `{source}`), not a volume; declare it in HostConfig.Mounts as type "
                    f"volume with an Edge share as Source.",
                    fix=fix,
                )


# Docker's rule for volume names (daemon/names: RestrictedNamePattern).
_DOCKER_VOLUME_NAME = lazy_compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+")


def bind_as_mount(bind):
    """The HostConfig.Mounts entry that means what the bind string means to Docker, or None
    when there is none without guessing: a host directory becomes type bind, a named volume
    type volume, the mode `ro` becomes ReadOnly; other modes (SELinux labels, propagation),
    relative paths and placeholders have no exact equivalent."""
    if has_placeholder(bind):
        return None
    parts = bind.split(":")
    if len(parts) not in (2, 3) or not parts[1].startswith("/"):
        return None
    source, target = parts[0], parts[1]
    options = parts[2].split(",") if len(parts) == 3 else []
    if not set(options) <= {"ro", "rw"} or len(options) > 1:
        return None
    if source.startswith("/"):
        kind = "bind"
    elif _DOCKER_VOLUME_NAME.fullmatch(source):
        kind = "volume"
    else:
        return None
    mount = {"Type": kind, "Source": source, "Target": target}
    if options == ["ro"]:
        mount["ReadOnly"] = True
    return mount


def _binds_to_mounts(module, bind):
    """Move one bind into HostConfig.Mounts; an emptied Binds member is removed (or, when
    there is no Mounts yet, becomes it)."""
    mount = bind_as_mount(bind.value)
    mounts = module.host_option("Mounts")
    if mount is None or (mounts is not None and not mounts.is_array):
        return None
    if any(_target(entry) == mount["Target"] for entry in module.mounts()):
        return None  # Docker refuses two mounts at one container path
    binds = bind.parent
    title = f"Declare `{bind.value}` as a HostConfig.Mounts entry of type {mount['Type']}"
    applicability = _bind_fix_applicability(module, mount)
    if any(item is not bind for item in binds.value):
        added = Append(mounts, mount) if mounts is not None else SetMember(module.host_config, ("Mounts",), [mount])
        return FixIntent(title, [Remove(bind), added], applicability)
    if mounts is None:
        return FixIntent(title, [Rename(binds, "Mounts"), Replace(binds, [mount])], applicability)
    return FixIntent(title, [Remove(binds), Append(mounts, mount)], applicability)


def _bind_fix_applicability(module, mount):
    """A host directory bound through Mounts instead of Binds is the same hostPath volume
    (safe), unless another source of the module shares its volume name: the bind then moves
    behind the others in the agent's order, which can change the volume they all show. A
    named volume becomes a claim of that name, which must exist on the device (unsafe)."""
    if mount["Type"] == "volume":
        return "unsafe"
    name = sanitize_dns_label(mount["Source"])
    others = [
        source for source in volume_sources(module)
        if sanitize_dns_label(source.source) == name and (source.kind, source.source) != ("bind", mount["Source"])
    ]
    return "unsafe" if name is None or others else "safe"




@rule(
    "EL003",
    "incomplete-mount",
    "error",
    "A HostConfig.Mounts entry with a missing, null or empty Type, Source or Target, or a bind with an empty path.",
    tags=("storage",),
)
def incomplete_mount(manifest):
    for module in manifest.modules:
        for bind in module.binds():
            parsed = split_bind(bind.value)
            if parsed is None or has_placeholder(bind.value):
                continue  # EL002 reports a bind without ':'
            if parsed[0] == "":
                yield Problem(
                    bind,
                    f"The bind `{bind.value}` has no host path: the agent names the pod volume after it "
                    f"(KubeUtils.SanitizeDNSLabel), which throws for an empty name, and then no module of the "
                    f"deployment is updated; write the host directory before the ':'.",
                )
            if parsed[1] == "":
                yield Problem(
                    bind,
                    f"The bind `{bind.value}` has no container path: it becomes an empty mountPath, which Kubernetes "
                    f"requires, so the API server rejects this module's Deployment and the module is not updated; "
                    f"write the path in the container after the ':'.",
                )
        for mount in module.mounts():
            missing = null_mount_fields(mount)
            if missing:
                yield _missing_fields_problem(mount, missing)
                continue
            empty = empty_mount_fields(mount)
            if "Type" in empty:
                yield Problem(
                    mount.get_ci("Type"),
                    "This mount's Type is empty: Kubernetes IoT Edge maps only mounts of type bind and volume and "
                    "silently drops any other, so the container starts without this mount; set Type to `bind` or "
                    "`volume`.",
                    level="warning",
                )
                continue
            kind = mount_kind(mount.get_ci("Type").value)
            if kind is None:
                continue  # dropped whatever its Source and Target are
            if "Source" in empty:
                what = "an Edge share" if kind == "volume" else "a host directory"
                yield Problem(
                    mount.get_ci("Source"),
                    f"This {kind} mount's Source is empty: the agent names the pod volume after the Source "
                    f"(KubeUtils.SanitizeDNSLabel), which throws for an empty name, and then no module of the "
                    f"deployment is updated; set Source to {what}.",
                )
            if "Target" in empty:
                yield Problem(
                    mount.get_ci("Target"),
                    f"This {kind} mount's Target is empty: it becomes an empty mountPath, which Kubernetes requires, "
                    f"so the API server rejects this module's Deployment and the module is not updated; set Target "
                    f"to the path in the container.",
                )


def _missing_fields_problem(mount, missing):
    nulls = [mount.get_ci(name) for name in missing if mount.get_ci(name) is not None]
    node = nulls[0] if len(missing) == 1 and nulls else mount
    hint = ""
    if "Target" in missing and mount.get_ci("Destination") is not None:
        hint = " (`Destination`, as docker inspect shows it, is `Target` here)"
    return Problem(
        node,
        f"This mount has no {_join(missing)}{hint}: the agent throws InvalidMountException for a mount whose Type, "
        f"Source or Target is missing or null, and then no module of the deployment is updated; add "
        f"{_join(missing)}.",
    )


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def volume_sources(module):
    """The module's known volume sources in the agent's order (placeholders left out)."""
    return [source for source in translator_volume_sources(module)[0] if not has_placeholder(source.source)]


def _target(mount):
    target = mount.get_ci("Target")
    return target.value if target is not None else None


def _problem(source, message):
    return Problem(source.source_node, message, part=source.part)


def _unnamable_advice(source):
    if source.kind == "volume":
        return "name the share with lower-case letters, digits and '-', at most 63"
    if re.search("[A-Za-z0-9]", source.source):
        return "mount a directory with a shorter path"
    return "mount a named directory instead"


@rule(
    "EL030",
    "volume-name-rewritten",
    "warning",
    "A volume source whose Kubernetes name differs from it, cannot be formed, or merges with another.",
    tags=("storage",),
)
def volume_name_rewritten(manifest):
    for module in manifest.modules:
        groups = {}
        for source in volume_sources(module):
            if source.source == "":
                continue  # EL003
            name = sanitize_dns_label(source.source)
            if name is None:
                yield _problem(
                    source,
                    f"`{source.source}` gives no valid Kubernetes volume name (1 to 63 letters, digits or '-' must "
                    f"remain once the other characters are dropped): the agent throws and no module of the "
                    f"deployment is updated; {_unnamable_advice(source)}.",
                )
                continue
            groups.setdefault(name, []).append(source)
        for name, group in groups.items():
            shown = shared_volume(group, _is_read_write_claim)
            for source in group:
                if _shows_another(source, shown):
                    why = ("a read-write claim takes precedence over the other volumes of that name"
                           if shown.read_write_claim else "the agent keeps only the first")
                    yield _problem(
                        source,
                        f"`{source.source}` and `{shown.source}` both become pod volume `{name}`: {why}, so this "
                        f"mount silently shows {_what(shown, name)} instead of {_what(source, name)}; rename one of "
                        f"them.",
                    )
                elif source.kind == "volume" and name != source.source:
                    yield _problem(
                        source,
                        f"The agent mounts the claim `{name}` for Source `{source.source}` (it keeps only lower-case "
                        f"letters, digits and '-'): the volume binds only to an Edge share named `{name}`, otherwise "
                        f"the pod stays Pending; write the Source as `{name}`."
                    )


def _is_read_write_claim(source):
    return source.read_write_claim


def _shows_another(source, shown):
    """True when the pod volume a mount gets is not its own source: another host path, or a
    claim instead of a host path (or the other way round). Two claims of one name are one."""
    return shown.kind != source.kind or (source.kind == "bind" and shown.source != source.source)


def _what(source, name):
    return f"the claim `{name}`" if source.kind == "volume" else f"the host directory `{source.source}`"
