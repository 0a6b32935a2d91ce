"""When a rule's fix is offered and when it is not: no fix where it would have to guess,
would lose data or would create another problem."""

import json

import pytest
from conftest import deployment, lint, module
from fix_helpers import fix_text, render

GPU = "nvidia.com/gpu"


def only_module(create_options=None, env=None, name="m"):
    return render(deployment({name: module(create_options, env=env)}), "object")[1]


def fixes(text, rule):
    return [f.fix for f in lint(text, select=[rule]) if f.rule_id == rule]


@pytest.mark.parametrize(
    "bind",
    [
        "${DATA}:/data",
        "./data:/data",
        "/srv/data:/data:z",
        "/srv/data:/data:ro,Z",
        "/srv/data:/data:rshared",
        "/srv/data:relative",
        "C:\\data:/data",
        "v:/data",
    ],
)
def test_binds_without_an_exact_mount(bind):
    assert fixes(only_module({"HostConfig": {"Binds": [bind]}}), "EL002") == [None]


def test_no_second_mount_at_one_container_path():
    text = only_module(
        {"HostConfig": {"Binds": ["/a:/data"], "Mounts": [{"Type": "volume", "Source": "s", "Target": "/data"}]}}
    )
    assert fixes(text, "EL002") == [None]


def test_binds_join_existing_mounts():
    text = only_module(
        {"HostConfig": {"Binds": ["data:/data"], "Mounts": [{"Type": "volume", "Source": "s", "Target": "/s"}]}}
    )
    expected = only_module(
        {
            "HostConfig": {
                "Mounts": [
                    {"Type": "volume", "Source": "s", "Target": "/s"},
                    {"Type": "volume", "Source": "data", "Target": "/data"},
                ]
            }
        }
    )
    assert fix_text(text, select=["EL002"]) == text  # a named volume becomes a claim: unsafe
    assert fix_text(text, select=["EL002"], unsafe=True) == expected


def test_no_host_port_that_is_taken_or_reserved():
    text = only_module(
        {
            "HostConfig": {
                "PortBindings": {
                    "35000/tcp": [{"HostPort": ""}],
                    "80/tcp": [{"HostPort": "x"}],
                    "81/tcp": [{"HostPort": "80"}],
                }
            }
        }
    )
    assert fixes(text, "EL005") == [None, None]


def test_resource_limits_already_set():
    same = only_module(
        {"HostConfig": {"Memory": 1073741824}, "k8s-experimental": {"resources": {"limits": {"memory": "1Gi"}}}}
    )
    assert fix_text(same, select=["EL010"]) == only_module(
        {"HostConfig": {}, "k8s-experimental": {"resources": {"limits": {"memory": "1Gi"}}}}
    )
    for resources in ({"limits": {"memory": "2Gi"}}, {"requests": {"memory": "2Gi"}}, {"limits": {"memory": "${MEM}"}}):
        text = only_module({"HostConfig": {"Memory": 1073741824}, "k8s-experimental": {"resources": resources}})
        assert fixes(text, "EL010") == [None]
    period = only_module({"HostConfig": {"CpuQuota": 50000, "CpuPeriod": "x"}})
    assert fixes(period, "EL010") == [None]


def test_a_misspelt_k8s_section_gets_no_second_one():
    text = only_module({"HostConfig": {"NetworkMode": "host"}, "K8s-Experimental": {"resources": {}}})
    assert fixes(text, "EL016") == [None]


def test_strategy_without_type_gets_one_and_loses_rolling_update():
    text = only_module(
        {"HostConfig": {"NetworkMode": "host"}, "k8s-experimental": {"strategy": {"rollingUpdate": {"maxSurge": 0}}}}
    )
    assert fix_text(text, select=["EL016"]) == only_module(
        {"HostConfig": {"NetworkMode": "host"}, "k8s-experimental": {"strategy": {"type": "Recreate"}}}
    )


def test_gpu_counts_that_are_unclear():
    requests = [{"Driver": "nvidia", "Count": 1}, {"Capabilities": [["gpu"]], "Count": 1}]
    assert fixes(only_module({"HostConfig": {"DeviceRequests": requests}}), "EL011") == [None]
    ids = only_module({"HostConfig": {"DeviceRequests": [{"Driver": "nvidia", "DeviceIDs": ["0", "1", "2"]}]}})
    assert fix_text(ids, select=["EL011"], unsafe=True) == only_module(
        {
            "HostConfig": {"DeviceRequests": [{"Driver": "nvidia", "DeviceIDs": ["0", "1", "2"]}]},
            "k8s-experimental": {"resources": {"limits": {GPU: 3}}},
        }
    )
    everything = only_module({"HostConfig": {"DeviceRequests": [{"Driver": "nvidia", "Count": -1}]}})
    assert [fix.title for fix in fixes(everything, "EL011")] == [
        "Request 1 GPU with `nvidia.com/gpu` in k8s-experimental.resources.limits"
    ]


def test_fpga_count_next_to_a_gpu_count():
    text = only_module({"k8s-experimental": {"resources": {"limits": {"microsoft.com/fpga_catapult": 1, GPU: 1}}}})
    assert fixes(text, "EL009") == [None]


def test_an_empty_no_proxy_becomes_localhost():
    text = only_module(env={"http_proxy": {"value": "http://p:3128"}, "no_proxy": {"value": ""}})
    assert fix_text(text, select=["EL014"]) == only_module(
        env={"http_proxy": {"value": "http://p:3128"}, "no_proxy": {"value": "localhost"}}
    )


def test_env_names_that_would_clash():
    text = only_module({"Env": ["a:b=1", "a__b=2"]})
    assert fixes(text, "EL021") == [None]


def test_layered_module_keys_and_names_that_cannot_be_made_valid():
    layered = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {
                    "properties.desired.modules.camera.v2": module(),
                    "properties.desired.modules.9lives": module({"ExposedPorts": {"80/tcp": {}}}),
                }
            }
        },
        indent=2,
    )
    assert fix_text(layered, select=["EL018"], unsafe=True) == layered.replace(
        '"properties.desired.modules.camera.v2"', '"properties.desired.modules.camera-v2"'
    )
    [fix] = [f.fix for f in lint(layered, select=["EL018"]) if "9lives" in f.message]
    assert fix is None


def test_no_rename_onto_another_module():
    text = render(
        deployment(
            {"my_module": module({"ExposedPorts": {"80/tcp": {}}}), "mymodule2": module(), "MyModule": module()}
        ),
        "object",
    )[1]
    [finding] = lint(text, select=["EL019"])
    assert finding.fix is None


def test_no_edit_of_an_object_that_names_a_member_twice():
    text = only_module({"HostConfig": {"NetworkMode": "host"}, "User": "1000"})
    assert fixes(text, "EL016") != [None]
    twice = text.replace('"User": "1000"', '"User": "0",\n                "User": "1000"')
    assert fixes(twice, "EL016") == [None]
