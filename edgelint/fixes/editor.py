"""Text edits for changes to nodes of the file itself, in the file's own style.

Everything outside the edited nodes stays byte for byte as it was. New members and
elements copy the separator, line break and indentation of their neighbours; JSON and YAML
flow collections are edited alike, YAML block collections line by line (comments on other
lines stay where they are). Changes to one collection (removals and insertions) are
planned together, so that commas and emptied collections come out right.
"""

from __future__ import annotations

import itertools
import json
import re

from edgelint.edgeagent.create_options import CHUNK_SIZE, MAX_CHUNKS
from edgelint.fixes import layout
from edgelint.fixes.errors import CannotFix
from edgelint.fixes.intents import Append, Remove, Rename, Replace, ReplaceChars, SetMember, WriteCreateOptions
from edgelint.fixes.model import Edit
from edgelint.fixes.render import YamlStyle, filled, json_member, json_value
from edgelint.lazy_re import lazy_compile
from edgelint.source.embedded import string_offsets
from edgelint.source.nodes import ARRAY, OBJECT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from edgelint.fixes.intents import Change
    from edgelint.source.nodes import Node

    # an insertion: (the member it follows or None: after the last; its key, None in arrays; its value)
    Insert = tuple[Node | None, str | None, object]
    CharChange = tuple[int, int, str]

_SAFE_WORD = lazy_compile(r"[A-Za-z0-9_.-]*")
_JSON_SEPARATOR = lazy_compile(r"\s*,?\s*")
_TRAILING_SPACE = lazy_compile(r"[ \t]+(?=[\r\n])")
# A YAML comment: '#' at the start of a line or after a blank (outside scalars, checked apart).
_YAML_COMMENT = lazy_compile(r"(?<![^ \t\r\n])#[^\r\n]*")
# A quoted YAML scalar after a key, a dash or a flow separator: which quote the file uses.
_YAML_QUOTE = lazy_compile(r"(?:^|[:\-,\[{])[ \t]*(['\"])", re.M)


class _Plan:
    """Removals and insertions in one collection. An insertion has an anchor (the member
    it follows; None: after the last one), a key (None in arrays) and a value."""

    __slots__ = ("node", "removed", "inserts")

    node: Node
    removed: set[int]
    inserts: list[Insert]

    def __init__(self, node: Node) -> None:
        self.node = node
        self.removed = set()
        self.inserts = []


