"""EL035 plaintext-secret: what is a secret and what is a dummy, the fix, and that no output of
edgelint echoes a secret."""

import json

import pytest
from conftest import lint, locate, run_cli

from edgelint.report import FORMATS

# Made-up values shaped like the real thing (none is a credential).
REGISTRY_PASSWORD = "Zr8Kq2Lw9Xv4Nm7Pt3Bd6Hs1"
DB_PASSWORD = "Gx5!Tb8Rk2Wm7Qp4Lc9"
ACCOUNT_KEY = "q3Vt7Jm2Xw9Lr4Kp8Nz6Bd1Hs5Gf0Cy3Tn7Wk2Qa9Re4Uv8Mx6Jp1Lb5Zc0Dh3Fs7Gk2Nt9Pw4Ry8Vq6Xm1Hj5Lz0Aw=="
SIGNATURE = "Hf7Kq2Lm9Xw4Nr8Vt3Bz6Pd1Sj5Gc0Ya3Tn7Wk2Qs%3D"
PEM_BODY = (
    "\\n"
    + "\\n".join(
        [
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vt3xQm9Lr4Kp8Nz6",
            "Bd1Hs5Gf0Cy3Tn7Wk2Qa9Re4Uv8Mx6Jp1Lb5Zc0Dh3Fs7Gk2Nt9Pw4Ry8Vq6Xm1Hj5",
        ]
    )
    + "\\n"
)
SECRETS = (REGISTRY_PASSWORD, DB_PASSWORD, ACCOUNT_KEY, SIGNATURE, PEM_BODY.replace("\\n", ""))

MANIFEST = """{
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "runtime": {"type": "docker", "settings": {"registryCredentials": {
          "contoso-acr": {"address": "contoso.azurecr.io", "username": "contoso", "password": "%(registry)s"}
        }}},
        "systemModules": {},
        "modules": {
          "reporting": {
            "type": "docker", "status": "running", "restartPolicy": "always",
            "settings": {
              "image": "contoso.azurecr.io/reporting:2.0",
              "createOptions": "{\\"Env\\":[\\"STORAGE=DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=%(key)s;EndpointSuffix=core.windows.net\\"],\\"Cmd\\":\\"--verbose\\"}"
            },
            "env": {
              "DB_PASSWORD": {"value": "%(db)s"},
              "Logging:LogLevel": {"value": "Warning"},
              "TLS_PRIVATE_KEY": {"value": "-----BEGIN PRIVATE KEY-----%(pem)s-----END PRIVATE KEY-----"}
            }
          }
        }
      }
    },
    "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {}, "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}},
    "reporting": {"properties.desired": {
      "videoUrl": "https://contoso.blob.core.windows.net/videos/a.mp4?sv=2020-08-04&sr=b&sig=%(sig)s&se=2030-01-01"
    }}
  }
}
""" % {"registry": REGISTRY_PASSWORD, "key": ACCOUNT_KEY, "db": DB_PASSWORD, "pem": PEM_BODY, "sig": SIGNATURE}


def _masked(secret):
    return secret[:2] + "*" * (len(secret) - 4) + secret[-2:]


def test_each_kind_of_secret_is_reported_at_the_secret():
    findings = [f for f in lint(MANIFEST) if f.rule_id == "EL035"]
    assert [(f.level, f.line, f.column, f.end_line, f.end_column) for f in findings] == [
        ("error", *locate(MANIFEST, REGISTRY_PASSWORD)),
        ("error", *locate(MANIFEST, ACCOUNT_KEY)),
        ("error", *locate(MANIFEST, DB_PASSWORD)),
        ("error", *locate(MANIFEST, PEM_BODY)),
        ("error", *locate(MANIFEST, SIGNATURE)),
    ]
    advice = (
        "whoever can read the file, its git history or a log that echoes it can use it; write a placeholder "
        "such as `%s` instead, filled in by the pipeline's secret store or a `.env` file that is not "
        "committed, and rotate the secret."
    )
    assert [f.message for f in findings] == [
        "A password is written in plain text in the registry credentials `contoso-acr`: "
        + advice % "${CONTOSO_ACR_PASSWORD}",
        "The key of a connection string is written in plain text in `STORAGE` of module `reporting`: "
        + advice % "${STORAGE}",
        "A password is written in plain text in `DB_PASSWORD` of module `reporting`: " + advice % "${DB_PASSWORD}",
        "A private key is written in plain text in `TLS_PRIVATE_KEY` of module `reporting`: "
        + advice % "${TLS_PRIVATE_KEY}",
        "The signature of a SAS token is written in plain text in `videoUrl` in the twin of `reporting`: "
        + advice % "${VIDEOURL}",
    ]


