"""`edgelint k8s`: the objects the agent creates, checked against edgeAgent's unit tests
and code, the device's sanitisers, the
rendering and the command line."""

import json

import pytest
from conftest import ROOT, deployment, locate, manifest_text, module, run_cli

from edgelint.edgeagent.create_options import json_bool, json_text
from edgelint.edgeagent.images import docker_image, image_pull_secret_name, image_registry
from edgelint.edgeagent.names import (
    sanitize_annotation_key,
    sanitize_dns_domain,
    sanitize_label_value,
    sanitize_name_value,
)
from edgelint.edgeagent.volumes import empty_mount_fields, null_mount_fields
from edgelint.k8s.preview import PreviewError, preview
from edgelint.k8s.settings import AGENT_RESOURCES, PROXY_RESOURCES, AgentSettings
from edgelint.session import Options, Session

SESSION = Session(Options(isolated=True))


def run(text, **settings):
    return preview("deployment.json", text.encode(), AgentSettings(**settings), session=SESSION)


def find(result, kind, name):
    (obj,) = [o for o in result.translation.objects if o.kind == kind and o.name == name]
    return obj


def containers(result, name):
    pod = find(result, "Deployment", name).body["spec"]["template"]["spec"]
    proxy, container = pod["containers"]
    assert proxy["name"] == "proxy"
    return pod, container


def exceptions(obj):
    return [error.exception for error in obj.errors]


def rule_ids(obj):
    """The rules whose errors explain why the device rejects the object."""
    return sorted({finding.rule_id for finding in obj.findings if finding.level == "error"})


# --- edgeAgent's unit-test cases ------------------------------------------------------------------------------


def test_pod_property_translation():
    text = manifest_text(
        deployment(
            {
                "Module1": module(
                    {
                        "Labels": {"demo": "test"},
                        "HostConfig": {"Privileged": True, "Binds": ["/home/blah:/home/blah2:ro"]},
                    },
                    stringify=True,
                )
            }
        )
    )
    result = run(text)
    pod, container = containers(result, "module1")
    kube_deployment = find(result, "Deployment", "module1").body
    assert kube_deployment["spec"]["template"]["metadata"]["annotations"] == {
        "demo": "test",
        "net.azure-devices.edge.original-moduleid": "Module1",
    }
    assert container["name"] == "module1"
    assert container["securityContext"] == {"privileged": True}
    assert container["volumeMounts"] == [{"name": "homeblah", "mountPath": "/home/blah2", "readOnly": True}]
    assert [m["name"] for m in pod["containers"][0]["volumeMounts"]] == ["config-volume", "trust-bundle-volume"]
    assert pod["volumes"] == [
        {"name": "config-volume", "configMap": {"name": "iotedged-proxy-config"}},
        {"name": "trust-bundle-volume", "configMap": {"name": "iotedged-proxy-trust-bundle"}},
        {"name": "homeblah", "hostPath": {"path": "/home/blah", "type": "DirectoryOrCreate"}},
    ]
    assert "imagePullSecrets" not in pod
    assert "securityContext" not in pod


def test_empty_label_key_throws():
    result = run(manifest_text(deployment({"module1": module({"Labels": {"": "test"}}, stringify=True)})))
    kube_deployment = find(result, "Deployment", "module1")
    assert exceptions(kube_deployment) == ["InvalidKubernetesNameException"]
    assert kube_deployment.rejected and result.rejected


@pytest.mark.parametrize(("status", "replicas"), [("stopped", 0), ("running", 1), (None, 1)])
def test_stopped_module_has_zero_replicas(status, replicas):
    result = run(manifest_text(deployment({"module1": module({}, stringify=True, status=status)})))
    assert find(result, "Deployment", "module1").body["spec"]["replicas"] == replicas


def test_volume_mount_references_a_claim_and_creates_none():
    text = manifest_text(
        deployment(
            {
                "module1": module(
                    {
                        "HostConfig": {
                            "Mounts": [
                                {"Type": "volume", "Source": "a-volume", "Target": "/tmp/volume", "ReadOnly": True}
                            ]
                        }
                    },
                    stringify=True,
                )
            }
        )
    )
    result = run(text)
    pod, container = containers(result, "module1")
    assert pod["volumes"][2] == {
        "name": "a-volume",
        "persistentVolumeClaim": {"claimName": "a-volume", "readOnly": True},
    }
    assert container["volumeMounts"] == [{"name": "a-volume", "mountPath": "/tmp/volume", "readOnly": True}]
    assert [o.kind for o in result.translation.objects] == ["ServiceAccount", "Deployment"]


def test_one_volume_per_source_and_a_mount_each():
    text = manifest_text(
        deployment(
            {
                "module1": module(
                    {
                        "HostConfig": {
                            "Binds": ["/home/bind:/home/bind1", "/home/bind:/home/bind2:ro"],
                            "Mounts": [
                                {"Type": "volume", "ReadOnly": True, "Source": "a-volume", "Target": "/tmp/volume1"},
                                {"Type": "volume", "ReadOnly": False, "Source": "a-volume", "Target": "/tmp/volume2"},
                                {"Type": "volume", "ReadOnly": True, "Source": "b-volume", "Target": "/tmp/volume3"},
                                {"Type": "volume", "ReadOnly": True, "Source": "b-volume", "Target": "/tmp/volume4"},
                                {
                                    "Type": "Bind",
                                    "ReadOnly": True,
                                    "Source": "/home/data/test",
                                    "Target": "/home/test1",
                                },
                                {
                                    "Type": "Bind",
                                    "ReadOnly": False,
                                    "Source": "/home/data/test",
                                    "Target": "/home/test2",
                                },
                            ],
                        }
                    },
                    stringify=True,
                )
            }
        )
    )
    pod, container = containers(run(text), "module1")
    assert pod["volumes"][2:] == [
        {"name": "homebind", "hostPath": {"path": "/home/bind", "type": "DirectoryOrCreate"}},
        {"name": "homedatatest", "hostPath": {"path": "/home/data/test", "type": "DirectoryOrCreate"}},
        {"name": "a-volume", "persistentVolumeClaim": {"claimName": "a-volume", "readOnly": False}},
        {"name": "b-volume", "persistentVolumeClaim": {"claimName": "b-volume", "readOnly": True}},
    ]
    assert [(m["name"], m["mountPath"], m["readOnly"]) for m in container["volumeMounts"]] == [
        ("homebind", "/home/bind1", False),
        ("homebind", "/home/bind2", True),
        ("homedatatest", "/home/test1", True),
        ("homedatatest", "/home/test2", False),
        ("a-volume", "/tmp/volume1", True),
        ("a-volume", "/tmp/volume2", False),
        ("b-volume", "/tmp/volume3", True),
        ("b-volume", "/tmp/volume4", True),
    ]


