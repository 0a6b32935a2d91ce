"""Template placeholders: values a deployment template has not filled in yet.

A value that contains one is unknown, and no rule may claim a fact about it; its key is
known, so claims about the presence or shape of keys still hold (README, "What it
understands"). The forms are
the ones IoT Edge tooling and real templates use: `${VAR}` and `$VAR` (iotedgedev, VS Code),
`<your value>` (documentation samples), `__VAR__` (token-replacement pipelines) and `%MODULE%`
(the iotedgedev solution template).
"""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

PLACEHOLDER = lazy_compile(
    r"\$\{[^}\s]*\}"  # ${MODULES.x}, ${VAR}
    r"|\$[A-Za-z_][A-Za-z0-9_]*"  # $CONTAINER_REGISTRY
    r"|<[^<>\"\n]*[A-Za-z][^<>\"\n]*>"  # <your value>
    r"|__[A-Za-z0-9][A-Za-z0-9_]*__"  # __VAR__
    r"|#\{[^}\s]*\}#"  # #{VAR}# (Azure DevOps token replacement)
    r"|%[A-Za-z_][A-Za-z0-9_]*%"  # %MODULE% (iotedgedev template)
)

# IoT Edge's own names that start with '$' are not placeholders.
_SYSTEM_NAMES = frozenset({"$edgeAgent", "$edgeHub", "$upstream", "$schema", "$schema-template", "$version"})


# The placeholders iotedgedev fills from its environment (its `.env`): `${NAME}` and `$NAME`.
_VARIABLE = lazy_compile(r"\$(?:\{([^}\s]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def variables(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each `${NAME}` and `$NAME` placeholder in `text`; IoT Edge's own
    names (`$edgeAgent`, `$upstream`…) are not placeholders."""
    for match in _VARIABLE.finditer(text):
        if match.group() not in _SYSTEM_NAMES:
            name = match.group(1) if match.group(1) is not None else match.group(2)
            yield match.start(), match.end(), name


def has_placeholder(value: object) -> bool:
    """True if a string contains a template placeholder (and is therefore unknown)."""
    if not isinstance(value, str) or value in _SYSTEM_NAMES or not may_hold_placeholder(value):
        return False
    return any(match.group() not in _SYSTEM_NAMES for match in PLACEHOLDER.finditer(value))


def may_hold_placeholder(value: str) -> bool:
    """False when a string has none of the characters a placeholder starts with (most do not:
    then no pattern needs to run)."""
    return "$" in value or "<" in value or "__" in value or "#{" in value or "%" in value


def placeholder_at(text: str, offset: int) -> int | None:
    """The end of a placeholder that starts exactly at `offset`, else None."""
    match = PLACEHOLDER.match(text, offset)
    return match.end() if match else None
