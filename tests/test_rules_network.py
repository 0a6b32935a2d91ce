"""EL004–EL008 and EL044 (ports, the module's Service, host networking) on hand-written
manifests, including cases taken from edgeAgent's own unit tests."""

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans


def only(rule_id, text):
    return lint(text, select=[rule_id])


def found(findings):
    """(rule, level, line, column, end line, end column) of each finding."""
    return [(f.rule_id, f.level, f.line, f.column, f.end_line, f.end_column) for f in findings]


CLUSTER_IP = {"serviceOptions": {"type": "ClusterIP"}}
REJECTED = (
    "the Kubernetes API rejects the module's Service and the agent stops there, before it creates or updates any "
    "module's Deployment: the whole deployment fails"
)
WHOLE = "so the whole deployment fails (no module's Service or Deployment is created or updated)"


# --- EL004 mixed-protocol-ports ------------------------------------------------------------


def test_mixed_protocols_in_a_load_balancer_service():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "PortBindings": {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{"HostPort": "5050"}]}
                        }
                    }
                ),
            }
        )
    )
    (finding,) = only("EL004", text)
    assert found([finding]) == [("EL004", "error", *locate(text, '"5000/udp"'))]
    assert finding.message == (
        "UDP port 5050 (PortBindings `5000/udp`) next to TCP port 8080 (PortBindings `80/tcp`): the module's ports "
        "become one LoadBalancer Service, which cannot mix protocols on Azure Stack Edge; move one protocol to another "
        "module, or set k8s-experimental.serviceOptions.type to ClusterIP or NodePort."
    )


def test_exposed_ports_only_make_a_cluster_ip_service():
    text = manifest_text(deployment({"m": module({"ExposedPorts": {"80/tcp": {}, "5000/udp": {}}})}))
    assert only("EL004", text) == []


@pytest.mark.parametrize("service_type", ["ClusterIP", "nodeport"])
def test_service_type_override_allows_mixed_protocols(service_type):
    options = {
        "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{"HostPort": "5050"}]}},
        "k8s-experimental": {"serviceOptions": {"type": service_type}},
    }
    assert only("EL004", manifest_text(deployment({"m": module(options)}))) == []


def test_explicit_load_balancer_type_still_mixes():
    options = {
        "ExposedPorts": {"80/tcp": {}, "5000/udp": {}},
        "k8s-experimental": {"serviceOptions": {"type": "LoadBalancer"}},
    }
    text = manifest_text(deployment({"m": module(options)}))
    assert spans(only("EL004", text)) == [("EL004", *locate(text, '"5000/udp"'))]


def test_empty_port_bindings_make_exposed_ports_a_load_balancer_service():
    text = manifest_text(
        deployment(
            {
                "m": module({"ExposedPorts": {"80/tcp": {}, "5000/udp": {}}, "HostConfig": {"PortBindings": {}}}),
            }
        )
    )
    (finding,) = only("EL004", text)
    assert found([finding]) == [("EL004", "error", *locate(text, '"5000/udp"'))]
    assert finding.message.startswith(
        "UDP port 5000 (ExposedPorts `5000/udp`) next to TCP port 80 (ExposedPorts `80/tcp`)"
    )


def test_only_the_ports_the_service_keeps_count_for_the_load_balancer():
    # The UDP binding has no HostPort: the agent drops it (EL005), the Service is TCP only.
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{}]}}}),
            }
        )
    )
    assert only("EL004", text) == []


def test_same_port_number_on_both_protocols():
    text = manifest_text(deployment({"dns": module({"ExposedPorts": {"53/tcp": {}, "53/udp": {}}})}))
    (finding,) = only("EL004", text)
    assert found([finding]) == [("EL004", "warning", *locate(text, '"53/udp"'))]
    assert finding.message == (
        "ExposedPorts `53/udp` lands on Service port 53 like ExposedPorts `53/tcp`: the agent keys the Service's ports "
        "by number, so UDP silently replaces TCP and TCP port 53 is unreachable through the Service; give one protocol "
        "a Service port of its own (a different HostPort in PortBindings)."
    )


