"""The YAML loader: the same node tree as JSON, with exact spans, and no surprises."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# --- libyaml's events and ruamel's own parser give the same tree -------------------------


def _shape(roots):
    return [
        (
            node.kind,
            node.key,
            node.value if node.kind not in ("object", "array") else None,
            node.start,
            node.end,
            getattr(node, "key_start", None),
            getattr(node, "key_end", None),
        )
        for root in roots
        for node in root.walk()
    ]


def _outcome(text):
    try:
        return _shape(parse_yaml(text))
    except ParseError as error:
        return ("error", error.message, error.start, error.end)


def _both(text, monkeypatch):
    """What edgelint makes of `text` with libyaml's events, and with ruamel's own parser."""
    from edgelint.source import yaml_spans

    fast = _outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(yaml_spans, "_compose_fast", lambda text, depth: None)
        pure = _outcome(text)
    return fast, pure


def _yaml_files():
    from conftest import ROOT, corpus_files

    own = [*(ROOT / "examples").glob("*.yaml"), *(ROOT / "tests" / "rules").glob("*/*.yaml")]
    return [path for path in corpus_files() if path.suffix in (".yaml", ".yml")] + sorted(own)


def test_libyaml_is_installed_where_the_tests_run():
    from edgelint.source.yaml_spans import _compose_fast

    assert _compose_fast("a: 1\n", 10) is not None, "ruamel.yaml.clib is a dependency on CPython"


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda path: path.name)
def test_both_parsers_give_every_node_the_same_span(path, monkeypatch):
    fast, pure = _both(path.read_text(encoding="utf-8-sig"), monkeypatch)
    assert fast == pure and len(fast) > 5


@pytest.mark.parametrize(
    "text",
    [
        "a:\n- \n- x\n",
        "a: {b: }\n",
        "a:\n",
        "a: !!null\nb: 1\n",
        "x: &a [1, 2]\ny: *a\n",
        "<<: {a: 1}\nb: 2\n",
        "a: |\n  line\n  two\nb: >-\n  folded\n  text\n",
        "\"quoted \\u00e9\": 'single'\n",
        "a: \U0001f600 é\n",
        "- - - 1\n",
        "---\na: 1\n---\nb: 2\n",
        "a:   # c\n  b: 1\n",
        "a: 'it''s'\nb: \"tab\\t\"\n",
        "k: [a, {b: c}, ]\n",
    ],
)
def test_both_parsers_agree_on_the_corners(text, monkeypatch):
    fast, pure = _both(text, monkeypatch)
    assert fast == pure


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "\tkey: 1\n", "a: 'open\n", "a: \x1f\n"])
def test_text_libyaml_rejects_is_reported_with_ruamels_message(text, monkeypatch):
    fast, pure = _both(text, monkeypatch)
    assert fast == pure and fast[0] == "error"


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_values, flow=st.sampled_from([False, True, None]), style=st.sampled_from([None, '"', "'", "|"]))
def test_both_parsers_agree_on_generated_documents(monkeypatch, value, flow, style):
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.default_style = style
    out = io.StringIO()
    yaml.dump(value, out)
    fast, pure = _both(out.getvalue(), monkeypatch)
    assert fast == pure


def test_both_parsers_agree_on_mutated_manifests(monkeypatch):
    """Broken YAML too: each parser accepts and rejects the same texts, with the same message."""
    import random

    texts = [path.read_text(encoding="utf-8-sig") for path in _yaml_files()]
    rng = random.Random(20261130)
    alphabet = " \n\t:-[]{},#&*!|>'\"?%@`ab1\\."
    for _ in range(400):
        text = list(rng.choice(texts))
        for _ in range(rng.randint(1, 4)):
            place = rng.randrange(len(text) + 1)
            if rng.random() < 0.4 and text:
                del text[min(place, len(text) - 1)]
            else:
                text.insert(place, rng.choice(alphabet) * rng.randint(1, 3))
        mutated = "".join(text)
        fast, pure = _both(mutated, monkeypatch)
        assert fast == pure, mutated
