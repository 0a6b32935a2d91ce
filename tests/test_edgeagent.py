"""The device's own sanitisers and parsers, checked against edgeAgent's own unit tests
(edge-agent/test/Microsoft.Azure.Devices.Edge.Agent.Kubernetes.Test at edge-on-k8s-public-preview-beta15)."""

import pytest

from edgelint.edgeagent.create_options import chunk_key_problem, chunk_order, dotnet_number_text, json_number_text
from edgelint.edgeagent.environment import split_env
from edgelint.edgeagent.names import is_dns_label, module_name_problem, sanitize_dns_label, sanitize_module_name
from edgelint.edgeagent.ports import host_port_service_port_name, parse_host_port, parse_port_key, port_key_throws
from edgelint.edgeagent.versions import parse_schema_version, schema_version_supported
from edgelint.edgeagent.volumes import mount_kind, reserved_volume_names, split_bind


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("$edgeAgent", "edgeagent"),
        ("$edgeHub", "edgehub"),
        ("---a-0---", "---a-0---"),
        ("000", "000"),
        ("Module1", "module1"),
        ("my_module", "mymodule"),
        ("MyModule", "mymodule"),
        ("my.module", "my.module"),
    ],
)
def test_module_names(name, expected):
    assert sanitize_module_name(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("---a-0---", "a-0"),
        ("/home/blah", "homeblah"),
        ("/home/bl/ah", "homeblah"),
        ("a-volume", "a-volume"),
        ("My_Share", "myshare"),
        ("a" * 64, None),
        ("___", None),
    ],
)
def test_dns_labels(value, expected):
    assert sanitize_dns_label(value) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("123/HTTP", None),
        ("1a23/TCP", None),
        ("10/tcp/udp", None),
        ("", None),
        (" ", None),
        ("3434", (3434, "TCP")),
        ("10/SCTP", (10, "SCTP")),
        ("80/tcp", (80, "TCP")),
        ("5000/udp", (5000, "UDP")),
        ("8000-8010/tcp", None),
        # Split on '/' with empty parts removed, then int.TryParse: sign and white space allowed.
        ("80/", (80, "TCP")),
        ("/81", (81, "TCP")),
        ("82//udp/", (82, "UDP")),
        (" 83 /Udp", (83, "UDP")),
        ("84/ tcp", None),
        ("+85", (85, "TCP")),
        ("-1/tcp", (-1, "TCP")),
        ("0", (0, "TCP")),
        ("70000/udp", (70000, "UDP")),
        ("2147483647", (2147483647, "TCP")),
        ("2147483648", None),
        ("/", None),
    ],
)
def test_port_keys(key, expected):
    assert parse_port_key(key) == expected


@pytest.mark.parametrize(("key", "expected"), [("/", True), ("///", True), ("/80", False), ("", False), (" / ", False)])
def test_a_port_key_of_slashes_only_makes_the_agent_throw(key, expected):
    assert port_key_throws(key) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8080", 8080),
        (8080, 8080),
        (" 8080 ", 8080),
        ("+8080", 8080),
        ("0", 0),
        ("-1", -1),
        ("70000", 70000),
        ("", None),
        ("x", None),
        (None, None),
        (True, None),
        (8080.0, None),
        ("8080.0", None),
        ("99999999999", None),
        ({}, None),
        ([], None),
    ],
)
def test_host_port(value, expected):
    assert parse_host_port(value) == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("a=b", ("a", "b")),
        ("ALL_EQUALS=====", ("ALL_EQUALS", "====")),
        ("HAS_SPACES=this variable has spaces", ("HAS_SPACES", "this variable has spaces")),
        ("B=b=c", ("B", "b=c")),
        ("BASE64_TEXT=YmFzZTY0Cg==", ("BASE64_TEXT", "YmFzZTY0Cg==")),
        ("==not a valid env var", None),
        ("NO_EQUALS", None),
    ],
)
def test_env_entries(entry, expected):
    assert split_env(entry) == expected


@pytest.mark.parametrize(
    ("bind", "expected"),
    [
        ("/home/blah:/home/blah2:ro", ("/home/blah", "/home/blah2", True)),
        ("/home/bind:/home/bind1", ("/home/bind", "/home/bind1", False)),
        ("/a:/b:ro,Z", ("/a", "/b", True)),
        ("/a:/b:rw", ("/a", "/b", False)),
        ("myvol:/data", ("myvol", "/data", False)),
        ("/only-one-part", None),
        ("C:\\data:/data", ("C", "\\data", False)),
    ],
)
def test_binds(bind, expected):
    assert split_bind(bind) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a", True),
        ("module-1", True),
        ("1module", True),
        ("a" * 63, True),
        ("a" * 64, False),
        ("", False),
        ("-a", False),
        ("a-", False),
        ("my.module", False),
        ("Module", False),
    ],
)
def test_dns_1123_labels(value, expected):
    assert is_dns_label(value) is expected


