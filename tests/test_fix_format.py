"""Fixes keep the file's formatting: indentation (2, 4, tabs), compact JSON, key order,
CRLF, BOM, a missing final newline, YAML comments, quoting, block and flow style."""

import codecs
import json

import pytest
from conftest import lint
from fix_helpers import fix_text, run_fixes

GATEWAY = {
    "modulesContent": {
        "$edgeAgent": {
            "properties.desired": {
                "modules": {
                    "gateway": {
                        "version": "1.0",
                        "settings": {
                            "image": "contoso.azurecr.io/gateway:1.0",
                            "createOptions": {"HostConfig": {"NetworkMode": "host", "Memory": 268435456}},
                        },
                        "type": "docker",
                    }
                }
            }
        }
    }
}
GATEWAY_FIXED = {
    "modulesContent": {
        "$edgeAgent": {
            "properties.desired": {
                "modules": {
                    "gateway": {
                        "version": "1.0",
                        "settings": {
                            "image": "contoso.azurecr.io/gateway:1.0",
                            "createOptions": {
                                "HostConfig": {"NetworkMode": "host"},
                                "k8s-experimental": {
                                    "resources": {"limits": {"memory": "256Mi"}},
                                    "strategy": {"type": "Recreate"},
                                },
                            },
                        },
                        "type": "docker",
                    }
                }
            }
        }
    }
}


@pytest.mark.parametrize(
    "style",
    [
        {"indent": 2},
        {"indent": 4},
        {"indent": "\t"},
        {"separators": (",", ":")},
        {"indent": 3, "separators": (",", " : ")},
    ],
    ids=["indent-2", "indent-4", "tabs", "compact", "spaced-colon"],
)
def test_json_layout_and_key_order_are_kept(style):
    source = json.dumps(GATEWAY, **style)
    assert fix_text(source, select=["EL010", "EL016"], unsafe=True) == json.dumps(GATEWAY_FIXED, **style)


def test_crlf_bom_and_no_final_newline_are_kept():
    text = json.dumps(GATEWAY, indent=4).replace("\n", "\r\n")
    outcome = run_fixes(codecs.BOM_UTF8 + text.encode(), select=["EL010", "EL016"], unsafe=True)
    assert outcome.fixed == 2
    assert (
        outcome.source.encode() == codecs.BOM_UTF8 + json.dumps(GATEWAY_FIXED, indent=4).replace("\n", "\r\n").encode()
    )


def test_utf16_files_stay_utf16():
    text = json.dumps(GATEWAY, indent=2, ensure_ascii=False).replace("gateway:1.0", "passerelle-é:1.0")
    outcome = run_fixes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), select=["EL010", "EL016"], unsafe=True)
    expected = json.dumps(GATEWAY_FIXED, indent=2, ensure_ascii=False).replace("gateway:1.0", "passerelle-é:1.0")
    assert outcome.source.encode() == codecs.BOM_UTF16_LE + expected.encode("utf-16-le")


def test_members_written_on_one_line_get_neighbours_on_one_line():
    source = (
        '{"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {\n'
        '  "uploader": {\n'
        '    "settings": {"image": "x"},\n'
        '    "env": {"http_proxy": {"value": "http://proxy:3128"}}\n'
        "  }\n"
        "}}}}}\n"
    )
    expected = source.replace(
        '"env": {"http_proxy": {"value": "http://proxy:3128"}}',
        '"env": {"http_proxy": {"value": "http://proxy:3128"}, "no_proxy": {"value": "localhost"}}',
    )
    assert fix_text(source, select=["EL014"]) == expected


