"""The device's own sanitisers and parsers, checked against the translator's unit tests
(reference §15; case numbers in the test names)."""

import pytest

from edgelint.translator import (
    parse_host_port, parse_port_key, sanitize_dns_label, sanitize_module_name, split_bind, split_env,
)


@pytest.mark.parametrize(("name", "expected"), [
    ("$edgeAgent", "edgeagent"),
    ("$edgeHub", "edgehub"),
    ("---a-0---", "---a-0---"),
    ("000", "000"),
    ("Module1", "module1"),
    ("my_module", "mymodule"),
    ("MyModule", "mymodule"),
    ("my.module", "my.module"),
])
def test_case29_25_module_names(name, expected):
    assert sanitize_module_name(name) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("---a-0---", "a-0"),
    ("/home/blah", "homeblah"),
    ("/home/bl/ah", "homeblah"),
    ("a-volume", "a-volume"),
    ("My_Share", "myshare"),
    ("a" * 64, None),
    ("___", None),
])
def test_case29_dns_labels(value, expected):
    assert sanitize_dns_label(value) == expected


@pytest.mark.parametrize(("key", "expected"), [
    ("123/HTTP", None),
    ("1a23/TCP", None),
    ("10/tcp/udp", None),
    ("", None),
    ("3434", (3434, "TCP")),
    ("10/SCTP", (10, "SCTP")),
    ("80/tcp", (80, "TCP")),
    ("5000/udp", (5000, "UDP")),
    ("8000-8010/tcp", None),
])
def test_case28_port_keys(key, expected):
    assert parse_port_key(key) == expected


@pytest.mark.parametrize(("value", "expected"), [("8080", 8080), (8080, 8080), ("", None), ("x", None), (None, None), (True, None)])
def test_host_port(value, expected):
    assert parse_host_port(value) == expected


@pytest.mark.parametrize(("entry", "expected"), [
    ("a=b", ("a", "b")),
    ("ALL_EQUALS=====", ("ALL_EQUALS", "====")),
    ("HAS_SPACES=this variable has spaces", ("HAS_SPACES", "this variable has spaces")),
    ("B=b=c", ("B", "b=c")),
    ("BASE64_TEXT=YmFzZTY0Cg==", ("BASE64_TEXT", "YmFzZTY0Cg==")),
    ("==not a valid env var", None),
    ("NO_EQUALS", None),
])
def test_case14_env_entries(entry, expected):
    assert split_env(entry) == expected


@pytest.mark.parametrize(("bind", "expected"), [
    ("/home/blah:/home/blah2:ro", ("/home/blah", "/home/blah2", True)),
    ("/home/bind:/home/bind1", ("/home/bind", "/home/bind1", False)),
    ("/a:/b:ro,Z", ("/a", "/b", True)),
    ("/a:/b:rw", ("/a", "/b", False)),
    ("myvol:/data", ("myvol", "/data", False)),
    ("/only-one-part", None),
    ("C:\\data:/data", ("C", "\\data", False)),
])
def test_case1_5_binds(bind, expected):
    assert split_bind(bind) == expected
