"""EL039–EL043 (labels, registry credentials, the agent's own environment and image, shared
claims) on hand-written manifests, the device logic they rest on, and what `edgelint k8s` shows
for them."""

import json

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans

from edgelint.edgeagent.environment import runtime_env_names
from edgelint.edgeagent.images import credentials_match, image_pull_secret_source
from edgelint.edgeagent.names import annotation_key_problem, dns_domain_problem
from edgelint.k8s.preview import preview
from edgelint.k8s.settings import AgentSettings
from edgelint.session import Options, Session

SESSION = Session(Options(isolated=True))
MODULES = "/modulesContent/$edgeAgent/properties.desired/modules"
NOTHING_UPDATED = "no module of the deployment is updated"


def only(rule_id, text):
    return lint(text, select=[rule_id])


def labels(**values):
    return {"Labels": values}


# --- EL039 invalid-label-annotation ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("---", "`---` has no letter or digit"),
        ("1.2/x", "the prefix `1.2` is no DNS domain: its segment `1` has no letter"),
        ("a..b/x", "the prefix `a..b` is no DNS domain: it has an empty segment between dots"),
        ("/x", "the prefix `` is no DNS domain: it is empty"),
        ("example.com/", "nothing follows '/'"),
        ("n" * 64, f"`{'n' * 64}` is longer than 63 characters"),
        ("example.com/" + "n" * 64, f"`{'n' * 64}` is longer than 63 characters"),
        (
            "a" * 64 + ".io/x",
            f"the prefix `{'a' * 64}.io` is no DNS domain: its segment `{'a' * 64}` is longer than 63 characters",
        ),
    ],
)
def test_label_keys_the_agent_cannot_sanitise_are_errors(key, reason):
    text = manifest_text(deployment({"camera": module(labels(**{key: "v", "ok": "v"}))}))
    (finding,) = only("EL039", text)
    assert spans([finding]) == [("EL039", *locate(text, json.dumps(key)))]
    assert finding.level == "error"
    assert (
        finding.pointer == f"{MODULES}/camera/settings/createOptions/Labels/{key.replace('~', '~0').replace('/', '~1')}"
    )
    assert finding.message == (
        f"The label `{key}` cannot become an annotation key ({reason}): the agent throws "
        f"InvalidKubernetesNameException while it maps the module's Service and Deployment, so {NOTHING_UPDATED}; "
        f"rename it (an optional DNS-domain prefix and '/', then a name of up to 63 letters, digits, '-', '_' and '.')."
    )


def test_two_labels_that_sanitise_alike_are_an_error_on_the_second():
    text = manifest_text(
        deployment(
            {
                "camera": module(labels(**{"my label": "a", "mylabel": "b", "K8S.IO/---a-0--": "c"})),
            }
        )
    )
    (finding,) = only("EL039", text)
    assert spans([finding]) == [("EL039", *locate(text, '"mylabel"'))]
    assert finding.message == (
        "The labels `my label` and `mylabel` both become the annotation key `mylabel`: the agent throws "
        f"ArgumentException (a key added twice), so {NOTHING_UPDATED}; rename or drop one of them."
    )


def test_labels_that_are_not_strings_cannot_be_read():
    text = manifest_text(
        deployment(
            {
                "a": module({"Labels": ["x=y"]}),
                "b": module(labels(nested={"x": 1}, number=5, flag=True, empty=None)),
            }
        )
    )
    findings = only("EL039", text)
    assert spans(findings) == [
        ("EL039", *locate(text, '[\n                  "x=y"\n                ]')),
        ("EL039", *locate(text, '{\n                    "x": 1\n                  }')),
    ]
    assert [finding.message for finding in findings] == [
        f"Labels must be an object of names and string values: the agent cannot read createOptions and "
        f"{NOTHING_UPDATED}.",
        f"The value of label `nested` must be a string: the agent cannot read createOptions and {NOTHING_UPDATED}.",
    ]


def test_valid_and_placeholder_label_keys_pass():
    text = manifest_text(
        deployment(
            {
                "camera": module(
                    labels(
                        **{
                            "com.example.vendor": "a",
                            "Complicated Value that doesn't fit": "b",
                            "9lives.io/x": "c",
                            "${LABEL}": "d",
                        }
                    )
                )
            }
        )
    )
    assert only("EL039", text) == []


def test_annotation_key_problems_agree_with_the_sanitiser():
    assert annotation_key_problem("K8S.IO/---a-0--") is None
    assert annotation_key_problem("") == "it is empty"


# --- EL040 invalid-pull-secret-name ------------------------------------------------------


def credentials(address, username="builder"):
    return {"lab": {"address": address, "username": username, "password": "$PASSWORD"}}


