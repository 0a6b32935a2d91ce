"""EL023–EL028 and EL031 (createOptions, k8s-experimental, manifest limits) on hand-written
manifests, including the cases of edgeAgent's own unit tests that concern them."""

import json
import random

import pytest
from conftest import deployment, lint, locate, manifest_text, module, select_rules, spans
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from edgelint.checks.el031_twin_size_limit import (
    compact_bound,
    deployed_size,
    quoting_bound,
    size_bound,
    template_create_options,
    twin_size_limit,
    twins,
)
from edgelint.engine import lint_bytes
from edgelint.manifest import build_manifest
from edgelint.source.json_spans import Extremes, parse_json


def test_ignored_top_level_and_host_config_options():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "User": "1000",
                        "Hostname": "publisher",
                        "Tty": False,
                        "Healthcheck": {"Test": ["CMD", "true"]},
                        "Volumes": {"/data": {}},
                        "StopSignal": "${SIGNAL}",
                        "Image": "other:1",
                        "Labels": {"a": "b"},
                        "HostConfig": {
                            "CapAdd": ["NET_ADMIN"],
                            "ShmSize": 536870912,
                            "LogConfig": {"Type": "json-file"},
                            "RestartPolicy": {"Name": "always"},
                            "ExtraHosts": [],
                            "Privileged": True,
                            "Runtime": "runc",
                        },
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL023"])
    assert spans(findings) == [
        ("EL023", *locate(text, '"User"')),
        ("EL023", *locate(text, '"Hostname"')),
        ("EL023", *locate(text, '"Healthcheck"')),
        ("EL023", *locate(text, '"Volumes"')),
        ("EL023", *locate(text, '"StopSignal"')),  # whatever the placeholder holds
        ("EL023", *locate(text, '"CapAdd"')),
        ("EL023", *locate(text, '"ShmSize"')),
        ("EL023", *locate(text, '"LogConfig"')),
        ("EL023", *locate(text, '"RestartPolicy"')),
    ]
    assert findings[0].message == (
        "User is ignored by Kubernetes IoT Edge: the container runs as the image's user; set "
        "k8s-experimental.securityContext.runAsUser (a numeric id) instead."
    )
    assert findings[3].message == (
        "Volumes is ignored by Kubernetes IoT Edge: the data stays in the container and is lost with the pod; mount "
        "an Edge share there with a HostConfig.Mounts entry of type volume."
    )


def test_docker_reads_keys_case_insensitively():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"hostconfig": {"logconfig": {"type": "json-file"}, "runtime": "kata"}, "user": "root"},
                    stringify=True,
                ),
            }
        )
    )
    assert spans(lint(text, select=["EL023"])) == [
        ("EL023", *locate(text, '\\"logconfig\\"')),
        ("EL023", *locate(text, '\\"runtime\\"')),
        ("EL023", *locate(text, '\\"user\\"')),
    ]


def test_shm_size_is_fine_with_a_memory_volume_at_dev_shm():
    options = {
        "HostConfig": {"ShmSize": 536870912},
        "k8s-experimental": {
            "volumes": [
                {
                    "volume": {"name": "dshm", "emptyDir": {"medium": "Memory"}},
                    "volumeMounts": [{"name": "dshm", "mountPath": "/dev/shm"}],
                }
            ]
        },
    }
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL023"]) == []


def test_namespace_modes_only_host_is_applied():
    text = manifest_text(
        deployment(
            {
                "ipc-host": module({"HostConfig": {"IpcMode": "host", "NetworkMode": "host", "PidMode": "host"}}),
                "ipc-private": module({"HostConfig": {"IpcMode": "private", "NetworkMode": "bridge", "PidMode": ""}}),
                "shareable": module({"HostConfig": {"IpcMode": "shareable", "NetworkMode": "azure-iot-edge"}}),
                "joined": module(
                    {
                        "HostConfig": {
                            "IpcMode": "container:module-a",
                            "PidMode": "container:module-a",
                            "NetworkMode": "container:module-a",
                        }
                    }
                ),
                "isolated": module({"HostConfig": {"NetworkMode": "none", "IpcMode": "${IPC}"}}),
            }
        )
    )
    findings = lint(text, select=["EL023"])
    assert spans(findings) == [
        ("EL023", *locate(text, '"container:module-a"')),
        ("EL023", *locate(text, '"container:module-a"', occurrence=2)),
        ("EL023", *locate(text, '"container:module-a"', occurrence=3)),
        ("EL023", *locate(text, '"none"')),
    ]
    assert findings[0].message == (
        "HostConfig.IpcMode `container:module-a` is ignored by Kubernetes IoT Edge: each module is its own pod, so "
        "this one no longer shares `module-a`'s namespace; set IpcMode to host in both modules to share memory, as "
        "Azure Stack Edge recommends."
    )
    assert findings[3].message.endswith("only `host` is applied, and the pod gets a namespace of its own.")


