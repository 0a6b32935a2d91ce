"""YAML into the same Node tree as JSON, with exact spans, via ruamel.yaml's composer.

Only the composer runs: tags never construct Python objects. Aliases are expanded (each
use gets its own subtree and pointer) under a node budget, so alias bombs and recursive
anchors end in a ParseError instead of exhausting memory. Merge keys (`<<`) are applied
as YAML 1.1 defines them: explicit keys win, earlier merged mappings beat later ones.
"""

from edgelint.source.nodes import ARRAY, BOOL, NULL, NUMBER, OBJECT, STRING, Node, ParseError

MAX_NODES = 200_000

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"


def parse_yaml(text, duplicates=None, max_nodes=MAX_NODES):
    """Parse every document of `text`; returns the list of document roots."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        composed = list(YAML(typ="rt", pure=True).compose_all(text))
    except YAMLError as exc:
        raise _parse_error(exc) from None
    except RecursionError:
        raise ParseError("YAML nested too deeply", 0) from None
    converter = _Converter(text, duplicates, max_nodes)
    return [converter.convert(node) for node in composed if node is not None]


def _parse_error(exc):
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if mark is not None:
        message = " ".join(part for part in (problem, f"({context})" if context else None) if part)
        return ParseError(_sentence(message or str(exc)), mark.index)
    position = getattr(exc, "position", 0)
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return ParseError(_sentence(reason), position if isinstance(position, int) else 0)


def _sentence(message):
    message = " ".join(message.split())
    return message[:1].upper() + message[1:]


class _Converter:
    def __init__(self, text, duplicates, max_nodes):
        self.text = text
        self.duplicates = duplicates
        self.budget = max_nodes

    def convert(self, rnode):
        root = self._make(rnode)
        # tasks: (ruamel node, our node, ids of ruamel collections on the path)
        stack = [(rnode, root, frozenset())]
        while stack:
            rnode, node, path = stack.pop()
            if node.kind not in (OBJECT, ARRAY):
                continue
            if id(rnode) in path:
                raise ParseError("Recursive YAML alias: the anchor contains itself", rnode.start_mark.index)
            inner = path | {id(rnode)}
            if node.kind == ARRAY:
                pairs = [(index, None, child) for index, child in enumerate(rnode.value)]
            else:
                pairs = self._members(rnode)
            todo = []
            for key, rkey, rchild in pairs:
                child = self._make(rchild)
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
                todo.append((rchild, child, inner))
            stack.extend(reversed(todo))
        return root

    def _members(self, rnode):
        """(key, key node, value node) of a mapping, merge keys resolved."""
        explicit, merged = [], []
        for rkey, rvalue in rnode.value:
            if rkey.tag == _MERGE:
                sources = rvalue.value if rvalue.tag == _TAG + "seq" else [rvalue]
                for source in sources:
                    if source.tag == _TAG + "map":
                        merged.extend(self._members(source))
            else:
                explicit.append((_key_text(rkey), rkey, rvalue))
        if not merged:
            return explicit
        seen = {key for key, _, _ in explicit}
        result = []
        for member in merged:
            if member[0] not in seen:
                seen.add(member[0])
                result.append(member)
        return result + explicit

    def _make(self, rnode):
        self.budget -= 1
        if self.budget < 0:
            raise ParseError("YAML aliases expand to too many nodes", rnode.start_mark.index)
        start = rnode.start_mark.index
        tag = rnode.tag
        if tag == _TAG + "map" or type(rnode).__name__ == "MappingNode":
            return Node(OBJECT, {}, start, _end(rnode))
        if tag == _TAG + "seq" or type(rnode).__name__ == "SequenceNode":
            return Node(ARRAY, [], start, _end(rnode))
        end = _end(rnode)
        if rnode.style in ("|", ">"):
            end = start + len(self.text[start:end].rstrip())
        raw = rnode.value
        if rnode.style == ">":
            raw = raw.replace("\a", "")  # ruamel's round-trip marker for fold positions
        kind, value = _scalar(tag, raw)
        node = Node(kind, value, start, end)
        node.style = rnode.style or ""
        return node


def _end(rnode):
    """End of a node without the trailing line breaks and comments that block
    collections carry in their end mark."""
    seen = set()
    while getattr(rnode, "flow_style", True) is False and rnode.value and id(rnode) not in seen:
        seen.add(id(rnode))
        last = rnode.value[-1]
        rnode = last[1] if isinstance(last, tuple) else last
    return rnode.end_mark.index


def _key_text(rkey):
    """A mapping key as text; a complex key (a mapping or sequence) is named by its value list."""
    if isinstance(rkey.value, str):
        return rkey.value
    return repr(rkey.value)


def _scalar(tag, raw):
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
