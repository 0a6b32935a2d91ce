"""The CI integrations shipped in the repository, run for real: the GitHub Action's shell
steps with a fake GITHUB_* environment (edgelint installed from this checkout into a
virtual environment of its own, as the action does), the Azure Pipelines step template's
scripts with Azure's predefined variables, the GitLab job template's script; their reports
checked by each consumer's rules, the metadata against SchemaStore's schemas (in
tests/schemas/), and the README's CI snippets against the example files."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from conftest import ROOT, SCHEMAS, run_cli
from report_helpers import BAD, GOOD
from ruamel.yaml import YAML
from test_azure_output import parse as parse_logissue
from test_gitlab_output import check_report
from test_junit_output import check_structure

from edgelint import __version__

ACTION = ROOT / "action.yml"
AZURE = ROOT / "integrations" / "azure-pipelines.yml"
GITLAB = ROOT / "integrations" / "gitlab-ci.yml"
EXAMPLES = ROOT / "integrations" / "examples"
TAG = f"v{__version__}"
SELECT = "EL001,EL007"


def load(path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def expand(text, context):
    """`${{ inputs.x }}` and `${{ parameters.x }}`, the only expressions the integrations
    use (an unknown name is a KeyError)."""
    return re.sub(r"\$\{\{\s*(\w+)\.([\w-]+)\s*\}\}", lambda m: str(context[m.group(1)][m.group(2)]), str(text))


def clean_environment(**variables):
    """The environment of a CI step: this machine's, without what points at this checkout."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(NO_COLOR="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **variables)
    return env


@pytest.fixture
def workspace(tmp_path):
    """A checked-out repository with deployments/bad.json (two errors) and good.json."""
    repo = tmp_path / "repo"
    (repo / "deployments").mkdir(parents=True)
    (repo / "deployments" / "bad.json").write_text(BAD, encoding="utf-8")
    (repo / "deployments" / "good.json").write_text(GOOD, encoding="utf-8")
    return repo


# --- GitHub Action ---------------------------------------------------------------------


class Runner:
    """The parts of a GitHub runner a composite action's bash steps see: RUNNER_TEMP,
    GITHUB_ACTION_PATH, GITHUB_PATH (prepended to PATH for the next steps), GITHUB_OUTPUT."""

    def __init__(self, temp):
        self.temp = temp
        self.temp.mkdir(exist_ok=True)
        self.path_file = temp / "github_path"
        self.path_file.touch()

    def run(self, step, inputs, workspace):
        action = load(ACTION)
        values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
        values.update(inputs)
        output = self.temp / "github_output"
        output.write_text("", encoding="utf-8")
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        extra = [line for line in self.path_file.read_text(encoding="utf-8").splitlines() if line]
        env = clean_environment(
            GITHUB_ACTIONS="true",
            GITHUB_ACTION_PATH=str(ROOT),
            GITHUB_WORKSPACE=str(workspace),
            RUNNER_TEMP=str(self.temp),
            GITHUB_PATH=str(self.path_file),
            GITHUB_OUTPUT=str(output),
            PATH=os.pathsep.join(list(reversed(extra)) + [os.environ["PATH"]]),
            **{key: expand(value, {"inputs": values}) for key, value in step.get("env", {}).items()},
        )
        # how GitHub runs `shell: bash`
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
        )
        outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
        return proc, outputs


def action_step(name):
    return next(step for step in load(ACTION)["runs"]["steps"] if step["name"] == name)


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    """A runner on which the action's install step has run: edgelint from this checkout
    (GITHUB_ACTION_PATH) in its own virtual environment under RUNNER_TEMP."""
    runner = Runner(tmp_path_factory.mktemp("runner"))
    workspace = tmp_path_factory.mktemp("workspace")
    proc, _ = runner.run(action_step("Install edgelint"), {"python": sys.executable}, workspace)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"edgelint {__version__}"
    assert runner.path_file.read_text(encoding="utf-8") == f"{runner.temp / 'edgelint-venv' / 'bin'}\n"
    return runner


