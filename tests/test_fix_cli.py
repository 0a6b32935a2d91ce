"""The fix options of the command line: --fix, --unsafe-fixes (and the configuration key),
--diff, --fix-only, standard input, and how fixed files are written."""

import difflib
import json
import os
import shutil
import stat
import subprocess

import pytest
from conftest import deployment, manifest_text, module, run_cli

from edgelint.fixes.loop import unified_diff

LIMITS = {"memory": "1Gi", "cpu": "1"}
MOUNTS = {"Mounts": [{"Type": "bind", "Source": "/srv/data", "Target": "/data"}], "Runtime": "nvidia"}
# EL002 and EL021 with a safe fix, EL011 with an unsafe one (a GPU limit, and Recreate for it)
MANIFEST = manifest_text(
    deployment(
        {
            "cam": module(
                {
                    "HostConfig": {"Binds": ["/srv/data:/data"], "Runtime": "nvidia"},
                    "k8s-experimental": {"resources": {"limits": LIMITS}},
                },
                env={"Logging:Level": {"value": "Debug"}},
            )
        }
    )
)
SAFE_FIXED = manifest_text(
    deployment(
        {
            "cam": module(
                {"HostConfig": MOUNTS, "k8s-experimental": {"resources": {"limits": LIMITS}}},
                env={"Logging__Level": {"value": "Debug"}},
            )
        }
    )
)
ALL_FIXED = manifest_text(
    deployment(
        {
            "cam": module(
                {
                    "HostConfig": MOUNTS,
                    "k8s-experimental": {
                        "resources": {"limits": {**LIMITS, "nvidia.com/gpu": 1}},
                        "strategy": {"type": "Recreate"},
                    },
                },
                env={"Logging__Level": {"value": "Debug"}},
            )
        }
    )
)
RUNTIME_MESSAGE = (
    "Kubernetes IoT Edge drops `Runtime: nvidia`, so the pod asks for no GPU and Kubernetes assigns it none; request "
    'the GPU with `"nvidia.com/gpu": 1` in k8s-experimental.resources.limits.'
)


@pytest.fixture
def manifest(tmp_path):
    path = tmp_path / "deployment.json"
    path.write_text(MANIFEST)
    os.chmod(path, 0o640)
    return path


def runtime_line(text):
    return next(i for i, line in enumerate(text.splitlines(), 1) if '"Runtime"' in line)


