"""EL009–EL017 (resources, devices, proxy, lifecycle) on hand-written manifests, including the
cases of edgeAgent's own unit tests that concern them."""

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans

from edgelint.checks.el010_docker_resource_limits_ignored import DOCKER_RESOURCE_OPTIONS


def env(**values):
    return {name: {"value": value} for name, value in values.items()}


def limits(**resources):
    return {"k8s-experimental": {"resources": {"limits": resources}}}


# --- EL009 fpga-resources -------------------------------------------------------------------


def test_fpga_resource_in_limits_and_requests():
    text = manifest_text(
        deployment(
            {
                "fpga": module(
                    {
                        "k8s-experimental": {
                            "resources": {
                                "limits": {"microsoft.com/fpga_catapult": 2},
                                "requests": {"microsoft.com/fpga_catapult": 2},
                            }
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL009"])
    assert spans(findings) == [
        ("EL009", *locate(text, '"microsoft.com/fpga_catapult"')),
        ("EL009", *locate(text, '"microsoft.com/fpga_catapult"', occurrence=2)),
    ]
    assert findings[0].message == (
        "`microsoft.com/fpga_catapult` is the FPGA of Azure Stack Edge Pro FPGA: no node of a GPU device offers it, "
        "so the pod stays Pending; request `nvidia.com/gpu` instead and deploy a GPU build of the module."
    )


def test_wireserver_address_in_env_section_and_create_options_env():
    text = manifest_text(
        deployment(
            {
                "a": module(env=env(WIRESERVER_ADDRESS="10.139.218.1")),
                "b": module({"Env": ["WIRESERVER_ADDRESS=10.139.218.1", "OTHER=1"]}, stringify=True),
            }
        )
    )
    assert spans(lint(text, select=["EL009"])) == [
        ("EL009", *locate(text, '"WIRESERVER_ADDRESS"')),
        ("EL009", *locate(text, "WIRESERVER_ADDRESS", occurrence=2)),
    ]


def test_catapult_devices_are_el009_while_catapult_binds_are_left_to_el001():
    """Devices entries name the FPGA (EL009, not EL011); a bind of /dev/catapult0 fails as a
    device bind and EL001 reports it, so EL009 does not repeat it."""
    text = manifest_text(
        deployment(
            {
                "fpga": module(
                    {
                        "HostConfig": {
                            "Devices": [
                                {"PathOnHost": "/dev/catapult0", "PathInContainer": "/dev/catapult0"},
                                {"PathOnHost": "${FPGA_DEVICE}", "PathInContainer": "/dev/catapult1"},
                            ],
                            "Binds": ["/dev/catapult1:/dev/catapult1"],
                        }
                    },
                    stringify=True,
                )
            }
        )
    )
    findings = lint(text, select=["EL001", "EL009", "EL011"])
    assert spans(findings) == [
        ("EL009", *locate(text, '\\"/dev/catapult0\\"')),
        ("EL011", *locate(text, '\\"${FPGA_DEVICE}\\"')),  # some device, whichever: Devices are dropped
        ("EL001", *locate(text, "/dev/catapult1", occurrence=2)),
    ]
    assert 'request the GPU with `"nvidia.com/gpu": 1`' in findings[0].message


# --- EL010 docker-resource-limits-ignored ---------------------------------------------------


def test_docker_resource_options_with_the_kubernetes_equivalent():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Memory": 2147483648,
                            "NanoCpus": 1500000000,
                            "CpuQuota": 50000,
                            "CpuPeriod": 100000,
                            "PidsLimit": 100,
                            "MemoryReservation": 0,
                            "memoryswap": -1,
                            "CpuShares": "<CPU_SHARES>",
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL010"])
    assert spans(findings) == [
        ("EL010", *locate(text, '"Memory"')),
        ("EL010", *locate(text, '"NanoCpus"')),
        ("EL010", *locate(text, '"CpuQuota"')),
        ("EL010", *locate(text, '"PidsLimit"')),
        ("EL010", *locate(text, '"CpuShares"')),  # set, to an amount the template fills in
    ]
    assert [f.message.split("; ", 1)[1] for f in findings] == [
        "set k8s-experimental.resources.limits.memory (`2Gi`) instead.",
        "set k8s-experimental.resources.limits.cpu (`1500m`) instead.",
        "set k8s-experimental.resources.limits.cpu (`500m`) instead.",
        "there is no equivalent, so the module runs without this restriction.",
        "set k8s-experimental.resources.requests.cpu instead.",
    ]
    assert findings[0].message.startswith(
        "HostConfig.Memory is ignored by Kubernetes IoT Edge, which reads resources only from k8s-experimental.resources"
    )


def test_docker_reads_resource_keys_case_insensitively():
    text = manifest_text(deployment({"m": module({"hostconfig": {"memory": 536870912}}, stringify=True)}))
    (finding,) = lint(text, select=["EL010"])
    assert spans([finding]) == [("EL010", *locate(text, '\\"memory\\"'))]
    assert "(`512Mi`)" in finding.message


def test_resource_and_device_options_are_not_reported_again_as_ignored_options():
    host_config = {name: 1 for name in DOCKER_RESOURCE_OPTIONS} | {
        "Devices": [{"PathOnHost": "/dev/video0"}],
        "DeviceRequests": [{"Count": 1}],
        "DeviceCgroupRules": ["c 1:1 r"],
        "Runtime": "nvidia",
    }
    text = manifest_text(deployment({"m": module({"HostConfig": host_config})}))
    assert [f.rule_id for f in lint(text, select=["EL010", "EL011", "EL023"])].count("EL023") == 0
    assert len(lint(text, select=["EL010"])) == len(DOCKER_RESOURCE_OPTIONS)


# --- EL011 device-access-ignored ------------------------------------------------------------


def test_gpu_through_the_nvidia_runtime_any_key_case():
    text = manifest_text(deployment({"m": module({"hostconfig": {"runtime": "nvidia"}})}))
    (finding,) = lint(text, select=["EL011"])
    assert spans([finding]) == [("EL011", *locate(text, '"nvidia"'))]
    assert finding.message == (
        "Kubernetes IoT Edge drops `Runtime: nvidia`, so the pod asks for no GPU and Kubernetes assigns it none; "
        'request the GPU with `"nvidia.com/gpu": 1` in k8s-experimental.resources.limits.'
    )


def test_gpu_access_is_fine_when_the_module_also_requests_nvidia_gpu():
    """A manifest shared by Docker and Kubernetes devices keeps Runtime for Docker."""
    options = {
        "HostConfig": {
            "Runtime": "nvidia",
            "Devices": [{"PathOnHost": "/dev/nvidia0"}],
            "DeviceRequests": [{"Count": -1, "Capabilities": [["gpu"]]}],
        },
        **limits(**{"nvidia.com/gpu": 1}),
    }
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL011"]) == []


def test_device_requests_devices_and_cgroup_rules():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "DeviceRequests": [{"Driver": "nvidia", "Count": -1}],
                            "DeviceCgroupRules": ["c 189:* rmw"],
                            "Devices": [
                                {
                                    "PathOnHost": "/dev/video0",
                                    "PathInContainer": "/dev/video0",
                                    "CgroupPermissions": "rwm",
                                },
                                {"PathOnHost": "/dev/dxg"},
                                "/dev/ttyUSB0:/dev/ttyUSB0",
                            ],
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL011"])
    assert spans(findings) == [
        ("EL011", *locate(text, '"DeviceRequests"')),
        ("EL011", *locate(text, '"DeviceCgroupRules"')),
        ("EL011", *locate(text, '"/dev/video0"')),
        ("EL011", *locate(text, '"/dev/dxg"')),
        ("EL011", *locate(text, "/dev/ttyUSB0")),
    ]
    assert "(Docker's --gpus)" in findings[0].message
    assert "does not get the GPU device `/dev/dxg`" in findings[3].message
    assert findings[4].message == (
        "Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get `/dev/ttyUSB0`; request the "
        "device as a device-plugin resource in k8s-experimental.resources.limits."
    )


def test_device_requests_for_other_devices_and_empty_lists():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "DeviceRequests": [{"Driver": "cdi", "DeviceIDs": ["vendor.com/device=0"]}],
                            "DeviceCgroupRules": [],
                            "Devices": [],
                        }
                    }
                )
            }
        )
    )
    (finding,) = lint(text, select=["EL011"])
    assert finding.message.startswith("Kubernetes IoT Edge drops HostConfig.DeviceRequests, so the container gets none")


