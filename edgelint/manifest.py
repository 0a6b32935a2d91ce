"""The domain view over a node tree: deployment layout, modules, createOptions, routes.

Layouts recognised (every one seen in real manifests):
- `{"modulesContent": {...}}` and the legacy `{"moduleContent": {...}}`;
- IoT Hub configurations `{"content": {"modulesContent": {...}}}`;
- layered deployments with `"properties.desired.modules.<name>"` keys or one
  `"properties.desired.modules": {...}` object (likewise for routes);
- bare twins: `{"properties": {"desired": {"modules": ..., "systemModules": ...}}}`.
"""

from __future__ import annotations

import re

from edgelint.device import DEFAULT_PROFILE
from edgelint.edgeagent.environment import split_env
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder
from edgelint.source.embedded import parse_embedded
from edgelint.source.nodes import OBJECT, STRING, Node, ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from edgelint.device import DeviceProfile
    from edgelint.rule import PlannedFix, Problem
    from edgelint.secrets import Secret
    from edgelint.source.json_spans import Extremes

AGENT = "$edgeAgent"
HUB = "$edgeHub"
_DESIRED = "properties.desired"
_CHUNK_KEY = lazy_compile(r"createoptions(\d*)", re.I)


class Module:
    """One module of the deployment (`system` for edgeAgent and edgeHub)."""

    __slots__ = (
        "name",
        "node",
        "system",
        "layered",
        "settings",
        "create_options",
        "create_options_error",
        "create_options_unknown",
        "chunks",
        "_host_config",
        "memo",
    )

    name: str
    node: Node
    system: bool
    layered: str | None
    settings: Node | None
    create_options: Node | None
    create_options_error: ParseError | None
    create_options_unknown: bool
    chunks: list[tuple[int, str, Node]]
    _host_config: tuple[Node | None, Node | None]
    memo: dict[object, Any]

    def __init__(self, name: str, node: Node, system: bool, layered: str | None) -> None:
        self.name = name
        self.node = node
        self.system = system
        self.layered = layered
        self.settings = node.get("settings")
        self.create_options = None
        self.create_options_error = None
        self.create_options_unknown = False
        self.chunks = []
        self._host_config = (None, None)  # (createOptions, its HostConfig object) once looked up
        self.memo = {}  # what several rules derive from the module, computed once (edgelint.edgeagent.memo)

    def __repr__(self) -> str:
        return f"<Module {self.name}>"

    @property
    def name_is_placeholder(self) -> bool:
        return has_placeholder(self.name)

    @property
    def env(self) -> Node | None:
        """The module's `env` section (name → {"value": ...})."""
        env = self.node.get("env")
        return env if env is not None and env.kind == OBJECT else None

    def env_vars(self) -> list[EnvVar]:
        """Every environment variable the module sets, in container order: the `env`
        section first, then createOptions.Env (which wins on the device for equal names).
        Entries the agent drops (no '=') are not included. Computed once: callers must not
        change the list."""
        variables: list[EnvVar] | None = self.memo.get("env_vars")
        if variables is not None:
            return variables
        variables = self.memo["env_vars"] = []
        env = self.env
        if env is not None:
            for name, node in env.items():
                value = node.get("value") if node.kind == OBJECT else None
                variables.append(EnvVar(name, value.value if value is not None else None, node, None, value, "env"))
        for entry in _array_items(self.create_option("Env"), STRING):
            parsed = split_env(entry.value)
            if parsed is not None:
                name, text = parsed
                variables.append(EnvVar(name, text, entry, (0, len(name)), entry, "createOptions"))
        return variables

    def create_option(self, key: str) -> Node | None:
        """A top-level createOptions member, matched case-insensitively as Docker does."""
        if self.create_options is None:
            return None
        return self.create_options.get_ci(key)

    @property
    def host_config(self) -> Node | None:
        # the rules ask for HostConfig members dozens of times per module: look it up once
        # for the createOptions the module has
        options, host_config = self._host_config
        if options is not self.create_options or options is None:
            options = self.create_options
            host_config = self.create_option("HostConfig")
            if host_config is not None and host_config.kind != OBJECT:
                host_config = None
            self._host_config = (options, host_config)
        return host_config

    def host_option(self, key: str) -> Node | None:
        host_config = self.host_config
        return host_config.get_ci(key) if host_config is not None else None

    def binds(self) -> list[Node]:
        """String entries of HostConfig.Binds."""
        return _array_items(self.host_option("Binds"), STRING)

    def mounts(self) -> list[Node]:
        """Object entries of HostConfig.Mounts."""
        return _array_items(self.host_option("Mounts"), OBJECT)

    def exposed_ports(self) -> list[Node]:
        """Members of ExposedPorts (the port key is each node's member name)."""
        return _members(self.create_option("ExposedPorts"))

    def port_bindings(self) -> list[Node]:
        """Members of HostConfig.PortBindings (port key → list of bindings)."""
        return _members(self.host_option("PortBindings"))

    @property
    def k8s(self) -> Node | None:
        """The `k8s-experimental` section; edgeAgent matches this key case-sensitively."""
        if self.create_options is None:
            return None
        return self.create_options.get("k8s-experimental")

    def k8s_option(self, key: str) -> Node | None:
        """A member of the `k8s-experimental` section; the agent matches these keys
        case-insensitively."""
        k8s = self.k8s
        return k8s.get_ci(key) if k8s is not None else None