def _one_value(name, value, registry="$CONTAINER_REGISTRY_PASSWORD"):
    return (
        MANIFEST.replace(REGISTRY_PASSWORD, registry)
        .replace(
            '"createOptions": "{\\"Env\\":[\\"STORAGE=DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey='
            + ACCOUNT_KEY
            + ';EndpointSuffix=core.windows.net\\"],\\"Cmd\\":\\"--verbose\\"}"',
            '"createOptions": "{}"',
        )
        .replace(f'"DB_PASSWORD": {{"value": "{DB_PASSWORD}"}}', json.dumps(name) + ": " + json.dumps({"value": value}))
        .replace(SIGNATURE, "${SIG}")
        .replace(PEM_BODY, "...")
    )


@pytest.mark.parametrize(
    "value",
    [
        "<password>",
        "changeme",
        "xxx",
        "xxxxxxxxxxxxxxxxxxxx",
        "${DB_PASSWORD}",
        "$DB_PASSWORD",
        "__DB_PASSWORD__",
        "#{DB_PASSWORD}#",
        "password",
        "Strong!Passw0rd",
        "P@ssw0rd1234567890",
        "Your-Password-Here-42",
        "correcthorsebatterystaple",
        "Gx5!Tb8",
        "/run/secrets/db-password",
        "https://vault.contoso.net/db/Gx5Tb8Rk2Wm7Qp4",
        "{{password}}",
        "AccountKey=<AZURE STORAGE ACCOUNT KEY>",
        "Gx5 Tb8 Rk2 Wm7 Qp4 Lc9",
    ],
)
def test_dummies_are_not_secrets(value):
    assert [f for f in lint(_one_value("DB_PASSWORD", value)) if f.rule_id == "EL035"] == []
    assert [f for f in lint(_one_value("X", "", registry=value)) if f.rule_id == "EL035"] == []


@pytest.mark.parametrize("name", ["KEY_PATH", "TOKEN_URL", "PUBLIC_KEY", "KEY_VAULT_NAME", "SESSION_ID", "MONKEY"])
def test_names_about_a_secret_or_not_about_one_are_not_judged(name):
    assert [f for f in lint(_one_value(name, DB_PASSWORD)) if f.rule_id == "EL035"] == []


@pytest.mark.parametrize(
    "name, said",
    [("apiKey", "a key"), ("SAS_TOKEN", "a token"), ("clientSecret", "a secret"), ("MQTT_PWD", "a password")],
)
def test_names_that_say_secret(name, said):
    [finding] = [f for f in lint(_one_value(name, DB_PASSWORD)) if f.rule_id == "EL035"]
    assert finding.message.startswith(f"{said[0].upper()}{said[1:]} is written in plain text in `{name}`")


