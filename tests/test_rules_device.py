"""The device rules with profiles of their own: EL036 device-capacity, EL037 unknown-share,
EL038 image-architecture, and EL016 rolling-update-deadlock where a profile gives a spare GPU."""

import json

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans
from hypothesis import example, given, settings
from hypothesis import strategies as st

from edgelint.device import parse_profile


def profile(**keys):
    """A device profile as `[device]` would give it (`kubernetes_version` → `kubernetes-version`)."""
    return parse_profile({key.replace("_", "-"): value for key, value in keys.items()}, "test.toml", "device")


def create_options(limits=None, requests=None, strategy=None, mounts=None):
    """createOptions with these k8s-experimental resources and strategy type, and HostConfig.Mounts."""
    k8s, host = {}, {}
    resources = {key: value for key, value in (("limits", limits), ("requests", requests)) if value is not None}
    if resources:
        k8s["resources"] = resources
    if strategy is not None:
        k8s["strategy"] = {"type": strategy}
    if mounts is not None:
        host["Mounts"] = mounts
    options = {}
    if host:
        options["HostConfig"] = host
    if k8s:
        options["k8s-experimental"] = k8s
    return options


def found(findings):
    return [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings]


# --- EL036 device-capacity ---------------------------------------------------------------------


def test_gpu_requests_beyond_the_device():
    text = manifest_text(
        deployment(
            {
                "detector": module(create_options(limits={"nvidia.com/gpu": 1})),
                "tracker": module(create_options(limits={"nvidia.com/gpu": 2})),
            }
        )
    )
    findings = lint(text, select=["EL036"], device=profile(gpus=2))
    needle = '"nvidia.com/gpu": 2'
    line, column, end_line, end_column = locate(text, needle)
    assert found(findings) == [
        (
            "EL036",
            line,
            column + len(needle) - 1,
            end_line,
            end_column,
            "`tracker` requests 2 GPUs (`nvidia.com/gpu`), more than the device has left: the running modules request "
            "3 GPUs in total and the device profile offers 2 GPUs (`gpus`), so a pod stays Pending; lower the requests, "
            'or stop a module (`"status": "stopped"`) to make room.',
        )
    ]


def test_every_request_past_the_capacity_is_reported_in_manifest_order():
    text = manifest_text(
        deployment({name: module(create_options(limits={"nvidia.com/gpu": 1})) for name in ("a", "b", "c")})
    )
    findings = lint(text, select=["EL036"], device=profile(gpus=1))
    assert [f.pointer for f in findings] == [
        f"/modulesContent/$edgeAgent/properties.desired/modules/{name}/settings/createOptions/k8s-experimental/resources/limits/nvidia.com~1gpu"
        for name in ("b", "c")
    ]
    assert lint(text, select=["EL036"], device=profile(gpus=3)) == []
    # a device without GPUs: every GPU request is beyond it
    assert len(lint(text, select=["EL036"], device=profile(gpus=0))) == 3


def test_a_request_is_the_limit_unless_given_and_stopped_modules_request_nothing():
    text = manifest_text(
        deployment(
            {
                "a": module(create_options(limits={"memory": "6Gi"}, requests={"memory": "1Gi"})),
                "b": module(create_options(limits={"memory": "2Gi"})),
                "idle": module(create_options(limits={"memory": "8Gi"}), status="stopped"),
                "later": module(create_options(limits={"memory": "8Gi"}), status="${LATER_STATUS}"),
                "unknown": module(create_options(limits={"memory": "${MEMORY}"})),
            }
        )
    )
    # 1Gi + 2Gi + 3 proxy sidecars of 25Mi: the stopped module has no pod, the one with a
    # placeholder status may have none, and an unknown amount counts for nothing
    assert lint(text, select=["EL036"], device=profile(memory="3147Mi")) == []
    (finding,) = lint(text, select=["EL036"], device=profile(memory="3146Mi"))
    assert finding.pointer.endswith("/modules/b/settings/createOptions/k8s-experimental/resources/limits/memory")
    assert finding.message == (
        "`b` requests 2Gi of memory, more than the device has left: the running modules request 3147Mi of memory in "
        "total, with 25Mi for each pod's proxy sidecar, and the device profile offers 3146Mi of memory (`memory`), "
        'so a pod stays Pending; lower the requests, or stop a module (`"status": "stopped"`) to make room.'
    )


