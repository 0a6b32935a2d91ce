"""The real-manifest corpus in tests/corpus: every file loads without a traceback, the
broken ones give EL000 at the right line, and the whole corpus runs through the CLI."""

import json
import os

import pytest
from conftest import CORPUS, ROOT, corpus_files, run_cli

from edgelint.engine import lint_bytes
from edgelint.rule import all_rules

# Files that are not valid JSON, with the line of the first error (checked by eye).
BROKEN = {
    "Azure-Samples__azure-intelligent-edge-patterns/edge-ai-void-detection__deployment.iotedgevm.template.json": (
        203,
        "Trailing comma before '}'",
    ),
    "Azure-Samples__azure-intelligent-edge-patterns/factory-ai-vision__EdgeSolution__deployment.jetson.template.json": (
        269,
        "Merge conflict marker: resolve the conflict",
    ),
    "Azure-Samples__azure-intelligent-edge-patterns/factory-ai-vision__Installer__deployment.ava.json": (
        159,
        "Unquoted placeholder '<create option>': JSON needs it inside a string",
    ),
    "Azure__iotedge-lorawan-starterkit/Tools__Cli-LoRa-Device-Provisioning__LoRaWan.Tools.CLI__gateway-deployment-template.json": (
        77,
        "Expecting ',' or '}' after a value in an object",
    ),
    "Azure__iotedgedev/tests__assets__deployment.template.non_str_placeholder.json": (
        74,
        "Unquoted placeholder '${TTL}': JSON needs it inside a string",
    ),
    "marvin-garcia__IoTGateway/EdgeSolution__modules__OPC__layered.deployment.template.json": (
        33,
        "Unquoted placeholder '__ASA_ENV__': JSON needs it inside a string",
    ),
}
NOT_MANIFESTS = {
    "Azure-Samples__azure-intelligent-edge-patterns/factory-ai-vision__EdgeSolution__deployment.k8s.gpu.template.yml",
}


def relative(path):
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", corpus_files(), ids=relative)
def test_every_file_loads(path):
    result = lint_bytes(relative(path), path.read_bytes(), all_rules())
    assert result.errors == []
    assert result.is_manifest == (relative(path) not in NOT_MANIFESTS)
    for finding in result.findings:
        assert 1 <= finding.line <= finding.end_line
        assert finding.line < finding.end_line or finding.column <= finding.end_column
    parse_errors = [(f.line, f.message) for f in result.findings if f.rule_id == "EL000"]
    expected = BROKEN.get(relative(path))
    assert parse_errors == ([expected] if expected else [])


def test_broken_files_are_exactly_those_python_rejects():
    rejected = set()
    for path in corpus_files():
        if path.suffix.startswith(".json"):
            try:
                json.loads(path.read_bytes().decode("utf-8-sig"))
            except ValueError:
                rejected.add(relative(path))
    assert rejected == set(BROKEN)


def test_whole_corpus_through_the_cli():
    proc = run_cli("--format", "concise", str(CORPUS))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Found ")


def render_snapshot():
    """Every finding over the corpus, one line each (rule, file:line:col-end, JSON Pointer),
    after a count per rule: a reviewer reads the diff of this file when a rule changes."""
    findings = []
    for path in corpus_files():
        findings.extend(lint_bytes(relative(path), path.read_bytes(), all_rules()).findings)
    counts = {}
    for finding in findings:
        counts[finding.rule_id] = counts.get(finding.rule_id, 0) + 1
    lines = [f"# {len(findings)} findings in {len(corpus_files())} corpus files"]
    lines += [f"# {rule.id} {rule.name}: {counts.get(rule.id, 0)}" for rule in all_rules()]
    lines += [f"{f.rule_id} {f.path}:{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.pointer}" for f in findings]
    return "\n".join(lines) + "\n"


def test_snapshot_of_all_findings():
    snapshot = ROOT / "tests" / "snapshots" / "corpus-findings.txt"
    rendered = render_snapshot()
    if os.environ.get("EDGELINT_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(rendered)
    assert snapshot.read_text() == rendered, (
        "corpus findings changed: review, then EDGELINT_UPDATE_SNAPSHOTS=1 pytest tests/test_corpus.py"
    )