YAML = """\
# Deployment for the line-side GPU box.
modulesContent:
  $edgeAgent:
    properties.desired:
      schemaVersion: "1.1"   # keep at 1.1 for ASE
      modules:
        inference:
          type: docker
          settings:
            image: "contoso.azurecr.io/inference:2.0"
            createOptions:
              HostConfig:
                # the models share
                Binds:
                - /srv/models:/models:ro   # read-only
                PortBindings:
                  50051/tcp: [{HostPort: ""}]
              k8s-experimental:
                resources:
                  limits: {memory: 4Gi, cpu: '2'}
          env:
            HTTP_PROXY: {value: 'http://proxy:3128'}
            # tracing
            'Logging:LogLevel': {value: Debug}
  $edgeHub:
    properties.desired:
      schemaVersion: "1.1"
      routes:
        out: FROM /messages/modules/inference/* INTO $upstream
      storeAndForwardConfiguration:
        timeToLiveSecs: 7200"""

YAML_FIXED = """\
# Deployment for the line-side GPU box.
modulesContent:
  $edgeAgent:
    properties.desired:
      schemaVersion: "1.1"   # keep at 1.1 for ASE
      modules:
        inference:
          type: docker
          settings:
            image: "contoso.azurecr.io/inference:2.0"
            createOptions:
              HostConfig:
                # the models share
                Mounts:
                - Type: bind
                  Source: /srv/models
                  Target: /models
                  ReadOnly: true   # read-only
                PortBindings:
                  50051/tcp: [{HostPort: "50051"}]
              k8s-experimental:
                resources:
                  limits: {memory: 4Gi, cpu: '2'}
          env:
            HTTP_PROXY: {value: 'http://proxy:3128'}
            # tracing
            'Logging__LogLevel': {value: Debug}
            NO_PROXY: {value: localhost}
  $edgeHub:
    properties.desired:
      schemaVersion: "1.1"
      routes:
        out: FROM /messages/modules/inference/* INTO $upstream
      storeAndForwardConfiguration:
        timeToLiveSecs: 7200"""


def test_yaml_comments_quoting_and_styles_are_kept():
    outcome = run_fixes(YAML, "deployment.yaml", unsafe=True)
    assert outcome.problems == []
    assert outcome.fixed == 4  # EL002, EL005, EL014, EL021
    assert outcome.source.text == YAML_FIXED
    assert lint(YAML_FIXED, "deployment.yaml") == []
    assert fix_text(YAML.replace("\n", "\r\n"), "deployment.yaml", unsafe=True) == YAML_FIXED.replace("\n", "\r\n")


def test_yaml_emptied_mappings_flow_members_and_indentless_sequences():
    source = """\
modulesContent:
  $edgeAgent:
    properties.desired:
      modules:
        inference:
          settings:
            image: x
            createOptions:
              HostConfig:
                Memory: 1073741824   # 1 GiB
              k8s-experimental:
                resources:
                  limits: {cpu: "1"}
                strategy: {type: Recreate}
              Cmd: run.sh
              Env:
              - A=1
        other:
          settings:
            image: x
            createOptions:
              HostConfig:
                Runtime: nvidia
              k8s-experimental:
                resources:
                  limits: {memory: 4Gi}
                strategy: {type: Recreate}
"""
    expected = (
        source.replace(
            "              HostConfig:\n                Memory: 1073741824   # 1 GiB\n",
            "              HostConfig: {}\n",
        )
        .replace('limits: {cpu: "1"}', 'limits: {cpu: "1", memory: 1Gi}')
        .replace("Cmd: run.sh", "Cmd:\n              - run.sh")
        .replace("limits: {memory: 4Gi}", "limits: {memory: 4Gi, nvidia.com/gpu: 1}")
    )
    assert fix_text(source, "deployment.yaml", ["EL010", "EL011", "EL024"], unsafe=True) == expected


def test_yaml_with_anchors_gets_no_fix():
    source = """\
base: &base
  image: x
modulesContent:
  $edgeAgent:
    properties.desired:
      modules:
        m:
          settings:
            <<: *base
            createOptions: {Cmd: run.sh}
"""
    [finding] = lint(source, "deployment.yaml", ["EL024"])
    assert finding.fix is None


# --- what a reviewer reads ------------------------------------------------------------------

