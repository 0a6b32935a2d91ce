"""Configuration, suppressions and baselines through the command line."""

import json

from conftest import deployment, locate, manifest_text, module, run_cli


def file_bind(path):
    return {"Type": "bind", "Source": path, "Target": path}


# EL001 (a file bind) and EL007 (a port binding), each once
PORTS = {"35000/tcp": [{"HostPort": "8080"}]}
MANIFEST = manifest_text(
    deployment(
        {
            "cam": module({"HostConfig": {"Mounts": [file_bind("/etc/localtime")], "PortBindings": PORTS}}),
        }
    )
)
TWO_FILE_BINDS = manifest_text(
    deployment(
        {
            "cam": module(
                {
                    "HostConfig": {
                        "Mounts": [file_bind("/etc/localtime"), file_bind("/etc/hosts")],
                        "PortBindings": PORTS,
                    }
                }
            )
        }
    )
)


ONLY = ["--select", "EL001,EL007", "--format", "concise", "-q"]


def rules_of(proc):
    return [line.split()[1] for line in proc.stdout.splitlines()]


def test_pyproject_and_closest_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.edgelint]\nselect = ["EL001", "EL007"]\nignore = ["EL007"]\n')
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "pyproject.toml").write_text('[tool.edgelint]\nselect = ["EL001"]\n')
    (tmp_path / "team" / ".edgelint.toml").write_text('select = ["EL001", "EL007"]\nignore = ["EL001"]\n')
    (tmp_path / "a.json").write_text(MANIFEST)
    (tmp_path / "team" / "b.json").write_text(MANIFEST)
    proc = run_cli("--format", "concise", "-q", ".", cwd=tmp_path)
    assert [line.split(":")[0] + " " + line.split()[1] for line in proc.stdout.splitlines()] == [
        "a.json EL001",
        "team/b.json EL007",
    ]
    # a --select on the command line replaces the configured selection, ignores included (as in ruff)
    proc = run_cli("--format", "concise", "-q", "--select", "EL007", ".", cwd=tmp_path)
    assert [line.split(":")[0] + " " + line.split()[1] for line in proc.stdout.splitlines()] == [
        "a.json EL007",
        "team/b.json EL007",
    ]


