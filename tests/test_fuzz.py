"""Property tests: generated manifests and mutations of real ones never break edgelint. For
every input there is no exception and no internal error, every finding lies inside its file,
fixing converges, keeps the file a parsable manifest and is idempotent, and every report
renders (tests/fuzz/harness.py has the generators and the checks; tests/fuzz/run_fuzz.py runs
them for minutes). Inputs that once broke edgelint follow as plain tests."""

import json

from conftest import locate, run_cli, select_rules
from fuzz import harness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edgelint.engine import Finding, lint_bytes
from edgelint.fixes.loop import select_fixes
from edgelint.fixes.model import Edit, Fix, overlaps
from edgelint.source.text import SourceText

QUICK = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
CORPUS_FILES, OWN_FILES = harness.seed_files()


@QUICK
@given(harness.manifests())
def test_generated_manifests(manifest):
    harness.check(*manifest)


@QUICK
@given(st.sampled_from(CORPUS_FILES), st.randoms(use_true_random=False))
def test_mutated_corpus_files(path, rng):
    harness.check(path.name, harness.mutate(path.read_bytes(), rng))


@QUICK
@given(st.sampled_from(OWN_FILES), st.randoms(use_true_random=False))
def test_mutated_project_manifests(path, rng):
    harness.check(path.name, harness.mutate(path.read_bytes(), rng))


@QUICK
@given(harness.manifests(), st.randoms(use_true_random=False))
def test_mutated_generated_manifests(manifest, rng):
    name, data = manifest
    harness.check(name, harness.mutate(data, rng), preview=False)


def test_the_generator_reaches_fixes_in_every_encoding():
    """Not a vacuous generator: in every encoding it writes manifests whose findings have fixes."""
    reached = set()

    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(harness.manifests())
    def collect(manifest):
        name, data = manifest
        if any(finding.fix is not None for finding in lint_bytes(name, data, select_rules()).findings):
            reached.add(harness.encoding_of(name, data))

    collect()
    assert reached == set(harness.ENCODINGS)


edit = st.builds(
    lambda start, length, text: Edit(start, start + length, text),
    st.integers(0, 60),
    st.integers(0, 6) | st.just(0),
    st.sampled_from(["", "a", "b"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(edit, min_size=1, max_size=3), max_size=25))
def test_one_fix_pass_agrees_with_checking_every_pair_of_edits(fixes):
    """select_fixes finds collisions by binary search (thousands of fixes in one file took
    minutes when every new edit was checked against every edit taken)."""
    source = SourceText("x" * 100)
    findings = [
        Finding(f"EL{index:03d}", "warning", "m", "f.json", "", 0, 1, source, Fix("t", edits))
        for index, edits in enumerate(fixes)
    ]
    candidates = sorted(findings, key=lambda f: (f.fix.edits[0].start, f.fix.edits[-1].end, f.rule_id))
    chosen, taken = [], []
    for finding in candidates:
        new = [e for e in finding.fix.edits if e not in taken]
        if not any(overlaps(edit, other) for edit in new for other in taken + new if other is not edit):
            chosen.append(finding)
            taken.extend(new)
    assert select_fixes(findings, unsafe=False) == (chosen, taken)


# --- inputs the fuzzers found --------------------------------------------------------------


def test_found_a_string_followed_by_a_letter_is_a_parse_error():
    """AttributeError in the JSON parser (a corpus file with one token mutated)."""
    text = '{"modulesContent": {"$edgeAgent": "x"y}}'
    (finding,) = lint_bytes("d.json", text.encode(), select_rules()).findings
    assert (finding.rule_id, finding.message) == ("EL000", "Expecting ',' or '}' after a value in an object")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == locate(text, "y")


def test_found_a_line_break_in_a_string_is_one_span_also_for_crlf():
    """The span of the error ended between CR and LF."""
    text = '{\r\n  "modulesContent": {"$edgeAgent": "a\r\nb"}\r\n}\r\n'
    (finding,) = lint_bytes("d.json", text.encode(), select_rules()).findings
    assert finding.message == "Invalid a line break inside a string: escape it"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == locate(text, "\r\n", 2)


def test_found_a_block_mapping_that_ends_with_an_alias_ends_where_the_alias_does():
    """The span of a mapping whose last value was an alias ended before it started."""
    text = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        m:\n"
        "          settings:\n            createOptions:\n              HostConfig:\n"
        "                Mounts:\n                - Target: /a\n                  ReadOnly: &flag {}\n"
        "                - Target: /b\n                  ReadOnly: *flag\n"
    )
    result = harness.check("d.yaml", text.encode())
    mounts = (
        result.document.roots[0]
        .get("modulesContent")
        .get("$edgeAgent")
        .get("properties.desired")
        .get("modules")
        .get("m")
        .get("settings")
        .get("createOptions")
        .get("HostConfig")
        .get("Mounts")
    )
    second = mounts.value[1]
    assert text[second.start : second.end] == "Target: /b\n                  ReadOnly: *flag"
    assert [f.rule_id for f in result.findings if f.rule_id == "EL003"] == ["EL003", "EL003"]


def test_found_a_lone_surrogate_escape_reaches_every_report():
    """UnicodeEncodeError while writing reports: `\\ud800` in a key is a lone surrogate."""
    text = json.dumps(
        {
            "modulesContent": {
                "$edgeAgent": {
                    "properties.desired": {
                        "modules": {"m": {"settings": {"image": "x"}, "env": {"a:\ud800": {"value": "1"}}}}
                    }
                }
            }
        }
    )
    result = harness.check("d.json", text.encode())
    assert "EL021" in [finding.rule_id for finding in result.findings]


def test_found_a_reused_yaml_anchor_prints_no_warning(tmp_path):
    """ruamel.yaml warned on stderr (ReusedAnchorWarning); an anchor may be defined again."""
    text = "modulesContent:\n  a: &x [1]\n  b: &x [2]\n  c: *x\n"
    (tmp_path / "d.yaml").write_text(text)
    proc = run_cli("d.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    (root,) = lint_bytes("d.yaml", text.encode(), select_rules()).document.roots
    assert root.to_python()["modulesContent"]["c"] == [2]
