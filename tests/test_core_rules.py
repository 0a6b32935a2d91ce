"""EL001 on hand-written manifests, including cases taken from edgeAgent's own unit tests (the network rules EL004
and EL007 are in test_rules_network.py)."""

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans

from edgelint.checks.el001_file_bind_mount import host_path_kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/etc/localtime", "file"),
        ("/etc/timezone", "file"),
        ("/etc/hosts", "file"),
        ("/var/run/docker.sock", "socket"),
        ("/run/containerd/containerd.sock", "socket"),
        ("/var/run/iotedge/workload.socket", "socket"),
        ("/dev/video0", "device"),
        ("/dev/ttyUSB0", "device"),
        ("/dev/i2c-1", "device"),
        ("/dev/catapult0", "device"),
        ("/dev/bus/usb/001/002", "device"),
        ("/app/config/settings.json", "file"),
        ("/models/model.onnx", "file"),
        ("/certs/ca.pem", "file"),
        ("/dev", None),
        ("/dev/", None),
        ("/dev/shm", None),
        ("/dev/bus/usb", None),
        ("/dev/bus/usb/001", None),
        ("/dev/snd", None),
        ("/dev/serial/by-id", None),
        ("/dev/v4l/by-path", None),
        ("/tmp/.X11-unix", None),
        ("/opt/app-1.2", None),
        ("/etc/nginx/conf.d", None),
        ("/home/user/.config", None),
        ("/var/lib/data", None),
        ("/run", None),
        ("myvolume", None),
        ("relative/file.json", None),
    ],
)
def test_host_path_kind(path, kind):
    assert host_path_kind(path) == kind


def test_localtime_bind_and_mounts_of_type_bind():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Binds": [
                                "/etc/localtime:/etc/localtime:ro",
                                "/data:/data",
                                "${SHARE}:/x",
                                "/just-one-part",
                            ],
                            "Mounts": [
                                {"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/var/run/docker.sock"},
                                {"Type": "BIND", "Source": "/dev/video0", "Target": "/dev/video0"},
                                {"Type": "volume", "Source": "config.json", "Target": "/cfg"},
                                {"Type": "bind", "Source": "/srv/share", "Target": "/share"},
                                {"Type": "bind", "Source": "${DEVICE}", "Target": "/dev/x"},
                            ],
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL001"])
    assert spans(findings) == [
        ("EL001", *locate(text, "/etc/localtime")),
        ("EL001", *locate(text, '"/var/run/docker.sock"')),
        ("EL001", *locate(text, '"/dev/video0"')),
    ]
    assert [f.pointer.rsplit("createOptions", 1)[1] for f in findings] == [
        "/HostConfig/Binds/0",
        "/HostConfig/Mounts/0/Source",
        "/HostConfig/Mounts/1/Source",
    ]
    assert findings[1].message == (
        "`/var/run/docker.sock` is a socket: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
        "DirectoryOrCreate, which fails for a socket, so the pod never starts; Docker-style sockets are not "
        "available to pods; mount the directory holding it or drop the dependency."
    )


def test_docker_reads_keys_case_insensitively():
    text = manifest_text(deployment({"m": module({"hostconfig": {"binds": ["/etc/localtime:/etc/localtime"]}})}))
    assert spans(lint(text, select=["EL001"])) == [("EL001", *locate(text, "/etc/localtime"))]
