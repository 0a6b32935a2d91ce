"""The YAML loader: the same node tree as JSON, with exact spans, and no surprises."""

import pytest

from edgelint.source.nodes import ParseError
from edgelint.source.yaml_spans import parse_yaml

TEXT = """\
modulesContent:
  $edgeAgent:
    properties.desired:
      modules:
        camera:
          settings: {image: "contoso/camera:1.0", createOptions: '{"Env":["A=1"]}'}
          env:
            TZ:
              value: Europe/Amsterdam   # a comment
          ports: [80, 443]
          enabled: true
          ratio: 0.5
          none: ~
          block: |
            line one
            line two
"""


def test_values_and_spans():
    (root,) = parse_yaml(TEXT)
    camera = root.get("modulesContent").get("$edgeAgent").get("properties.desired").get("modules").get("camera")
    assert camera.to_python() == {
        "settings": {"image": "contoso/camera:1.0", "createOptions": '{"Env":["A=1"]}'},
        "env": {"TZ": {"value": "Europe/Amsterdam"}},
        "ports": [80, 443],
        "enabled": True,
        "ratio": 0.5,
        "none": None,
        "block": "line one\nline two\n",
    }
    spans = {node.pointer.rsplit("/", 1)[-1]: TEXT[node.start : node.end] for node in camera.walk()}
    assert spans["image"] == '"contoso/camera:1.0"'
    assert spans["createOptions"] == """'{"Env":["A=1"]}'"""
    assert spans["value"] == "Europe/Amsterdam"
    assert spans["ports"] == "[80, 443]"
    assert spans["block"] == "|\n            line one\n            line two"
    # a block mapping ends with its last value, not at the next key or a trailing comment
    assert spans["TZ"] == "value: Europe/Amsterdam"
    tz = camera.get("env").get("TZ")
    assert TEXT[tz.key_start : tz.key_end] == "TZ"
    assert camera.get("settings").get("image").style == '"'
    assert tz.get("value").style == ""


def test_merge_keys_and_aliases():
    (root,) = parse_yaml("base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\nn: *b\n")
    assert root.to_python() == {"base": {"a": 1, "b": 2}, "m": {"a": 1, "b": 3}, "n": {"a": 1, "b": 2}}
    assert root.get("n").get("a").pointer == "/n/a"


def test_tags_never_construct_objects():
    (root,) = parse_yaml('a: !!python/object/apply:os.system ["echo pwned"]\nb: !custom 3\n')
    assert root.to_python() == {"a": ["echo pwned"], "b": "3"}


def test_alias_bombs_are_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(ParseError) as info:
        parse_yaml("\n".join(lines) + "\n")
    assert info.value.message == "YAML aliases expand to too many nodes"


def test_recursive_anchor_is_an_error():
    with pytest.raises(ParseError) as info:
        parse_yaml("a: &a\n  - *a\n")
    assert info.value.message == "Recursive YAML alias: the anchor contains itself"


def test_duplicates_are_recorded():
    duplicates = []
    (root,) = parse_yaml("a: 1\nb: 2\na: 3\n", duplicates=duplicates)
    assert root.to_python() == {"a": 3, "b": 2}
    assert [(first.value, second.value) for first, second in duplicates] == [(1, 3)]


def test_syntax_error_has_a_position():
    with pytest.raises(ParseError) as info:
        parse_yaml("a:\n  b: [1, 2\nc: 3\n")
    assert info.value.start == 15  # the ":" after "c", where the flow sequence breaks
    assert info.value.message.startswith("Expected ',' or ']'")


def test_every_document_is_returned():
    roots = parse_yaml("a: 1\n---\nb: 2\n")
    assert [root.to_python() for root in roots] == [{"a": 1}, {"b": 2}]


@pytest.mark.parametrize(
    ("text", "parent_end"),
    [
        ("a:\n  b:\n  c: 1\n", "b:"),
        ("a:\n  b:   # why\n  # more\n\n  c: 1\n", "b:"),
        ("a:\n  b:\nd: 1\n", "b:"),
        ("a:\n  b:", "b:"),
    ],
)
def test_an_empty_value_stands_right_after_its_colon(text, parent_end):
    """Not at the next token, lines further down: a fix that removes the member would
    otherwise take the next key's line with it."""
    (root,) = parse_yaml(text)
    member = root.get("a").get("b")
    colon = text.index(parent_end) + len(parent_end)
    assert (member.kind, member.start, member.end) == ("null", colon, colon)
    if "c" not in root.get("a").value:  # the last member: its collection ends with it
        assert root.get("a").end == colon


def test_an_empty_sequence_item_stands_right_after_its_dash():
    (root,) = parse_yaml("a:\n- \n- x\n")
    assert (root.get("a").value[0].start, root.get("a").value[0].end) == (4, 4)


def test_removing_the_last_member_with_an_empty_value_keeps_the_next_key():
    from fix_helpers import fix_text

    text = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired.modules.r:\n      type: docker\n"
        "      env:\n        WIRESERVER_ADDRESS:\n          value:\n      settings:\n"
        "        image: contoso.azurecr.io/app:1.0\n  $edgeHub: {}\n"
    )
    fixed = fix_text(text, "deployment.yaml", ["EL009"], unsafe=True)
    assert fixed == text.replace("      env:\n        WIRESERVER_ADDRESS:\n          value:\n", "      env: {}\n")
