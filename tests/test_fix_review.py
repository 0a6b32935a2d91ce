"""Fixes a reviewer can read, through the command line: `--diff` of a chunked createOptions
shows only the chunks whose text changed, in the string's own style; `--fix` of a YAML
template keeps the comments of the entries it converts."""

import json

from conftest import deployment, manifest_text, module, run_cli


def test_diff_of_a_chunked_create_options_shows_only_the_changed_chunk(tmp_path):
    # the string's own spacing (", " and ": "), three chunks; Memory stands in the second
    text = json.dumps(
        {
            "Labels": {"a": "x" * 500, "b": "y" * 100},
            "HostConfig": {"Binds": ["/srv/data:/data"], "Privileged": True},
            "Env": ["NOTE=" + "n" * 400],
        }
    )
    assert 512 < text.index("Binds") < 1024 < len(text)
    chunks = {
        "createOptions" + (f"{index // 512:02d}" if index else ""): text[index : index + 512]
        for index in range(0, len(text), 512)
    }
    (tmp_path / "d.json").write_text(
        manifest_text(
            deployment(
                {
                    "camera": module(image="contoso/camera:1.0", settings=chunks),
                }
            )
        )
    )
    proc = run_cli("--diff", "--select", "EL002", "d.json", cwd=tmp_path)
    assert proc.returncode == 1
    changed = [line for line in proc.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    fixed = text.replace(
        '"Binds": ["/srv/data:/data"]', '"Mounts": [{"Type": "bind", "Source": "/srv/data", "Target": "/data"}]'
    )
    assert len(fixed) < 1536
    indent = " " * 14
    assert (
        changed
        == [  # the first chunk is not in the diff: its text did not change
            f'-{indent}"createOptions01": {json.dumps(text[512:1024])},',
            f'-{indent}"createOptions02": {json.dumps(text[1024:])}',
            f'+{indent}"createOptions01": {json.dumps(fixed[512:1024])},',
            f'+{indent}"createOptions02": {json.dumps(fixed[1024:])}',
        ]
    )


def test_fix_of_a_yaml_template_keeps_the_comments_of_the_converted_entries(tmp_path):
    head = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        camera:\n"
        "          type: docker\n          settings:\n            image: contoso/camera:1.0\n"
        "            createOptions:\n              HostConfig:\n"
    )
    (tmp_path / "deployment.template.yaml").write_text(
        head
        + (
            "                Binds:\n"
            "                  - /srv/data:/data  # the camera's images\n"
            "                Privileged: true   \n"
        )
    )
    proc = run_cli("--fix", "--select", "EL002", "deployment.template.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "deployment.template.yaml").read_text() == head + (
        "                Mounts:\n"
        "                  - Type: bind\n"
        "                    Source: /srv/data\n"
        "                    Target: /data  # the camera's images\n"
        "                Privileged: true   \n"
    )
