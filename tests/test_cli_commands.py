"""The commands and settings a newcomer meets first: help, rule names as selectors, the
rules listing, `config` origins, ruff's extend-exclude, extend-ignore, fixable and unfixable,
and suppression comments with typos."""

import json
import re

from conftest import deployment, locate, manifest_text, module, run_cli

MANIFEST = manifest_text(
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


def rules_of(proc):
    return [line.split()[1] for line in proc.stdout.splitlines()]


# --- help ------------------------------------------------------------------------------


def test_help_lists_every_command_with_one_line():
    proc = run_cli("--help")
    lines = proc.stdout.splitlines()
    assert lines[0] == "usage: edgelint [check] [options] [PATH ...]"
    start = lines.index("commands:")
    assert [line.split()[0] for line in lines[start + 1 : start + 7]] == [
        "check",
        "rules",
        "rule",
        "config",
        "k8s",
        "server",
    ]
    assert run_cli("check", "--help").stdout.startswith("usage: edgelint check [options] [PATH ...]\n")


def test_config_help_lists_only_what_applies_to_it():
    text = run_cli("config", "--help").stdout
    assert text.startswith("usage: edgelint config [options] [PATH]\n")
    options = set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", text))
    assert {
        "--select",
        "--ignore",
        "--config",
        "--fail-on",
        "--exclude",
        "--no-respect-gitignore",
        "--unfixable",
    } <= options
    assert not options & {
        "--format",
        "--output",
        "--fix",
        "--diff",
        "--quiet",
        "--jobs",
        "--show-files",
        "--stdin-filename",
    }


# --- rule names ---------------------------------------------------------------------------


def test_rule_names_select_and_ignore_like_ids(tmp_path):
    (tmp_path / "a.json").write_text(MANIFEST)
    concise = ["--format", "concise", "-q", "a.json"]
    assert rules_of(run_cli("--select", "file-bind-mount,reserved-proxy-port", *concise, cwd=tmp_path)) == [
        "EL001",
        "EL007",
    ]
    assert rules_of(run_cli("--select", "EL001,EL007", "--ignore", "reserved-proxy-port", *concise, cwd=tmp_path)) == [
        "EL001"
    ]
    (tmp_path / ".edgelint.toml").write_text(
        'select = ["file-bind-mount", "EL007"]\n[severity]\nreserved-proxy-port = "note"\n'
    )
    proc = run_cli("--format", "json", "a.json", cwd=tmp_path)
    assert [(f["id"], f["level"]) for f in json.loads(proc.stdout)] == [("EL001", "error"), ("EL007", "note")]
    bad = run_cli("--select", "file-bind-mounts", *concise, cwd=tmp_path)
    assert bad.returncode == 2 and "unknown rule selector: file-bind-mounts" in bad.stderr


def test_rules_marks_opt_in_rules_and_has_json():
    rows = {line.split()[0]: line.split() for line in run_cli("rules").stdout.splitlines()}
    assert rows["EL029"][:5] == ["EL029", "manifest-schema", "error", "none", "opt-in"]
    assert rows["EL001"][4] != "opt-in"
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert listed[1] == {
        "id": "EL001",
        "name": "file-bind-mount",
        "level": "error",
        "fix": "none",
        "opt_in": False,
        "summary": "A bind mount of a file, socket or device, which Kubernetes IoT Edge mounts as a directory.",
        "tags": listed[1]["tags"],
    }
    assert [r["id"] for r in listed if r["opt_in"]] == ["EL012", "EL029", "EL033"]


def test_rule_all_prints_every_page_and_rule_takes_names():
    pages = run_cli("rule", "--all").stdout
    ids = [r["id"] for r in json.loads(run_cli("rules", "--format", "json").stdout)]
    assert [line.split()[1] for line in pages.splitlines() if line.startswith("# EL")] == ids
    assert run_cli("rule", "file-bind-mount").stdout == run_cli("rule", "EL001").stdout


# --- config: every key and where it came from ------------------------------------------------


def test_config_shows_every_key_and_its_true_origin(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.edgelint]\nignore = ["EL012"]\nextend-select = ["EL033"]\nextend-ignore = ["EL023"]\n'
        'unfixable = ["EL002"]\nextend-exclude = ["gen/"]\nexclude = []\nselect = []\noutput-format = "github"\n[tool.edgelint.severity]\n'
    )
    proc = run_cli("config", "--ignore", "EL019", "--extend-exclude", "tmp/", cwd=tmp_path)
    rows = {line.split()[0]: line for line in proc.stdout.splitlines()}
    pyproject = str(tmp_path / "pyproject.toml")
    assert list(rows) == [
        "config",
        "rules",
        "select",
        "extend-select",
        "ignore",
        "extend-ignore",
        "per-file-ignores",
        "fixable",
        "extend-fixable",
        "unfixable",
        "fail-on",
        "unsafe-fixes",
        "max-file-size",
        "exclude",
        "extend-exclude",
        "respect-gitignore",
        "force-exclude",
        "baseline",
        "env-file",
        "output-format",
        "severity",
        "suppress",
        "device.gpus",
        "device.shares",
        "device.memory",
        "device.cpu",
        "device.architecture",
        "device.kubernetes-version",
    ]
    assert rows["ignore"].split() == ["ignore", "EL012,", "EL019", f"({pyproject},", "command", "line)"]
    assert rows["extend-select"].split() == ["extend-select", "EL033", f"({pyproject})"]
    assert rows["extend-ignore"].split() == ["extend-ignore", "EL023", f"({pyproject})"]
    assert rows["unfixable"].split() == ["unfixable", "EL002", f"({pyproject})"]
    assert rows["extend-exclude"].split() == ["extend-exclude", "gen/,", "tmp/", f"({pyproject},", "command", "line)"]
    assert rows["output-format"].split() == ["output-format", "github", f"({pyproject})"]
    env = run_cli("config", cwd=tmp_path, env={"EDGELINT_OUTPUT_FORMAT": "sarif"}).stdout
    assert ["output-format", "sarif", "(EDGELINT_OUTPUT_FORMAT)"] in [line.split() for line in env.splitlines()]
    # empty values from the file are the file's, never "(default)"
    for key in ("select", "exclude", "severity"):
        assert rows[key].split() == [key, "(none)", f"({pyproject})"]
    assert rows["rules"].split() == ["rules", "EL033"]  # select = [] leaves only what extend-select adds


