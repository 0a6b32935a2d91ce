"""The manifest view recognises every deployment layout and nothing else."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edgelint.engine import parse_document
from edgelint.manifest import build_manifest
from edgelint.source.text import SourceText

MODULE = {"type": "docker", "settings": {"image": "contoso/m:1", "createOptions": '{"Env":["A=1"]}'}}
AGENT = {
    "systemModules": {
        "edgeAgent": {"type": "docker", "settings": {"image": "a"}},
        "edgeHub": {"type": "docker", "settings": {"image": "h"}},
    },
    "modules": {"sensor": MODULE},
}
HUB = {
    "routes": {
        "r1": "FROM /messages/modules/sensor/* INTO $upstream",
        "r2": {"route": "FROM /messages/* INTO $upstream", "priority": 1},
    },
    "storeAndForwardConfiguration": {"timeToLiveSecs": 10},
}


def view(data, name="deployment.json"):
    text = data if isinstance(data, str) else json.dumps(data, indent=2)
    source = SourceText(text)
    document = parse_document(source, "yaml" if name.endswith((".yaml", ".yml")) else "json")
    return build_manifest(document.roots[0], text)


def summary(manifest):
    return (
        manifest.layout,
        [(m.name, m.system, m.layered) for m in manifest.modules],
        [(r.name, r.text) for r in manifest.routes],
        sorted(manifest.twins),
    )


ROUTES = [("r1", "FROM /messages/modules/sensor/* INTO $upstream"), ("r2", "FROM /messages/* INTO $upstream")]
MODULES = [("edgeAgent", True, None), ("edgeHub", True, None), ("sensor", False, None)]


@pytest.mark.parametrize("key", ["modulesContent", "moduleContent"])
def test_modules_content(key):
    data = {
        key: {
            "$edgeAgent": {"properties.desired": AGENT},
            "$edgeHub": {"properties.desired": HUB},
            "sensor": {"properties.desired": {"x": 1}},
        }
    }
    assert summary(view(data)) == (key, MODULES, ROUTES, ["sensor"])


def test_iot_hub_configuration():
    data = {
        "id": "d1",
        "content": {
            "modulesContent": {"$edgeAgent": {"properties.desired": AGENT}, "$edgeHub": {"properties.desired": HUB}}
        },
    }
    assert summary(view(data)) == ("configuration", MODULES, ROUTES, [])


def test_layered_keys():
    data = {
        "content": {
            "modulesContent": {
                "$edgeAgent": {
                    "properties.desired.modules.sensor": MODULE,
                    "properties.desired.modules.my.module": MODULE,
                },
                "$edgeHub": {"properties.desired.routes.r1": "FROM /messages/modules/sensor/* INTO $upstream"},
            }
        }
    }
    assert summary(view(data)) == (
        "configuration",
        [("sensor", False, "key"), ("my.module", False, "key")],
        [("r1", "FROM /messages/modules/sensor/* INTO $upstream")],
        [],
    )


def test_layered_object():
    data = {
        "modulesContent": {
            "$edgeAgent": {"properties.desired.modules": {"a": MODULE, "b": MODULE}},
            "$edgeHub": {"properties.desired.routes": {"r": "FROM /messages/* INTO $upstream"}},
        }
    }
    assert summary(view(data)) == (
        "modulesContent",
        [("a", False, "object"), ("b", False, "object")],
        [("r", "FROM /messages/* INTO $upstream")],
        [],
    )


def test_bare_agent_twin():
    data = {"deviceId": "d", "properties": {"desired": AGENT, "reported": {}}}
    assert summary(view(data)) == ("agent-twin", MODULES, [], [])


def test_yaml_layout():
    text = "modulesContent:\n  $edgeAgent:\n    properties.desired:\n      modules:\n        sensor:\n          settings: {image: x}\n"
    assert summary(view(text, "deployment.yaml")) == ("modulesContent", [("sensor", False, None)], [], [])


@pytest.mark.parametrize(
    "data",
    [
        {"name": "app", "version": "1.0.0", "dependencies": {}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}},
        {"properties": {"desired": {"SendData": True}}},
        {"modulesContent": {"sensor": {"properties.desired": {}}}},
        [1, 2, 3],
        '"just a string"',
    ],
)
def test_not_a_manifest(data):
    assert view(data) is None


def test_create_options_forms():
    data = {
        "modulesContent": {
            "$edgeAgent": {
                "properties.desired": {
                    "modules": {
                        "object": {"settings": {"createOptions": {"HostConfig": {"Privileged": True}}}},
                        "string": {"settings": {"createOptions": '{"HostConfig":{"Privileged":true}}'}},
                        "chunks": {
                            "settings": {"createOptions01": 'ged":true}}', "createOptions": '{"HostConfig":{"Privile'}
                        },
                        "empty": {"settings": {"createOptions": ""}},
                        "broken": {"settings": {"createOptions": '{"HostConfig":'}},
                        "array": {"settings": {"createOptions": "[1]"}},
                        "templated": {"settings": {"createOptions": '{"HostConfig":{"Memory":${MEM}}}'}},
                    }
                }
            }
        }
    }
    modules = {m.name: m for m in view(data).modules}
    for name in ("object", "string", "chunks"):
        assert modules[name].create_options.to_python() == {"HostConfig": {"Privileged": True}}, name
        assert modules[name].host_option("privileged").value is True
    assert modules["chunks"].create_options.pointer.endswith("/chunks/settings/createOptions")
    assert [key for _, key, _ in modules["chunks"].chunks] == ["createOptions", "createOptions01"]
    assert modules["empty"].create_options is None and modules["empty"].create_options_error is None
    assert modules["broken"].create_options_error.message == "Unexpected end of file: this '{' is never closed"
    assert modules["array"].create_options_error.message == "createOptions must be a JSON object, not an array"
    assert modules["templated"].create_options_unknown


def test_k8s_experimental_is_case_sensitive_but_docker_keys_are_not():
    data = {
        "modulesContent": {
            "$edgeAgent": {
                "properties.desired": {
                    "modules": {
                        "m": {
                            "settings": {
                                "createOptions": {
                                    "hostconfig": {"binds": ["/a:/b"]},
                                    "K8s-Experimental": {"strategy": {"type": "Recreate"}},
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    (module,) = view(data).modules
    assert [b.value for b in module.binds()] == ["/a:/b"]
    assert module.k8s is None


def test_env_vars_in_container_order():
    data = {
        "modulesContent": {
            "$edgeAgent": {
                "properties.desired": {
                    "modules": {
                        "m": {
                            "env": {"A": {"value": "1"}, "B": {"value": 2}, "C": {}},
                            "settings": {"createOptions": {"Env": ["A=override", "D=x=y", "NOEQUALS", "=bad", 5]}},
                        }
                    }
                }
            }
        }
    }
    (module,) = view(data).modules
    assert [(v.name, v.value, v.source) for v in module.env_vars()] == [
        ("A", "1", "env"),
        ("B", 2, "env"),
        ("C", None, "env"),
        ("A", "override", "createOptions"),
        ("D", "x=y", "createOptions"),
    ]


def _distance(first, second):
    """Optimal string alignment distance, written out in full (the reference for _near)."""
    rows = [[i + j if i * j == 0 else 0 for j in range(len(second) + 1)] for i in range(len(first) + 1)]
    for i in range(1, len(first) + 1):
        for j in range(1, len(second) + 1):
            rows[i][j] = min(
                rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (first[i - 1] != second[j - 1])
            )
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["modulesContent", "$edgeAgent", "properties.desired"]), st.data())
def test_near_keys_are_those_within_the_distance(target, data):
    from edgelint.manifest import _near

    key = target
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(key)))
        kind = data.draw(st.integers(0, 3))
        letter = data.draw(st.sampled_from("abcdeiorstuxyz$.D"))
        if kind == 0:
            key = key[:at] + letter + key[at:]
        elif kind == 1:
            key = key[:at] + key[at + 1 :]
        elif kind == 2:
            key = key[:at] + letter + key[at + 1 :]
        elif at + 1 < len(key):
            key = key[:at] + key[at + 1] + key[at] + key[at + 2 :]
    distance = data.draw(st.integers(0, 2))
    canonical = key.translate(str.maketrans("", "", "$_-. ")).lower()
    wanted = target.translate(str.maketrans("", "", "$_-. ")).lower()
    near = canonical == wanted or (distance > 0 and _distance(canonical, wanted) <= distance)
    assert _near(key, (target,), distance) == (target if near else None)
