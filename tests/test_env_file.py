"""`--env-file`: placeholders filled from a dotenv file as iotedgedev does; findings at the
placeholders with the variable and line they came from; fixes never write a value back;
secrets of the env file never shown; bad env files are usage errors."""

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, lint, locate, run_cli

from edgelint.envfile import EnvFile, parse_env, substitute
from edgelint.report import FORMATS
from edgelint.source.text import SourceText


def env(text, display=".env"):
    return EnvFile(display, parse_env(text, display, "--env-file"))


_BINDS = (
    "Azure Stack Edge does not support Binds for Kubernetes modules (they become hostPath volumes on the "
    "Kubernetes VM); declare this in HostConfig.Mounts: type volume with an Edge share as Source, or type bind "
    "for a host directory."
)
_LOCALTIME = (
    "`/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
    "DirectoryOrCreate, which fails for a file, so the pod never starts; mount its directory instead, or put the "
    "file in the image."
)

# a template as iotedgedev solutions write them: createOptions stringified, the registry password,
# an image built elsewhere and a token left to the env file
TEMPLATE = r"""{
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "runtime": {"type": "docker", "settings": {"registryCredentials": {"acr": {
          "address": "contoso.azurecr.io", "username": "contoso", "password": "${CONTAINER_REGISTRY_PASSWORD}"}}}},
        "systemModules": {"edgeAgent": {"type": "docker", "settings": {"image": "mcr.microsoft.com/azureiotedge-agent:1.1"}}},
        "modules": {
          "sensor": {
            "type": "docker", "status": "running", "restartPolicy": "always",
            "settings": {
              "image": "${MODULES.sensor}",
              "createOptions": "{\"HostConfig\":{\"Binds\":[\"${TZ_BIND}\",\"$DATA_DIR:/data\"]}}"
            },
            "env": {"API_TOKEN": {"value": "$API_TOKEN"}, "UNSET": {"value": "${NOT_IN_ENV}"}}
          }
        }
      }
    },
    "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {},
      "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}}
  }
}
"""
DOTENV = """# iotedgedev's .env
export CONTAINER_REGISTRY_PASSWORD="Zq8vLm2PxR4tYw9KbN3sHf"
API_TOKEN='hunter2hunter2'

TZ_BIND=/etc/localtime:/etc/localtime:ro   # the device's time zone
DATA_DIR=/srv/${SUBDIR}
SUBDIR=late
MODULES.sensor=contoso.azurecr.io/sensor:9.9
"""


# --- the env file -----------------------------------------------------------------------


def test_env_file_is_read_as_iotedgedev_reads_it():
    """Comments, `export`, single and double quotes, empty values, `${NAME}` from the lines
    before; the line of each binding is where it starts."""
    parsed = parse_env(DOTENV + 'EMPTY=\nNAME_ONLY\nMULTI="a\nb"\nAFTER=${SUBDIR}-x\n', ".env", "--env-file")
    assert {name: (b.value, b.line) for name, b in parsed.items()} == {
        "CONTAINER_REGISTRY_PASSWORD": ("Zq8vLm2PxR4tYw9KbN3sHf", 2),
        "API_TOKEN": ("hunter2hunter2", 3),
        "TZ_BIND": ("/etc/localtime:/etc/localtime:ro", 5),
        "DATA_DIR": ("/srv/", 6),  # SUBDIR is set only after it
        "SUBDIR": ("late", 7),
        "MODULES.sensor": ("contoso.azurecr.io/sensor:9.9", 8),
        "EMPTY": ("", 9),
        "MULTI": ("a\nb", 11),
        "AFTER": ("late-x", 13),
    }


def test_substitution_is_textual_and_leaves_modules_and_unknown_names():
    substitution = substitute(SourceText(TEMPLATE), env(DOTENV))
    names = [(region.binding.name, TEMPLATE[region.file_start : region.file_end]) for region in substitution.regions]
    assert names == [
        ("CONTAINER_REGISTRY_PASSWORD", "${CONTAINER_REGISTRY_PASSWORD}"),
        ("TZ_BIND", "${TZ_BIND}"),
        ("DATA_DIR", "$DATA_DIR"),
        ("API_TOKEN", "$API_TOKEN"),
    ]
    text = substitution.text.text
    assert '"image": "${MODULES.sensor}"' in text and '"${NOT_IN_ENV}"' in text and '"$edgeAgent"' in text
    assert r"[\"/etc/localtime:/etc/localtime:ro\",\"/srv/:/data\"]" in text