def test_networking_config_matters_only_without_host_network_mode_or_with_aliases():
    text = manifest_text(
        deployment(
            {
                "both": module(
                    {"NetworkingConfig": {"EndpointsConfig": {"host": {}}}, "HostConfig": {"NetworkMode": "host"}}
                ),
                "endpoint-only": module({"NetworkingConfig": {"EndpointsConfig": {"host": {}}}}),
                "aliases": module(
                    {"NetworkingConfig": {"EndpointsConfig": {"azure-iot-edge": {"Aliases": ["db"]}, "plain": {}}}}
                ),
            }
        )
    )
    findings = lint(text, select=["EL023"])
    assert spans(findings) == [
        ("EL023", *locate(text, '"host"', occurrence=3)),
        ("EL023", *locate(text, '"azure-iot-edge"')),
    ]
    assert findings[0].message.endswith("the module is not on the host network; set HostConfig.NetworkMode to host.")


def test_tmpfs_and_npipe_mounts_mount_options_and_host_ips():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Mounts": [
                                {"Type": "tmpfs", "Target": "/cache"},
                                {"Type": "NPIPE", "Source": "x", "Target": "y"},
                                {
                                    "Type": "volume",
                                    "Source": "share",
                                    "Target": "/data",
                                    "VolumeOptions": {"DriverConfig": {"Name": "nfs"}},
                                },
                                {
                                    "Type": "bind",
                                    "Source": "/srv",
                                    "Target": "/srv",
                                    "BindOptions": {"Propagation": "rshared"},
                                },
                                {"Type": "${TYPE}", "Source": "a", "Target": "b"},
                            ],
                            "PortBindings": {
                                "80/tcp": [
                                    {"HostIp": "127.0.0.1", "HostPort": "8080"},
                                    {"HostIp": "0.0.0.0", "HostPort": "8081"},
                                ],
                                "81/tcp": [{"HostIp": "", "HostPort": "81"}],
                            },
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL023"])
    assert spans(findings) == [
        ("EL023", *locate(text, '"tmpfs"')),
        ("EL023", *locate(text, '"NPIPE"')),
        ("EL023", *locate(text, '"VolumeOptions"')),
        ("EL023", *locate(text, '"BindOptions"')),
        ("EL023", *locate(text, '"127.0.0.1"')),
    ]
    assert findings[0].message.startswith(
        "A mount of type `tmpfs` is ignored by Kubernetes IoT Edge: nothing is mounted"
    )
    assert findings[4].message.startswith("HostIp `127.0.0.1` is ignored by Kubernetes IoT Edge: the port is published")


def test_privileged_binds_and_labels_are_read():
    options = {"HostConfig": {"Privileged": True, "Binds": ["/home/blah:/home/blah2:ro"]}, "Labels": {"demo": "test"}}
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL023"]) == []


# --- EL024 command-shape --------------------------------------------------------------------


def test_arrays_and_a_string_working_dir_are_read():
    options = {"Cmd": ["argument1", "argument2"], "Entrypoint": ["command", "argument-a"], "WorkingDir": "/tmp/working"}
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL024"]) == []


def test_string_entrypoint_object_cmd_and_array_working_dir_throw():
    text = manifest_text(
        deployment(
            {
                "a": module({"Entrypoint": "a-command"}),
                "b": module({"Cmd": {"argument1": "argument2"}}),
                "c": module({"WorkingDir": ["/tmp/working"]}),
            }
        )
    )
    findings = lint(text, select=["EL024"])
    assert spans(findings) == [
        ("EL024", *locate(text, '"a-command"')),
        ("EL024", *locate(text, '{\n                  "argument1": "argument2"\n                }')),
        ("EL024", *locate(text, '[\n                  "/tmp/working"\n                ]')),
    ]
    assert findings[0].message == (
        "Entrypoint is a string, which Docker reads as a one-item list but Kubernetes IoT Edge cannot read: the agent "
        'throws and no module of the deployment is updated; write it as an array, `["a-command"]`.'
    )
    assert findings[1].message.startswith("Cmd must be an array of strings")
    assert findings[2].message.startswith("WorkingDir must be a string")


def test_lower_case_keys_are_read_too():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"cmd": "--verbose", "entrypoint": ["/app", 12345], "workingdir": "/app", "Cmd2": "x"},
                    stringify=True,
                ),
            }
        )
    )
    findings = lint(text, select=["EL024"])
    assert spans(findings) == [
        ("EL024", *locate(text, '\\"--verbose\\"')),
        ("EL024", *locate(text, "12345")),
    ]
    assert [f.level for f in findings] == ["error", "warning"]
    assert findings[0].message.startswith("cmd is a string")
    assert findings[1].message.startswith("This item of entrypoint is not a string")


def test_object_and_array_items_throw_scalars_are_read_as_text():
    """ToObject<IReadOnlyList<string>>: Json.NET converts a number or boolean item to its text
    (`True` for true), and throws for an object or array item."""
    text = manifest_text(deployment({"m": module({"Cmd": ["--port", {"value": 8080}, True, 8.0, None]})}))
    findings = lint(text, select=["EL024"])
    assert spans(findings) == [
        ("EL024", *locate(text, '{\n                    "value": 8080\n                  }')),
        ("EL024", *locate(text, "true")),
        ("EL024", *locate(text, "8.0")),
    ]
    assert [f.level for f in findings] == ["error", "warning", "warning"]
    assert findings[0].message == (
        "Every item of Cmd must be a string: Kubernetes IoT Edge cannot read this one, so the agent throws and no "
        "module of the deployment is updated."
    )
    assert findings[1].message == (
        "This item of Cmd is not a string: Kubernetes IoT Edge reads it as the text `True`, but Docker rejects it, so "
        "the manifest no longer works on Docker-based IoT Edge; quote it."
    )
    assert findings[2].message.startswith(
        "This item of Cmd is not a string: Kubernetes IoT Edge reads it as the text `8`,"
    )
    assert [f.fix.edits[0].text for f in findings[1:]] == ['"True"', '"8"']
    assert [f.fix.applicability for f in findings[1:]] == ["safe", "safe"]


