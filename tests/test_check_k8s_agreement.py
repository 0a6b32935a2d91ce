"""`edgelint check` and `edgelint k8s` tell the same story.

Over the real-manifest corpus, the test fixtures and the examples:
- every rejection the preview prints cites a rule, and every exception of the agent that the
  preview shows is reported by that rule at the node that causes it (or inside it);
- every error `check` reports is shown by the preview as an exception of the agent with the same
  rule in the same module, unless the device rejects it later than the agent's translation (the
  API server, the scheduler, the kubelet, the module at run time). Those rules are listed in
  EXPLAINED with a phrase of their page that says so, and the test checks the page still does.

KNOWN_DISAGREEMENTS lists where the two halves disagree today and why; each entry goes when
the rule (or the preview) is corrected.
"""

import functools
import re
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, ROOT, corpus_files

from edgelint.k8s.preview import PreviewError, preview
from edgelint.k8s.settings import AgentSettings
from edgelint.session import Options, Session

SESSION = Session(Options(isolated=True, extend_select=["EL029"]))
# With a storage class the agent also creates claims: both configurations must agree.
SETTINGS = {"default": AgentSettings(), "storage-class": AgentSettings(storage_class="", claim_size_mb=100)}

# Errors the agent's translation cannot show, because a later stage rejects them: rule ID → a
# phrase of the rule's page (its "Why it breaks" section) that says which stage.
EXPLAINED = {
    "EL001": "the pod never starts",  # the kubelet's hostPath type check
    "EL004": "Azure Stack Edge states that port mappings for TCP and UDP",  # the load balancer
    "EL007": "collides with the sidecar",  # at run time, in the pod
    "EL008": "finds them taken and fails",  # at run time, on the node
    "EL009": "stays Pending",  # the scheduler
    "EL011": "The container is created without the devices",  # the module at run time
    "EL013": "makes the API server reject that module's Deployment",
    "EL014": "cannot reach the pod's own `localhost`",  # the module at run time
    "EL018": "Kubernetes rejects the object",  # the API server
    "EL021": "The Kubernetes API server validates them",
    "EL026": "the API server rejects the module's Deployment",
    "EL028": "Both check the schema version of their desired properties",  # edgeHub checks its own; the agent's is shown
    "EL029": "before anything reaches IoT Hub",  # the az CLI
    "EL035": "A deployment manifest is not a secret store",  # nothing rejects it: the secret leaks
    "EL036": "a module that does not fit stays Pending",  # the scheduler
    "EL037": "never binds: the pod stays Pending",  # the claim's binding
    "EL038": "exits at once with `exec format error`",  # the container at run time
}

# Where the halves disagree today: rule ID → why. Shrinks as the rules are corrected.
KNOWN_DISAGREEMENTS = {}


def _files():
    examples = sorted((ROOT / "examples").glob("*.json")) + sorted((ROOT / "examples").glob("*.yaml"))
    return corpus_files() + sorted(FIXTURES.glob("*.json")) + examples


def _name(path):
    return path.relative_to(CORPUS).as_posix() if CORPUS in path.parents else path.relative_to(ROOT).as_posix()


@functools.cache
def _previews(path):
    """(configuration name, Preview) for each agent configuration; none for files that do not
    parse or are no manifest (EL000, nothing to render)."""
    results = []
    for name, settings in SETTINGS.items():
        try:
            results.append((name, preview(_name(path), path.read_bytes(), settings, session=SESSION)))
        except PreviewError as exc:
            assert "EL000" in str(exc) or "not an IoT Edge deployment manifest" in str(exc)
    return tuple(results)


def _agent_errors(result):
    translation = result.translation
    return list(translation.errors) + [error for obj in translation.objects for error in obj.errors]


def _findings(result):
    translation = result.translation
    return list(translation.findings) + [finding for obj in translation.objects for finding in obj.findings]


def _within(pointer, ancestor):
    return pointer == ancestor or pointer.startswith(ancestor + "/")


def _module_of(pointer, module_pointers):
    owners = [module for module in module_pointers if _within(pointer, module)]
    return max(owners, key=len) if owners else None


def _module_pointers(result):
    """The JSON Pointers of the modules' nodes (Deployments come from them)."""
    return [obj.origin.pointer for obj in result.translation.objects if obj.kind == "Deployment"]


@pytest.mark.parametrize("path", _files(), ids=_name)
def test_every_rejection_the_preview_prints_cites_a_rule(path):
    for configuration, result in _previews(path):
        lines = result.text.splitlines()
        uncited = [line for line in lines if re.match(r"# (rejected|fails at run time)(?! EL\d{3})", line)]
        assert not uncited, (configuration, uncited)


@pytest.mark.parametrize("path", _files(), ids=_name)
def test_every_agent_exception_is_reported_by_its_rule_at_its_node(path):
    for configuration, result in _previews(path):
        findings = _findings(result)
        for error in _agent_errors(result):
            assert error.rule_id is not None, (configuration, error)
            if error.rule_id in KNOWN_DISAGREEMENTS:
                continue
            assert any(
                finding.rule_id == error.rule_id and _within(finding.pointer, error.node.pointer)
                for finding in findings
            ), (configuration, error, error.node.pointer)


@pytest.mark.parametrize("path", _files(), ids=_name)
def test_every_error_check_reports_is_shown_by_the_preview(path):
    for configuration, result in _previews(path):
        errors = _agent_errors(result)
        modules = _module_pointers(result)
        for finding in _findings(result):
            if finding.level != "error" or finding.rule_id in EXPLAINED or finding.rule_id in KNOWN_DISAGREEMENTS:
                continue
            module = _module_of(finding.pointer, modules)
            assert any(
                error.rule_id == finding.rule_id
                and (
                    _within(finding.pointer, error.node.pointer)
                    or (module is not None and _module_of(error.node.pointer, modules) == module)
                )
                for error in errors
            ), (configuration, finding.rule_id, finding.pointer, finding.message)


@pytest.mark.parametrize("rule_id", sorted(EXPLAINED))
def test_explained_rules_say_why_on_their_page(rule_id):
    page = " ".join((ROOT / "rules" / f"{rule_id}.md").read_text(encoding="utf-8").split())
    assert EXPLAINED[rule_id] in page


def test_a_rule_is_either_explained_or_a_known_disagreement():
    assert not set(EXPLAINED) & set(KNOWN_DISAGREEMENTS)
    assert all(Path(ROOT / "rules" / f"{rule_id}.md").is_file() for rule_id in KNOWN_DISAGREEMENTS)


def test_errors_the_preview_calls_failures_at_run_time_are_explained():
    """`edgelint k8s` prints these rules' errors as "fails at run time": the agent's translation
    cannot show them, so each must be explained on its page."""
    from edgelint.k8s.outcomes import _RUN_TIME_RULES

    assert set(EXPLAINED) >= _RUN_TIME_RULES
