"""No silent passes: commands shadowed by folders, skipped files counted and listed, runs
that lint nothing, missing paths and baselines, meaningless option combinations."""

import pytest
from conftest import deployment, locate, manifest_text, module, run_cli

MANIFEST = manifest_text(deployment({"cam": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}})}))
EL001 = "EL001,EL002"


@pytest.fixture
def solution(tmp_path):
    """An iotedgedev solution: generated manifests in config/, a template at the top."""
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "deployment.amd64.json").write_text(MANIFEST)
    (tmp_path / "deployment.template.json").write_text(MANIFEST)
    return tmp_path


# --- commands shadowed by folders -------------------------------------------------------


def test_a_command_named_like_a_folder_of_manifests_is_a_usage_error(solution):
    proc = run_cli("config", cwd=solution)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "edgelint: error: `config` is both a command and a folder with IoT Edge manifests here: "
        "`edgelint check config` lints the folder; `edgelint check --show-settings` shows the settings\n"
    )
    # with options that `check` takes too, the line is still ambiguous
    assert run_cli("config", "--select", "EL001", cwd=solution).returncode == 2


def test_check_lints_the_shadowed_folder(solution):
    proc = run_cli("check", "config", "--format", "concise", "--select", "EL001", cwd=solution)
    line, column = locate(MANIFEST, "/etc/localtime")[:2]
    assert proc.stdout.startswith(f"config/deployment.amd64.json:{line}:{column}: EL001 ")
    assert proc.returncode == 1


def test_a_command_line_only_the_command_accepts_is_the_command(solution):
    for name in ("rules", "rule", "k8s", "server"):
        (solution / name).mkdir()
        (solution / name / "deployment.json").write_text(MANIFEST)
    assert run_cli("rules", cwd=solution).returncode == 2
    listed = run_cli("rules", "--format", "text", cwd=solution)
    assert (listed.returncode, listed.stdout.split()[:6]) == (0, ["ID", "NAME", "LEVEL", "FIX", "OPT-IN", "SUMMARY"])
    page = run_cli("rule", "EL001", cwd=solution)
    assert (page.returncode, page.stdout.splitlines()[0]) == (0, "# EL001 file-bind-mount")
    preview = run_cli("k8s", "--namespace", "iotedge", "deployment.template.json", cwd=solution)
    assert "kind: Deployment" in preview.stdout
    assert run_cli("k8s", "deployment.template.json", cwd=solution).returncode == 2
    server = run_cli("server", cwd=solution)
    assert server.returncode == 2 and "`edgelint server --stdio` starts the language server" in server.stderr
    assert run_cli("config", "--help", cwd=solution).stdout.startswith("usage: edgelint config")


