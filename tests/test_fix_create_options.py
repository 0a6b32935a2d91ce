"""Fixes inside stringified createOptions: only the changed members of the embedded JSON are
rewritten, in the string's own style, and the string is written back in the file's own syntax
(JSON or YAML), re-chunked at 512 characters where it needs chunks, keeping the boundaries of
the chunks whose text did not change."""

import json

from conftest import lint
from fix_helpers import fix_text

LONG_LABEL = "x" * 600


def manifest(settings_members):
    """A JSON manifest whose one module has these settings members, written by hand: some
    tests give members whose text (escapes, spacing) the builder in conftest would not write."""
    body = ",\n".join(f"{' ' * 12}{member}" for member in settings_members)
    return (
        '{\n  "modulesContent": {\n    "$edgeAgent": {\n      "properties.desired": {\n        "modules": {\n'
        '          "m": {\n            "settings": {\n' + body + "\n            }\n          }\n        }\n      }\n"
        "    }\n  }\n}\n"
    )


def member(key, value):
    return json.dumps(key) + ": " + json.dumps(value)


def chunks(text, size=512):
    keys = ["createOptions"] + [f"createOptions{i:02d}" for i in range(1, 100)]
    return [member(keys[i // size], text[i : i + size]) for i in range(0, len(text), size)]


def compact(options):
    return json.dumps(options, separators=(",", ":"))


def test_a_string_over_512_characters_is_split_after_itself():
    text = compact({"Labels": {"note": LONG_LABEL}, "HostConfig": {"Privileged": True}})
    source = manifest([member("image", "x"), member("createOptions", text), member("version", "1")])
    expected = manifest([member("image", "x"), *chunks(text), member("version", "1")])
    assert len(chunks(text)) == 2
    assert fix_text(source, select=["EL027"]) == expected


def test_chunks_with_a_gap_are_numbered_again_and_keep_their_text():
    text = compact({"Env": ["TARGET=mqtt://broker"], "User": "1000"})
    source = manifest(
        [
            member("createOptions", text[:10]),
            member("createOptions01", text[10:30]),
            member("createOptions03", text[30:]),
            member("image", "x"),
        ]
    )
    assert fix_text(source, select=["EL027"]) == manifest(
        [
            member("createOptions", text[:10]),
            member("createOptions01", text[10:30]),
            member("createOptions02", text[30:]),
            member("image", "x"),
        ]
    )


def test_unnumbered_out_of_order_chunks_in_yaml_keep_their_quotes():
    source = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        hub:\n          settings:\n"
        '            createOptions1: \'{"HostConfig":{"PortBindings":\'\n'
        '            createOptions3: \'"8883/tcp":[{"HostPort":"8883"}]}}}\'\n'
        '            createOptions2: \'{"5671/tcp":[{"HostPort":"5671"}],\'\n'
        "            image: x  # the image\n"
    )
    expected = (  # each chunk keeps its text and place; the names follow the order the agent joins them in
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        hub:\n          settings:\n"
        '            createOptions: \'{"HostConfig":{"PortBindings":\'\n'
        '            createOptions02: \'"8883/tcp":[{"HostPort":"8883"}]}}}\'\n'
        '            createOptions01: \'{"5671/tcp":[{"HostPort":"5671"}],\'\n'
        "            image: x  # the image\n"
    )
    assert fix_text(source, "deployment.yaml", ["EL027"]) == expected


def test_a_fix_that_makes_the_string_longer_than_512_characters_chunks_it():
    before = {"Labels": {"note": "y" * 430}, "HostConfig": {"Binds": ["/srv/data:/data"]}}
    after = {
        "Labels": {"note": "y" * 430},
        "HostConfig": {"Mounts": [{"Type": "bind", "Source": "/srv/data", "Target": "/data"}]},
    }
    assert len(compact(before)) < 512 < len(compact(after))
    source = manifest([member("image", "x"), member("createOptions", compact(before))])
    assert fix_text(source, select=["EL002"]) == manifest([member("image", "x"), *chunks(compact(after))])


def test_a_fix_that_makes_the_text_fit_one_chunk_removes_the_others():
    before = {"Env": ["WIRESERVER_ADDRESS=10.139.218.1"], "Labels": {"note": "z" * 470}}
    after = {"Env": [], "Labels": {"note": "z" * 470}}
    assert len(compact(after)) <= 512 < len(compact(before))
    source = manifest([*chunks(compact(before), 300), member("image", "x")])
    assert len(chunks(compact(before), 300)) == 2 and compact(before).index("WIRESERVER") < 300
    expected = manifest([member("createOptions", compact(after)), member("image", "x")])
    assert fix_text(source, select=["EL009"], unsafe=True) == expected


def test_chunks_before_the_change_keep_their_boundaries():
    """Chunks of 300 characters (not IoT Edge's 512): the first two hold only unchanged text
    and stay as they are; from the changed one on, the text is cut every 512 characters."""
    before = {"Labels": {"note": "z" * 700}, "Env": ["WIRESERVER_ADDRESS=10.139.218.1", "A=1"]}
    after = {"Labels": {"note": "z" * 700}, "Env": ["A=1"]}
    text, fixed = compact(before), compact(after)
    assert text.index("WIRESERVER") > 600
    source = manifest([*chunks(text, 300), member("image", "x")])
    assert len(chunks(text, 300)) == 3
    expected = manifest(
        [
            member("createOptions", fixed[:300]),
            member("createOptions01", fixed[300:600]),
            member("createOptions02", fixed[600:]),
            member("image", "x"),
        ]
    )
    assert fix_text(source, select=["EL009"], unsafe=True) == expected


def test_a_change_in_the_second_of_three_chunks_leaves_the_first_as_it_was():
    before = {
        "Labels": {"a": "x" * 600, "b": "y" * 300},
        "HostConfig": {"Memory": 536870912, "Privileged": True},
        "Env": ["NOTE=" + "n" * 100],
    }
    text = compact(before)
    assert 512 < text.index("Memory") < 1024 < len(text)
    source = manifest([member("image", "x"), *chunks(text)])
    fixed = fix_text(source, select=["EL010"], unsafe=True)
    after = compact(
        {
            "Labels": {"a": "x" * 600, "b": "y" * 300},
            "HostConfig": {"Privileged": True},
            "Env": ["NOTE=" + "n" * 100],
            "k8s-experimental": {"resources": {"limits": {"memory": "512Mi"}}},
        }
    )
    assert fixed == manifest([member("image", "x"), *chunks(after)])
    assert chunks(after)[0] == chunks(text)[0]


def test_several_changes_to_one_string_are_one_edit():
    source = manifest([member("createOptions", compact({"HostConfig": {"Memory": 1073741824}}))])
    [finding] = lint(source, select=["EL010"])
    assert len(finding.fix.edits) == 1
    assert finding.fix.title == "Move HostConfig.Memory to k8s-experimental.resources.limits.memory (`1Gi`)"


def test_non_ascii_text_stays_written_as_it_was():
    raw = '"createOptions": "{\\"Labels\\":{\\"site\\":\\"Zürich\\"},\\"Cmd\\":\\"run\\"}"'
    escaped = '"createOptions": "{\\"Labels\\":{\\"site\\":\\"Z\\u00fcrich\\"},\\"Cmd\\":\\"run\\"}"'
    escaped_inside = '"createOptions": "{\\"Labels\\":{\\"site\\":\\"Z\\\\u00fcrich\\"},\\"Cmd\\":\\"run\\"}"'
    for written in (raw, escaped, escaped_inside):
        expected = written.replace('\\"Cmd\\":\\"run\\"', '\\"Cmd\\":[\\"run\\"]')
        assert fix_text(manifest([written]), select=["EL024"]) == manifest([expected])


def test_no_fix_when_the_string_names_a_member_twice():
    source = manifest([member("createOptions", '{"Cmd":"a","Cmd":"b"}')])
    [finding] = lint(source, select=["EL024"])
    assert finding.fix is None


def test_yaml_string_create_options_keep_their_quoting():
    source = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        m:\n          settings:\n"
        '            createOptions: "{\\"Cmd\\":\\"run.sh\\"}"\n'
        "        n:\n          settings:\n"
        '            createOptions: \'{"Entrypoint":"/bin/sh"}\'\n'
    )
    expected = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        m:\n          settings:\n"
        '            createOptions: "{\\"Cmd\\":[\\"run.sh\\"]}"\n'
        "        n:\n          settings:\n"
        '            createOptions: \'{"Entrypoint":["/bin/sh"]}\'\n'
    )
    assert fix_text(source, "deployment.yaml", ["EL024"]) == expected


