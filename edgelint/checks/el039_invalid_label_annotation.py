"""EL039 invalid-label-annotation: createOptions.Labels that cannot become Kubernetes annotations: the agent throws and no module is updated."""

from __future__ import annotations

from edgelint.checks.helpers.agent_translation import NOTHING_UPDATED, known
from edgelint.edgeagent.names import annotation_key_problem, sanitize_annotation_key
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest


@rule(
    "EL039",
    "invalid-label-annotation",
    "error",
    "createOptions.Labels that cannot become Kubernetes annotations: the agent throws and no module is updated.",
    tags=("create-options", "naming"),
)
def invalid_label_annotation(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        labels = module.create_option("Labels")
        if labels is None or labels.value is None:
            continue
        if not labels.is_object:
            yield Problem(
                labels,
                f"Labels must be an object of names and string values: the agent cannot read createOptions and "
                f"{NOTHING_UPDATED}.",
            )
            continue
        first_by_key: dict[str | None, str] = {}
        for key, node in labels.items():
            if not known(key):
                continue
            reason = annotation_key_problem(key)
            if reason is not None:
                yield Problem(
                    node,
                    f"The label `{key}` cannot become an annotation key ({reason}): the agent throws "
                    f"InvalidKubernetesNameException while it maps the module's Service and Deployment, so "
                    f"{NOTHING_UPDATED}; rename it (an optional DNS-domain prefix and '/', then a name of up to 63 "
                    f"letters, digits, '-', '_' and '.').",
                    on_key=True,
                )
                continue
            annotation = sanitize_annotation_key(key)
            first = first_by_key.setdefault(annotation, key)
            if first != key:
                yield Problem(
                    node,
                    f"The labels `{first}` and `{key}` both become the annotation key `{annotation}`: the agent throws "
                    f"ArgumentException (a key added twice), so {NOTHING_UPDATED}; rename or drop one of them.",
                    on_key=True,
                )
            elif node.is_object or node.is_array:
                yield Problem(
                    node,
                    f"The value of label `{key}` must be a string: the agent cannot read createOptions and "
                    f"{NOTHING_UPDATED}.",
                )