def test_devices_of_a_privileged_module_arrive_and_are_only_redundant():
    """A privileged container sees the host's /dev: Devices is ignored but the device is there."""
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Privileged": "true",
                            "DeviceCgroupRules": ["c 189:* rmw"],
                            "Devices": [{"PathOnHost": "/dev/ttyUSB0"}, "/dev/nvidia0:/dev/nvidia0"],
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL011"])
    assert [(f.rule_id, f.level) for f in findings] == [("EL011", "warning")] * 3
    assert spans(findings) == [
        ("EL011", *locate(text, '"DeviceCgroupRules"')),
        ("EL011", *locate(text, '"/dev/ttyUSB0"')),
        ("EL011", *locate(text, "/dev/nvidia0")),
    ]
    assert [f.message for f in findings] == [
        "Kubernetes IoT Edge ignores HostConfig.DeviceCgroupRules, but this container is privileged "
        "(securityContext.privileged) and may open every device anyway: the rules are redundant; remove them.",
        "Kubernetes IoT Edge ignores HostConfig.Devices, but this container is privileged (securityContext.privileged) "
        "and sees the host's /dev, `/dev/ttyUSB0` included: the entry is redundant; remove it.",
        "Kubernetes IoT Edge ignores HostConfig.Devices, but this container is privileged (securityContext.privileged) "
        "and sees the host's /dev, `/dev/nvidia0` included; Kubernetes does not assign the GPU to the pod, though, "
        'nor keep other pods off it; request the GPU with `"nvidia.com/gpu": 1` in k8s-experimental.resources.limits.',
    ]
    assert findings[1].fix is None and findings[2].fix.applicability == "unsafe"


