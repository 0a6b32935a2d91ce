"""EL000 parse-error: The file or manifest cannot be parsed."""

from edgelint.rule import declare

declare(
    "EL000",
    "parse-error",
    "error",
    "The file or manifest cannot be parsed.",
    tags=("syntax",),
)
