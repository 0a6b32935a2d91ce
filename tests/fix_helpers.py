"""Helpers of the fix tests: one manifest written five ways (JSON with object, string and
chunked createOptions, YAML, CRLF JSON) and the fix loop run on text in memory."""

import copy
import json

from conftest import manifest_text, select_rules

from edgelint.edgeagent.create_options import CHUNK_SIZE
from edgelint.engine import detect_format, lint_source
from edgelint.fixes.loop import fix_loop
from edgelint.source.text import SourceText

VARIANTS = ("object", "string", "chunked", "yaml", "crlf")
# In the chunked variant every createOptions gets this label first, so that its text runs
# over 512 characters and is written in chunks.
PADDING = {"Labels": {"description": "padding " * 80}}


def render(document, variant):
    """The manifest as a file in one of VARIANTS; returns (file name, text)."""
    if variant == "yaml":
        return "deployment.yaml", manifest_text(document, fmt="yaml")
    if variant in ("string", "chunked"):
        document = _stringified(document, variant == "chunked")
    return "deployment.json", manifest_text(document, newline="\r\n" if variant == "crlf" else "\n")


def _stringified(document, chunked):
    document = copy.deepcopy(document)
    for module_node in _modules(document):
        settings = module_node.get("settings", {})
        options = settings.get("createOptions")
        if not isinstance(options, dict):
            continue
        if chunked:
            options = {**PADDING, **options}
        text = json.dumps(options, separators=(",", ":"))
        pieces = [text[i : i + CHUNK_SIZE] for i in range(0, len(text), CHUNK_SIZE)]
        items = []
        for key, value in settings.items():
            if key != "createOptions":
                items.append((key, value))
                continue
            items += [("createOptions" if i == 0 else f"createOptions{i:02d}", piece) for i, piece in enumerate(pieces)]
        settings.clear()
        settings.update(items)
    return document


def _modules(document):
    desired = document["modulesContent"]["$edgeAgent"]["properties.desired"]
    return list(desired.get("systemModules", {}).values()) + list(desired.get("modules", {}).values())


def fix_text(text, name="deployment.json", select=None, unsafe=False):
    """The fix loop over `text` with the rules `select` (all default rules when None)."""
    outcome = run_fixes(text, name, select, unsafe)
    assert outcome.problems == []
    return outcome.source.text


def run_fixes(text, name="deployment.json", select=None, unsafe=False, max_passes=None):
    rules = select_rules(select)
    data = text.encode("utf-8") if isinstance(text, str) else text
    source = SourceText.decode(data)
    fmt = detect_format(name, source.text)
    kwargs = {} if max_passes is None else {"max_passes": max_passes}
    return fix_loop(source, lambda s: lint_source(name, s, rules, fmt), unsafe, **kwargs)