@pytest.mark.parametrize("missing", ["Type", "Source", "Target"])
def test_mount_without_type_source_or_target_throws(missing):
    mount = {"Type": "volume", "ReadOnly": True, "Source": "a-volume", "Target": "/tmp/volume"}
    del mount[missing]
    result = run(manifest_text(deployment({"module1": module({"HostConfig": {"Mounts": [mount]}}, stringify=True)})))
    kube_deployment = find(result, "Deployment", "module1")
    assert exceptions(kube_deployment) == ["InvalidMountException"]
    assert rule_ids(kube_deployment) == ["EL003"]


def test_a_read_write_claim_is_the_volume_of_every_mount_of_its_name():
    text = manifest_text(
        deployment(
            {
                "module1": module(
                    {
                        "HostConfig": {
                            "Binds": ["/data:/a"],
                            "Mounts": [
                                {"Type": "volume", "Source": "data", "Target": "/b", "ReadOnly": True},
                                {"Type": "volume", "Source": "data", "Target": "/c"},
                                {"Type": "bind", "Source": "/logs", "Target": "/d"},
                                {"Type": "volume", "Source": "logs", "Target": "/e", "ReadOnly": True},
                            ],
                        }
                    },
                    stringify=True,
                )
            }
        )
    )
    result = run(text)
    pod, container = containers(result, "module1")
    assert pod["volumes"][2:] == [
        {"name": "data", "persistentVolumeClaim": {"claimName": "data", "readOnly": False}},
        {"name": "logs", "hostPath": {"path": "/logs", "type": "DirectoryOrCreate"}},
    ]
    assert [(m["name"], m["mountPath"]) for m in container["volumeMounts"]] == [
        ("data", "/a"),
        ("logs", "/d"),
        ("data", "/b"),
        ("data", "/c"),
        ("logs", "/e"),
    ]
    kube_deployment = find(result, "Deployment", "module1")
    assert sorted(f.rule_id for f in kube_deployment.findings if f.rule_id == "EL030") == ["EL030", "EL030"]


def test_empty_mount_fields_drop_throw_or_reject_as_the_agent_does():
    dropped = run(
        manifest_text(
            deployment(
                {
                    "module1": module(
                        {"HostConfig": {"Mounts": [{"Type": "", "Source": "", "Target": ""}]}}, stringify=True
                    ),
                }
            )
        )
    )
    pod, container = containers(dropped, "module1")
    assert [v["name"] for v in pod["volumes"]] == ["config-volume", "trust-bundle-volume"]
    assert container.get("volumeMounts") in (None, [])
    assert not find(dropped, "Deployment", "module1").rejected

    thrown = run(
        manifest_text(
            deployment(
                {
                    "module1": module(
                        {"HostConfig": {"Mounts": [{"Type": "volume", "Source": "", "Target": "/x"}]}}, stringify=True
                    ),
                }
            )
        )
    )
    assert exceptions(find(thrown, "Deployment", "module1")) == ["InvalidKubernetesNameException"]

    rejected = run(
        manifest_text(
            deployment(
                {
                    "module1": module(
                        {"HostConfig": {"Mounts": [{"Type": "bind", "Source": "/srv", "Target": ""}]}}, stringify=True
                    ),
                }
            )
        )
    )
    kube_deployment = find(rejected, "Deployment", "module1")
    assert exceptions(kube_deployment) == [] and rule_ids(kube_deployment) == ["EL003"] and kube_deployment.rejected
    assert containers(rejected, "module1")[1]["volumeMounts"] == [{"name": "srv", "mountPath": "", "readOnly": False}]

    bind = run(manifest_text(deployment({"module1": module({"HostConfig": {"Binds": ["/srv:"]}}, stringify=True)})))
    kube_deployment = find(bind, "Deployment", "module1")
    assert exceptions(kube_deployment) == [] and rule_ids(kube_deployment) == ["EL003"] and kube_deployment.rejected
    thrown = run(manifest_text(deployment({"module1": module({"HostConfig": {"Binds": [":/data"]}}, stringify=True)})))
    assert exceptions(find(thrown, "Deployment", "module1")) == ["InvalidKubernetesNameException"]


def test_a_quantity_the_agent_cannot_read_fails_the_deployment():
    text = manifest_text(
        deployment(
            {
                "module1": module(
                    {"k8s-experimental": {"resources": {"limits": {"memory": "10MB", "cpu": "1 "}}}}, stringify=True
                ),
            }
        )
    )
    result = run(text)
    kube_deployment = find(result, "Deployment", "module1")
    assert exceptions(kube_deployment) == ["ArgumentException"]
    assert [f.rule_id for f in kube_deployment.findings if f.rule_id == "EL013"] == ["EL013"]


def test_k8s_volumes_are_added_even_when_a_name_is_taken():
    text = manifest_text(
        deployment(
            {
                "module1": module(
                    {
                        "HostConfig": {"Binds": ["/home/blah:/home/blah2:ro"]},
                        "k8s-experimental": {
                            "volumes": [
                                {
                                    "volume": {"name": "homeblah", "configMap": {"name": "additional-config-map"}},
                                    "volumeMounts": [{"name": "homeblah", "mountPath": "/home/blah"}],
                                }
                            ]
                        },
                    },
                    stringify=True,
                )
            }
        )
    )
    result = run(text)
    pod, container = containers(result, "module1")
    assert [v["name"] for v in pod["volumes"]] == ["config-volume", "trust-bundle-volume", "homeblah", "homeblah"]
    assert [m["name"] for m in container["volumeMounts"]] == ["homeblah", "homeblah"]
    kube_deployment = find(result, "Deployment", "module1")
    assert "EL026" in rule_ids(kube_deployment) and kube_deployment.rejected


