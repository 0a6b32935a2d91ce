"""Hostile input, internal errors and fixes that can never lose data, with real files in
temporary folders: encodings, size and nesting limits, YAML aliases and tags, duplicate
keys, conflict markers, odd paths (directories named *.json, symlink loops, unreadable
files), a rule or fix or report that breaks, and --fix runs that are interrupted, meet
read-only files, symlinks or files that change under them."""

import codecs
import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest
from conftest import ROOT, deployment, locate, manifest_text, module, run_cli, run_unprivileged, select_rules

from edgelint.cli import main
from edgelint.engine import lint_bytes
from edgelint.fixes.intents import Change, FixIntent, Replace
from edgelint.rule import REGISTRY, Problem, all_rules, rule
from edgelint.source.nodes import MAX_DEPTH, ParseError

BIND = "/etc/localtime:/etc/localtime"


BAD = manifest_text(
    deployment(
        {
            "camera": module({"HostConfig": {"Binds": [BIND]}}),
        }
    )
)  # EL001 (no fix), EL002 (safe fix)
FIXABLE = manifest_text(deployment({"camera": module({"HostConfig": {"Binds": ["/srv/data:/data"]}})}))  # EL002 only


def el001_position(text):
    return locate(text, BIND.split(":")[0])[:2]


def concise(proc):
    return [" ".join(line.split()[:2]) for line in proc.stdout.splitlines()]


# --- encodings, empty and binary files --------------------------------------------------


def test_empty_whitespace_and_binary_files_are_skipped_silently(tmp_path):
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "blank.yaml").write_bytes(b"  \n\n")
    (tmp_path / "random.json").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "nul.yml").write_bytes(b"\x00" * 100)
    proc = run_cli("--format", "concise", ".", "empty.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "",
        "Nothing linted: 4 files skipped (not IoT Edge manifests); --show-files lists them.\n",
    )


def test_a_binary_manifest_is_reported_at_its_first_undecodable_byte(tmp_path):
    text = BAD.replace('"camera"', '"cam\udcffera"')
    data = text.encode("utf-8", "surrogateescape")  # one byte 0xff in the middle of the file
    (tmp_path / "d.json").write_bytes(data)
    proc = run_cli("--format", "concise", "d.json", cwd=tmp_path)
    line, column = locate(text, "\udcff")[:2]
    assert proc.stdout == f"d.json:{line}:{column}: EL000 file is not valid UTF-8: byte 0xff cannot be decoded\n"
    assert proc.returncode == 1


