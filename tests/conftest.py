"""Shared helpers: build manifests, lint text in memory, locate expected spans, the
real-manifest corpus and the schemas in tests/corpus/ and tests/schemas/."""

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = TESTS / "corpus"
SCHEMAS = TESTS / "schemas"
FIXTURES = TESTS / "fixtures"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def lint(text, name="deployment.json", select=None, device=None, env=None):
    """Findings for manifest text, as the CLI would produce them (bytes in, UTF-8), for the
    device of the DeviceProfile `device` (None: the default profile), with the placeholders
    the EnvFile `env` sets filled in (None: none)."""
    from edgelint.engine import lint_bytes

    data = text.encode("utf-8") if isinstance(text, str) else text
    return lint_bytes(name, data, select_rules(select), device=device, env=env).findings


def select_rules(select=None, extend_select=()):
    """The rules `--select` and `--extend-select` choose (None: the default rules)."""
    from edgelint.rule import resolve_rules

    return resolve_rules([(select, extend_select, ())])


def spans(findings):
    return [(f.rule_id, f.line, f.column, f.end_line, f.end_column) for f in findings]


def locate(text, needle, occurrence=1, after=None):
    """(line, column, end_line, end_column) of the n-th occurrence of `needle` in `text` (after
    the first occurrence of `after`, when given), 1-based, end exclusive, lines split like
    edgelint splits them (CRLF, CR, LF)."""
    index = -1 if after is None else text.index(after)
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return _position(text, index) + _position(text, index + len(needle))


def _position(text, offset):
    import re

    line, start = 1, 0
    for match in re.finditer(r"\r\n|\r|\n", text[:offset]):
        line += 1
        start = match.end()
    return line, offset - start + 1


def corpus_index():
    """The rows of tests/corpus/INDEX.tsv, one per manifest, as dicts keyed by its header
    (local_file, repo, path, commit, blob, license, license_file, upstream_license_path, features)."""
    import csv

    with open(CORPUS / "INDEX.tsv", encoding="utf-8", newline="") as index:
        return list(csv.DictReader(index, delimiter="\t"))


def corpus_files():
    """Every manifest file of the corpus (whatever its name ends with), as listed in its index."""
    return sorted(CORPUS / row["local_file"] for row in corpus_index())


def run_cli(*args, stdin=None, cwd=None, env=None):
    """Run `python -m edgelint` in a subprocess; returns CompletedProcess (text)."""
    import subprocess

    environment = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "edgelint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
    )


@pytest.fixture
def open_folder():
    """A folder that an unprivileged user may enter (pytest's own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="edgelint-test-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def run_unprivileged(*args, cwd):
    """The CLI as an unprivileged user: directly when not root, as user nobody (setpriv)
    when root, since root reads and writes whatever it likes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "edgelint", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv (util-linux): cannot drop to an unprivileged user")
        try:
            nobody = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("running as root and there is no user nobody to drop to")
        command = [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", *command]
        probe = subprocess.run(command[: -len(args)] + ["--version"], capture_output=True, text=True, env=env, cwd=cwd)
        if probe.returncode != 0:
            pytest.skip(f"edgelint cannot run as user nobody here: {probe.stderr.strip()[-200:]}")
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)


# --- Manifests ---------------------------------------------------------------------------------
# One builder for the manifests of the tests: `deployment` gives Python data, `module` one module
# of it, `manifest_text` the file. Tests whose assertions rest on a layout of their own (exact
# indentation, comments, CRLF written by hand) keep their literal text instead.

AGENT_IMAGE = "mcr.microsoft.com/azureiotedge-agent:1.1"
MODULE_IMAGE = "contoso.azurecr.io/m:1"
UPSTREAM = {"upstream": "FROM /messages/* INTO $upstream"}


def module(
    create_options=None,
    *,
    env=None,
    image=MODULE_IMAGE,
    status="running",
    restart_policy="always",
    stringify=False,
    settings=None,
    **fields,
):
    """A module object of `$edgeAgent` (type docker, running, always restarted unless told
    otherwise). `create_options` (an object) is written as
    is, as templates hold it, or with `stringify` as the JSON string the agent reads in deployed
    manifests; `settings` adds settings members (after image and createOptions), `env` the env
    section, `fields` other members of the module. `status` or `restart_policy` None leaves
    that member out."""
    body = {"type": "docker"}
    if status is not None:
        body["status"] = status
    if restart_policy is not None:
        body["restartPolicy"] = restart_policy
    body["settings"] = {"image": image}
    if create_options is not None:
        body["settings"]["createOptions"] = json.dumps(create_options) if stringify else create_options
    body["settings"].update(settings or {})
    if env is not None:
        body["env"] = env
    body.update(fields)
    return body


def deployment(
    modules=None,
    *,
    system=None,
    routes=None,
    credentials=None,
    twins=None,
    schema_version="1.1",
    hub_schema_version="1.1",
    agent_image=None,
):
    """A deployment manifest (Python data): `$edgeAgent` with the user `modules` and the
    `system` modules (name → module object; none by default, or edgeAgent alone with image
    `agent_image`), the runtime's registry `credentials`; `$edgeHub` with its `routes` (one
    upstream route by default); `twins` adds the desired properties of other modules (name →
    twin). The schema versions are those of `$edgeAgent` and `$edgeHub`."""
    if system is None:
        system = {"edgeAgent": {"type": "docker", "settings": {"image": agent_image}}} if agent_image else {}
    runtime_settings = {"minDockerVersion": "v1.25"}
    if credentials:
        runtime_settings["registryCredentials"] = credentials
    content = {
        "$edgeAgent": {
            "properties.desired": {
                "schemaVersion": schema_version,
                "runtime": {"type": "docker", "settings": runtime_settings},
                "systemModules": system,
                "modules": modules or {},
            }
        },
        "$edgeHub": {
            "properties.desired": {
                "schemaVersion": hub_schema_version,
                "routes": UPSTREAM if routes is None else routes,
                "storeAndForwardConfiguration": {"timeToLiveSecs": 7200},
            }
        },
    }
    content.update(twins or {})
    return {"modulesContent": content}


def manifest_text(document, *, indent=2, newline="\n", fmt="json", ensure_ascii=True):
    """`document` as the text of a manifest file: JSON with this `indent` or block-style YAML
    (`fmt="yaml"`), lines ending in `newline`, the last one too; JSON escapes non-ASCII
    characters unless `ensure_ascii` is false."""
    if fmt == "yaml":
        import io

        from ruamel.yaml import YAML

        yaml = YAML()
        yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
        yaml.width = 100_000
        out = io.StringIO()
        yaml.dump(document, out)
        text = out.getvalue()
    else:
        text = json.dumps(document, indent=indent, ensure_ascii=ensure_ascii) + "\n"
    return text.replace("\n", newline)
