"""The command line: formats, selection, exit codes, stdin, discovery, the rule commands."""

import pytest
from conftest import ROOT, deployment, locate, manifest_text, module, run_cli

BAD = manifest_text(
    deployment(
        {
            "cam": module(
                {
                    "HostConfig": {
                        "Binds": ["/etc/localtime:/etc/localtime"],
                        "PortBindings": {"35000/tcp": [{"HostPort": "8080"}]},
                    }
                }
            )
        }
    )
)
GOOD = manifest_text(
    deployment(
        {
            "cam": module(
                {
                    "HostConfig": {"Mounts": [{"Type": "bind", "Source": "/srv/data", "Target": "/data"}]},
                    "k8s-experimental": {"resources": {"limits": {"memory": "128Mi", "cpu": "100m"}}},
                }
            )
        }
    )
)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "bad.json").write_text(BAD)
    (tmp_path / "good.json").write_text(GOOD)
    (tmp_path / "package.json").write_text('{"name": "app", "version": "1.0.0"}')
    (tmp_path / "k8s.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    (tmp_path / "notes.txt").write_text(BAD)
    for hidden in (".git", "node_modules", "venv", ".hidden"):
        (tmp_path / hidden).mkdir()
        (tmp_path / hidden / "bad.json").write_text(BAD)
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.yaml").write_text(
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        m:\n          settings:\n"
        '            createOptions: {HostConfig: {Binds: ["/dev/video0:/dev/video0"]}}\n'
    )
    return tmp_path


def test_concise_walks_directories_and_skips_what_is_not_a_manifest(tree):
    proc = run_cli("--format", "concise", "--select", "EL001,EL007", ".", cwd=tree)
    line, col = locate(BAD, "/etc/localtime")[:2]
    port_line, port_col = locate(BAD, '"35000/tcp"')[:2]
    assert proc.stdout.splitlines() == [
        f"bad.json:{line}:{col}: EL001 `/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type DirectoryOrCreate, which fails for a file, so the pod never starts; mount its directory instead, or put the file in the image.",
        f"bad.json:{port_line}:{port_col}: EL007 Container port 35000 is reserved: every module pod shares its network with the IoT Edge proxy sidecar, which listens on localhost:35000 and 35001; pick another port.",
        "sub/bad.yaml:7:51: EL001 `/dev/video0` is a device: Kubernetes IoT Edge turns a bind into a hostPath volume of type DirectoryOrCreate, which fails for a device, so the pod never starts; request the device through a device-plugin resource in k8s-experimental.resources instead.",
    ]
    assert proc.stderr == "Found 3 problems (3 errors) in 2 of 3 files; 2 skipped (not IoT Edge manifests).\n"
    assert proc.returncode == 1


def test_full_format_shows_the_line_and_carets(tree):
    proc = run_cli("bad.json", "--select", "EL001", cwd=tree, env={"COLUMNS": "250"})  # wide enough for all
    line, col, _, end_col = locate(BAD, "/etc/localtime")
    source_line = BAD.splitlines()[line - 1]
    gutter = " " * len(str(line))
    assert proc.stdout == (
        "error[EL001]: `/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
        "DirectoryOrCreate, which fails for a file, so the pod never starts; mount its directory instead, or put the file in the image.\n"
        f"{gutter}--> bad.json:{line}:{col}\n"
        f"{gutter} |\n"
        f"{line} | {source_line}\n"
        f"{gutter} | {' ' * (col - 1)}{'^' * (end_col - col)}\n"
        "\n"
        "Found 1 problem (1 error) in 1 file.\n"
    )
    assert "\x1b[" not in proc.stdout
    coloured = run_cli("bad.json", "--select", "EL001", "--color", "always", cwd=tree)
    assert "\x1b[1;31merror[EL001]\x1b[0m" in coloured.stdout


def test_no_color_is_honoured_even_when_forced_by_auto(tree):
    proc = run_cli("bad.json", cwd=tree, env={"NO_COLOR": "1"})
    assert "\x1b[" not in proc.stdout


def test_clean_file_exits_zero(tree):
    proc = run_cli("good.json", "package.json", "k8s.yaml", cwd=tree)
    assert (proc.returncode, proc.stdout) == (0, "No problems found in 1 file; 2 skipped (not IoT Edge manifests).\n")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--exit-zero"], 0),
        (["--fail-on", "error"], 1),
        (["--fail-on", "note"], 1),
        (["--ignore", "EL0"], 0),
        (["--select", "EL007"], 1),
        (["--select", "EL00", "--ignore", "EL001,EL002,EL007"], 0),
        (["--ignore", "EL0", "--extend-select", "EL001"], 1),
    ],
)
def test_exit_codes(tree, args, code):
    assert run_cli("bad.json", *args, cwd=tree).returncode == code