def test_one_container_port_on_two_protocols_with_their_own_host_ports_keeps_both():
    bindings = {"53/tcp": [{"HostPort": "5353"}], "53/udp": [{"HostPort": "5354"}]}
    text = manifest_text(
        deployment(
            {
                "dns": module({"HostConfig": {"PortBindings": bindings}, "k8s-experimental": CLUSTER_IP}),
            }
        )
    )
    assert only("EL004", text) == []


def test_two_protocols_on_one_host_port_lose_one():
    bindings = {"53/tcp": [{"HostPort": "53"}], "53/udp": [{"HostPort": "53"}]}
    text = manifest_text(
        deployment(
            {
                "dns": module(
                    {"HostConfig": {"PortBindings": bindings}, "k8s-experimental": CLUSTER_IP}, stringify=True
                ),
            }
        )
    )
    (finding,) = only("EL004", text)
    assert found([finding]) == [("EL004", "warning", *locate(text, '\\"53\\"', occurrence=2))]
    assert finding.message == (
        "PortBindings `53/udp` (HostPort 53) lands on Service port 53 like PortBindings `53/tcp` (HostPort 53): the "
        "agent keys the Service's ports by number, so UDP silently replaces TCP and TCP port 53 is unreachable through "
        "the Service; give one protocol a Service port of its own (a different HostPort in PortBindings)."
    )


def test_a_host_port_replaces_an_exposed_port_of_another_protocol():
    options = {"ExposedPorts": {"8080/udp": {}}, "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}
    text = manifest_text(deployment({"m": module(options)}))
    (finding,) = only("EL004", text)
    assert found([finding]) == [("EL004", "warning", *locate(text, '"8080"'))]
    assert finding.message.startswith(
        "PortBindings `80/tcp` (HostPort 8080) lands on Service port 8080 like ExposedPorts `8080/udp`: the agent keys "
        "the Service's ports by number, so TCP silently replaces UDP and UDP port 8080 is unreachable"
    )
    assert only("EL006", text) == []


def test_unparsable_port_keys_are_ignored():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "PortBindings": {
                                "80/tcp": [{"HostPort": "80"}],
                                "${UDP_PORT}/udp": [{"HostPort": "1"}],
                                "1000-1010/udp": [{"HostPort": "1000"}],
                            }
                        }
                    }
                )
            }
        )
    )
    assert only("EL004", text) == []


# --- EL005 host-port-missing --------------------------------------------------------------


def test_unparsable_port_keys_are_dropped():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "ExposedPorts": {"123/HTTP": {}, "3434": {}, "10/SCTP": {}, "80/": {}, "/81": {}},
                        "HostConfig": {
                            "PortBindings": {
                                "1a23/TCP": [{"HostPort": "1"}],
                                "10/tcp/udp": [{"HostPort": "2"}],
                                "8000-8010/tcp": [{"HostPort": "8000"}],
                                "${PORT}/tcp": [{"HostPort": "3"}],
                                "80/tcp": [{"HostPort": "8080"}],
                                "82/": [{"HostPort": "8082"}],
                            }
                        },
                    }
                )
            }
        )
    )
    findings = only("EL005", text)
    assert found(findings) == [
        ("EL005", "warning", *locate(text, '"123/HTTP"')),
        ("EL005", "warning", *locate(text, '"1a23/TCP"')),
        ("EL005", "warning", *locate(text, '"10/tcp/udp"')),
        ("EL005", "warning", *locate(text, '"8000-8010/tcp"')),
    ]
    assert findings[0].message == (
        "ExposedPorts entry `123/HTTP` is not `<port>` or `<port>/tcp|udp|sctp`: Kubernetes IoT Edge silently drops it; "
        "write it as, for example, `8080/tcp`."
    )
    assert findings[3].message == (
        "PortBindings entry `8000-8010/tcp` is a port range: Kubernetes IoT Edge reads single ports only and silently "
        "drops it; list each port separately."
    )


