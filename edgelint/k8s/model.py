"""The objects of a translation, what the agent throws while it builds them, and the per-module
state the mappers share (identity, labels, the `k8s-experimental` options)."""

from __future__ import annotations

from edgelint.edgeagent.create_options import (
    K8S_OPTION_KINDS,
    MAX_CHUNKS,
    chunk_key_problem,
    chunk_order,
    create_options_absent,
    experimental_options,
    json_net_accepts,
    json_text,
)
from edgelint.edgeagent.names import sanitize_annotation_key, sanitize_label_value, sanitize_module_name
from edgelint.k8s.outcomes import AT_RUN_TIME, REJECTED, outcome
from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from edgelint.engine import Finding
    from edgelint.k8s.settings import AgentSettings
    from edgelint.manifest import Module
    from edgelint.source.nodes import Node

MODULE_LABEL = "net.azure-devices.edge.module"
DEVICE_LABEL = "net.azure-devices.edge.deviceid"
HUB_LABEL = "net.azure-devices.edge.hub"
ORIGINAL_MODULE_ID = "net.azure-devices.edge.original-moduleid"

AGENT_ID = "$edgeAgent"
HUB_ID = "$edgeHub"

# The .NET exceptions the agent throws while it maps a module.
NAME_ERROR = "InvalidKubernetesNameException"
READ_ERROR = "JsonSerializationException"
ARGUMENT_ERROR = "ArgumentException"
MOUNT_ERROR = "InvalidMountException"


class TranslationError:
    """An exception the agent throws for a module (or the whole deployment): `rule_id` is the
    rule that reports it at `node` (the manifest node that causes it), `exception` the .NET
    type, `message` says why."""

    __slots__ = ("rule_id", "exception", "message", "node")

    rule_id: str | None  # None: no rule reports it
    exception: str
    message: str
    node: Node | None

    def __init__(self, rule_id: str | None, exception: str, message: str, node: Node | None = None) -> None:
        self.rule_id = rule_id
        self.exception = exception
        self.message = message
        self.node = node

    def __repr__(self) -> str:
        return f"<TranslationError {self.rule_id} {self.exception}: {self.message}>"


class K8sObject:
    """One Kubernetes object. `origin` is the manifest node it comes from; `sources` are the
    nodes whose findings belong to it (findings under a more specific source go to that
    object); `modules` are the modules whose pods use it."""

    __slots__ = ("body", "origin", "sources", "modules", "findings", "errors", "validation_errors")

    body: dict[str, Any]
    origin: Node
    sources: list[Node]
    modules: list[str]
    findings: list[Finding]
    errors: list[TranslationError]
    validation_errors: list[str]

    def __init__(self, body: dict[str, Any], origin: Node, sources: list[Node], modules: list[str]) -> None:
        self.body = body
        self.origin = origin
        self.sources = sources
        self.modules = modules
        self.findings = []
        self.errors = []
        self.validation_errors = []

    def __repr__(self) -> str:
        return f"<K8sObject {self.kind} {self.name}>"

    @property
    def kind(self) -> str:
        return self.body["kind"]

    @property
    def name(self) -> str:
        return self.body["metadata"]["name"]

    @property
    def rejected(self) -> bool:
        """The device refuses it: the agent throws, or a rule reports an error that makes the
        agent or the API server refuse it."""
        return bool(self.errors) or any(outcome(finding) == REJECTED for finding in self.findings)

    @property
    def fails_at_run_time(self) -> bool:
        """Not rejected, but a rule reports an error that makes it fail once it runs."""
        return not self.rejected and any(outcome(finding) == AT_RUN_TIME for finding in self.findings)


def known(value: object) -> bool:
    """A string the template has filled in (the translation of a placeholder is unknown, so
    the preview shows it as written)."""
    return isinstance(value, str) and not has_placeholder(value)