def test_fix_applies_safe_fixes_keeps_the_mode_and_reports_what_remains(manifest):
    proc = run_cli("--fix", "--format", "concise", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == SAFE_FIXED
    assert stat.S_IMODE(os.stat(manifest).st_mode) == 0o640
    assert [entry.name for entry in manifest.parent.iterdir()] == ["deployment.json"]
    line = runtime_line(SAFE_FIXED)
    assert proc.stdout == f"deployment.json:{line}:30: EL011 {RUNTIME_MESSAGE}\n"
    assert proc.stderr == (
        "Found 1 problem (1 error) in 1 file; fixed 2.\n1 more fix is available with --unsafe-fixes.\n"
    )
    assert proc.returncode == 1
    again = run_cli("--fix", "--format", "concise", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == SAFE_FIXED
    assert again.stderr == "Found 1 problem (1 error) in 1 file.\n1 more fix is available with --unsafe-fixes.\n"


def test_unsafe_fixes_from_the_option_or_the_configuration(manifest):
    proc = run_cli("--fix", "--unsafe-fixes", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == ALL_FIXED
    assert (proc.returncode, proc.stdout) == (0, "No problems found in 1 file; fixed 4.\n")
    manifest.write_text(MANIFEST)
    (manifest.parent / ".edgelint.toml").write_text("unsafe-fixes = true\n")
    assert run_cli("--fix", manifest.name, cwd=manifest.parent).returncode == 0
    assert manifest.read_text() == ALL_FIXED
    manifest.write_text(MANIFEST)
    run_cli("--fix", "--no-unsafe-fixes", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == SAFE_FIXED


def test_diff_shows_the_fix_and_writes_nothing(manifest):
    proc = run_cli("--diff", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == MANIFEST
    assert proc.returncode == 1
    assert proc.stdout == "".join(
        difflib.unified_diff(
            MANIFEST.splitlines(keepends=True),
            SAFE_FIXED.splitlines(keepends=True),
            "deployment.json",
            "deployment.json",
        )
    )
    assert proc.stderr == "Would fix 2 problems.\n1 more fix is available with --unsafe-fixes.\n"
    if shutil.which("patch"):  # the diff is one that patch(1) applies
        subprocess.run(["patch", "-s", str(manifest)], input=proc.stdout, text=True, check=True)
        assert manifest.read_text() == SAFE_FIXED
    manifest.write_text(SAFE_FIXED)
    clean = run_cli("--diff", manifest.name, cwd=manifest.parent)
    assert (clean.returncode, clean.stdout, clean.stderr) == (
        0,
        "",
        "Would fix 0 problems.\n1 more fix is available with --unsafe-fixes.\n",
    )
    unsafe = run_cli("--diff", "--unsafe-fixes", manifest.name, cwd=manifest.parent)
    assert (unsafe.returncode, unsafe.stderr) == (1, "Would fix 2 problems.\n")


def test_fix_only_reports_nothing_else(manifest):
    proc = run_cli("--fix-only", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == SAFE_FIXED
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "",
        "Fixed 2 problems.\n1 more fix is available with --unsafe-fixes.\n",
    )
    assert run_cli("--fix-only", "-q", manifest.name, cwd=manifest.parent).stderr == ""


def test_standard_input_is_fixed_to_standard_output():
    proc = run_cli("--fix", "--format", "concise", "-", "--stdin-filename", "deployment.json", stdin=MANIFEST)
    assert proc.stdout == SAFE_FIXED
    line = runtime_line(SAFE_FIXED)
    assert proc.stderr == (
        f"deployment.json:{line}:30: EL011 {RUNTIME_MESSAGE}\n"
        "Found 1 problem (1 error) in 1 file; fixed 2.\n1 more fix is available with --unsafe-fixes.\n"
    )
    assert proc.returncode == 1
    only = run_cli("--fix-only", "--unsafe-fixes", "-", stdin=MANIFEST)
    assert (only.stdout, only.stderr, only.returncode) == (ALL_FIXED, "Fixed 4 problems.\n", 0)
    unchanged = run_cli("--fix", "-", stdin='{"name": "not a manifest"}\n')
    assert unchanged.stdout == '{"name": "not a manifest"}\n'


def test_a_file_that_does_not_parse_is_never_written(tmp_path):
    broken = '{"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {}}}}\n'
    path = tmp_path / "deployment.json"
    path.write_text(broken)
    before = os.stat(path).st_mtime_ns
    proc = run_cli("--fix", "--format", "concise", path.name, cwd=tmp_path)
    assert proc.returncode == 1 and " EL000 " in proc.stdout
    assert path.read_text() == broken and os.stat(path).st_mtime_ns == before


def test_a_clean_file_is_not_rewritten(manifest):
    manifest.write_text(ALL_FIXED)
    before = os.stat(manifest).st_mtime_ns
    proc = run_cli("--fix", "--unsafe-fixes", manifest.name, cwd=manifest.parent)
    assert (proc.returncode, proc.stdout) == (0, "No problems found in 1 file.\n")
    assert os.stat(manifest).st_mtime_ns == before


def test_fixes_follow_symlinks_to_the_file(manifest):
    link = manifest.parent / "link.json"
    link.symlink_to(manifest.name)
    run_cli("--fix", link.name, cwd=manifest.parent)
    assert link.is_symlink() and manifest.read_text() == SAFE_FIXED


def test_fixes_appear_in_json_output(manifest):
    proc = run_cli("--format", "json", "--select", "EL021", manifest.name, cwd=manifest.parent)
    [finding] = json.loads(proc.stdout)
    line = next(i for i, text in enumerate(MANIFEST.splitlines(), 1) if "Logging:Level" in text)
    assert finding["fix"] == {
        "title": "Rename `Logging:Level` to `Logging__Level`",
        "applicability": "safe",
        "edits": [
            {"line": line, "column": 15, "end_line": line, "end_column": 30, "text": '"Logging__Level"'},
        ],
    }


def test_diffs_keep_line_breaks_and_mark_a_missing_final_newline():
    assert unified_diff("a\r\nb\r\nc", "a\r\nB\r\nc", "f.json") == (
        "--- f.json\n+++ f.json\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\n\\ No newline at end of file\n"
    )
    assert unified_diff("same\n", "same\n", "f.json") == ""


def test_only_the_findings_reported_are_fixed(manifest):
    run_cli("--fix", "--ignore", "EL021", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == SAFE_FIXED.replace("Logging__Level", "Logging:Level")
    (manifest.parent / ".edgelint.toml").write_text('[per-file-ignores]\n"deployment.json" = ["EL002"]\n')
    manifest.write_text(MANIFEST)
    run_cli("--fix", manifest.name, cwd=manifest.parent)
    assert manifest.read_text() == MANIFEST.replace("Logging:Level", "Logging__Level")


def test_parallel_fixing_writes_what_serial_fixing_writes(tmp_path):
    for index in range(30):
        (tmp_path / f"m{index}.json").write_text(MANIFEST.replace('"cam"', f'"cam{index}"'))
    proc = run_cli("--fix", "-j", "2", "--format", "concise", ".", cwd=tmp_path)
    assert proc.stderr.splitlines()[0].endswith("in 30 files; fixed 60.")
    for index in range(30):
        assert (tmp_path / f"m{index}.json").read_text() == SAFE_FIXED.replace('"cam"', f'"cam{index}"')


def test_a_file_that_cannot_be_written_is_reported_as_it_is(manifest, monkeypatch, capsys):
    import edgelint.files
    from edgelint.cli import main

    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(edgelint.files, "write_atomic", refuse)
    monkeypatch.chdir(manifest.parent)
    code = main(["--fix", "--format", "concise", "--select", "EL021", manifest.name])
    out, err = capsys.readouterr()
    assert code == 2 and manifest.read_text() == MANIFEST
    line = next(i for i, text in enumerate(MANIFEST.splitlines(), 1) if "Logging:Level" in text)
    assert out.startswith(f"deployment.json:{line}:15: EL021 ")
    assert err == (
        "Found 1 problem (1 error) in 1 file.\n"
        "edgelint: error: deployment.json: cannot write the fixes: Permission denied\n"
    )