def test_resources_are_copied():
    resources = {
        "limits": {"memory": "128Mi", "cpu": "500M", "hardware-vendor.example/foo": 2},
        "requests": {"memory": "64Mi", "cpu": "250M", "hardware-vendor.example/foo": 1},
    }
    _, container = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"k8s-experimental": {"resources": resources}}, stringify=True),
                    }
                )
            )
        ),
        "module1",
    )
    assert container["resources"] == {
        "limits": {"memory": "128Mi", "cpu": "500M", "hardware-vendor.example/foo": "2"},
        "requests": {"memory": "64Mi", "cpu": "250M", "hardware-vendor.example/foo": "1"},
    }


def test_no_resources_but_defaults_for_the_agent_and_the_proxy():
    result = run(
        manifest_text(
            deployment(
                {"module1": module({}, stringify=True)},
                system={
                    "edgeAgent": module({}, stringify=True),
                },
            )
        )
    )
    pod, container = containers(result, "module1")
    assert "resources" not in container
    assert pod["containers"][0]["resources"] == PROXY_RESOURCES
    _, agent = containers(result, "edgeagent")
    assert agent["resources"] == AGENT_RESOURCES


def test_node_selector():
    pod, _ = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"k8s-experimental": {"nodeSelector": {"disktype": "ssd"}}}, stringify=True),
                    }
                )
            )
        ),
        "module1",
    )
    assert pod["nodeSelector"] == {"disktype": "ssd"}
    pod, _ = containers(run(manifest_text(deployment({"module1": module({}, stringify=True)}))), "module1")
    assert "nodeSelector" not in pod


def test_cmd_entrypoint_working_dir():
    options = {"Cmd": ["argument1", "argument2"], "Entrypoint": ["command", "argument-a"], "WorkingDir": "/tmp/working"}
    _, container = containers(run(manifest_text(deployment({"module1": module(options, stringify=True)}))), "module1")
    assert container["args"] == ["argument1", "argument2"]
    assert container["command"] == ["command", "argument-a"]
    assert container["workingDir"] == "/tmp/working"


@pytest.mark.parametrize(
    ("options", "exception"),
    [
        ({"Entrypoint": "a-command"}, "JsonSerializationException"),
        ({"Cmd": {"argument1": "argument2"}}, "JsonSerializationException"),
        ({"WorkingDir": ["/tmp/working"]}, "ArgumentException"),
    ],
)
def test_command_shapes_that_throw(options, exception):
    kube_deployment = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(options, stringify=True),
                    }
                )
            )
        ),
        "Deployment",
        "module1",
    )
    assert exceptions(kube_deployment) == [exception]
    assert rule_ids(kube_deployment) == ["EL024"]


def test_lower_case_keys_are_read():
    options = {"cmd": ["argument1"], "entrypoint": ["command"], "workingdir": "/tmp/working"}
    _, container = containers(run(manifest_text(deployment({"module1": module(options, stringify=True)}))), "module1")
    assert (container["args"], container["command"], container["workingDir"]) == (
        ["argument1"],
        ["command"],
        "/tmp/working",
    )


def test_env_entries_split_at_the_first_equals_sign():
    env = [
        "a=b",
        "ALL_EQUALS=====",
        "HAS_SPACES=this variable has spaces",
        "B=b=c",
        "BASE64_TEXT=YmFzZTY0Cg==",
        "==not a valid env var",
    ]
    text = manifest_text(
        deployment(
            {
                "module1": module(
                    {"Env": env}, stringify=True, env={"FROM_SECTION": {"value": 5}, "a": {"value": "section"}}
                ),
            }
        )
    )
    _, container = containers(run(text), "module1")
    assert container["env"][:7] == [
        {"name": "FROM_SECTION", "value": "5"},
        {"name": "a", "value": "section"},
        {"name": "a", "value": "b"},
        {"name": "ALL_EQUALS", "value": "===="},
        {"name": "HAS_SPACES", "value": "this variable has spaces"},
        {"name": "B", "value": "b=c"},
        {"name": "BASE64_TEXT", "value": "YmFzZTY0Cg=="},
    ]
    assert [variable["name"] for variable in container["env"][7:]] == [
        "IOTEDGE_IOTHUBHOSTNAME",
        "IOTEDGE_AUTHSCHEME",
        "RuntimeLogLevel",
        "IOTEDGE_WORKLOADURI",
        "IOTEDGE_MODULEGENERATIONID",
        "IOTEDGE_DEVICEID",
        "IOTEDGE_MODULEID",
        "IOTEDGE_APIVERSION",
        "EdgeDeviceHostName",
        "IOTEDGE_GATEWAYHOSTNAME",
    ]
    assert container["env"][-1] == {"name": "IOTEDGE_GATEWAYHOSTNAME", "value": "edgehub"}


@pytest.mark.parametrize(
    ("host_config", "expected"),
    [
        ({"IpcMode": "host"}, {"hostIPC": True}),
        ({"IpcMode": "private"}, {"hostIPC": False}),
        ({"NetworkMode": "host"}, {"hostNetwork": True, "dnsPolicy": "ClusterFirstWithHostNet"}),
        ({"NetworkMode": "bridge"}, {"hostNetwork": False}),
        ({"PidMode": "host"}, {"hostPID": True}),
        ({"PidMode": "container:module-a"}, {"hostPID": False}),
        ({}, {}),
    ],
)
def test_host_namespaces(host_config, expected):
    pod, _ = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"HostConfig": host_config}, stringify=True),
                    }
                )
            )
        ),
        "module1",
    )
    fields = ("hostIPC", "hostNetwork", "hostPID", "dnsPolicy")
    assert {key: pod[key] for key in fields if key in pod} == expected