def test_privileged_false_still_loses_the_devices():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Privileged": False, "Devices": [{"PathOnHost": "/dev/ttyUSB0"}]}}),
            }
        )
    )
    (finding,) = lint(text, select=["EL011"])
    assert (finding.level, finding.message.split(",")[0]) == ("error", "Kubernetes IoT Edge drops HostConfig.Devices")


@pytest.mark.parametrize("runtime", ["runc", "${RUNTIME}", ""])
def test_other_runtimes_are_not_device_access(runtime):
    assert lint(manifest_text(deployment({"m": module({"HostConfig": {"Runtime": runtime}})})), select=["EL011"]) == []


# --- EL012 missing-resource-limits ----------------------------------------------------------


def test_modules_without_resources_but_the_agent_gets_chart_defaults():
    text = manifest_text(
        deployment(
            {"worker": module({"HostConfig": {}})},
            system={
                "edgeAgent": module(),
                "edgeHub": module({"k8s-experimental": {"resources": {"limits": {"memory": "256Mi"}}}}),
            },
        )
    )
    findings = lint(text, select=["EL012"])
    assert spans(findings) == [
        ("EL012", *locate(text, '"limits"')),
        ("EL012", *locate(text, '"worker"')),
    ]
    assert findings[0].message == (
        "`edgeHub` sets no cpu limit: on Kubernetes it may use all of the device's CPU and starve the other modules; "
        "set limits.cpu in k8s-experimental.resources."
    )
    assert findings[1].message.startswith("`worker` sets no memory or cpu limit")