def test_command_line_ignore_adds_to_config(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('select = ["EL001", "EL007"]\n')
    (tmp_path / "a.json").write_text(MANIFEST)
    assert rules_of(run_cli("--format", "concise", "-q", "a.json", cwd=tmp_path)) == ["EL001", "EL007"]
    assert rules_of(run_cli("--format", "concise", "-q", "--ignore", "EL001", "a.json", cwd=tmp_path)) == ["EL007"]
    assert rules_of(
        run_cli("--format", "concise", "-q", "--isolated", "--select", "EL007", "a.json", cwd=tmp_path)
    ) == ["EL007"]


def test_explicit_config_file(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('ignore = ["EL001"]\n')
    (tmp_path / "ci.toml").write_text('select = ["EL001"]\n')
    (tmp_path / "a.json").write_text(MANIFEST)
    assert rules_of(run_cli("--format", "concise", "-q", "--config", "ci.toml", "a.json", cwd=tmp_path)) == ["EL001"]


def test_fail_on_and_severity_from_config(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('select = ["EL001"]\nfail-on = "error"\n[severity]\nEL001 = "warning"\n')
    (tmp_path / "a.json").write_text(MANIFEST)
    proc = run_cli("--format", "json", "a.json", cwd=tmp_path)
    assert [f["level"] for f in json.loads(proc.stdout)] == ["warning"]
    assert proc.returncode == 0
    assert run_cli("--format", "json", "--fail-on", "warning", "a.json", cwd=tmp_path).returncode == 1


def test_per_file_ignores(tmp_path):
    (tmp_path / ".edgelint.toml").write_text(
        'select = ["EL001", "EL007"]\n[per-file-ignores]\n"legacy/**" = ["EL0"]\n"*.template.json" = ["EL007"]\n'
    )
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.json").write_text(MANIFEST)
    (tmp_path / "deploy.template.json").write_text(MANIFEST)
    proc = run_cli("--format", "concise", "-q", ".", cwd=tmp_path)
    assert [line.split(":")[0] + " " + line.split()[1] for line in proc.stdout.splitlines()] == [
        "deploy.template.json EL001"
    ]


def test_exclude_applies_to_walked_and_explicit_files(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('select = ["EL001"]\nexclude = ["generated/", "*.debug.json"]\n')
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "a.json").write_text(MANIFEST)
    (tmp_path / "x.debug.json").write_text(MANIFEST)
    (tmp_path / "kept.json").write_text(MANIFEST)
    walked = run_cli("--format", "concise", "-q", ".", cwd=tmp_path)
    explicit = run_cli("--format", "concise", "-q", "generated/a.json", "x.debug.json", "kept.json", cwd=tmp_path)
    assert [line.split(":")[0] for line in walked.stdout.splitlines()] == ["kept.json"]
    assert explicit.stdout == walked.stdout


def test_invalid_config_is_a_clear_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.edgelint]\nselect = ["EL001"]\nfail_on = "error"\n')
    (tmp_path / "a.json").write_text(MANIFEST)
    proc = run_cli("a.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        f"edgelint: error: {tmp_path / 'pyproject.toml'}: unknown key 'tool.edgelint.fail_on'"
    )
    assert proc.stdout == ""


def test_show_settings_says_where_each_value_came_from(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('select = ["EL001", "EL007"]\nfail-on = "error"\nbaseline = "base.json"\n')
    proc = run_cli("config", "--fail-on", "note", cwd=tmp_path)
    assert proc.returncode == 0
    rows = {line.split()[0]: line for line in proc.stdout.splitlines()}
    config_path = str(tmp_path / ".edgelint.toml")
    assert rows["config"].split() == ["config", config_path]
    assert rows["select"].split() == ["select", "EL001,", "EL007", f"({config_path})"]
    assert rows["fail-on"].split() == ["fail-on", "note", "(command", "line)"]
    assert rows["baseline"].split() == ["baseline", str(tmp_path / "base.json"), f"({config_path})"]
    assert rows["unsafe-fixes"].split() == ["unsafe-fixes", "false", "(default)"]
    assert (
        run_cli("--show-settings", cwd=tmp_path).stdout.splitlines()[1:]
        == run_cli("config", cwd=tmp_path).stdout.splitlines()[1:]
    )


YAML = """\
# edgelint: ignore-file[EL007] ports are reviewed separately
modulesContent:
  $edgeAgent:
    properties.desired:
      modules:
        cam:
          settings:
            createOptions:
              HostConfig:
                Binds:
                  - /etc/localtime:/etc/localtime  # edgelint: ignore[EL001] mounted read-only on purpose
                  # edgelint: ignore[EL001]
                  - /etc/timezone:/etc/timezone
                  - /etc/hosts:/etc/hosts
                  - /dev/video0:/dev/video0  # edgelint: ignore[EL004] wrong rule
                PortBindings: {"35000/tcp": [{HostPort: "35000"}]}
"""


def test_yaml_comment_suppressions(tmp_path):
    (tmp_path / "d.yaml").write_text(YAML)
    proc = run_cli("--select", "EL001,EL007", "--format", "concise", "-q", "d.yaml", cwd=tmp_path)
    line, col = locate(YAML, "/etc/hosts")[:2]
    video, video_col = locate(YAML, "/dev/video0")[:2]
    assert [line.split(": ")[0] + ": " + line.split()[1] for line in proc.stdout.splitlines()] == [
        f"d.yaml:{line}:{col}: EL001",
        f"d.yaml:{video}:{video_col}: EL001",
    ]


def test_unused_suppressions_are_reported_when_asked_for(tmp_path):
    (tmp_path / "d.yaml").write_text(YAML + "# edgelint: ignore-file[EL001] too late\n")
    proc = run_cli("--select", "EL001,EL004,EL007,EL033", "--format", "concise", "-q", "d.yaml", cwd=tmp_path)
    unused = [line for line in proc.stdout.splitlines() if " EL033 " in line]
    wrong_line, wrong_col = locate(YAML, "# edgelint: ignore[EL004]")[:2]
    late_line = YAML.count("\n") + 1
    assert unused == [
        f"d.yaml:{wrong_line}:{wrong_col}: EL033 This suppression for EL004 suppresses nothing; remove it.",
        f"d.yaml:{late_line}:1: EL033 `ignore-file` works only in the comments at the top of the file; this one suppresses nothing.",
    ]
    # without EL004 selected, its suppression cannot be judged
    quiet = run_cli("--select", "EL001,EL007,EL033", "--format", "concise", "-q", "d.yaml", cwd=tmp_path)
    assert [line for line in quiet.stdout.splitlines() if " EL033 " in line] == unused[1:]


def test_json_pointer_suppressions_in_config(tmp_path):
    (tmp_path / ".edgelint.toml").write_text(
        'select = ["EL001", "EL007", "EL033"]\n'
        '[[suppress]]\nfiles = ["deploy/*.json"]\npointer = "/modulesContent/$edgeAgent/properties.desired/modules/cam/settings/createOptions/HostConfig/Mounts"\n'
        'rules = ["EL001"]\nreason = "bind of a file, reviewed"\n'
        '[[suppress]]\nfiles = ["deploy/*.json"]\npointer = "/modulesContent/$edgeAgent/properties.desired/modules/other"\nreason = "stale"\n'
        '[[suppress]]\nfiles = ["elsewhere/*.json"]\nrules = ["EL007"]\n'
    )
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "a.json").write_text(MANIFEST)
    proc = run_cli("--format", "concise", "-q", "deploy/a.json", cwd=tmp_path)
    config = (tmp_path / ".edgelint.toml").read_text()
    second = locate(config, "[[suppress]]", occurrence=2)[0]
    assert [line.split(": ")[0] + ": " + line.split()[1] for line in proc.stdout.splitlines()] == [
        "deploy/a.json:%d:%d: EL007" % locate(MANIFEST, '"35000/tcp"')[:2],
        ".edgelint.toml:%d:1: EL033" % second,
    ]
    assert (
        "suppress]] #2 (files deploy/*.json, pointer /modulesContent/$edgeAgent/properties.desired/modules/other) suppresses nothing"
        in proc.stdout
    )


def test_baseline_survives_moved_lines_and_reports_new_findings(tmp_path):
    (tmp_path / "a.json").write_text(MANIFEST)
    created = run_cli("--select", "EL001,EL007", "--baseline", "base.json", "--update-baseline", "a.json", cwd=tmp_path)
    assert created.returncode == 0
    baseline = json.loads((tmp_path / "base.json").read_text())
    assert [(e["rule"], e["path"]) for e in baseline["findings"]] == [("EL001", "a.json"), ("EL007", "a.json")]
    assert all("line" not in e for e in baseline["findings"])
    assert run_cli(*ONLY, "--baseline", "base.json", "a.json", cwd=tmp_path).stdout == ""
    # move every line down and re-indent: still known
    moved = json.loads((tmp_path / "a.json").read_text())
    moved = {"$schema-template": "4.0.0", **moved}
    (tmp_path / "a.json").write_text(json.dumps(moved, indent=4))
    clean = run_cli(*ONLY, "--baseline", "base.json", "a.json", cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, "")
    # a new problem is reported, the known ones are not
    (tmp_path / "a.json").write_text(TWO_FILE_BINDS)
    new = run_cli(*ONLY, "--baseline", "base.json", "a.json", cwd=tmp_path)
    assert new.returncode == 1
    assert [line.split()[1] for line in new.stdout.splitlines()] == ["EL001"]
    assert "/etc/hosts" in new.stdout


def test_baseline_from_config_is_relative_to_it(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('select = ["EL001"]\nbaseline = "ci/edgelint-baseline.json"\n')
    (tmp_path / "ci").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.json").write_text(MANIFEST)
    assert run_cli("--update-baseline", "sub/a.json", cwd=tmp_path).returncode == 0
    assert (
        json.loads((tmp_path / "ci" / "edgelint-baseline.json").read_text())["findings"][0]["path"] == "../sub/a.json"
    )
    assert run_cli("--format", "concise", "a.json", cwd=tmp_path / "sub").stdout == ""


def test_update_baseline_needs_a_file(tmp_path):
    (tmp_path / "a.json").write_text(MANIFEST)
    proc = run_cli("--update-baseline", "a.json", cwd=tmp_path)
    assert proc.returncode == 2 and "needs a baseline file" in proc.stderr


def test_broken_baseline_is_a_clear_error(tmp_path):
    (tmp_path / "a.json").write_text(MANIFEST)
    (tmp_path / "base.json").write_text("[]")
    proc = run_cli("--baseline", "base.json", "a.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "base.json: not an edgelint baseline" in proc.stderr
