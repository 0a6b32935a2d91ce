"""A manifest as the agent on Kubernetes turns it into objects: per module a ServiceAccount,
a Service (only with ports), a Deployment and, with a storage class, PersistentVolumeClaims
(EdgeDeploymentController, KubernetesPlanner)."""

from __future__ import annotations

from edgelint.edgeagent.create_options import case_duplicates
from edgelint.edgeagent.names import sanitize_module_name
from edgelint.edgeagent.versions import parse_schema_version, schema_version_supported
from edgelint.k8s.model import ORIGINAL_MODULE_ID, K8sObject, ModuleMapping, TranslationError, known
from edgelint.k8s.pod import deployment
from edgelint.k8s.service import service
from edgelint.k8s.volumes import claims

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    from edgelint.engine import Finding
    from edgelint.k8s.settings import AgentSettings
    from edgelint.manifest import Manifest, Module
    from edgelint.source.nodes import Node


class Translation:
    """The objects in the order the agent sends them per module, what the agent throws for
    the deployment as a whole (`errors`) and the findings that belong to no object."""

    objects: list[K8sObject]
    errors: list[TranslationError]
    findings: list[Finding]

    def __init__(self, objects: list[K8sObject], errors: list[TranslationError]) -> None:
        self.objects = objects
        self.errors = errors
        self.findings = []

    def for_module(self, name: str) -> list[K8sObject]:
        """The objects a module's pod is made of (a shared claim too)."""
        return [obj for obj in self.objects if name in obj.modules]


def translate(manifest: Manifest, settings: AgentSettings) -> Translation:
    credentials = registry_credentials(manifest)
    objects: list[K8sObject] = []
    claims_by_name: dict[str, K8sObject] = {}
    for module in manifest.modules:
        mapping = ModuleMapping(module, settings, manifest.file_text)
        account = service_account(mapping)
        module_service = service(mapping)
        module_deployment = deployment(mapping, credentials)
        mapping_errors = len(mapping.errors)
        module_claims = claims(mapping)
        if mapping_errors:
            # The reconcile stops at the failed Deployment: the claims are never built.
            del mapping.errors[mapping_errors:]
        module_deployment.errors = mapping.errors
        objects.extend(obj for obj in (account, module_service, module_deployment) if obj is not None)
        for claim in module_claims:
            first = claims_by_name.setdefault(claim.name, claim)
            if first is claim:
                objects.append(claim)
            else:
                # Claims are not named per module: the first mount's claim is the one created,
                # with its access mode (EL043 reports the mounts that want another).
                first.sources.extend(claim.sources)
                if module.name not in first.modules:
                    first.modules.append(module.name)
    return Translation(objects, [*planner_errors(manifest), *config_provider_errors(manifest)])


def service_account(mapping: ModuleMapping) -> K8sObject:
    """KubernetesServiceAccountMapper.CreateServiceAccount."""
    body = {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": mapping.metadata(annotations={ORIGINAL_MODULE_ID: mapping.module.name}),
    }
    return K8sObject(body, mapping.module.node, [], [mapping.module.name])


def planner_errors(manifest: Manifest) -> Iterator[TranslationError]:
    """EdgeAgentConnection: a $edgeAgent schemaVersion the agent does not accept; then
    KubernetesPlanner.PlanAsync: module names that sanitise alike, modules not of type
    docker. Each rejects the whole deployment."""
    desired = manifest.agent_desired
    version = desired.get("schemaVersion") if desired is not None else None
    if version is not None and version.value is not None and known(str(version.value)):
        parsed = parse_schema_version(version.value)
        if parsed is None or not schema_version_supported(parsed):
            yield TranslationError(
                "EL028",
                "InvalidSchemaVersionException",
                f"$edgeAgent schemaVersion `{version.value}` is not accepted",
                version,
            )
    by_name: dict[str, list[Module]] = {}
    for module in manifest.modules:
        if known(module.name):
            by_name.setdefault(sanitize_module_name(module.name), []).append(module)
    for name, modules in by_name.items():
        if len(modules) > 1:
            names = ", ".join(module.name for module in modules)
            yield TranslationError(
                "EL020",
                "InvalidIdentityException",
                f"modules {names} all become `{name}`: a name collision in the Kubernetes namespace",
                modules[1].node,
            )
    for module in manifest.modules:
        kind = module.node.get("type")
        if kind is not None and known(kind.value) and kind.value.lower() != "docker":
            message = f"module {module.name} is of type `{kind.value}`, not docker"
            yield TranslationError("EL029", "InvalidModuleException", message, kind)


def config_provider_errors(manifest: Manifest) -> Iterator[TranslationError]:
    """CombinedKubernetesConfigProvider.GetCombinedConfig, which EdgeDeploymentCommand runs for
    every module before it sends any object: createOptions members outside the agent's model
    that differ only in case make its case-insensitive copy of them throw."""
    for module in manifest.modules:
        for earlier, later, throws in case_duplicates(module.create_options) if module.create_options else ():
            if throws:
                yield TranslationError(
                    "EL034",
                    "ArgumentException",
                    f"the createOptions members `{earlier.key}` and `{later.key}` of {module.name} differ only in case",
                    later,
                )


def registry_credentials(manifest: Manifest) -> list[tuple[Any, Any, Node]]:
    """(address, username, node) of each `runtime.settings.registryCredentials` entry."""
    return [(address.value, username.value, entry) for entry, address, username in manifest.registry_credentials()]


def attach_findings(translation: Translation, findings: Iterable[Finding]) -> None:
    """Give each finding to the object with the most specific source that contains the node
    it names; the others stay with the translation (the manifest as a whole)."""
    for finding in findings:
        best, depth = None, -1
        for obj in translation.objects:
            for source in obj.sources:
                pointer = source.pointer
                if (finding.pointer == pointer or finding.pointer.startswith(pointer + "/")) and len(pointer) > depth:
                    best, depth = obj, len(pointer)
        (best.findings if best is not None else translation.findings).append(finding)