def test_limits_in_a_stringified_create_options_and_unreadable_ones():
    text = manifest_text(
        deployment(
            {
                "ok": module(limits(memory="1Gi", cpu="1"), stringify=True),
                "resources-only": module(
                    {"k8s-experimental": {"resources": {"requests": {"cpu": "1"}}}}, stringify=True
                ),
                "broken": {"type": "docker", "settings": {"image": "x", "createOptions": "{not json"}},
            }
        )
    )
    assert spans(lint(text, select=["EL012"])) == [("EL012", *locate(text, '\\"resources\\"', occurrence=2))]


# --- EL013 invalid-resource-quantity --------------------------------------------------------


@pytest.mark.parametrize(
    "quantity",
    [
        "128Mi",
        "0.5",
        "500m",
        "1e3",
        "2Gi",
        "+1",
        ".5",
        "1.",
        "1E",
        1,
        0.25,
        "${MEMORY}",
        "1 ",
        "1 Gi",
        "1,000",
        None,
    ],
)
def test_valid_quantities(quantity):
    """The agent trims the text and reads `1 Gi` and `1,000`, then sends the canonical form."""
    assert lint(manifest_text(deployment({"m": module(limits(memory=quantity, cpu="1"))})), select=["EL013"]) == []


@pytest.mark.parametrize("quantity", ["1.5.2", "10MB", "1K", "", "1e", "one", True])
def test_invalid_quantities(quantity):
    text = manifest_text(deployment({"m": module(limits(memory=quantity))}))
    (finding,) = lint(text, select=["EL013"])
    assert finding.pointer.endswith("/k8s-experimental/resources/limits/memory")
    assert finding.level == "error"
    assert "throws, and then no module of the deployment is updated" in finding.message


def test_an_unreadable_quantity_fails_every_module_and_is_reported_at_its_value():
    text = manifest_text(deployment({"m": module(limits(memory="10MB"), stringify=True)}))
    (finding,) = lint(text, select=["EL013"])
    assert spans([finding]) == [("EL013", *locate(text, '\\"10MB\\"'))]
    assert finding.message == (
        "`10MB` is not a quantity edgeAgent can read: it parses k8s-experimental.resources itself (KubernetesClient's "
        "ResourceQuantity) while it reads the createOptions of every module, throws, and then no module of the "
        "deployment is updated; write a number with an optional suffix, such as `512Mi`, `2Gi`, `0.5` or `500m` "
        "(`MB` and `K` are no suffixes)."
    )


def test_resources_are_copied_verbatim_and_valid():
    resources = {"memory": "128Mi", "cpu": "500M", "hardware-vendor.example/foo": 2}
    options = {"k8s-experimental": {"resources": {"limits": resources, "requests": dict(resources)}}}
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL013"]) == []


def test_extended_resources_whole_numbers_limit_required_request_equal():
    text = manifest_text(
        deployment(
            {
                "fraction": module({"k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": "0.5"}}}}),
                "no-limit": module({"k8s-experimental": {"resources": {"requests": {"nvidia.com/gpu": 1}}}}),
                "unequal": module(
                    {
                        "k8s-experimental": {
                            "resources": {"limits": {"nvidia.com/gpu": 2}, "requests": {"nvidia.com/gpu": "1"}}
                        }
                    }
                ),
                "same": module(
                    {
                        "k8s-experimental": {
                            "resources": {"limits": {"nvidia.com/gpu": 1}, "requests": {"nvidia.com/gpu": 1}}
                        }
                    }
                ),
            }
        )
    )
    findings = lint(text, select=["EL013"])
    assert spans(findings) == [
        ("EL013", *locate(text, '"0.5"')),
        ("EL013", *locate(text, '"nvidia.com/gpu"', occurrence=2)),
        ("EL013", *locate(text, '"1"')),
    ]
    assert findings[0].message.startswith("`nvidia.com/gpu` is a device-plugin resource and must be a whole number")
    assert findings[1].message.startswith("`nvidia.com/gpu` is requested without a limit")
    assert findings[2].message.startswith("The request for `nvidia.com/gpu` differs from its limit")