def test_edgeagent_without_resources_counts_with_the_chart_defaults():
    system = {
        "edgeAgent": {"type": "docker", "settings": {"image": "mcr.microsoft.com/azureiotedge-agent:1.1"}},
        "edgeHub": module(
            create_options(limits={"cpu": "500m"}), image="mcr.microsoft.com/azureiotedge-hub:1.1", status="running"
        ),
    }
    text = manifest_text(deployment({"model": module(create_options(limits={"cpu": "1"}))}, system=system))
    # 50m (edgeAgent) + 500m + 1 + 3 sidecars of 5m = 1565m
    assert lint(text, select=["EL036"], device=profile(cpu="1565m")) == []
    findings = lint(text, select=["EL036"], device=profile(cpu=1.5))
    assert [f.pointer.split("/")[5] for f in findings] == ["model"]
    assert findings[0].message == (
        "`model` requests 1 CPU, more than the device has left: the running modules request 1565m of CPU in total, "
        "with 5m for each pod's proxy sidecar and 50m for edgeAgent, which sets none, and the device profile offers "
        '1500m of CPU (`cpu`), so a pod stays Pending; lower the requests, or stop a module (`"status": "stopped"`) '
        "to make room."
    )


def test_each_capacity_only_with_its_key():
    text = manifest_text(
        deployment(
            {
                "a": module(create_options(limits={"nvidia.com/gpu": 2, "memory": "64Gi", "cpu": "64"})),
            }
        )
    )
    assert lint(text, select=["EL036"]) == []
    assert lint(text, select=["EL036"], device=profile(shares=["x"], architecture="amd64")) == []
    assert [f.message.split(" of ")[0] for f in lint(text, select=["EL036"], device=profile(memory="16Gi"))] == [
        "`a` requests 64Gi"
    ]
    assert len(lint(text, select=["EL036"], device=profile(gpus=1, memory="16Gi", cpu=8))) == 3


def test_capacity_in_stringified_create_options_points_into_the_string():
    # the whole manifest on one line, so that columns are offsets in the text
    create = json.dumps({"k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": 2}}}})
    text = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {
                    "properties.desired": {
                        "modules": {
                            "a": {"type": "docker", "settings": {"image": "x/a:1", "createOptions": create}},
                        }
                    }
                }
            }
        }
    )
    (finding,) = lint(text, select=["EL036"], device=profile(gpus=1))
    start = text.index('gpu\\": 2') + len('gpu\\": ')
    assert (finding.column, finding.end_column) == (start + 1, start + 2)


# --- EL037 unknown-share -----------------------------------------------------------------------


def mounts(*sources, kind="volume"):
    return [{"Type": kind, "Source": source, "Target": f"/data/{index}"} for index, source in enumerate(sources)]


def test_unknown_share_names_the_claim_and_the_closest_share():
    text = manifest_text(
        deployment(
            {
                "recorder": module(create_options(mounts=mounts("camera_footage", "models", "scratch"))),
            }
        )
    )
    findings = lint(text, select=["EL037"], device=profile(shares=["camera-footage", "models"]))
    assert spans(findings) == [
        ("EL037",) + locate(text, '"camera_footage"'),
        ("EL037",) + locate(text, '"scratch"'),
    ]
    assert [f.message for f in findings] == [
        "The agent mounts the claim `camerafootage` for Source `camera_footage`, but the device profile has no share "
        "of that name (shares: `camera-footage`, `models`): the claim never binds and the pod stays Pending; did you "
        "mean `camera-footage`?",
        "The agent mounts the claim `scratch`, but the device profile has no share of that name (shares: "
        "`camera-footage`, `models`): the claim never binds and the pod stays Pending; create the share on the "
        "device, or mount one of its shares.",
    ]


def test_a_share_the_agent_cannot_name():
    text = manifest_text(deployment({"recorder": module(create_options(mounts=mounts("Footage_2024")))}))
    (finding,) = lint(text, select=["EL037"], device=profile(shares=["Footage_2024"]))
    assert finding.message == (
        "The agent mounts the claim `footage2024` for Source `Footage_2024`, but the device profile has no share of "
        "that name (shares: `Footage_2024`): the claim never binds and the pod stays Pending; the share "
        "`Footage_2024` cannot be mounted under its own name; rename it on the device to `footage2024`."
    )


