"""EL033: suppressions that suppress nothing (reported by `edgelint.suppressions`)."""

from edgelint.rule import declare

declare(
    "EL033",
    "unused-suppression",
    "warning",
    "A suppression comment or [[suppress]] entry that suppresses nothing.",
    tags=("suppression",),
    default=False,
)
