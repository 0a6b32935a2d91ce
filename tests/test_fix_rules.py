"""Every fix, on one manifest written five ways: JSON with object createOptions, with
stringified createOptions, with chunked createOptions, YAML, and CRLF JSON. The whole fixed
text must equal the intended manifest written the same way."""

import json

import pytest
from conftest import deployment, lint, module
from fix_helpers import VARIANTS, fix_text, render

GPU = "nvidia.com/gpu"
FPGA = "microsoft.com/fpga_catapult"


def case_el002():
    """Host directories move to Mounts (safe); a named volume would become a claim (unsafe)."""
    before = deployment(
        {
            "blob": module(
                {
                    "HostConfig": {
                        "Binds": ["/srv/certs:/certs:ro", "blobvolume:/blobroot", "${DATA}:/data"],
                        "Privileged": True,
                    }
                }
            ),
            "single": module({"HostConfig": {"Binds": ["/srv/in:/in:rw"], "Privileged": True}}),
        }
    )
    after = deployment(
        {
            "blob": module(
                {
                    "HostConfig": {
                        "Binds": ["blobvolume:/blobroot", "${DATA}:/data"],
                        "Privileged": True,
                        "Mounts": [{"Type": "bind", "Source": "/srv/certs", "Target": "/certs", "ReadOnly": True}],
                    }
                }
            ),
            "single": module(
                {"HostConfig": {"Mounts": [{"Type": "bind", "Source": "/srv/in", "Target": "/in"}], "Privileged": True}}
            ),
        }
    )
    return ["EL002"], False, before, after


def case_el002_named_volume_unsafe():
    before = deployment({"blob": module({"HostConfig": {"Binds": ["blobvolume:/blobroot", "/srv/a:/a"]}})})
    after = deployment(
        {
            "blob": module(
                {
                    "HostConfig": {
                        "Mounts": [
                            {"Type": "volume", "Source": "blobvolume", "Target": "/blobroot"},
                            {"Type": "bind", "Source": "/srv/a", "Target": "/a"},
                        ]
                    }
                }
            )
        }
    )
    return ["EL002"], True, before, after


def case_el005():
    before = deployment(
        {
            "opcua": module(
                {
                    "HostConfig": {
                        "PortBindings": {
                            "4840/tcp": [{"HostPort": ""}],
                            "8080/tcp": [{}],
                            "9090/tcp": [{"HostPort": "8080"}],
                        }
                    }
                }
            )
        }
    )
    after = deployment(
        {
            "opcua": module(
                {
                    "HostConfig": {
                        "PortBindings": {
                            "4840/tcp": [{"HostPort": "4840"}],
                            "8080/tcp": [{}],  # host port 8080 is taken by 9090/tcp: no guess
                            "9090/tcp": [{"HostPort": "8080"}],
                        }
                    }
                }
            )
        }
    )
    return ["EL005"], True, before, after


def case_el005_empty_binding():
    before = deployment({"web": module({"HostConfig": {"PortBindings": {"8080/tcp": [{}]}}})})
    after = deployment({"web": module({"HostConfig": {"PortBindings": {"8080/tcp": [{"HostPort": "8080"}]}}})})
    return ["EL005"], True, before, after


def case_el009():
    limits = {"limits": {FPGA: 1}, "requests": {FPGA: 1}}
    before = deployment(
        {
            "resnet": module(
                {
                    "Env": ["WIRESERVER_ADDRESS=10.139.218.1", "MODEL=resnet50"],
                    "k8s-experimental": {"resources": limits},
                }
            ),
            "detector": module(env={"WIRESERVER_ADDRESS": {"value": "10.139.218.1"}, "MODE": {"value": "fast"}}),
        }
    )
    after = deployment(
        {
            "resnet": module(
                {
                    "Env": ["MODEL=resnet50"],
                    "k8s-experimental": {"resources": {"limits": {GPU: 1}, "requests": {GPU: 1}}},
                }
            ),
            "detector": module(env={"MODE": {"value": "fast"}}),
        }
    )
    return ["EL009"], True, before, after