@pytest.mark.parametrize(
    ("name", "has_service", "expected"),
    [
        ("Module1", True, None),
        ("my_module", True, None),
        ("my.module", False, "it contains a dot"),
        ("---a-0---", False, "it starts or ends with '-'"),
        ("_sensor-", False, "it starts or ends with '-'"),
        ("m" * 64, False, "it is 64 characters long, more than 63"),
        ("M_" * 40, False, None),
        ("___", False, "nothing is left of the name"),
        ("000", False, None),
        ("1module", False, None),
        ("1module", True, "it starts with a digit, which the module's Service name cannot"),
    ],
)
def test_kubernetes_module_names(name, has_service, expected):
    assert module_name_problem(name, has_service) == expected


@pytest.mark.parametrize(
    ("mount_type", "expected"),
    [
        ("bind", "bind"),
        ("Bind", "bind"),
        ("VOLUME", "volume"),
        ("tmpfs", None),
        ("npipe", None),
        (None, None),
        (1, None),
    ],
)
def test_mount_types(mount_type, expected):
    assert mount_kind(mount_type) == expected


def test_service_port_names():
    assert host_port_service_port_name(80, "TCP") == "hostport-80-tcp"
    assert host_port_service_port_name(5000, "UDP") == "hostport-5000-udp"


def chunk_errors(keys):
    """(key, expected suffix) where JsonEx.ChunkedProperty throws, or None."""
    for position, key in enumerate(chunk_order(keys)):
        expected = chunk_key_problem(position, key[len("createOptions") :])
        if expected is not None:
            return key, expected
    return None


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["createOptions"], None),
        (["createOptions02", "createOptions", "createOptions01"], None),
        (["createOptions", "createOptions1", "createOptions2"], None),
        (["CreateOptions", "createoptions01"], None),
        (["createOptions", "createOptions01", "createOptions03"], ("createOptions03", "02")),
        (["createOptions1", "createOptions2"], ("createOptions1", "")),
        (["createOptions", "createOptions01", "createOptions1"], ("createOptions1", "02")),
        (["createOptions"] + [f"createOptions{i}" for i in range(1, 11)], ("createOptions10", "02")),
    ],
)
def test_chunk_sequences_as_docker_config_reads_them(keys, expected):
    assert chunk_errors(keys) == expected


@pytest.mark.parametrize(
    ("value", "expected", "supported"),
    [
        ("1.0", (1, 0, -1, -1), True),
        ("1.1", (1, 1, -1, -1), True),
        ("1.1.0", (1, 1, 0, -1), True),
        ("1.0.9.9", (1, 0, 9, 9), True),
        (1.1, (1, 1, -1, -1), True),
        (1.0, (1, 0, -1, -1), True),  # Json.NET writes the double back as `1.0`
        (" 01 .\t1 ", (1, 1, -1, -1), True),  # Int32.TryParse: white space and leading zeros
        ("+1.1", (1, 1, -1, -1), True),
        ("1.1.1", (1, 1, 1, -1), False),  # the whole version is compared with 1.1.0
        ("1.1.0.0", (1, 1, 0, 0), False),  # a revision 0 is above the undefined one of 1.1.0
        ("1.2", (1, 2, -1, -1), False),
        ("2.0", (2, 0, -1, -1), False),
        ("0.9", (0, 9, -1, -1), False),
        ("-0.1", (0, 1, -1, -1), False),
        ("1", None, None),
        (1, None, None),
        ("1.-1", None, None),
        ("1..1", None, None),
        ("1.1.0.0.0", None, None),
        ("2147483648.0", None, None),
        ("v1.1", None, None),
        ("1.1a", None, None),
        ("", None, None),
        (True, None, None),
        (None, None, None),
    ],
)
def test_schema_versions_as_edge_agent_parses_them(value, expected, supported):
    assert parse_schema_version(value) == expected
    if expected is not None:
        assert schema_version_supported(expected) is supported


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5, "5"),
        (10**30, "1000000000000000000000000000000"),
        (1.0, "1"),
        (1.5, "1.5"),
        (-0.0, "-0"),
        (0.0, "0"),
        (100.0, "100"),
        (123456789012345.0, "123456789012345"),
        (1e15, "1E+15"),
        (1.25e21, "1.25E+21"),
        (0.0001, "0.0001"),
        (0.00001, "1E-05"),
        (1.5e-7, "1.5E-07"),
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
        (float("nan"), "NaN"),
    ],
)
def test_numbers_as_dotnet_prints_them(value, text):
    assert dotnet_number_text(value) == text
    assert json_number_text(value) == (
        text + ".0"
        if isinstance(value, float)
        and "." not in text
        and "E" not in text
        and text.lstrip("-") not in ("Infinity", "NaN")
        else text
    )


def test_reserved_pod_volume_names():
    assert reserved_volume_names("camera") == ("config-volume", "trust-bundle-volume")
    assert reserved_volume_names("edgeAgent") == ("config-volume", "trust-bundle-volume", "agent-config-volume")
