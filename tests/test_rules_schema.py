"""EL029: the deployment schemas, offline, one finding per violation at the violating node;
opt-in, and jsonschema stays off the default path."""

import json
import os
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, corpus_files, deployment, lint, locate, manifest_text, module, select_rules, spans

from edgelint.checks.el029_manifest_schema import SCHEMA_DIR, choose_schema, modules_content
from edgelint.engine import lint_bytes
from edgelint.manifest import build_manifest

SYSTEM = {
    "edgeAgent": module("{}", image="mcr.microsoft.com/azureiotedge-agent:1.1", status=None, restart_policy=None),
    "edgeHub": module("{}", image="mcr.microsoft.com/azureiotedge-hub:1.1"),
}


def the_manifest(data):
    text = json.dumps(data, indent=2)
    result = lint_bytes("d.json", text.encode(), [])
    manifest = build_manifest(result.document.roots[0], text)
    return manifest, modules_content(manifest)


def test_the_rule_is_opt_in():
    assert "EL029" not in [r.id for r in select_rules()]
    assert "EL029" not in [r.id for r in select_rules(["EL"])]
    assert "EL029" not in [r.id for r in select_rules(["EL02"])]
    assert "EL029" in [r.id for r in select_rules(["EL029"])]
    assert "EL029" in [r.id for r in select_rules(None, extend_select=["EL029"])]


def test_jsonschema_is_not_imported_on_the_default_path():
    code = (
        "import sys; from edgelint.engine import lint_bytes; from edgelint.rule import resolve_rules; "
        f"lint_bytes('d.json', {json.dumps(json.dumps(deployment(system=SYSTEM))).encode()!r}, resolve_rules([(None, (), ())])); "
        "print(sorted(m for m in ('jsonschema', 'referencing') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        check=True,
    )
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (deployment(system=SYSTEM), "azure-iot-edge-deployment-2.0.json"),
        (
            deployment(system=SYSTEM, schema_version="1.0", hub_schema_version="1.0"),
            "azure-iot-edge-deployment-1.0.json",
        ),
        (
            deployment(
                {
                    "m": module({"HostConfig": {}}, version="1.0"),
                },
                system=SYSTEM,
            ),
            "azure-iot-edge-deployment-template-2.0.json",
        ),
        (
            deployment(
                {
                    "m": module({"HostConfig": {}}, version="1.0"),
                },
                system=SYSTEM,
                schema_version="1.0",
            ),
            "azure-iot-edge-deployment-template-1.0.json",
        ),
        (deployment(system=SYSTEM, hub_schema_version="1.2"), "azure-iot-edge-deployment-template-4.0.json"),
        ({"$schema-template": "4.0.0", **deployment(system=SYSTEM)}, "azure-iot-edge-deployment-template-4.0.json"),
        ({"$schema-template": "1.0.0", **deployment(system=SYSTEM)}, "azure-iot-edge-deployment-template-1.0.json"),
        (deployment(system=SYSTEM, schema_version="${EDGEAGENT_SCHEMA_VERSION}"), "azure-iot-edge-deployment-2.0.json"),
    ],
)
def test_schema_choice(data, expected):
    manifest, root = the_manifest(data)
    assert choose_schema(manifest, root) == expected


def test_layered_deployments_and_bare_twins_are_not_described_by_the_schemas():
    layered = {
        "content": {"modulesContent": {"$edgeAgent": {"properties.desired.modules.m": module("{}", version="1.0")}}}
    }
    twin = {"properties": {"desired": deployment(system=SYSTEM)["modulesContent"]["$edgeAgent"]["properties.desired"]}}
    for data in (layered, twin):
        assert the_manifest(data)[1] is None
        assert lint(json.dumps(data), select=["EL029"]) == []


def test_a_valid_deployment_and_template_have_no_finding():
    assert lint(manifest_text(deployment({"m": module("{}", version="1.0")}, system=SYSTEM)), select=["EL029"]) == []
    assert (
        lint(
            manifest_text(
                deployment(
                    {
                        "m": module({"HostConfig": {}}, version="1.0"),
                    },
                    system=SYSTEM,
                )
            ),
            select=["EL029"],
        )
        == []
    )