def _array_items(node: Node | None, kind: str) -> list[Node]:
    if node is None or node.kind != "array":
        return []
    return [item for item in node.value if item.kind == kind]


def _members(node: Node | None) -> list[Node]:
    if node is None or node.kind != OBJECT:
        return []
    return list(node.value.values())


class EnvVar:
    """One environment variable. `node` and `name_part` locate its name: for the `env`
    section the member name of `node`, for createOptions.Env characters of the entry."""

    __slots__ = ("name", "value", "node", "name_part", "value_node", "source")

    name: str
    value: Any
    node: Node
    name_part: tuple[int, int] | None
    value_node: Node | None
    source: str

    def __init__(
        self, name: str, value: Any, node: Node, name_part: tuple[int, int] | None, value_node: Node | None, source: str
    ) -> None:
        self.name = name
        self.value = value
        self.node = node
        self.name_part = name_part
        self.value_node = value_node
        self.source = source

    def __repr__(self) -> str:
        return f"<EnvVar {self.name}={self.value!r} from {self.source}>"

    def name_problem(self, message: str, fix: PlannedFix | None = None) -> Problem:
        """A Problem that points at the variable's name."""
        from edgelint.rule import Problem

        if self.source == "env":
            return Problem(self.node, message, fix=fix, on_key=True)
        return Problem(self.node, message, fix=fix, part=self.name_part)


class Route:
    """One edgeHub route; `node` is the route string (or the `route` member of a route object)."""

    __slots__ = ("name", "node", "container")

    name: str
    node: Node
    container: Node

    def __init__(self, name: str, node: Node, container: Node) -> None:
        self.name = name
        self.node = node
        self.container = container

    @property
    def text(self) -> str | None:
        return self.node.value if self.node.kind == STRING else None