def test_what_unknown_share_leaves_alone():
    text = manifest_text(
        deployment(
            {
                "a": module(create_options(mounts=mounts("models", "${SHARE}", "---"))),
                "b": module(create_options(mounts=mounts("/srv/models", "host-dir", kind="bind"))),
                "c": module(create_options(mounts=[{"Type": "volume", "Source": "missing-target"}])),
            }
        )
    )
    assert lint(text, select=["EL037"], device=profile(shares=["models"])) == []
    unknown = manifest_text(deployment({"a": module(create_options(mounts=mounts("elsewhere")))}))
    assert lint(unknown, select=["EL037"]) == []
    assert lint(unknown, select=["EL037"], device=profile(gpus=1)) == []
    assert [f.rule_id for f in lint(unknown, select=["EL037"], device=profile(shares=[]))] == ["EL037"]


def test_unknown_share_in_a_stopped_module_and_in_yaml():
    text = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        idle:\n"
        "          status: stopped\n          settings:\n            image: x/idle:1\n"
        "            createOptions:\n              HostConfig:\n                Mounts:\n"
        "                  - {Type: volume, Source: modle, Target: /models}\n"
    )
    (finding,) = lint(text, name="deployment.yaml", select=["EL037"], device=profile(shares=["models"]))
    assert spans([finding]) == [("EL037",) + locate(text, "modle")]
    assert finding.message.endswith("; did you mean `models`?")


# --- EL038 image-architecture ------------------------------------------------------------------


@pytest.mark.parametrize(
    "image, word, platform",
    [
        ("contoso.azurecr.io/camera:1.4-arm32v7", "arm32v7", "arm32"),
        ("arm64v8/python:3.11-slim", "arm64v8", "arm64"),
        ("contoso.azurecr.io/tools/aarch64/camera:2", "aarch64", "arm64"),
        ("mcr.microsoft.com/azureiotedge-agent:1.4-linux-arm64", "arm64", "arm64"),
        ("contoso/camera_armhf:1", "armhf", "arm32"),
        ("${MODULES.cam.arm64v8}", "arm64v8", "arm64"),
        ("${MODULES.cam.arm32v7.debug}", "arm32v7", "arm32"),
        ("$CONTAINER_REGISTRY/camera:${VERSION}-ARM32V7", "ARM32V7", "arm32"),
    ],
)
def test_image_for_another_architecture(image, word, platform):
    text = manifest_text(deployment({"cam": module({}, image=image)}))
    (finding,) = lint(text, select=["EL038"])
    line, column, _, _ = locate(text, image)
    start = column + image.index(word)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (
        line,
        start,
        line,
        start + len(word),
    )
    assert finding.message == (
        f"The image of `cam` is built for {platform} (`{word}`), but the device runs amd64: the container fails with "
        f"`exec format error`; use the amd64 build of the image."
    )


@pytest.mark.parametrize(
    "image, word",
    [
        ("contoso.azurecr.io/reporter:2.0-windows-amd64", "windows"),
        ("mcr.microsoft.com/windows/nanoserver:ltsc2022", "windows"),
        ("contoso/agent:1809-nanoserver", "nanoserver"),
        ("${MODULES.reporter.windows-amd64}", "windows"),
    ],
)
def test_windows_image(image, word):
    (finding,) = lint(manifest_text(deployment({"reporter": module({}, image=image)})), select=["EL038"])
    assert finding.message == (
        f"The image of `reporter` is a Windows image (`{word}`), but the device's Kubernetes runs Linux containers: "
        f"the pod never starts; use a Linux amd64 build of the image."
    )


@pytest.mark.parametrize(
    "image",
    [
        "contoso.azurecr.io/camera:1.4",
        "contoso.azurecr.io/camera:1.4-amd64",
        "iotedgebilling.azurecr.io/microsoft/azureiotedge-hub:20220210.2-linux-x86_64",
        "mycapreg.azurecr.io/visionsamplemodule:0.0.71-gpuamd64",
        "${MODULES.PredictModule.jetsonarm64v8}",
        "contoso/farm64:1",
        "contoso/harmhf-tools:1",
        "contoso/camera:armv7x",
        "${MODULES.arm64v8}",
        "${MODULES.camera}",
        "<Container_Registry>/camera:<Build>-linux-<Architecture>",
        "$ARM64_REGISTRY/camera:1",
        "contoso/camera@sha256:aaaa1386aaaa",
        "",
    ],
)
def test_images_that_name_no_other_architecture(image):
    assert lint(manifest_text(deployment({"cam": module({}, image=image)})), select=["EL038"]) == []


