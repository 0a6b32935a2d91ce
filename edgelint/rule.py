"""Rules: declared metadata plus a generator of problems, and the registry that holds them.

A check receives the Manifest and yields Problems that name a node (never a position);
the engine turns them into Findings with file positions.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from edgelint.fixes.intents import FixIntent
    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node

    Check = Callable[[Manifest], Iterator["Problem"]]
    # a fix intent, or a function that plans it when a report or --fix needs it
    PlannedFix = FixIntent | Callable[[], FixIntent | None]
    Layer = tuple[Iterable[str] | None, Iterable[str] | None, Iterable[str] | None]

LEVELS = ("error", "warning", "note")
LEVEL_RANK = {"note": 0, "warning": 1, "error": 2}
FIX_KINDS = ("none", "safe", "unsafe")

REGISTRY: dict[str, Rule] = {}


class Rule:
    """`default` False makes a rule opt-in: it runs only when selected explicitly
    (`--select EL029`, `--extend-select EL029`), never through a prefix such as `EL`."""

    __slots__ = ("id", "name", "level", "fix_kind", "summary", "tags", "check", "default")

    id: str
    name: str
    level: str
    fix_kind: str  # none, safe or unsafe: the most its fixes offer (each Fix has its own applicability)
    summary: str
    tags: tuple[str, ...]
    check: Check | None
    default: bool

    def __init__(
        self,
        id: str,
        name: str,
        level: str,
        fix: str,
        summary: str,
        tags: Iterable[str],
        check: Check | None,
        default: bool = True,
    ) -> None:
        if level not in LEVELS:
            raise ValueError(f"{id}: unknown level {level!r}")
        if fix not in FIX_KINDS:
            raise ValueError(f"{id}: unknown fix kind {fix!r}")
        self.id = id
        self.name = name
        self.level = level
        self.fix_kind = fix
        self.summary = summary
        self.tags = tuple(tags)
        self.check = check
        self.default = default

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.name}>"


def rule(
    id: str, name: str, level: str, summary: str, fix: str = "none", tags: Iterable[str] = (), default: bool = True
) -> Callable[[Check], Check]:
    """Register the decorated generator `check(manifest)` as rule `id`."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        REGISTRY[id] = Rule(id, name, level, fix, summary, tags, check, default)
        return check

    return register


def declare(
    id: str, name: str, level: str, summary: str, fix: str = "none", tags: Iterable[str] = (), default: bool = True
) -> None:
    """Register a rule whose findings edgelint itself produces (parse errors, unused
    suppressions) rather than a check over the manifest."""
    REGISTRY[id] = Rule(id, name, level, fix, summary, tags, None, default)


class Problem:
    """What a check yields: the node that shows the problem and what to say about it.

    `on_key` points at the member name instead of the value; `part` (start, end) narrows a
    string node to some of its characters (indices into the decoded value); `level`, when
    given, replaces the rule's declared level for this finding only (one rule, one cause,
    different consequences: an error where the pod fails, a warning where it only degrades).
    `fix` is a FixIntent, or a function that makes one (or None) when a report or `--fix`
    needs it: a rule whose fixes cost work to plan need not plan them for a concise report."""

    __slots__ = ("node", "message", "fix", "on_key", "part", "level")

    node: Node
    message: str
    fix: PlannedFix | None
    on_key: bool
    part: tuple[int, int] | None
    level: str | None

    def __init__(
        self,
        node: Node,
        message: str,
        fix: PlannedFix | None = None,
        on_key: bool = False,
        part: tuple[int, int] | None = None,
        level: str | None = None,
    ) -> None:
        if level is not None and level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
        self.node = node
        self.message = message
        self.fix = fix
        self.on_key = on_key
        self.part = part
        self.level = level


def all_rules() -> list[Rule]:
    """Every registered rule, by ID."""
    from edgelint import checks  # noqa: F401  (registers the rules)

    return [REGISTRY[key] for key in sorted(REGISTRY)]


def get_rule(rule_id: str) -> Rule | None:
    from edgelint import checks  # noqa: F401

    return REGISTRY.get(rule_id.upper())


def resolve_rules(layers: Iterable[Layer]) -> list[Rule]:
    """Apply selection layers in order (configuration file, then command line). Each layer
    is (select or None, extend_select, ignore). Opt-in rules need their full ID."""
    enabled = _resolve(layers, {r.id for r in all_rules() if r.default}, opt_in=True)
    return [r for r in all_rules() if r.id in enabled]


def fixable_rules(layers: Iterable[Layer]) -> set[str]:
    """IDs of the rules whose fixes edgelint offers and applies, as ruff's `fixable` and
    `unfixable`: each layer is (fixable or None, extend_fixable, unfixable); by default
    every rule is fixable."""
    return _resolve(layers, {r.id for r in all_rules()}, opt_in=False)


def _resolve(layers: Iterable[Layer], enabled: set[str], opt_in: bool) -> set[str]:
    for replace, extend, remove in layers:
        for candidate in all_rules():
            chosen = _longest(candidate.id, replace) if replace is not None else 0
            extra = _longest(candidate.id, extend or ())
            removed = _longest(candidate.id, remove or ())
            positive = max(chosen, extra)
            if opt_in and not candidate.default and positive < len(candidate.id) + 1:
                positive = 0
            if positive and positive > removed:
                enabled.add(candidate.id)
            elif removed or replace is not None:
                enabled.discard(candidate.id)
    return enabled


def rule_matches(rule_id: str, prefixes: Iterable[str]) -> bool:
    """True if any selector in `prefixes` (IDs, prefixes or ALL) matches `rule_id`."""
    return _longest(rule_id, prefixes) > 0


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """The selectors that match no rule (for a clear usage error)."""
    return [s for s in selectors if canonical_selector(s) is None]


def canonical_selector(selector: str) -> str | None:
    """A selector as edgelint matches it: `ALL`, a rule ID or ID prefix (upper case), or the
    ID of the rule a name such as `file-bind-mount` names; None when it names no rule."""
    upper = selector.upper()
    rules = all_rules()
    if upper == "ALL" or any(r.id.startswith(upper) for r in rules):
        return upper
    return next((r.id for r in rules if r.name == selector.lower()), None)


def canonical_selectors(selectors: Iterable[str]) -> list[str]:
    """Selectors with rule names replaced by IDs (unknown ones kept as given)."""
    return [canonical_selector(s) or s for s in selectors]


def _longest(rule_id: str, prefixes: Iterable[str]) -> int:
    best = 0
    for prefix in prefixes:
        prefix = prefix.upper()
        if prefix == "ALL":
            best = max(best, 1)
        elif rule_id.startswith(prefix):
            best = max(best, len(prefix) + 1)
    return best