def test_the_action_annotates_and_writes_sarif(runner, workspace):
    proc, outputs = runner.run(
        action_step("Lint"),
        {"paths": "deployments", "args": f"--select {SELECT}", "sarif-file": "edgelint.sarif"},
        workspace,
    )
    expected = run_cli("--format", "github", "--select", SELECT, "deployments", cwd=workspace)
    assert proc.stdout == expected.stdout and proc.stdout.count("::error file=deployments/bad.json,") == 2
    assert proc.returncode == 1  # the step fails: edgelint found problems
    assert outputs == {"sarif-file": "edgelint.sarif"}
    sarif = json.loads((workspace / "edgelint.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["EL001", "EL007"]
    assert (
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "deployments/bad.json"
    )


def test_the_action_without_findings_passes_and_writes_no_sarif(runner, workspace):
    inputs = {"paths": "deployments/good.json\n  deployments/good.json\n", "args": f"--select {SELECT}"}
    proc, outputs = runner.run(action_step("Lint"), inputs, workspace)
    assert (proc.returncode, proc.stdout, outputs) == (0, "", {"sarif-file": ""})
    assert proc.stderr == "No problems found in 1 file.\n"
    assert not list(workspace.glob("*.sarif"))


def test_an_error_of_the_sarif_run_stops_the_step(runner, workspace):
    proc, outputs = runner.run(
        action_step("Lint"), {"paths": "deployments missing.json", "sarif-file": "e.sarif"}, workspace
    )
    assert proc.returncode == 2 and proc.stdout == "" and outputs == {}
    assert "missing.json" in proc.stderr


@pytest.mark.parametrize("example", ["github-action.yml", "github-code-scanning.yml"])
def test_the_workflow_examples_use_the_action_as_it_is(runner, workspace, example):
    """Each example names this version's tag and inputs the action has, and works: run
    with the example's inputs, the action writes the SARIF the upload step reads."""
    workflow = load(EXAMPLES / example)
    (job,) = workflow["jobs"].values()
    uses = [step for step in job["steps"] if step.get("uses", "").startswith("edgelint/edgelint@")]
    (step,) = uses
    assert step["uses"] == f"edgelint/edgelint@{TAG}"
    assert set(step["with"]) <= set(load(ACTION)["inputs"])
    proc, outputs = runner.run(action_step("Lint"), step["with"], workspace)
    assert proc.returncode == 1 and "::error file=deployments/bad.json," in proc.stdout
    upload = [s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    if upload:
        assert upload[0]["with"]["sarif_file"] == outputs["sarif-file"] == step["with"]["sarif-file"]
        assert json.loads((workspace / outputs["sarif-file"]).read_text(encoding="utf-8"))["version"] == "2.1.0"
        assert workflow["permissions"]["security-events"] == "write"
        assert upload[0]["if"] == "${{ !cancelled() }}"  # the upload runs after a failing lint


def test_action_metadata():
    """What the runner needs of a composite action, and no input pasted into a script (an
    input with `"` or `$(…)` in it would run as code)."""
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all(step["shell"] == "bash" and "${{" not in step["run"] for step in steps)
    used = {
        m for step in steps for value in step.get("env", {}).values() for m in re.findall(r"inputs\.([\w-]+)", value)
    }
    assert used == set(action["inputs"])
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.lint.outputs.sarif-file }}"
    assert [step.get("id") for step in steps] == [None, "lint"]


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (ACTION, "github-action.json"),
        (EXAMPLES / "github-action.yml", "github-workflow.json"),
        (EXAMPLES / "github-code-scanning.yml", "github-workflow.json"),
    ],
)
def test_valid_under_schemastore(path, schema):
    schema = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(load(path))
    broken = load(path)
    broken.pop("runs" if "runs" in broken else "jobs")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)


# --- Azure Pipelines -------------------------------------------------------------------


def run_azure_template(parameters, workspace, python_bin):
    """The template's bash steps as an Azure agent runs them (bash, no -e), with the
    predefined variables as environment; UsePythonVersion is stood in for by `python_bin`
    first on PATH. Returns (steps with parameters expanded, the lint step's process)."""
    template = load(AZURE)
    values = {p["name"]: p.get("default", "") for p in template["parameters"]}
    values.update(parameters)
    variables = {
        "Build.ArtifactStagingDirectory": workspace.parent / "a",
        "Common.TestResultsDirectory": workspace.parent / "TestResults",
        "Build.SourcesDirectory": workspace,
    }
    env = clean_environment(
        PATH=os.pathsep.join([str(python_bin), os.environ["PATH"]]),
        PIP_NO_INDEX="1",
        **{name.upper().replace(".", "_"): str(value) for name, value in variables.items()},
    )
    steps, last = [], None
    for step in template["steps"]:
        step = json.loads(expand(json.dumps(step), {"parameters": values}))
        step = json.loads(re.sub(r"\$\(([\w.]+)\)", lambda m: str(variables[m.group(1)]), json.dumps(step)))
        steps.append(step)
        if "bash" in step:
            script = workspace.parent / "azure-step.sh"
            script.write_text(step["bash"], encoding="utf-8")
            last = subprocess.run(
                ["bash", "--noprofile", "--norc", str(script)],
                cwd=workspace,
                env={**env, **step.get("env", {})},
                capture_output=True,
                text=True,
            )
            if step["displayName"] == "Install edgelint":
                assert last.returncode == 0, last.stderr
    return steps, last


