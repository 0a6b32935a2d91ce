"""EL018–EL020 (module names), EL021–EL022 (environment) and EL032 (routes) on hand-written
manifests, the route parser, and the cases of
edgeAgent's own unit tests that concern them."""

import json

import pytest
from conftest import deployment, lint, locate, manifest_text, module, spans

from edgelint.routes import ModuleReference, sink_module, source_module

PORTS = {"ExposedPorts": {"8080/tcp": {}}}


def only(rule_id, text):
    return lint(text, select=[rule_id])


# --- EL018 invalid-module-name ------------------------------------------------------------


def test_dots_length_and_dashes_make_invalid_kubernetes_names():
    long_name = "m" * 64
    text = manifest_text(
        deployment(
            {
                "my.module": module({}),
                long_name: module({}),
                "-sensor": module({}),
                "ok-module": module({}),
                "${MODULE}": module({}),
            }
        )
    )
    findings = only("EL018", text)
    assert spans(findings) == [
        ("EL018", *locate(text, '"my.module"')),
        ("EL018", *locate(text, f'"{long_name}"')),
        ("EL018", *locate(text, '"-sensor"')),
    ]
    assert findings[0].message == (
        "Module `my.module` gets the Kubernetes name `my.module`, which is not a valid container or Service name "
        "(it contains a dot): the module is never deployed; rename it to lower-case letters, digits and '-', starting "
        "with a letter, at most 63 characters."
    )
    assert findings[0].level == "error"
    assert findings[0].pointer == "/modulesContent/$edgeAgent/properties.desired/modules/my.module"


def test_a_leading_digit_breaks_the_service_and_the_status_lookup():
    """With ports the Service name is invalid (error); without, the agent looks the container's
    status up by the name without its leading digits and reports the module failed (warning)."""
    text = manifest_text(
        deployment(
            {
                "1reader": module({}),
                "2server": module(PORTS),
                "3broken": module({"ExposedPorts": {"x/tcp": {}}}),
                "42": module({}),
            }
        )
    )
    findings = only("EL018", text)
    assert [(f.level, *span) for f, span in zip(findings, spans(findings))] == [
        ("warning", "EL018", *locate(text, '"1reader"')),
        ("error", "EL018", *locate(text, '"2server"')),
        ("warning", "EL018", *locate(text, '"3broken"')),
        ("warning", "EL018", *locate(text, '"42"')),
    ]
    assert findings[0].message == (
        "Module `1reader` runs as container `1reader`, but the agent looks the container's status up under `reader` "
        "(KubeUtils.SanitizeDNSValue drops the leading digits), finds no such container and reports the module as "
        "failed in IoT Hub while it runs; rename it to start with a letter."
    )
    assert "(it starts with a digit, which the module's Service name cannot)" in findings[1].message
    assert findings[3].message == (
        "Module `42` runs as container `42`, but the agent looks the container's status up under a name it cannot "
        "form (KubeUtils.SanitizeDNSValue needs a letter), throws and never reports the module as running in IoT "
        "Hub, although it runs; rename it to start with a letter."
    )
    assert all(f.fix is None for f in findings)


def test_name_left_with_dashes_after_sanitising():
    text = manifest_text(deployment({"_My_Module_-": module({})}))
    (finding,) = only("EL018", text)
    assert finding.message.startswith("Module `_My_Module_-` gets the Kubernetes name `mymodule-`,")


def test_layered_key_points_at_the_name_inside_the_key():
    text = json.dumps(
        {
            "content": {
                "modulesContent": {
                    "$edgeAgent": {
                        "properties.desired.modules.my.module": {"type": "docker", "settings": {"image": "x"}},
                        "properties.desired.modules.fine": {"type": "docker", "settings": {"image": "x"}},
                    }
                }
            }
        },
        indent=2,
    )
    (finding,) = only("EL018", text)
    assert spans([finding]) == [("EL018", *locate(text, "my.module"))]


def test_layered_key_in_yaml():
    text = (
        "content:\n  modulesContent:\n    $edgeAgent:\n"
        "      properties.desired.modules.My.Reader:\n        type: docker\n        settings: {image: x}\n"
    )
    findings = lint(text, name="layered.yaml", select=["EL018"])
    assert spans(findings) == [("EL018", *locate(text, "My.Reader"))]


def test_system_modules_are_fine():
    text = manifest_text(
        deployment(
            {"m": module({})},
            system={
                "edgeAgent": module({}),
                "edgeHub": module({"HostConfig": {"PortBindings": {"443/tcp": [{"HostPort": "443"}]}}}),
            },
        )
    )
    assert only("EL018", text) == only("EL019", text) == []


# --- EL019 module-name-rewritten ----------------------------------------------------------