def test_bindings_without_a_numeric_host_port():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "PortBindings": {
                                "80/tcp": [{}],
                                "81/tcp": [{"HostPort": ""}],
                                "82/tcp": [{"HostIp": "0.0.0.0", "HostPort": "http"}],
                                "83/tcp": [{"HostPort": "${PORT}"}, {"HostPort": 8083}, {"hostport": " 8084 "}],
                            }
                        }
                    },
                    stringify=True,
                )
            }
        )
    )
    findings = only("EL005", text)
    assert found(findings) == [
        ("EL005", "warning", *locate(text, "{}", after="80/tcp")),
        ("EL005", "warning", *locate(text, '\\"\\"')),
        ("EL005", "warning", *locate(text, '\\"http\\"')),
    ]
    assert findings[0].message == (
        "This binding of 80/tcp has no numeric HostPort: Kubernetes IoT Edge drops it (there are no random host "
        "ports), so the port is not published; set HostPort to a port number."
    )


def test_host_ports_outside_the_port_range_fail_the_deployment():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "PortBindings": {
                                "80/tcp": [{"HostPort": "0"}],
                                "81/tcp": [{"HostPort": "70000"}],
                                "82/tcp": [{"HostPort": " -1"}],
                            }
                        }
                    }
                )
            }
        )
    )
    findings = only("EL005", text)
    assert found(findings) == [
        ("EL005", "error", *locate(text, '"0"')),
        ("EL005", "error", *locate(text, '"70000"')),
        ("EL005", "error", *locate(text, '" -1"')),
    ]
    assert [f.message for f in findings] == [
        f"HostPort 0 of `80/tcp` is not a port number from 1 to 65535: the agent makes it a Service port, so {REJECTED}; "
        "Docker's 0 asks for a random host port, which Kubernetes does not have; set HostPort to a port number.",
        f"HostPort 70000 of `81/tcp` is not a port number from 1 to 65535: the agent makes it a Service port, so "
        f"{REJECTED}; set HostPort to a port from 1 to 65535.",
        f"HostPort -1 of `82/tcp` is not a port number from 1 to 65535: the agent makes it a Service port, so "
        f"{REJECTED}; set HostPort to a port from 1 to 65535.",
    ]
    assert [f.fix is not None for f in findings] == [True, False, False]
    assert findings[0].fix.applicability == "unsafe"


def test_port_keys_outside_the_port_range_fail_the_deployment():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "ExposedPorts": {"0/tcp": {}},
                        "HostConfig": {
                            "PortBindings": {"70000/udp": [{"HostPort": "7000"}], "80000/udp": [{"HostPort": ""}]}
                        },
                    }
                )
            }
        )
    )
    findings = only("EL005", text)
    assert found(findings) == [
        ("EL005", "error", *locate(text, '"0/tcp"')),
        ("EL005", "error", *locate(text, '"70000/udp"')),
        ("EL005", "warning", *locate(text, '""')),  # no Service port from 80000/udp: only dropped
    ]
    assert findings[0].message == (
        f"ExposedPorts entry `0/tcp`: 0 is not a port number from 1 to 65535, so {REJECTED}; use a port from 1 to 65535."
    )


def test_null_bindings_make_the_agent_throw():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "PortBindings": {
                                "80/tcp": None,
                                "81/tcp": [{"HostPort": "81"}, None],
                                "${PORT}/tcp": None,
                                "abc": None,
                            }
                        }
                    }
                )
            }
        )
    )
    findings = only("EL005", text)
    assert found(findings) == [
        ("EL005", "error", *locate(text, "null")),
        ("EL005", "error", *locate(text, "null", occurrence=2)),
        ("EL005", "warning", *locate(text, '"abc"')),  # a key the agent drops: its bindings are never read
    ]
    assert findings[0].message == (
        "The bindings of `80/tcp` are null: Docker accepts that, but the agent's PortExtensions.ExtractHostPorts throws "
        f"ArgumentNullException on it, {WHOLE}; write the bindings as a list such as "
        '`[{"HostPort": "8080"}]`, or remove the entry.'
    )
    assert findings[1].message.startswith(
        "A binding of `81/tcp` is null: Docker accepts that, but the agent's PortExtensions.ExtractHostPorts throws "
        "NullReferenceException on it"
    )


