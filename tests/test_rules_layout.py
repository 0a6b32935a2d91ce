"""EL045 misspelled-deployment-key: deployment keys written another way are errors at the
key, in files that are otherwise manifests and in files that would be skipped without it."""

import json

from conftest import lint, locate, run_cli, spans

SELECT = ["EL045"]


def test_a_file_whose_only_deployment_keys_are_misspelled_is_reported_not_skipped(tmp_path):
    text = json.dumps(
        {
            "modulescontent": {
                "edgeAgent": {"properties.desired": {"modules": {}}},
                "$EdgeHub": {"properties_desired": {"routes": {}}},
            }
        },
        indent=2,
    )
    findings = lint(text, select=SELECT)
    assert spans(findings) == [
        ("EL045", *locate(text, '"modulescontent"')),
        ("EL045", *locate(text, '"edgeAgent"')),
        ("EL045", *locate(text, '"$EdgeHub"')),
        ("EL045", *locate(text, '"properties_desired"')),
    ]
    assert findings[0].message == (
        "`modulescontent` is not `modulesContent`: IoT Hub and the az CLI read a deployment's modules only from "
        "`modulesContent`, so what is below this key is not deployed as meant and edgelint checks none of it; "
        "write `modulesContent`."
    )
    assert [f.pointer for f in findings] == [
        "/modulescontent",
        "/modulescontent/edgeAgent",
        "/modulescontent/$EdgeHub",
        "/modulescontent/$EdgeHub/properties_desired",
    ]
    (tmp_path / "deployment.json").write_text(text)
    proc = run_cli("deployment.json", "--format", "concise", "-q", cwd=tmp_path)
    assert (proc.returncode, [line.split()[1] for line in proc.stdout.splitlines()]) == (1, ["EL045"] * 4)


def test_misspellings_inside_a_recognised_manifest(tmp_path):
    text = (
        "modulesContent:\n"
        "  $edgeAgent:\n"
        "    properties.desired:\n"
        "      modules: {}\n"
        "    Properties.Desired.modules.camera:\n"
        "      settings: {image: contoso/camera}\n"
        "  $edgeHub:\n"
        "    properties.desired: {routes: {}}\n"
        "  camera:\n"
        "    properties.Desired: {fps: 5}\n"
        "  $edgeHubb:\n"
        "    properties.desired: {}\n"
    )
    findings = lint(text, name="deployment.yaml", select=SELECT)
    assert spans(findings) == [
        ("EL045", *locate(text, "Properties.Desired.modules.camera")),
        ("EL045", *locate(text, "properties.Desired")),
        ("EL045", *locate(text, "$edgeHubb")),
    ]
    assert findings[0].message.startswith(
        "`Properties.Desired.modules.camera` is not `properties.desired.modules.camera`: IoT Hub reads a twin's desired "
        "properties only from `properties.desired.modules.camera`"
    )
    assert findings[2].message.startswith(
        "`$edgeHubb` is not `$edgeHub`: IoT Hub knows the IoT Edge hub's twin only as `$edgeHub`"
    )


def test_typos_a_few_letters_off_and_the_legacy_key():
    text = json.dumps({"modulesContnet": {"$edgeAgent": {"properties.desried": {}}, "$edgeHub": {}}})
    assert [f.message.split(":")[0] for f in lint(text, select=SELECT)] == [
        "`modulesContnet` is not `modulesContent`",
        "`properties.desried` is not `properties.desired`",
    ]
    legacy = json.dumps(
        {"moduleContent": {"$edgeAgent": {"properties.desired": {}}, "$edgeHub": {"properties.desired": {}}}}
    )
    assert lint(legacy, select=SELECT) == []


def test_modules_and_other_files_are_not_mistaken_for_misspellings():
    manifest = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {
                    "properties.desired": {"modules": {"edgeAgentMonitor": {"settings": {"Modules": 1, "edgeHub": 2}}}}
                },
                "$edgeHub": {"properties.desired": {"routes": {}}},
                "edgeHub2": {"properties.desired": {}},
                "edgeagentmonitor": {"properties.desired": {}},
            }
        }
    )
    assert lint(manifest, select=SELECT) == []
    assert lint(json.dumps({"edgeAgentVersion": "1.4", "modules": ["a"]}), select=SELECT) == []
    assert lint(json.dumps({"EdgeAgent": {"image": "x"}}), select=SELECT) == []  # no desired properties below it
