"""EL001, EL004 and EL007 on hand-written manifests, including the translator cases of §15."""

import json

import pytest

from conftest import lint, locate, spans
from edgelint.checks.storage import host_path_kind


def manifest(*modules):
    """A manifest with modules (name, createOptions object)."""
    return json.dumps({"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {
        name: {"type": "docker", "settings": {"image": "x", "createOptions": options}} for name, options in modules
    }}}}}, indent=2)


@pytest.mark.parametrize(("path", "kind"), [
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
])
def test_host_path_kind(path, kind):
    assert host_path_kind(path) == kind


def test_case33_localtime_bind_and_mounts_of_type_bind():
    text = manifest(("m", {"HostConfig": {
        "Binds": ["/etc/localtime:/etc/localtime:ro", "/data:/data", "${SHARE}:/x", "/just-one-part"],
        "Mounts": [
            {"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/var/run/docker.sock"},
            {"Type": "BIND", "Source": "/dev/video0", "Target": "/dev/video0"},
            {"Type": "volume", "Source": "config.json", "Target": "/cfg"},
            {"Type": "bind", "Source": "/srv/share", "Target": "/share"},
            {"Type": "bind", "Source": "${DEVICE}", "Target": "/dev/x"},
        ],
    }}))
    findings = lint(text, select=["EL001"])
    assert spans(findings) == [
        ("EL001", *locate(text, "/etc/localtime")),
        ("EL001", *locate(text, '"/var/run/docker.sock"')),
        ("EL001", *locate(text, '"/dev/video0"')),
    ]
    assert [f.pointer.rsplit("createOptions", 1)[1] for f in findings] == [
        "/HostConfig/Binds/0", "/HostConfig/Mounts/0/Source", "/HostConfig/Mounts/1/Source",
    ]
    assert findings[1].message == (
        "`/var/run/docker.sock` is a socket: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
        "DirectoryOrCreate, which fails for a socket, so the pod never starts; Docker-style sockets are not "
        "available to pods; mount the directory holding it or drop the dependency."
    )


def test_docker_reads_keys_case_insensitively():
    text = manifest(("m", {"hostconfig": {"binds": ["/etc/localtime:/etc/localtime"]}}))
    assert spans(lint(text, select=["EL001"])) == [("EL001", *locate(text, "/etc/localtime"))]


def test_case22_mixed_protocols_in_a_load_balancer_service():
    text = manifest(("m", {"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{"HostPort": "5050"}]}}}))
    (finding,) = lint(text, select=["EL004"])
    assert spans([finding]) == [("EL004", *locate(text, '"5000/udp"'))]
    assert finding.message.startswith("UDP port 5000 next to TCP port 80: the module's ports become one LoadBalancer Service")


def test_case21_exposed_ports_only_make_a_cluster_ip_service():
    text = manifest(("m", {"ExposedPorts": {"80/tcp": {}, "5000/udp": {}}}))
    assert lint(text, select=["EL004"]) == []


@pytest.mark.parametrize("service_type", ["ClusterIP", "nodeport"])
def test_case23_service_type_override_allows_mixed_protocols(service_type):
    options = {"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{"HostPort": "5050"}]}},
               "k8s-experimental": {"serviceOptions": {"type": service_type}}}
    assert lint(manifest(("m", options)), select=["EL004"]) == []


def test_explicit_load_balancer_type_still_mixes():
    options = {"ExposedPorts": {"80/tcp": {}, "5000/udp": {}}, "k8s-experimental": {"serviceOptions": {"type": "LoadBalancer"}}}
    text = manifest(("m", options))
    assert spans(lint(text, select=["EL004"])) == [("EL004", *locate(text, '"5000/udp"'))]


def test_case31_same_port_number_on_both_protocols():
    text = manifest(("dns", {"ExposedPorts": {"53/tcp": {}, "53/udp": {}}}))
    (finding,) = lint(text, select=["EL004"])
    assert spans([finding]) == [("EL004", *locate(text, '"53/udp"'))]
    assert finding.message == (
        "Port 53 is declared for both TCP and UDP: the Service keys its ports by number, so one protocol "
        "is silently dropped; use different port numbers."
    )


def test_unparsable_port_keys_are_ignored():
    text = manifest(("m", {"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "80"}], "${UDP_PORT}/udp": [{"HostPort": "1"}],
                                                           "1000-1010/udp": [{"HostPort": "1000"}]}}}))
    assert lint(text, select=["EL004"]) == []


def test_reserved_ports_as_container_and_host_ports():
    text = manifest(("m", {
        "ExposedPorts": {"35001/tcp": {}},
        "HostConfig": {"PortBindings": {"8080/tcp": [{"HostPort": "35000"}], "9000/tcp": [{"HostPort": 35001}, {"HostPort": "9000"}]}},
    }))
    findings = lint(text, select=["EL007"])
    assert spans(findings) == [
        ("EL007", *locate(text, '"35001/tcp"')),
        ("EL007", *locate(text, '"35000"')),
        ("EL007", *locate(text, "35001", occurrence=2)),
    ]
    assert [f.message.split(" is reserved")[0] for f in findings] == ["Container port 35001", "Host port 35000", "Host port 35001"]


def test_system_modules_are_checked_too():
    text = json.dumps({"modulesContent": {"$edgeAgent": {"properties.desired": {"systemModules": {"edgeHub": {
        "settings": {"createOptions": json.dumps({"HostConfig": {"PortBindings": {"35000/tcp": [{"HostPort": "443"}]}}})}}}}}}})
    assert [f.rule_id for f in lint(text, select=["EL007"])] == ["EL007"]
