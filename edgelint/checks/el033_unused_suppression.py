"""EL033 unused-suppression: A suppression comment or [[suppress]] entry that suppresses nothing."""

from edgelint.rule import declare

declare(
    "EL033",
    "unused-suppression",
    "warning",
    "A suppression comment or [[suppress]] entry that suppresses nothing.",
    tags=("suppression",),
    default=False,
)