K8S_OPTIONS = {
    "k8s-experimental": {
        "volumes": [
            {"volume": {"name": "extra", "emptyDir": {}}, "volumeMounts": [{"name": "extra", "mountPath": "/x"}]}
        ],
        "resources": {"limits": {"memory": "128Mi"}},
        "nodeSelector": {"disktype": "ssd"},
    }
}


def test_k8s_options_ignored_when_extensions_are_off():
    pod, container = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(K8S_OPTIONS, stringify=True),
                    }
                )
            ),
            k8s_extensions=False,
        ),
        "module1",
    )
    assert "nodeSelector" not in pod and "resources" not in container and "volumeMounts" not in container
    pod, container = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(K8S_OPTIONS, stringify=True),
                    }
                )
            )
        ),
        "module1",
    )
    assert pod["nodeSelector"] and container["resources"] and container["volumeMounts"]


@pytest.mark.parametrize("section", ["", {"a": {"a": "b"}}])
def test_wrong_or_unknown_k8s_sections_are_ignored(section):
    plain = find(run(manifest_text(deployment({"module1": module({}, stringify=True)}))), "Deployment", "module1").body
    kube_deployment = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"k8s-experimental": section}, stringify=True),
                    }
                )
            )
        ),
        "Deployment",
        "module1",
    )
    assert kube_deployment.body == plain
    assert kube_deployment.errors == []


def test_strategy():
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"k8s-experimental": {"strategy": strategy}}, stringify=True),
                }
            )
        )
    )
    assert find(result, "Deployment", "module1").body["spec"]["strategy"] == strategy
    assert (
        "strategy"
        not in find(
            run(
                manifest_text(
                    deployment(
                        {
                            "module1": module({}, stringify=True),
                        }
                    )
                )
            ),
            "Deployment",
            "module1",
        ).body["spec"]
    )


def test_service_options_in_any_case():
    options = {
        "ExposedPorts": {"80/tcp": {}},
        "k8s-experimental": {"serviceOptions": {"type": "nodeport", "loadbalancerip": "100.1.2.3"}},
    }
    spec = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(options, stringify=True),
                    }
                )
            )
        ),
        "Service",
        "module1",
    ).body["spec"]
    assert (spec["type"], spec["loadBalancerIP"]) == ("NodePort", "100.1.2.3")


def test_no_ports_no_service():
    assert [
        o.kind
        for o in run(
            manifest_text(
                deployment(
                    {
                        "module1": module({}, stringify=True),
                    }
                )
            )
        ).translation.objects
    ] == ["ServiceAccount", "Deployment"]


def test_exposed_ports_only_give_a_cluster_ip_service():
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"ExposedPorts": {"80/tcp": {}, "5000/udp": {}}}, stringify=True),
                }
            )
        ),
        service_type="LoadBalancer",
    )
    spec = find(result, "Service", "module1").body["spec"]
    assert spec["type"] == "ClusterIP"
    assert spec["ports"] == [
        {"name": "exposedport-80-tcp", "protocol": "TCP", "port": 80},
        {"name": "exposedport-5000-udp", "protocol": "UDP", "port": 5000},
    ]
    _, container = containers(result, "module1")
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 5000, "protocol": "UDP"}]


def test_host_ports_give_the_default_type_and_mix_protocols():
    bindings = {"80/tcp": [{"HostPort": "8080"}], "5000/udp": [{"HostPort": "5050"}]}
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"HostConfig": {"PortBindings": bindings}}, stringify=True),
                }
            )
        ),
        service_type="LoadBalancer",
    )
    service = find(result, "Service", "module1")
    assert service.body["spec"]["type"] == "LoadBalancer"
    assert service.body["spec"]["ports"] == [
        {"name": "hostport-80-tcp", "protocol": "TCP", "port": 8080, "targetPort": 80},
        {"name": "hostport-5000-udp", "protocol": "UDP", "port": 5050, "targetPort": 5000},
    ]
    assert rule_ids(service) == ["EL004"] and service.fails_at_run_time and not service.rejected


@pytest.mark.parametrize(("kind", "expected"), [("clusterIP", "ClusterIP"), (None, "LoadBalancer")])
def test_service_options_override_the_default(kind, expected):
    options = {
        "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}},
        "k8s-experimental": {"serviceOptions": {"type": kind, "loadBalancerIP": "10.0.0.5"}},
    }
    spec = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(options, stringify=True),
                    }
                )
            ),
            service_type="LoadBalancer",
        ),
        "Service",
        "module1",
    ).body["spec"]
    assert (spec["type"], spec["loadBalancerIP"]) == (expected, "10.0.0.5")


def test_service_annotations_are_labels_with_sanitised_keys():
    options = {
        "ExposedPorts": {"80/tcp": {}},
        "Labels": {"Complicated Value that doesn't fit in k8s label name": "Complicated Value", "Label2": "Value2"},
    }
    service = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(options, stringify=True),
                    }
                )
            )
        ),
        "Service",
        "module1",
    ).body
    assert service["metadata"]["annotations"] == {
        "ComplicatedValuethatdoesntfitink8slabelname": "Complicated Value",
        "Label2": "Value2",
    }


def test_service_name_is_the_module_name():
    result = run(manifest_text(deployment({"Module1": module({"ExposedPorts": {"80/tcp": {}}}, stringify=True)})))
    assert find(result, "Service", "module1").body["metadata"]["labels"]["net.azure-devices.edge.module"] == "module1"


@pytest.mark.parametrize("names", [("module1", "Module1"), ("my_module", "mymodule")], ids=["case-only", "underscore"])
def test_name_collision_rejects_the_deployment(names):
    result = run(manifest_text(deployment({name: module({}, stringify=True) for name in names})))
    assert [error.exception for error in result.translation.errors] == ["InvalidIdentityException"]
    assert result.rejected
    assert "rejected EL020: the agent throws InvalidIdentityException" in result.text


def test_module_not_of_type_docker():
    result = run(manifest_text(deployment({"module1": module({}, stringify=True, type="rkt")})))
    assert [error.exception for error in result.translation.errors] == ["InvalidModuleException"]