def test_no_placeholder_set_lints_the_file_as_it_is():
    assert substitute(SourceText(TEMPLATE), env("OTHER=1\n")) is None
    assert [(f.rule_id, f.message) for f in lint(TEMPLATE, env=env("OTHER=1\n"))] == [
        (f.rule_id, f.message) for f in lint(TEMPLATE)
    ]


# --- findings at the placeholders --------------------------------------------------------


def test_findings_point_at_the_placeholder_and_name_the_binding():
    findings = lint(TEMPLATE, env=env(DOTENV))
    got = [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings]
    assert got == [
        ("EL002", *locate(TEMPLATE, r"\"${TZ_BIND}\""), f"{_BINDS} (TZ_BIND from .env:5)"),
        ("EL001", *locate(TEMPLATE, "${TZ_BIND}"), f"{_LOCALTIME} (TZ_BIND from .env:5)"),
        ("EL002", *locate(TEMPLATE, r"\"$DATA_DIR:/data\""), f"{_BINDS} (DATA_DIR from .env:6)"),
    ]


def test_without_the_env_file_the_placeholders_hide_the_values():
    findings = lint(TEMPLATE)
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        ("EL002", *locate(TEMPLATE, r"\"${TZ_BIND}\""), _BINDS),
        ("EL002", *locate(TEMPLATE, r"\"$DATA_DIR:/data\""), _BINDS),
    ]


def test_a_variable_missing_from_the_env_file_stays_a_placeholder():
    text = TEMPLATE.replace("${TZ_BIND}", "${TZ_BIND_ELSEWHERE}")
    findings = lint(text, env=env(DOTENV))
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        ("EL002", *locate(text, r"\"${TZ_BIND_ELSEWHERE}\""), _BINDS),
        ("EL002", *locate(text, r"\"$DATA_DIR:/data\""), f"{_BINDS} (DATA_DIR from .env:6)"),
    ]


def test_createoptions_as_an_object_and_dollar_name_form():
    text = TEMPLATE.replace(
        r'"{\"HostConfig\":{\"Binds\":[\"${TZ_BIND}\",\"$DATA_DIR:/data\"]}}"',
        '{"HostConfig": {"Binds": ["$TZ_BIND"]}}',
    )
    findings = lint(text, env=env(DOTENV), select=["EL001"])
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        ("EL001", *locate(text, "$TZ_BIND"), f"{_LOCALTIME} (TZ_BIND from .env:5)"),
    ]


def test_positions_after_a_value_of_another_length_stay_on_the_file():
    """A literal bind after a substituted one on the same line is reported at its own place."""
    text = TEMPLATE.replace(r"\"$DATA_DIR:/data\"", r"\"/etc/hosts:/etc/hosts\"")
    findings = lint(text, env=env(DOTENV), select=["EL001"])
    hosts = (
        "`/etc/hosts` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of type "
        "DirectoryOrCreate, which fails for a file, so the pod never starts; mount its directory instead, or "
        "put the file in the image."
    )
    assert [(f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        (*locate(text, "${TZ_BIND}"), f"{_LOCALTIME} (TZ_BIND from .env:5)"),
        (*locate(text, "/etc/hosts"), hosts),
    ]


def test_a_value_that_breaks_the_file_is_reported_at_its_placeholder():
    """iotedgedev writes the value into the text as it is: a quote ends the string."""
    findings = lint(TEMPLATE, env=env(DOTENV + "TZ_BIND='a\"b'\n"))
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        (
            "EL000",
            *locate(TEMPLATE, "${TZ_BIND}"),
            "Expecting ',' or '}' after a value in an object (the value of TZ_BIND from .env:9 makes it invalid)",
        ),
    ]


def test_a_value_that_breaks_the_stringified_createoptions_is_reported_at_its_placeholder():
    r"""`\"` in the value is a quote of the stringified createOptions."""
    findings = lint(TEMPLATE, env=env(DOTENV + "TZ_BIND='a\\\"b'\n"), select=["EL027"])
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        (
            "EL027",
            *locate(TEMPLATE, "${TZ_BIND}"),
            "createOptions is not valid JSON (Expecting ',' or ']' after a value in an array): the agent cannot read "
            "it and no module of the deployment is updated; fix the JSON. (the value of TZ_BIND from .env:9 makes it "
            "invalid)",
        ),
    ]