def test_the_profile_architecture_decides():
    text = manifest_text(
        deployment(
            {
                "a": module({}, image="contoso/a:1-arm64v8"),
                "b": module({}, image="contoso/b:1-amd64"),
                "c": module({}, image="${MODULES.c.arm32v7}"),
            }
        )
    )
    arm = lint(text, select=["EL038"], device=profile(architecture="aarch64"))
    assert [(f.pointer.split("/")[-3], f.message.split(", but")[0]) for f in arm] == [
        ("b", "The image of `b` is built for amd64 (`amd64`)"),
        ("c", "The image of `c` is built for arm32 (`arm32v7`)"),
    ]
    assert "but the device runs arm64:" in arm[0].message
    assert [f.pointer.split("/")[-3] for f in lint(text, select=["EL038"])] == ["a", "c"]


def test_system_modules_and_stopped_modules_are_checked_once_per_image():
    system = {
        "edgeAgent": {"type": "docker", "settings": {"image": "mcr.microsoft.com/azureiotedge-agent:1.4-linux-arm32v7"}}
    }
    text = manifest_text(
        deployment(
            {
                "idle": module({}, image="contoso/idle:arm64-arm32v7", status="stopped"),
            },
            system=system,
        )
    )
    findings = lint(text, select=["EL038"])
    assert [(f.pointer.split("/")[-3], f.message.split("`")[3]) for f in findings] == [
        ("edgeAgent", "arm32v7"),
        ("idle", "arm64"),  # in file order: systemModules come first
    ]


# --- EL016 with the device profile -------------------------------------------------------------


def gpu_modules(*counts, strategy=None, status=None):
    return manifest_text(
        deployment(
            {
                f"m{index}": module(create_options(limits={"nvidia.com/gpu": count}, strategy=strategy), status=status)
                for index, count in enumerate(counts)
            }
        )
    )


def test_a_spare_gpu_lets_the_rolling_update_complete():
    text = gpu_modules(1)
    assert [f.rule_id for f in lint(text, select=["EL016"])] == ["EL016"]
    assert lint(text, select=["EL016"], device=profile(gpus=2)) == []
    (finding,) = lint(text, select=["EL016"], device=profile(gpus=1))
    assert finding.message.startswith(
        "`nvidia.com/gpu` is a device-plugin resource that one pod at a time holds and the device profile has no spare "
        "one (1 of its 1 requested), but Kubernetes updates the module with a RollingUpdate"
    )
    assert finding.fix is not None


def test_the_spare_must_cover_the_module_s_own_count():
    text = gpu_modules(1, 2)
    # 3 requested of 4: one spare GPU lets m0 roll but not m1, which needs two
    assert [f.pointer.split("/")[5] for f in lint(text, select=["EL016"], device=profile(gpus=4))] == ["m1"]
    assert lint(text, select=["EL016"], device=profile(gpus=5)) == []


def test_an_explicit_rolling_update_with_a_spare_gpu_is_fine():
    assert lint(gpu_modules(1, strategy="RollingUpdate"), select=["EL016"], device=profile(gpus=2)) == []
    assert len(lint(gpu_modules(1, strategy="RollingUpdate"), select=["EL016"], device=profile(gpus=1))) == 1


def test_an_unknown_gpu_count_leaves_no_known_spare():
    text = manifest_text(
        deployment(
            {
                "a": module(create_options(limits={"nvidia.com/gpu": 1})),
                "b": module(create_options(limits={"nvidia.com/gpu": "${GPUS}"})),
            }
        )
    )
    assert [f.pointer.split("/")[5] for f in lint(text, select=["EL016"], device=profile(gpus=8))] == ["a"]


def test_host_network_still_deadlocks_with_spare_gpus():
    text = manifest_text(
        deployment(
            {
                "gw": module(
                    {
                        "HostConfig": {"NetworkMode": "host"},
                        "k8s-experimental": {"resources": {"limits": {"nvidia.com/gpu": 1}}},
                    },
                    image="x/gw:1",
                )
            }
        )
    )
    (finding,) = lint(text, select=["EL016"], device=profile(gpus=4))
    assert finding.message.startswith("The host network is held by one pod at a time")