class FileEditor:
    text: str
    yaml: bool
    edits: list[Edit]
    plans: dict[int, _Plan]
    char_changes: dict[int, tuple[Node, list[CharChange]]]  # id(string node) → (node, changes)
    unit: str
    newline: str
    ascii_only: bool
    moved_comments: list[str]

    def __init__(self, text: str, fmt: str) -> None:
        self.text = text
        self.yaml = fmt == "yaml"
        self.edits = []
        self.plans = {}
        self.char_changes = {}
        self.unit = layout.indent_unit(text)
        self.newline = layout.newline(text)
        self.ascii_only = layout.is_ascii(text)  # new JSON text escapes non-ASCII unless the file has it raw
        self._yaml_style: YamlStyle | None = None
        # YAML comments on what the fix removes or rewrites: they go with the value it
        # writes (the end of its last line), as the entry they describe moves there.
        self.moved_comments = []

    def yaml_style(self, near: Node) -> YamlStyle:
        if self._yaml_style is None:
            quotes = _YAML_QUOTE.findall(self.text)
            quote = "'" if quotes.count("'") > quotes.count('"') else '"'
            offset = layout.sequence_offset(self.text, near, self.unit)
            self._yaml_style = YamlStyle(len(self.unit), offset, quote)
        return self._yaml_style

    def _literal_ascii(self, raw: str) -> bool:
        """Whether a JSON string that replaces `raw` escapes non-ASCII characters: as `raw`
        writes them."""
        if not raw.isascii():
            return False
        return True if "\\u" in raw else self.ascii_only

    # --- changes --------------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        if isinstance(change, Replace):
            self.replace(change.node, change.value)
        elif isinstance(change, Remove):
            parent = change.node.parent
            if parent is None:
                raise CannotFix("the document itself cannot be removed")
            self._plan(parent).removed.add(id(change.node))
            if self.yaml and layout.is_block(self.text, parent):
                start = self._start(change.node, True)
                self._move_comments(change.node, start, layout.line_end(self.text, change.node.end))
        elif isinstance(change, Rename):
            self.rename(change.node, change.key)
        elif isinstance(change, SetMember):
            self.set_member(change.obj, change.path, change.value)
        elif isinstance(change, Append):
            if change.array.kind != ARRAY:
                raise CannotFix("not an array")
            self._plan(change.array).inserts.append((None, None, change.value))
        elif isinstance(change, ReplaceChars):
            entry = self.char_changes.setdefault(id(change.node), (change.node, []))
            entry[1].append((change.start, change.end, change.text))
        elif isinstance(change, WriteCreateOptions):
            self.write_create_options(change.settings, change.parts, change.text)
        else:
            raise CannotFix(f"unknown change {change!r}")

    def _plan(self, node: Node | None) -> _Plan:
        if node is None or node.kind not in (OBJECT, ARRAY):
            raise CannotFix("not a member or element")
        plan = self.plans.get(id(node))
        if plan is None:
            plan = self.plans[id(node)] = _Plan(node)
        return plan

    def replace(self, node: Node, value: object) -> None:
        text = self.text
        if isinstance(value, str) and node.is_string:
            self._edit(node.start, node.end, self._string(node, value))
        elif not self.yaml:
            if node.kind in (OBJECT, ARRAY):
                multiline = layout.is_multiline(text, node)
            else:
                multiline = node.parent is not None and self._members_multiline(node.parent, node)
            indent = layout.line_indent(text, layout.child_start(node)) if multiline else None
            self._edit(node.start, node.end, self._json(value, indent, node.parent or node))
        elif (
            node.parent is not None
            and layout.is_block(text, node.parent)
            and (filled(value) or layout.is_block(text, node))
        ):
            self._replace_block(node, value)
        else:
            self._edit(node.start, node.end, self.yaml_style(node).flow(value, inside=self._in_flow(node)))

    def _in_flow(self, node: Node) -> bool:
        """A YAML node inside a flow collection, where ',' and ':' end a plain scalar."""
        return node.parent is not None and not layout.is_block(self.text, node.parent)

    def _members_multiline(self, container: Node, exclude: Node | None = None) -> bool:
        """Whether a new container value in `container` goes on several lines: when the
        container does, unless its other container values are written on one line."""
        if not layout.is_multiline(self.text, container):
            return False
        return not any(
            kid is not exclude and kid.kind in (OBJECT, ARRAY) and kid.value and not layout.is_multiline(self.text, kid)
            for kid in layout.children(container)
        )

    def _replace_block(self, node: Node, value: object) -> None:
        """A value of a YAML block collection: written from its member's ':' (or its item's
        '- ') as block lines when it is a non-empty collection, else as a flow value."""
        text, newline, style = self.text, self.newline, self.yaml_style(node)
        if node.parent is not None and node.parent.kind == OBJECT:
            start = layout.colon_end(text, node)
            if not filled(value):
                self._edit(start, node.end, " " + style.flow(value))
                return
            if layout.is_block(text, node) and not text[start : layout.line_end(text, start)].split("#")[0].strip():
                start = layout.line_end(text, start)  # a comment after `key:` stays on the key's line
            self._move_comments(node, start, node.end)
            lines = self._with_comments(style.member_lines(node.key, value, layout.column(text, node.key_start))[1:])
            self._edit(start, node.end, "".join(newline + line for line in lines))
            return
        if not filled(value):
            self._edit(node.start, node.end, style.flow(value))
            return
        self._move_comments(node, node.start, node.end)
        dash = layout.column(text, layout.item_start(text, node))
        lines = self._with_comments(style.item_lines(value, dash))
        lines[0] = lines[0][dash + 2 :]
        self._edit(node.start, node.end, newline.join(lines))

    def _move_comments(self, node: Node, start: int, end: int) -> None:
        """Take the YAML comments in text[start:end] (around `node`, outside its scalars)."""
        scalars = [(kid.start, kid.end) for kid in node.walk() if kid.kind not in (OBJECT, ARRAY)]
        scalars += [(kid.key_start, kid.key_end) for kid in node.walk() if kid.key_start >= 0]
        for match in _YAML_COMMENT.finditer(self.text, start, end):
            if not any(a <= match.start() < b for a, b in scalars):
                self.moved_comments.append(match.group().rstrip())

    def _with_comments(self, lines: list[str]) -> list[str]:
        """`lines` (new block lines) with the moved comments after the last one."""
        if self.moved_comments and lines:
            lines[-1] += "  " + "  ".join(self.moved_comments)
            self.moved_comments = []
        return lines

    def rename(self, node: Node, key: str) -> None:
        if key == node.key:
            return
        if node.parent is None:
            raise CannotFix("the document itself has no name")
        if node.parent.get(key) is not None:
            raise CannotFix(f"`{key}` exists already")
        token = self.text[node.key_start : node.key_end]
        if self.yaml:
            style = token[0] if token[:1] in ("'", '"') else ""
            new = self.yaml_style(node).string(key, style, self._in_flow(node))
        else:
            new = _json_string(key, self._literal_ascii(token))
        self._edit(node.key_start, node.key_end, new)

    def set_member(self, obj: Node, path: Sequence[str], value: object) -> None:
        if obj.kind != OBJECT:
            raise CannotFix("not an object")
        target, depth = obj, 0
        while depth < len(path) - 1:
            child = target.get(path[depth])
            if child is None:
                break
            if child.kind != OBJECT:
                raise CannotFix(f"`{path[depth]}` is not an object")
            target, depth = child, depth + 1
        existing = target.get(path[depth])
        if existing is not None:
            if depth < len(path) - 1:
                raise CannotFix(f"`{path[depth]}` is not an object")
            self.replace(existing, value)
            return
        for key in reversed(path[depth + 1 :]):
            value = {key: value}
        self._plan(target).inserts.append((None, path[depth], value))

    def replace_chars(self, node: Node, replacements: Iterable[CharChange]) -> None:
        """Character replacements in one string: each written in place inside the string's
        own syntax where it can be, else the whole string rewritten once."""
        ordered = sorted(replacements)
        for (_, end, _), (start, _, _) in itertools.pairwise(ordered):
            if start < end:
                raise CannotFix("two changes of the fix touch the same characters")
        in_place = [self._escape_in_place(node, start, end, text) for start, end, text in ordered]
        escaped = [text for text in in_place if text is not None]
        if len(escaped) < len(in_place):
            value = node.value
            for start, end, text in reversed(ordered):
                value = value[:start] + text + value[end:]
            self.replace(node, value)
            return
        starts, ends = string_offsets(self.text, node)
        for (start, end, _), written in zip(ordered, escaped):
            if end > start:
                a, b = starts[start], ends[end - 1]
            elif start < len(starts):
                a = b = starts[start]
            else:
                a = b = ends[-1]
            self._edit(a, b, written)

    def _escape_in_place(self, node: Node, start: int, end: int, replacement: str) -> str | None:
        """`replacement` written inside the string's own syntax, or None when the whole
        scalar must be rewritten (an empty string, YAML block scalars, plain scalars whose
        edited part is not a plain word)."""
        style = node.style
        if not node.value:
            return None
        if style is None or style == '"':
            ascii_only = self._literal_ascii(self.text[node.start : node.end]) if style is None else False
            return _json_string(replacement, ascii_only)[1:-1]
        if style == "'" and "\n" not in replacement:
            return replacement.replace("'", "''")
        if (
            style == ""
            and start > 0
            and end < len(node.value)
            and _SAFE_WORD.fullmatch(replacement)
            and _SAFE_WORD.fullmatch(node.value[start:end])
        ):
            return replacement
        return None

    def write_create_options(self, settings: Node, parts: Sequence[Node], text: str) -> None:
        """The chunk members of `settings` rewritten to hold `text` (see chunk_pieces): the
        first chunks keep their place (renamed to createOptions, createOptions01… if need
        be), new chunks follow the last one, chunks no longer needed are removed."""
        pieces = chunk_pieces([part.value for part in parts], text)
        if len(pieces) > MAX_CHUNKS:
            raise CannotFix(f"createOptions would need more than {MAX_CHUNKS} chunks")
        plan = self._plan(settings)
        for index, piece in enumerate(pieces):
            key = "createOptions" if index == 0 else f"createOptions{index:02d}"
            if index < len(parts):
                part = parts[index]
                if part.value != piece:
                    self.replace(part, piece)
                if part.key != key:
                    self.rename(part, key)
            else:
                plan.inserts.append((parts[-1], key, piece))
        for part in parts[len(pieces) :]:
            plan.removed.add(id(part))

    # --- rendering ------------------------------------------------------------------------

    def _string(self, node: Node, value: str) -> str:
        if node.style is None:
            return _json_string(value, self._literal_ascii(self.text[node.start : node.end]))
        style = node.style if node.style in ("", "'", '"') else '"'
        return self.yaml_style(node).string(value, style, self._in_flow(node))

    def _json(self, value: object, indent: str | None, container: Node) -> str:
        kv = layout.key_value_separator(self.text, container)
        separator = ", " if kv.endswith(" ") else ","
        return json_value(value, self.ascii_only, kv, separator, indent, self.unit, self.newline)

    # --- collections ----------------------------------------------------------------------

    def _plan_edits(self, plan: _Plan) -> list[Edit]:
        node, text = plan.node, self.text
        block = self.yaml and layout.is_block(text, node)
        kids = layout.children(node)
        self._check_members(node, kids, block)
        survivors = [kid for kid in kids if id(kid) not in plan.removed]
        if not survivors:
            return self._refill(plan, kids, block)
        edits: list[Edit] = []
        trailing: list[int] | None = None
        index = 0
        while index < len(kids):
            if id(kids[index]) not in plan.removed:
                index += 1
                continue
            last = index
            while last + 1 < len(kids) and id(kids[last + 1]) in plan.removed:
                last += 1
            if last + 1 < len(kids):
                edits.append(Edit(self._start(kids[index], block), self._start(kids[last + 1], block), ""))
            else:
                trailing = [self._after(kids[index - 1], block), self._after(kids[last], block)]
            index = last + 1
        groups: dict[int, tuple[Node, list[tuple[str | None, object]]]] = {}
        for anchor, key, value in plan.inserts:
            anchor = anchor if anchor is not None else survivors[-1]
            if id(anchor) in plan.removed:
                raise CannotFix("insertion after a removed member")
            groups.setdefault(id(anchor), (anchor, []))[1].append((key, value))
        for anchor, items in groups.values():
            position = self._after(anchor, block)
            body = self._block_items(node, anchor, items) if block else self._flow_items(node, kids, anchor, items)
            if trailing is not None and trailing[0] == position:
                edits.append(Edit(position, trailing[1], body))
                trailing = None
            else:
                edits.append(Edit(position, position, body))
        if trailing is not None:
            edits.append(Edit(trailing[0], trailing[1], ""))
        return edits

    def _check_members(self, node: Node, kids: list[Node], block: bool) -> None:
        """CannotFix when the collection holds text its nodes do not show: a member name
        given twice (the tree keeps the last one, so the planned edits would be wrong)."""
        starts = [self._start(kid, block) for kid in kids]
        if any(later <= kid.end for kid, later in zip(kids, starts[1:])):
            raise CannotFix("a member name is given twice")
        if not self.yaml:
            gaps = zip([node.start + 1] + [kid.end for kid in kids], starts + [node.end - 1])
            if not all(_JSON_SEPARATOR.fullmatch(self.text, a, b) for a, b in gaps):
                raise CannotFix("a member name is given twice")

    def _start(self, kid: Node, block: bool) -> int:
        if block and kid.key_start < 0:
            return layout.item_start(self.text, kid)
        return layout.child_start(kid)

    def _after(self, kid: Node, block: bool) -> int:
        return layout.line_end(self.text, kid.end) if block else kid.end

    def _flow_items(self, node: Node, kids: list[Node], anchor: Node, items: list[tuple[str | None, object]]) -> str:
        """Members or elements after `anchor` in a JSON or YAML flow collection, each led by
        the separator that stands between the existing ones."""
        text = self.text
        position = kids.index(anchor)
        if position + 1 < len(kids):
            gap = text[anchor.end : layout.child_start(kids[position + 1])]
        elif position > 0:
            gap = text[kids[position - 1].end : layout.child_start(anchor)]
        else:
            lead = text[node.start + 1 : layout.child_start(anchor)]
            kv = layout.key_value_separator(text, node)
            gap = "," + (lead if "\n" in lead or "\r" in lead else (" " if kv.endswith(" ") else ""))
        gap = _TRAILING_SPACE.sub("", gap)  # the neighbours' line breaks, not their trailing blanks
        broken = max(gap.rfind("\n"), gap.rfind("\r"))
        indent = gap[broken + 1 :] if broken >= 0 and self._members_multiline(node) else None
        return "".join(gap + self._flow_item(node, key, value, indent) for key, value in items)

    def _flow_item(self, node: Node, key: str | None, value: object, indent: str | None) -> str:
        kv = layout.key_value_separator(self.text, node)
        if self.yaml:
            style = self.yaml_style(node)
            rendered = style.flow(value, kv, inside=True)
            return rendered if key is None else style.string(str(key), flow=True) + kv + rendered
        separator = ", " if kv.endswith(" ") else ","
        if key is None:
            return json_value(value, self.ascii_only, kv, separator, indent, self.unit, self.newline)
        return json_member(key, value, self.ascii_only, kv, separator, indent, self.unit, self.newline)

    def _block_items(self, node: Node, anchor: Node, items: list[tuple[str | None, object]]) -> str:
        """Block lines after `anchor`, at its column."""
        column = layout.column(self.text, self._start(anchor, True))
        return "".join(self.newline + line for line in self._block_lines(node, column, items))

    def _block_lines(self, node: Node, column: int, items: list[tuple[str | None, object]]) -> list[str]:
        style = self.yaml_style(node)
        inline = any(
            kid.kind in (OBJECT, ARRAY) and kid.value and not layout.is_block(self.text, kid)
            for kid in layout.children(node)
        )  # the neighbours are flow collections
        lines: list[str] = []
        for key, value in items:
            if node.kind == OBJECT:
                lines.extend(style.member_lines(key, value, column, inline))
            else:
                lines.extend(style.item_lines(value, column))
        return self._with_comments(lines)

    def _refill(self, plan: _Plan, kids: list[Node], block: bool) -> list[Edit]:
        """A collection whose every member is removed, or that was empty: written anew with
        the inserted items, or as `{}` / `[]`."""
        node, text = plan.node, self.text
        items = [(key, value) for _, key, value in plan.inserts]
        if block:
            first, after = self._start(kids[0], True), self._after(kids[-1], True)
            if items:
                column = layout.column(text, first)
                return [Edit(first, after, self.newline.join(self._block_lines(node, column, items))[column:])]
            empty = "{}" if node.kind == OBJECT else "[]"
            if node.parent is not None and node.parent.kind == OBJECT:
                return [Edit(layout.colon_end(text, node), after, " " + empty)]
            return [Edit(node.start, after, empty)]
        if self.yaml and items and not kids and node.parent is not None and layout.is_block(text, node.parent):
            self._replace_block(node, dict(items) if node.kind == OBJECT else [value for _, value in items])
            return []
        if not items:
            return [Edit(node.start + 1, node.end - 1, "")]
        kv = layout.key_value_separator(text, node)
        multiline = not self.yaml and (
            layout.is_multiline(text, node) or (node.parent is not None and self._members_multiline(node.parent, node))
        )
        if multiline:
            indent = layout.line_indent(text, layout.child_start(node))
            inner = indent + self.unit
            rendered = [self._flow_item(node, key, value, inner) for key, value in items]
            body = self.newline + inner + ("," + self.newline + inner).join(rendered) + self.newline + indent
        else:
            rendered = [self._flow_item(node, key, value, None) for key, value in items]
            body = (", " if kv.endswith(" ") else ",").join(rendered)
        return [Edit(node.start + 1, node.end - 1, body)]

    # --- result ---------------------------------------------------------------------------

    def _edit(self, start: int, end: int, replacement: str) -> None:
        self.edits.append(Edit(start, end, replacement))

    def finish(self) -> list[Edit]:
        """The edits of every change, without no-ops; CannotFix if two of them collide."""
        for node, replacements in self.char_changes.values():
            self.replace_chars(node, replacements)
        planned = [edit for plan in list(self.plans.values()) for edit in self._plan_edits(plan)]
        edits = self.edits + planned  # planning may add whole-value edits (emptied YAML blocks)
        edits = sorted(
            {edit for edit in edits if self.text[edit.start : edit.end] != edit.text},
            key=lambda edit: (edit.start, edit.end),
        )
        for before, after in itertools.pairwise(edits):
            if after.start < before.end or after.start == before.start == before.end == after.end:
                raise CannotFix("two changes of the fix touch the same text")
        return edits


def chunk_pieces(old: Sequence[str], text: str) -> list[str]:
    """`text` cut in chunks of at most 512 characters. The boundaries between the `old`
    chunks stay where the text before them is unchanged (and no chunk grows over 512), so
    that a diff shows only the chunks that changed; from the first change on the text is
    cut every 512 characters, as IoT Edge's tools do."""
    same = 0
    previous = "".join(old)
    limit = min(len(previous), len(text))
    while same < limit and previous[same] == text[same]:
        same += 1
    pieces: list[str] = []
    start = end = 0
    for chunk in old[:-1]:
        end += len(chunk)
        if end > same or end - start > CHUNK_SIZE:
            break
        if end > start:
            pieces.append(text[start:end])
            start = end
    pieces += [text[i : i + CHUNK_SIZE] for i in range(start, len(text), CHUNK_SIZE)]
    return pieces or [""]


def _json_string(value: str, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)