def test_the_azure_template_reports_issues_sarif_and_junit(runner, workspace):
    steps, lint = run_azure_template(
        {"paths": "deployments", "arguments": f"--select {SELECT}"}, workspace, runner.temp / "edgelint-venv" / "bin"
    )
    assert lint.returncode == 1
    issues = [parse_logissue(line) for line in lint.stdout.splitlines()]
    assert [(command, properties["sourcepath"], properties["code"]) for command, properties, _ in issues] == [
        ("task.logissue", "deployments/bad.json", "EL001"),
        ("task.logissue", "deployments/bad.json", "EL007"),
    ]
    tasks = {step["task"]: step for step in steps if "task" in step}
    assert tasks["UsePythonVersion@0"]["inputs"]["versionSpec"] == "3.12"
    artifact = tasks["PublishBuildArtifacts@1"]
    assert artifact["inputs"]["ArtifactName"] == "CodeAnalysisLogs"
    (sarif,) = os.listdir(artifact["inputs"]["PathtoPublish"])
    with open(os.path.join(artifact["inputs"]["PathtoPublish"], sarif), encoding="utf-8") as handle:
        log = json.load(handle)
    assert sarif.endswith(".sarif") and len(log["runs"][0]["results"]) == 2
    tests = tasks["PublishTestResults@2"]
    assert tests["inputs"]["testResultsFormat"] == "JUnit"
    junit = ET.parse(tests["inputs"]["testResultsFiles"]).getroot()
    check_structure(junit)
    assert [(suite.get("name"), suite.get("failures")) for suite in junit] == [
        ("deployments/bad.json", "2"),
        ("deployments/good.json", "0"),
    ]
    assert artifact["condition"] == tests["condition"] == "succeededOrFailed()"


def test_the_azure_example_uses_the_template_as_it_is(runner, workspace):
    pipeline = load(EXAMPLES / "azure-pipelines.yml")
    (repository,) = pipeline["resources"]["repositories"]
    assert repository["ref"] == f"refs/tags/{TAG}"
    (use,) = [step for step in pipeline["steps"] if "template" in step]
    path, alias = use["template"].split("@")
    assert (ROOT / path) == AZURE and alias == repository["repository"]
    assert set(use["parameters"]) <= {p["name"] for p in load(AZURE)["parameters"]}
    _, lint = run_azure_template(use["parameters"], workspace, runner.temp / "edgelint-venv" / "bin")
    assert lint.returncode == 1 and "code=EL001;" in lint.stdout


def test_an_error_stops_the_azure_lint_step(runner, workspace):
    _, lint = run_azure_template({"paths": "missing.json"}, workspace, runner.temp / "edgelint-venv" / "bin")
    assert lint.returncode == 2 and lint.stdout == ""


# --- GitLab ----------------------------------------------------------------------------


def run_gitlab_job(variables, workspace, python_bin):
    """The job's script as the GitLab runner runs it (one shell, stop at the first failing
    command), with CI_PROJECT_DIR set. Returns (the job, the process)."""
    job = load(GITLAB)[".edgelint"]
    script = workspace.parent / "gitlab-job.sh"
    script.write_text("\n".join(job["script"]) + "\n", encoding="utf-8")
    env = clean_environment(
        PATH=os.pathsep.join([str(python_bin), os.environ["PATH"]]),
        PIP_NO_INDEX="1",
        CI_PROJECT_DIR=str(workspace),
        **{**job["variables"], **variables},
    )
    return job, subprocess.run(["sh", "-e", str(script)], cwd=workspace, env=env, capture_output=True, text=True)


def test_the_gitlab_template_publishes_code_quality_and_junit(runner, workspace):
    example = load(EXAMPLES / "gitlab-ci.yml")
    (include,) = example["include"]
    assert include["remote"] == f"https://raw.githubusercontent.com/edgelint/edgelint/{TAG}/integrations/gitlab-ci.yml"
    template = load(GITLAB)
    assert template["edgelint"] == {"extends": ".edgelint", "stage": "test"}
    variables = example["edgelint"]["variables"]
    assert set(variables) <= set(template[".edgelint"]["variables"])
    job, proc = run_gitlab_job(
        {**variables, "EDGELINT_ARGS": f"--select {SELECT}"}, workspace, runner.temp / "edgelint-venv" / "bin"
    )
    assert proc.returncode == 1
    assert [line.split(": ", 1)[0].rsplit(":", 2)[0] for line in proc.stdout.splitlines()] == [
        "deployments/bad.json"
    ] * 2
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    quality = json.loads((workspace / reports["codequality"]).read_text(encoding="utf-8"))
    check_report(quality)
    assert [(issue["check_name"], issue["location"]["path"]) for issue in quality] == [
        ("EL001", "deployments/bad.json"),
        ("EL007", "deployments/bad.json"),
    ]
    junit = ET.parse(workspace / reports["junit"]).getroot()
    check_structure(junit)
    assert [suite.get("name") for suite in junit] == ["deployments/bad.json", "deployments/good.json"]


def test_an_error_fails_the_gitlab_job_at_once(runner, workspace):
    _, proc = run_gitlab_job({"EDGELINT_PATHS": "missing.json"}, workspace, runner.temp / "edgelint-venv" / "bin")
    assert proc.returncode != 0 and not (workspace / "edgelint-junit.xml").exists()


# --- README ------------------------------------------------------------------------------


def test_readme_ci_snippets_are_the_checked_files():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Continuous integration\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    files = sorted(EXAMPLES.glob("*.yml"))
    assert sorted(blocks) == sorted(path.read_text(encoding="utf-8") for path in files)