def test_port_entries_of_the_wrong_shape_make_the_agent_throw():
    text = manifest_text(
        deployment(
            {
                "a": module({"ExposedPorts": {"80/tcp": None, "/": {}}}, stringify=True),
                "b": module(
                    {
                        "HostConfig": {
                            "PortBindings": {
                                "80/tcp": {"HostPort": "80"},
                                "81/tcp": ["81"],
                                "82/tcp": [{"HostPort": {"port": 82}}],
                            }
                        }
                    },
                    stringify=True,
                ),
                "c": module({"ExposedPorts": ["80/tcp"]}, stringify=True),
            }
        )
    )
    findings = only("EL005", text)
    assert found(findings) == [
        ("EL005", "error", *locate(text, "null")),
        ("EL005", "error", *locate(text, '\\"/\\"')),
        ("EL005", "error", *locate(text, '{\\"HostPort\\": \\"80\\"}')),
        ("EL005", "error", *locate(text, '\\"81\\"')),
        ("EL005", "error", *locate(text, '{\\"port\\": 82}')),
        ("EL005", "error", *locate(text, '[\\"80/tcp\\"]')),
    ]
    shape = "the agent reads createOptions with Docker's model, which throws JsonSerializationException here"
    assert [f.message for f in findings] == [
        f"ExposedPorts `80/tcp` is not `{{}}`: {shape}, {WHOLE}; write it as `{{}}`.",
        f"Port key `/` has no port: the agent's PortAndProtocol.Parse throws IndexOutOfRangeException on it, {WHOLE}; "
        "remove it.",
        f'PortBindings `80/tcp` is not a list of bindings such as `[{{"HostPort": "8080"}}]`: {shape}, {WHOLE}; write '
        'it as a list of bindings such as `[{"HostPort": "8080"}]`.',
        f'A binding of `81/tcp` is not an object such as `{{"HostPort": "8080"}}`: {shape}, {WHOLE}; write it as an '
        'object such as `{"HostPort": "8080"}`.',
        f"`HostPort` of a binding of `82/tcp` is not a string: {shape}, {WHOLE}; write it as a string.",
        f"`ExposedPorts` is not a map of port keys to `{{}}`: {shape}, {WHOLE}; write it as a map of port keys to `{{}}`.",
    ]


def test_port_entries_with_placeholders_are_unknown():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "ExposedPorts": {"80/tcp": "${EXPOSED}"},
                        "HostConfig": {"PortBindings": {"81/tcp": "${BINDINGS}", "82/tcp": [{"HostPort": "${PORT}"}]}},
                    }
                )
            }
        )
    )
    assert only("EL005", text) == []


def test_valid_ports_are_fine():
    text = manifest_text(
        deployment(
            {
                "a": module({"ExposedPorts": {"80/tcp": {}, "5000/udp": {}}}),
                "b": module(
                    {
                        "HostConfig": {
                            "PortBindings": {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{"HostPort": "5050"}]}
                        }
                    }
                ),
                "c": module({}),
            }
        )
    )
    assert only("EL005", text) == only("EL006", text) == []


# --- EL006 duplicate-service-port ---------------------------------------------------------


def test_two_host_ports_for_one_container_port():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}, {"HostPort": "8081"}]}}}),
            }
        )
    )
    (finding,) = only("EL006", text)
    assert found([finding]) == [("EL006", "error", *locate(text, '"8081"'))]
    assert finding.message == (
        "Container port 80/tcp is bound to host ports 8080 and 8081: both Service ports are named `hostport-80-tcp`, "
        f"so {REJECTED}; bind each container port to one HostPort."
    )