def test_selection_by_prefix(tree):
    proc = run_cli("bad.json", "--format", "concise", "--ignore", "EL0", "--extend-select", "EL007", cwd=tree)
    assert [line.split()[1] for line in proc.stdout.splitlines()] == ["EL007"]


def test_options_after_paths(tree):
    proc = run_cli("check", "bad.json", "--format", "concise", "-q", "--select", "EL001", cwd=tree)
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 1 and proc.stderr == ""


def test_usage_errors_exit_two(tree):
    unknown = run_cli("bad.json", "--select", "XX9", cwd=tree)
    assert unknown.returncode == 2
    assert "unknown rule selector: XX9" in unknown.stderr
    assert run_cli("bad.json", "--format", "nope", cwd=tree).returncode == 2


def test_missing_path_is_an_error_but_other_files_are_still_linted(tree):
    proc = run_cli("missing.json", "bad.json", "--format", "concise", "--select", "EL001,EL007", cwd=tree)
    assert proc.returncode == 2
    assert "edgelint: error: missing.json: no such file or directory" in proc.stderr
    assert len(proc.stdout.splitlines()) == 2


def test_stdin_with_a_name():
    proc = run_cli("-", "--stdin-filename", "deploy/app.json", "--format", "concise", stdin=BAD)
    assert proc.returncode == 1
    assert proc.stdout.startswith("deploy/app.json:")
    yaml = run_cli(
        "-",
        "--stdin-filename",
        "app.yaml",
        "--format",
        "concise",
        "--select",
        "EL001",
        stdin="modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        m:\n          settings:\n"
        "            createOptions: {HostConfig: {Binds: ['/etc/hosts:/etc/hosts']}}\n",
    )
    assert yaml.stdout.startswith("app.yaml:7:51: EL001")


def test_parse_error_exit_and_position(tmp_path):
    (tmp_path / "broken.json").write_text('{\n  "modulesContent": {\n    "$edgeAgent": {,}\n  }\n}\n')
    proc = run_cli("broken.json", "--format", "concise", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (
        1,
        "broken.json:3:20: EL000 Expecting property name enclosed in double quotes\n",
    )


def test_broken_json_that_is_not_a_manifest_is_skipped(tmp_path):
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}, // comment\n}')
    (tmp_path / "binary.json").write_bytes(b"\x00\xff\xfe garbage")
    proc = run_cli(".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (
        0,
        "Nothing linted: 2 files skipped (not IoT Edge manifests); --show-files lists them.\n",
    )


def test_invalid_utf8_manifest_is_reported(tmp_path):
    (tmp_path / "latin1.json").write_bytes('{"modulesContent": {"$edgeAgent": {"x": "Jürgen"}}}'.encode("latin-1"))
    proc = run_cli("latin1.json", "--format", "concise", cwd=tmp_path)
    assert proc.stdout == "latin1.json:1:43: EL000 file is not valid UTF-8: byte 0xfc cannot be decoded\n"
    assert proc.returncode == 1


def test_rules_command_lists_every_rule():
    proc = run_cli("rules")
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "LEVEL", "FIX", "OPT-IN", "SUMMARY"]
    assert lines[2].split()[:4] == ["EL001", "file-bind-mount", "error", "none"]


def test_unknown_rule():
    proc = run_cli("rule", "EL999")
    assert proc.returncode == 2 and "unknown rule: EL999" in proc.stderr


def test_version_and_module_entry_point():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("edgelint ")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text()
    blocks = [block.split("```")[0].strip() for block in readme.split("```sh\n")[1:3]]
    assert "edgelint examples/fpga-era.deployment.json" in blocks[0]
    assert blocks[1] in (ROOT / ".ci" / "run").read_text()
    assert "pytest" in blocks[1]


def test_readme_sample_output_is_real():
    """The sample at the top of the README shows findings exactly as edgelint prints them."""
    readme = (ROOT / "README.md").read_text()
    sample = readme.split("```text\n$ edgelint examples/fpga-era.deployment.json\n", 1)[1].split("```", 1)[0]
    shown = [block for block in sample.split("\n\n") if block.strip() and block.strip() != "…"]
    proc = run_cli("examples/fpga-era.deployment.json", "--color", "never", cwd=ROOT, env={"COLUMNS": "80"})
    printed = proc.stdout.split("\n\n")
    for block in shown[:-1]:
        assert block in printed
    assert shown[-1].strip() == proc.stdout.strip().splitlines()[-1]
