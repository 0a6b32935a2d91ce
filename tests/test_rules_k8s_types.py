"""EL026 on the types of k8s-experimental: what the agent's Json.NET cannot read into the
Kubernetes models (KubernetesExperimentalCreatePodParameters.ParseParameters, `ToObject<T>()`),
what it converts, and the vendored types it is judged by."""

import os
import subprocess
import sys

import pytest
from conftest import ROOT, deployment, lint, locate, manifest_text, module, spans

from edgelint.json_net import api_types, model_value, root_type
from edgelint.manifest import build_manifest

THROWS = "the agent cannot read it and no module of the deployment is updated."


def value_at(text, prefix, value):
    """The span of `value` where it follows `prefix` on one line."""
    line, column, end_line, end_column = locate(text, prefix + value)
    return line, column + len(prefix), end_line, end_column


def k8s(**options):
    return manifest_text(deployment({"m": module({"k8s-experimental": options})}))


def test_values_json_net_cannot_convert_throw():
    text = k8s(
        securityContext={
            "runAsUser": "abc",
            "runAsNonRoot": "yes",
            "supplementalGroups": [1, "x"],
            "seLinuxOptions": "s",
        },
        strategy={"rollingUpdate": "25%"},
        volumes=[
            {
                "volume": {"name": "v", "secret": {"secretName": "s", "defaultMode": True}},
                "volumeMounts": [{"name": "v", "mountPath": "/s", "readOnly": "maybe"}],
            }
        ],
        serviceOptions={"type": {"kind": "NodePort"}},
    )
    findings = lint(text, select=["EL026"])
    assert spans(findings) == [
        ("EL026", *locate(text, '"abc"')),
        ("EL026", *locate(text, '"yes"')),
        ("EL026", *locate(text, '"x"')),
        ("EL026", *value_at(text, '"seLinuxOptions": ', '"s"')),
        ("EL026", *locate(text, '"25%"')),
        ("EL026", *value_at(text, '"defaultMode": ', "true")),
        ("EL026", *locate(text, '"maybe"')),
        ("EL026", *locate(text, '{\n                      "kind": "NodePort"\n                    }')),
    ]
    assert {f.level for f in findings} == {"error"}
    assert [f.message for f in findings] == [
        f"k8s-experimental.securityContext.runAsUser must be a whole number, and `abc` is not one: {THROWS}",
        f"k8s-experimental.securityContext.runAsNonRoot must be true or false, and `yes` is not one: {THROWS}",
        f"k8s-experimental.securityContext.supplementalGroups[1] must be a whole number, and `x` is not one: {THROWS}",
        f"k8s-experimental.securityContext.seLinuxOptions must be an object, and `s` is not one: {THROWS}",
        f"k8s-experimental.strategy.rollingUpdate must be an object, and `25%` is not one: {THROWS}",
        f"k8s-experimental.volumes[0].volume.secret.defaultMode must be a whole number, and `true` is not one: {THROWS}",
        f"k8s-experimental.volumes[0].volumeMounts[0].readOnly must be true or false, and `maybe` is not one: {THROWS}",
        f"k8s-experimental.serviceOptions.type must be a string, and an object is not one: {THROWS}",
    ]


@pytest.mark.parametrize(
    "security_context",
    [
        {
            "runAsUser": "1000",
            "RunAsGroup": " 100 ",
            "fsGroup": "+5",
            "runAsNonRoot": "True",
        },  # Int64.Parse, Boolean.TryParse
        {"runAsUser": "", "runAsNonRoot": ""},  # an empty string is null for a nullable number or boolean
        {"runAsUser": 1000.0, "runAsNonRoot": 1, "supplementalGroups": [5, "6"]},
        {"runAsUser": True},  # Convert.ChangeType makes it 1: not judged
        {"privileged": "not read", "seLinuxOptions": {"level": 5}, "sysctls": [{"name": "a", "value": 1}]},
        {"runAsUser": "${UID}"},
    ],
)
def test_values_json_net_converts_are_read(security_context):
    assert [f for f in lint(k8s(securityContext=security_context), select=["EL026"]) if f.level == "error"] == []


def test_int32_fields_refuse_booleans_and_out_of_range_numbers():
    text = k8s(
        volumes=[
            {"volume": {"name": "v", "configMap": {"name": "c", "defaultMode": 4294967296}}},
            {"volume": {"name": "w", "configMap": {"name": "d", "defaultMode": " 0644 "}}},
        ]
    )
    (finding,) = lint(text, select=["EL026"])
    assert spans([finding]) == [("EL026", *locate(text, "4294967296"))]
    assert finding.message.startswith("k8s-experimental.volumes[0].volume.configMap.defaultMode must be a whole number")