def case_el010():
    before = deployment(
        {
            "analytics": module({"HostConfig": {"Memory": 2147483648, "NanoCpus": 1500000000, "Privileged": True}}),
            "quota": module({"HostConfig": {"CpuQuota": 50000, "CpuPeriod": 100000, "Memory": 536870912}}),
            "odd": module({"HostConfig": {"NanoCpus": 1234567}}),
        }
    )
    after = deployment(
        {
            "analytics": module(
                {
                    "HostConfig": {"Privileged": True},
                    "k8s-experimental": {"resources": {"limits": {"memory": "2Gi", "cpu": "1500m"}}},
                }
            ),
            "quota": module(
                {"HostConfig": {}, "k8s-experimental": {"resources": {"limits": {"cpu": "500m", "memory": "512Mi"}}}}
            ),
            "odd": module({"HostConfig": {"NanoCpus": 1234567}}),  # finer than a millicore: left alone
        }
    )
    return ["EL010"], True, before, after


def case_el010_with_requests_safe():
    """A request keeps scheduling as it was: adding the limit is then safe."""
    requests = {"requests": {"memory": "1Gi", "cpu": "500m"}}
    before = deployment(
        {
            "analytics": module(
                {
                    "HostConfig": {"Memory": 2147483648, "NanoCpus": 1500000000},
                    "k8s-experimental": {"resources": requests},
                }
            )
        }
    )
    after = deployment(
        {
            "analytics": module(
                {
                    "HostConfig": {},
                    "k8s-experimental": {"resources": {**requests, "limits": {"memory": "2Gi", "cpu": "1500m"}}},
                }
            )
        }
    )
    return ["EL010"], False, before, after


def case_el011():
    host_config = {"Runtime": "nvidia", "DeviceRequests": [{"Driver": "nvidia", "Count": 2, "Capabilities": [["gpu"]]}]}
    before = deployment(
        {"inference": module({"HostConfig": host_config, "k8s-experimental": {"nodeSelector": {"gpu": "true"}}})}
    )
    after = deployment(
        {
            "inference": module(
                {
                    "HostConfig": host_config,
                    "k8s-experimental": {"nodeSelector": {"gpu": "true"}, "resources": {"limits": {GPU: 2}}},
                }
            )
        }
    )
    return ["EL011"], True, before, after


def case_el014():
    before = deployment(
        {
            "uploader": module(env={"http_proxy": {"value": "http://proxy:3128"}}),
            "shouter": module({"Env": ["HTTP_PROXY=http://proxy:3128"]}),
            "lister": module(
                env={"http_proxy": {"value": "http://proxy:3128"}, "no_proxy": {"value": "contoso.local"}}
            ),
        }
    )
    after = deployment(
        {
            "uploader": module(env={"http_proxy": {"value": "http://proxy:3128"}, "no_proxy": {"value": "localhost"}}),
            "shouter": module({"Env": ["HTTP_PROXY=http://proxy:3128", "NO_PROXY=localhost"]}),
            "lister": module(
                env={"http_proxy": {"value": "http://proxy:3128"}, "no_proxy": {"value": "contoso.local,localhost"}}
            ),
        }
    )
    return ["EL014"], False, before, after


def case_el015():
    hub_env = {"https_proxy": {"value": "http://proxy:3128"}, "no_proxy": {"value": "localhost"}}
    before = deployment({}, system={"edgeHub": module({"HostConfig": {}}, env=hub_env)})
    after = deployment(
        {}, system={"edgeHub": module({"HostConfig": {}}, env={**hub_env, "UpstreamProtocol": {"value": "AmqpWs"}})}
    )
    return ["EL015"], True, before, after


def case_el015_wrong_protocol():
    before = deployment(
        {},
        system={
            "edgeHub": module({"Env": ["https_proxy=http://proxy:3128", "no_proxy=localhost", "UpstreamProtocol=Mqtt"]})
        },
    )
    after = deployment(
        {},
        system={
            "edgeHub": module(
                {"Env": ["https_proxy=http://proxy:3128", "no_proxy=localhost", "UpstreamProtocol=AmqpWs"]}
            )
        },
    )
    return ["EL015"], True, before, after


def case_el016():
    before = deployment(
        {
            "gateway": module({"HostConfig": {"NetworkMode": "host"}}),
            "inference": module(
                {
                    "k8s-experimental": {
                        "resources": {"limits": {GPU: 1}},
                        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                    }
                }
            ),
        }
    )
    after = deployment(
        {
            "gateway": module(
                {"HostConfig": {"NetworkMode": "host"}, "k8s-experimental": {"strategy": {"type": "Recreate"}}}
            ),
            "inference": module(
                {"k8s-experimental": {"resources": {"limits": {GPU: 1}}, "strategy": {"type": "Recreate"}}}
            ),
        }
    )
    return ["EL016"], False, before, after


