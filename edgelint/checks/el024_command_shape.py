"""EL024 command-shape: Cmd or Entrypoint that is not an array of strings, or WorkingDir that is not a string."""

from __future__ import annotations

import json

from edgelint.edgeagent.create_options import json_text
from edgelint.fixes.intents import FixIntent, Replace
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node


@rule(
    "EL024",
    "command-shape",
    "error",
    "Cmd or Entrypoint that is not an array of strings, or WorkingDir that is not a string.",
    fix="safe",
    tags=("create-options",),
)
def command_shape(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        for key in ("Cmd", "Entrypoint"):
            node = module.create_option(key)
            if node is None or node.value is None:
                continue
            if node.is_string:
                yield Problem(
                    node,
                    f"{node.key} is a string, which Docker reads as a one-item list but Kubernetes IoT Edge cannot "
                    f"read: the agent throws and no module of the deployment is updated; write it as an array, "
                    f"{_as_array(node.value)}.",
                    fix=FixIntent(f"Write {node.key} as a one-item array", [Replace(node, [node.value])]),
                )
            elif not node.is_array:
                yield Problem(
                    node,
                    f"{node.key} must be an array of strings: Kubernetes IoT Edge cannot read this one, so the agent "
                    f"throws and no module of the deployment is updated.",
                )
            else:
                for item in node.value:
                    if item.is_object or item.is_array:
                        yield Problem(
                            item,
                            f"Every item of {node.key} must be a string: Kubernetes IoT Edge cannot read this one, so "
                            f"the agent throws and no module of the deployment is updated.",
                        )
                    elif item.value is not None and not item.is_string:
                        yield _coerced(item, f"This item of {node.key}")
        working_dir = module.create_option("WorkingDir")
        if working_dir is None or working_dir.value is None or working_dir.is_string:
            continue
        if working_dir.is_object or working_dir.is_array:
            yield Problem(
                working_dir,
                "WorkingDir must be a string: Kubernetes IoT Edge cannot read this one, so the agent throws and no "
                "module of the deployment is updated; write the directory as one string.",
            )
        else:
            yield _coerced(working_dir, working_dir.key)


def _coerced(node: Node, what: str | int | None) -> Problem:
    """A number or boolean where Docker wants a string: the agent's Json.NET reads it as its
    text (`5`, `True`), Docker's API rejects it."""
    text = json_text(node.value)
    return Problem(
        node,
        f"{what} is not a string: Kubernetes IoT Edge reads it as the text `{text}`, but Docker rejects it, so the "
        f"manifest no longer works on Docker-based IoT Edge; quote it.",
        fix=FixIntent(f'Quote it as `"{text}"`', [Replace(node, text)]),
        level="warning",
    )


def _as_array(text: str) -> str:
    shown = json.dumps([text])
    return f"`{shown}`" if len(shown) <= 60 else '`["…"]`'
