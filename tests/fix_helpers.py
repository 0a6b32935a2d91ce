"""Helpers of the fix tests: one manifest written five ways (JSON with object, string and
chunked createOptions, YAML, CRLF JSON) and the fix loop run on text in memory."""

import copy
import io
import json

from edgelint.engine import detect_format, lint_source
from edgelint.fix import fix_loop
from edgelint.rule import select_rules
from edgelint.source.text import SourceText
from edgelint.translator import CHUNK_SIZE

VARIANTS = ("object", "string", "chunked", "yaml", "crlf")
# In the chunked variant every createOptions gets this label first, so that its text runs
# over 512 characters and is written in chunks.
PADDING = {"Labels": {"description": "padding " * 80}}


def deployment(modules, system_modules=None, routes=None, twins=None):
    """A deployment manifest (Python data) with these modules (name → module object)."""
    content = {
        "$edgeAgent": {"properties.desired": {
            "schemaVersion": "1.1",
            "runtime": {"type": "docker", "settings": {}},
            "systemModules": system_modules or {},
            "modules": modules,
        }},
        "$edgeHub": {"properties.desired": {
            "schemaVersion": "1.1",
            "routes": routes or {"upstream": "FROM /messages/* INTO $upstream"},
            "storeAndForwardConfiguration": {"timeToLiveSecs": 7200},
        }},
    }
    content.update(twins or {})
    return {"modulesContent": content}


def module(create_options=None, env=None, image="contoso.azurecr.io/app:1.0"):
    settings = {"image": image}
    if create_options is not None:
        settings["createOptions"] = create_options
    node = {"type": "docker", "status": "running", "restartPolicy": "always", "settings": settings}
    if env is not None:
        node["env"] = env
    return node


def render(document, variant):
    """The manifest as a file in one of VARIANTS; returns (file name, text)."""
    if variant == "yaml":
        from ruamel.yaml import YAML

        yaml = YAML()
        yaml.indent(mapping=2, sequence=4, offset=2)
        yaml.width = 100_000
        out = io.StringIO()
        yaml.dump(document, out)
        return "deployment.yaml", out.getvalue()
    if variant in ("string", "chunked"):
        document = _stringified(document, variant == "chunked")
    text = json.dumps(document, indent=2) + "\n"
    return "deployment.json", text.replace("\n", "\r\n") if variant == "crlf" else text


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
        pieces = [text[i:i + CHUNK_SIZE] for i in range(0, len(text), CHUNK_SIZE)]
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