def test_a_number_working_dir_is_read_as_its_text():
    """ToObject<string>() turns the number 5 into "5": no exception, only Docker refuses it."""
    text = manifest_text(deployment({"m": module({"WorkingDir": 5}), "n": module({"WorkingDir": False})}))
    findings = lint(text, select=["EL024"])
    assert spans(findings) == [("EL024", *locate(text, "5", after="WorkingDir")), ("EL024", *locate(text, "false"))]
    assert [f.level for f in findings] == ["warning", "warning"]
    assert findings[0].message == (
        "WorkingDir is not a string: Kubernetes IoT Edge reads it as the text `5`, but Docker rejects it, so the "
        "manifest no longer works on Docker-based IoT Edge; quote it."
    )
    assert findings[1].message.startswith(
        "WorkingDir is not a string: Kubernetes IoT Edge reads it as the text `False`"
    )


def test_null_commands_and_long_strings():
    text = manifest_text(deployment({"a": module({"Cmd": None, "WorkingDir": None}), "b": module({"Cmd": "x" * 80})}))
    (finding,) = lint(text, select=["EL024"])
    assert finding.message.endswith('write it as an array, `["…"]`.')


# --- EL025 unknown-k8s-option ---------------------------------------------------------------


def test_k8s_experimental_with_other_casing_is_ignored():
    text = manifest_text(
        deployment(
            {
                "m": module({"K8s-Experimental": {"resources": {}}, "k8s_experimental": {}}, stringify=True),
            }
        )
    )
    findings = lint(text, select=["EL025"])
    assert spans(findings) == [
        ("EL025", *locate(text, '\\"K8s-Experimental\\"')),
        ("EL025", *locate(text, '\\"k8s_experimental\\"')),
    ]
    assert findings[0].message == (
        "`K8s-Experimental` is not `k8s-experimental`: the agent reads that name exactly, so everything in this "
        "section is ignored; rename it to `k8s-experimental`."
    )


def test_section_that_is_not_an_object_and_unknown_options():
    text = manifest_text(
        deployment(
            {
                "empty": module({"k8s-experimental": ""}),
                "unknown": module(
                    {
                        "k8s-experimental": {
                            "a": {"a": "b"},
                            "service-options": {"type": "NodePort"},
                            "tolerations": [],
                            "NodeSelector": {"disktype": "ssd"},
                        }
                    }
                ),
            }
        )
    )
    findings = lint(text, select=["EL025"])
    assert spans(findings) == [
        ("EL025", *locate(text, '""')),
        ("EL025", *locate(text, '"a"')),
        ("EL025", *locate(text, '"service-options"')),
        ("EL025", *locate(text, '"tolerations"')),
    ]
    assert findings[0].message.startswith("k8s-experimental must be an object: the agent ignores the whole section")
    assert findings[1].message.endswith(
        "use only nodeSelector, resources, volumes, securityContext, serviceOptions, strategy."
    )
    assert findings[2].message == (
        "`service-options` is not a k8s-experimental option the agent knows: it is dropped with a log warning; "
        "rename it to `serviceOptions`."
    )


def test_the_same_option_twice_in_other_casing():
    text = manifest_text(
        deployment(
            {
                "m": module({"k8s-experimental": {"resources": {}, "Resources": {"limits": {}}}}),
            }
        )
    )
    (finding,) = lint(text, select=["EL025"])
    assert spans([finding]) == [("EL025", *locate(text, '"resources"'))]
    assert finding.message.startswith("`resources` is given again as `Resources`")


# --- EL026 invalid-k8s-option ---------------------------------------------------------------


def test_service_options_are_read_case_insensitively():
    for options in ({"type": "nodeport", "loadbalancerip": "100.1.2.3"}, {"Type": "clusterIP"}, {"type": None}):
        assert (
            lint(
                manifest_text(
                    deployment(
                        {
                            "m": module({"k8s-experimental": {"serviceOptions": options}}),
                        }
                    )
                ),
                select=["EL026"],
            )
            == []
        )


def test_service_type_the_agent_ignores():
    text = manifest_text(deployment({"m": module({"k8s-experimental": {"serviceOptions": {"type": "External"}}})}))
    (finding,) = lint(text, select=["EL026"])
    assert spans([finding]) == [("EL026", *locate(text, '"External"'))]
    assert finding.message.startswith("The agent knows only the Service types ClusterIP, NodePort and LoadBalancer")


def test_valid_strategy_and_node_selector():
    options = {
        "k8s-experimental": {
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}},
            "nodeSelector": {"disktype": "ssd"},
        }
    }
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL026"]) == []


