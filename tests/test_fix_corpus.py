"""`--fix --unsafe-fixes` over the real-manifest corpus: every file keeps parsing, fixing
twice changes nothing, no fixable finding is left, and manifests that met SchemaStore's
deployment schema (rule EL029) still do."""

import json
import shutil
from collections import Counter

import pytest
from conftest import CORPUS, corpus_files, run_cli, select_rules

from edgelint.engine import lint_bytes


@pytest.fixture(scope="module")
def fixed_corpus(tmp_path_factory):
    """A copy of the corpus, fixed once with every fix; returns (copy, CLI run)."""
    copy = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, copy, copy_function=shutil.copyfile)  # a working tree: files writable
    paths = [str(copy / path.relative_to(CORPUS)) for path in corpus_files()]
    proc = run_cli("--fix-only", "--unsafe-fixes", *paths)
    return copy, paths, proc


def test_fixing_the_corpus_runs_clean(fixed_corpus):
    _, _, proc = fixed_corpus
    assert (proc.returncode, proc.stdout) == (0, "")
    assert proc.stderr.startswith("Fixed ") and "Traceback" not in proc.stderr


def test_fixing_twice_changes_nothing(fixed_corpus):
    copy, paths, _ = fixed_corpus
    before = {path: (copy / path).read_bytes() for path in paths}
    proc = run_cli("--diff", "--unsafe-fixes", *paths)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "Would fix 0 problems.\n")
    assert {path: (copy / path).read_bytes() for path in paths} == before


def test_every_file_still_loads_and_no_fixable_finding_is_left(fixed_corpus):
    copy, _paths, _ = fixed_corpus
    for original in corpus_files():
        fixed = copy / original.relative_to(CORPUS)
        before = lint_bytes(fixed.name, original.read_bytes(), select_rules())
        after = lint_bytes(fixed.name, fixed.read_bytes(), select_rules())
        assert after.is_manifest == before.is_manifest and after.errors == []
        assert [f for f in after.findings if f.fix is not None] == []
        parse_errors = [f for f in after.findings if f.rule_id == "EL000"]
        assert len(parse_errors) == len([f for f in before.findings if f.rule_id == "EL000"])
        if parse_errors:
            assert fixed.read_bytes() == original.read_bytes()


def test_only_fixable_findings_went_away(fixed_corpus):
    copy, _, _ = fixed_corpus
    for original in corpus_files():
        fixed = copy / original.relative_to(CORPUS)
        before = lint_bytes(fixed.name, original.read_bytes(), select_rules()).findings
        after = lint_bytes(fixed.name, fixed.read_bytes(), select_rules()).findings
        # what a fix cannot do stays reported (EL012 notes may be joined by new limits), except
        # that a finding on a node another rule's fix rewrote may go away with it (a bind moved
        # to Mounts no longer shares its volume name in the same way)
        rewritten = {f.pointer for f in before if f.fix is not None}
        kept = Counter((f.rule_id, f.message) for f in before if f.fix is None and f.rule_id != "EL012")
        may_go = Counter((f.rule_id, f.message) for f in before if f.fix is None and f.pointer in rewritten)
        remaining = Counter((f.rule_id, f.message) for f in after if f.rule_id != "EL012")
        assert kept - may_go <= remaining <= kept, original.name


def test_manifests_that_met_the_schema_still_do(fixed_corpus):
    copy, _, _ = fixed_corpus
    schema = select_rules(["EL029"])
    checked = 0
    for original in corpus_files():
        before = lint_bytes(original.name, original.read_bytes(), schema)
        if not before.is_manifest or before.findings:
            continue
        fixed = (copy / original.relative_to(CORPUS)).read_bytes()
        if fixed == original.read_bytes():
            continue
        checked += 1
        after = lint_bytes(original.name, fixed, schema)
        assert [(f.line, f.message) for f in after.findings] == [], original.name
    assert checked >= 20


def test_fixed_json_files_are_still_json(fixed_corpus):
    copy, _, _ = fixed_corpus
    for original in corpus_files():
        fixed = (copy / original.relative_to(CORPUS)).read_bytes()
        if fixed != original.read_bytes() and ".json" in original.name:
            json.loads(fixed.decode("utf-8-sig"))
