"""Findings point at the exact characters in the file: in JSON and YAML, inside stringified
and chunked createOptions, through escapes, with CRLF, BOM, tabs and non-ASCII text."""

import json

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans
from hypothesis import given, settings
from hypothesis import strategies as st


def stringified(create_options):
    return json.dumps(create_options, separators=(",", ":"))


BINDS = {"HostConfig": {"Binds": ["/srv/data:/data", "/etc/localtime:/etc/localtime:ro"]}}


def test_object_create_options():
    text = manifest_text(deployment({"camera": module(BINDS, image="camera")}))
    assert spans(lint(text, select=["EL001"])) == [("EL001", *locate(text, "/etc/localtime"))]


def test_stringified_create_options_point_inside_the_string():
    text = manifest_text(deployment({"camera": module(stringified(BINDS), image="camera")}))
    (finding,) = lint(text, select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "/etc/localtime"))]
    assert (
        finding.pointer
        == "/modulesContent/$edgeAgent/properties.desired/modules/camera/settings/createOptions/HostConfig/Binds/1"
    )


def test_unicode_escapes_in_the_string_map_to_their_source_characters():
    inner = json.dumps(stringified({"HostConfig": {"Binds": ["/etc/localtime:/x"]}}))[1:-1]
    escaped = inner.replace("/", "\\u002F").replace("etc", "\\u0065tc")
    text = (
        '{"modulesContent":{"$edgeAgent":{"properties.desired":{"modules":{"m":{"settings":{"createOptions":"%s"}}}}}}}'
        % escaped
    )
    (finding,) = lint(text, select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "\\u002F\\u0065tc\\u002Flocaltime"))]


def test_astral_characters_and_surrogate_pair_escapes():
    inner = '{"Labels":{"a":"\\ud83d\\ude00"},"HostConfig":{"Binds":["/etc/hosts:/etc/hosts"]}}'
    text = (
        '{"modulesContent":{"$edgeAgent":{"properties.desired":{"modules":{"m":{"settings":{"createOptions":%s}}}}}}}'
        % json.dumps(inner)
    )
    (finding,) = lint(text, select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "/etc/hosts"))]


@pytest.mark.parametrize(
    "names",
    [
        ("createOptions", "createOptions01", "createOptions02"),
        ("createOptions", "createOptions1", "createOptions2"),
    ],
)
@pytest.mark.parametrize("file_order", [(0, 1, 2), (2, 0, 1)])
def test_chunked_create_options(names, file_order):
    whole = stringified(BINDS)
    cut = whole.index("/etc/local") + 5  # the finding straddles two chunks
    pieces = [whole[:20], whole[20:cut], whole[cut:]]
    chunks = {names[index]: pieces[index] for index in file_order}
    text = manifest_text(deployment({"camera": module(image="camera", settings=chunks)}))
    (finding,) = lint(text, select=["EL001"])
    assert pieces[1].endswith("/etc/") and pieces[2].startswith("localtime:")
    first_line, first_column = locate(text, json.dumps(pieces[1]))[:2]
    second_line, second_column = locate(text, json.dumps(pieces[2]))[:2]
    escaped_prefix = len(json.dumps(pieces[1][: pieces[1].index("/etc/")])) - 1
    assert (finding.line, finding.column) == (first_line, first_column + escaped_prefix)
    if file_order == (0, 1, 2):
        assert (finding.end_line, finding.end_column) == (second_line, second_column + 1 + len("localtime"))
    else:  # the second chunk stands earlier in the file: the region ends with the first one
        assert (finding.end_line, finding.end_column) == (first_line, first_column + len(json.dumps(pieces[1])) - 1)


def test_crlf_file():
    text = manifest_text(deployment({"camera": module(stringified(BINDS), image="camera")}), newline="\r\n")
    (finding,) = lint(text, select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "/etc/localtime"))]
    assert finding.line == text[: text.index("/etc/localtime")].count("\r\n") + 1


def test_bom_does_not_shift_columns():
    text = '{"modulesContent":{"$edgeAgent":{"properties.desired":{"modules":{"m":{"settings":{"createOptions":{"HostConfig":{"Binds":["/etc/localtime:/t"]}}}}}}}}}'
    (finding,) = lint(b"\xef\xbb\xbf" + text.encode(), select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "/etc/localtime"))]
    assert finding.column == text.index("/etc/localtime") + 1


def test_utf16_with_bom():
    text = manifest_text(deployment({"camera": module(BINDS, image="camera")}))
    (finding,) = lint(b"\xff\xfe" + text.encode("utf-16-le"), select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "/etc/localtime"))]


def test_tabs_and_non_ascii_count_as_one_column_each():
    text = manifest_text(deployment({"camera": module(BINDS, image="kamera-für-straße")})).replace("  ", "\t")
    text = text.replace('"Binds"', '"Binds"\t')
    (finding,) = lint(text, select=["EL001"])
    assert spans([finding]) == [("EL001", *locate(text, "/etc/localtime"))]


def test_non_ascii_inside_a_stringified_create_options():
    options = {"Labels": {"owner": "Jürgen Straße ✓"}, "HostConfig": {"Binds": ["/etc/localtime:/t"]}}
    for ascii_only in (True, False):
        text = manifest_text(deployment({"camera": module(json.dumps(options, ensure_ascii=ascii_only))}))
        (finding,) = lint(text, select=["EL001"])
        assert spans([finding]) == [("EL001", *locate(text, "/etc/localtime"))]


YAML = """\
modulesContent:
  $edgeAgent:
    properties.desired:
      modules:
        camera:
          settings:
            image: camera
            createOptions: {HostConfig: {Binds: ["/etc/localtime:/etc/localtime:ro"]}}
        plain:
          settings:
            createOptions: {"HostConfig":{"PortBindings":{"35000/tcp":[{"HostPort":"8080"}]}}}
        single:
          settings:
            createOptions: '{"HostConfig":{"Binds":["/var/run/docker.sock:/var/run/docker.sock"]}}'
        double:
          settings:
            createOptions: "{\\"HostConfig\\":{\\"Binds\\":[\\"/dev/video0:/dev/video0\\"]}}"
        folded:
          settings:
            createOptions: >-
              {"HostConfig":{"Binds":
              ["/etc/hosts:/etc/hosts"]}}
"""


def test_yaml_objects_and_strings():
    findings = lint(YAML, name="deployment.yaml", select=["EL001", "EL007"])
    assert spans(findings) == [
        ("EL001", *locate(YAML, "/etc/localtime")),
        ("EL007", *locate(YAML, '"35000/tcp"')),
        ("EL001", *locate(YAML, "/var/run/docker.sock")),
        ("EL001", *locate(YAML, "/dev/video0")),
        ("EL001", *locate(YAML, "/etc/hosts")),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab"\\/\né\u2028', max_size=6), st.integers(0, 7), st.integers(0, 8))
def test_part_spans_follow_the_characters_of_the_source(value, start, end):
    """Characters of a string, escaped or not, map to the characters that write them."""
    from edgelint.source.embedded import part_span, string_offsets
    from edgelint.source.json_spans import parse_json

    text = json.dumps({"k": value}, ensure_ascii=False)
    node = parse_json(text).get("k")
    starts, ends = string_offsets(text, node)
    if not starts:
        assert part_span(text, node, start, end) == node.file_span()
        return
    last = len(starts) - 1
    assert part_span(text, node, start, end) == (starts[min(start, last)], ends[min(max(end - 1, start), last)])