def test_equal_port_keys_written_differently_share_a_port_name():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"HostConfig": {"PortBindings": {"80": [{"HostPort": "8080"}], "80/TCP": [{"HostPort": 9090}]}}}
                ),
            }
        )
    )
    assert spans(only("EL006", text)) == [("EL006", *locate(text, "9090"))]


def test_one_host_port_for_two_container_ports():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "PortBindings": {"80/tcp": [{"HostPort": "8080"}], "81/tcp": [{"HostPort": "8080"}]}
                        }
                    }
                ),
            }
        )
    )
    (finding,) = only("EL006", text)
    assert found([finding]) == [("EL006", "warning", *locate(text, '"8080"', occurrence=2))]
    assert finding.message == (
        "PortBindings `81/tcp` (HostPort 8080) lands on Service port 8080 like PortBindings `80/tcp` (HostPort 8080): "
        "the agent keys the Service's ports by number, so this one silently replaces it and container port 80 is "
        "unreachable through the Service (port 8080 reaches container port 81); give each its own Service port with "
        "a different HostPort."
    )


def test_a_host_port_replaces_an_exposed_port():
    options = {"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}
    text = manifest_text(deployment({"m": module(options)}))
    (finding,) = only("EL006", text)
    assert found([finding]) == [("EL006", "warning", *locate(text, '"8080"'))]
    assert finding.message.startswith(
        "PortBindings `80/tcp` (HostPort 8080) lands on Service port 8080 like ExposedPorts `8080/tcp`: the agent keys "
        "the Service's ports by number, so this one silently replaces it and container port 8080 is unreachable"
    )


def test_repeated_identical_ports_and_same_number_on_both_protocols_are_not_duplicates():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "ExposedPorts": {"80/tcp": {}},
                        "HostConfig": {
                            "PortBindings": {
                                "80/tcp": [{"HostPort": "80"}, {"HostPort": "80"}],
                                "53/tcp": [{"HostPort": "53"}],
                                "53/udp": [{"HostPort": "53"}],  # EL004's case
                                "90/tcp": [{"HostPort": "${A}"}, {"HostPort": "${B}"}],
                            }
                        },
                    }
                )
            }
        )
    )
    assert only("EL006", text) == []


# --- EL007 reserved-proxy-port ------------------------------------------------------------


def test_only_container_ports_collide_with_the_proxy_sidecar():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "ExposedPorts": {"35001/tcp": {}},
                        "HostConfig": {
                            "PortBindings": {"35000/tcp": [{"HostPort": "8080"}], "9000/tcp": [{"HostPort": 35001}]}
                        },
                    }
                )
            }
        )
    )
    findings = only("EL007", text)
    assert found(findings) == [
        ("EL007", "error", *locate(text, '"35001/tcp"')),
        ("EL007", "error", *locate(text, '"35000/tcp"')),
    ]
    assert findings[0].message == (
        "Container port 35001 is reserved: every module pod shares its network with the IoT Edge proxy sidecar, which "
        "listens on localhost:35000 and 35001; pick another port."
    )


def test_system_modules_are_checked_too():
    text = manifest_text(
        deployment(
            system={
                "edgeHub": module(
                    {"HostConfig": {"PortBindings": {"35000/tcp": [{"HostPort": "443"}]}}}, stringify=True
                ),
            }
        )
    )
    assert [f.rule_id for f in only("EL007", text)] == ["EL007"]


# --- EL008 multiple-host-network ----------------------------------------------------------


def test_second_host_network_module():
    text = manifest_text(
        deployment(
            {
                "first": module({"HostConfig": {"NetworkMode": "host"}}, stringify=True),
                "bridged": module({"HostConfig": {"NetworkMode": "bridge"}}, stringify=True),
                "second": module({"HostConfig": {"NetworkMode": "Host"}}, stringify=True),
                "unknown": module({"HostConfig": {"NetworkMode": "${NETWORK}"}}, stringify=True),
                "third": module({"hostconfig": {"networkmode": "HOST"}}, stringify=True),
            }
        )
    )
    findings = only("EL008", text)
    assert found(findings) == [
        ("EL008", "error", *locate(text, '\\"Host\\"')),
        ("EL008", "error", *locate(text, '\\"HOST\\"')),
    ]
    assert findings[0].message == (
        "`second` uses the host network like `first`: every module pod has an IoT Edge proxy sidecar on ports 35000 "
        "and 35001, so a second host-network pod collides with the first and fails; keep host networking for one "
        "module only."
    )