def test_invalid_strategies():
    text = manifest_text(
        deployment(
            {
                "a": module({"k8s-experimental": {"strategy": {"type": "recreate"}}}),
                "b": module({"k8s-experimental": {"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}}}),
                "c": module(
                    {"k8s-experimental": {"strategy": {"rollingUpdate": {"maxSurge": "1", "maxUnavailable": -1}}}}
                ),
                "d": module(
                    {
                        "k8s-experimental": {
                            "strategy": {
                                "type": "RollingUpdate",
                                "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "0%"},
                            }
                        }
                    }
                ),
            }
        )
    )
    findings = lint(text, select=["EL026"])
    assert spans(findings) == [
        ("EL026", *locate(text, '"recreate"')),
        ("EL026", *locate(text, '"rollingUpdate"')),
        ("EL026", *locate(text, '"1"')),
        ("EL026", *locate(text, "-1")),
        ("EL026", *locate(text, '"0%"')),
    ]
    assert findings[0].message == (
        "Kubernetes rejects the module's Deployment: the strategy type must be exactly `Recreate` or `RollingUpdate`."
    )
    assert findings[2].message.endswith("maxSurge must be a whole number or a percentage such as `25%`.")
    assert findings[4].message.endswith("maxUnavailable and maxSurge cannot both be 0; allow one of them.")


def test_options_of_the_wrong_shape():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "k8s-experimental": {
                            "resources": [],
                            "volumes": "none",
                            "strategy": "Recreate",
                            "nodeSelector": {"zone": {"a": 1}},
                            "securityContext": None,
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL026"])
    assert spans(findings) == [
        ("EL026", *locate(text, "[]")),
        ("EL026", *locate(text, '"none"')),
        ("EL026", *locate(text, '"Recreate"')),
        ("EL026", *locate(text, '{\n                      "a": 1\n                    }')),
    ]
    assert findings[0].message == (
        "k8s-experimental.resources must be an object: the agent cannot read it and no module of the deployment is updated."
    )


def test_volume_names_clash_with_binds_and_the_proxy_and_mounts_name_no_volume():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {"Binds": ["/home/blah:/home/blah2:ro"]},
                        "k8s-experimental": {
                            "volumes": [
                                {
                                    "volume": {"name": "homeblah", "configMap": {"name": "cm"}},
                                    "volumeMounts": [{"name": "homeblah", "mountPath": "/home/blah"}],
                                },
                                {
                                    "volume": {"name": "ModuleA", "emptyDir": {}},
                                    "volumeMounts": [{"name": "module-config", "mountPath": "/config"}],
                                },
                                {"volume": {"name": "config-volume", "emptyDir": {}}},
                                {
                                    "volume": {"name": "cache", "emptyDir": {}},
                                    "volumeMounts": [{"name": "cache", "mountPath": "/cache"}],
                                },
                                {"volume": {"name": "cache", "emptyDir": {}}},
                                {"volume": {"emptyDir": {}}},
                                "not an entry",
                            ]
                        },
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL026"])
    assert spans(findings) == [
        ("EL026", *locate(text, '"homeblah"')),
        ("EL026", *locate(text, '"ModuleA"')),
        ("EL026", *locate(text, '"module-config"')),
        ("EL026", *locate(text, '"config-volume"')),
        ("EL026", *locate(text, '"cache"', occurrence=3)),
        ("EL026", *locate(text, '"volume"', occurrence=6)),
        ("EL026", *locate(text, '"not an entry"')),
    ]
    assert [f.message.split(": ", 1)[1] for f in findings[:5]] == [
        "the volume name `homeblah` is also the name the agent gives a Binds or Mounts source of this module; rename it.",
        "the volume name `ModuleA` is not a DNS label (lower-case letters, digits and '-', at most 63).",
        "the volume mount `module-config` names no volume of the pod; use the name of a volume in k8s-experimental.volumes.",
        "the volume name `config-volume` belongs to the pod's IoT Edge proxy sidecar; rename it.",
        "the volume name `cache` is used twice.",
    ]


def test_container_only_security_context_fields_are_dropped():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "k8s-experimental": {
                            "securityContext": {
                                "runAsUser": 1000,
                                "Privileged": True,
                                "capabilities": {"add": ["NET_ADMIN"]},
                                "readOnlyRootFilesystem": True,
                                "allowPrivilegeEscalation": False,
                            }
                        }
                    }
                )
            }
        )
    )
    findings = lint(text, select=["EL026"])
    assert spans(findings) == [
        ("EL026", *locate(text, '"Privileged"')),
        ("EL026", *locate(text, '"capabilities"')),
        ("EL026", *locate(text, '"readOnlyRootFilesystem"')),
        ("EL026", *locate(text, '"allowPrivilegeEscalation"')),
    ]
    assert findings[0].message == (
        "`Privileged` is a container setting, but k8s-experimental.securityContext is the pod's, so the agent "
        "silently drops it; set HostConfig.Privileged to true instead."
    )


# --- EL027 invalid-create-options -----------------------------------------------------------