def test_port_keys():
    ports = {key: {} for key in ("123/HTTP", "1a23/TCP", "10/tcp/udp", "", "3434", "10/SCTP")}
    result = run(manifest_text(deployment({"module1": module({"ExposedPorts": ports}, stringify=True)})))
    assert find(result, "Service", "module1").body["spec"]["ports"] == [
        {"name": "exposedport-3434-tcp", "protocol": "TCP", "port": 3434},
        {"name": "exposedport-10-sctp", "protocol": "SCTP", "port": 10},
    ]


def test_names():
    options = {"Labels": {"K8S.IO/---a-0--": "x"}, "HostConfig": {"Binds": ["/" + "a" * 64 + ":/d"]}}
    result = run(
        manifest_text(
            deployment(
                {"---a-0---": module(options, stringify=True)},
                system={
                    "edgeAgent": module({}, stringify=True),
                },
            )
        )
    )
    assert find(result, "Deployment", "edgeagent").body["spec"]["template"]["metadata"]["annotations"] == {
        "net.azure-devices.edge.original-moduleid": "edgeAgent",
    }
    kube_deployment = find(result, "Deployment", "---a-0---")
    assert "k8s.io/a-0" in kube_deployment.body["spec"]["template"]["metadata"]["annotations"]
    assert exceptions(kube_deployment) == ["InvalidKubernetesNameException"]


def test_claims_with_a_storage_class():
    mounts = [
        {"Type": "volume", "Source": "a-volume", "Target": "/a", "ReadOnly": True},
        {"Type": "volume", "Source": "b-volume", "Target": "/b"},
    ]
    text = manifest_text(deployment({"module1": module({"HostConfig": {"Mounts": mounts}}, stringify=True)}))
    objects = run(text, storage_class="", claim_size_mb=10).translation.objects
    claims = [o for o in objects if o.kind == "PersistentVolumeClaim"]
    size = {"requests": {"storage": "10Mi"}}
    assert [(c.name, c.body["spec"]) for c in claims] == [
        ("a-volume", {"accessModes": ["ReadOnlyMany"], "resources": size, "storageClassName": ""}),
        ("b-volume", {"accessModes": ["ReadWriteMany"], "resources": size, "storageClassName": ""}),
    ]
    named = run(text, storage_class="", use_mount_source_for_volume_name=True).translation.objects
    assert [o.body["spec"]["volumeName"] for o in named if o.kind == "PersistentVolumeClaim"] == [
        "a-volume",
        "b-volume",
    ]
    assert not [o for o in run(text).translation.objects if o.kind == "PersistentVolumeClaim"]
    sourceless = manifest_text(
        deployment(
            {
                "module1": module({"HostConfig": {"Mounts": [{"Type": "volume", "Target": "/a"}]}}, stringify=True),
            }
        )
    )
    kube_deployment = find(run(sourceless, storage_class=""), "Deployment", "module1")
    # The Deployment mapper throws first; the reconcile never reaches the claims.
    assert exceptions(kube_deployment) == ["InvalidMountException"]


def test_claim_mapper_throws_for_a_volume_without_source():
    from edgelint.k8s.model import ModuleMapping
    from edgelint.k8s.volumes import claims
    from edgelint.manifest import build_manifest
    from edgelint.source.json_spans import parse_json

    text = manifest_text(
        deployment(
            {
                "module1": module({"HostConfig": {"Mounts": [{"Type": "volume", "Target": "/a"}]}}, stringify=True),
            }
        )
    )
    (edge_module,) = build_manifest(parse_json(text), text).modules
    mapping = ModuleMapping(edge_module, AgentSettings(storage_class=""), text)
    assert claims(mapping) == []
    assert exceptions(mapping) == ["InvalidKubernetesNameException"]


def test_claims_shared_by_modules_come_from_the_first():
    first = {"HostConfig": {"Mounts": [{"Type": "volume", "Source": "share", "Target": "/a", "ReadOnly": True}]}}
    second = {"HostConfig": {"Mounts": [{"Type": "volume", "Source": "share", "Target": "/b"}]}}
    result = run(
        manifest_text(
            deployment(
                {
                    "one": module(first, stringify=True),
                    "two": module(second, stringify=True),
                }
            )
        ),
        storage_class="default",
    )
    (claim,) = [o for o in result.translation.objects if o.kind == "PersistentVolumeClaim"]
    assert (claim.body["spec"]["accessModes"], claim.modules) == (["ReadOnlyMany"], ["one", "two"])
    assert claim in result.translation.for_module("two")


def test_same_port_number_for_tcp_and_udp_keeps_one_service_port():
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"ExposedPorts": {"53/tcp": {}, "53/udp": {}}}, stringify=True),
                }
            )
        )
    )
    _, container = containers(result, "module1")
    assert container["ports"] == [{"containerPort": 53, "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}]
    service = find(result, "Service", "module1")
    assert service.body["spec"]["ports"] == [{"name": "exposedport-53-udp", "protocol": "UDP", "port": 53}]
    assert [(f.rule_id, f.level) for f in service.findings] == [("EL004", "warning")] and not service.rejected


def test_two_host_ports_for_one_container_port_share_a_name():
    bindings = {"80/tcp": [{"HostPort": "8080"}, {"HostPort": "8081"}]}
    service = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"HostConfig": {"PortBindings": bindings}}, stringify=True),
                    }
                )
            )
        ),
        "Service",
        "module1",
    )
    assert [(p["name"], p["port"]) for p in service.body["spec"]["ports"]] == [
        ("hostport-80-tcp", 8080),
        ("hostport-80-tcp", 8081),
    ]
    assert rule_ids(service) == ["EL006"] and service.rejected


def test_port_keys_with_empty_parts_are_ports():
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"ExposedPorts": {"80/": {}, "/81/udp": {}}}, stringify=True),
                }
            )
        )
    )
    assert find(result, "Service", "module1").body["spec"]["ports"] == [
        {"name": "exposedport-80-tcp", "protocol": "TCP", "port": 80},
        {"name": "exposedport-81-udp", "protocol": "UDP", "port": 81},
    ]
    _, container = containers(result, "module1")
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 81, "protocol": "UDP"}]


