"""The code stays linted, formatted and type-checked: ruff and mypy (test extras) run with
the project's configuration in pyproject.toml, so the README's test command, and with it CI,
checks them too."""

import subprocess
import sys

import pytest
from conftest import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command):
    proc = run("ruff", *command, "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy():
    proc = run("mypy", "--no-incremental")
    assert proc.returncode == 0, proc.stdout + proc.stderr
