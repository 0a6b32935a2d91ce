"""The JSON loader: values, spans, pointers and errors with positions."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edgelint.source.json_spans import Extremes, parse_json
from edgelint.source.nodes import ParseError


def test_spans_and_pointers_of_every_kind():
    text = '{"a": [1, 2.5e3, "x\\"y"], "b/c~d": {"t": true, "f": false, "n": null}}'
    root = parse_json(text)
    assert root.to_python() == json.loads(text)
    spans = {node.pointer: text[node.start : node.end] for node in root.walk()}
    assert spans == {
        "": text,
        "/a": '[1, 2.5e3, "x\\"y"]',
        "/a/0": "1",
        "/a/1": "2.5e3",
        "/a/2": '"x\\"y"',
        "/b~1c~0d": '{"t": true, "f": false, "n": null}',
        "/b~1c~0d/t": "true",
        "/b~1c~0d/f": "false",
        "/b~1c~0d/n": "null",
    }
    member = root.get("b/c~d")
    assert text[member.key_start : member.key_end] == '"b/c~d"'


def test_numbers_keep_their_json_type():
    root = parse_json('{"i": 10, "f": 1.0, "e": 1e3, "neg": -0}')
    values = root.to_python()
    assert values == {"i": 10, "f": 1.0, "e": 1000.0, "neg": 0}
    assert type(values["i"]) is int and type(values["f"]) is float


def test_duplicate_members_keep_the_last_and_are_recorded():
    duplicates = []
    root = parse_json('{"a": 1, "b": 2, "a": 3}', duplicates=duplicates)
    assert root.to_python() == {"a": 3, "b": 2}
    ((first, second),) = duplicates
    assert (first.value, second.value) == (1, 3)
    assert (first.key_start, second.key_start) == (1, 17)


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ('{"a": 1,}', "Trailing comma before '}'", 7),
        ("[1, 2, ]", "Trailing comma before ']'", 5),
        ('{"a": 1 // note\n}', "Comments are not allowed in JSON", 8),
        ('{/* c */ "a": 1}', "Comments are not allowed in JSON", 1),
        ('{"a": 1\n<<<<<<< HEAD\n}', "Merge conflict marker: resolve the conflict", 8),
        ('{"env": __ENV__}', "Unquoted placeholder '__ENV__': JSON needs it inside a string", 8),
        ('{"ttl": ${TTL}}', "Unquoted placeholder '${TTL}': JSON needs it inside a string", 8),
        ('{"a": 1 "b": 2}', "Expecting ',' or '}' after a value in an object", 8),
        ("[1 2]", "Expecting ',' or ']' after a value in an array", 3),
        ("{a: 1}", "Expecting property name enclosed in double quotes", 1),
        ('{"a" 1}', "Expecting ':' after the property name", 5),
        ('{"a": "x', "Unterminated string", 6),
        ('{"a": "x\ny"}', "Invalid a line break inside a string: escape it", 8),
        ('{"a": NaN}', "'NaN' is not a JSON value", 6),
        ("{'a': 1}", "Expecting property name enclosed in double quotes", 1),
        ('{"a": 01}', "Invalid number", 6),
        ('{"a": truex}', "Invalid literal", 6),
        ("{} {}", "Extra data after the end of the document", 3),
        ("", "Expecting value", 0),
        ('{"a": [1, 2}', "Expecting ',' or ']' after a value in an array", 11),
        ('{"a": {', "Unexpected end of file: this '{' is never closed", 6),
        ('{"a": [1', "Unexpected end of file: this '[' is never closed", 6),
        ('{"a": 1', "Unexpected end of file: this '{' is never closed", 0),
        ('{"a"', "Unexpected end of file: this '{' is never closed", 0),
    ],
)
def test_errors_name_the_problem_and_its_offset(text, message, offset):
    with pytest.raises(ParseError) as info:
        parse_json(text)
    assert (info.value.message, info.value.start) == (message, offset)


def test_deep_nesting_is_an_error_not_a_recursion_error():
    with pytest.raises(ParseError) as info:
        parse_json("[" * 5000 + "]" * 5000)
    assert info.value.message == "nesting deeper than 200 levels"
    assert info.value.start == 200


def test_nesting_below_the_cap_parses_and_converts_without_recursion():
    depth = 200
    root = parse_json("[" * depth + "]" * depth)
    assert root.to_python() == root.to_python()
    assert sum(1 for _ in root.walk()) == depth


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([None, 2]), st.booleans())
def test_agrees_with_the_standard_library(value, indent, ascii_only):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    root = parse_json(text)
    assert root.to_python() == json.loads(text)
    for node in root.walk():
        assert json.loads(text[node.start : node.end]) == node.to_python()


def _strict_loads(text):
    """The standard library's decoder with the constants JSON does not have rejected."""

    def reject(name):
        raise ValueError(name)

    return json.loads(text, parse_constant=reject)