def test_one_host_network_module_is_fine():
    text = manifest_text(
        deployment(
            {
                "first": module({"HostConfig": {"NetworkMode": "host"}}),
                "other": module({"HostConfig": {"NetworkMode": "azure-iot-edge"}}),
            }
        )
    )
    assert only("EL008", text) == []


def test_a_stopped_module_has_no_pod():
    host = {"HostConfig": {"NetworkMode": "host"}}
    text = manifest_text(
        deployment(
            {
                "idle": module(host, status="stopped"),
                "first": module(host, status="running"),
                "second": module(host),
            }
        )
    )
    (finding,) = only("EL008", text)
    assert found([finding]) == [("EL008", "error", *locate(text, '"host"', occurrence=3))]
    assert finding.message.startswith("`second` uses the host network like `first`:")
    assert (
        only(
            "EL008",
            manifest_text(
                deployment(
                    {
                        "idle": module(host, status="Stopped"),
                        "first": module(host),
                    }
                )
            ),
        )
        == []
    )


# --- EL044 exposed-port-external ----------------------------------------------------------


def test_empty_port_bindings_put_exposed_ports_on_the_external_ip():
    text = manifest_text(
        deployment(
            {
                "m": module({"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": {}}}),
            }
        )
    )
    (finding,) = only("EL044", text)
    assert found([finding]) == [("EL044", "warning", *locate(text, '"8080/tcp"'))]
    assert finding.message == (
        "Docker does not publish ExposedPorts `8080/tcp` on the host, but HostConfig.PortBindings, although it adds no "
        "Service port, makes the agent create a LoadBalancer Service instead of a ClusterIP one: Kubernetes publishes "
        "port 8080 on the Service's external IP; remove the PortBindings, or set k8s-experimental.serviceOptions.type "
        "to ClusterIP."
    )


def test_exposed_ports_next_to_host_ports_share_the_load_balancer():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "ExposedPorts": {"80/tcp": {}, "9600/tcp": {}},
                        "HostConfig": {
                            "PortBindings": {"80/tcp": [{"HostPort": "80"}], "9600/tcp": [{"HostPort": "9601"}]}
                        },
                    }
                )
            }
        )
    )
    (finding,) = only("EL044", text)  # 80 is replaced by its HostPort; 9600 stays a Service port of its own
    assert found([finding]) == [("EL044", "warning", *locate(text, '"9600/tcp"'))]
    assert finding.message == (
        "Docker does not publish ExposedPorts `9600/tcp` on the host, but the module's PortBindings make its Service, "
        "which carries the ExposedPorts too, a LoadBalancer: Kubernetes publishes port 9600 on the Service's external "
        "IP; if it must stay internal, remove it from ExposedPorts, or set k8s-experimental.serviceOptions.type to "
        "ClusterIP (which makes every port of the module internal)."
    )


@pytest.mark.parametrize(
    "options",
    [
        {"ExposedPorts": {"8080/tcp": {}}},
        {"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": None}},
        {"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": {}}, "k8s-experimental": CLUSTER_IP},
        {
            "ExposedPorts": {"8080/tcp": {}},
            "HostConfig": {"PortBindings": {}},
            "k8s-experimental": {"serviceOptions": {"type": "loadbalancer"}},
        },
        {"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "${PORT}"}]}}},
    ],
    ids=["no-bindings", "null-bindings", "cluster-ip", "explicit-load-balancer", "placeholder"],
)
def test_exposed_ports_that_stay_internal_or_were_asked_for(options):
    assert only("EL044", manifest_text(deployment({"m": module(options)}))) == []