def test_underscore_in_a_module_with_ports():
    text = manifest_text(
        deployment(
            {
                "dynocard_web": module(PORTS),
                "dynocard_telemetry": module({}),
                "WebServer": module(PORTS),
            }
        )
    )
    (finding,) = only("EL019", text)
    assert spans([finding]) == [("EL019", *locate(text, '"dynocard_web"'))]
    assert finding.message == (
        "Module `dynocard_web` is reachable on Kubernetes only as `dynocardweb` (its Service name), not by its module "
        "name as on Docker; rename the module to `dynocardweb` or make its peers use that host name."
    )
    assert finding.level == "warning"


def test_case_alone_is_not_a_rewrite():
    text = manifest_text(
        deployment(
            {
                "Module1": module({"HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}),
            }
        )
    )
    assert only("EL018", text) == only("EL019", text) == []


def test_an_invalid_name_is_reported_once():
    text = manifest_text(deployment({"my_module.v2": module(PORTS)}))
    assert [f.rule_id for f in lint(text, select=["EL018", "EL019"])] == ["EL018"]


# --- EL020 module-name-collision ----------------------------------------------------------


def test_module1_and_Module1_collide():
    text = manifest_text(deployment({"module1": module({}), "Module1": module({})}))
    (finding,) = only("EL020", text)
    assert spans([finding]) == [("EL020", *locate(text, '"Module1"'))]
    assert finding.message == (
        "Modules `module1` and `Module1` both become `module1` on Kubernetes: the agent rejects the whole deployment "
        "(name collision); rename one of them."
    )


def test_my_module_and_mymodule_collide():
    text = manifest_text(deployment({"my_module": module({}), "mymodule": module({}), "other": module({})}))
    assert spans(only("EL020", text)) == [("EL020", *locate(text, '"mymodule"'))]


def test_collision_with_a_system_module_and_placeholders():
    text = manifest_text(
        deployment(
            {"Edge_Hub": module({}), "${A}": module({}), "${B}": module({})},
            system={
                "edgeHub": module({}),
            },
        )
    )
    assert spans(only("EL020", text)) == [("EL020", *locate(text, '"Edge_Hub"'))]


# --- EL021 invalid-env-name ---------------------------------------------------------------


def test_env_section_and_create_options_env_names():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {"Env": ["Logging:LogLevel:Default=Information", "GOOD=1", "1BAD=x", "${NAME}=y"]},
                    env={"mqttSettings:enabled": {"value": "false"}, "Logging__LogLevel": {"value": "x"}},
                ),
            }
        )
    )
    findings = only("EL021", text)
    assert spans(findings) == [
        ("EL021", *locate(text, "Logging:LogLevel:Default")),
        ("EL021", *locate(text, "1BAD")),
        ("EL021", *locate(text, '"mqttSettings:enabled"')),
    ]
    assert findings[2].message == (
        "`mqttSettings:enabled` contains ':', which Kubernetes does not allow in environment variable names: the API "
        "server rejects the module's Deployment; write `mqttSettings__enabled` (.NET configuration reads `__` as `:`)."
    )
    assert findings[1].message.startswith("`1BAD` is not a valid environment variable name on Kubernetes")


def test_env_names_inside_stringified_create_options():
    text = manifest_text(deployment({"m": module({"Env": ["A:B=1"]}, stringify=True)}))
    (finding,) = only("EL021", text)
    assert spans([finding]) == [("EL021", *locate(text, "A:B"))]


# --- EL022 malformed-env-entry ------------------------------------------------------------


def test_entries_without_a_name_and_equals_are_dropped():
    text = manifest_text(
        deployment(
            {
                "m": module(
                    {
                        "Env": [
                            "a=b",
                            "ALL_EQUALS=====",
                            "HAS_SPACES=this variable has spaces",
                            "B=b=c",
                            "BASE64_TEXT=YmFzZTY0Cg==",
                            "==not a valid env var",
                            "NO_VALUE",
                            "${ENTRY}",
                        ]
                    }
                )
            }
        )
    )
    findings = only("EL022", text)
    assert spans(findings) == [
        ("EL022", *locate(text, '"==not a valid env var"')),
        ("EL022", *locate(text, '"NO_VALUE"')),
    ]
    assert [f.message for f in findings] == [
        "`==not a valid env var` has no name before '=': Kubernetes IoT Edge silently drops this Env entry; write `NAME=value`.",
        "`NO_VALUE` has no '=': Kubernetes IoT Edge silently drops this Env entry, so the variable is not set; write "
        "`NO_VALUE=value`.",
    ]


