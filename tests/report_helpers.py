"""Manifests and lint runs shared by the tests of the machine formats (SARIF, JSON, GitHub)."""

import json

from edgelint.engine import lint_bytes
from edgelint.report import LintRun
from edgelint.rule import select_rules

# The rules these tests run: findings from the other rules would only add noise.
SELECT = ["EL000", "EL001", "EL004", "EL007"]

# Non-ASCII text (one code point each, é and ☕ and 😀 alike) and escaped quotes and
# backslashes in front of the findings, inside a stringified createOptions.
CREATE_OPTIONS = {
    "Labels": {"café": 'naïve "quoted" ☕ \\ 😀'},
    "HostConfig": {
        "Binds": ["/srv/data:/data", "/etc/localtime:/etc/localtime:ro"],
        "PortBindings": {"35000/tcp": [{"HostPort": "8080"}]},
    },
}


def manifest(create_options, newline="\n"):
    """A one-module deployment whose createOptions is a JSON string."""
    settings = {"image": "contoso.azurecr.io/camera:1.4", "createOptions": json.dumps(create_options, ensure_ascii=False)}
    document = {"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {"camera": {"type": "docker", "settings": settings}}}}}}
    return json.dumps(document, indent=2, ensure_ascii=False).replace("\n", newline)


BAD = manifest(CREATE_OPTIONS)
GOOD = manifest({"HostConfig": {"Binds": ["/srv/data:/data"]}})
BROKEN = '{\n  "modulesContent": {\n    "$edgeAgent": {,}\n  }\n}\n'


def lint_run(files, select=SELECT):
    """A LintRun over {display path: text}, as the command line would build it."""
    rules = select_rules(select)
    return LintRun(rules, [lint_bytes(path, text.encode("utf-8"), rules) for path, text in files.items()])


# A module name that EL012's message quotes: every character the machine formats must
# escape (`;`, `]`, `%`, CR, LF), non-ASCII text and Unicode line separators, in a real
# finding. Its createOptions holds a name with ':' (EL021, which has a safe fix) after
# non-ASCII text on the same line.
TRICKY_NAME = "cam; [x]% é☕\r\n😀\u2028end"
TRICKY_SELECT = ["EL012", "EL021"]


def tricky_manifest():
    settings = {"image": "contoso.azurecr.io/camera:1.4",
                "createOptions": json.dumps({"Labels": {"é": "☕😀"}, "Env": ["Logging:Level=Debug"]}, ensure_ascii=False)}
    modules = {TRICKY_NAME: {"type": "docker", "settings": settings}}
    document = {"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": modules}}}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


TRICKY = tricky_manifest()
