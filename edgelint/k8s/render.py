"""A translation as multi-document YAML: each object under comments that name the manifest
node it comes from and say why the device would reject it (rule findings, the agent's
exceptions, schema validation errors)."""

from __future__ import annotations

import io

from edgelint.k8s.outcomes import outcome

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, TextIO

    from edgelint.engine import Finding
    from edgelint.envfile import Substitution
    from edgelint.k8s.model import K8sObject, TranslationError
    from edgelint.k8s.settings import AgentSettings
    from edgelint.k8s.translate import Translation
    from edgelint.source.nodes import Node
    from edgelint.source.text import SourceText


def render(
    translation: Translation,
    objects: Iterable[K8sObject],
    source: SourceText | Substitution,
    path: str,
    settings: AgentSettings,
    filled: str | None = None,
) -> str:
    """The YAML text of `objects` (part of `translation`), comments included. `filled` says
    which placeholders an env file filled (a header line), when one did."""
    place = _Placer(source, path)
    out = [_header(translation, place, path, settings, filled)]
    dump = _yaml_dumper()
    for obj in objects:
        out.append("---\n")
        out.extend(f"# {line}\n" for line in _object_comments(obj, place))
        buffer = io.StringIO()
        dump(obj.body, buffer)
        out.append(buffer.getvalue())
    return source.redact("".join(out))  # messages and values quote the file: never its secrets


def _header(translation: Translation, place: _Placer, path: str, settings: AgentSettings, filled: str | None) -> str:
    storage = (
        f'claims of storage class "{settings.storage_class}"'
        if settings.storage_class is not None
        else "no storage class: the claims must exist"
    )
    lines = [
        f"Kubernetes objects for {path} as IoT Edge 0.1.0-beta15 on Azure Stack Edge creates them",
        f"(namespace {settings.namespace}; PortBindings Services of type {settings.service_type}; {storage})",
    ]
    placeholders = settings.placeholders()
    if placeholders:
        names, options = (" and ".join(items) for items in zip(*placeholders))
        verb = "are placeholders" if len(placeholders) > 1 else "is a placeholder"
        lines.append(f"{names} {verb}: give the device's own with {options}")
    if filled:
        lines.append(filled)
    lines += [_error_line(error, place, "the whole deployment is rejected") for error in translation.errors]
    lines += [_finding_line(finding) for finding in translation.findings]
    return "".join(f"# {line}\n" for line in lines)


def _object_comments(obj: K8sObject, place: _Placer) -> list[str]:
    lines = [f"{obj.kind} {obj.body['metadata'].get('namespace')}/{obj.name} from {place.node(obj.origin)}"]
    lines += [_error_line(error, place, "no module of the deployment is updated") for error in obj.errors]
    lines += [_finding_line(finding) for finding in obj.findings]
    lines += [f"invalid: {error}" for error in obj.validation_errors]
    return lines


def _error_line(error: TranslationError, place: _Placer, effect: str) -> str:
    where = f" ({place.node(error.node)})" if error.node is not None else ""
    cited = f" {error.rule_id}" if error.rule_id is not None else ""
    return f"rejected{cited}: the agent throws {error.exception}: {error.message}{where}; {effect}"


def _finding_line(finding: Finding) -> str:
    return f"{outcome(finding)} {finding.rule_id} at {finding.path}:{finding.line}:{finding.column}: {finding.message}"


class _Placer:
    """file:line and JSON Pointer of manifest nodes."""

    def __init__(self, source: SourceText | Substitution, path: str) -> None:
        self.source = source
        self.path = path

    def node(self, node: Node) -> str:
        line, _ = self.source.position(node.file_key_span()[0])
        return f"{self.path}:{line} {node.pointer or '/'}"


def _yaml_dumper() -> Callable[[Any, TextIO], None]:
    """A ruamel.yaml dump function: block style, long lines kept, strings quoted wherever a
    YAML 1.1 reader (kubectl) would take them for something else (`yes`, `on`, `12:30`)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.resolver import VersionedResolver

    yaml_1_1 = VersionedResolver(version=(1, 1))

    class Representer(RoundTripRepresenter):
        def represent_str(self, data: str) -> Any:
            plain = yaml_1_1.resolve(ScalarNode, data, (True, False)) == "tag:yaml.org,2002:str"
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=None if plain else '"')

    Representer.add_representer(str, Representer.represent_str)
    yaml = YAML(typ="rt")
    yaml.Representer = Representer
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml.dump