def test_request_above_limit_negative_values_and_huge_pages():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "k8s-experimental": {
                            "resources": {
                                "limits": {
                                    "cpu": "500m",
                                    "memory": "1Gi",
                                    "hugepages-2Mi": "100Mi",
                                    "ephemeral-storage": "-1",
                                },
                                "requests": {"cpu": "1", "memory": "1024Mi", "hugepages-2Mi": "50Mi"},
                            }
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL013"])
    assert spans(findings) == [
        ("EL013", *locate(text, '"-1"')),
        ("EL013", *locate(text, '"1"')),
        ("EL013", *locate(text, '"50Mi"')),
    ]
    assert (
        findings[0].message
        == "limits.ephemeral-storage is negative, so the module's Deployment is rejected; use a positive amount."
    )
    assert findings[1].message.startswith("The cpu request is above its limit")
    assert findings[2].message.startswith("The request for `hugepages-2Mi` differs from its limit")


def test_resource_names_kubernetes_rejects():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "k8s-experimental": {
                            "resources": {
                                "limits": {
                                    "gpu": 1,
                                    "Memory": "1Gi",
                                    "kubernetes.io/foo": 1,
                                    "nvidia.com/gpu": 1,
                                    "-bad-/x": 1,
                                }
                            }
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL013"])
    assert spans(findings) == [
        ("EL013", *locate(text, '"gpu"')),
        ("EL013", *locate(text, '"Memory"')),
        ("EL013", *locate(text, '"-bad-/x"')),
    ]
    assert findings[0].message == (
        "`gpu` is not a standard container resource (cpu, memory, ephemeral-storage, hugepages-<size>) and has no "
        "domain: Kubernetes rejects the module's Deployment; use cpu, memory or a device-plugin resource such as "
        "`nvidia.com/gpu`."
    )


def test_resource_lists_that_are_not_objects():
    text = manifest_text(
        deployment(
            {
                "m": module({"k8s-experimental": {"resources": {"limits": "2Gi", "requests": None}}}),
            }
        )
    )
    (finding,) = lint(text, select=["EL013"])
    assert spans([finding]) == [("EL013", *locate(text, '"2Gi"'))]


# --- EL014 proxy-without-no-proxy / EL015 upstream-protocol-behind-proxy --------------------


def test_proxy_without_no_proxy_in_the_env_section():
    text = manifest_text(
        deployment(
            {
                "m": module(env=env(http_proxy="http://proxy:3128", https_proxy="http://proxy:3128")),
            }
        )
    )
    (finding,) = lint(text, select=["EL014"])
    assert spans([finding]) == [("EL014", *locate(text, '"http_proxy"'))]
    assert finding.level == "warning"
    assert finding.message == (
        "`http_proxy` is set without `no_proxy`: on Kubernetes the module calls the IoT Edge workload API at "
        "http://localhost:35001 (its proxy sidecar), and HTTP clients send an http:// request to the web proxy in "
        "`http_proxy`, which cannot reach the pod's localhost; set `no_proxy` to `localhost` (plus your own "
        "exceptions)."
    )


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("HTTP_PROXY", " (.NET, Python and Go read the upper-case name too; curl does not)"),
        ("all_proxy", " (used when no `http_proxy` is set)"),
        ("ALL_PROXY", " (used when no `http_proxy` is set)"),
    ],
)
def test_the_other_variables_clients_take_an_http_proxy_from(name, note):
    text = manifest_text(deployment({"m": module({"Env": [f"{name}=http://proxy:3128"]}, stringify=True)}))
    (finding,) = lint(text, select=["EL014"])
    assert spans([finding]) == [("EL014", *locate(text, name))]
    assert f"web proxy in `{name}`{note}, which cannot reach" in finding.message


