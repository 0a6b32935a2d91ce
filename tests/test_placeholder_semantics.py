"""A placeholder stands for an unknown value, never for a key: every rule with a placeholder in
each of its value positions. Key-only claims are reported where they always are; claims about
the value stay silent."""

import pytest

from tests.conftest import lint, locate

_MANIFEST = """{
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "schemaVersion": %(schema)s,
        "runtime": {"type": "docker", "settings": {"registryCredentials": {"acr": %(credentials)s}}},
        "systemModules": {"edgeAgent": {"type": "docker", "settings": {"image": %(agent)s}}},
        "modules": {
          %(name)s: {
            "type": "docker", "status": "running", "restartPolicy": %(restart)s,
            "settings": {"image": "x", "createOptions": %(options)s}%(env)s
          }
        }
      }
    },
    "$edgeHub": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "routes": {"r": %(route)s},
        "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}
      }
    }
  }
}
"""
_DEFAULTS = {
    "schema": '"1.1"', "name": '"m"', "restart": '"always"', "options": "{}", "env": "",
    "route": '"FROM /messages/* INTO $upstream"', "agent": '"mcr.microsoft.com/azureiotedge-agent:1.1"',
    "credentials": '{"address": "contoso.azurecr.io", "username": "contoso", "password": "$ACR_PASSWORD"}',
}

_BINDS = (
    "Azure Stack Edge does not support Binds for Kubernetes modules (they become hostPath volumes on the "
    "Kubernetes VM); declare this in HostConfig.Mounts: type volume with an Edge share as Source, or type bind "
    "for a host directory."
)
_DEVICE = (
    "Kubernetes IoT Edge drops HostConfig.Devices, so the container does not get the device `%s` stands for; "
    "request it as a device-plugin resource in k8s-experimental.resources.limits."
)

