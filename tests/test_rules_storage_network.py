"""EL002, EL003 and EL030 (storage; the network rules are in test_rules_network.py) on hand-written manifests,
including cases taken from edgeAgent's own unit tests."""

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans


def only(rule_id, text):
    return lint(text, select=[rule_id])


# --- EL002 docker-binds -------------------------------------------------------------------


def test_every_bind_is_reported_on_its_string():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Privileged": True, "Binds": ["/home/blah:/home/blah2:ro", "/srv/a:/a"]}}),
            }
        )
    )
    findings = only("EL002", text)
    assert spans(findings) == [
        ("EL002", *locate(text, '"/home/blah:/home/blah2:ro"')),
        ("EL002", *locate(text, '"/srv/a:/a"')),
    ]
    assert findings[0].message == (
        "Azure Stack Edge does not support Binds for Kubernetes modules (they become hostPath volumes on the "
        "Kubernetes VM); declare this in HostConfig.Mounts: type volume with an Edge share as Source, or type bind "
        "for a host directory."
    )
    assert findings[0].level == "warning"


def test_named_volume_bind_becomes_a_relative_host_path():
    text = manifest_text(
        deployment(
            {
                "blob": module({"HostConfig": {"Binds": ["blobvolume:/blobroot"]}}, stringify=True),
            }
        )
    )
    (finding,) = only("EL002", text)
    assert spans([finding]) == [("EL002", *locate(text, '\\"blobvolume:/blobroot\\"'))]
    assert finding.message.startswith("`blobvolume` is a Docker named volume, but Kubernetes IoT Edge turns every bind")


def test_bind_without_container_path_is_dropped():
    text = manifest_text(deployment({"m": module({"HostConfig": {"Binds": ["/just-one-part", "${WHOLE_BIND}"]}})}))
    finding, placeholder = only("EL002", text)
    assert spans([finding, placeholder]) == [
        ("EL002", *locate(text, '"/just-one-part"')),
        ("EL002", *locate(text, '"${WHOLE_BIND}"')),  # a bind whatever it holds
    ]
    assert "silently drops a bind without ':'" in finding.message
    assert placeholder.message.startswith("Azure Stack Edge does not support Binds")


def test_bind_with_a_placeholder_source_is_still_a_bind():
    text = manifest_text(deployment({"m": module({"HostConfig": {"Binds": ["${DATA_DIR}:/data"]}})}))
    (finding,) = only("EL002", text)
    assert finding.message.startswith("Azure Stack Edge does not support Binds")


def test_mounts_are_not_binds():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Mounts": [{"Type": "bind", "Source": "/srv", "Target": "/srv"}]}}),
            }
        )
    )
    assert only("EL002", text) == []


# --- EL003 incomplete-mount ---------------------------------------------------------------


@pytest.mark.parametrize("missing", ["Type", "Source", "Target"])
def test_mount_without_type_source_or_target(missing):
    mount = {"Type": "volume", "ReadOnly": True, "Source": "a-volume", "Target": "/tmp/volume"}
    del mount[missing]
    text = manifest_text(deployment({"m": module({"HostConfig": {"Mounts": [mount]}})}))
    (finding,) = only("EL003", text)
    start = text.index("[", text.index('"Mounts"')) + 1
    end = text.index("}", start) + 1
    assert spans([finding]) == [("EL003", *locate(text, text[start:end].strip()))]
    assert finding.level == "error"
    assert finding.message == (
        f"This mount has no {missing}: the agent throws InvalidMountException for a mount whose Type, Source or "
        f"Target is missing or null, and then no module of the deployment is updated; add {missing}."
    )


def test_a_null_field_points_at_the_null_and_throws_for_any_mount_type():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Mounts": [{"Type": "tmpfs", "Source": None, "Target": "/run"}]}}),
            }
        )
    )
    (finding,) = only("EL003", text)
    assert spans([finding]) == [("EL003", *locate(text, "null"))]
    assert (finding.level, finding.message.split(":")[0]) == ("error", "This mount has no Source")