def test_invalid_json_inside_the_string_at_the_inner_position():
    text = manifest_text(deployment({"m": module('{"HostConfig": {"Privileged": tru}}')}))
    (finding,) = lint(text, select=["EL027"])
    assert spans([finding]) == [("EL027", *locate(text, "tru"))]
    assert finding.message == (
        "createOptions is not valid JSON (Expecting value): the agent cannot read it and no module of the "
        "deployment is updated; fix the JSON."
    )
    assert finding.pointer.endswith("/settings/createOptions")


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ('{"HostConfig": {"Privileged": true,}}', ",}"),
        ("{HostConfig: {}}", "HostConfig"),
        ('{"a": 1 /* why */}', "/* why */"),
    ],
)
def test_syntax_that_edge_agents_reader_tolerates(options, needle):
    text = manifest_text(deployment({"m": module(options)}))
    (finding,) = lint(text, select=["EL027"])
    assert spans([finding])[0][1:3] == locate(text, needle)[:2]
    assert "edgeAgent's own reader accepts this, but IoT Edge tools and edgelint do not" in finding.message
    assert finding.level == "warning"  # DockerConfig's Json.NET reads it: the device runs the module


@pytest.mark.parametrize("options", ["", "  ", "null", "NULL", {}, None, '{"Env": [${ENV_LIST}]}'])
def test_create_options_without_a_problem_or_unknown(options):
    assert lint(manifest_text(deployment({"m": module(options)})), select=["EL027"]) == []


def test_create_options_that_are_no_object():
    text = manifest_text(deployment({"m": module([1, 2])}))
    (finding,) = lint(text, select=["EL027"])
    assert finding.message == (
        "createOptions must be a JSON object or a string holding one: the agent cannot read it and no module of the "
        "deployment is updated."
    )
    text = manifest_text(deployment({"m": module("[1,2,3]")}))
    (finding,) = lint(text, select=["EL027"])
    assert spans([finding]) == [("EL027", *locate(text, "[1,2,3]"))]
    assert finding.message.startswith("createOptions must be a JSON object, not an array: the agent cannot read it")


def test_chunks_with_a_gap_and_a_chunk_that_is_not_a_string():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    settings={
                        "createOptions": '{"Env":',
                        "createOptions01": '["A=1"',
                        "createOptions03": "]}",
                        "createOptions04": [],
                    }
                ),
            }
        )
    )
    findings = lint(text, select=["EL027"])
    assert spans(findings) == [
        ("EL027", *locate(text, '"createOptions03"')),
        ("EL027", *locate(text, "[]")),
    ]
    assert findings[0].message == (
        "The agent reads the chunks in name order and expects `createOptions02` here, but finds `createOptions03` "
        "after `createOptions01`: it throws and no module of the deployment is updated; number the chunks "
        "createOptions, createOptions01, createOptions02… without gaps."
    )
    assert findings[1].message.startswith("A createOptions chunk must be a string")


def test_unpadded_chunks_break_at_ten_because_the_agent_sorts_by_name():
    chunks = (
        {"createOptions": '{"Env":["A=1"'} | {f"createOptions{i}": "" for i in range(1, 10)} | {"createOptions10": "]}"}
    )
    text = manifest_text(deployment({"m": module(settings=chunks)}))
    (finding,) = lint(text, select=["EL027"])
    assert spans([finding]) == [("EL027", *locate(text, '"createOptions10"'))]
    assert "expects `createOptions02` here, but finds `createOptions10` after `createOptions1`" in finding.message


@pytest.mark.parametrize(
    ("keys", "flagged"),
    [
        (["createOptions1", "createOptions2"], "createOptions1"),
        (["createOptions", "createOptions01", "createOptions1"], "createOptions1"),
        (["createOptions", "createoptions01", "CREATEOPTIONS2"], None),
        (["createOptions", "createOptions1", "createOptions2"], None),
    ],
)
def test_chunk_sequences(keys, flagged):
    values = ['{"Env":["A=1"'] + [""] * (len(keys) - 2) + ["]}"]
    text = manifest_text(deployment({"m": module(settings=dict(zip(keys, values)))}))
    expected = [("EL027", *locate(text, f'"{flagged}"'))] if flagged else []
    assert spans(lint(text, select=["EL027"])) == expected


def test_more_than_100_chunks_are_cut_off():
    """Three-digit numbers keep the name order right up to createOptions100, the 101st chunk."""
    chunks = (
        {"createOptions": '{"Env":["A='}
        | {f"createOptions{i:03d}": "a" for i in range(1, 100)}
        | {"createOptions100": '"]}'}
    )
    text = manifest_text(deployment({"m": module(settings=chunks)}))
    (finding,) = lint(text, select=["EL027"])
    assert spans([finding]) == [("EL027", *locate(text, '"createOptions100"'))]
    assert (
        finding.message
        == "The agent reads at most 100 chunks, so the createOptions are cut off here; make them shorter."
    )


def test_a_chunk_over_512_characters():
    frame = len(json.dumps({"Env": ["A="]}))
    fits = json.dumps({"Env": ["A=" + "a" * (512 - frame)]})
    too_long = json.dumps({"Env": ["A=" + "a" * (513 - frame)]})
    assert len(fits) == 512 and len(too_long) == 513
    assert lint(manifest_text(deployment({"m": module(fits)})), select=["EL027"]) == []
    text = manifest_text(deployment({"m": module(too_long)}))
    (finding,) = lint(text, select=["EL027"])
    assert spans([finding]) == [("EL027", *locate(text, json.dumps(too_long)))]
    assert finding.level == "note"
    assert finding.message == (
        "This createOptions string is 513 characters long, more than the 512 IoT Edge writes per chunk: edgeAgent "
        "reads it as it is, but near IoT Hub's 4 KB limit for a twin string the chunks keep it safe; split it into "
        "createOptions, createOptions01, createOptions02…."
    )
    assert finding.fix.applicability == "safe"


