"""Manifests and lint runs shared by the tests of the machine formats (SARIF, JSON, GitHub)."""

import json

from conftest import deployment, manifest_text, module, select_rules

from edgelint.engine import lint_bytes
from edgelint.report import LintRun

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


def camera(create_options, newline="\n"):
    """A deployment of one module, camera, whose createOptions is a JSON string (non-ASCII
    text written as it is)."""
    options = json.dumps(create_options, ensure_ascii=False)
    document = deployment({"camera": module(options, image="contoso.azurecr.io/camera:1.4")})
    return manifest_text(document, newline=newline, ensure_ascii=False)


BAD = camera(CREATE_OPTIONS)
GOOD = camera({"HostConfig": {"Binds": ["/srv/data:/data"]}})
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


TRICKY = manifest_text(
    deployment(
        {
            TRICKY_NAME: module(
                json.dumps({"Labels": {"é": "☕😀"}, "Env": ["Logging:Level=Debug"]}, ensure_ascii=False),
                image="contoso.azurecr.io/camera:1.4",
            )
        }
    ),
    ensure_ascii=False,
)