def case_el018():
    routes = {"toHub": "FROM /messages/modules/camera.v2/outputs/* INTO $upstream"}
    before = deployment(
        {"camera.v2": module()}, routes=routes, twins={"camera.v2": {"properties.desired": {"fps": 15}}}
    )
    after = deployment(
        {"camera-v2": module()},
        routes={"toHub": "FROM /messages/modules/camera-v2/outputs/* INTO $upstream"},
        twins={"camera-v2": {"properties.desired": {"fps": 15}}},
    )
    return ["EL018"], True, before, after


def case_el019():
    ports = {"HostConfig": {"PortBindings": {"8080/tcp": [{"HostPort": "8080"}]}}}
    routes = {
        "in": 'FROM /messages/modules/sensor/* INTO BrokeredEndpoint("/modules/dynocard_web/inputs/in")',
        "out": "FROM /messages/modules/Dynocard_Web/outputs/* INTO $upstream",
    }
    before = deployment(
        {"dynocard_web": module(ports), "sensor": module()},
        routes=routes,
        twins={"dynocard_web": {"properties.desired": {"title": "Dynocard"}}},
    )
    after = deployment(
        {"dynocardweb": module(ports), "sensor": module()},
        routes={
            "in": 'FROM /messages/modules/sensor/* INTO BrokeredEndpoint("/modules/dynocardweb/inputs/in")',
            "out": "FROM /messages/modules/dynocardweb/outputs/* INTO $upstream",
        },
        twins={"dynocardweb": {"properties.desired": {"title": "Dynocard"}}},
    )
    return ["EL019"], True, before, after


def case_el021():
    before = deployment(
        {
            "telemetry": module(
                {"Env": ["Logging:LogLevel:Default=Warning"]}, env={"mqttSettings:enabled": {"value": "false"}}
            )
        }
    )
    after = deployment(
        {
            "telemetry": module(
                {"Env": ["Logging__LogLevel__Default=Warning"]}, env={"mqttSettings__enabled": {"value": "false"}}
            )
        }
    )
    return ["EL021"], False, before, after


def case_el024():
    before = deployment({"publisher": module({"Cmd": "--pf=/appdata/nodes.json", "Entrypoint": "/bin/publisher"})})
    after = deployment({"publisher": module({"Cmd": ["--pf=/appdata/nodes.json"], "Entrypoint": ["/bin/publisher"]})})
    return ["EL024"], False, before, after


CASES = {name[len("case_") :]: function for name, function in sorted(globals().items()) if name.startswith("case_")}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", CASES)
def test_fix_gives_exactly_the_intended_manifest(case, variant):
    select, unsafe, before, after = CASES[case]()
    name, text = render(before, variant)
    expected = render(after, variant)[1]
    assert text != expected
    assert fix_text(text, name, select, unsafe) == expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", CASES)
def test_fixing_the_fixed_manifest_changes_nothing(case, variant):
    select, unsafe, _, after = CASES[case]()
    name, text = render(after, variant)
    assert fix_text(text, name, select, unsafe) == text


def test_el002_fix_applicability_per_bind():
    """A host directory moves to Mounts safely unless another source shares its volume name
    (the agent's order decides which volume they all show); a named volume becomes a claim."""
    text = json.dumps(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Binds": ["/srv/a:/a", "/data:/b", "blobvolume:/c"],
                            "Mounts": [{"Type": "volume", "Source": "data", "Target": "/d", "ReadOnly": True}],
                        }
                    }
                )
            }
        ),
        indent=2,
    )
    findings = lint(text, select=["EL002"])
    assert [(f.fix.title, f.fix.applicability) for f in findings] == [
        ("Declare `/srv/a:/a` as a HostConfig.Mounts entry of type bind", "safe"),
        ("Declare `/data:/b` as a HostConfig.Mounts entry of type bind", "unsafe"),
        ("Declare `blobvolume:/c` as a HostConfig.Mounts entry of type volume", "unsafe"),
    ]