# --- fixes ------------------------------------------------------------------------------

FIXABLE = r"""{
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "modules": {
          "telemetry": {
            "type": "docker",
            "settings": {
              "image": "${REGISTRY}/telemetry:5.1",
              "createOptions": "{\"Env\":[\"Logging:Level=${LEVEL}\"],\"Cmd\":\"${CMD}\"}"
            },
            "env": {
              "mqtt:enabled": {"value": "${ENABLED}"},
              "mqtt:port": {"value": "8883"}
            }
          }
        }
      }
    }
  }
}
"""
FIXABLE_ENV = "REGISTRY=contoso.azurecr.io\nLEVEL=Warning\nENABLED=false\nCMD=--pf=/appdata/nodes.json\n"


def test_a_fix_that_would_touch_a_placeholder_is_display_only_and_others_land_on_the_file():
    findings = lint(FIXABLE, env=env(FIXABLE_ENV), select=["EL021", "EL024"])
    got = [
        (
            f.rule_id,
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            f.message.rsplit("; write", 1)[1],
            f.fix.applicability,
            [(e.start, e.end, e.text) for e in f.fix.edits],
        )
        for f in findings
    ]
    enabled, port = FIXABLE.index('"mqtt:enabled"'), FIXABLE.index('"mqtt:port"')
    assert got == [
        (
            "EL021",
            *locate(FIXABLE, "Logging:Level"),
            " `Logging__Level` (.NET configuration reads `__` as `:`).",
            "display-only",
            [],
        ),
        (
            "EL024",
            *locate(FIXABLE, r"\"${CMD}\""),
            ' it as an array, `["--pf=/appdata/nodes.json"]`. (CMD from .env:4)',
            "display-only",
            [],
        ),
        (
            "EL021",
            *locate(FIXABLE, '"mqtt:enabled"'),
            " `mqtt__enabled` (.NET configuration reads `__` as `:`).",
            "safe",
            [(enabled, enabled + 14, '"mqtt__enabled"')],
        ),
        (
            "EL021",
            *locate(FIXABLE, '"mqtt:port"'),
            " `mqtt__port` (.NET configuration reads `__` as `:`).",
            "safe",
            [(port, port + 11, '"mqtt__port"')],
        ),
    ]


def test_fix_keeps_every_placeholder_byte_for_byte(tmp_path):
    (tmp_path / "deployment.template.json").write_text(FIXABLE)
    (tmp_path / ".env").write_text(FIXABLE_ENV)
    done = run_cli(
        "--fix",
        "--select",
        "EL021,EL024",
        "--env-file",
        ".env",
        "--format",
        "concise",
        "deployment.template.json",
        cwd=tmp_path,
    )
    fixed = (tmp_path / "deployment.template.json").read_text()
    assert fixed == FIXABLE.replace('"mqtt:enabled"', '"mqtt__enabled"').replace('"mqtt:port"', '"mqtt__port"')
    for placeholder in ("${REGISTRY}", "${LEVEL}", "${CMD}", "${ENABLED}"):
        assert fixed.count(placeholder) == FIXABLE.count(placeholder) == 1
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"deployment.template.json:{line}:{column}: {rule} {message}"
        for rule, (line, column, _, _), message in (
            (
                "EL021",
                locate(fixed, "Logging:Level"),
                "`Logging:Level` contains ':', which Kubernetes does not allow in environment variable names: the API "
                "server rejects the module's Deployment; write `Logging__Level` (.NET configuration reads `__` as `:`).",
            ),
            (
                "EL024",
                locate(fixed, r"\"${CMD}\""),
                "Cmd is a string, which Docker reads as a one-item list but Kubernetes IoT Edge cannot read: the agent "
                'throws and no module of the deployment is updated; write it as an array, `["--pf=/appdata/nodes.json"]`.'
                " (CMD from .env:4)",
            ),
        )
    ]


# --- secrets ----------------------------------------------------------------------------


def test_el035_never_reports_a_value_of_the_env_file_and_still_reports_literals():
    literal = TEMPLATE.replace('"$API_TOKEN"', '"Vb7rPq2XmT9wLk4ZsY6n"')
    findings = lint(literal, env=env(DOTENV), select=["EL035"])
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column) for f in findings] == [
        ("EL035", *locate(literal, "Vb7rPq2XmT9wLk4ZsY6n")),
    ]
    assert lint(TEMPLATE, env=env(DOTENV), select=["EL035"]) == []