def test_a_chunk_over_4_kb_is_rejected_by_iot_hub():
    options = json.dumps({"Env": ["A=" + "a" * 4100]})
    text = manifest_text(deployment({"m": module(options)}))
    (finding,) = lint(text, select=["EL027", "EL031"])
    assert spans([finding]) == [("EL027", *locate(text, json.dumps(options)))]
    assert finding.level == "error"
    assert finding.message == (
        "This createOptions string has 4,115 bytes, over IoT Hub's limit of 4,096 for a twin value: the deployment is "
        "rejected; split it into createOptions, createOptions01, createOptions02… of 512 characters."
    )


# --- EL028 unsupported-schema-version -------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "hub"),
    [
        ("1.0", "1.0"),
        ("1.1", "1.1"),
        ("1.1.0", 1.1),
        ("1.0.5.1", " 1.01 "),
        ("${EDGEAGENT_SCHEMA_VERSION}", "$HUB_SCHEMA"),
    ],
)
def test_supported_schema_versions(agent, hub):
    assert (
        lint(manifest_text(deployment(schema_version=agent, hub_schema_version=hub, routes={})), select=["EL028"]) == []
    )


def test_newer_and_unreadable_schema_versions():
    text = manifest_text(deployment(schema_version="1", hub_schema_version="1.2", routes={}))
    findings = lint(text, select=["EL028"])
    assert spans(findings) == [("EL028", *locate(text, '"1"')), ("EL028", *locate(text, '"1.2"'))]
    assert [f.level for f in findings] == ["error", "error"]
    assert findings[0].message == (
        "`1` is not a schema version $edgeAgent can read (two to four numbers separated by dots, such as `1.1`): the "
        'runtime rejects the deployment; write `"1.1"`.'
    )
    assert findings[1].message == (
        "$edgeHub schema version `1.2` is above 1.1.0, the highest the IoT Edge runtime on Azure Stack Edge accepts "
        "(it compares the whole version, so `1.1.1` and `1.1.0.0` are above it too): the deployment is rejected; use "
        '`"1.1"` and drop what needs the newer schema.'
    )


def test_the_whole_version_is_compared_with_1_1_0():
    """Version.TryParse("1.1.1") and ("1.1.0.0") compare above new Version("1.1.0"), whose
    revision is undefined; "1.1" has no build and compares below it."""
    text = manifest_text(deployment(schema_version="1.1.1", hub_schema_version="1.1.0.0", routes={}))
    findings = lint(text, select=["EL028"])
    assert spans(findings) == [("EL028", *locate(text, '"1.1.1"')), ("EL028", *locate(text, '"1.1.0.0"'))]
    assert findings[1].message.startswith("$edgeHub schema version `1.1.0.0` is above 1.1.0")


def test_null_numbers_and_negative_parts():
    """The agent's DeploymentConfig and the hub's desired properties refuse a null version; the
    JSON number 1 is written back as `1`, one part only; a component must not be negative."""
    text = manifest_text(deployment(schema_version=None, hub_schema_version="1.-1", routes={}))
    findings = lint(text, select=["EL028"])
    assert spans(findings) == [("EL028", *locate(text, "null")), ("EL028", *locate(text, '"1.-1"'))]
    assert findings[0].message.startswith("`null` is not a schema version $edgeAgent can read")
    text = manifest_text(deployment(schema_version=1, hub_schema_version=1.0, routes={}))
    (finding,) = lint(text, select=["EL028"])
    line, column, _, _ = locate(text, '"schemaVersion": 1,')
    assert spans([finding]) == [("EL028", line, column + 17, line, column + 18)]
    assert finding.message.startswith("`1` is not a schema version $edgeAgent can read")


def test_schema_version_in_a_bare_hub_twin_and_major_versions():
    text = json.dumps(
        {"properties": {"desired": {"schemaVersion": "2.0", "routes": {}, "storeAndForwardConfiguration": {}}}}
    )
    (finding,) = lint(text, select=["EL028"])
    assert spans([finding]) == [("EL028", *locate(text, '"2.0"'))]
    assert finding.message == (
        "$edgeHub schema version `2.0` has major version 2, but the IoT Edge runtime on Azure Stack Edge reads only "
        'major version 1: the deployment is rejected; use `"1.1"`.'
    )


# --- EL031 twin-size-limit ------------------------------------------------------------------


def test_desired_properties_over_32_kb():
    modules = {f"module{i}": module(env={"SETTING": {"value": "x" * 2000}}) for i in range(17)}
    text = manifest_text(deployment(modules))
    (finding,) = lint(text, select=["EL031"])
    assert spans([finding]) == [("EL031", *locate(text, '"properties.desired"'))]
    assert finding.message.startswith("The desired properties of $edgeAgent come to ")
    assert finding.message.endswith(
        " bytes once deployed, over IoT Hub's limit of 32,768 for a module twin: the deployment is rejected; shorten "
        "it or split it into layered deployments."
    )
    assert lint(manifest_text(deployment(dict(list(modules.items())[:15]))), select=["EL031"]) == []


