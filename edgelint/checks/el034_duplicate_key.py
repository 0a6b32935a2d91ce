"""EL034 duplicate-key: An object names the same member twice (only the last value counts), or createOptions members that differ only in case (the agent throws)."""

from __future__ import annotations

from edgelint.edgeagent.create_options import case_duplicates
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node


@rule(
    "EL034",
    "duplicate-key",
    "warning",
    "An object names the same member twice (only the last value counts), or createOptions members that differ only in case (the agent throws).",
    tags=("syntax",),
)
def duplicate_key(manifest: Manifest) -> Iterator[Problem]:
    seen: set[tuple[int, int, int]] = set()
    for earlier, _later, where in _duplicates(manifest):
        place = (id(earlier.origin), earlier.key_start, earlier.key_end)
        if place in seen:  # one YAML mapping used through several aliases
            continue
        seen.add(place)
        yield Problem(earlier, _message(earlier.key, where), on_key=True)
    for module in manifest.modules:
        if module.create_options is not None:
            for earlier, later, throws in case_duplicates(module.create_options):
                yield _case_problem(earlier, later, throws)


def _duplicates(manifest: Manifest) -> Iterator[tuple[Node, Node, str]]:
    """(overridden member, the member that wins, what kind of document) triples."""
    where = "yaml" if manifest.format == "yaml" else "json"
    for earlier, later in manifest.duplicates:
        yield earlier, later, where
    for module in manifest.modules:
        options = module.create_options
        if options is not None and options.origin is not None:
            for earlier, later in options.origin.duplicates:
                yield earlier, later, "createOptions"


def _message(key: str | int | None, where: str) -> str:
    if where == "yaml":
        return (
            f"`{key}` is given again later in this mapping: YAML forbids repeated keys, so strict tools reject the "
            "file and the others keep only the last value; remove one of the two."
        )
    if where == "createOptions":
        return (
            f"`{key}` is given again later in these createOptions: edgeAgent keeps only the last value, so this one is "
            "silently dropped; remove one of the two."
        )
    return (
        f"`{key}` is given again later in this object: JSON readers such as the az CLI and edgeAgent keep only the "
        "last value, so this one is silently dropped; remove one of the two."
    )


def _case_problem(earlier: Node, later: Node, throws: bool) -> Problem:
    if throws:
        return Problem(
            later,
            f"`{later.key}` and `{earlier.key}` differ only in case: edgeAgent on Kubernetes copies these createOptions "
            "members into a dictionary that ignores case, which throws, so no module of the deployment is updated; "
            "keep one of the two.",
            on_key=True,
            level="error",
        )
    return Problem(
        earlier,
        f"`{earlier.key}` is given again later as `{later.key}`: edgeAgent reads this member in any case and keeps "
        "only the last value, so this one is silently dropped; remove one of the two.",
        on_key=True,
    )