# --- extend-exclude, extend-ignore, fixable, unfixable ---------------------------------------


def test_extend_exclude_from_config_and_command_line(tmp_path):
    for name in ("a.json", "gen/b.json", "tmp/c.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(MANIFEST)
    (tmp_path / ".edgelint.toml").write_text('exclude = ["a.json"]\nextend-exclude = ["gen/"]\n')
    concise = ["--format", "concise", "-q", "--select", "EL001", "."]

    def paths(*args):
        return sorted(line.split(":")[0] for line in run_cli(*args, *concise, cwd=tmp_path).stdout.splitlines())

    assert paths() == ["tmp/c.json"]
    assert paths("--extend-exclude", "tmp") == []
    assert paths("--exclude", "tmp/") == ["a.json"]  # replaces `exclude`; `extend-exclude` stays


def test_fixable_and_unfixable(tmp_path):
    (tmp_path / "a.json").write_text(MANIFEST)
    fixes = run_cli("--format", "json", "--select", "EL002,EL007", "a.json", cwd=tmp_path)
    assert [(f["id"], f["fix"] is not None) for f in json.loads(fixes.stdout)] == [("EL002", True), ("EL007", False)]
    unfixable = run_cli("--format", "json", "--select", "EL002", "--unfixable", "docker-binds", "a.json", cwd=tmp_path)
    assert [f["fix"] for f in json.loads(unfixable.stdout)] == [None]
    (tmp_path / ".edgelint.toml").write_text('fixable = ["EL00"]\nunfixable = ["EL002"]\n')
    proc = run_cli("--fix", "--select", "EL002", "--format", "concise", "a.json", cwd=tmp_path)
    assert (tmp_path / "a.json").read_text() == MANIFEST
    assert rules_of(proc) == ["EL002"]
    # the command line is a later layer, as for --extend-select: it makes EL002 fixable again
    run_cli("--fix", "--select", "EL002", "--extend-fixable", "docker-binds", "-q", "a.json", cwd=tmp_path)
    assert '"Mounts"' in (tmp_path / "a.json").read_text() and '"Binds"' not in (tmp_path / "a.json").read_text()


def test_extend_ignore_adds_to_ignore(tmp_path):
    (tmp_path / "a.json").write_text(MANIFEST)
    (tmp_path / ".edgelint.toml").write_text(
        'select = ["EL001", "EL002", "EL007"]\nignore = ["EL001"]\nextend-ignore = ["EL002"]\n'
    )
    assert rules_of(run_cli("--format", "concise", "-q", "a.json", cwd=tmp_path)) == ["EL007"]


# --- suppression comments with typos ------------------------------------------------------------

YAML = """\
modulesContent:
  $edgeAgent:
    properties.desired:
      modules:
        cam:
          settings:
            # edgelint: ignroe[EL002] moving to Mounts next release
            createOptions: {HostConfig: {Binds: ["/srv/camera:/data"]}}
        web:
          settings:
            createOptions: {HostConfig: {Binds: ["/srv/web:/data"]}}  # edgelint: ignore[EL999, docker-binds]
        api:
          settings:
            # edgelint: ignore [EL002] brackets apart
            createOptions: {HostConfig: {Binds: ["/srv/api:/data"]}}
"""


def test_suppression_typos_are_reported_whatever_is_selected(tmp_path):
    (tmp_path / "d.yaml").write_text(YAML)
    proc = run_cli("--format", "concise", "--select", "EL002", "d.yaml", cwd=tmp_path)
    typo = locate(YAML, "# edgelint: ignroe[EL002] moving to Mounts next release")
    unknown = locate(YAML, "# edgelint: ignore[EL999, docker-binds]")
    apart = locate(YAML, "# edgelint: ignore [EL002] brackets apart")
    form = "`# edgelint: ignore[EL001] reason` or `# edgelint: ignore-file[EL001] reason`"
    assert proc.stdout.splitlines() == [
        f"d.yaml:{typo[0]}:{typo[1]}: EL033 `ignroe` is not a suppression directive: write {form}.",
        f"d.yaml:{typo[0] + 1}:50: EL002 " + proc.stdout.splitlines()[1].split(" EL002 ", 1)[1],
        f"d.yaml:{unknown[0]}:{unknown[1]}: EL033 The suppression names unknown rule `EL999` (see `edgelint rules`).",
        f"d.yaml:{apart[0]}:{apart[1]}: EL033 The rules of a suppression go in brackets right after `ignore`: write {form}.",
        f"d.yaml:{apart[0] + 1}:50: EL002 " + proc.stdout.splitlines()[4].split(" EL002 ", 1)[1],
    ]
    assert run_cli("--format", "json", "--select", "EL001", "d.yaml", cwd=tmp_path).stdout.count('"EL033"') == 3