def test_a_folder_without_manifests_does_not_shadow_the_command(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"logging": "debug"}')
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "EL001.md").write_text("# a rule page\n")
    proc = run_cli("config", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("config ")
    assert run_cli("rules", cwd=tmp_path).stdout.startswith("ID ")


# --- skipped files, --show-files, runs that lint nothing --------------------------------


@pytest.fixture
def mixed(tmp_path):
    (tmp_path / "deployment.json").write_text(MANIFEST)
    (tmp_path / "package.json").write_text('{"name": "app", "version": "1.0.0"}')
    (tmp_path / "service.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n")
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "logo.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    (tmp_path / "broken.yaml").write_text("key: [unclosed\n  properties:\n    desired: {modules: 1\n")
    (tmp_path / "twin.json").write_text('{"properties": {"desired": {"routes": {}}}}')
    (tmp_path / ".edgelint.toml").write_text('extend-exclude = ["generated.json"]\n')
    (tmp_path / "generated.json").write_text(MANIFEST)
    return tmp_path


NAMED = [
    "deployment.json",
    "package.json",
    "service.yaml",
    "empty.json",
    "logo.json",
    "broken.yaml",
    "twin.json",
    "generated.json",
]


def test_files_named_that_are_not_manifests_are_counted(mixed):
    proc = run_cli("--select", "EL001", *NAMED, cwd=mixed)
    assert proc.stdout.splitlines()[-1] == (
        "Found 1 problem (1 error) in 1 file; 7 skipped (6 not IoT Edge manifests, 1 excluded)."
    )
    clean = run_cli("--select", "EL007", "deployment.json", "package.json", cwd=mixed)
    assert clean.stdout == "No problems found in 1 file; 1 skipped (not an IoT Edge manifest).\n"


def test_show_files_says_for_each_file_whether_it_was_linted_and_why_not(mixed):
    proc = run_cli("--show-files", *NAMED, cwd=mixed)
    assert proc.stdout.splitlines() == [
        "skipped  broken.yaml: not an IoT Edge manifest: not valid JSON or YAML, and no deployment keys",
        "linted   deployment.json",
        "skipped  empty.json: not an IoT Edge manifest: empty file",
        "skipped  generated.json: excluded by the configuration (exclude, extend-exclude)",
        "skipped  logo.json: not an IoT Edge manifest: not text (cannot be decoded)",
        "skipped  package.json: not an IoT Edge manifest: no deployment keys (modulesContent, $edgeAgent, properties.desired…)",
        "skipped  service.yaml: not an IoT Edge manifest: a Kubernetes object (apiVersion and kind), not an IoT Edge deployment",
        "skipped  twin.json: not an IoT Edge manifest: no IoT Edge deployment layout (modulesContent, $edgeAgent, properties.desired)",
    ]
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_run_that_lints_nothing_says_so(mixed, tmp_path_factory):
    proc = run_cli("package.json", "service.yaml", cwd=mixed)
    assert (proc.returncode, proc.stdout) == (
        0,
        "Nothing linted: 2 files skipped (not IoT Edge manifests); --show-files lists them.\n",
    )
    empty = tmp_path_factory.mktemp("empty")
    (empty / "README.md").write_text("no manifests here\n")
    proc = run_cli(cwd=empty)
    assert (proc.returncode, proc.stdout) == (0, "Nothing linted: no JSON or YAML files found.\n")


def test_a_missing_path_is_said_without_a_summary(tmp_path):
    proc = run_cli("deployment.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        "edgelint: error: deployment.json: no such file or directory\n",
    )


# --- usage errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--baseline", "missing.json"], "--baseline missing.json: no such file (record one with --update-baseline)"),
        (["--diff", "--format", "json"], "--format has no effect with --diff, which writes no report"),
        (["--fix-only", "--output", "out.txt"], "--output has no effect with --fix-only, which writes no report"),
        (
            ["--fix", "--diff"],
            "--fix and --diff cannot be combined: --diff shows what --fix would change, and writes nothing",
        ),
        (["--show-files", "--format", "concise"], "--format has no effect with --show-files, which writes no report"),
        (["--show-settings", "--update-baseline"], "--show-settings and --update-baseline cannot be combined"),
        (["--sarif-category", "nightly"], "--sarif-category needs --format sarif"),
        (["--color", "always", "--format", "json"], "--color has no effect with --format json"),
        (
            ["--exit-zero", "--fail-on", "error"],
            "--exit-zero and --fail-on cannot be combined: with --exit-zero no level fails",
        ),
        (
            ["--stdin-filename", "x.json", "deployment.json"],
            "--stdin-filename names standard input: give - among the paths",
        ),
        (
            ["--format", "xml"],
            "argument --format/--output-format: invalid choice: 'xml' (choose from 'full', 'concise', "
            "'json', 'json-lines', 'sarif', 'github', 'azure', 'gitlab', 'junit', 'rdjson')",
        ),
    ],
)
def test_meaningless_combinations_are_one_line_usage_errors(tmp_path, args, message):
    (tmp_path / "deployment.json").write_text(MANIFEST)
    proc = run_cli(*args, "deployment.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"edgelint: error: {message} (see `edgelint --help`)\n"


def test_a_missing_baseline_is_fine_when_it_is_being_recorded(tmp_path):
    (tmp_path / "deployment.json").write_text(MANIFEST)
    proc = run_cli("--baseline", "base.json", "--update-baseline", "deployment.json", cwd=tmp_path)
    assert proc.returncode == 0 and (tmp_path / "base.json").is_file()


def test_stdin_filename_without_paths_reads_standard_input(tmp_path):
    proc = run_cli(
        "--stdin-filename", "deploy/app.json", "--format", "concise", "--select", "EL001", stdin=MANIFEST, cwd=tmp_path
    )
    line, column = locate(MANIFEST, "/etc/localtime")[:2]
    assert proc.stdout.startswith(f"deploy/app.json:{line}:{column}: EL001 ")


def test_usage_errors_of_the_subcommands_name_them(tmp_path):
    proc = run_cli("check", "--format", "xml", cwd=tmp_path)
    assert proc.stderr.endswith("(see `edgelint check --help`)\n") and proc.stderr.count("\n") == 1
    proc = run_cli("config", "--format", "json", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "edgelint config: error: --format is an option of `edgelint check`, not of `edgelint config` "
        "(see `edgelint config --help`)\n",
    )
    proc = run_cli("rule", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "edgelint rule: error: give one RULE, or --all (see `edgelint rule --help`)\n",
    )
    proc = run_cli("k8s", "--module", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "edgelint k8s: error: argument --module: expected one argument (see `edgelint k8s --help`)\n",
    )


def test_server_with_stdio_is_the_server_even_next_to_a_folder_of_manifests(solution, monkeypatch):
    from edgelint.cli import check_parser
    from edgelint.shadowing import ambiguity

    (solution / "server").mkdir()
    (solution / "server" / "deployment.json").write_text(MANIFEST)
    monkeypatch.chdir(solution)
    assert ambiguity("server", ["--stdio"], check_parser()) is None
    assert ambiguity("server", [], check_parser()).startswith("`server` is both a command and a folder")