def test_a_registry_by_ip_address_used_by_a_module_is_an_error():
    text = manifest_text(
        deployment(
            {
                "camera": module({}, image="10.0.0.5:5000/camera:1.0"),
                "other": module({}),
            },
            credentials=credentials("10.0.0.5:5000"),
        )
    )
    (finding,) = only("EL040", text)
    assert spans([finding]) == [("EL040", *locate(text, '"10.0.0.5:5000"'))]
    assert finding.level == "error"
    assert (
        finding.pointer
        == "/modulesContent/$edgeAgent/properties.desired/runtime/settings/registryCredentials/lab/address"
    )
    assert finding.message == (
        "The image pull secret for these credentials would be named `builder-10.0.0.5-5000`, and its segment `0` has "
        "no letter: the agent throws InvalidKubernetesNameException while it creates the image pull secrets, so "
        f"{NOTHING_UPDATED} (used for the image of `camera`); address the registry by its DNS name rather than an IP "
        "address."
    )


def test_a_segment_over_63_characters_is_an_error():
    user = "u" * 60
    text = manifest_text(
        deployment(
            {
                "camera": module({}, image="contoso.azurecr.io/camera:1.0"),
            },
            credentials=credentials("https://contoso.azurecr.io/v2/", user),
        )
    )
    text = text.replace('"https://contoso.azurecr.io/v2/"', '"contoso.azurecr.io"')
    (finding,) = only("EL040", text)
    assert finding.message == (
        f"The image pull secret for these credentials would be named `{user}-contoso.azurecr.io`, and its segment "
        f"`{user}-contoso` is longer than 63 characters: the agent throws InvalidKubernetesNameException while it "
        f"creates the image pull secrets, so {NOTHING_UPDATED} (used for the image of `camera`); use a shorter user "
        f"name or registry host name."
    )


def test_credentials_no_image_uses_and_valid_names_pass():
    unused = manifest_text(
        deployment(
            {
                "camera": module({}, image="contoso.azurecr.io/camera:1.0"),
            },
            credentials=credentials("10.0.0.5:5000"),
        )
    )
    assert only("EL040", unused) == []
    valid = manifest_text(
        deployment(
            {
                "camera": module({}, image="registry.contoso.local:5000/camera:1.0"),
            },
            credentials=credentials("Registry.Contoso.Local:5000"),
        )
    )
    assert only("EL040", valid) == []
    placeholder = manifest_text(
        deployment(
            {
                "camera": module({}, image="${REGISTRY}/camera:1.0"),
            },
            credentials=credentials("${REGISTRY}"),
        )
    )
    assert only("EL040", placeholder) == []


def test_docker_hub_images_match_only_the_agents_default_registry_address():
    assert credentials_match("https://index.docker.io/v1/", "contoso/camera:1.0")
    assert not credentials_match("docker.io", "contoso/camera:1.0")
    assert not credentials_match("https://index.docker.io/v1/", "ubuntu")
    assert credentials_match("CONTOSO.azurecr.io", " contoso.azurecr.io/camera:1.0 ")


def test_secret_names_and_domain_problems():
    assert image_pull_secret_source("Builder", "HTTPS://10.0.0.5:5000/v2/") == "builder-10.0.0.5-5000"
    assert dns_domain_problem("builder-10.0.0.5-5000") == "its segment `0` has no letter"
    assert dns_domain_problem("builder-registry.contoso.local-5000") is None
    assert dns_domain_problem(".".join(["a" * 60] * 5)) == "it is longer than 253 characters"


# --- EL041 env-replaced-by-agent ---------------------------------------------------------


def test_variables_the_agent_sets_are_warnings_where_the_module_sets_them():
    env = {"IOTEDGE_GATEWAYHOSTNAME": {"value": "gateway"}, "RuntimeLogLevel": {"value": "debug"}}
    options = {"Env": ["IOTEDGE_DEVICEID=test", "IOTEDGE_OWN=x", "EdgeDeviceHostName=host"]}
    text = manifest_text(deployment({"reader": {"env": env, **module(options)}}))  # env before settings
    findings = only("EL041", text)
    assert spans(findings) == [
        ("EL041", *locate(text, '"IOTEDGE_GATEWAYHOSTNAME"')),
        ("EL041", *locate(text, "IOTEDGE_DEVICEID")),
        ("EL041", *locate(text, "EdgeDeviceHostName")),
    ]
    assert {finding.level for finding in findings} == {"warning"}
    assert findings[0].message == (
        "`IOTEDGE_GATEWAYHOSTNAME` is set by the agent itself: on Kubernetes it adds its own `IOTEDGE_GATEWAYHOSTNAME` "
        "after the module's variables and Kubernetes keeps the last, so this value is silently lost; remove it, or "
        "pass the value under another name."
    )
    assert findings[1].message == (
        "`IOTEDGE_DEVICEID` is set by the agent itself: on Kubernetes it adds its own `IOTEDGE_DEVICEID` after the "
        "module's variables and Kubernetes keeps the last, so this value is silently lost (on Docker IoT Edge this "
        "createOptions.Env value won); remove it, or pass the value under another name."
    )


