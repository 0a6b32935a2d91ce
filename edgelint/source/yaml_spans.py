"""YAML into the same Node tree as JSON, with exact spans, via ruamel.yaml's composer.

Only the composer runs: tags never construct Python objects. Aliases are expanded (each
use gets its own subtree and pointer) under a node budget, so alias bombs and recursive
anchors end in a ParseError instead of exhausting memory. Merge keys (`<<`) are applied
as YAML 1.1 defines them: explicit keys win, earlier merged mappings beat later ones.
Nesting is bounded like JSON's, in the composed document and after alias expansion.
"""

from __future__ import annotations

import re

from edgelint.lazy_re import lazy_compile
from edgelint.source import conflicts
from edgelint.source.nodes import ARRAY, BOOL, MAX_DEPTH, NULL, NUMBER, OBJECT, STRING, Node, ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import Node as RNode

# Anchors, aliases, merge keys and explicit keys, which manifests seldom use
_RARE_SYNTAX = lazy_compile(r"(?:^|[\s\[{,])(?:[&*!][^\s,\[\]{}]|<<\s*:|\?(?:[ \r\n]|$))", re.M)

MAX_NODES = 200_000  # nodes that alias expansion may add to those written in the file

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"


def parse_yaml(
    text: str, duplicates: list[tuple[Node, Node]] | None = None, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH
) -> list[Node]:
    """Parse every document of `text`; returns the list of document roots."""
    from ruamel.yaml.error import YAMLError

    try:
        try:
            result = _compose_fast(text, max_depth)
        except YAMLError:
            result = None  # composed again below: edgelint reports the pure-Python parser's messages
        composed, composer = result if result is not None else _compose_pure(text, max_depth)
    except YAMLError as exc:
        raise _parse_error(exc, text) from None
    except RecursionError:  # only when the caller's own stack is already deep
        raise ParseError("YAML nested too deeply", 0) from None
    converter = _Converter(text, duplicates, max_nodes, max_depth, composer.alias_ends)
    return [converter.convert(node) for node in composed if node is not None]


def _compose_fast(text: str, max_depth: int) -> tuple[list[Any], Any] | None:
    """ruamel's node trees of every document, with the composer that made them, from the
    events of libyaml (ruamel.yaml.clib): five times faster than ruamel's own scanner and
    parser, with the same events and marks (character offsets) for the text both accept
    (`_Converter` places empty values alike). None when ruamel.yaml.clib is not installed, or
    for text on which the two would differ."""
    if "\t" in text or "\x85" in text or "\u2028" in text or "\u2029" in text or _RARE_SYNTAX.search(text):
        # where libyaml and ruamel part ways (tabs as separators, YAML 1.1's line breaks, anchors
        # and explicit keys in broken places): as ruamel reads it
        return None
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        return None
    from ruamel.yaml.resolver import VersionedResolver

    loader = _EventSource()
    loader._parser = CParser(text)
    loader._resolver = VersionedResolver(loader=loader)
    composer = _composer_class()(loader)
    composer.max_nesting = max_depth
    composed = []
    while composer.check_node():
        composed.append(composer.get_node())
    return composed, composer


def _compose_pure(text: str, max_depth: int) -> tuple[list[Any], Any]:
    """The same with ruamel's own safe scanner and parser (the round-trip ones also gather
    every comment, which costs about 15% of linting a large YAML file, and edgelint does not
    use them: it reads directives from the text)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _composer_class()
    composer = yaml.composer
    composer.max_nesting = max_depth
    return list(yaml.compose_all(text)), composer


class _EventSource:
    """What ruamel's Composer asks of its loader, for events from libyaml."""

    max_depth = None  # ruamel's own nesting limit: DepthLimitedComposer sets edgelint's
    _parser: Any
    _resolver: Any


_COMPOSER: type[Any] | None = None


def _composer_class() -> type[Any]:
    """ruamel's Composer, which recurses once per level, stopped at `max_nesting` levels of
    collections with a ParseError at the collection that goes too deep. It also notes where
    each alias ends: the node an alias stands for is the anchored one, defined elsewhere."""
    global _COMPOSER
    if _COMPOSER is None:
        from ruamel.yaml.composer import Composer
        from ruamel.yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent

        class DepthLimitedComposer(Composer):
            max_nesting = MAX_DEPTH
            nesting = 0

            def __init__(self, loader: Any = None) -> None:
                super().__init__(loader)
                self.alias_ends: dict[
                    tuple[int, int], int
                ] = {}  # (id(collection), index or id(key node)) → end offset of the alias
                self.warn_double_anchors = False  # a reused anchor is valid YAML: no warning on stderr

            def compose_node(self, parent: Any, index: Any) -> Any:
                event = self.parser.peek_event()
                if isinstance(event, AliasEvent):
                    self.alias_ends[(id(parent), index if isinstance(index, int) else id(index))] = event.end_mark.index
                if not isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                    return super().compose_node(parent, index)
                if self.nesting >= self.max_nesting:
                    raise ParseError(_too_deep(self.max_nesting), event.start_mark.index)
                self.nesting += 1
                try:
                    return super().compose_node(parent, index)
                finally:
                    self.nesting -= 1

        _COMPOSER = DepthLimitedComposer
    return _COMPOSER