def test_upper_case_proxy_in_create_options_env_with_no_proxy_missing_localhost():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"Env": ["HTTP_PROXY=http://proxy:3128", "NO_PROXY=127.0.0.1,.contoso.local"]}, stringify=True
                ),
            }
        )
    )
    (finding,) = lint(text, select=["EL014"])
    assert spans([finding]) == [("EL014", *locate(text, "127.0.0.1,.contoso.local"))]
    assert finding.message == (
        "`NO_PROXY` does not list `localhost`: with `HTTP_PROXY` set, the module's calls to the IoT Edge workload "
        "API at http://localhost:35001 go to the web proxy, which cannot reach the pod's localhost; add `localhost`."
    )


@pytest.mark.parametrize(
    "variables",
    [
        {"http_proxy": "http://proxy:3128", "no_proxy": "localhost,127.0.0.1"},
        {"http_proxy": "http://proxy:3128", "NO_PROXY": " 127.0.0.1 , LOCALHOST "},
        {"http_proxy": "http://proxy:3128", "no_proxy": "*"},
        {"http_proxy": "http://proxy:3128", "no_proxy": "localhost:35001"},
        {"http_proxy": "${HTTP_PROXY}"},
        {"http_proxy": "http://proxy:3128", "no_proxy": "$NO_PROXY"},
        {"http_proxy": ""},
        {"ftp_proxy": "http://proxy:3128"},
        # the workload API is http://: https_proxy does not apply to it, whatever its case
        {"https_proxy": "http://proxy:3128"},
        {"HTTPS_PROXY": "http://proxy:3128"},
        # clients read only these spellings
        {"Http_Proxy": "http://proxy:3128"},
    ],
)
def test_proxy_settings_that_are_fine_or_unknown(variables):
    assert lint(manifest_text(deployment({"m": module(env=env(**variables))})), select=["EL014"]) == []


def test_create_options_env_wins_over_the_env_section():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"Env": ["no_proxy=127.0.0.1"]},
                    stringify=True,
                    env=env(http_proxy="http://proxy:3128", no_proxy="localhost"),
                )
            }
        )
    )
    assert spans(lint(text, select=["EL014"])) == [("EL014", *locate(text, "127.0.0.1"))]


def test_edge_hub_behind_a_proxy_needs_a_websocket_upstream_protocol():
    hub = module(env=env(https_proxy="http://proxy:3128", no_proxy="localhost"))
    text = manifest_text(deployment(system={"edgeHub": hub}))
    (finding,) = lint(text, select=["EL015"])
    assert spans([finding]) == [("EL015", *locate(text, '"https_proxy"'))]
    assert finding.message.startswith("edgeHub uses the web proxy in `https_proxy` but sets no `UpstreamProtocol`")


@pytest.mark.parametrize(
    ("protocol", "reported"),
    [
        ("Amqp", True),
        ("Mqtt", True),
        ("AmqpWs", False),
        ("mqttws", False),
        ("${PROTOCOL}", False),
    ],
)
def test_edge_hub_upstream_protocol_values(protocol, reported):
    hub = module(env=env(https_proxy="http://proxy:3128", no_proxy="localhost", UpstreamProtocol=protocol))
    text = manifest_text(deployment(system={"edgeHub": hub}))
    expected = [("EL015", *locate(text, f'"{protocol}"'))] if reported else []
    assert spans(lint(text, select=["EL015"])) == expected


def test_edge_hub_reads_only_https_proxy_for_its_upstream():
    hub = module(env=env(http_proxy="http://proxy:3128", no_proxy="localhost"))
    assert lint(manifest_text(deployment(system={"edgeHub": hub})), select=["EL015"]) == []
    hub = module(env=env(HTTPS_PROXY="http://proxy:3128", no_proxy="localhost"))
    (finding,) = lint(manifest_text(deployment(system={"edgeHub": hub})), select=["EL015"])
    assert finding.message.startswith("edgeHub uses the web proxy in `HTTPS_PROXY` but sets no `UpstreamProtocol`")