def test_long_strings_and_deep_nesting_in_module_twins():
    deep = {"l2": {"l3": {"l4": {"l5": {"l6": {"l7": {"l8": {"l9": {"l10": {"l11": {"x": 1}}}}}}}}}}}
    document = {
        "modulesContent": {
            "$edgeAgent": {"properties.desired": {"modules": {}}},
            "app": {"properties.desired": {"blob": "b" * 4097, "fits": "f" * 4096, "l1": deep}},
            "other": {
                "properties.desired": {
                    "l1": {"l2": {"l3": {"l4": {"l5": {"l6": {"l7": {"l8": {"l9": {"l10": {"x": 1}}}}}}}}}}
                }
            },
        }
    }
    text = json.dumps(document, indent=2)
    findings = lint(text, select=["EL031"])
    assert spans(findings) == [
        ("EL031", *locate(text, '"' + "b" * 4097 + '"')),
        ("EL031", *locate(text, '"l11"')),
    ]
    assert findings[0].message.startswith("This string has 4,097 bytes, over IoT Hub's limit of 4,096")
    assert findings[1].message.startswith("The desired properties of app nest objects more than 10 levels deep here")


def test_layered_paths_count_as_levels_and_chunks_are_left_to_el027():
    nested = {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {}}}}}}}}}}
    document = {
        "modulesContent": {
            "$edgeAgent": {"properties.desired.modules.m": {"settings": {"image": "x", "createOptions": "x" * 5000}}},
            "app": {"properties.desired.one.two": nested},
        }
    }
    text = json.dumps(document, indent=2)
    (finding,) = lint(text, select=["EL031"])
    assert spans([finding]) == [("EL031", *locate(text, '"i"'))]


@pytest.mark.parametrize(("levels", "found"), [(10, False), (11, True)])
def test_nesting_is_found_at_the_limit_without_long_strings(levels, found):
    nested: dict = {"x": 1}
    for level in range(levels, 0, -1):
        nested = {f"l{level}": [nested] if level % 3 == 0 else nested}
    text = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {"properties.desired": {"modules": {}}},
                "app": {"properties.desired": nested},
            }
        }
    )
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(text, select=["EL031"])] == ([f"l{levels}"] if found else [])


def test_a_layered_key_deep_enough_is_found_without_long_strings():
    key = "properties.desired" + "".join(f".k{i}" for i in range(11))
    text = json.dumps({"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {}}}, "app": {key: {}}}})
    (finding,) = lint(text, select=["EL031"])
    assert spans([finding]) == [("EL031", *locate(text, json.dumps(key)))]


_desired = st.recursive(
    st.integers(0, 3) | st.text(alphabet="ab", max_size=3) | st.sampled_from(["s" * 1024, "s" * 1025]),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.sampled_from("xyz"), children, max_size=2),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_desired, st.integers(0, 11), st.booleans())
@example({"x": {}}, 10, True)  # an object one level too deep, below the shallowest part
@example({"x": [{}]}, 9, True)  # not too deep: an array is no level
def test_what_the_extremes_let_the_rule_skip_holds_no_finding(desired, layers, bare_twins):
    key = "properties.desired" + "".join(f".k{i}" for i in range(layers))
    twins = {"$edgeAgent": {"properties.desired": {"modules": {}}}, "app": {key: desired}}
    text = json.dumps(twins if bare_twins else {"modulesContent": twins})
    extremes = Extremes()
    manifest = build_manifest(parse_json(text, extremes=extremes), text)
    walked = [(problem.node.pointer, problem.message) for problem in twin_size_limit(manifest)]
    manifest.extremes = extremes
    assert [(problem.node.pointer, problem.message) for problem in twin_size_limit(manifest)] == walked


# Float literals that come out longer from Python than the file writes them, or shorter
_FLOAT_LITERALS = ["1e5", "1E+22", "0.1e1", "1e400", "-1e-400", "-0.0", "12345678901234567.5", "5e-324", "1.50"]
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "/": "\\/"}
_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(_FLOAT_LITERALS).map(lambda literal: ("float", literal))
    | st.text(st.characters(blacklist_categories=()), max_size=6),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(st.characters(blacklist_categories=()), max_size=3), children, max_size=3)
    ),
    max_leaves=25,
)


def write_json(value, rnd):
    """`value` as JSON text the way any writer may put it in a file: strings with each
    character as it is where JSON allows it, or escaped at random; numbers as Python writes
    them, or ("float", literal) as the literal stands; white space at random.
    Returns (text, float literals written)."""
    space = rnd.choice(["", " ", "\n  "])
    if isinstance(value, tuple):  # ("float", literal)
        return value[1], 1
    if isinstance(value, str):
        out = []
        for char in value:
            code = ord(char)
            must = char in '"\\' or code < 0x20 or 0xD800 <= code <= 0xDFFF  # (a file's text is UTF-8)
            how = rnd.choice(["short", "unicode"] if must else ["as is", "short", "unicode"])
            if how == "short" and char in _SHORT_ESCAPES:
                out.append(_SHORT_ESCAPES[char])
            elif how == "as is":
                out.append(char)
            elif code > 0xFFFF:
                high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
                out.append(f"\\u{high:04x}\\u{low:04X}")
            else:
                out.append(f"\\u{code:04x}")
        return '"' + "".join(out) + '"', 0
    if isinstance(value, list):
        parts = [write_json(item, rnd) for item in value]
        return "[" + ("," + space).join(text for text, _ in parts) + "]", sum(count for _, count in parts)
    if isinstance(value, dict):
        parts = [(write_json(key, rnd)[0], write_json(item, rnd)) for key, item in value.items()]
        text = "{" + space + ("," + space).join(f"{key}:{space}{item}" for key, (item, _) in parts) + "}"
        return text, sum(count for _, (_, count) in parts)
    return json.dumps(value), int(isinstance(value, float))