class Manifest:
    """A deployment manifest in any of the supported layouts."""

    root: Node
    layout: str
    file_text: str
    agent: Node | None
    agent_desired: Node | None
    hub: Node | None
    hub_desired: Node | None
    modules: list[Module]
    routes: list[Route]
    twins: dict[str, Node]
    format: str
    duplicates: list[tuple[Node, Node]]
    device: DeviceProfile
    secrets: list[Secret]
    extremes: Extremes | None

    def __init__(self, root: Node, layout: str, file_text: str) -> None:
        self.root = root
        self.layout = layout
        self.file_text = file_text
        self.agent = None  # $edgeAgent twin object (holds properties.desired or layered keys)
        self.agent_desired = None
        self.hub = None
        self.hub_desired = None
        self.modules = []
        self.routes = []
        self.twins = {}  # module name → its own twin object in modulesContent
        self.format = "json"  # of the file: "json" or "yaml" (set by the engine)
        self.duplicates = []  # (earlier, later) members of one object with the same name (set by the engine)
        self.device = DEFAULT_PROFILE  # the DeviceProfile of the device it targets (set by the engine)
        self.secrets = []  # its plaintext secrets, edgelint.secrets.Secret (set by the engine)
        self.extremes = None  # its document's deepest nesting and longest string, when measured (set by the engine)

    def module(self, name: str) -> Module | None:
        for module in self.modules:
            if module.name == name:
                return module
        return None

    def registry_credentials(self) -> list[tuple[Node, Node, Node]]:
        """(entry, address, username) nodes of each `runtime.settings.registryCredentials` entry
        whose address and username are strings (the agent reads the names in any case)."""
        runtime = self.agent_desired.get("runtime") if self.agent_desired is not None else None
        settings = runtime.get("settings") if runtime is not None and runtime.kind == OBJECT else None
        entries = settings.get("registryCredentials") if settings is not None and settings.kind == OBJECT else None
        credentials: list[tuple[Node, Node, Node]] = []
        for _, entry in entries.items() if entries is not None and entries.kind == OBJECT else ():
            if entry.kind != OBJECT:
                continue
            address, username = entry.get_ci("address"), entry.get_ci("username")
            if address is not None and username is not None and address.is_string and username.is_string:
                credentials.append((entry, address, username))
        return credentials


def build_manifest(root: Node | None, file_text: str) -> Manifest | None:
    """The Manifest view of a document root, or None when it is not an IoT Edge manifest."""
    if root is None or root.kind != OBJECT:
        return None
    content = root.get("content")
    if content is not None and content.kind == OBJECT:
        for key in ("modulesContent", "moduleContent"):
            modules_content = content.get(key)
            if modules_content is not None:
                return _from_modules_content(root, modules_content, "configuration", file_text)
    for key in ("modulesContent", "moduleContent"):
        modules_content = root.get(key)
        if modules_content is not None:
            return _from_modules_content(root, modules_content, key, file_text)
    if root.get(AGENT) is not None:
        return _from_modules_content(root, root, "twins", file_text)
    properties = root.get("properties")
    desired = properties.get("desired") if properties is not None else None
    if desired is not None and desired.kind == OBJECT:
        if desired.get("modules") is not None or desired.get("systemModules") is not None:
            manifest = Manifest(root, "agent-twin", file_text)
            manifest.agent = root
            manifest.agent_desired = desired
            _collect_agent(manifest, desired, None)
            return manifest
        if desired.get("routes") is not None and desired.get("storeAndForwardConfiguration") is not None:
            manifest = Manifest(root, "hub-twin", file_text)
            manifest.hub = root
            manifest.hub_desired = desired
            _collect_routes(manifest, desired.get("routes"))
            return manifest
    return None


def _from_modules_content(root: Node, modules_content: Node, layout: str, file_text: str) -> Manifest | None:
    if modules_content.kind != OBJECT:
        return None
    agent = modules_content.get(AGENT)
    hub = modules_content.get(HUB)
    if agent is None and hub is None:
        return None
    manifest = Manifest(root, layout, file_text)
    if agent is not None and agent.kind == OBJECT:
        manifest.agent = agent
        desired = agent.get(_DESIRED)
        if desired is not None and desired.kind == OBJECT:
            manifest.agent_desired = desired
            _collect_agent(manifest, desired, None)
        _collect_layered_modules(manifest, agent)
    if hub is not None and hub.kind == OBJECT:
        manifest.hub = hub
        desired = hub.get(_DESIRED)
        if desired is not None and desired.kind == OBJECT:
            manifest.hub_desired = desired
            _collect_routes(manifest, desired.get("routes"))
        for key, node in hub.items():
            if key == _DESIRED + ".routes":
                _collect_routes(manifest, node)
            elif key.startswith(_DESIRED + ".routes."):
                _add_route(manifest, key[len(_DESIRED + ".routes.") :], node)
    for key, node in modules_content.items():
        if key not in (AGENT, HUB):
            manifest.twins[key] = node
    return manifest