def test_an_empty_type_drops_the_mount_silently():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Mounts": [{"Type": "", "Source": "", "Target": ""}]}}),
            }
        )
    )
    (finding,) = only("EL003", text)
    assert spans([finding]) == [("EL003", *locate(text, '""'))]
    assert finding.level == "warning"
    assert finding.message == (
        "This mount's Type is empty: Kubernetes IoT Edge maps only mounts of type bind and volume and silently "
        "drops any other, so the container starts without this mount; set Type to `bind` or `volume`."
    )


def test_an_empty_source_makes_the_volume_name_throw():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Mounts": [{"Type": "volume", "Source": "", "Target": "/x"}]}}),
            }
        )
    )
    (finding,) = only("EL003", text)
    assert spans([finding]) == [("EL003", *locate(text, '""'))]
    assert finding.level == "error"
    assert finding.message == (
        "This volume mount's Source is empty: the agent names the pod volume after the Source "
        "(KubeUtils.SanitizeDNSLabel), which throws for an empty name, and then no module of the deployment is "
        "updated; set Source to an Edge share."
    )
    assert only("EL030", text) == []


def test_an_empty_target_rejects_only_that_deployment():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"HostConfig": {"Mounts": [{"Type": "Bind", "Source": "/srv", "Target": ""}]}}, stringify=True
                ),
            }
        )
    )
    (finding,) = only("EL003", text)
    assert spans([finding]) == [("EL003", *locate(text, '\\"\\"'))]
    assert finding.level == "error"
    assert finding.message == (
        "This bind mount's Target is empty: it becomes an empty mountPath, which Kubernetes requires, so the API "
        "server rejects this module's Deployment and the module is not updated; set Target to the path in the "
        "container."
    )


def test_empty_fields_of_a_dropped_type_and_blank_but_not_empty_values_are_fine():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Mounts": [
                                {"Type": "tmpfs", "Source": "", "Target": ""},
                                {"Type": "bind", "Source": "/srv", "Target": " "},
                            ]
                        }
                    }
                )
            }
        )
    )
    assert only("EL003", text) == []


def test_binds_with_an_empty_host_or_container_path():
    text = manifest_text(
        deployment(
            {
                "m": module({"HostConfig": {"Binds": [":/data", "/srv:", "${SRC}:/x", "/ok:/ok"]}}),
            }
        )
    )
    findings = only("EL003", text)
    assert spans(findings) == [("EL003", *locate(text, '":/data"')), ("EL003", *locate(text, '"/srv:"'))]
    assert [f.level for f in findings] == ["error", "error"]
    assert findings[0].message == (
        "The bind `:/data` has no host path: the agent names the pod volume after it (KubeUtils.SanitizeDNSLabel), "
        "which throws for an empty name, and then no module of the deployment is updated; write the host directory "
        "before the ':'."
    )
    assert findings[1].message == (
        "The bind `/srv:` has no container path: it becomes an empty mountPath, which Kubernetes requires, so the "
        "API server rejects this module's Deployment and the module is not updated; write the path in the "
        "container after the ':'."
    )
    assert only("EL030", text) == []


def test_several_fields_missing_and_dockers_destination():
    text = manifest_text(
        deployment(
            {
                "m": module({"hostconfig": {"mounts": [{"source": "data", "Destination": "/data"}]}}, stringify=True),
            }
        )
    )
    (finding,) = only("EL003", text)
    assert finding.message.startswith(
        "This mount has no Type and Target (`Destination`, as docker inspect shows it, is `Target` here):"
    )
    assert finding.pointer.endswith("/createOptions/hostconfig/mounts/0")


def test_complete_mounts_and_placeholders_are_fine():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Mounts": [
                                {"type": "Volume", "source": "${SHARE}", "target": "/data"},
                                {"Type": "bind", "Source": "/srv", "Target": "/srv", "ReadOnly": True},
                            ]
                        }
                    }
                )
            }
        )
    )
    assert only("EL003", text) == []


# --- EL030 volume-name-rewritten ----------------------------------------------------------


def test_a_valid_share_name_is_kept():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Mounts": [
                                {"Type": "volume", "Source": "a-volume", "Target": "/tmp/volume", "ReadOnly": True}
                            ]
                        }
                    }
                ),
            }
        )
    )
    assert only("EL030", text) == []