class ModuleMapping:
    """What every mapper of one module needs, and the errors they collect."""

    module: Module
    settings: AgentSettings
    errors: list[TranslationError]
    module_id: str
    name: str
    labels: dict[str, str | None]
    options: dict[str, Node]

    def __init__(self, module: Module, settings: AgentSettings, file_text: str) -> None:
        self.module = module
        self.settings = settings
        self.errors = []
        self._annotations: dict[str, str | None] | None = None
        self._read_create_options(file_text)
        # Module identities: system modules are `$edgeAgent` and `$edgeHub`.
        self.module_id = f"${module.name}" if module.system else module.name
        self.name = self._deployment_name()
        self.labels = {
            MODULE_LABEL: self.name,
            DEVICE_LABEL: sanitize_label_value(settings.device_id),
            HUB_LABEL: sanitize_label_value(settings.iothub_hostname),
        }
        self.options = experimental_options(module.k8s) if settings.k8s_extensions else {}
        for option, node in self.options.items():
            if node.value is not None and node.kind != K8S_OPTION_KINDS[option]:
                self.fail("EL026", READ_ERROR, f"k8s-experimental.{option} is not an {K8S_OPTION_KINDS[option]}", node)
        # ToObject<T>() of each option; the mappers read resources, nodeSelector and the
        # volumes entries themselves and fail on those.
        typed = {name: node for name, node in self.options.items() if name not in ("resources", "nodeSelector")}
        if typed:
            from edgelint.json_net import experimental_read_errors

            for error in experimental_read_errors(typed, entries=False):
                if known(error.node.value) or not isinstance(error.node.value, str):
                    self.fail("EL026", error.exception, f"k8s-experimental.{error.message}", error.node)

    @property
    def is_agent(self) -> bool:
        return self.module_id == AGENT_ID

    @property
    def is_hub(self) -> bool:
        return self.module_id == HUB_ID

    def option(self, name: str) -> Node | None:
        """A k8s-experimental option of the right JSON shape, else None."""
        node = self.options.get(name)
        return node if node is not None and node.kind == K8S_OPTION_KINDS[name] else None

    def label_annotations(self) -> dict[str, str | None]:
        """createOptions.Labels as the pod's and the Service's annotations (Docker labels need
        not follow the rules of Kubernetes labels): keys through sanitize_annotation_key, values
        as they are."""
        if self._annotations is None:
            self._annotations = {}
            labels = self.module.create_option("Labels")
            if labels is not None and labels.kind not in ("object", "null"):
                self.fail("EL039", READ_ERROR, "Labels is not an object", labels)
                labels = None
            for key, node in labels.items() if labels is not None and labels.is_object else ():
                name = sanitize_annotation_key(key) if known(key) else key
                if name is None:
                    self.fail("EL039", NAME_ERROR, f"the label `{key}` gives no valid annotation key", node)
                elif name in self._annotations:
                    # ToDictionary throws on a second equal key (inferred from the code).
                    self.fail(
                        "EL039", ARGUMENT_ERROR, f"the labels `{key}` and another both become annotation `{name}`", node
                    )
                elif node.kind in ("object", "array"):
                    self.fail("EL039", READ_ERROR, f"the value of label `{key}` is not a string", node)
                else:
                    self._annotations[name] = json_text(node.value)
        return self._annotations

    def _read_create_options(self, file_text: str) -> None:
        """DockerConfig: the chunks joined in name order (ChunkedProperty.Validate wants
        createOptions, createOptions01, … without gaps), then read as JSON."""
        chunks = self.module.chunks
        if len(chunks) == 1 and chunks[0][2].kind not in ("string", "object", "null"):
            self.fail("EL027", READ_ERROR, "createOptions is not a JSON object or a string", chunks[0][2])
            return
        not_strings = [node for _, _, node in chunks if node.kind != "string"]
        if len(chunks) > 1 and not_strings:
            self.fail("EL027", READ_ERROR, "a createOptions chunk is not a string", not_strings[0])
            return
        nodes = {key: node for _, key, node in chunks}
        ordered = chunk_order(list(nodes))
        for position, key in enumerate(ordered[:MAX_CHUNKS]):
            if chunk_key_problem(position, key[len("createOptions") :]) is not None:
                self.fail(
                    "EL027",
                    READ_ERROR,
                    f"the createOptions chunks are not numbered without gaps at `{key}`",
                    nodes[key],
                )
                return
        error = self.module.create_options_error
        text = "".join(str(node.value) for _, _, node in chunks if node.is_string)
        if error is None or self.module.create_options_unknown or create_options_absent(text):
            return
        if not json_net_accepts(error, file_text):
            self.fail("EL027", READ_ERROR, f"createOptions cannot be read ({error.message})", chunks[0][2])

    def fail(self, rule_id: str | None, exception: str, message: str, node: Node | None = None) -> None:
        self.errors.append(TranslationError(rule_id, exception, message, node))

    def _deployment_name(self) -> str:
        """ModuleIdentityExtensions.DeploymentName: the object name of every object of the module."""
        if not known(self.module_id):
            return self.module_id
        name = sanitize_module_name(self.module_id)
        if len(name) > 253:
            self.fail(
                "EL018", NAME_ERROR, f"the module name gives a {len(name)}-character name, over 253", self.module.node
            )
        return name

    def metadata(self, **extra: object) -> dict[str, Any]:
        """Object metadata: name, namespace, labels, then `extra` members that are set."""
        meta: dict[str, Any] = {"name": self.name, "namespace": self.settings.namespace, "labels": dict(self.labels)}
        meta.update((key, value) for key, value in extra.items() if value)
        return meta