def _collect_agent(manifest: Manifest, desired: Node, layered: str | None) -> None:
    for section, system in (("systemModules", True), ("modules", False)):
        modules = desired.get(section)
        if modules is not None and modules.kind == OBJECT:
            for name, node in modules.items():
                _add_module(manifest, name, node, system, layered)


def _collect_layered_modules(manifest: Manifest, agent: Node) -> None:
    for key, node in agent.items():
        if not key.startswith(_DESIRED + "."):
            continue
        path = key[len(_DESIRED) + 1 :]
        for section, system in (("systemModules", True), ("modules", False)):
            if path == section and node.kind == OBJECT:
                for name, module in node.items():
                    _add_module(manifest, name, module, system, "object")
            elif path.startswith(section + "."):
                _add_module(manifest, path[len(section) + 1 :], node, system, "key")


def _add_module(manifest: Manifest, name: str, node: Node, system: bool, layered: str | None) -> None:
    if node.kind != OBJECT:
        return
    module = Module(name, node, system, layered)
    _load_create_options(module, manifest.file_text)
    manifest.modules.append(module)


def _collect_routes(manifest: Manifest, routes: Node | None) -> None:
    if routes is None or routes.kind != OBJECT:
        return
    for name, node in routes.items():
        _add_route(manifest, name, node)


def _add_route(manifest: Manifest, name: str, node: Node) -> None:
    if node.kind == OBJECT:
        inner = node.get("route")
        if inner is not None:
            manifest.routes.append(Route(name, inner, node))
    else:
        manifest.routes.append(Route(name, node, node))


def _load_create_options(module: Module, file_text: str) -> None:
    settings = module.settings
    if settings is None or settings.kind != OBJECT:
        return
    chunks: list[tuple[int, str, Node]] = []
    for key, node in settings.items():
        match = _CHUNK_KEY.fullmatch(key)
        if match:
            chunks.append((int(match.group(1)) if match.group(1) else 0, key, node))
    if not chunks:
        return
    chunks.sort(key=lambda chunk: chunk[0])
    module.chunks = chunks
    if len(chunks) == 1 and chunks[0][2].kind == OBJECT:
        module.create_options = chunks[0][2]
        return
    parts = [node for _, _, node in chunks]
    if any(part.kind != STRING for part in parts):
        return  # reported by the createOptions rule; nothing to analyse
    joined = "".join(part.value for part in parts)
    if not joined.strip():
        return
    root, error = parse_embedded(file_text, parts, settings, "createOptions")
    if root is None:
        module.create_options_error = error
        module.create_options_unknown = has_placeholder(joined)
    elif root.kind != OBJECT:
        module.create_options_error = ParseError(
            f"createOptions must be a JSON object, not {_article(root.kind)}", *root.file_span()
        )
    else:
        module.create_options = root


def _article(kind: str) -> str:
    return {"array": "an array", "string": "a string", "number": "a number", "bool": "a boolean"}.get(kind, kind)


def member_name_node(node: Node, file_text: str) -> Node:
    """A string node spanning the member name of `node` (a module key, an env name...),
    so that rules can point at a name or at part of it."""
    key = Node(STRING, str(node.key), node.key_start, node.key_end, node.origin)
    key.parent = node.parent
    key.key = node.key
    source = node.origin.text if node.origin is not None else file_text
    first = source[node.key_start] if 0 <= node.key_start < len(source) else '"'
    key.style = None if first == '"' else ("'" if first == "'" else "")
    return key


# --- deployment keys written another way --------------------------------------------------

CONTENT_KEYS = ("modulesContent", "moduleContent")
_SEPARATORS = str.maketrans("", "", "$_-. ")