def test_a_stopped_module_has_no_pod_to_replace():
    assert lint(gpu_modules(1, status="stopped"), select=["EL016"]) == []
    assert len(lint(gpu_modules(1, status="Running"), select=["EL016"])) == 1


@pytest.mark.parametrize("gpus", range(0, 6))
@pytest.mark.parametrize("counts", [(1,), (1, 1), (2, 1), (1, 1, 1), (2, 2)])
def test_el016_and_el036_never_contradict_each_other(gpus, counts):
    """A GPU module that EL016 lets roll (it found a spare GPU) is never one EL036 says does
    not fit, and a deployment EL036 finds too large leaves EL016 to report every GPU module."""
    text = gpu_modules(*counts)
    findings = lint(text, select=["EL016", "EL036"], device=profile(gpus=gpus))
    deadlocked = {f.pointer.split("/")[5] for f in findings if f.rule_id == "EL016"}
    too_large = {f.pointer.split("/")[5] for f in findings if f.rule_id == "EL036"}
    if too_large:
        assert deadlocked == {f"m{index}" for index in range(len(counts))}
    assert sum(counts) <= gpus or too_large
    for index, count in enumerate(counts):
        assert (f"m{index}" in deadlocked) == (count > gpus - sum(counts))


# --- the profile reaches the rules from the configuration --------------------------------------


def test_the_command_line_lints_each_file_with_the_profile_of_its_configuration(tmp_path):
    from conftest import run_cli

    text = manifest_text(
        deployment(
            {
                "recorder": module(create_options(mounts=mounts("footage")), image="contoso/recorder:2-arm64v8"),
            }
        )
    )
    (tmp_path / "arm").mkdir()
    (tmp_path / "arm" / "pyproject.toml").write_text(
        '[tool.edgelint.device]\narchitecture = "arm64"\nshares = ["footage"]\n'
    )
    (tmp_path / "arm" / "a.json").write_text(text)
    (tmp_path / ".edgelint.toml").write_text('[device]\nshares = ["models"]\n')
    (tmp_path / "b.json").write_text(text)
    for jobs in ("1", "2"):
        proc = run_cli("--select", "EL037,EL038", "--format", "concise", "-q", "-j", jobs, ".", cwd=tmp_path)
        assert [(line.split(":")[0], line.split()[1]) for line in proc.stdout.splitlines()] == [
            ("b.json", "EL038"),
            ("b.json", "EL037"),
        ], jobs
    proc = run_cli("--select", "EL037,EL038", "--format", "concise", "-q", "--isolated", "arm/a.json", cwd=tmp_path)
    assert [line.split()[1] for line in proc.stdout.splitlines()] == ["EL038"]


@pytest.mark.parametrize("rule_id", ["EL036", "EL037"])
def test_the_documented_examples_need_their_profile(rule_id, tmp_path):
    from conftest import ROOT
    from rule_pages import load_page

    from edgelint.config import load_config

    path = ROOT / "rules" / f"{rule_id}.md"
    doc = load_page(path)
    language, text, expected = doc.example("Example")
    config = doc.example_config("Example")
    assert config.startswith("[device]\n") and expected
    assert lint(text, f"example.{language}", [rule_id]) == []
    (tmp_path / ".edgelint.toml").write_text(config, encoding="utf-8")
    device = load_config(str(tmp_path / ".edgelint.toml")).get("device")
    assert len(lint(text, f"example.{language}", [rule_id], device=device)) == len(expected)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "amd64",
                "ARM64v8",
                "x86",
                "_64",
                "-64",
                "windows",
                "servercore",
                "gpu",
                "ſ",
                "K",
                "a",
                "1",
                ".",
                "-",
                "_",
                "/",
                ":",
                "@",
                "${MODULES.m.",
                "}",
                "$X",
            ]
        ),
        max_size=8,
    )
)
@example(["x86", "-64"])
@example(["a", ":", "x86", "_64"])
@example(["windows", "servercore"])
def test_platform_words_are_those_the_pattern_finds(parts):
    """Texts without the first run of any platform word are ruled out before the pattern runs;
    the words found are those of the pattern alone, over the whole image."""
    from edgelint.checks.el038_image_architecture import _PLATFORM_WORD, platform_words

    image = "".join(parts)
    if "@" in image or "$" in image:
        return  # digests and placeholders narrow where the pattern runs (tests above)
    assert platform_words(image) == [match.span() for match in _PLATFORM_WORD.finditer(image)]
