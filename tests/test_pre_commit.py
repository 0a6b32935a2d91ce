"""The pre-commit hooks, run by the real pre-commit (`pre-commit try-repo` on this
repository) in a temporary git repository."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, deployment, locate, manifest_text, module, run_cli

BAD = manifest_text(
    deployment(
        {
            "cam": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}}, stringify=True),
        }
    )
)
GOOD = manifest_text(
    deployment(
        {
            "cam": module(
                {
                    "HostConfig": {"Mounts": [{"Type": "volume", "Source": "camera", "Target": "/data"}]},
                    "k8s-experimental": {"resources": {"limits": {"memory": "256Mi", "cpu": "250m"}}},
                },
                stringify=True,
            )
        }
    )
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo, hook, home, *files):
    environment = dict(os.environ, PRE_COMMIT_HOME=str(home), NO_COLOR="1", PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--verbose", "--files", *files],
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment,
    )


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "ci@example.com")
    git(tmp_path, "config", "user.name", "ci")
    (tmp_path / "bad.deployment.json").write_text(BAD)
    (tmp_path / "good.deployment.json").write_text(GOOD)
    (tmp_path / "package.json").write_text('{"name": "app", "version": "1.0.0", "dependencies": {}}\n')
    git(tmp_path, "add", ".")
    return tmp_path


def test_the_good_manifest_is_clean():
    proc = run_cli("-", "--stdin-filename", "good.deployment.json", stdin=GOOD)
    assert (proc.returncode, proc.stdout) == (0, "No problems found in 1 file.\n")


def test_hook_fails_on_the_bad_manifest_only(repo, pre_commit_home):
    proc = try_repo(repo, "edgelint", pre_commit_home, "bad.deployment.json", "good.deployment.json", "package.json")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "edgelint" in output and "Failed" in output
    line, column = locate(BAD, "/etc/localtime")[:2]
    assert f"--> bad.deployment.json:{line}:{column}" in output and "error[EL001]" in output
    assert "good.deployment.json:" not in output and "package.json:" not in output


def test_hook_passes_on_the_good_manifest_and_ignores_package_json(repo, pre_commit_home):
    proc = try_repo(repo, "edgelint", pre_commit_home, "good.deployment.json", "package.json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_config_exclude_applies_to_files_pre_commit_passes(repo, pre_commit_home):
    (repo / ".edgelint.toml").write_text('exclude = ["bad.*.json"]\n')
    proc = try_repo(repo, "edgelint", pre_commit_home, "bad.deployment.json", "package.json")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_definitions():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    from ruamel.yaml import YAML

    hooks = {hook["id"]: hook for hook in YAML(typ="safe").load(text)}
    assert set(hooks) == {"edgelint", "edgelint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["json", "yaml"]
        assert hook["require_serial"] is True
    assert hooks["edgelint"]["entry"] == "edgelint check"
    assert hooks["edgelint-fix"]["entry"] == "edgelint check --fix"
