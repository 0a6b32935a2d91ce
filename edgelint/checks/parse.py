"""EL000: the engine reports files it cannot parse; this declares the rule."""

from edgelint.rule import declare

declare(
    "EL000",
    "parse-error",
    "error",
    "The file or manifest cannot be parsed.",
    tags=("syntax",),
)
