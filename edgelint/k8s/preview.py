"""One manifest file through the preview: lint it (the findings explain the objects), build
the Manifest view, translate, attach the findings, validate, render."""

from __future__ import annotations

from edgelint.k8s.outcomes import AT_RUN_TIME, REJECTED, outcome
from edgelint.k8s.render import render
from edgelint.k8s.translate import Translation, attach_findings, translate
from edgelint.manifest import build_manifest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.k8s.model import K8sObject
    from edgelint.k8s.settings import AgentSettings
    from edgelint.k8s.validate import Validator
    from edgelint.session import Session


class PreviewError(Exception):
    """Nothing to preview: the file does not parse or is no deployment manifest."""


class Preview:
    """The rendered text and what it shows."""

    text: str
    translation: Translation
    objects: list[K8sObject]

    def __init__(self, text: str, translation: Translation, objects: list[K8sObject]) -> None:
        self.text = text
        self.translation = translation
        self.objects = objects

    @property
    def rejected(self) -> bool:
        """The device would refuse part of what is shown (or the deployment as a whole), or
        an object fails schema validation."""
        whole = bool(self.translation.errors) or any(outcome(f) == REJECTED for f in self.translation.findings)
        return whole or any(obj.rejected or obj.validation_errors for obj in self.objects)

    @property
    def fails(self) -> bool:
        """Rejected, or something shown would fail at run time."""
        return (
            self.rejected
            or any(outcome(f) == AT_RUN_TIME for f in self.translation.findings)
            or any(obj.fails_at_run_time for obj in self.objects)
        )

    def summary(self) -> str:
        """`3 objects, 1 rejected, 1 failing at run time`: what is shown and how it fares."""
        rejected = sum(1 for obj in self.objects if obj.rejected)
        at_run_time = sum(1 for obj in self.objects if obj.fails_at_run_time)
        invalid = sum(1 for obj in self.objects if obj.validation_errors)
        parts = [f"{len(self.objects)} object{'s' if len(self.objects) != 1 else ''}", f"{rejected} rejected"]
        if at_run_time:
            parts.append(f"{at_run_time} failing at run time")
        if invalid:
            parts.append(f"{invalid} failing schema validation")
        if self.translation.errors:
            parts.append("the whole deployment rejected")
        return ", ".join(parts)


def preview(
    path: str,
    data: bytes,
    settings: AgentSettings,
    session: Session | None = None,
    module: str | None = None,
    validator: Validator | None = None,
) -> Preview:
    """Preview manifest bytes `data` read from `path`. `session` decides which rules run
    (default: the configuration found for `path`)."""
    from edgelint.engine import lint_bytes
    from edgelint.session import Options, Session

    session = session or Session(Options())
    file_settings = session.settings_for(path)
    result = session.postprocess(
        lint_bytes(path, data, file_settings.rules, device=file_settings.device, env=file_settings.env), path
    )
    if result.document is None and not result.is_manifest:
        raise PreviewError(f"{path} is not an IoT Edge deployment manifest")
    if result.document is None or result.source is None:
        parse_errors = [f"{f.path}:{f.line}:{f.column}: {f.rule_id} {f.message}" for f in result.findings]
        raise PreviewError("\n".join(parse_errors) or f"{path} cannot be parsed")
    substitution = result.substitution  # the manifest as deployed with --env-file, positions on the file
    linted = substitution.text if substitution is not None else result.source
    built = [build_manifest(root, linted.text) for root in result.document.roots]
    manifests = [manifest for manifest in built if manifest is not None]
    if not manifests:
        raise PreviewError(f"{path} is not an IoT Edge deployment manifest")
    translations = [translate(manifest, settings) for manifest in manifests]
    translation = Translation(
        [obj for t in translations for obj in t.objects], [error for t in translations for error in t.errors]
    )
    attach_findings(translation, result.findings)
    objects = translation.objects
    if module is not None:
        names = [m.name for manifest in manifests for m in manifest.modules]
        if module not in names:
            raise PreviewError(f"no module {module!r} in {path} (modules: {', '.join(names) or 'none'})")
        objects = translation.for_module(module)
    if validator is not None:
        for obj in objects:
            obj.validation_errors = validator.errors(obj.body)
    filled = substitution.describe() if substitution is not None else None
    return Preview(
        render(translation, objects, substitution or result.source, path, settings, filled), translation, objects
    )
