"""`edgelint k8s --validate`: the rendered objects against the Kubernetes API schemas that
kubernetes-validate bundles, offline."""

import pytest
from conftest import run_cli

pytest.importorskip("kubernetes_validate", reason="kubernetes-validate (edgelint[k8s]) is not installed")

from edgelint.k8s.validate import Validator, bundled_versions


def test_validation_reports_each_error_with_its_field():
    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "m"},
        "spec": {
            "selector": {},
            "template": {
                "spec": {
                    "containers": [
                        {"name": "m", "env": [{"name": "N", "value": 5}], "tty": "yes"},
                    ]
                }
            },
        },
    }
    assert Validator("1.27").errors(body) == [
        "spec.template.spec.containers[0].env[0].value: 5 is not of type 'string', 'null'",
        "spec.template.spec.containers[0].tty: 'yes' is not of type 'boolean', 'null'",
    ]


def test_azure_stack_edge_versions_are_bundled():
    assert {"1.25", "1.27"} <= set(bundled_versions())


def test_cli_validate_prints_schema_errors(tmp_path):
    manifest = tmp_path / "m.json"
    manifest.write_text(
        '{"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {"m": {"type": "docker", "settings": '
        '{"image": "a/b:1", "createOptions": {"k8s-experimental": {"securityContext": {"runAsUser": "root"}}}}}}}}}}'
    )
    proc = run_cli("k8s", str(manifest), "--validate", "--kubernetes-version", "1.25")
    assert proc.returncode == 1
    error = "spec.template.spec.securityContext.runAsUser: 'root' is not of type 'integer', 'null'"
    assert f"# invalid: {error}\n" in proc.stdout
    # the agent's Json.NET cannot read `root` as the Int64 of runAsUser either: EL026
    assert "# rejected EL026 at " in proc.stdout
    assert proc.stderr == "edgelint k8s: 2 objects, 1 rejected, 1 failing schema validation\n"
    proc = run_cli("k8s", str(manifest), "--validate", "--kubernetes-version", "1.5")
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        "edgelint k8s: error: kubernetes-validate has no schemas for Kubernetes 1.5 (it has 1.25,"
    )
