"""`--format github`: GitHub Actions workflow commands, one annotation per finding:

    ::error file=deploy.json,line=10,col=63,endLine=10,endColumn=77,title=EL001 file-bind-mount::message

Levels map to the commands error, warning and notice. Escaping follows the Actions
toolkit: `%`, CR and LF in the message; additionally `:` and `,` in property values.
"""

from __future__ import annotations

from edgelint.rule import REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import Finding

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def annotation(finding: Finding) -> str:
    # GitHub takes columns only for a region on one line (its checks API drops them otherwise)
    one_line = finding.end_line == finding.line
    properties = [
        ("file", finding.path),
        ("line", finding.line),
        ("col", finding.column if one_line else None),
        ("endLine", finding.end_line),
        ("endColumn", finding.end_column if one_line else None),
        ("title", f"{finding.rule_id} {REGISTRY[finding.rule_id].name}"),
    ]
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties if value is not None)
    return f"::{COMMANDS[finding.level]} {rendered}::{escape_data(finding.message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