@pytest.mark.parametrize("output", FORMATS)
def test_no_value_of_a_secret_variable_in_any_output(tmp_path, output):
    """The password and the token reach the messages (EL010-like quoting of env values) and
    the preview; none of their characters may be shown."""
    text = TEMPLATE.replace(r"\"${TZ_BIND}\",", r"\"${TZ_BIND}\",\"${API_TOKEN}:/t\",")
    (tmp_path / "deployment.template.json").write_text(text)
    (tmp_path / ".env").write_text(DOTENV)
    done = run_cli(
        "--env-file", ".env", "--select", "ALL", "--format", output, "deployment.template.json", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    assert "TZ_BIND from .env:5" in done.stdout
    assert "`hu**********r2` is a Docker named volume" in done.stdout  # the token's bind, masked
    for secret in ("hunter2hunter2", "Zq8vLm2PxR4tYw9KbN3sHf"):
        assert secret not in done.stdout + done.stderr


def test_k8s_preview_renders_the_values_says_so_and_masks_secrets(tmp_path):
    (tmp_path / "deployment.template.json").write_text(TEMPLATE)
    (tmp_path / ".env").write_text(DOTENV)
    done = run_cli("k8s", "--env-file", ".env", "--module", "sensor", "deployment.template.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[3] == ("# values substituted from .env: API_TOKEN, CONTAINER_REGISTRY_PASSWORD, DATA_DIR, TZ_BIND")
    line = locate(TEMPLATE, "${TZ_BIND}")[0]
    assert (
        f"# fails at run time EL001 at deployment.template.json:{line}:{locate(TEMPLATE, '${TZ_BIND}')[1]}: "
        f"{_LOCALTIME} (TZ_BIND from .env:5)" in lines
    )
    assert "              mountPath: /etc/localtime" in lines
    assert "            - name: API_TOKEN" in lines
    token = lines.index("            - name: API_TOKEN")
    assert lines[token + 1] == "              value: hu**********r2"  # as every output masks secrets
    assert "hunter2hunter2" not in done.stdout + done.stderr


# --- configuration, command line, language server ---------------------------------------


def test_env_file_in_the_configuration_is_relative_to_it_and_the_command_line_wins(tmp_path):
    project = tmp_path / "solution"
    (project / "config").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.edgelint]\nenv-file = "config/dev.env"\n')
    (project / "config" / "dev.env").write_text(DOTENV)
    (project / "other.env").write_text("TZ_BIND=/var/tz:/tz\n")
    (project / "deployment.template.json").write_text(TEMPLATE)
    from_config = run_cli("--select", "EL001", "--format", "concise", "solution/deployment.template.json", cwd=tmp_path)
    line, column, _, _ = locate(TEMPLATE, "${TZ_BIND}")
    assert from_config.stdout.splitlines() == [
        f"solution/deployment.template.json:{line}:{column}: EL001 {_LOCALTIME} "
        "(TZ_BIND from solution/config/dev.env:5)"
    ]
    overridden = run_cli(
        "--select", "EL001", "--env-file", "solution/other.env", "solution/deployment.template.json", cwd=tmp_path
    )
    assert overridden.returncode == 0, overridden.stdout
    shown = run_cli("config", "solution", cwd=tmp_path)
    row = next(line for line in shown.stdout.splitlines() if line.startswith("env-file "))
    assert row.split() == ["env-file", "solution/config/dev.env", f"({project / 'pyproject.toml'})"]


def test_language_server_honours_the_configuration_key(tmp_path):
    from edgelint.engine import display_path
    from edgelint.lsp.linting import DocumentLinter

    (tmp_path / ".edgelint.toml").write_text('env-file = ".env"\nselect = ["EL001"]\n')
    (tmp_path / ".env").write_text(DOTENV)
    path = tmp_path / "deployment.template.json"
    linted = DocumentLinter().lint(str(path), "deployment.template.json", TEMPLATE, "json")
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in linted.findings] == [
        (
            "EL001",
            *locate(TEMPLATE, "${TZ_BIND}"),
            f"{_LOCALTIME} (TZ_BIND from {display_path(str(tmp_path / '.env'))}:5)",
        ),
    ]