def test_the_agent_sets_other_variables_for_edge_agent_and_edge_hub():
    system = {
        "edgeAgent": module({"Env": ["Mode=docker", "UpstreamProtocol=AmqpWs"]}),
        "edgeHub": module({"Env": ["IOTEDGE_GATEWAYHOSTNAME=x", "IOTEDGE_MODULEID=y"]}),
    }
    text = manifest_text(deployment(system=system))
    findings = only("EL041", text)
    assert spans(findings) == [("EL041", *locate(text, "Mode")), ("EL041", *locate(text, "IOTEDGE_MODULEID"))]


def test_runtime_env_names_per_module():
    assert runtime_env_names("reader")[-2:] == ("EdgeDeviceHostName", "IOTEDGE_GATEWAYHOSTNAME")
    assert "IOTEDGE_GATEWAYHOSTNAME" not in runtime_env_names("$edgeHub")
    assert "K8sNamespace" in runtime_env_names("$edgeAgent")
    assert "RuntimeLogLevel" not in runtime_env_names("reader")


# --- EL042 agent-image-not-applied -------------------------------------------------------


def test_an_agent_image_other_than_the_running_line_is_a_note_and_no_other_image_is():
    system = {
        "edgeAgent": module({}, image="mcr.microsoft.com/azureiotedge-agent:1.4"),
        "edgeHub": module({}, image="mcr.microsoft.com/azureiotedge-hub:1.4"),
    }
    text = manifest_text(deployment({"edgeAgent": module({})}, system=system))
    (finding,) = only("EL042", text)
    assert spans([finding]) == [("EL042", *locate(text, '"mcr.microsoft.com/azureiotedge-agent:1.4"'))]
    assert finding.level == "note"
    assert finding.message == (
        "Kubernetes IoT Edge does not apply `mcr.microsoft.com/azureiotedge-agent:1.4`: edgeAgent deploys itself with "
        "the image it is running (on Azure Stack Edge the IoT Edge 0.1.0-beta15 agent of the 1.1 line, updated with "
        "the device software), so nothing of a newer or custom agent reaches the device; name the 1.1 image "
        "(`mcr.microsoft.com/azureiotedge-agent:1.1`) to say what runs."
    )


def test_an_agent_without_settings_is_no_finding():
    text = manifest_text(deployment(system={"edgeAgent": {"type": "docker"}}))
    assert only("EL042", text) == []


@pytest.mark.parametrize(
    ("image", "noted"),
    [
        ("mcr.microsoft.com/azureiotedge-agent:1.1", False),
        ("mcr.microsoft.com/azureiotedge-agent:1.1.2", False),
        ("mirror.contoso.io/azureiotedge-agent:1.0-preview", False),
        ("mcr.microsoft.com/azureiotedge-agent:${EDGE_RUNTIME_VERSION}", False),
        ("mcr.microsoft.com/azureiotedge-agent:1.2.0", True),
        ("mcr.microsoft.com/azureiotedge-agent:1.10", True),
        ("contoso.azurecr.io/my-agent:1.1", True),
    ],
)
def test_which_agent_images_are_noted(image, noted):
    text = manifest_text(deployment(system={"edgeAgent": module({}, image=image)}))
    assert [f.rule_id for f in only("EL042", text)] == (["EL042"] if noted else [])


# --- EL043 shared-claim-access-mode ------------------------------------------------------


def mounts(*entries):
    return {"HostConfig": {"Mounts": [dict(zip(("Type", "Source", "Target", "ReadOnly"), entry)) for entry in entries]}}


def test_a_claim_mounted_read_only_first_and_read_write_later_is_a_warning():
    text = manifest_text(
        deployment(
            {
                "viewer": module(mounts(("volume", "Media", "/media", True))),
                "recorder": module(mounts(("volume", "media", "/media", False), ("bind", "/media", "/host"))),
            }
        )
    )
    (finding,) = only("EL043", text)
    assert spans([finding]) == [("EL043", *locate(text, '"media"'))]
    assert finding.level == "warning"
    assert finding.pointer == f"{MODULES}/recorder/settings/createOptions/HostConfig/Mounts/0/Source"
    assert finding.message == (
        "The claim `media` is mounted read-only first, by module `viewer`: when edgeAgent creates the claims (a "
        "storage class is configured) it creates `media` once, from that first mount, as ReadOnlyMany, so this "
        "read-write mount may not be able to write; mount it read-write first, or read-only everywhere."
    )


