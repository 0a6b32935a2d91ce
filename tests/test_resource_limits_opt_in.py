"""EL012 (missing resource limits) is advice and opt-in: off by default, and once selected one
finding per module, at the module's own position, that suppressions and baselines match per
module."""

import json

from conftest import deployment, locate, manifest_text, module, run_cli

LIMITED = module(
    {"k8s-experimental": {"resources": {"limits": {"memory": "128Mi", "cpu": "100m"}}}}, image="contoso/a:1"
)
UNLIMITED = module(image="contoso/b:1")
TEXT = manifest_text(deployment({"limited": LIMITED, "camera": UNLIMITED, "sensor": UNLIMITED}))


def _concise(proc):
    return [line.split(": ", 1)[0] + " " + line.split(": ", 1)[1].split()[0] for line in proc.stdout.splitlines()]


def test_off_by_default_and_listed_as_opt_in(tmp_path):
    (tmp_path / "d.json").write_text(TEXT)
    proc = run_cli("--format", "concise", "d.json", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""
    assert run_cli("rules").stdout.count("EL012") == 1
    assert "opt-in" in run_cli("rule", "EL012").stdout


def test_selected_it_names_each_module_without_limits_at_its_position(tmp_path):
    (tmp_path / "d.json").write_text(TEXT)
    camera, sensor = locate(TEXT, '"camera"'), locate(TEXT, '"sensor"')
    proc = run_cli("--format", "concise", "--extend-select", "EL012", "d.json", cwd=tmp_path)
    assert proc.returncode == 0  # a note does not fail the run (fail-on warning)
    assert _concise(proc) == [f"d.json:{camera[0]}:{camera[1]} EL012", f"d.json:{sensor[0]}:{sensor[1]} EL012"]
    assert "`camera` sets no memory or cpu limit" in proc.stdout
    assert "`sensor` sets no memory or cpu limit" in proc.stdout


def test_a_suppression_on_one_module_and_a_baseline_work_per_module(tmp_path):
    (tmp_path / "d.json").write_text(TEXT)
    (tmp_path / ".edgelint.toml").write_text(
        'extend-select = ["EL012"]\n\n[[suppress]]\nfiles = ["d.json"]\n'
        'pointer = "/modulesContent/$edgeAgent/properties.desired/modules/camera"\nrules = ["EL012"]\n'
        'reason = "limits come from the device profile"\n'
    )
    sensor = locate(TEXT, '"sensor"')
    assert _concise(run_cli("--format", "concise", "d.json", cwd=tmp_path)) == [f"d.json:{sensor[0]}:{sensor[1]} EL012"]

    created = run_cli("--baseline", "base.json", "--update-baseline", "d.json", cwd=tmp_path)
    assert created.returncode == 0
    recorded = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert [(e["rule"], e["pointer"]) for e in recorded] == [
        ("EL012", "/modulesContent/$edgeAgent/properties.desired/modules/sensor")
    ]
    # a module added later without limits is new: the baseline does not hide it
    grown = manifest_text(
        deployment(
            {
                "limited": LIMITED,
                "camera": UNLIMITED,
                "sensor": UNLIMITED,
                "player": UNLIMITED,
            }
        )
    )
    (tmp_path / "d.json").write_text(grown)
    player = locate(grown, '"player"')
    proc = run_cli("--format", "concise", "--baseline", "base.json", "d.json", cwd=tmp_path)
    assert _concise(proc) == [f"d.json:{player[0]}:{player[1]} EL012"]
