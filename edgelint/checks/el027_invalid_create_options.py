"""EL027 invalid-create-options: createOptions the agent cannot read: not a JSON object, invalid JSON, broken chunks, more than 100 chunks."""

from __future__ import annotations

from edgelint.checks.helpers.create_options import THROWS
from edgelint.checks.helpers.manifest_limits import MAX_STRING_BYTES
from edgelint.edgeagent.create_options import (
    CHUNK_SIZE,
    MAX_CHUNKS,
    chunk_key_problem,
    chunk_order,
    create_options_absent,
    json_net_accepts,
)
from edgelint.fixes.intents import FixIntent, WriteCreateOptions
from edgelint.rule import Problem, rule
from edgelint.source.nodes import NULL, OBJECT, STRING, Node

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import ParseError


@rule(
    "EL027",
    "invalid-create-options",
    "error",
    "createOptions the agent cannot read: not a JSON object, invalid JSON, broken chunks, more than 100 chunks.",
    fix="safe",
    tags=("create-options",),
)
def invalid_create_options(manifest: Manifest) -> Iterator[Problem]:
    for module in manifest.modules:
        chunks = module.chunks
        if not chunks:
            continue
        if len(chunks) == 1 and chunks[0][2].kind not in (STRING, OBJECT, NULL):
            node = chunks[0][2]
            yield Problem(node, f"createOptions must be a JSON object or a string holding one: {THROWS}.")
            continue
        fix = _rechunk(module)
        if len(chunks) > 1:
            yield from _chunk_problems(chunks, fix)
        for _, _, node in chunks:
            if node.is_string and len(node.value) > CHUNK_SIZE:
                yield _long_chunk(node, fix)
        error = module.create_options_error
        if error is not None and not module.create_options_unknown and not create_options_absent(_joined(chunks)):
            # Syntax that only the agent's Json.NET reader accepts works on the device: a warning.
            tolerated = json_net_accepts(error, manifest.file_text)
            yield Problem(
                _span_node(chunks[0][2], error.start, error.end),
                _error_message(error, tolerated),
                level="warning" if tolerated else None,
            )


def _long_chunk(node: Node, fix: FixIntent | None) -> Problem:
    """DockerConfig reads a chunk of any length: 512 is only what its writer and the IoT Edge
    tools use. IoT Hub, though, rejects a twin string over 4 KB."""
    size = len(node.value.encode("utf-8"))
    if size > MAX_STRING_BYTES:
        return Problem(
            node,
            f"This createOptions string has {size:,} bytes, over IoT Hub's limit of {MAX_STRING_BYTES:,} for a twin "
            f"value: the deployment is rejected; split it into createOptions, createOptions01, createOptions02… of "
            f"{CHUNK_SIZE} characters.",
            fix=fix,
        )
    return Problem(
        node,
        f"This createOptions string is {len(node.value)} characters long, more than the {CHUNK_SIZE} IoT Edge writes "
        f"per chunk: edgeAgent reads it as it is, but near IoT Hub's 4 KB limit for a twin string the chunks keep it "
        f"safe; split it into createOptions, createOptions01, createOptions02….",
        fix=fix,
        level="note",
    )


def _rechunk(module: Module) -> FixIntent | None:
    """The same createOptions text, joined in the order of the chunk numbers, written again
    as createOptions, createOptions01, … of 512 characters. Only for string chunks that
    join into a JSON object: the order of chunks that do not is no safe guess."""
    parts = [node for _, _, node in module.chunks]
    if module.create_options is None or module.settings is None or not all(part.is_string for part in parts):
        return None
    text = "".join(part.value for part in parts)
    return FixIntent(
        "Split createOptions into chunks of 512 characters: createOptions, createOptions01, …",
        [WriteCreateOptions(module.settings, parts, text)],
    )


def _chunk_problems(chunks: list[tuple[int, str, Node]], fix: FixIntent | None) -> Iterator[Problem]:
    for _, _, node in chunks:
        if not node.is_string:
            yield Problem(node, f"A createOptions chunk must be a string: {THROWS}.")
    ordered = chunk_order([key for _, key, _ in chunks])
    nodes = {key: node for _, key, node in chunks}
    for position, key in enumerate(ordered[:MAX_CHUNKS]):
        expected = chunk_key_problem(position, key[len("createOptions") :])
        if expected is not None:
            before = f" after `{ordered[position - 1]}`" if position else ""
            yield Problem(
                nodes[key],
                f"The agent reads the chunks in name order and expects `createOptions{expected}` here, but finds "
                f"`{key}`{before}: it throws and no module of the deployment is updated; number the chunks "
                f"createOptions, createOptions01, createOptions02… without gaps.",
                fix=fix,
                on_key=True,
            )
            return
    if len(ordered) > MAX_CHUNKS:
        yield Problem(
            nodes[ordered[MAX_CHUNKS]],
            f"The agent reads at most {MAX_CHUNKS} chunks, so the createOptions are cut off here; make them shorter.",
            on_key=True,
        )


def _joined(chunks: list[tuple[int, str, Node]]) -> str:
    return "".join(node.value for _, _, node in chunks if node.is_string)


def _span_node(anchor: Node, start: int, end: int) -> Node:
    """A node that spans file offsets start..end and carries the pointer of `anchor`."""
    node = Node(STRING, "", start, end)
    node.parent = anchor.parent
    node.key = anchor.key
    return node


def _error_message(error: ParseError, tolerated: bool) -> str:
    if error.message.startswith("createOptions must be"):  # the model's message for a non-object document
        return f"{error.message}: {THROWS}; write the options as a JSON object."
    if tolerated:
        return (
            f"createOptions is not valid JSON ({error.message}): edgeAgent's own reader accepts this, but IoT Edge "
            f"tools and edgelint do not, so nothing else in this module is checked; write plain JSON."
        )
    return f"createOptions is not valid JSON ({error.message}): {THROWS}; fix the JSON."
