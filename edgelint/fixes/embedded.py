"""Changes inside a stringified createOptions: made on a Python copy of the whole document,
which is then written back compactly as one string (`WriteCreateOptions`)."""

import json

from edgelint.fixes.errors import CannotFix
from edgelint.fixes.intents import Append, Remove, Rename, Replace, ReplaceChars, SetMember, WriteCreateOptions


def embedded_root(node):
    """The root of the embedded document `node` belongs to, or None for a node of the file."""
    if node.origin is None:
        return None
    while node.parent is not None and node.parent.origin is not None:
        node = node.parent
    return node


def rewrite(root, changes):
    """The WriteCreateOptions change that applies `changes` to the document under `root`."""
    origin = root.origin
    if origin.duplicates:  # the node tree keeps the last of the two: writing it back would drop the other
        raise CannotFix("the createOptions name a member twice; rewriting them would drop one")
    data = root.to_python()
    # where each change applies, found before any change moves things
    targets = [(change, _target(data, root, change)) for change in changes]
    removals = []
    for change, target in sorted(targets, key=lambda pair: _order(pair[0])):
        if isinstance(change, Remove):
            removals.append(target)
        elif isinstance(change, Replace):
            container, key = target
            container[key] = change.value
        elif isinstance(change, ReplaceChars):
            container, key = target
            value = container[key]
            container[key] = value[:change.start] + change.text + value[change.end:]
        elif isinstance(change, Rename):
            _rename(*target, change.key)
        elif isinstance(change, SetMember):
            _set(target, change.path, change.value)
        elif isinstance(change, Append):
            target.append(change.value)
        else:
            raise CannotFix(f"{type(change).__name__} cannot be applied inside createOptions")
    # list indices stay valid: removals come last, the highest index first
    unique = {(id(container), key): (container, key) for container, key in removals}.values()
    for container, key in sorted(unique, key=lambda place: place[1] if isinstance(place[1], int) else 0, reverse=True):
        del container[key]
    try:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=origin.text.isascii(), allow_nan=False)
    except ValueError:  # a number too large for a float, which JSON cannot write back
        raise CannotFix("the createOptions hold a number that cannot be written back exactly") from None
    return WriteCreateOptions(root.parent, origin.parts, text)


def _order(change):
    """Renames after the changes that find a member by its old name; character replacements
    in one string from the last to the first, so that earlier offsets stay valid."""
    if isinstance(change, Rename):
        return (2, 0)
    if isinstance(change, ReplaceChars):
        return (1, -change.start)
    return (0, 0)


def _target(data, root, change):
    """The Python container and key of a change's node, or the Python object of the object
    (SetMember) or array (Append) it changes."""
    if isinstance(change, (SetMember, Append)):
        return _value_at(data, _path(root, change.anchor()))
    path = _path(root, change.node)
    return _value_at(data, path[:-1]), path[-1]


def _path(root, node):
    keys = []
    while node is not root:
        keys.append(node.key)
        node = node.parent
    return keys[::-1]


def _value_at(data, path):
    for key in path:
        data = data[key]
    return data


def _rename(container, old, new):
    if new in container and new != old:
        raise CannotFix(f"`{new}` exists already")
    items = [(new if key == old else key, value) for key, value in container.items()]
    container.clear()
    container.update(items)


def _set(target, path, value):
    for key in path[:-1]:
        target = target.setdefault(key, {})
        if not isinstance(target, dict):
            raise CannotFix(f"`{key}` is not an object")
    target[path[-1]] = value
