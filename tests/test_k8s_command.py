"""`edgelint k8s` on the command line: standard input, several manifests, what is rejected and
what fails at run time, and the placeholders for the device's own values."""

from conftest import deployment, locate, manifest_text, module, run_cli

from edgelint.k8s.outcomes import AT_RUN_TIME, REJECTED
from edgelint.k8s.settings import AgentSettings
from edgelint.rule import all_rules

GOOD = manifest_text(deployment({"camera": module({"ExposedPorts": {"80/tcp": {}}}, stringify=True)}))
FILE_BIND = manifest_text(
    deployment(
        {
            "camera": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime:ro"]}}, stringify=True),
        }
    )
)
BAD_ENV = manifest_text(deployment({"camera": module({"Env": ["Logging:Level=Debug"]}, stringify=True)}))


def test_standard_input_with_a_name(tmp_path):
    proc = run_cli("k8s", "-", "--stdin-filename", "deploy/camera.json", stdin=FILE_BIND, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("# Kubernetes objects for deploy/camera.json as IoT Edge 0.1.0-beta15")
    line, column, _, _ = locate(FILE_BIND, "/etc/localtime:")
    assert (
        f"# fails at run time EL001 at deploy/camera.json:{line}:{column}: `/etc/localtime` is a file:" in proc.stdout
    )
    assert proc.stderr == "edgelint k8s: 2 objects, 0 rejected, 1 failing at run time\n"
    unnamed = run_cli("k8s", "-", stdin=GOOD, cwd=tmp_path)
    assert unnamed.returncode == 0 and "# Kubernetes objects for <stdin> as" in unnamed.stdout
    assert "# ServiceAccount iotedge/camera from <stdin>:" in unnamed.stdout


def test_standard_input_only_once():
    proc = run_cli("k8s", "-", "-", stdin=GOOD)
    assert proc.returncode == 2 and "standard input (-) can be read only once" in proc.stderr


def test_several_manifests_each_with_its_summary_and_the_highest_exit_code(tmp_path):
    (tmp_path / "good.json").write_text(GOOD)
    (tmp_path / "env.json").write_text(BAD_ENV)
    (tmp_path / "bind.json").write_text(FILE_BIND)
    proc = run_cli("k8s", "good.json", "bind.json", "env.json", cwd=tmp_path)
    assert proc.returncode == 1
    headers = [line for line in proc.stdout.splitlines() if line.startswith("# Kubernetes objects for ")]
    assert [h.split()[4] for h in headers] == ["good.json", "bind.json", "env.json"]
    assert proc.stderr.splitlines() == [
        "edgelint k8s: good.json: 3 objects, 0 rejected",
        "edgelint k8s: bind.json: 2 objects, 0 rejected, 1 failing at run time",
        "edgelint k8s: env.json: 2 objects, 1 rejected",
    ]
    line, column, _, _ = locate(BAD_ENV, "Logging:Level")
    assert f"# rejected EL021 at env.json:{line}:{column}:" in proc.stdout
    # a file that cannot be shown is an error (2), and the others are still shown
    missing = run_cli("k8s", "missing.json", "good.json", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.splitlines() == [
        "edgelint k8s: error: cannot read missing.json: No such file or directory",
        "edgelint k8s: good.json: 3 objects, 0 rejected",
    ]
    assert "# Kubernetes objects for good.json" in missing.stdout
    only_good = run_cli("k8s", "good.json", "good.json", cwd=tmp_path)
    assert only_good.returncode == 0


def test_device_and_hub_are_visibly_placeholders_unless_given(tmp_path):
    (tmp_path / "good.json").write_text(GOOD)
    proc = run_cli("k8s", "good.json", cwd=tmp_path)
    assert proc.stdout.splitlines()[2] == (
        "# the device id and the IoT hub are placeholders: give the device's own with --device-id and --iothub"
    )
    assert "- name: IOTEDGE_DEVICEID\n              value: <device-id>\n" in proc.stdout
    assert "- name: IOTEDGE_IOTHUBHOSTNAME\n              value: <iot-hub-name>.azure-devices.net\n" in proc.stdout
    assert "net.azure-devices.edge.deviceid: device-id\n" in proc.stdout  # sanitised, as the agent does
    given = run_cli("k8s", "good.json", "--device-id", "Line-7", "--iothub", "contoso.azure-devices.net", cwd=tmp_path)
    assert "placeholders" not in given.stdout
    assert "value: Line-7\n" in given.stdout and "net.azure-devices.edge.deviceid: line-7\n" in given.stdout
    hub_only = run_cli("k8s", "good.json", "--iothub", "contoso.azure-devices.net", cwd=tmp_path)
    assert "# the device id are placeholders" not in hub_only.stdout
    assert "# the device id is a placeholder: give the device's own with --device-id\n" in hub_only.stdout


def test_every_error_finding_is_a_rejection_or_a_run_time_failure():
    """The run-time failures are the errors whose objects Kubernetes accepts (a rule may give
    one finding its own level: EL014 is an error only where the proxy breaks the workload API)."""
    from edgelint.k8s.outcomes import outcome

    class Finding:
        def __init__(self, rule_id, level="error"):
            self.rule_id = rule_id
            self.level = level

    at_run_time = [r.id for r in all_rules() if outcome(Finding(r.id)) == AT_RUN_TIME]
    assert at_run_time == ["EL001", "EL004", "EL007", "EL008", "EL009", "EL011", "EL014"]
    assert outcome(Finding("EL021")) == REJECTED
    assert outcome(Finding("EL014", "warning")) == "warning"
    assert AgentSettings().placeholders() == [("the device id", "--device-id"), ("the IoT hub", "--iothub")]