def test_within_one_module_the_first_mount_decides_too():
    text = manifest_text(deployment({"m": module(mounts(("volume", "data", "/a", True), ("volume", "data", "/b")))}))
    (finding,) = only("EL043", text)
    assert finding.message.startswith(
        "The claim `data` is mounted read-only first, by an earlier mount of this module:"
    )


def test_read_write_first_binds_and_other_claims_pass():
    text = manifest_text(
        deployment(
            {
                "recorder": module(mounts(("volume", "media", "/media", False), ("volume", "logs", "/logs", True))),
                "viewer": module(mounts(("volume", "media", "/media", True), ("bind", "/logs", "/logs", False))),
                "other": module(mounts(("volume", "${SHARE}", "/x", True))),
                "other2": module(mounts(("volume", "${SHARE}", "/x", False))),
            }
        )
    )
    assert only("EL043", text) == []


# --- what `edgelint k8s` shows -----------------------------------------------------------


def run(text, **settings):
    return preview("deployment.json", text.encode(), AgentSettings(**settings), session=SESSION)


def objects(result, kind):
    return {obj.name: obj for obj in result.translation.objects if obj.kind == kind}


def test_the_preview_cites_el039_and_el040_at_the_rules_nodes():
    text = manifest_text(
        deployment(
            {
                "camera": module(labels(**{"---": "x"}), image="10.0.0.5:5000/camera:1.0"),
            },
            credentials=credentials("10.0.0.5:5000"),
        )
    )
    result = run(text)
    kube_deployment = objects(result, "Deployment")["camera"]
    assert [(e.rule_id, e.exception, e.node.pointer) for e in kube_deployment.errors] == [
        ("EL039", "InvalidKubernetesNameException", f"{MODULES}/camera/settings/createOptions/Labels/---"),
        (
            "EL040",
            "InvalidKubernetesNameException",
            "/modulesContent/$edgeAgent/properties.desired/runtime/settings/registryCredentials/lab",
        ),
    ]
    assert (
        "# rejected EL039: the agent throws InvalidKubernetesNameException: the label `---` gives no valid "
        "annotation key" in result.text
    )
    assert (
        "# rejected EL040: the agent throws InvalidKubernetesNameException: the registry credentials give no "
        "valid secret name" in result.text
    )


def test_the_preview_appends_the_agents_variables_after_the_modules_and_cites_el041():
    text = manifest_text(
        deployment(
            {"reader": module({"Env": ["IOTEDGE_DEVICEID=test"]})},
            system={
                "edgeAgent": module({}),
                "edgeHub": module({}),
            },
        )
    )
    result = run(text)
    for name, module_id in (("reader", "reader"), ("edgeagent", "$edgeAgent"), ("edgehub", "$edgeHub")):
        container = objects(result, "Deployment")[name].body["spec"]["template"]["spec"]["containers"][1]
        appended = [variable["name"] for variable in container["env"] if variable["name"] != "RuntimeLogLevel"]
        optional = ("StorageClassName", "ExperimentalFeatures__Enabled", "ExperimentalFeatures__EnableK8SExtensions")
        appended = [name for name in appended if name not in optional]
        own = ["IOTEDGE_DEVICEID"] if module_id == "reader" else []
        assert appended == own + list(runtime_env_names(module_id))
    reader = objects(result, "Deployment")["reader"]
    assert [(f.rule_id, f.level) for f in reader.findings if f.rule_id == "EL041"] == [("EL041", "warning")]


def test_the_preview_shows_the_running_agent_image_and_cites_el042():
    # PushEdgeDeployment replaces the manifest's image whatever it is; EL042 notes a newer one.
    text = manifest_text(deployment(system={"edgeAgent": module({}, image="mcr.microsoft.com/azureiotedge-agent:1.4")}))
    agent = objects(run(text), "Deployment")["edgeagent"]
    container = agent.body["spec"]["template"]["spec"]["containers"][1]
    assert container["image"] == "<the image of the running edgeAgent>"
    assert [(f.rule_id, f.level) for f in agent.findings] == [("EL042", "note")]


def test_the_preview_gives_el043_to_the_shared_claim():
    text = manifest_text(
        deployment(
            {
                "viewer": module(mounts(("volume", "media", "/media", True))),
                "recorder": module(mounts(("volume", "media", "/media", False))),
            }
        )
    )
    result = run(text, storage_class="")
    (claim,) = objects(result, "PersistentVolumeClaim").values()
    assert claim.body["spec"]["accessModes"] == ["ReadOnlyMany"]
    assert claim.modules == ["viewer", "recorder"]
    assert [(f.rule_id, f.pointer) for f in claim.findings] == [
        ("EL043", f"{MODULES}/recorder/settings/createOptions/HostConfig/Mounts/0/Source"),
    ]