def _too_deep(max_depth: int) -> str:
    return f"nesting deeper than {max_depth} levels"


def _parse_error(exc: YAMLError, text: str) -> ParseError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    marker = conflicts.first_marker(text)
    if marker is not None and (mark is None or marker[0] <= mark.index):
        return ParseError(conflicts.MESSAGE, *marker)  # the cause, wherever after it the parser stumbled
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if mark is not None:
        message = " ".join(part for part in (problem, f"({context})" if context else None) if part)
        return ParseError(_sentence(message or str(exc)), mark.index)
    position = getattr(exc, "position", 0)
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return ParseError(_sentence(reason), position if isinstance(position, int) else 0)


def _sentence(message: str) -> str:
    message = " ".join(message.split())
    return message[:1].upper() + message[1:]


class _Converter:
    text: str
    duplicates: list[tuple[Node, Node]] | None
    budget: int
    made: set[int]
    max_depth: int
    alias_ends: dict[tuple[int, int], int]
    merged: dict[int, list[tuple[str, RNode, RNode]]]

    def __init__(
        self,
        text: str,
        duplicates: list[tuple[Node, Node]] | None,
        max_nodes: int,
        max_depth: int,
        alias_ends: dict[tuple[int, int], int],
    ) -> None:
        self.text = text
        self.duplicates = duplicates
        self.budget = max_nodes
        self.made = set()  # ids of the ruamel nodes converted once: another use is an alias's
        self.max_depth = max_depth
        self.alias_ends = alias_ends
        self.merged = {}  # id(mapping node) → its members, merge keys resolved

    def convert(self, rnode: RNode) -> Node:
        root = self._make(rnode)
        # tasks: (ruamel node, our node, ids of ruamel collections on the path, depth)
        stack: list[tuple[RNode, Node, frozenset[int], int]] = [(rnode, root, frozenset(), 1)]
        while stack:
            rnode, node, path, depth = stack.pop()
            if node.kind not in (OBJECT, ARRAY):
                continue
            if id(rnode) in path:
                raise ParseError("Recursive YAML alias: the anchor contains itself", rnode.start_mark.index)
            inner = path | {id(rnode)}
            if node.kind == ARRAY:
                pairs: list[tuple[Any, Any, RNode]] = [(index, None, child) for index, child in enumerate(rnode.value)]
            else:
                pairs = self._members(rnode)
            todo: list[tuple[RNode, Node, frozenset[int], int]] = []
            for key, rkey, rchild in pairs:
                child = self._make(rchild)
                if child.kind in (OBJECT, ARRAY) and depth >= self.max_depth:
                    raise ParseError(_too_deep(self.max_depth), rchild.start_mark.index)
                child.parent = node
                child.key = key
                if node.kind == ARRAY:
                    node.value.append(child)
                else:
                    child.key_start = rkey.start_mark.index
                    child.key_end = rkey.end_mark.index
                    if key in node.value and self.duplicates is not None:
                        self.duplicates.append((node.value[key], child))
                    node.value[key] = child
                todo.append((rchild, child, inner, depth + 1))
            stack.extend(reversed(todo))
        return root

    def _members(self, top: RNode) -> list[tuple[str, RNode, RNode]]:
        """(key, key node, value node) of a mapping, merge keys resolved. Mappings merged
        into mappings are resolved first, without recursion, each once."""
        stack = [(top, False)]
        resolving: set[int] = set()  # mappings whose merge sources are being resolved
        while stack:
            rnode, ready = stack.pop()
            if id(rnode) in self.merged:
                continue
            if ready:
                self.merged[id(rnode)] = self._resolve(rnode)
                resolving.discard(id(rnode))
                continue
            resolving.add(id(rnode))
            stack.append((rnode, True))
            for source in _merge_sources(rnode):
                if id(source) in resolving:
                    raise ParseError("Recursive YAML alias: the anchor contains itself", source.start_mark.index)
                if id(source) not in self.merged:
                    stack.append((source, False))
        return self.merged[id(top)]

    def _resolve(self, rnode: RNode) -> list[tuple[str, RNode, RNode]]:
        explicit = [(_key_text(rkey), rkey, rvalue) for rkey, rvalue in rnode.value if rkey.tag != _MERGE]
        merged = [member for source in _merge_sources(rnode) for member in self.merged[id(source)]]
        if not merged:
            return explicit
        seen = {key for key, _, _ in explicit}
        result: list[tuple[str, RNode, RNode]] = []
        for member in merged:
            if member[0] not in seen:
                seen.add(member[0])
                result.append(member)
        return result + explicit

    def _make(self, rnode: Any) -> Node:  # any ruamel node class: scalars add `style`
        if id(rnode) in self.made:
            self.budget -= 1
        else:
            self.made.add(id(rnode))
        if self.budget < 0:
            raise ParseError("YAML aliases expand to too many nodes", rnode.start_mark.index)
        start = rnode.start_mark.index
        # the node's class, not its tag, says what it is: `!!map foo` is still a scalar
        if _is_mapping(rnode):
            return Node(OBJECT, {}, start, self._end(rnode))
        if _is_sequence(rnode):
            return Node(ARRAY, [], start, self._end(rnode))
        end = self._end(rnode)
        if rnode.start_mark.index == rnode.end_mark.index and not rnode.value and not rnode.style:
            start = end  # an empty value (`key:` and nothing after it): see _end
        if rnode.style in ("|", ">"):
            end = start + len(self.text[start:end].rstrip())
        raw = rnode.value
        if rnode.style == ">":
            raw = raw.replace("\a", "")  # ruamel's round-trip marker for fold positions
        kind, value = _scalar(rnode.tag, raw)
        node = Node(kind, value, start, end)
        node.style = rnode.style or ""
        return node

    def _end(self, rnode: RNode) -> int:
        """End of a node without the trailing line breaks and comments that block
        collections carry in their end mark: where their last value ends."""
        seen: set[int] = set()
        while getattr(rnode, "flow_style", True) is False and rnode.value and id(rnode) not in seen:
            seen.add(id(rnode))
            last = rnode.value[-1]
            if isinstance(last, tuple):
                place, rnode_next = (id(rnode), id(last[0])), last[1]
            else:
                place, rnode_next = (id(rnode), len(rnode.value) - 1), last
            if place in self.alias_ends:  # the value is an alias: it ends where the alias does
                return self.alias_ends[place]
            rnode = rnode_next
        if rnode.start_mark.index == rnode.end_mark.index and not rnode.value and not getattr(rnode, "style", None):
            # an empty value: ruamel places it at the next token, maybe lines further down;
            # it stands right after its indicator
            return _after_indicator(self.text, rnode.end_mark.index)
        return rnode.end_mark.index