def test_service_ports_are_keyed_by_the_host_port():
    bindings = {"53/tcp": [{"HostPort": "5353"}], "53/udp": [{"HostPort": "5354"}]}
    options = {"HostConfig": {"PortBindings": bindings}, "k8s-experimental": {"serviceOptions": {"type": "ClusterIP"}}}
    service = find(run(manifest_text(deployment({"module1": module(options, stringify=True)}))), "Service", "module1")
    assert service.body["spec"]["ports"] == [
        {"name": "hostport-53-tcp", "protocol": "TCP", "port": 5353, "targetPort": 53},
        {"name": "hostport-53-udp", "protocol": "UDP", "port": 5354, "targetPort": 53},
    ]
    assert service.findings == [] and not service.rejected


def test_a_host_port_replaces_an_exposed_port_of_the_same_number():
    options = {"ExposedPorts": {"8080/udp": {}}, "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}
    service = find(run(manifest_text(deployment({"module1": module(options, stringify=True)}))), "Service", "module1")
    assert service.body["spec"]["ports"] == [
        {"name": "hostport-80-tcp", "protocol": "TCP", "port": 8080, "targetPort": 80}
    ]
    assert [(f.rule_id, f.level) for f in service.findings] == [("EL004", "warning")] and not service.rejected


def test_empty_port_bindings_make_the_service_a_load_balancer():
    options = {"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": {}}}
    service = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(options, stringify=True),
                    }
                )
            ),
            service_type="LoadBalancer",
        ),
        "Service",
        "module1",
    )
    assert service.body["spec"]["type"] == "LoadBalancer"
    assert [(f.rule_id, f.level) for f in service.findings] == [("EL044", "warning")] and not service.rejected
    null = {"ExposedPorts": {"8080/tcp": {}}, "HostConfig": {"PortBindings": None}}
    assert (
        find(
            run(
                manifest_text(
                    deployment(
                        {
                            "module1": module(null, stringify=True),
                        }
                    )
                )
            ),
            "Service",
            "module1",
        ).body["spec"]["type"]
        == "ClusterIP"
    )


def test_a_host_port_outside_the_port_range_is_shown_and_rejected():
    service = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(
                            {"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "0"}]}}}, stringify=True
                        ),
                    }
                )
            )
        ),
        "Service",
        "module1",
    )
    assert service.body["spec"]["ports"] == [
        {"name": "hostport-80-tcp", "protocol": "TCP", "port": 0, "targetPort": 80}
    ]
    assert rule_ids(service) == ["EL005"] and service.rejected


def test_null_bindings_make_the_agent_throw():
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module(
                        {"ExposedPorts": {"80/tcp": {}}, "HostConfig": {"PortBindings": {"80/tcp": None}}},
                        stringify=True,
                    ),
                }
            )
        )
    )
    kube_deployment, service = find(result, "Deployment", "module1"), find(result, "Service", "module1")
    assert exceptions(kube_deployment) == ["ArgumentNullException"] and result.rejected
    assert rule_ids(service) == ["EL005"]
    assert (
        "rejected EL005: the agent throws ArgumentNullException: the port entry `80/tcp` cannot be read" in result.text
    )
    unknown = {"HostConfig": {"PortBindings": {"80/tcp": "${BINDINGS}", "${PORT}/tcp": None}}}
    assert not run(manifest_text(deployment({"module1": module(unknown, stringify=True)}))).rejected


def test_file_bind_becomes_a_directory_host_path():
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime:ro"]}}, stringify=True),
                }
            )
        )
    )
    pod, _ = containers(result, "module1")
    assert pod["volumes"][2] == {
        "name": "etclocaltime",
        "hostPath": {"path": "/etc/localtime", "type": "DirectoryOrCreate"},
    }
    kube_deployment = find(result, "Deployment", "module1")
    assert "EL001" in rule_ids(kube_deployment) and kube_deployment.fails_at_run_time and not kube_deployment.rejected


# --- sanitisers and readers added for the preview ------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("K8S.IO/---a-0--", "k8s.io/a-0"),
        ("Complicated Value that doesn't fit in k8s label name", "ComplicatedValuethatdoesntfitink8slabelname"),
        ("demo", "demo"),
        ("com.example.vendor", "com.example.vendor"),
        ("", None),
        ("---", None),
        ("a" * 64, None),
        ("1.2/name", None),
        ("/name", None),
    ],
)
def test_annotation_keys(key, expected):
    assert sanitize_annotation_key(key) == expected


def test_name_values_domains_and_label_values():
    assert sanitize_name_value("_a.b-") == "a.b"
    assert sanitize_dns_domain("My-Registry.AzureCR.io") == "my-registry.azurecr.io"
    assert sanitize_dns_domain("9lives.io") == "lives.io"
    assert sanitize_dns_domain("a..b") is None
    assert sanitize_label_value("My-Hub.azure-devices.net") == "my-hub.azure-devices.net"
    assert sanitize_label_value("") is None


@pytest.mark.parametrize(
    ("username", "address", "expected"),
    [
        ("user", "docker.io", "user-docker.io"),
        ("Contoso", "https://contoso.azurecr.io/v2/", "contoso-contoso.azurecr.io"),
        ("user", "localhost:5000", "user-localhost-5000"),
        ("---", "docker.io", "docker.io"),
        ("a" * 64, "docker.io", None),
        ("a..b", "docker.io", None),
    ],
)
def test_image_pull_secret_names(username, address, expected):
    assert image_pull_secret_name(username, address) == expected


@pytest.mark.parametrize(
    ("image", "registry", "full"),
    [
        ("contoso.azurecr.io/m:1", "contoso.azurecr.io", "contoso.azurecr.io/m:1"),
        ("localhost:5000/m", "localhost:5000", "localhost:5000/m:latest"),
        ("user/repo", "https://index.docker.io/v1/", "user/repo:latest"),
        ("ubuntu", None, "ubuntu:latest"),
        (" mcr.microsoft.com/azureiotedge-hub:1.1 ", "mcr.microsoft.com", "mcr.microsoft.com/azureiotedge-hub:1.1"),
    ],
)
def test_images(image, registry, full):
    assert image_registry(image.strip()) == registry
    assert docker_image(image) == full


