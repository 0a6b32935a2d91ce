"""The device profile: `[tool.edgelint.device]` in pyproject.toml, `[device]` in .edgelint.toml;
its errors, `edgelint config`, and the Kubernetes version of `edgelint k8s --validate`."""

import pytest
from conftest import deployment, manifest_text, module, run_cli

from edgelint.config import ConfigError, load_config
from edgelint.device import DEFAULT_PROFILE


def rows(proc):
    """`edgelint config` output: key → the words after it."""
    return {line.split()[0]: line.split()[1:] for line in proc.stdout.splitlines()}


def test_profile_from_pyproject(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.edgelint.device]\ngpus = 2\nshares = ["cam-data", "models"]\nmemory = "16Gi"\ncpu = 7.5\n'
        'architecture = "aarch64"\nkubernetes-version = "1.25"\n'
    )
    profile = load_config(str(path)).get("device")
    assert (profile.gpus, profile.shares, str(profile.memory), str(profile.cpu)) == (
        2,
        ("cam-data", "models"),
        "16Gi",
        "7.5",
    )
    assert profile.memory.value == 16 * 2**30 and profile.cpu.value == 7.5
    assert (profile.architecture, profile.architecture_word, profile.kubernetes_version) == ("arm64", "aarch64", "1.25")
    assert profile.given == ("gpus", "shares", "memory", "cpu", "architecture", "kubernetes-version")


def test_profile_from_edgelint_toml_has_the_defaults_for_what_it_leaves_out(tmp_path):
    path = tmp_path / ".edgelint.toml"
    path.write_text('fail-on = "error"\n[device]\ncpu = "7500m"\n')
    profile = load_config(str(path)).get("device")
    assert (profile.gpus, profile.shares, profile.memory, profile.kubernetes_version) == (None, None, None, None)
    assert profile.cpu.value == 7.5 and profile.given == ("cpu",)
    assert (profile.architecture, profile.architecture_word) == ("amd64", "amd64")
    assert load_config(str(path)).get("fail-on") == "error"


def test_without_a_profile_the_default_one_applies():
    assert (DEFAULT_PROFILE.gpus, DEFAULT_PROFILE.shares, DEFAULT_PROFILE.memory, DEFAULT_PROFILE.cpu) == (None,) * 4
    assert DEFAULT_PROFILE.architecture == "amd64" and DEFAULT_PROFILE.given == ()


BAD = [
    ("gpu = 1", "unknown key '{p}gpu' (known keys: gpus, shares, memory, cpu, architecture, kubernetes-version)"),
    ("gpus = -1", "'{p}gpus' must be a whole number of GPUs, 0 or more, not -1"),
    ("gpus = true", "'{p}gpus' must be a whole number of GPUs, 0 or more, not True"),
    ('gpus = "2"', "'{p}gpus' must be a whole number of GPUs, 0 or more, not '2'"),
    ('shares = "cam-data"', "'{p}shares' must be a list of share names, not 'cam-data'"),
    ('shares = ["cam", " "]', "'{p}shares' must be a list of share names, not ['cam', ' ']"),
    ('memory = "16 GB"', """'{p}memory' must be a Kubernetes memory quantity such as "16Gi", not '16 GB'"""),
    ("memory = 0", """'{p}memory' must be a Kubernetes memory quantity such as "16Gi", not 0"""),
    ('cpu = "8 cores"', """'{p}cpu' must be a Kubernetes CPU quantity such as 8 or "7500m", not '8 cores'"""),
    ('architecture = "x86"', "'{p}architecture' must be one of "),
    ('architecture = "windows"', "'{p}architecture' must be one of "),
    (
        "kubernetes-version = 1.27",
        """'{p}kubernetes-version' must be a Kubernetes minor version such as "1.27", not 1.27""",
    ),
    (
        'kubernetes-version = "v1.27.8"',
        "'{p}kubernetes-version' must be a Kubernetes minor version such as \"1.27\", not 'v1.27.8'",
    ),
]


@pytest.mark.parametrize("line, message", BAD, ids=[line for line, _ in BAD])
@pytest.mark.parametrize(
    "name, table, prefix",
    [
        ("pyproject.toml", "[tool.edgelint.device]", "tool.edgelint.device."),
        (".edgelint.toml", "[device]", "device."),
    ],
)
def test_bad_profile_is_a_configuration_error_naming_file_and_key(tmp_path, name, table, prefix, line, message):
    path = tmp_path / name
    path.write_text(f"{table}\n{line}\n")
    with pytest.raises(ConfigError) as error:
        load_config(str(path))
    assert str(error.value).startswith(f"{path}: " + message.format(p=prefix))


