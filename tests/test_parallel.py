"""A batch linted by a pool of worker processes reports exactly what one process reports:
findings, their fixes and the masked secrets travel between processes intact."""

import os
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, run_cli

from edgelint.batch import PARALLEL_MIN_FILES
from edgelint.report import FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_from_the_pool_and_from_one_process(fmt):
    assert len(list(CORPUS.glob("*/*.json"))) > PARALLEL_MIN_FILES
    common = ["--format", fmt, "--exit-zero", "--unsafe-fixes", "--show-fixes", str(CORPUS)]
    if fmt not in ("full", "concise"):
        common.remove("--show-fixes")
    serial = run_cli(*common, "--jobs", "1")
    pooled = run_cli(*common, "--jobs", "2")
    assert serial.returncode == pooled.returncode == 0, serial.stderr + pooled.stderr
    assert serial.stdout, fmt
    assert pooled.stdout == serial.stdout
    assert pooled.stderr == serial.stderr


def test_a_spawned_pool_as_on_macos_and_windows_reports_what_one_process_does(tmp_path):
    """Where processes are spawned, not forked, workers build their own session; the run
    still ends without the interpreter's teardown, and leaves nothing behind to warn about."""
    script = tmp_path / "spawned.py"
    script.write_text(
        "import sys\n"
        "if __name__ == '__main__':\n"
        "    sys.platform = 'darwin'  # edgelint.batch._pool spawns its workers\n"
        "    from edgelint.cli import run\n"
        "    run()\n"
    )
    common = ["--format", "sarif", "--exit-zero", str(CORPUS)]
    environment = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    spawned = subprocess.run(
        [sys.executable, str(script), *common, "--jobs", "2"], capture_output=True, text=True, env=environment
    )
    serial = run_cli(*common, "--jobs", "1")
    assert spawned.returncode == serial.returncode == 0, spawned.stderr
    assert (spawned.stdout, spawned.stderr) == (serial.stdout, serial.stderr)