def test_one_finding_per_violation_at_the_violating_node():
    data = deployment(
        {
            "good": module("{}", version="1.0"),
            "typo": module("{}", version="1.0", restart_policy="sometimes", startupOrder=-1),
            "numbered": module("{}", version=1.5),
            "no-status": {
                "type": "docker",
                "restartPolicy": "always",
                "settings": {"image": "x", "createOptions": "{}"},
            },
            "extra": module("{}", version="1.0", colour="blue", extraSetting=1),
            "${MODULE_NAME}": module("{}", version="1.0", status="$STATUS"),
        },
        system=SYSTEM,
        hub_schema_version="1.0",
    )
    data["modulesContent"]["$edgeHub"]["properties.desired"]["schemaVersion"] = "1.1"
    text = json.dumps(data, indent=2)
    findings = lint(text, select=["EL029"])
    assert spans(findings) == [
        ("EL029", *locate(text, '"sometimes"')),
        ("EL029", *locate(text, "-1")),
        ("EL029", *locate(text, "1.5")),
        ("EL029", *locate(text, '"no-status"')),
        ("EL029", *locate(text, '"colour"')),
        ("EL029", *locate(text, '"extraSetting"')),
    ]
    assert findings[0].message == (
        "The IoT Edge deployment schema (azure-iot-edge-deployment-2.0) does not allow this value (`sometimes` is not "
        "one of never, on-failure, on-unhealthy, always), so tools that validate deployments, such as the az CLI, "
        "reject the manifest; correct it."
    )
    assert findings[2].message.startswith(
        "The IoT Edge deployment schema (azure-iot-edge-deployment-2.0) does not allow this value (expected string, found a number)"
    )
    assert findings[3].message == (
        "The IoT Edge deployment schema (azure-iot-edge-deployment-2.0) requires `status` here, so tools that "
        "validate deployments, such as the az CLI, reject the manifest; add it."
    )
    assert findings[4].message.startswith(
        "The IoT Edge deployment schema (azure-iot-edge-deployment-2.0) does not allow `colour` here"
    )


def test_configurations_and_the_twins_layout_are_validated_at_modules_content():
    configuration = {"id": "d1", "schemaVersion": None, "content": deployment(system=SYSTEM)}
    assert lint(json.dumps(configuration), select=["EL029"]) == []
    twins = deployment(system=SYSTEM)["modulesContent"]
    twins["$edgeHub"]["properties.desired"]["routes"] = "not routes"
    text = json.dumps(twins, indent=2)
    assert spans(lint(text, select=["EL029"])) == [("EL029", *locate(text, '"not routes"'))]


def test_the_shipped_schemas_resolve_offline_and_are_documented():
    names = sorted(n for n in os.listdir(SCHEMA_DIR) if n.endswith(".json"))
    with open(os.path.join(SCHEMA_DIR, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert "3b6446ad8a077bac56f4a4796c0b7fd88927fc8e" in readme and "Apache" in readme
    for name in names:
        with open(os.path.join(SCHEMA_DIR, name), encoding="utf-8") as handle:
            refs = {ref.split("#")[0] for ref in _refs(json.load(handle)) if not ref.startswith("#")}
        assert refs <= set(names), f"{name} refers to schemas that are not shipped: {refs - set(names)}"


def _refs(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref":
                yield item
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


# Corpus files that violate their schema, and why (checked against the files):
# a dev template without edgeHub and without status/restartPolicy for its modules; an iotedgedev
# test asset that is invalid on purpose; a device manifest with an empty registry address; a
# deployment whose module twin has no properties.desired; edgeHub 1.2 settings (mqttBroker)
# next to schemaVersion 1.2 is accepted by template-4.0, so that file is clean.
CORPUS_VIOLATIONS = {
    "Avanade__2DOF-PI-WebRTC-Camera/obs-cam.device.manifest.json": 1,
    "Azure-Samples__azure-intelligent-edge-patterns/factory-ai-vision__EdgeSolution__dev__deployment.build.amd.template.json": 19,
    "Azure-Samples__iot-edge-deployment-engine/manifests__AutomaticDeployment__automatic2.json": 1,
    "Azure__iotedgedev/tests__assets__deployment.manifest_invalid.json": 4,
}


def test_which_corpus_files_violate_the_schema():
    found = {}
    for path in corpus_files():
        findings = lint_bytes(path.name, path.read_bytes(), select_rules(["EL029"])).findings
        if findings:
            found[path.relative_to(CORPUS).as_posix()] = len(findings)
    assert found == CORPUS_VIOLATIONS