def test_images_the_agent_rejects():
    assert docker_image("a:b:c") is None
    assert docker_image("  ") is None


def test_json_readers():
    assert [json_text(v) for v in (5, 1.5, True, None, "x")] == ["5", "1.5", "True", None, "x"]
    assert [json_bool(v) for v in (True, "TRUE", "false", 1, 0, None)] == [True, True, False, True, False, False]


def test_null_and_empty_mount_fields():
    from edgelint.source.json_spans import parse_json

    mount = parse_json('{"type": "", "Source": null, "target": "", "Target2": null}')
    assert null_mount_fields(mount) == ["Source"]
    assert empty_mount_fields(mount) == ["Type", "Target"]
    assert null_mount_fields(parse_json('{"type": "bind", "Source": " ", "target": "/x"}')) == []


# --- preview behaviour ----------------------------------------------------------------------


def test_pull_secret_for_the_registry_of_the_image():
    credentials = {"acr": {"username": "Contoso", "password": "x", "address": "contoso.azurecr.io"}}
    pod, _ = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({}, stringify=True),
                    },
                    credentials=credentials,
                )
            )
        ),
        "module1",
    )
    assert pod["imagePullSecrets"] == [{"name": "contoso-contoso.azurecr.io"}]


def test_placeholders_are_shown_as_written():
    text = manifest_text(
        deployment(
            {
                "${MODULE_NAME}": module({"HostConfig": {"Binds": ["$APPDATA/data:/data"]}}, stringify=True),
            }
        )
    )
    text = text.replace("contoso.azurecr.io/m:1", "${MODULES.filter}")
    result = run(text)
    pod, container = containers(result, "${MODULE_NAME}")
    assert container["image"] == "${MODULES.filter}"
    assert pod["volumes"][2]["name"] == "$APPDATA/data"
    assert find(result, "Deployment", "${MODULE_NAME}").errors == []


def test_agent_env_names_edge_device_and_module_ids():
    result = run(
        manifest_text(
            deployment(
                {"module1": module({}, stringify=True)},
                system={
                    "edgeAgent": module({}, stringify=True),
                    "edgeHub": module({}, stringify=True),
                },
            )
        ),
        device_id="dev1",
    )
    _, hub = containers(result, "edgehub")
    values = {variable["name"]: variable.get("value") for variable in hub["env"]}
    assert values["IOTEDGE_MODULEID"] == "$edgeHub"
    assert values["IOTEDGE_DEVICEID"] == "dev1"
    assert values["EdgeDeviceHostName"] == "localhost"
    assert "IOTEDGE_GATEWAYHOSTNAME" not in values
    _, agent = containers(result, "edgeagent")
    assert {"name": "K8sNamespace", "value": "iotedge"} in agent["env"]
    assert agent["volumeMounts"] == [{"name": "agent-config-volume", "mountPath": "/etc/edgeAgent", "readOnly": True}]


def test_user_runtime_log_level_is_kept():
    _, container = containers(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"Env": ["RuntimeLogLevel=debug"]}, stringify=True),
                    }
                )
            )
        ),
        "module1",
    )
    assert [v for v in container["env"] if v["name"] == "RuntimeLogLevel"] == [
        {"name": "RuntimeLogLevel", "value": "debug"}
    ]


def test_unreadable_create_options_throw():
    text = manifest_text(
        deployment(
            {
                "module1": module({}, stringify=True),
            }
        )
    ).replace('"createOptions": "{}"', '"createOptions": "[1]"')
    kube_deployment = find(run(text), "Deployment", "module1")
    assert exceptions(kube_deployment) == ["JsonSerializationException"]
    assert rule_ids(kube_deployment) == ["EL027"]


def test_render_names_the_origin_and_the_findings():
    text = manifest_text(
        deployment(
            {
                "module1": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime:ro"]}}, stringify=True),
            }
        )
    )
    rendered = run(text).text
    line = locate(text, '"module1"')[0]
    pointer = "/modulesContent/$edgeAgent/properties.desired/modules/module1"
    assert f"# Deployment iotedge/module1 from deployment.json:{line} {pointer}\n" in rendered
    binds = locate(text, "/etc/localtime:")
    assert (
        f"# fails at run time EL001 at deployment.json:{binds[0]}:{binds[1]}: `/etc/localtime` is a file:" in rendered
    )
    assert f"# warning EL002 at deployment.json:{binds[0]}:{binds[1] - 2}:" in rendered


def test_render_is_multi_document_yaml_with_yaml_1_1_safe_strings():
    from ruamel.yaml import YAML

    text = manifest_text(deployment({"module1": module({"Env": ["FLAG=yes", "TIME=12:30", "N=0"]}, stringify=True)}))
    result = run(text)
    documents = list(YAML(typ="safe").load_all(result.text))
    assert [d["kind"] for d in documents] == ["ServiceAccount", "Deployment"]
    assert '- name: FLAG\n              value: "yes"' in result.text
    assert 'value: "12:30"' in result.text
    env = documents[1]["spec"]["template"]["spec"]["containers"][1]["env"]
    assert env[:3] == [
        {"name": "FLAG", "value": "yes"},
        {"name": "TIME", "value": "12:30"},
        {"name": "N", "value": "0"},
    ]


def test_module_filter_and_unknown_module():
    text = manifest_text(deployment({"one": module({}, stringify=True), "two": module({}, stringify=True)}))
    result = preview("d.json", text.encode(), AgentSettings(), session=SESSION, module="two")
    assert [(o.kind, o.name) for o in result.objects] == [("ServiceAccount", "two"), ("Deployment", "two")]
    with pytest.raises(PreviewError, match=r"no module 'three' in d\.json"):
        preview("d.json", text.encode(), AgentSettings(), session=SESSION, module="three")


def test_not_a_manifest_and_broken_json():
    with pytest.raises(PreviewError, match="not an IoT Edge deployment manifest"):
        preview("package.json", b'{"name": "x"}', AgentSettings(), session=SESSION)
    with pytest.raises(PreviewError, match=r"^d.json:1:1: EL000 Unexpected end of file"):
        preview("d.json", b'{"modulesContent": ', AgentSettings(), session=SESSION)


