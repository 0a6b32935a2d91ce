"""`--format azure`: Azure Pipelines logging commands, one issue per finding:

    ##vso[task.logissue type=error;sourcepath=deploy.json;linenumber=10;columnnumber=63;code=EL001;]message

Azure Pipelines has two issue types, error and warning: a note becomes a warning (its rule
ID in `code` tells it apart). The agent reads a command up to the first `]` and splits its
properties at `;`, so `%`, CR, LF, `;` and `]` are escaped in property values and in the
message alike, the way its parser unescapes them (`%AZP25`, `%0D`, `%0A`, `%3B`, `%5D`).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import Finding

TYPES = {"error": "error", "warning": "warning", "note": "warning"}


def logissue(finding: Finding) -> str:
    properties = (
        ("type", TYPES[finding.level]),
        ("sourcepath", finding.path),
        ("linenumber", finding.line),
        ("columnnumber", finding.column),
        ("code", finding.rule_id),
    )
    rendered = "".join(f"{key}={escape(str(value))};" for key, value in properties)
    return f"##vso[task.logissue {rendered}]{escape(finding.message)}"


def escape(text: str) -> str:
    return text.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A").replace(";", "%3B").replace("]", "%5D")
