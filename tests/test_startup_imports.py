"""The default start-up path stays lean: `edgelint check` on a JSON manifest imports neither
`typing` nor `dataclasses` (annotations are strings under `from __future__ import
annotations`), nor any of the heavy libraries that only some paths need."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = ("typing", "dataclasses", "tomllib", "tomli", "ruamel", "jsonschema", "sarif_om", "pathspec", "pygls", "dotenv")
PROBE = """
import sys
from edgelint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\n" + repr(sorted({name.split(".")[0] for name in sys.modules})))
"""


def imported_after(args, cwd):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True)
    return set(eval(proc.stderr.splitlines()[-1])), proc.stdout


@pytest.mark.parametrize(
    "pyproject",
    [None, '[project]\nname = "app"\n', '[project]\nname = "app"\ndependencies = ["edgelint>=1"]\n'],
    ids=["no-config", "foreign-pyproject", "depends-on-edgelint"],
)
def test_check_on_json_imports_nothing_heavy(tmp_path, pyproject):
    manifest = (ROOT / "examples" / "fpga-era.deployment.json").read_text(encoding="utf-8")
    (tmp_path / "deployment.json").write_text(manifest, encoding="utf-8")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    modules, out = imported_after(["check", "deployment.json"], tmp_path)
    assert "error[EL" in out  # it really linted
    assert sorted(modules & set(HEAVY)) == []


def test_the_probe_sees_what_a_path_imports(tmp_path):
    (tmp_path / "deployment.json").write_text(json.dumps({"modulesContent": {}}), encoding="utf-8")
    (tmp_path / ".edgelint.toml").write_text('select = ["EL"]\n', encoding="utf-8")
    modules, _ = imported_after(["check", "--format", "sarif", "deployment.json"], tmp_path)
    assert {"tomllib" if sys.version_info >= (3, 11) else "tomli", "sarif_om"} <= modules