def _after_indicator(text: str, index: int) -> int:
    """Where an empty value stands: just after the `:` or `-` before it, passing back over
    blanks, line breaks and comments."""
    position = index
    while True:
        while position > 0 and text[position - 1] in " \t\r\n":
            position -= 1
        line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
        line = text[line_start:position]
        comment = _comment_start(line)
        if comment is None:
            return position
        if not line[:comment].strip():  # a whole-line comment: keep going back
            position = line_start
            continue
        return line_start + len(line[:comment].rstrip())


def _comment_start(line: str) -> int | None:
    """The index of the `#` that starts a comment after a `:` or `-` indicator, or of a
    whole-line comment; None when the line has no such comment."""
    index = line.find("#")
    while index >= 0:
        before = line[:index]
        if not before.strip() or (before[-1] in " \t" and before.rstrip()[-1:] in (":", "-", "?")):
            return index
        index = line.find("#", index + 1)
    return None


def _is_mapping(rnode: RNode) -> bool:
    return type(rnode).__name__ == "MappingNode"


def _is_sequence(rnode: RNode) -> bool:
    return type(rnode).__name__ == "SequenceNode"


def _merge_sources(rnode: RNode) -> list[RNode]:
    """The mappings a mapping merges in with `<<` (a mapping or a sequence of them)."""
    sources: list[RNode] = []
    for rkey, rvalue in rnode.value:
        if rkey.tag == _MERGE:
            candidates = rvalue.value if _is_sequence(rvalue) else [rvalue]
            sources.extend(source for source in candidates if _is_mapping(source))
    return sources


def _key_text(rkey: RNode) -> str:
    """A mapping key as text; a complex key (a mapping or sequence) is named by its value list."""
    if isinstance(rkey.value, str):
        return rkey.value
    return repr(rkey.value)


def _scalar(tag: str, raw: str) -> tuple[str, Any]:
    if tag == _TAG + "null":
        return NULL, None
    if tag == _TAG + "bool":
        return BOOL, raw.lower() == "true"
    if tag == _TAG + "int":
        digits = raw.replace("_", "")
        try:
            if digits.lower().startswith(("0x", "-0x", "+0x", "0o", "-0o", "+0o", "0b")):
                return NUMBER, int(digits, 0)
            return NUMBER, int(digits, 10)
        except ValueError:
            return STRING, raw
    if tag == _TAG + "float":
        lowered = raw.lower().replace("_", "")
        special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
        try:
            return NUMBER, float(special.get(lowered, lowered))
        except ValueError:
            return STRING, raw
    return STRING, raw
