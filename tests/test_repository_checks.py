"""The project's own automation: the GitHub workflow is valid Actions syntax and runs the
README's test command on every supported Python; the pre-commit configuration is valid; the
examples' baseline holds exactly the findings the examples have on purpose."""

import json
import re
import subprocess
import sys

import jsonschema
import pytest
from conftest import ROOT, SCHEMAS, run_cli
from ruamel.yaml import YAML

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
BASELINE = ROOT / ".github" / "edgelint-baseline.json"


def load(path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def test_workflow_is_valid_github_actions_syntax():
    schema = json.loads((SCHEMAS / "github-workflow.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(load(WORKFLOW))


def test_workflow_runs_the_readme_test_command_on_every_supported_python():
    workflow = load(WORKFLOW)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = re.findall(r"```sh\n(.*?)\n```", readme, re.S)[1]
    test_job = workflow["jobs"]["test"]
    assert [step["run"] for step in test_job["steps"] if "run" in step] == [test_command]
    assert test_job["strategy"]["matrix"]["python"] == ["3.10", "3.11", "3.12", "3.13"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10"' in pyproject
    lint_steps = [step["run"] for step in workflow["jobs"]["lint"]["steps"] if "run" in step]
    assert lint_steps[1:] == ["ruff check --output-format github .", "ruff format --check .", "mypy"]


def test_workflow_lints_the_examples_with_the_action_of_this_checkout():
    steps = load(WORKFLOW)["jobs"]["examples"]["steps"]
    action = next(step for step in steps if step.get("uses") == "./")
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert action["with"]["sarif-file"] == upload["with"]["sarif_file"]
    assert steps[-1]["run"] == f"edgelint --baseline {BASELINE.relative_to(ROOT)} examples"


def test_pre_commit_configuration_is_valid():
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_examples_baseline_holds_exactly_the_examples_findings():
    with_baseline = run_cli("check", "--baseline", str(BASELINE), "examples", cwd=ROOT)
    assert with_baseline.returncode == 0, with_baseline.stdout
    without = run_cli("check", "--format", "json", "examples", cwd=ROOT)
    recorded = json.loads(BASELINE.read_text(encoding="utf-8"))["findings"]
    assert len(json.loads(without.stdout)) == len(recorded) > 0


@pytest.mark.parametrize("hook", ["ruff-check", "ruff-format", "mypy", "edgelint-examples"])
def test_pre_commit_hooks_are_declared(hook):
    config = load(ROOT / ".pre-commit-config.yaml")
    assert hook in [entry["id"] for repo in config["repos"] for entry in repo["hooks"]]