_EDIT_CHARACTERS = '{}[],:"\\ \n\t0123456789.eE+-truefalsn/\x01é'


@settings(max_examples=600, deadline=None)
@given(
    json_values,
    st.sampled_from([None, 2]),
    st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=3), st.sampled_from(_EDIT_CHARACTERS)),
        min_size=1,
        max_size=3,
    ),
)
def test_edited_text_is_accepted_exactly_when_the_standard_library_accepts_it(value, indent, edits):
    text = json.dumps({"modulesContent": value, "list": [value, 1]}, indent=indent)
    for position, action, character in edits:
        at = position % (len(text) + 1)
        if action == 0:
            text = text[:at] + character + text[at:]
        elif action == 1:
            text = text[:at] + text[at + 1 :]
        elif action == 2:
            text = text[:at] + character + text[at + 1 :]
        else:
            text = text[:at] + text[at : at + 5] + text[at:]
    _assert_agrees_with_the_standard_library(text)


def test_corpus_json_agrees_with_the_standard_library():
    from conftest import corpus_files

    for path in corpus_files():
        if path.suffix != ".json":
            continue
        original = path.read_text(encoding="utf-8-sig")
        _assert_agrees_with_the_standard_library(original, path)
        try:
            value = _strict_loads(original)
        except ValueError:
            continue  # a broken manifest of the corpus: only the original is compared
        for indent in (None, 2, "\t"):
            _assert_agrees_with_the_standard_library(json.dumps(value, indent=indent, ensure_ascii=False), path)


class _Members(list):
    """An object's (name, value) pairs, all of them: a duplicate name's values count too."""


def _extremes(text):
    """(deepest nesting of containers, longest string value, float values) of a JSON text."""
    return _value_extremes(json.loads(text, object_pairs_hook=_Members))


def _value_extremes(value):
    if isinstance(value, list):
        items = [_value_extremes(item[1] if isinstance(value, _Members) else item) for item in value]
        return (
            1 + max((nesting for nesting, _, _ in items), default=0),
            max((length for _, length, _ in items), default=0),
            sum(floats for _, _, floats in items),
        )
    return 0, len(value) if isinstance(value, str) else 0, int(isinstance(value, float))


def _assert_agrees_with_the_standard_library(text, path=None):
    """parse_json accepts `text` exactly when the standard library does, with its values and
    extremes, and every node's span and member-name span decode to that node's value and name."""
    try:
        expected = _strict_loads(text)
    except ValueError:
        with pytest.raises(ParseError):
            parse_json(text)
        return
    extremes = Extremes()
    root = parse_json(text, extremes=extremes)
    assert root.to_python() == expected, path
    assert (extremes.nesting, extremes.string_length, extremes.floats) == _extremes(text), path
    for node in root.walk():
        assert _strict_loads(text[node.start : node.end]) == node.to_python(), (path, node.pointer)
        if node.key_start >= 0:
            assert json.loads(text[node.key_start : node.key_end]) == node.key, (path, node.pointer)
