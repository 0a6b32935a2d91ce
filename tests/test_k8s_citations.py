"""`edgelint k8s` cites the rule of each exception of the agent it shows, at the node that
causes it."""

from conftest import AGENT_IMAGE, deployment, manifest_text, module

from edgelint.k8s.preview import preview
from edgelint.k8s.settings import AgentSettings
from edgelint.session import Options, Session

SESSION = Session(Options(isolated=True))


def run(document, **settings):
    text = manifest_text(document)
    return preview("deployment.json", text.encode(), AgentSettings(**settings), session=SESSION)


def agent_errors(result):
    translation = result.translation
    errors = list(translation.errors) + [error for obj in translation.objects for error in obj.errors]
    return [(error.rule_id, error.exception, error.node.pointer) for error in errors]


MODULE = "/modulesContent/$edgeAgent/properties.desired/modules/m"


def test_an_agent_schema_version_the_agent_rejects_rejects_the_whole_deployment_with_el028():
    result = run(deployment({"m": module()}, schema_version="1.2", agent_image=AGENT_IMAGE))
    assert agent_errors(result) == [
        ("EL028", "InvalidSchemaVersionException", "/modulesContent/$edgeAgent/properties.desired/schemaVersion"),
    ]
    assert (
        "# rejected EL028: the agent throws InvalidSchemaVersionException: $edgeAgent schemaVersion `1.2` is "
        "not accepted (deployment.json:5 /modulesContent/$edgeAgent/properties.desired/schemaVersion); the "
        "whole deployment is rejected\n" in result.text
    )
    assert result.rejected


def test_a_supported_schema_version_is_no_exception():
    assert agent_errors(run(deployment({"m": module()}, schema_version="1.0", agent_image=AGENT_IMAGE))) == []


def test_chunk_exceptions_name_the_chunk_that_breaks_the_sequence():
    gap = {"createOptions": "{}", "createOptions01": "", "createOptions03": ""}
    assert agent_errors(run(deployment({"m": module(settings=gap)}, agent_image=AGENT_IMAGE))) == [
        ("EL027", "JsonSerializationException", f"{MODULE}/settings/createOptions03"),
    ]
    not_string = {"createOptions": "{}", "createOptions01": 5}
    assert agent_errors(run(deployment({"m": module(settings=not_string)}, agent_image=AGENT_IMAGE))) == [
        ("EL027", "JsonSerializationException", f"{MODULE}/settings/createOptions01"),
    ]


def test_the_rendered_rejection_names_the_rule():
    result = run(deployment({"m": module({"Cmd": "run"}, stringify=True)}, agent_image=AGENT_IMAGE))
    assert agent_errors(result) == [("EL024", "JsonSerializationException", f"{MODULE}/settings/createOptions/Cmd")]
    assert (
        "# rejected EL024: the agent throws JsonSerializationException: Cmd is not an array of strings" in result.text
    )