def test_the_unsafe_fix_writes_iotedgedev_placeholders(open_folder):
    path = open_folder / "deployment.json"
    path.write_text(MANIFEST, encoding="utf-8")
    proc = run_cli("check", "--select", "EL035", "--fix", "--unsafe-fixes", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fixed = path.read_text(encoding="utf-8")
    assert fixed == (
        MANIFEST.replace(REGISTRY_PASSWORD, "${CONTOSO_ACR_PASSWORD}")
        .replace(
            "STORAGE=DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey="
            + ACCOUNT_KEY
            + ";EndpointSuffix=core.windows.net",
            "STORAGE=${STORAGE}",
        )
        .replace(DB_PASSWORD, "${DB_PASSWORD}")
        .replace("-----BEGIN PRIVATE KEY-----" + PEM_BODY + "-----END PRIVATE KEY-----", "${TLS_PRIVATE_KEY}")
        .replace(
            "https://contoso.blob.core.windows.net/videos/a.mp4?sv=2020-08-04&sr=b&sig=" + SIGNATURE + "&se=2030-01-01",
            "${VIDEOURL}",
        )
    )


def test_without_unsafe_fixes_a_fix_that_would_copy_a_secret_is_not_offered():
    """EL024 would rewrite the stringified createOptions that holds the account key."""
    [finding] = [f for f in lint(MANIFEST) if f.rule_id == "EL024"]
    assert finding.fix is None
    fixed_first = MANIFEST.replace(ACCOUNT_KEY, "${ACCOUNT_KEY}")
    [finding] = [f for f in lint(fixed_first) if f.rule_id == "EL024"]
    assert finding.fix is not None


# --- never echo a secret ------------------------------------------------------------------------


def _assert_no_secret(text):
    for secret in SECRETS:
        assert secret not in text
        assert secret[2:-2] not in text  # nor what the mask hides, in any escaping
    assert ACCOUNT_KEY[2:40] not in text and SIGNATURE[2:30] not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_echoes_a_secret(open_folder, fmt):
    path = open_folder / "deployment.json"
    path.write_text(MANIFEST, encoding="utf-8")
    proc = run_cli("check", "--format", fmt, str(path))
    assert proc.returncode == 1, proc.stderr
    assert "EL035" in proc.stdout
    _assert_no_secret(proc.stdout + proc.stderr)


def test_the_full_report_masks_the_snippet(open_folder):
    path = open_folder / "deployment.json"
    path.write_text(MANIFEST, encoding="utf-8")
    proc = run_cli("check", "--select", "EL035", "--format", "full", str(path))
    assert _masked(REGISTRY_PASSWORD) in proc.stdout
    _assert_no_secret(proc.stdout + proc.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["--show-fixes"],
        ["--show-fixes", "--unsafe-fixes"],
        ["--diff"],
        ["--diff", "--unsafe-fixes"],
        ["--statistics"],
        ["--show-settings"],
        ["--select", "EL024", "--show-fixes"],
    ],
    ids=" ".join,
)
def test_no_mode_echoes_a_secret(open_folder, args):
    path = open_folder / "deployment.json"
    path.write_text(MANIFEST, encoding="utf-8")
    proc = run_cli("check", *args, str(path))
    assert proc.stdout
    _assert_no_secret(proc.stdout + proc.stderr)
    if args == ["--diff"]:  # EL021's fix, with the password as context
        assert f'               "DB_PASSWORD": {{"value": "{_masked(DB_PASSWORD)}"}},\n-' in proc.stdout
    if args == ["--diff", "--unsafe-fixes"]:
        assert (
            f'-          "contoso-acr": {{"address": "contoso.azurecr.io", "username": "contoso", "password": '
            f'"{_masked(REGISTRY_PASSWORD)}"}}' in proc.stdout
        )
        assert (
            '+          "contoso-acr": {"address": "contoso.azurecr.io", "username": "contoso", "password": '
            '"${CONTOSO_ACR_PASSWORD}"}' in proc.stdout
        )


def test_the_baseline_stores_no_secret(open_folder):
    path = open_folder / "deployment.json"
    path.write_text(MANIFEST, encoding="utf-8")
    baseline = open_folder / "baseline.json"
    proc = run_cli("check", "--baseline", str(baseline), "--update-baseline", str(path))
    assert proc.returncode == 0, proc.stderr
    text = baseline.read_text(encoding="utf-8")
    assert '"rule": "EL035"' in text
    _assert_no_secret(text + proc.stdout + proc.stderr)
    assert run_cli("check", "--baseline", str(baseline), str(path)).returncode == 0


def test_the_k8s_preview_masks_env_values(open_folder):
    path = open_folder / "deployment.json"
    path.write_text(MANIFEST, encoding="utf-8")
    proc = run_cli("k8s", str(path))
    assert "- name: DB_PASSWORD\n" in proc.stdout
    assert f"value: {_masked(DB_PASSWORD)}" in proc.stdout or f"value: '{_masked(DB_PASSWORD)}'" in proc.stdout
    _assert_no_secret(proc.stdout + proc.stderr)


def test_the_language_server_echoes_no_secret(tmp_path):
    pytest.importorskip("pygls", reason="pygls (edgelint[lsp]) is not installed")
    from lsprotocol import types
    from test_lsp import drive, write_manifest

    path = write_manifest(tmp_path, MANIFEST)

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        secrets = [d for d in diagnostics if d.code == "EL035"]
        assert len(secrets) == 5
        shown = [d.message for d in diagnostics]
        for diagnostic in secrets:
            hover = await editor.hover(uri, diagnostic.range.start)
            shown.append(hover.contents.value)
            actions = await editor.code_actions(uri, diagnostic.range, [diagnostic])
            shown.append(json.dumps([action.title for action in actions]))
            shown.extend(json.dumps(str(action.edit)) for action in actions)
        _assert_no_secret("\n".join(shown))
        assert await editor.stop() == 0

    drive(tmp_path, scenario)
    assert types  # the client library is what drove the server