# (rule and position, manifest parts, [(rule, text the finding spans, message)]); an empty list:
# the claim depends on the value, so the rule is silent.
CASES = [
    ("EL001 bind source", {"options": '{"HostConfig": {"Binds": ["${SRC}:/etc/localtime"]}}'},
     [("EL002", '"${SRC}:/etc/localtime"', _BINDS)]),
    ("EL002 bind entry", {"options": '{"HostConfig": {"Binds": ["${BIND}"]}}'},
     [("EL002", '"${BIND}"', _BINDS)]),
    ("EL002 whole list", {"options": '{"HostConfig": {"Binds": "${BINDS}"}}'},
     [("EL002", '"Binds"', _BINDS)]),
    ("EL003 mount type", {"options": '{"HostConfig": {"Mounts": [{"Type": "${T}", "Source": "a", "Target": "/b"}]}}'},
     []),
    ("EL003 mount source", {"options": '{"HostConfig": {"Mounts": [{"Type": "bind", "Source": "${S}", "Target": "/b"}]}}'},
     []),
    ("EL005 host port", {"options": '{"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "${PORT}"}]}}}'}, []),
    ("EL005 port key", {"options": '{"HostConfig": {"PortBindings": {"${PORT}/tcp": [{"HostPort": "80"}]}}}'}, []),
    ("EL007 host port", {"options": '{"HostConfig": {"PortBindings": {"${P}/tcp": [{"HostPort": "35000"}]}}}'}, []),
    ("EL008 network mode", {"options": '{"HostConfig": {"NetworkMode": "${NET}"}}'}, []),
    ("EL009 device path", {"options": '{"HostConfig": {"Devices": [{"PathOnHost": "${FPGA}", "PathInContainer": "/d"}]}}'},
     [("EL011", '"${FPGA}"', _DEVICE % "${FPGA}")]),
    ("EL010 memory", {"options": '{"HostConfig": {"Memory": "${MEM}"}}'},
     [("EL010", '"Memory"', "HostConfig.Memory is ignored by Kubernetes IoT Edge, which reads resources only from "
       "k8s-experimental.resources; set k8s-experimental.resources.limits.memory instead.")]),
    ("EL010 nano cpus", {"options": '{"HostConfig": {"NanoCpus": "${CPU}"}}'},
     [("EL010", '"NanoCpus"', "HostConfig.NanoCpus is ignored by Kubernetes IoT Edge, which reads resources only "
       "from k8s-experimental.resources; set k8s-experimental.resources.limits.cpu instead.")]),
    ("EL011 devices list", {"options": '{"HostConfig": {"Devices": "${DEVICES}"}}'},
     [("EL011", '"${DEVICES}"', _DEVICE % "${DEVICES}")]),
    ("EL011 device entry", {"options": '{"HostConfig": {"Devices": ["${DEV}:/dev/x"]}}'},
     [("EL011", "${DEV}", _DEVICE % "${DEV}")]),
    ("EL011 device requests", {"options": '{"HostConfig": {"DeviceRequests": "${REQ}"}}'},
     [("EL011", '"DeviceRequests"', "Kubernetes IoT Edge drops HostConfig.DeviceRequests, so the container gets none "
       "of these devices; request them as a device-plugin resource in k8s-experimental.resources.limits.")]),
    ("EL011 cgroup rules", {"options": '{"HostConfig": {"DeviceCgroupRules": "${RULES}"}}'},
     [("EL011", '"DeviceCgroupRules"', "Kubernetes IoT Edge drops HostConfig.DeviceCgroupRules, so the container may "
       "not open these devices; request them as a device-plugin resource in k8s-experimental.resources.limits.")]),
    ("EL011 runtime", {"options": '{"HostConfig": {"Runtime": "${RUNTIME}"}}'}, []),
    ("EL013 memory limit", {"options": '{"k8s-experimental": {"resources": {"limits": {"memory": "${MEM}"}}}}'}, []),
    ("EL014 proxy value", {"env": ', "env": {"http_proxy": {"value": "${PROXY}"}}'}, []),
    ("EL017 restart policy", {"restart": '"${RESTART}"'}, []),
    ("EL018 module name", {"name": '"${MODULE}"'}, []),
    ("EL021 env name", {"env": ', "env": {"${NAME}": {"value": "a"}}'}, []),
    ("EL022 env entry", {"options": '{"Env": ["${ENTRY}"]}'}, []),
    ("EL023 user", {"options": '{"User": "${UID}"}'},
     [("EL023", '"User"', "User is ignored by Kubernetes IoT Edge: the container runs as the image's user; set "
       "k8s-experimental.securityContext.runAsUser (a numeric id) instead.")]),
    ("EL023 cap add", {"options": '{"HostConfig": {"CapAdd": "${CAPS}"}}'},
     [("EL023", '"CapAdd"', "HostConfig.CapAdd is ignored by Kubernetes IoT Edge: the container gets only the "
       "default capabilities; HostConfig.Privileged is the only way to grant more.")]),
    ("EL023 ipc mode", {"options": '{"HostConfig": {"IpcMode": "${IPC}"}}'}, []),
    ("EL023 host ip", {"options": '{"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "80", "HostIp": "${IP}"}]}}}'},
     []),
    ("EL024 working dir", {"options": '{"WorkingDir": "${DIR}"}'}, []),
    ("EL026 service type", {"options": '{"k8s-experimental": {"serviceOptions": {"type": "${TYPE}"}}}'}, []),
    ("EL027 whole createOptions", {"options": '"${OPTIONS}"'}, []),
    ("EL027 stringified with a placeholder", {"options": '"{\\"HostConfig\\": {\\"Binds\\": [${B}]}}"'}, []),
    ("EL028 schema version", {"schema": '"${VERSION}"'}, []),
    ("EL030 volume source", {"options": '{"HostConfig": {"Mounts": [{"Type": "volume", "Source": "${S}", "Target": "/b"}]}}'},
     []),
    ("EL035 registry password", {"credentials": '{"address": "a.azurecr.io", "username": "a", "password": "${PW}"}'},
     []),
    ("EL035 env value", {"env": ', "env": {"DB_PASSWORD": {"value": "${DB_PASSWORD}"}}'}, []),
    ("EL039 label key", {"options": '{"Labels": {"${LABEL}": "a"}}'}, []),
    ("EL039 label value", {"options": '{"Labels": {"team": "${TEAM}"}}'}, []),
    ("EL039 labels as one placeholder", {"options": '{"Labels": "${LABELS}"}'},
     [("EL039", '"${LABELS}"', "Labels must be an object of names and string values: the agent cannot read "
       "createOptions and no module of the deployment is updated.")]),
    ("EL040 registry address", {"credentials": '{"address": "${REGISTRY}", "username": "${USER}", "password": "$P"}'},
     []),
    ("EL041 env name", {"env": ', "env": {"${IOTEDGE_NAME}": {"value": "a"}}'}, []),
    ("EL042 agent image", {"agent": '"${AGENT_IMAGE}"'}, []),
    ("EL043 claim source", {"options": '{"HostConfig": {"Mounts": [{"Type": "volume", "Source": "${S}", "Target": "/a", '
                                       '"ReadOnly": true}, {"Type": "volume", "Source": "${S}", "Target": "/b"}]}}'}, []),
    ("EL032 route module", {"route": '"FROM /messages/modules/${M}/* INTO $upstream"'}, []),
]


@pytest.mark.parametrize("parts, expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_placeholder_in_value_position(parts, expected):
    text = _MANIFEST % {**_DEFAULTS, **parts}
    found = [(f.rule_id, (f.line, f.column, f.end_line, f.end_column), f.message) for f in lint(text)]
    assert found == [(rule, locate(text, needle), message) for rule, needle, message in expected]


def test_a_placeholder_value_gets_no_fix():
    """Moving `${MEM}` into a Kubernetes limit would need its amount."""
    text = _MANIFEST % {**_DEFAULTS, "options": '{"HostConfig": {"Memory": "${MEM}"}}'}
    [finding] = lint(text)
    assert finding.fix is None