def misspelled_keys(root: Node | None) -> list[tuple[Node, str]]:
    """(member node, the key meant) for each deployment key that is written another way in
    a document: `modulescontent`, `edgeAgent` without `$`, `properties.Desired`. Readers
    take these keys exactly, so whatever is below such a key is neither deployed nor linted.
    Only the places of the layouts are looked at, never the contents of modules."""
    found: list[tuple[Node, str]] = []
    if root is None or root.kind != OBJECT:
        return found
    containers = [root]
    content = root.get("content")
    if content is not None and content.kind == OBJECT:
        containers.append(content)
    twins: list[Node] = []
    for container in containers:
        for key, node in container.items():
            meant = key if key in CONTENT_KEYS else _near(key, CONTENT_KEYS, 2)
            if meant is None:
                continue
            if meant != key:
                found.append((node, "modulesContent"))
            twins.extend(_twins(node, found))
    # a bare twin at the top (`{"$edgeAgent": {...}}`) counts when it holds desired properties
    for key, node in root.items():
        meant = _near(key, (AGENT, HUB), 1 if key.startswith("$") else 0)
        if meant is not None and meant != key and _desired_keys(node):
            found.append((node, meant))
            twins.append(node)
        elif key in (AGENT, HUB):
            twins.append(node)
    for twin in twins:
        for node, meant in _desired_keys(twin):
            if node.key != meant and not str(node.key).startswith(_DESIRED + "."):
                found.append((node, meant))
    return found


def _twins(modules_content: Node, found: list[tuple[Node, str]]) -> list[Node]:
    """The twin objects of a modulesContent; $edgeAgent and $edgeHub written another way are
    noted in `found`. A module's own twin cannot be named with a `$`, so only such names may
    be one edit off."""
    twins: list[Node] = []
    for key, node in modules_content.items():
        if node.kind != OBJECT:
            continue
        meant = key if key in (AGENT, HUB) else _near(key, (AGENT, HUB), 1 if key.startswith("$") else 0)
        if meant is not None and meant != key:
            found.append((node, meant))
        twins.append(node)
    return twins


def _desired_keys(twin: Node) -> list[tuple[Node, str]]:
    """(member, `properties.desired` or its layered form) for the members of a twin object
    that are, or nearly are, its desired properties."""
    keys: list[tuple[Node, str]] = []
    if twin.kind != OBJECT:
        return keys
    for key, node in twin.items():
        lowered = key.lower()
        if lowered.startswith(_DESIRED + "."):  # a layered key: `properties.desired.modules.x`
            keys.append((node, _DESIRED + key[len(_DESIRED) :]))
        elif _near(key, (_DESIRED,), 2) is not None:
            keys.append((node, _DESIRED))
    return keys


def _near(key: str, targets: tuple[str, ...], distance: int) -> str | None:
    """The target `key` stands for: the same but for case, `$` and separators, or within
    `distance` edits (letters swapped, missing, extra or wrong) of it; else None."""
    canonical = key.translate(_SEPARATORS).lower()
    for target in targets:
        wanted = _canonical_targets.get(target)
        if wanted is None:
            wanted = _canonical_targets[target] = target.translate(_SEPARATORS).lower()
        if canonical == wanted:
            return target
        # each edit brings in at most one letter the target lacks: a quick bound before the table
        if (
            distance
            and sum(char not in wanted for char in canonical) <= distance
            and _edits(canonical, wanted, distance) <= distance
        ):
            return target
    return None


_canonical_targets: dict[str, str] = {}  # a target of _near → its canonical form


def _edits(first: str, second: str, limit: int) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions and swaps of
    neighbours), or limit + 1 once it exceeds `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous: list[int] = []
    current = list(range(len(second) + 1))
    for i in range(1, len(first) + 1):
        before, previous, current = previous, current, [i] + [0] * len(second)
        for j in range(1, len(second) + 1):
            cost = first[i - 1] != second[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
    return current[-1]


def misspelled_layout(root: Node | None, file_text: str) -> Manifest | None:
    """A Manifest for a document that is no manifest only because deployment keys are
    misspelled, so that their rule can report them; None for any other document."""
    if root is None or not misspelled_keys(root):
        return None
    return Manifest(root, "misspelled", file_text)