@pytest.mark.parametrize(
    "bom, encoding",
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_utf8_with_or_without_bom_and_utf16_with_bom_are_read_alike(tmp_path, bom, encoding):
    (tmp_path / "d.json").write_bytes(bom + BAD.encode(encoding))
    proc = run_cli("--format", "concise", "--select", "EL001", "d.json", cwd=tmp_path)
    line, column = el001_position(BAD)
    assert proc.stdout.startswith(f"d.json:{line}:{column}: EL001 ")
    assert proc.returncode == 1


@pytest.mark.parametrize(
    "data, what",
    [
        (BAD.encode("utf-16-le"), "UTF-16 without a byte order mark"),
        (BAD.encode("utf-16-be"), "UTF-16 without a byte order mark"),
        (codecs.BOM_UTF32_LE + BAD.encode("utf-32-le"), "UTF-32"),
        (codecs.BOM_UTF32_BE + BAD.encode("utf-32-be"), "UTF-32"),
    ],
)
def test_utf32_and_utf16_without_bom_are_named(tmp_path, data, what):
    (tmp_path / "d.json").write_bytes(data)
    proc = run_cli("--format", "concise", "--fix", "d.json", cwd=tmp_path)
    assert proc.stdout == f"d.json:1:1: EL000 file is {what}: save it as UTF-8 (or UTF-16 with a byte order mark)\n"
    assert proc.returncode == 1 and (tmp_path / "d.json").read_bytes() == data


# --- the size limit ---------------------------------------------------------------------


def test_a_manifest_over_the_default_limit_is_a_finding_and_is_not_read(tmp_path):
    size = 10 * 2**20 + 1
    (tmp_path / "big.json").write_bytes(BAD.encode().ljust(size))  # trailing spaces: valid JSON
    (tmp_path / "data.json").write_bytes(b"[" + b"1," * (size // 2) + b"1]")  # not a manifest: silent
    proc = run_cli("--format", "concise", "--fix", "big.json", "data.json", cwd=tmp_path)
    assert proc.stdout == (
        "big.json:1:1: EL000 The file is 10,485,761 bytes, more than max-file-size (10 MiB), so it was not checked; "
        "raise max-file-size if it really is a deployment manifest.\n"
    )
    assert proc.returncode == 1 and proc.stderr.startswith(
        "Found 1 problem (1 error) in 1 file; 1 skipped (not an IoT Edge manifest)."
    )
    assert (tmp_path / "big.json").read_bytes() == BAD.encode().ljust(size)


def test_max_file_size_from_the_command_line_and_the_configuration(tmp_path):
    (tmp_path / "d.json").write_text(BAD)
    size = len(BAD.encode())
    assert concise(run_cli("--format", "concise", "--max-file-size", "100 B", "d.json", cwd=tmp_path)) == [
        "d.json:1:1: EL000"
    ]
    (tmp_path / ".edgelint.toml").write_text("max-file-size = 100\n")
    proc = run_cli("--format", "concise", "d.json", cwd=tmp_path)
    assert proc.stdout == (
        f"d.json:1:1: EL000 The file is {size:,} bytes, more than max-file-size (100 bytes), so it was not checked; "
        "raise max-file-size if it really is a deployment manifest.\n"
    )
    larger = run_cli("--format", "concise", "--max-file-size", "1.5KB", "d.json", cwd=tmp_path)  # beats the config
    assert [line.split()[1] for line in larger.stdout.splitlines()] == ["EL002", "EL001"]
    rows = {line.split()[0]: line.split() for line in run_cli("config", cwd=tmp_path).stdout.splitlines()}
    assert rows["max-file-size"] == ["max-file-size", "100", "bytes", f"({tmp_path / '.edgelint.toml'})"]
    (tmp_path / ".edgelint.toml").write_text("max-file-size = -5\n")
    proc = run_cli("d.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        f"edgelint: error: {tmp_path / '.edgelint.toml'}: 'max-file-size' must be a size: a number of bytes or a "
        'string such as "10 MiB", not -5\n'
    )
    proc = run_cli("--max-file-size", "ten", "d.json", cwd=tmp_path)
    assert proc.returncode == 2 and "argument --max-file-size: not a size: 'ten'" in proc.stderr


def test_oversized_standard_input_passes_through_fix_unchanged():
    proc = run_cli(
        "--fix", "--format", "concise", "--max-file-size", "100", "--stdin-filename", "d.json", "-", stdin=FIXABLE
    )
    assert proc.stdout == FIXABLE
    assert proc.stderr.startswith(
        f"d.json:1:1: EL000 The file is {len(FIXABLE.encode()):,} bytes, more than max-file-size (100 bytes)"
    )
    assert proc.returncode == 1


def test_an_endless_stream_is_read_only_up_to_the_limit():
    proc = subprocess.run(
        [sys.executable, "-m", "edgelint", "--max-file-size", "1MiB", "/dev/zero"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert (proc.returncode, proc.stdout) == (
        0,
        "Nothing linted: 1 file skipped (not an IoT Edge manifest); --show-files lists them.\n",
    )


# --- nesting ----------------------------------------------------------------------------


def openings(depth):
    return "".join("[" if level % 2 else '{"k":' for level in range(depth))


def nested(depth):
    """A JSON value nested `depth` levels (objects and arrays by turns)."""
    return openings(depth) + "1" + "".join("]" if level % 2 else "}" for level in reversed(range(depth)))


def line_column(text, offset):
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def deep_manifest(file_depth, embedded_depth):
    """A manifest with a member nested `file_depth` levels in all and a stringified
    createOptions with a label nested `embedded_depth` levels, beside a Bind that EL002
    fixes inside that string."""
    options = '{"HostConfig":{"Binds":["/srv/data:/data"]},"Labels":{"deep":' + nested(embedded_depth - 2) + "}}"
    node = module(options)
    node["deep"] = "DEEP"
    text = manifest_text(deployment({"camera": node}))
    return text.replace('"DEEP"', nested(file_depth - 6))  # in the module object, the 6th level


def create_options(text):
    """The camera's createOptions, its chunks joined."""
    settings = json.loads(text)["modulesContent"]["$edgeAgent"]["properties.desired"]["modules"]["camera"]["settings"]
    chunks = sorted((int(key[13:] or 0), value) for key, value in settings.items() if key.startswith("createOptions"))
    return json.loads("".join(value for _, value in chunks))


def test_nesting_at_the_limit_goes_through_every_stage(tmp_path):
    text = deep_manifest(MAX_DEPTH, MAX_DEPTH)
    (tmp_path / "d.json").write_text(text)
    every_rule = ",".join(r.id for r in all_rules())
    outputs = {}
    for fmt in ("full", "concise", "json", "sarif", "github"):
        proc = run_cli("--format", fmt, "--select", every_rule, "d.json", cwd=tmp_path)
        assert proc.returncode == 1 and "error:" not in proc.stderr, proc.stderr
        outputs[fmt] = proc.stdout
    ids = [line.split()[1] for line in outputs["concise"].splitlines()]
    assert "EL002" in ids and "EL000" not in ids and "EL027" in ids  # EL027: the string is over 512 characters
    assert [finding["id"] for finding in json.loads(outputs["json"])] == ids
    assert [result["ruleId"] for result in json.loads(outputs["sarif"])["runs"][0]["results"]] == ids
    assert len(outputs["github"].splitlines()) == len(ids)
    preview = run_cli("k8s", "d.json", cwd=tmp_path)  # rejected for EL027: the string is too long for one chunk
    assert (preview.returncode, preview.stderr) == (1, "edgelint k8s: 2 objects, 1 rejected\n")
    proc = run_cli("--fix", "--select", "EL002", "d.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "No problems found in 1 file; fixed 1.\n")
    before, after = create_options(text), create_options((tmp_path / "d.json").read_text())
    assert after["Labels"] == before["Labels"] and after["HostConfig"] == {
        "Mounts": [{"Type": "bind", "Source": "/srv/data", "Target": "/data"}]
    }


@pytest.mark.parametrize("file_depth, embedded_depth", [(MAX_DEPTH + 1, 10), (10, MAX_DEPTH + 1)])
def test_nesting_beyond_the_limit_is_a_parse_error_at_the_level_too_many(tmp_path, file_depth, embedded_depth):
    text = deep_manifest(file_depth, embedded_depth)
    (tmp_path / "d.json").write_text(text)
    proc = run_cli("--format", "concise", "--select", "EL000,EL027", "d.json", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    if file_depth > MAX_DEPTH:  # the file: the opening bracket of level 201
        offset = text.index(nested(file_depth - 6)) + len(openings(MAX_DEPTH - 6))
        line, column = line_column(text, offset)
        assert proc.stdout == f"d.json:{line}:{column}: EL000 nesting deeper than {MAX_DEPTH} levels\n"
    else:  # inside the stringified createOptions: the same, through the string's escapes
        string = text.index('"createOptions": "') + len('"createOptions": ')
        decoded = '{"HostConfig":{"Binds":["/srv/data:/data"]},"Labels":{"deep":' + openings(MAX_DEPTH - 2)
        line, column = line_column(text, string + len(json.dumps(decoded)) - 1)  # after the quote and the prefix
        (finding,) = [entry for entry in proc.stdout.splitlines() if "nesting" in entry]
        assert finding.startswith(
            f"d.json:{line}:{column}: EL027 createOptions is not valid JSON (nesting deeper than {MAX_DEPTH} levels): "
        )


def yaml_nested(depth, flow):
    """YAML nested `depth` levels: the top mapping, then mappings (block) or sequences (flow)."""
    if flow:
        return "modulesContent:\n  deep: " + "[" * (depth - 2) + "]" * (depth - 2) + "\n"
    lines = ["modulesContent:"] + [" " * (2 * level) + f"k{level}:" for level in range(1, depth)]
    return "\n".join(lines + [" " * (2 * depth) + "v"]) + "\n"


@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_deep_yaml_is_a_parse_error_not_a_recursion_error(tmp_path, flow):
    text = yaml_nested(MAX_DEPTH + 50, flow)
    (tmp_path / "d.yaml").write_text(text)
    proc = run_cli("--format", "concise", "d.yaml", cwd=tmp_path)
    if flow:  # level 1 is the top mapping, 2 the one under modulesContent, then one per bracket
        line, column = 2, len("  deep: ") + MAX_DEPTH - 2 + 1
    else:  # level n + 2 is the mapping under kn, which starts at its key k(n + 1)
        line, column = locate(text, f"k{MAX_DEPTH}:")[:2]
    assert proc.stdout == f"d.yaml:{line}:{column}: EL000 nesting deeper than {MAX_DEPTH} levels\n"
    assert lint_bytes("d.yaml", yaml_nested(MAX_DEPTH, flow).encode(), select_rules()).document is not None


def test_yaml_at_the_limit_parses_even_from_a_deep_call_stack():
    text = yaml_nested(MAX_DEPTH, flow=False).encode()

    def lint_from(depth):  # the caller's own stack counts against Python's recursion limit
        return lint_from(depth - 1) if depth else lint_bytes("d.yaml", text, select_rules())

    result = lint_from(250)
    assert result.document is not None and result.errors == []


@pytest.mark.parametrize(
    "text, message, at",
    [
        (
            "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, MAX_DEPTH + 5)),
            f"nesting deeper than {MAX_DEPTH} levels",
            "&a0 [1]",
        ),  # the anchored node, which all the levels repeat
        ("modulesContent: &m\n  <<: *m\n  x: 1\n", "Recursive YAML alias: the anchor contains itself", "&m"),
        ("a: &a {<<: *a, x: 1}\nmodulesContent: *a\n", "Recursive YAML alias: the anchor contains itself", "&a {"),
        ("modulesContent: &m [*m]\n", "Recursive YAML alias: the anchor contains itself", "&m [*m]"),
    ],
    ids=["alias-chain", "merge-into-itself", "flow-merge-into-itself", "sequence-in-itself"],
)
def test_yaml_aliases_cannot_nest_past_the_limit_or_loop(text, message, at):
    text = "# modulesContent\n" + text
    (finding,) = lint_bytes("d.yaml", text.encode(), select_rules()).findings
    assert (finding.rule_id, finding.message, finding.line, finding.column) == ("EL000", message, *locate(text, at)[:2])


def test_the_alias_budget_counts_only_what_aliases_add():
    from edgelint.source.yaml_spans import parse_yaml

    text = "".join(f"k{i}: &a{i} [{', '.join(['x'] * 50)}]\n" for i in range(40))  # 2,041 nodes
    (root,) = parse_yaml(text, max_nodes=100)
    assert len(list(root.walk())) == 2041
    (root,) = parse_yaml(text + "again: [*a0]\n", max_nodes=100)  # 51 more
    assert root.to_python()["again"] == [["x"] * 50]
    with pytest.raises(ParseError) as info:
        parse_yaml(text + "again: [*a0, *a1]\n", max_nodes=100)  # 102 more
    assert info.value.message == "YAML aliases expand to too many nodes"
    assert text.index("k1:") < info.value.start < text.index("k2:")  # in the second anchored list


def test_yaml_alias_bomb_and_long_merge_chains_are_bounded(tmp_path):
    bomb = ["modulesContent:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (tmp_path / "bomb.yaml").write_text("\n".join(bomb) + "\n")
    chain = ["modulesContent:", "  m0: &m0 {k0: 0}"]
    chain += [f"  m{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, 300)]
    (tmp_path / "chain.yaml").write_text("\n".join(chain) + "\n")
    proc = run_cli("--format", "concise", "bomb.yaml", "chain.yaml", cwd=tmp_path)
    line, column = locate("\n".join(bomb), "x,")[:2]  # the node over the budget: an x of a0, used 10⁹ times
    assert proc.stdout == f"bomb.yaml:{line}:{column}: EL000 YAML aliases expand to too many nodes\n"
    assert proc.returncode == 1
    (root,) = lint_bytes("chain.yaml", (tmp_path / "chain.yaml").read_bytes(), select_rules()).document.roots
    assert root.to_python()["modulesContent"]["m299"] == {f"k{i}": i for i in range(300)}


def test_a_number_python_cannot_convert_is_a_parse_error():
    text = FIXABLE.replace('"timeToLiveSecs": 7200', '"timeToLiveSecs": ' + "9" * 5000)
    (finding,) = lint_bytes("d.json", text.encode(), select_rules()).findings
    assert (finding.rule_id, finding.message) == ("EL000", "Number with more than 4300 digits")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == locate(text, "9" * 5000)


def test_yaml_tags_never_construct_objects(tmp_path):
    (tmp_path / "d.yaml").write_text(
        "modulesContent:\n"
        "  $edgeAgent: !!python/object/apply:os.system ['touch pwned']\n"
        "  $edgeHub: !!python/object/new:subprocess.Popen [['touch', 'pwned2']]\n"
        "  odd: !!map scalar\n"
        "  odder:\n    <<: !!seq scalar\n"
        "  bin: !!binary aGVsbG8=\n"
    )
    proc = run_cli("--format", "concise", "d.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "No problems found in 1 file.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]  # nothing ran
    (root,) = lint_bytes("d.yaml", (tmp_path / "d.yaml").read_bytes(), select_rules()).document.roots
    assert root.to_python() == {
        "modulesContent": {  # tags are ignored: the values are plain YAML data
            "$edgeAgent": ["touch pwned"],
            "$edgeHub": [["touch", "pwned2"]],
            "odd": "scalar",
            "odder": {},
            "bin": "aGVsbG8=",
        }
    }


# --- duplicate keys and conflict markers -------------------------------------------------


def test_duplicate_keys_point_at_the_value_that_is_lost(tmp_path):
    options = '{"HostConfig":{"Binds":["/etc/hosts:/etc/hosts"],"Binds":["/srv:/srv"]}}'
    text = manifest_text(deployment({"camera": module(options, image="contoso.azurecr.io/app:1.0")})).replace(
        '"image": "contoso.azurecr.io/app:1.0"',
        '"image": "contoso.azurecr.io/app:0.9",\n"image": "contoso.azurecr.io/app:1.0",\n'
        '"image": "contoso.azurecr.io/app:1.1"',
    )
    (tmp_path / "d.json").write_text(text)
    proc = run_cli("--format", "concise", "--select", "EL034,EL001", "d.json", cwd=tmp_path)
    first, second = locate(text, '"image"', 1), locate(text, '"image"', 2)
    binds = locate(text, '\\"Binds\\"', 1)
    assert proc.stdout.splitlines() == [
        f"d.json:{first[0]}:{first[1]}: EL034 `image` is given again later in this object: JSON readers such as the "
        "az CLI and edgeAgent keep only the last value, so this one is silently dropped; remove one of the two.",
        f"d.json:{second[0]}:{second[1]}: EL034 `image` is given again later in this object: JSON readers such as the "
        "az CLI and edgeAgent keep only the last value, so this one is silently dropped; remove one of the two.",
        f"d.json:{binds[0]}:{binds[1]}: EL034 `Binds` is given again later in these createOptions: edgeAgent keeps "
        "only the last value, so this one is silently dropped; remove one of the two.",
    ]  # and the lost Bind of /etc/hosts is not judged: the device never sees it (no EL001)


def test_duplicate_yaml_keys_once_per_mapping_whatever_the_aliases(tmp_path):
    text = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n"
        "        a: &m\n          type: docker\n          type: docker\n        b: *m\n"
    )
    (tmp_path / "d.yaml").write_text(text)
    proc = run_cli("--format", "concise", "--select", "EL034", "d.yaml", cwd=tmp_path)
    line, column = locate(text, "type")[:2]
    assert proc.stdout == (
        f"d.yaml:{line}:{column}: EL034 `type` is given again later in this mapping: YAML forbids repeated keys, so "
        "strict tools reject the file and the others keep only the last value; remove one of the two.\n"
    )


@pytest.mark.parametrize(
    "name, text",
    [
        ("d.json", '{\n  "modulesContent": {\n<<<<<<< HEAD\n    "a": 1\n=======\n    "a": 2\n>>>>>>> topic\n  }\n}\n'),
        ("d.yaml", "modulesContent:\n<<<<<<< HEAD\n  a: 1\n=======\n  a: 2\n>>>>>>> topic\n"),
        ("e.yaml", "modulesContent:\n  a: 1\n||||||| base\n  a: 0\n=======\n  a: 2\n>>>>>>> topic\n"),
    ],
)
def test_merge_conflict_markers_are_named_in_json_and_yaml(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    proc = run_cli("--format", "concise", name, cwd=tmp_path)
    marker = next(line for line in text.splitlines() if line[:1] in "<|")
    line, column, end_line, end_column = locate(text, marker)
    assert proc.stdout == f"{name}:{line}:{column}: EL000 Merge conflict marker: resolve the conflict\n"
    findings = lint_bytes(name, text.encode(), select_rules()).findings
    assert [(f.line, f.column, f.end_line, f.end_column) for f in findings] == [(line, column, end_line, end_column)]


# --- paths: directories named like manifests, symlink loops, unreadable files ------------


def test_directories_named_like_manifests_are_walked_not_read(tmp_path):
    (tmp_path / "dir.json").mkdir()
    (tmp_path / "dir.json" / "inner.json").write_text(BAD)
    (tmp_path / "walk" / "x.yaml").mkdir(parents=True)
    (tmp_path / "walk" / "x.yaml" / "y.json").write_text(BAD)
    proc = run_cli("--format", "concise", "--select", "EL001", "dir.json", "walk", cwd=tmp_path)
    line, column = el001_position(BAD)
    assert concise(proc) == [
        f"dir.json/inner.json:{line}:{column}: EL001",
        f"walk/x.yaml/y.json:{line}:{column}: EL001",
    ]
    assert proc.returncode == 1 and proc.stderr == "Found 2 problems (2 errors) in 2 files.\n"


def test_symlink_loops_are_named_and_the_other_files_still_linted(tmp_path):
    (tmp_path / "a.json").write_text(BAD)
    (tmp_path / "loop1.json").symlink_to("loop2.json")
    (tmp_path / "loop2.json").symlink_to("loop1.json")
    (tmp_path / "self.json").symlink_to("self.json")
    (tmp_path / "up").symlink_to(".")  # a folder loop: not followed by the walk
    linted = ["a.json:{}:{}: EL001".format(*el001_position(BAD))]
    explicit = run_cli("--format", "concise", "--select", "EL001", "self.json", "a.json", cwd=tmp_path)
    assert explicit.returncode == 2 and concise(explicit) == linted
    assert (
        explicit.stderr.splitlines()[-1]
        == "edgelint: error: self.json: symbolic link loop: the link leads back to itself"
    )
    walked = run_cli("--format", "concise", "--select", "EL001", ".", cwd=tmp_path)
    assert walked.returncode == 2 and concise(walked) == linted
    assert walked.stderr.splitlines()[1:] == [
        f"edgelint: error: {name}: symbolic link loop: the link leads back to itself"
        for name in ("loop1.json", "loop2.json", "self.json")
    ]


def test_a_file_reached_twice_is_linted_once_under_the_first_name(tmp_path):
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "sub" / "a.json").write_text(BAD)
    (project / "sub" / "b.json").symlink_to("a.json")  # the same file under another name
    (tmp_path / "alias").symlink_to("project")  # the same folder under another name
    position = "{}:{}: EL001".format(*el001_position(BAD))
    args = ["--format", "concise", "--select", "EL001"]
    walked = run_cli(*args, "project", "project/sub/a.json", "alias", "alias/sub/b.json", cwd=tmp_path)
    assert concise(walked) == [f"project/sub/a.json:{position}"]
    assert walked.returncode == 1 and walked.stderr == "Found 1 problem (1 error) in 1 file.\n"
    linked_first = run_cli(*args, "project/sub/b.json", "project", cwd=tmp_path)
    assert concise(linked_first) == [f"project/sub/b.json:{position}"]


def test_unreadable_files_and_folders_exit_2_naming_them_and_the_rest_is_linted(open_folder):
    (open_folder / "a.json").write_text(BAD)
    (open_folder / "secret.json").write_text(BAD)
    (open_folder / "secret.json").chmod(0)
    (open_folder / "closed").mkdir()
    (open_folder / "closed" / "b.json").write_text(BAD)
    (open_folder / "closed").chmod(0)
    proc = run_unprivileged("--format", "concise", "--select", "EL001", ".", "secret.json", cwd=open_folder)
    assert proc.returncode == 2
    line, column = el001_position(BAD)
    assert [entry.split(": EL001")[0] for entry in proc.stdout.splitlines()] == [f"a.json:{line}:{column}"]
    assert proc.stderr.splitlines()[1:] == [
        "edgelint: error: closed: cannot read the folder: Permission denied",
        "edgelint: error: secret.json: cannot read: Permission denied",
    ]


def test_fixes_in_a_folder_that_is_not_writable_are_refused(open_folder):
    (open_folder / "ro").mkdir()
    target = open_folder / "ro" / "d.json"
    target.write_text(FIXABLE)
    target.chmod(0o666)
    (open_folder / "ro").chmod(0o555)
    proc = run_unprivileged("--fix", "--format", "concise", "ro/d.json", cwd=open_folder)
    assert proc.returncode == 2 and target.read_text() == FIXABLE
    assert (
        proc.stderr.splitlines()[-1] == "edgelint: error: ro/d.json: cannot write the fixes: the folder is not writable"
    )


# --- never a traceback -------------------------------------------------------------------


@pytest.fixture
def temporary_rules():
    """Register rules for one test through the public registry, and remove them after."""
    before = {r.id for r in all_rules()}  # every real rule registered first, so that none is removed
    yield rule
    for rule_id in set(REGISTRY) - before:
        del REGISTRY[rule_id]


def run_main(tmp_path, monkeypatch, capsys, *args):
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rule_that_crashes_is_a_tool_error_naming_file_and_rule(tmp_path, monkeypatch, capsys, temporary_rules):
    @temporary_rules("EL990", "crashes-on-bad", "warning", "Crashes on modules named bad.")
    def crashes(manifest):
        for found in manifest.modules:
            yield Problem(found.node, "Seen before the crash.", on_key=True)
            if found.name == "bad":
                raise RuntimeError("boom")

    (tmp_path / "a.json").write_text(BAD.replace('"camera"', '"bad"'))
    (tmp_path / "b.json").write_text(BAD)
    for jobs in ("1", "2"):
        code, out, err = run_main(
            tmp_path,
            monkeypatch,
            capsys,
            "--format",
            "concise",
            "-j",
            jobs,
            "--select",
            "EL001,EL990",
            "a.json",
            "b.json",
        )
        assert code == 2
        module_line, bind = locate(BAD, '"camera"')[0], "{}:{}".format(*el001_position(BAD))
        assert [line.split(": ")[0] + " " + line.split()[1] for line in out.splitlines()] == [
            f"a.json:{module_line}:11 EL990",
            f"a.json:{bind} EL001",
            f"b.json:{module_line}:11 EL990",
            f"b.json:{bind} EL001",
        ]
        assert err.splitlines()[-1] == "edgelint: error: a.json: internal error in rule EL990: RuntimeError: boom"


class _Unanchored(Change):
    """A change that a buggy rule might attach: it never says which node it edits."""


def test_a_fix_that_crashes_costs_its_finding_the_fix_not_the_run(tmp_path, monkeypatch, capsys, temporary_rules):
    @temporary_rules("EL991", "broken-fix", "warning", "Offers a fix that cannot compile.", fix="safe")
    def broken_fix(manifest):
        for found in manifest.modules:
            yield Problem(found.node, "Has a broken fix.", fix=FixIntent("Do nothing", [_Unanchored()]), on_key=True)

    (tmp_path / "a.json").write_text(FIXABLE)
    for args in (["--format", "json"], ["--format", "json", "-j", "2"], ["--fix", "--format", "concise"]):
        code, out, err = run_main(tmp_path, monkeypatch, capsys, *args, "--select", "EL002,EL991", "a.json")
        assert code == 2, (args, err)
        assert (
            err.splitlines()[-1]
            == "edgelint: error: a.json: internal error in the fix of rule EL991: NotImplementedError"
        )
        if args[1] == "json":
            assert [(f["id"], f["fix"] is None) for f in json.loads(out)] == [("EL991", True), ("EL002", False)]
    assert (tmp_path / "a.json").read_text() != FIXABLE  # --fix still applied the working fix


class _Unprintable:
    """A message that a buggy rule might give: it cannot be turned into text."""

    def _fail(self, *args):
        raise ValueError("no text")

    __str__ = __repr__ = __format__ = _fail


def test_a_report_that_fails_is_a_tool_error_and_writes_no_partial_output(
    tmp_path, monkeypatch, capsys, temporary_rules
):
    @temporary_rules("EL992", "unprintable", "warning", "A finding whose message cannot be printed.")
    def unprintable(manifest):
        for found in manifest.modules:
            if found.name == "bad":
                yield Problem(found.node, _Unprintable(), on_key=True)

    (tmp_path / "a.json").write_text(BAD.replace('"camera"', '"bad"'))
    (tmp_path / "b.json").write_text(BAD)
    code, out, err = run_main(
        tmp_path, monkeypatch, capsys, "--format", "concise", "--select", "EL001,EL992", "a.json", "b.json"
    )
    assert code == 2 and [line.split(":")[0] for line in out.splitlines()] == ["b.json"]
    assert err.splitlines()[-1] == "edgelint: error: a.json: internal error while reporting: ValueError: no text"
    code, out, err = run_main(
        tmp_path,
        monkeypatch,
        capsys,
        "--format",
        "json",
        "-o",
        "report.json",
        "--select",
        "EL001,EL992",
        "a.json",
        "b.json",
    )
    assert (code, out) == (2, "")  # the last resort: one line, and no report.json, not even an empty one
    assert err == "edgelint: internal error: TypeError: Object of type _Unprintable is not JSON serializable\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


def test_unencodable_text_in_messages_and_file_names_is_escaped_in_every_format(tmp_path):
    text = BAD.replace('"restartPolicy": "always"', '"env": {"a:\\ud800": {"value": "1"}}')
    name = os.fsdecode(b"bad\xff.json")
    (tmp_path / name).write_text(text)
    for fmt in ("full", "concise", "json", "sarif", "github"):
        proc = subprocess.run(
            [sys.executable, "-m", "edgelint", "--format", fmt, "--select", "EL021", "."],
            capture_output=True,
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr
        assert b"a:\\ud800" in proc.stdout
        if fmt in ("json", "sarif"):
            json.loads(proc.stdout)
    sarif = json.loads(
        subprocess.run(
            [sys.executable, "-m", "edgelint", "--format", "sarif", "."],
            capture_output=True,
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        ).stdout
    )
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in sarif["runs"][0]["results"]
    }
    assert uris == {"bad%FF.json"}


# --- fixes that never lose data -----------------------------------------------------------


def test_files_that_do_not_parse_are_never_written(tmp_path):
    broken = {
        "syntax.json": FIXABLE.replace('"image"', "image"),
        "deep.json": deep_manifest(MAX_DEPTH + 1, 10),
        "latin1.json": FIXABLE.replace('"camera"', '"cam\u00e9ra"').encode("latin-1"),
        "conflict.yaml": "modulesContent:\n<<<<<<< HEAD\n  a: 1\n=======\n",
    }
    for name, content in broken.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        os.utime(path, ns=(1, 1))
    proc = run_cli("--fix", "--unsafe-fixes", "--format", "concise", ".", cwd=tmp_path)
    assert sorted(line.split()[1] for line in proc.stdout.splitlines()) == ["EL000"] * 4
    for name, content in broken.items():
        path = tmp_path / name
        assert path.read_bytes() == (content if isinstance(content, bytes) else content.encode())
        assert os.stat(path).st_mtime_ns == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(broken)


def test_fixing_replaces_the_file_atomically_keeping_mode_and_owner(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(FIXABLE)
    path.chmod(0o604)
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    before = os.stat(path)
    proc = run_cli("--fix", "d.json", cwd=tmp_path)
    after = os.stat(path)
    assert proc.returncode == 0 and path.read_text() != FIXABLE and "Mounts" in path.read_text()
    assert after.st_ino != before.st_ino  # a new file renamed into place, not the old one rewritten
    assert (stat.S_IMODE(after.st_mode), after.st_uid, after.st_gid) == (0o604, before.st_uid, before.st_gid)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json"]


def test_a_read_only_file_is_refused_and_left_as_it_is(tmp_path):
    (tmp_path / "ro.json").write_text(FIXABLE)
    (tmp_path / "ro.json").chmod(0o444)
    (tmp_path / "rw.json").write_text(FIXABLE)
    proc = run_cli("--fix", "--format", "concise", "ro.json", "rw.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == "edgelint: error: ro.json: cannot write the fixes: the file is read-only"
    assert (tmp_path / "ro.json").read_text() == FIXABLE and stat.S_IMODE(
        (tmp_path / "ro.json").stat().st_mode
    ) == 0o444
    assert (tmp_path / "rw.json").read_text() != FIXABLE
    reported = [(line.split(":")[0], line.split()[1]) for line in proc.stdout.splitlines()]
    assert reported == [("ro.json", "EL002")]  # not fixed in ro.json, fixed in rw.json


def test_symlinked_files_and_folders_are_fixed_through_to_their_target(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.json").write_text(FIXABLE)
    (real / "b.json").write_text(FIXABLE)
    (tmp_path / "link.json").symlink_to("real/a.json")
    (tmp_path / "folder").symlink_to("real")
    proc = run_cli("--fix", "link.json", "folder/b.json", cwd=tmp_path)
    assert proc.returncode == 0
    assert (tmp_path / "link.json").is_symlink() and os.readlink(tmp_path / "link.json") == "real/a.json"
    assert (tmp_path / "folder").is_symlink() and os.readlink(tmp_path / "folder") == "real"
    assert (real / "a.json").read_text() == (real / "b.json").read_text() != FIXABLE
    assert sorted(p.name for p in real.iterdir()) == ["a.json", "b.json"]


def test_a_file_edited_while_it_is_fixed_is_not_overwritten(tmp_path, monkeypatch, capsys, temporary_rules):
    path = tmp_path / "d.json"

    @temporary_rules("EL993", "edits-the-file", "note", "Edits the file on disk, as an editor saving it would.")
    def edits_the_file(manifest):
        path.write_text(FIXABLE.replace("/srv/data", "/srv/edited"))
        return iter(())

    path.write_text(FIXABLE)
    code, _out, err = run_main(tmp_path, monkeypatch, capsys, "--fix", "--select", "EL002,EL993", "d.json")
    assert code == 2 and path.read_text() == FIXABLE.replace("/srv/data", "/srv/edited")
    assert err.splitlines()[-1] == (
        "edgelint: error: d.json: cannot write the fixes: the file changed while it was being fixed; run edgelint again"
    )


def big_manifest(index):
    modules = {
        f"cam{i}": module({"HostConfig": {"Binds": [f"/srv/data{i}:/data", "/srv/logs:/logs:ro"]}}) for i in range(30)
    }
    return manifest_text(deployment(modules)).replace('"cam0"', f'"cam0x{index}"')


@pytest.fixture(scope="module")
def interrupt_files(tmp_path_factory):
    """Many manifests and what a full --fix makes of each."""
    folder = tmp_path_factory.mktemp("interrupt")
    originals = {f"m{index:03d}.json": big_manifest(index) for index in range(120)}
    for name, text in originals.items():
        (folder / name).write_text(text)
    assert run_cli("--fix", "-q", ".", cwd=folder).returncode == 0
    fixed = {name: (folder / name).read_text() for name in originals}
    assert all(fixed[name] != originals[name] for name in originals)
    return originals, fixed


@pytest.mark.parametrize(
    "signum, jobs, after",
    [
        (signal.SIGTERM, "1", 1),
        (signal.SIGTERM, "1", 20),
        (signal.SIGINT, "1", 5),
        (signal.SIGTERM, "2", 1),
        (signal.SIGTERM, "2", 20),
        (signal.SIGINT, "2", 5),
    ],
    ids=[
        "SIGTERM-serial-early",
        "SIGTERM-serial-late",
        "SIGINT-serial",
        "SIGTERM-parallel-early",
        "SIGTERM-parallel-late",
        "SIGINT-parallel",
    ],
)
def test_an_interrupted_fix_leaves_every_file_old_or_new(tmp_path, interrupt_files, signum, jobs, after):
    originals, fixed = interrupt_files
    for name, text in originals.items():
        (tmp_path / name).write_text(text)
    process = subprocess.Popen(
        [sys.executable, "-m", "edgelint", "--fix", "-q", "-j", jobs, "."],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # as from a terminal, even when this suite runs as a background job,
        # which starts with Ctrl-C ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:  # wait until `after` files are fixed
        if sum((tmp_path / name).stat().st_size != len(text) for name, text in originals.items()) >= after:
            break
        time.sleep(0.002)
    if signum == signal.SIGINT:  # as Ctrl-C in a terminal sends it: to the whole process group
        os.killpg(process.pid, signum)
    else:  # as `kill PID` or a CI timeout sends it: to edgelint alone
        process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert b"Traceback" not in err, err
    states = {"old": 0, "new": 0}
    for name in originals:
        text = (tmp_path / name).read_text()
        assert text in (originals[name], fixed[name]), name
        states["old" if text == originals[name] else "new"] += 1
    assert states["new"] >= after and states["old"] >= 1, states  # interrupted in the middle
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(originals)  # no temporary file left


def test_a_worker_interrupted_while_holding_signals_still_ends_on_the_later_sigterm():
    """Ctrl-C reaches a worker (which ignores it) just before the pool's SIGTERM; both arrive
    while it replaces a file: the SIGTERM must still end it, or the pool waits for ever."""
    script = (
        "import os, signal\n"
        "from edgelint.signals import held, start_worker\n"
        "start_worker()\n"
        "with held():\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "print('survived')\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert process.returncode == -signal.SIGTERM and process.stdout == ""


def test_a_fix_planned_on_demand_is_planned_only_when_a_report_or_fix_needs_it(
    tmp_path, monkeypatch, capsys, temporary_rules
):
    planned = []

    def plan(found):
        planned.append(found.name)
        return FixIntent("Rename the module's image", [Replace(found.node.get("settings").get("image"), "x:1")])

    @temporary_rules("EL994", "planned-fix", "warning", "Offers a fix planned on demand.", fix="unsafe")
    def planned_fix(manifest):
        for found in manifest.modules:
            yield Problem(found.node, "Has a planned fix.", fix=lambda found=found: plan(found), on_key=True)

    path = tmp_path / "d.json"
    path.write_text(FIXABLE)
    code, out, _ = run_main(tmp_path, monkeypatch, capsys, "--select", "EL994", "--format", "concise", "d.json")
    assert (code, planned) == (1, [])
    code, out, _ = run_main(tmp_path, monkeypatch, capsys, "--select", "EL994", "--format", "json", "d.json")
    ((finding,),) = [json.loads(out)]
    assert planned == ["camera"]
    assert (finding["fix"]["title"], finding["fix"]["applicability"]) == ("Rename the module's image", "unsafe")
    run_main(tmp_path, monkeypatch, capsys, "--select", "EL994", "--fix", "--unsafe-fixes", "d.json")
    assert '"image": "x:1"' in path.read_text()