def compact(text):
    return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def utf8(text):
    return len(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=500, deadline=None)
@given(_values, st.randoms(use_true_random=False))
@example(("float", "1e5"), random.Random(0))  # 100000.0
@example('"\\\n', random.Random(0))
def test_compact_json_is_never_longer_than_its_bound(value, rnd):
    text, floats = write_json(value, rnd)
    assert compact_bound([text], floats) >= utf8(compact(text))


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(st.text(st.characters(blacklist_categories=()), max_size=3), _values, max_size=4),
    st.randoms(use_true_random=False),
)
@example({'"': "\\"}, random.Random(0))
def test_quoting_compact_json_never_adds_more_than_its_bound(value, rnd):
    text, _ = write_json(value, rnd)
    as_object = compact(text)
    assert quoting_bound(text) >= utf8(json.dumps(as_object, ensure_ascii=False)) - utf8(as_object)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(max_size=3), _values, max_size=3), st.dictionaries(st.text(max_size=3), _values, max_size=3)
)
def test_the_size_bound_is_never_below_the_deployed_size(desired, options):
    text = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {
                    "properties.desired": {"modules": {"m": {"settings": {"createOptions": options}}}, "x": desired}
                },
                "app": {"properties.desired": desired},
            }
        },
        ensure_ascii=False,
    )
    assume(utf8(text) == len(text.encode("utf-8", "replace")))  # no lone surrogate: a file's text
    extremes = Extremes()
    manifest = build_manifest(parse_json(text, extremes=extremes), text)
    stringified = template_create_options(manifest)
    for _, _, parts in twins(manifest):
        assert size_bound(parts, stringified, text, extremes.floats) >= deployed_size(parts, stringified, text)


def test_a_lone_surrogate_escape_counts_the_three_bytes_it_takes():
    desired = {"a": "\ud800", "b": ["x" * 4000] * 9}
    text = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {"properties.desired": {"modules": {}}},
                "app": {"properties.desired": desired},
            }
        }
    )
    size = len(json.dumps(desired, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass"))
    (finding,) = lint(text, select=["EL031"])
    assert finding.message.startswith(f"The desired properties of app come to {size:,} bytes once deployed")


def test_template_create_options_are_measured_as_the_strings_they_become():
    options = {"HostConfig": {"Binds": ["/a:/b"]}}
    text = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {"properties.desired": {"modules": {"m": {"settings": {"createOptions": options}}}}}
            }
        }
    )
    result = lint_bytes("d.json", text.encode(), select_rules(["EL031"]))
    manifest = build_manifest(result.document.roots[0], text)
    ((name, _, parts),) = twins(manifest)
    stringified = [manifest.modules[0].chunks[0][2]]
    deployed = {"modules": {"m": {"settings": {"createOptions": json.dumps(options, separators=(",", ":"))}}}}
    assert name == "$edgeAgent"
    assert deployed_size(parts, stringified) == len(json.dumps(deployed, separators=(",", ":")))


# --- EL034 duplicate-key: createOptions members that differ only in case ----------------------


def test_members_outside_the_model_that_differ_only_in_case_throw():
    """CombinedKubernetesConfigProvider copies OtherProperties into a case-insensitive
    Dictionary: `Cmd` next to `cmd` (or two casings of k8s-experimental) throws."""
    text = manifest_text(
        deployment(
            {"m": module({"Cmd": ["a"], "cmd": ["b"], "k8s-experimental": {}, "K8s-Experimental": {}}, stringify=True)}
        )
    )
    findings = lint(text, select=["EL025", "EL034"])
    assert spans(findings) == [
        ("EL034", *locate(text, '\\"cmd\\"')),
        ("EL034", *locate(text, '\\"K8s-Experimental\\"')),
    ]
    assert [f.level for f in findings] == ["error", "error"]
    assert findings[0].message == (
        "`cmd` and `Cmd` differ only in case: edgeAgent on Kubernetes copies these createOptions members into a "
        "dictionary that ignores case, which throws, so no module of the deployment is updated; keep one of the two."
    )


def test_model_members_that_differ_only_in_case_keep_the_last():
    """Env, HostConfig … are properties of the agent's CreateContainerParameters: Json.NET
    matches them in any case and the later member replaces the earlier."""
    text = manifest_text(deployment({"m": module({"Env": ["A=1"], "env": ["A=2"]})}))
    (finding,) = lint(text, select=["EL034"])
    assert spans([finding]) == [("EL034", *locate(text, '"Env"'))]
    assert finding.level == "warning"
    assert finding.message == (
        "`Env` is given again later as `env`: edgeAgent reads this member in any case and keeps only the last value, "
        "so this one is silently dropped; remove one of the two."
    )