@pytest.mark.parametrize(
    "contents, message",
    [
        (None, "edgelint: error: --env-file: cannot read missing.env: No such file or directory"),
        (
            "A=1\nnot an assignment\n",
            "edgelint: error: --env-file: missing.env:2: not a NAME=value line (nor a comment)",
        ),
        (b"A=\xff\n", "edgelint: error: --env-file: missing.env is not UTF-8 text"),
    ],
)
def test_a_bad_env_file_is_a_usage_error_and_nothing_is_written(tmp_path, contents, message):
    (tmp_path / "deployment.template.json").write_text(FIXABLE)
    if isinstance(contents, str):
        (tmp_path / "missing.env").write_text(contents)
    elif contents is not None:
        (tmp_path / "missing.env").write_bytes(contents)
    done = run_cli("--fix", "--env-file", "missing.env", "deployment.template.json", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr.splitlines()) == (2, "", [message])
    assert (tmp_path / "deployment.template.json").read_text() == FIXABLE
    preview = run_cli("k8s", "--env-file", "missing.env", "deployment.template.json", cwd=tmp_path)
    assert (preview.returncode, preview.stdout) == (2, "")
    assert preview.stderr.splitlines() == [message.replace("edgelint: error", "edgelint k8s: error")]


def test_env_file_named_by_the_configuration_that_cannot_be_read(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('env-file = "nowhere/.env"\n')
    (tmp_path / "deployment.template.json").write_text(FIXABLE)
    done = run_cli("deployment.template.json", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        f"edgelint: error: {tmp_path / '.edgelint.toml'}: 'env-file': cannot read nowhere/.env: "
        "No such file or directory"
    ]


def test_help_names_the_option():
    words = " ".join(run_cli("--help").stdout.split())
    assert (
        "--env-file FILE fill ${VAR} and $VAR placeholders from this dotenv file, as iotedgedev does, before "
        "linting (replaces `env-file` in the configuration)"
    ) in words
    words = " ".join(run_cli("k8s", "--help").stdout.split())
    assert (
        "--env-file FILE fill ${VAR} and $VAR placeholders from this dotenv file, as iotedgedev does (default: "
        "`env-file` in the configuration); the header names the variables filled"
    ) in words


def test_the_default_path_does_not_load_the_env_file_machinery():
    code = (
        "import sys; from edgelint.engine import lint_bytes; from edgelint.rule import resolve_rules; "
        "lint_bytes('d.json', sys.argv[1].encode(), resolve_rules([(None, (), ())])); "
        "print(sorted(m for m in ('edgelint.envfile', 'dotenv') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code, TEMPLATE], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


def test_json_output_carries_no_edit_over_a_placeholder(tmp_path):
    (tmp_path / "deployment.template.json").write_text(FIXABLE)
    (tmp_path / ".env").write_text(FIXABLE_ENV)
    done = run_cli(
        "--env-file", ".env", "--select", "EL021,EL024", "--format", "json", "deployment.template.json", cwd=tmp_path
    )
    fixes = [(item["id"], item["fix"]["applicability"], item["fix"]["edits"]) for item in json.loads(done.stdout)]
    line, column, end_line, end_column = locate(FIXABLE, '"mqtt:enabled"')
    assert fixes[:3] == [
        ("EL021", "display-only", []),
        ("EL024", "display-only", []),
        (
            "EL021",
            "safe",
            [
                {
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "text": '"mqtt__enabled"',
                }
            ],
        ),
    ]


def test_a_display_only_fix_is_shown_but_never_applied_nor_counted(tmp_path):
    (tmp_path / "deployment.template.json").write_text(FIXABLE)
    (tmp_path / ".env").write_text(FIXABLE_ENV)
    args = ("--env-file", ".env", "--select", "EL024", "deployment.template.json")
    full = run_cli(*args, "--color", "never", cwd=tmp_path).stdout
    assert "   = fix (display only): Write Cmd as a one-item array\n" in full
    sarif = json.loads(run_cli(*args, "--format", "sarif", cwd=tmp_path).stdout)
    assert [result.get("fixes") for result in sarif["runs"][0]["results"]] == [None]
    statistics = run_cli(*args, "--statistics", cwd=tmp_path).stdout
    assert statistics.splitlines()[0].split() == ["1", "EL024", "error", "[", "]", "command-shape"]
    fixed = run_cli(*args, "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert (tmp_path / "deployment.template.json").read_text() == FIXABLE
    assert fixed.returncode == 1


def test_yaml_manifests_are_filled_in_the_same_way():
    text = (
        "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        sensor:\n"
        "          type: docker\n          settings:\n            image: ${MODULES.sensor}\n"
        "            createOptions:\n              HostConfig:\n                Binds:\n"
        '                  - $TZ_BIND\n                  - "${TZ_BIND}"\n'
    )
    findings = lint(text, name="deployment.template.yaml", env=env(DOTENV), select=["EL001"])
    assert [(f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        (*locate(text, "$TZ_BIND"), f"{_LOCALTIME} (TZ_BIND from .env:5)"),
        (*locate(text, "${TZ_BIND}"), f"{_LOCALTIME} (TZ_BIND from .env:5)"),
    ]


def test_readme_quotes_the_messages_as_edgelint_writes_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Templates and `.env`", 1)[1].split("\n## ", 1)[0]
    words = " ".join(section.split())
    assert "(TZ_BIND from .env:4)" in words
    assert "(the value of TZ_BIND from .env:4 makes it invalid)" in words
    assert "`= fix (display only): …`" in words


def test_only_values_of_secret_variables_that_could_be_secrets_are_masked():
    """Outputs are masked by value: a switch or a value of a few characters would mask every
    `true` or `1` of the report."""
    text = '{"a": "$ENABLE_TOKEN_AUTH", "b": "$API_KEY", "c": "$SHORT_SECRET", "d": "$LOG_LEVEL"}'
    values = "ENABLE_TOKEN_AUTH=true\nAPI_KEY=k3y-value\nSHORT_SECRET=abc\nLOG_LEVEL=Warning-Verbose\n"
    substitution = substitute(SourceText(text), env(values))
    assert substitution.hidden == {"k3y-value"}
    assert substitution.redact("true abc k3y-value Warning-Verbose") == "true abc ********* Warning-Verbose"


def test_iotedgedevs_own_template_with_a_number_placeholder_parses_once_filled():
    """iotedgedev's test asset writes `"timeToLiveSecs": ${TTL}` outside a string: invalid
    JSON as written, a number once iotedgedev has filled it, and then linted as deployed."""
    path = CORPUS / "Azure__iotedgedev" / "tests__assets__deployment.template.non_str_placeholder.json"
    text = path.read_text(encoding="utf-8")
    assert [f.rule_id for f in lint(text)] == ["EL000"]
    findings = lint(text, env=env("TTL=7200\n"))
    assert [(f.rule_id, f.line, f.column) for f in findings] == [
        ("EL032", *locate(text, "filtermodule/inputs/input1")[:2]),
    ]
    findings = lint(text, env=env("TTL=two hours\n"))
    assert [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings] == [
        ("EL000", *locate(text, "${TTL}"), "Expecting value (the value of TTL from .env:1 makes it invalid)"),
    ]


def test_corpus_templates_filled_in_keep_every_placeholder_through_the_fix_loop():
    """Every template of the corpus with each of its variables set: no internal error, every
    finding about a value at a placeholder, and `--fix --unsafe-fixes` keeps every placeholder."""
    from collections import Counter

    from conftest import corpus_files, select_rules

    from edgelint.engine import lint_source
    from edgelint.envfile import Binding
    from edgelint.fixes.loop import fix_loop
    from edgelint.placeholders import variables

    rules, templates, at_placeholders, fixed = select_rules(None), 0, 0, 0
    for path in corpus_files():
        source = SourceText.decode(path.read_bytes())
        names = sorted({name for _, _, name in variables(source.text) if not name.startswith("MODULES.")})
        if not names:
            continue
        templates += 1
        filled = EnvFile(".env", {name: Binding(name, f"/data/{name.lower()}", n) for n, name in enumerate(names, 1)})
        outcome = fix_loop(source, lambda s, p=path, e=filled: lint_source(str(p), s, rules, env=e), True)
        assert outcome.problems == [] and outcome.result.errors == [], path
        for finding in outcome.result.findings:
            if " from .env:" in finding.message:
                at_placeholders += 1
                assert "$" in outcome.source.text[finding.start : finding.end], (path, finding.message)
        placeholders = Counter(source.text[a:b] for a, b, _ in variables(source.text))
        after = Counter(outcome.source.text[a:b] for a, b, _ in variables(outcome.source.text))
        assert after & placeholders == placeholders, path  # EL035's fix may add placeholders, none goes
        fixed += outcome.source.text != source.text
    assert (templates, at_placeholders > 0, fixed > 0) == (50, True, True)
