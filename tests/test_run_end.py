"""How a run ends: the console script exits without the interpreter's teardown once its
output is flushed, and runs with the cycle collector off, which the batch turns on between
files so that memory stays bounded."""

import gc
import os
import subprocess
import sys

import pytest
from conftest import ROOT, deployment, manifest_text, module

from edgelint.cli import lint_paths, main
from edgelint.session import Options, Session

# every module has a file bind mount (EL001) and Docker Binds (EL002)
MANY_FINDINGS = manifest_text(
    deployment(
        {f"camera{index}": module({"HostConfig": {"Binds": [f"/etc/cam{index}.conf:/cfg"]}}) for index in range(400)}
    )
)

SMALL = manifest_text(deployment({"camera": module({"HostConfig": {"Binds": ["/etc/a.conf:/a"]}})}))


def console(*args, stdout=subprocess.PIPE, cwd=None):
    """`python -m edgelint` with standard output block-buffered, as users have it."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    environment.pop("PYTHONUNBUFFERED", None)
    return subprocess.Popen(
        [sys.executable, "-m", "edgelint", *args], stdout=stdout, stderr=subprocess.PIPE, cwd=cwd, env=environment
    )


def test_the_whole_report_reaches_a_pipe_before_the_process_exits(tmp_path, capsys):
    (tmp_path / "big.json").write_text(MANY_FINDINGS)
    assert main(["--format", "concise", str(tmp_path / "big.json")]) == 1
    expected = capsys.readouterr()
    assert len(expected.out) > 3 * 65536  # several times a pipe's buffer
    process = console("--format", "concise", str(tmp_path / "big.json"))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert (out.decode(), err.decode()) == (expected.out, expected.err)
    assert err.endswith(b"in 1 file.\n")


# output written as it goes, flushed by the report at its end, or left to the final flush
WRITERS = [
    ("--format", "concise", "big.json"),
    ("--format", "concise", "small.json"),
    ("rule", "--all"),
    ("rules",),
]


def write_manifests(folder):
    (folder / "big.json").write_text(MANY_FINDINGS)
    (folder / "small.json").write_text(SMALL)


@pytest.mark.parametrize("args", WRITERS)
def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path, args):
    write_manifests(tmp_path)
    process = console(*args, cwd=tmp_path)
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, b"")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", WRITERS)
def test_output_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path, args):
    write_manifests(tmp_path)
    with open("/dev/full", "w") as full:
        process = console(*args, stdout=full, cwd=tmp_path)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    assert err.decode().splitlines()[0] == "edgelint: error: cannot write the output: No space left on device"


def test_with_the_collector_off_a_serial_batch_frees_each_file_before_the_next(tmp_path):
    for index in range(12):
        (tmp_path / f"m{index:02d}.json").write_text(MANY_FINDINGS)
    session = Session(Options(isolated=True))
    session.reads_fixes = False  # as for the concise report

    def left_for_the_collector(paths):
        gc.collect()
        gc.disable()
        try:
            lint_paths(session, paths, jobs=1, sink=lambda result: None)
            assert not gc.isenabled()  # as the run found it
            return gc.collect()
        finally:
            gc.enable()

    one_file = left_for_the_collector([str(tmp_path / "m00.json")])
    batch = left_for_the_collector([str(tmp_path)])
    assert one_file > 1000  # the tree of the last file is left to the end of the run
    assert batch < 2 * one_file


@pytest.mark.parametrize("reads_fixes", [True, False])
def test_results_kept_for_the_report_hold_no_node_tree(tmp_path, reads_fixes):
    from edgelint.source.nodes import Node

    for index in range(3):
        (tmp_path / f"m{index}.json").write_text(MANY_FINDINGS)
    session = Session(Options(isolated=True))
    session.reads_fixes = reads_fixes  # SARIF shows fixes; the concise report does not
    run, _ = lint_paths(session, [str(tmp_path)], jobs=1)
    gc.collect()
    assert not [item for item in gc.get_objects() if isinstance(item, Node)]
    findings = [finding for result in run.results for finding in result.findings]
    assert len(findings) == 3 * 801
    assert sum(finding.fix is not None for finding in findings) == (3 * 400 if reads_fixes else 0)