def test_volume_source_that_sanitising_changes():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Mounts": [
                                {"Type": "volume", "Source": "My_Share", "Target": "/a"},
                                {"Type": "VOLUME", "Source": "/https/", "Target": "/b"},
                                {"Type": "volume", "Source": "${SHARE}", "Target": "/c"},
                                {"Type": "tmpfs", "Source": "Ignored_Anyway", "Target": "/d"},
                            ]
                        }
                    },
                    stringify=True,
                )
            }
        )
    )
    findings = only("EL030", text)
    assert spans(findings) == [
        ("EL030", *locate(text, '\\"My_Share\\"')),
        ("EL030", *locate(text, '\\"/https/\\"')),
    ]
    assert findings[0].message == (
        "The agent mounts the claim `myshare` for Source `My_Share` (it keeps only lower-case letters, digits and '-'): "
        "the volume binds only to an Edge share named `myshare`, otherwise the pod stays Pending; write the Source as "
        "`myshare`."
    )


def test_volume_names_the_agent_cannot_form():
    long_path = "/" + "a" * 64
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Binds": [f"{long_path}:/data", "/:/host"],
                            "Mounts": [{"Type": "volume", "Source": "___", "Target": "/x"}],
                        }
                    }
                )
            }
        )
    )
    findings = only("EL030", text)
    root_line, root_column = locate(text, "/:/host")[:2]
    assert spans(findings) == [
        ("EL030", *locate(text, long_path)),
        ("EL030", root_line, root_column, root_line, root_column + 1),
        ("EL030", *locate(text, '"___"')),
    ]
    assert findings[0].message == (
        f"`{long_path}` gives no valid Kubernetes volume name (1 to 63 letters, digits or '-' must remain once the "
        f"other characters are dropped): the agent throws and no module of the deployment is updated; mount a "
        f"directory with a shorter path."
    )
    assert findings[1].message.endswith("; mount a named directory instead.")
    assert findings[2].message.endswith("; name the share with lower-case letters, digits and '-', at most 63.")


def test_two_host_paths_that_sanitise_alike_are_merged():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Binds": ["/home/blah:/a", "/home/blah:/b:ro"],
                            "Mounts": [
                                {"Type": "bind", "Source": "/home/bl/ah", "Target": "/c"},
                                {"Type": "volume", "Source": "homeblah", "Target": "/d", "ReadOnly": True},
                            ],
                        }
                    }
                )
            }
        )
    )
    findings = only("EL030", text)
    assert spans(findings) == [
        ("EL030", *locate(text, '"/home/bl/ah"')),
        ("EL030", *locate(text, '"homeblah"')),
    ]
    assert [f.message for f in findings] == [
        "`/home/bl/ah` and `/home/blah` both become pod volume `homeblah`: the agent keeps only the first, so this "
        "mount silently shows the host directory `/home/blah` instead of the host directory `/home/bl/ah`; rename "
        "one of them.",
        "`homeblah` and `/home/blah` both become pod volume `homeblah`: the agent keeps only the first, so this "
        "mount silently shows the host directory `/home/blah` instead of the claim `homeblah`; rename one of them.",
    ]


def test_a_read_write_claim_wins_over_earlier_host_paths():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Binds": ["/data:/a"],
                            "Mounts": [
                                {"Type": "volume", "Source": "data", "Target": "/b", "ReadOnly": True},
                                {"Type": "volume", "Source": "data", "Target": "/c"},
                            ],
                        }
                    }
                )
            }
        )
    )
    (finding,) = only("EL030", text)
    line, column = locate(text, '"/data:/a"')[:2]
    assert spans([finding]) == [("EL030", line, column + 1, line, column + 6)]
    assert finding.level == "warning"
    assert finding.message == (
        "`/data` and `data` both become pod volume `data`: a read-write claim takes precedence over the other "
        "volumes of that name, so this mount silently shows the claim `data` instead of the host directory "
        "`/data`; rename one of them."
    )


def test_duplicate_sources_are_one_volume_without_a_finding():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "HostConfig": {
                            "Binds": ["/home/bind:/home/bind1", "/home/bind:/home/bind2:ro"],
                            "Mounts": [
                                {"Type": "volume", "ReadOnly": True, "Source": "a-volume", "Target": "/tmp/volume1"},
                                {"Type": "volume", "ReadOnly": False, "Source": "a-volume", "Target": "/tmp/volume2"},
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
                    }
                )
            }
        )
    )
    assert only("EL030", text) == []