def test_kubernetes_ready_fixture_is_accepted():
    path = ROOT / "tests" / "fixtures" / "k8s-ready.deployment.json"
    result = preview(str(path), path.read_bytes(), AgentSettings(), session=SESSION)
    assert not result.rejected
    assert [(o.kind, o.name) for o in result.objects if o.kind != "ServiceAccount"] == [
        ("Deployment", "edgeagent"),
        ("Service", "edgehub"),
        ("Deployment", "edgehub"),
        ("Service", "video-analytics"),
        ("Deployment", "video-analytics"),
        ("Deployment", "opcpublisher"),
    ]


# --- command line ---------------------------------------------------------------------------


def test_cli_exit_codes(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(manifest_text(deployment({"module1": module({"ExposedPorts": {"80/tcp": {}}}, stringify=True)})))
    proc = run_cli("k8s", str(good), "--namespace", "edge")
    assert proc.returncode == 0, proc.stderr
    assert "namespace: edge\n" in proc.stdout
    assert proc.stderr == "edgelint k8s: 3 objects, 0 rejected\n"
    bad = tmp_path / "bad.json"
    bad.write_text(
        manifest_text(
            deployment(
                {
                    "module1": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}}, stringify=True),
                }
            )
        )
    )
    proc = run_cli("k8s", str(bad), "--module", "module1")
    assert proc.returncode == 1  # the pod would never start
    assert proc.stderr == "edgelint k8s: 2 objects, 0 rejected, 1 failing at run time\n"
    broken = tmp_path / "broken.json"
    broken.write_text('{"modulesContent": {"$edgeAgent": ')
    proc = run_cli("k8s", str(broken))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"edgelint k8s: error: {broken}:1:")
    assert run_cli("k8s", str(tmp_path / "missing.json")).returncode == 2
    assert run_cli("k8s", str(good), "--service-type", "Ingress").returncode == 2
    assert run_cli("k8s", str(good), "--device-id", "!!!").returncode == 2


def test_readme_preview_example_is_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Preview the Kubernetes objects", 1)[1]
    example = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    command, shown = example[0], [line for line in example[1:] if line != "…"]
    assert command == "$ edgelint k8s examples/fpga-era.deployment.json --module opcpublisher"
    proc = run_cli(*command.split()[2:], cwd=ROOT)
    assert proc.returncode == 1
    output = (proc.stdout + proc.stderr).splitlines()
    position = 0
    for line in shown:  # each shown line appears, in this order
        position = output.index(line, position) + 1


def test_a_security_context_json_net_cannot_read_is_rejected_with_el026():
    kube_deployment = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module(
                            {"k8s-experimental": {"securityContext": {"runAsUser": "abc"}}}, stringify=True
                        ),
                    }
                )
            )
        ),
        "Deployment",
        "module1",
    )
    assert exceptions(kube_deployment) == ["JsonSerializationException"]
    assert [(error.rule_id, error.message) for error in kube_deployment.errors] == [
        ("EL026", "k8s-experimental.securityContext.runAsUser must be a whole number, and `abc` is not one"),
    ]
    assert rule_ids(kube_deployment) == ["EL026"]


def test_the_security_context_and_strategy_as_the_client_sends_them():
    """ToObject<V1PodSecurityContext>() reads "1000" as 1000, matches `RunAsUser` in any case
    and drops members the type does not have; the client writes the API's field names."""
    section = {
        "securityContext": {"RunAsUser": "1000", "runAsNonRoot": "true", "privileged": True},
        "strategy": {"Type": "Recreate", "extra": 1},
    }
    result = run(manifest_text(deployment({"module1": module({"k8s-experimental": section}, stringify=True)})))
    pod, _ = containers(result, "module1")
    assert pod["securityContext"] == {"runAsNonRoot": True, "runAsUser": 1000}
    assert find(result, "Deployment", "module1").body["spec"]["strategy"] == {"type": "Recreate"}


def test_create_options_members_differing_only_in_case_reject_the_whole_deployment():
    """GetCombinedConfig copies OtherProperties into a case-insensitive Dictionary: throws."""
    result = run(
        manifest_text(
            deployment(
                {
                    "module1": module({"Cmd": ["a"], "cmd": ["b"]}, stringify=True),
                    "module2": module({"Env": ["A=1"], "env": ["A=2"]}, stringify=True),
                }
            )
        )
    )
    assert [(e.rule_id, e.exception, e.message) for e in result.translation.errors] == [
        ("EL034", "ArgumentException", "the createOptions members `Cmd` and `cmd` of module1 differ only in case"),
    ]
    assert result.translation.errors[0].node.key == "cmd"


@pytest.mark.parametrize(
    ("env", "exception"),
    [
        (["A=1", None], "NullReferenceException"),
        (["A=1", {"B": "2"}], "JsonSerializationException"),
        ("A=1", "JsonSerializationException"),
    ],
)
def test_env_shapes_that_throw_cite_el022(env, exception):
    kube_deployment = find(
        run(
            manifest_text(
                deployment(
                    {
                        "module1": module({"Env": env}, stringify=True),
                    }
                )
            )
        ),
        "Deployment",
        "module1",
    )
    assert exceptions(kube_deployment) == [exception]
    assert [error.rule_id for error in kube_deployment.errors] == ["EL022"]
    assert rule_ids(kube_deployment) == ["EL022"]


@pytest.mark.parametrize("image", [{"name": "${MODULES.inference}"}, ["contoso.azurecr.io/m:1"]])
def test_an_image_that_is_not_a_string_is_rejected_not_rendered(image):
    text = manifest_text(deployment({"module1": module({}, stringify=True)}))
    document = json.loads(text)
    document["modulesContent"]["$edgeAgent"]["properties.desired"]["modules"]["module1"]["settings"]["image"] = image
    result = run(json.dumps(document))
    kube_deployment = find(result, "Deployment", "module1")
    assert exceptions(kube_deployment) == ["JsonSerializationException"]
    assert "image" not in containers(result, "module1")[1]