def test_env_entries_the_agent_cannot_read_or_reads_as_text():
    """CreateContainerParameters.Env is an IList<string>: a number is read as its text, which
    has no '=' (dropped); an object throws in Json.NET, a null in ParseEnv's IndexOf."""
    text = manifest_text(deployment({"m": module({"Env": ["A=1", 5, None, {"B": "2"}]}), "n": module({"Env": "A=1"})}))
    findings = only("EL022", text)
    assert spans(findings) == [
        ("EL022", *locate(text, "5", after='"Env"')),
        ("EL022", *locate(text, "null")),
        ("EL022", *locate(text, '{\n                    "B": "2"\n                  }')),
        ("EL022", *locate(text, '"A=1"', 2)),
    ]
    assert [f.level for f in findings] == ["warning", "error", "error", "error"]
    assert [f.message for f in findings] == [
        "`5` has no '=': the agent reads this Env entry as that text and silently drops it, so no variable is set; "
        'write `"NAME=5"`.',
        "This Env entry is null: the agent's ParseEnv calls IndexOf on it and throws, so no module of the deployment "
        "is updated; remove it.",
        "Every Env entry must be a `NAME=value` string: the agent cannot read it and no module of the deployment is "
        "updated.",
        "createOptions.Env must be a list of `NAME=value` strings: the agent cannot read it and no module of the "
        "deployment is updated.",
    ]


# --- the route parser ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (
            'FROM /messages/modules/sensor/outputs/* INTO BrokeredEndpoint("/modules/filter/inputs/input1")',
            ["sensor", "filter"],
        ),
        ("from /messages/modules/a/* where $body.x = 'INTO' into brokeredendpoint('modules/b/inputs/i/')", ["a", "b"]),
        (
            'SELECT * FROM/messages/modules/publisher INTO BrokeredEndpoint( " /modules/proc/inputs/in " )',
            ["publisher", "proc"],
        ),
        ("FROM /messages/modules/*/outputs/alert INTO $upstream", []),
        ("FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream", []),
        ('FROM /messages/* INTO BrokeredEndpoint("/modules/too/many/parts/here")', []),
        ("not a route", []),
    ],
)
def test_module_references(route, expected):
    references = [r for r in (source_module(route), sink_module(route)) if r is not None]
    assert [r.name for r in references] == expected
    assert all(route[r.start : r.end] == r.name for r in references)


def test_source_and_sink_separately():
    route = 'FROM /messages/modules/a/outputs/o INTO BrokeredEndpoint("/modules/b/inputs/i")'
    assert source_module(route) == ModuleReference("a", 23, 24)
    assert sink_module(route) == ModuleReference("b", 67, 68)
    assert sink_module("FROM /messages/* INTO $upstream") is None


# --- EL032 unknown-route-module -----------------------------------------------------------


def test_routes_that_name_missing_modules():
    routes = {
        "good": 'FROM /messages/modules/sensor/outputs/* INTO BrokeredEndpoint("/modules/filter/inputs/in")',
        "typo": 'FROM /messages/modules/sensr/outputs/* INTO BrokeredEndpoint("/modules/Filter/inputs/in")',
        "object": {"route": "FROM /messages/modules/gone/* INTO $upstream", "priority": 1},
        "case": "FROM /messages/modules/SENSOR/* INTO $upstream",
        "template": 'FROM /messages/modules/${MODULE}/* INTO BrokeredEndpoint("/modules/${OTHER}/inputs/x")',
        "wildcard": "FROM /messages/* INTO $upstream",
    }
    text = manifest_text(deployment({"sensor": module({}), "filter": module({})}, routes=routes))
    findings = only("EL032", text)
    assert spans(findings) == [
        ("EL032", *locate(text, "sensr")),
        ("EL032", *locate(text, "Filter")),
        ("EL032", *locate(text, "gone")),
    ]
    assert [f.message for f in findings] == [
        "Route `typo` names module `sensr`, which this deployment does not have, so the route never matches a message; "
        "correct the name or add the module.",
        "Route `typo` names module `Filter`, which this deployment does not have, so the route delivers to no module; "
        "write `filter`, as the module is named (module names are case-sensitive here).",
        "Route `object` names module `gone`, which this deployment does not have, so the route never matches a "
        "message; correct the name or add the module.",
    ]
    assert findings[0].pointer == "/modulesContent/$edgeHub/properties.desired/routes/typo"


def test_layered_deployments_and_placeholder_modules_are_not_judged():
    layered = json.dumps(
        {
            "content": {
                "modulesContent": {
                    "$edgeAgent": {"properties.desired.modules.sensor": {"type": "docker", "settings": {"image": "x"}}},
                    "$edgeHub": {
                        "properties.desired.routes.r": 'FROM /messages/modules/sensor/* INTO BrokeredEndpoint("/modules/base/inputs/i")'
                    },
                }
            }
        }
    )
    assert only("EL032", layered) == []
    placeholder = manifest_text(
        deployment(
            {
                "${MODULE_NAME}": module({}),
            },
            routes={"r": "FROM /messages/modules/analytics/* INTO $upstream"},
        )
    )
    assert only("EL032", placeholder) == []


def test_routes_to_existing_modules_are_fine():
    text = manifest_text(
        deployment(
            {"video-analytics": module({}), "opcpublisher": module({})},
            routes={
                "r": 'FROM /messages/modules/opcpublisher/* INTO BrokeredEndpoint("/modules/video-analytics/inputs/telemetry")',
            },
        )
    )
    assert only("EL032", text) == []