def test_node_selector_values_that_are_not_strings():
    """IDictionary<string, string>: `true` becomes `True`, `1.0` becomes `1`; label values are
    compared as written, so no node labelled `true` matches. `5` stays `5`."""
    text = k8s(nodeSelector={"gpu": True, "zone": 5, "rack": 1.0, "ssd": "true"})
    findings = lint(text, select=["EL026"])
    assert spans(findings) == [
        ("EL026", *value_at(text, '"gpu": ', "true")),
        ("EL026", *value_at(text, '"rack": ', "1.0")),
    ]
    assert [f.level for f in findings] == ["error", "error"]
    assert findings[0].message == (
        "The nodeSelector value for `gpu` is not a string: the agent sends it as `True`, which a node label `gpu=true` "
        'never matches, so the pod is never scheduled; write it as "true".'
    )
    assert findings[1].message.startswith(
        "The nodeSelector value for `rack` is not a string: the agent sends it as `1`,"
    )


def test_container_only_security_fields_are_a_warning():
    text = k8s(securityContext={"privileged": True})
    (finding,) = lint(text, select=["EL026"])
    assert spans([finding]) == [("EL026", *locate(text, '"privileged"'))]
    assert finding.level == "warning"


def test_resources_are_left_to_el013():
    assert lint(k8s(resources={"limits": ["1"]}), select=["EL026"]) == []
    assert [f.rule_id for f in lint(k8s(resources={"limits": ["1"]}), select=["EL013", "EL026"])] == ["EL013"]


def test_model_value_is_what_the_client_sends():
    text = k8s(
        securityContext={
            "RunAsUser": "1000",
            "runAsNonRoot": "TRUE",
            "fsGroup": 2.0,
            "privileged": True,
            "supplementalGroups": [" 5 "],
            "seLinuxOptions": {"level": 5, "User": None},
        }
    )
    manifest = build_manifest(json_root(text), text)
    node = manifest.modules[0].k8s_option("securityContext")
    assert model_value(node, root_type("securityContext")) == {
        "fsGroup": 2,
        "runAsNonRoot": True,
        "runAsUser": 1000,
        "seLinuxOptions": {"level": "5"},
        "supplementalGroups": [5],
    }


def json_root(text):
    from edgelint.source.json_spans import parse_json

    return parse_json(text)


def test_the_vendored_types_are_what_the_script_generates():
    pytest.importorskip("kubernetes_validate")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "tools" / "generate_k8s_types.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, "run tests/tools/generate_k8s_types.py and commit edgelint/k8s_api_types.json"
    assert api_types()["roots"]["securityContext"] == "io.k8s.api.core.v1.PodSecurityContext"


def test_the_types_are_loaded_only_for_modules_with_k8s_experimental():
    code = (
        "import sys; from edgelint.engine import lint_bytes; from edgelint.rule import resolve_rules; "
        "lint_bytes('d.json', sys.argv[1].encode(), resolve_rules([(None, (), ())])); print('edgelint.json_net' in sys.modules)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    without = manifest_text(deployment({"m": module({"HostConfig": {"Privileged": True}})}))
    with_section = k8s(securityContext={"runAsUser": 1000})
    outcome = [
        subprocess.run(
            [sys.executable, "-c", code, text], capture_output=True, text=True, env=env, check=True
        ).stdout.strip()
        for text in (without, with_section)
    ]
    assert outcome == ["False", "True"]


def test_members_the_kubernetes_types_do_not_have_are_dropped():
    """Json.NET ignores members that match no field (in any case): EL025 names them, with the
    field of the same letters where there is one. Container-only securityContext fields are
    EL026's."""
    text = k8s(
        securityContext={"run_as_user": 5, "RunAsGroup": 5, "privileged": True},
        resources={"limit": {"cpu": "1"}},
        volumes=[{"volume": {"name": "v", "emptyDir": {"size": "1Gi"}}, "mounts": []}],
    )
    findings = lint(text, select=["EL025"])
    assert spans(findings) == [
        ("EL025", *locate(text, '"run_as_user"')),
        ("EL025", *locate(text, '"limit"')),
        ("EL025", *locate(text, '"size"')),
        ("EL025", *locate(text, '"mounts"')),
    ]
    assert {f.level for f in findings} == {"warning"}
    assert [f.message for f in findings] == [
        "`run_as_user` is not a field of k8s-experimental.securityContext (PodSecurityContext): the agent reads it into "
        "that type and silently drops this member; rename it to `runAsUser`.",
        "`limit` is not a field of k8s-experimental.resources (ResourceRequirements): the agent reads it into that "
        "type and silently drops this member; check its name against the Kubernetes API reference.",
        "`size` is not a field of k8s-experimental.volumes[0].volume.emptyDir (EmptyDirVolumeSource): the agent reads "
        "it into that type and silently drops this member; check its name against the Kubernetes API reference.",
        "`mounts` is not a field of k8s-experimental.volumes[0] (KubernetesModuleVolumeSpec): the agent reads it into "
        "that type and silently drops this member; check its name against the Kubernetes API reference.",
    ]