def test_only_edge_hub_needs_the_upstream_protocol():
    text = manifest_text(deployment({"m": module(env=env(https_proxy="http://proxy:3128", no_proxy="localhost"))}))
    assert lint(text, select=["EL015"]) == []


# --- EL016 rolling-update-deadlock ----------------------------------------------------------


def test_gpu_module_without_recreate_strategy():
    text = manifest_text(deployment({"inference": module(limits(**{"nvidia.com/gpu": 1}))}))
    (finding,) = lint(text, select=["EL016"])
    assert spans([finding]) == [("EL016", *locate(text, '"nvidia.com/gpu"'))]
    assert finding.message == (
        "`nvidia.com/gpu` is a device-plugin resource that one pod at a time holds, but Kubernetes updates the "
        "module with a RollingUpdate, which starts the new pod before stopping the old one: the new pod never gets "
        'it and the update never completes; set k8s-experimental.strategy to `{"type": "Recreate"}`.'
    )


def test_host_network_module_and_an_explicit_rolling_update():
    text = manifest_text(
        deployment(
            {
                "hostnet": module({"HostConfig": {"NetworkMode": "Host"}}),
                "gpu": module(
                    {
                        "k8s-experimental": {
                            "resources": {"limits": {"nvidia.com/gpu": 1}},
                            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                        }
                    }
                ),
            }
        )
    )
    findings = lint(text, select=["EL016"])
    assert spans(findings) == [
        ("EL016", *locate(text, '"Host"')),
        ("EL016", *locate(text, '"RollingUpdate"')),
    ]
    assert findings[0].message.startswith("The host network is held by one pod at a time")


@pytest.mark.parametrize(
    "options",
    [
        {"k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": 1}}, "strategy": {"type": "Recreate"}}},
        {"k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": 1}}, "strategy": {"type": "recreate"}}},
        {"k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": "${GPUS}"}}}},
        {"k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": 0, "memory": "1Gi"}}}},
        {
            "HostConfig": {
                "PortBindings": {"80/tcp": [{"HostPort": "80"}]},
                "Mounts": [{"Type": "volume", "Source": "share", "Target": "/data"}],
                "NetworkMode": "bridge",
            }
        },
    ],
)
def test_no_exclusive_resource_or_already_recreate(options):
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL016"]) == []


# --- EL017 ignored-module-setting -----------------------------------------------------------


def test_ignored_module_settings():
    modules = {
        "a": {**module(), "restartPolicy": "on-failure", "imagePullPolicy": "never", "startupOrder": 1},
        "b": {**module(), "restartPolicy": "never", "imagePullPolicy": "on-create"},
        "c": {**module(), "restartPolicy": "on-unhealthy"},
        "d": {**module(), "restartPolicy": "Always", "startupOrder": "${ORDER}", "imagePullPolicy": "$PULL"},
    }
    text = manifest_text(deployment(modules))
    findings = lint(text, select=["EL017"])
    assert spans(findings) == [
        ("EL017", *locate(text, '"on-failure"')),
        ("EL017", *locate(text, '"never"')),
        ("EL017", *locate(text, '"startupOrder"')),
        ("EL017", *locate(text, '"never"', occurrence=2)),
        ("EL017", *locate(text, '"on-unhealthy"')),
    ]
    assert findings[0].message == (
        "Kubernetes IoT Edge ignores `restartPolicy: on-failure`: every module is a Deployment, so the container is "
        "restarted whenever it stops, also after a clean exit; set `always` to say what happens, and make the "
        "module wait instead of exiting."
    )
    assert findings[1].message.startswith("Kubernetes IoT Edge ignores `imagePullPolicy: never`")
    assert findings[2].message.startswith("Kubernetes IoT Edge ignores `startupOrder`")
