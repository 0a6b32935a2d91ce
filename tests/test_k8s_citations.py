"""`edgelint k8s` cites the rule of each exception of the agent it shows, at the node that
causes it."""

import json

from edgelint.k8s.preview import preview
from edgelint.k8s.settings import AgentSettings
from edgelint.session import Options, Session

SESSION = Session(Options(isolated=True))


def deployment(modules, schema_version="1.1", credentials=None, agent_image="mcr.microsoft.com/azureiotedge-agent:1.1"):
    """A manifest with edgeAgent and user modules: name → module settings (createOptions as an
    object are written as a string)."""
    def module(settings):
        settings = dict(settings)
        if isinstance(settings.get("createOptions"), dict):
            settings["createOptions"] = json.dumps(settings["createOptions"])
        return {"type": "docker", "settings": {"image": "contoso.azurecr.io/m:1", **settings}}

    runtime = {"type": "docker", "settings": {"registryCredentials": credentials or {}}}
    desired = {
        "schemaVersion": schema_version,
        "runtime": runtime,
        "systemModules": {"edgeAgent": {"type": "docker", "settings": {"image": agent_image}}},
        "modules": {name: module(settings) for name, settings in modules.items()},
    }
    return json.dumps({"modulesContent": {"$edgeAgent": {"properties.desired": desired}}}, indent=2)


def run(text, **settings):
    return preview("deployment.json", text.encode(), AgentSettings(**settings), session=SESSION)


def agent_errors(result):
    translation = result.translation
    errors = list(translation.errors) + [error for obj in translation.objects for error in obj.errors]
    return [(error.rule_id, error.exception, error.node.pointer) for error in errors]


MODULE = "/modulesContent/$edgeAgent/properties.desired/modules/m"


def test_an_agent_schema_version_the_agent_rejects_rejects_the_whole_deployment_with_el028():
    result = run(deployment({"m": {}}, schema_version="1.2"))
    assert agent_errors(result) == [
        ("EL028", "InvalidSchemaVersionException", "/modulesContent/$edgeAgent/properties.desired/schemaVersion"),
    ]
    assert "# rejected EL028: the agent throws InvalidSchemaVersionException: $edgeAgent schemaVersion `1.2` is " \
           "not accepted (deployment.json:5 /modulesContent/$edgeAgent/properties.desired/schemaVersion); the " \
           "whole deployment is rejected\n" in result.text
    assert result.rejected


def test_a_supported_schema_version_is_no_exception():
    assert agent_errors(run(deployment({"m": {}}, schema_version="1.0"))) == []


def test_chunk_exceptions_name_the_chunk_that_breaks_the_sequence():
    gap = {"createOptions": "{}", "createOptions01": "", "createOptions03": ""}
    assert agent_errors(run(deployment({"m": gap}))) == [
        ("EL027", "JsonSerializationException", f"{MODULE}/settings/createOptions03"),
    ]
    not_string = {"createOptions": "{}", "createOptions01": 5}
    assert agent_errors(run(deployment({"m": not_string}))) == [
        ("EL027", "JsonSerializationException", f"{MODULE}/settings/createOptions01"),
    ]


def test_the_rendered_rejection_names_the_rule():
    result = run(deployment({"m": {"createOptions": {"Cmd": "run"}}}))
    assert agent_errors(result) == [("EL024", "JsonSerializationException", f"{MODULE}/settings/createOptions/Cmd")]
    assert "# rejected EL024: the agent throws JsonSerializationException: Cmd is not an array of strings" in result.text