# --- the string's own style -----------------------------------------------------------------

SPACED = '{"Env": ["A=1"],  "HostConfig": {"Binds": ["/srv/data:/data:ro"], "Privileged": true}, "Labels": {"z": "1", "a": "2"}}'


def test_a_fix_rewrites_only_the_edited_member_in_the_strings_own_style():
    """`": "` and `", "` as the string writes them, the double space and the key order of
    the rest kept: the diff shows the Binds entry that became a Mounts entry, nothing else."""
    source = manifest([member("image", "x"), member("createOptions", SPACED)])
    expected = SPACED.replace(
        '"Binds": ["/srv/data:/data:ro"]',
        '"Mounts": [{"Type": "bind", "Source": "/srv/data", "Target": "/data", "ReadOnly": true}]',
    )
    assert fix_text(source, select=["EL002"]) == manifest([member("image", "x"), member("createOptions", expected)])


def test_a_member_a_fix_adds_follows_the_strings_separators_and_numbers_stay_as_written():
    text = '{"Env": ["A=1"],  "HostConfig": {"Memory": 1073741824, "CpuShares": 1.50, "Privileged": true}}'
    source = manifest([member("createOptions", text)])
    expected = (
        '{"Env": ["A=1"],  "HostConfig": {"CpuShares": 1.50, "Privileged": true},  '  # the gap of its neighbours
        '"k8s-experimental": {"resources": {"limits": {"memory": "1Gi"}}}}'
    )
    assert fix_text(source, select=["EL010"], unsafe=True) == manifest([member("createOptions", expected)])


def test_a_pretty_printed_string_gets_members_on_their_own_lines():
    text = '{\n  "HostConfig": {\n    "Binds": [\n      "/srv/data:/data:ro"\n    ],\n    "Memory": 1073741824\n  }\n}'
    source = manifest([member("createOptions", text)])
    expected = (
        '{\n  "HostConfig": {\n    "Mounts": [\n      {\n        "Type": "bind",\n        "Source": "/srv/data",\n'
        '        "Target": "/data",\n        "ReadOnly": true\n      }\n    ]\n  },\n  "k8s-experimental": {\n'
        '    "resources": {\n      "limits": {\n        "memory": "1Gi"\n      }\n    }\n  }\n}'
    )
    assert fix_text(source, unsafe=True) == manifest([member("createOptions", expected)])
