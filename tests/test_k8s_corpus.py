"""`edgelint k8s --validate` over the real-manifest corpus: every object the preview renders
is valid for the Kubernetes API schema of Azure Stack Edge's cluster version, unless the device
rejects it anyway and a rule (or the agent's own exception) says why."""

import pytest
from conftest import CORPUS, corpus_files

from edgelint.k8s.preview import PreviewError, preview
from edgelint.k8s.settings import AgentSettings
from edgelint.session import Options, Session

pytest.importorskip("kubernetes_validate", reason="kubernetes-validate (edgelint[k8s]) is not installed")

from edgelint.k8s.validate import DEFAULT_KUBERNETES_VERSION, Validator

VALIDATOR = Validator(DEFAULT_KUBERNETES_VERSION)
SESSION = Session(Options(isolated=True))
# With a storage class the agent also creates claims; both configurations must validate.
SETTINGS = [AgentSettings(), AgentSettings(storage_class="", claim_size_mb=100, service_type="ClusterIP")]


def relative(path):
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", corpus_files(), ids=relative)
def test_rendered_objects_validate_unless_a_rule_explains(path):
    for settings in SETTINGS:
        try:
            result = preview(relative(path), path.read_bytes(), settings, session=SESSION, validator=VALIDATOR)
        except PreviewError as exc:  # broken JSON (EL000) or no manifest: nothing to render
            assert "EL000" in str(exc) or "not an IoT Edge deployment manifest" in str(exc)
            continue
        for obj in result.objects:
            if obj.validation_errors:
                assert obj.rejected, (obj, obj.validation_errors)
