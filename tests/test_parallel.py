"""A batch linted by a pool of worker processes reports exactly what one process reports:
findings, their fixes and the masked secrets travel between processes intact."""

import pytest
from conftest import CORPUS, run_cli

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
