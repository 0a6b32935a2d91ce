"""Generate edgelint/k8s_api_types.json: the Kubernetes API types of the fields edgeAgent
deserialises from `k8s-experimental` (KubernetesExperimentalCreatePodParameters: V1PodSecurityContext,
V1ResourceRequirements, V1Volume and V1VolumeMount of each volume, V1DeploymentStrategy), from the
OpenAPI schemas that the `kubernetes-validate` package bundles.

    python tests/tools/generate_k8s_types.py          # rewrite the file
    python tests/tools/generate_k8s_types.py --check  # exit 1 when the file is not what it generates

The file is vendored so that `edgelint check` needs no optional package; the test suite runs
the check, so the file cannot drift from this script.
"""

import json
import sys
from importlib.resources import files
from pathlib import Path

VERSION = "1.27"  # edgelint.k8s.validate.DEFAULT_KUBERNETES_VERSION: what Azure Stack Edge runs
ROOTS = {
    "securityContext": "io.k8s.api.core.v1.PodSecurityContext",
    "resources": "io.k8s.api.core.v1.ResourceRequirements",
    "volume": "io.k8s.api.core.v1.Volume",
    "volumeMount": "io.k8s.api.core.v1.VolumeMount",
    "strategy": "io.k8s.api.apps.v1.DeploymentStrategy",
}
# Types with their own Json.NET converters in the Kubernetes C# client.
SPECIAL = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "int-or-string",
}
# The agent's own classes around them (constructor parameters, matched in any case):
# KubernetesModuleVolumeSpec(V1Volume volume, IReadOnlyList<V1VolumeMount> volumeMounts) and
# KubernetesServiceOptions(string loadBalancerIP, string type).
AGENT_TYPES = {
    "KubernetesModuleVolumeSpec": {
        "volume": ROOTS["volume"],
        "volumeMounts": ["list", ROOTS["volumeMount"]],
    },
    "KubernetesServiceOptions": {"loadBalancerIP": "string", "type": "string"},
}
TARGET = Path(__file__).resolve().parents[2] / "edgelint" / "k8s_api_types.json"


def generate():
    path = files("kubernetes_validate") / "kubernetes-json-schema" / f"v{VERSION}.0-local" / "_definitions.json"
    definitions = json.loads(path.read_text(encoding="utf-8"))["$defs"]
    types, pending = {}, list(ROOTS.values())
    while pending:
        name = pending.pop()
        if name in types:
            continue
        fields = {}
        for field, schema in sorted(definitions[name].get("properties", {}).items()):
            fields[field] = _describe(schema, pending)
        types[name] = fields
    types.update(AGENT_TYPES)
    return {
        "source": f"kubernetes-validate, Kubernetes v{VERSION} OpenAPI schemas",
        "roots": ROOTS,
        "types": dict(sorted(types.items())),
    }


def _describe(schema, pending):
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[1]
        if name in SPECIAL:
            return SPECIAL[name]
        pending.append(name)
        return name
    kind = schema.get("type")
    kind = next(k for k in kind if k != "null") if isinstance(kind, list) else kind
    if kind == "array":
        return ["list", _describe(schema["items"], pending)]
    if kind == "object":
        values = schema.get("additionalProperties")
        return ["map", _describe(values, pending)] if isinstance(values, dict) else "any"
    if kind == "integer":
        return schema.get("format", "int64")
    return kind or "any"


def render():
    return json.dumps(generate(), indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    text = render()
    if sys.argv[1:] == ["--check"]:
        sys.exit(0 if TARGET.read_text(encoding="utf-8") == text else 1)
    TARGET.write_text(text, encoding="utf-8")