YAML_HEAD = (
    "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        cam:\n          settings:\n"
    "            image: x\n            createOptions:\n              HostConfig:\n"
)


def test_yaml_comments_move_with_the_entries_a_fix_converts_or_moves():
    source = YAML_HEAD + (
        "                Binds:  # host folders\n"
        "                  - /srv/data:/data:ro  # the camera's images\n"
        "                Memory: 1073741824  # 1 GiB\n"
    )
    assert fix_text(source, "d.yaml", ["EL002", "EL010"], unsafe=True) == YAML_HEAD + (
        "                Mounts:  # host folders\n"
        "                  - Type: bind\n"
        "                    Source: /srv/data\n"
        "                    Target: /data\n"
        "                    ReadOnly: true  # the camera's images\n"
        "              k8s-experimental:\n"
        "                resources:\n"
        "                  limits:\n"
        "                    memory: 1Gi  # 1 GiB\n"
    )


def test_a_comment_on_a_bind_moved_into_existing_mounts_goes_with_it():
    source = YAML_HEAD + (
        "                Mounts:\n"
        "                  - Type: bind\n"
        "                    Source: /a\n"
        "                    Target: /a\n"
        "                Binds:\n"
        "                  - /srv/data:/data  # images, kept a week\n"
        "                  - /srv/logs:/logs  # logs\n"
    )
    assert fix_text(source, "d.yaml", ["EL002"]) == YAML_HEAD + (
        "                Mounts:\n"
        "                  - Type: bind\n"
        "                    Source: /a\n"
        "                    Target: /a\n"
        "                  - Type: bind\n"
        "                    Source: /srv/data\n"
        "                    Target: /data  # images, kept a week\n"
        "                  - Type: bind\n"
        "                    Source: /srv/logs\n"
        "                    Target: /logs  # logs\n"
    )


def test_a_hash_inside_a_quoted_value_is_no_comment():
    source = (
        YAML_HEAD
        + '                Binds:\n                  - "/srv/data #1:/data"\n                Privileged: true\n'
    )
    fixed = fix_text(source, "d.yaml", ["EL002"])
    assert fixed == YAML_HEAD + (
        "                Mounts:\n"
        "                  - Type: bind\n"
        '                    Source: "/srv/data #1"\n'
        "                    Target: /data\n"
        "                Privileged: true\n"
    )


def test_no_trailing_whitespace_is_copied_onto_inserted_lines():
    """The line break between two members carries blanks before it: the inserted member
    gets the break and the indentation, not the blanks."""
    source = (
        '{\n  "modulesContent": {\n    "$edgeAgent": {\n      "properties.desired": {\n        "modules": {\n'
        '          "m": {\n            "settings": {"image": "x"},\n            "env": {\n'
        '              "http_proxy": {"value": "http://proxy:3128"},\t \n'
        '              "A": {"value": "1"}\n'
        "            }\n          }\n        }\n      }\n    }\n  }\n}\n"
    )
    assert fix_text(source, select=["EL014"]) == source.replace(
        '              "A": {"value": "1"}\n',
        '              "A": {"value": "1"},\n              "no_proxy": {"value": "localhost"}\n',
    )


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ('"\\x7F"', '"\\u007f"'),
        ('"a\\x85b"', '"a\x85b"'),
        ('"\\x9F"', '"\\u009f"'),
        ("'caf\u00e9'", "'caf\u00e9'"),
    ],
)
def test_yaml_strings_a_fix_writes_escape_what_yaml_cannot_hold(written, fixed):
    """YAML allows neither DEL nor the C1 controls (but NEL) as they are: written quoted they must be escaped."""
    text = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        m:\n"
        "          type: docker\n          settings:\n            image: a/b:1\n            createOptions:\n"
        f"              Cmd: {written}\n"
    )
    expected = text.replace(f"Cmd: {written}\n", f"Cmd:\n                - {fixed}\n")
    assert fix_text(text, "deployment.yaml", select=["EL024"]) == expected