def test_architecture_error_lists_the_linux_architectures(tmp_path):
    path = tmp_path / ".edgelint.toml"
    path.write_text('[device]\narchitecture = "windows"\n')
    with pytest.raises(ConfigError) as error:
        load_config(str(path))
    listed = str(error.value).split("must be one of ")[1].split(", not")[0].split(", ")
    assert {"amd64", "x86_64", "arm64", "arm64v8", "aarch64", "arm32v7", "armhf"} <= set(listed)
    assert "windows" not in listed and "nanoserver" not in listed


def test_device_that_is_not_a_table(tmp_path):
    path = tmp_path / ".edgelint.toml"
    path.write_text('device = "ase-01"\n')
    with pytest.raises(ConfigError) as error:
        load_config(str(path))
    assert str(error.value) == (
        f"{path}: 'device' must be a table with the keys gpus, shares, memory, cpu, architecture, kubernetes-version"
    )


def test_bad_profile_stops_every_command_with_exit_2(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.edgelint.device]\ngpus = 1.5\n")
    (tmp_path / "m.json").write_text(MANIFEST)
    expected = f"{tmp_path / 'pyproject.toml'}: 'tool.edgelint.device.gpus' must be a whole number of GPUs, 0 or more, not 1.5\n"
    for command in (["m.json"], ["config"], ["k8s", "m.json"]):
        proc = run_cli(*command, cwd=tmp_path)
        assert proc.returncode == 2, command
        assert proc.stdout == ""
        assert proc.stderr.endswith(expected) and proc.stderr.count("\n") == 1, command


def test_config_command_shows_the_profile_and_where_each_value_came_from(tmp_path):
    config = tmp_path / ".edgelint.toml"
    config.write_text('[device]\ngpus = 1\nshares = ["cam-data", "models"]\nmemory = "16Gi"\narchitecture = "x86_64"\n')
    proc = run_cli("config", cwd=tmp_path)
    assert proc.returncode == 0
    shown = rows(proc)
    assert shown["device.gpus"] == ["1", f"({config})"]
    assert shown["device.shares"] == ["cam-data,", "models", f"({config})"]
    assert shown["device.memory"] == ["16Gi", f"({config})"]
    assert shown["device.cpu"] == ["(none)", "(default)"]
    assert shown["device.architecture"] == ["x86_64", f"({config})"]
    assert shown["device.kubernetes-version"] == ["1.27", "(default)"]
    assert [line.split()[0] for line in proc.stdout.splitlines()][-6:] == [
        "device.gpus",
        "device.shares",
        "device.memory",
        "device.cpu",
        "device.architecture",
        "device.kubernetes-version",
    ]


def test_config_command_without_a_profile(tmp_path):
    shown = rows(run_cli("config", "--isolated", cwd=tmp_path))
    assert shown["device.gpus"] == ["(none)", "(default)"]
    assert shown["device.shares"] == ["(none)", "(default)"]
    assert shown["device.architecture"] == ["amd64", "(default)"]


def test_each_folder_has_the_profile_of_its_closest_configuration(tmp_path):
    (tmp_path / ".edgelint.toml").write_text("[device]\ngpus = 2\n")
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "pyproject.toml").write_text('[tool.edgelint.device]\nkubernetes-version = "1.25"\n')
    shown = rows(run_cli("config", "lab", cwd=tmp_path))
    assert shown["device.gpus"] == ["(none)", "(default)"]
    assert shown["device.kubernetes-version"] == ["1.25", f"({tmp_path / 'lab' / 'pyproject.toml'})"]
    assert rows(run_cli("config", cwd=tmp_path))["device.gpus"] == ["2", f"({tmp_path / '.edgelint.toml'})"]


MANIFEST = manifest_text(
    deployment(
        {
            "m": module({"k8s-experimental": {"securityContext": {"runAsUser": "root"}}}, image="a/b:1"),
        }
    )
)


def test_k8s_validate_uses_the_profile_kubernetes_version(tmp_path):
    pytest.importorskip("kubernetes_validate", reason="kubernetes-validate (edgelint[k8s]) is not installed")
    config = tmp_path / ".edgelint.toml"
    config.write_text('[device]\nkubernetes-version = "1.5"\n')
    (tmp_path / "m.json").write_text(MANIFEST)
    proc = run_cli("k8s", "m.json", "--validate", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        "edgelint k8s: error: kubernetes-validate has no schemas for Kubernetes 1.5 (it has 1.25,"
    )
    assert proc.stderr.endswith(f") (the device profile's kubernetes-version in {config})\n")
    # the command line beats the profile
    proc = run_cli("k8s", "m.json", "--validate", "--kubernetes-version", "1.25", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == "edgelint k8s: 2 objects, 1 rejected, 1 failing schema validation\n"
    config.write_text('[device]\nkubernetes-version = "1.25"\n')
    proc = run_cli("k8s", "m.json", "--validate", cwd=tmp_path)
    assert proc.returncode == 1
    assert (
        "# invalid: spec.template.spec.securityContext.runAsUser: 'root' is not of type 'integer', 'null'\n"
        in proc.stdout
    )
