"""A Kubernetes-ready manifest (GPU through nvidia.com/gpu with request = limit, memory and
cpu limits, strategy Recreate, no_proxy=localhost, Mounts to shares) gives no finding at all."""

import pytest
from conftest import FIXTURES, ROOT

from edgelint.engine import lint_bytes
from edgelint.rule import all_rules

CLEAN = [FIXTURES / "k8s-ready.deployment.json", ROOT / "examples" / "deployment.template.yaml"]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_no_rule_fires_on_a_kubernetes_ready_manifest(path):
    result = lint_bytes(path.name, path.read_bytes(), all_rules())
    assert result.is_manifest
    assert [(f.rule_id, f.line, f.message) for f in result.findings] == []
