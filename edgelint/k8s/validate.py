"""Offline validation of the objects against the Kubernetes API schema of one cluster version,
with the JSON schemas the optional `kubernetes-validate` package bundles (`edgelint[k8s]`).

The schemas are the strict ones (unknown fields are errors, as `kubectl apply --validate=strict`
treats them). They check structure and types; what the API server checks beyond them (names,
duplicates, mixed protocols) is what edgelint's rules report.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from importlib.abc import Traversable
    from typing import Any

# Azure Stack Edge 2403 runs Kubernetes v1.27.8 (2309: v1.25.5; 2607: v1.35.0).
DEFAULT_KUBERNETES_VERSION = "1.27"
_PACKAGE = "kubernetes_validate"


class ValidationUnavailable(Exception):
    """The schemas cannot be used: the package is missing or lacks the version."""


def bundled_versions() -> list[str]:
    """The Kubernetes versions (`1.27`) whose schemas the installed package bundles."""
    return sorted(
        {version for path in _schema_root().iterdir() if (version := _version(path.name))},
        key=lambda text: tuple(int(part) for part in text.split(".")),
    )


class Validator:
    """Validates objects against one version's schemas, loaded once per kind."""

    version: str

    def __init__(self, version: str = DEFAULT_KUBERNETES_VERSION) -> None:
        if version not in bundled_versions():
            raise ValidationUnavailable(
                f"kubernetes-validate has no schemas for Kubernetes {version} (it has {', '.join(bundled_versions())})"
            )
        self.version = version
        self._folder = _schema_root() / f"v{version}.0-local-strict"
        self._definitions: Any = None
        self._validators: dict[tuple[str, str], Any] = {}

    def errors(self, body: dict[str, Any]) -> list[str]:
        """`path: message` for each schema error of one object, in document order."""
        validator = self._validator(body["apiVersion"], body["kind"])
        found = sorted(validator.iter_errors(body), key=lambda error: [str(part) for part in error.absolute_path])
        return [f"{_path(error.absolute_path)}: {error.message}" for error in found]

    def _validator(self, api_version: str, kind: str) -> Any:
        key = (api_version, kind)
        if key not in self._validators:
            from jsonschema import Draft202012Validator
            from referencing import Registry, Resource

            # `apps/v1` → `apps-v1`, `v1` → `v1`, as the package names its files.
            group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
            schema = self._load(f"{kind.lower()}-{group}.json")
            if self._definitions is None:
                self._definitions = Resource.from_contents(self._load("_definitions.json"))
            registry = Registry().with_resources([(self._definitions.id(), self._definitions)])
            self._validators[key] = Draft202012Validator(schema, registry=registry)
        return self._validators[key]

    def _load(self, name: str) -> Any:
        path = self._folder / name
        if not path.is_file():
            raise ValidationUnavailable(f"kubernetes-validate has no schema {name} for Kubernetes {self.version}")
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)


def _schema_root() -> Traversable:
    try:
        from importlib.resources import files

        return files(_PACKAGE) / "kubernetes-json-schema"
    except ModuleNotFoundError:
        raise ValidationUnavailable(
            "--validate needs the kubernetes-validate package: pip install 'edgelint[k8s]'"
        ) from None


def _version(folder: str) -> str | None:
    match = re.fullmatch(r"v([0-9]+\.[0-9]+)\.0-local-strict", folder)
    return match.group(1) if match else None


def _path(parts: Iterable[str | int]) -> str:
    """A field path as kubectl prints it: `spec.template.spec.containers[1].env[0].value`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(object)"
