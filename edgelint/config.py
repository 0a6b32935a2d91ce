"""Configuration: `[tool.edgelint]` in pyproject.toml or the same keys at the top of
.edgelint.toml, found by walking up from each linted file (the closest file wins; in one
folder .edgelint.toml beats pyproject.toml). `--config FILE` replaces discovery; options
given on the command line beat the file.
"""

from __future__ import annotations

import os
import re
import sys

from edgelint.lazy_re import lazy_compile
from edgelint.report import FORMATS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from edgelint.device import DeviceProfile

CONFIG_NAMES = (".edgelint.toml", "pyproject.toml")
LEVELS = ("error", "warning", "note")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


class Suppression:
    """A `[[suppress]]` entry: findings of `rules` in files matching `files` at or below
    JSON Pointer `pointer` are dropped (for JSON, which has no comments)."""

    __slots__ = ("files", "pointer", "rules", "reason", "index", "origin")

    files: list[str]
    pointer: str
    rules: list[str]
    reason: str
    index: int
    origin: str

    def __init__(self, files: list[str], pointer: str, rules: list[str], reason: str, index: int, origin: str) -> None:
        self.files = files
        self.pointer = pointer
        self.rules = rules
        self.reason = reason
        self.index = index
        self.origin = origin

    def describe(self) -> str:
        return f"[[suppress]] #{self.index + 1} (files {', '.join(self.files)}, pointer {self.pointer or '/'})"


# key → (type check, description) for error messages
_SCHEMA = {
    "select": ("rules", "a list of rule IDs, prefixes or names"),
    "extend-select": ("rules", "a list of rule IDs, prefixes or names"),
    "ignore": ("rules", "a list of rule IDs, prefixes or names"),
    "extend-ignore": ("rules", "a list of rule IDs, prefixes or names"),
    "fixable": ("rules", "a list of rule IDs, prefixes or names"),
    "unfixable": ("rules", "a list of rule IDs, prefixes or names"),
    "per-file-ignores": ("per-file", "a table of glob = [rule IDs, prefixes or names]"),
    "exclude": ("globs", "a list of glob patterns"),
    "extend-exclude": ("globs", "a list of glob patterns"),
    "respect-gitignore": ("bool", "true or false"),
    "force-exclude": ("bool", "true or false"),
    "fail-on": ("level", "one of error, warning, note"),
    "unsafe-fixes": ("bool", "true or false"),
    "baseline": ("path", "a file path"),
    "env-file": ("path", "a file path"),
    "severity": ("severity", "a table of rule ID = error | warning | note"),
    "suppress": ("suppress", "an array of tables with files, pointer, rules and reason"),
    "max-file-size": ("size", 'a size: a number of bytes or a string such as "10 MiB"'),
    "output-format": ("format", "one of " + ", ".join(FORMATS)),
    "device": ("device", "a table of gpus, shares, memory, cpu, architecture and kubernetes-version"),
}


class Config:
    """Settings read from one file (or none: `path` None). Paths in it are resolved
    against `root`, the folder of the file."""

    path: str | None
    root: str
    values: dict[str, Any]

    def __init__(self, path: str | None = None, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        self.values = values or {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def suppressions(self) -> list[Suppression]:
        return self.values.get("suppress", [])


def load_config(path: str) -> Config | None:
    """Read and validate a config file. Raises ConfigError."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    is_pyproject = os.path.basename(path) == "pyproject.toml"
    if is_pyproject and not _may_configure_edgelint(raw):
        return None  # most pyproject.toml files are someone else's: skip the TOML parser (and its imports)
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (line {line}, column {column})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if is_pyproject:
        table = data.get("tool", {}).get("edgelint")
        if table is None:
            return None
        prefix = "tool.edgelint."
    else:
        table, prefix = data, ""
    return Config(path, _validate(table, path, prefix))


# Where a pyproject.toml can define tool.edgelint: a dotted key or table header naming both
# (`[tool.edgelint]`, `tool.edgelint.select = …`, quoted or spaced), a `[tool]` table, or an
# inline `tool = {…}`. A file that only depends on edgelint, or is edgelint's own, has none.
_TOOL_TABLE = rb"""tool["']?\s*\.\s*["']?edgelint|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*="""


def _may_configure_edgelint(raw: bytes) -> bool:
    if b"edgelint" not in raw:
        return False
    import re

    return re.search(_TOOL_TABLE, raw, re.M) is not None


def _validate(table: dict[str, Any], path: str, prefix: str) -> dict[str, Any]:
    from edgelint.rule import canonical_selectors, unknown_selectors

    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _SCHEMA:
            known = ", ".join(sorted(_SCHEMA))
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (known keys: {known})")
        kind, description = _SCHEMA[key]
        where = f"{path}: '{prefix}{key}'"
        if kind == "rules":
            _expect_strings(value, where, description)
            unknown = unknown_selectors(value)
            if unknown:
                raise ConfigError(f"{where}: unknown rule selector {', '.join(unknown)}")
            value = canonical_selectors(value)
        elif kind == "globs":
            _expect_strings(value, where, description)
        elif kind == "per-file":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be {description}")
            for pattern, rules in value.items():
                _expect_strings(rules, f"{where} entry '{pattern}'", "a list of rule IDs, prefixes or names")
                unknown = unknown_selectors(rules)
                if unknown:
                    raise ConfigError(f"{where} entry '{pattern}': unknown rule selector {', '.join(unknown)}")
            value = {pattern: canonical_selectors(rules) for pattern, rules in value.items()}
        elif kind == "format":
            if value not in FORMATS:
                raise ConfigError(f"{where} must be {description}, not {value!r}")
        elif kind == "level":
            if value not in LEVELS:
                raise ConfigError(f"{where} must be {description}, not {value!r}")
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be {description}, not {value!r}")
        elif kind == "path":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where} must be {description}")
        elif kind == "severity":
            value = _validate_severity(value, where, description)
        elif kind == "suppress":
            value = _validate_suppressions(value, where, path)
        elif kind == "device":
            value = _validate_device(value, path, prefix + key)
        elif kind == "size":
            try:
                value = parse_size(value)
            except ValueError:
                raise ConfigError(f"{where} must be {description}, not {value!r}") from None
        values[key] = value
    return values


_SIZE = lazy_compile(r"(\d+(?:\.\d+)?)\s*([kmg]i?b|b|bytes?)?", re.I)
_UNITS = {"kb": 10**3, "kib": 2**10, "mb": 10**6, "mib": 2**20, "gb": 10**9, "gib": 2**30}


def parse_size(value: object) -> int:
    """Bytes for a size: a positive integer, or a string such as "10 MiB", "512KB" or "2000".
    Raises ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and (match := _SIZE.fullmatch(value.strip())):
        size = int(float(match.group(1)) * _UNITS.get((match.group(2) or "").lower(), 1))
    else:
        raise ValueError(f"not a size: {value!r}")
    if size <= 0:
        raise ValueError(f"not a positive size: {value!r}")
    return size


def _expect_strings(value: object, where: str, description: str) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be {description}")


def _validate_severity(value: object, where: str, description: str) -> dict[str, str]:
    from edgelint.rule import REGISTRY, canonical_selector

    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be {description}")
    levels: dict[str, str] = {}
    for rule_id, level in value.items():
        canonical = canonical_selector(rule_id)
        if canonical not in REGISTRY:
            raise ConfigError(f"{where}: unknown rule {rule_id}")
        if level not in LEVELS:
            raise ConfigError(f"{where}: {rule_id} must be one of error, warning, note, not {level!r}")
        levels[canonical] = level
    return levels


def _validate_suppressions(value: object, where: str, path: str) -> list[Suppression]:
    from edgelint.rule import canonical_selectors, unknown_selectors

    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise ConfigError(f"{where} must be an array of tables ([[suppress]])")
    entries: list[Suppression] = []
    for index, entry in enumerate(value):
        here = f"{where} #{index + 1}"
        extra = set(entry) - {"files", "pointer", "rules", "reason"}
        if extra:
            raise ConfigError(f"{here}: unknown key '{sorted(extra)[0]}' (known keys: files, pointer, rules, reason)")
        files = entry.get("files")
        if isinstance(files, str):
            files = [files]
        _expect_strings(files, f"{here} 'files'", "a glob or a list of globs")
        pointer = entry.get("pointer", "")
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise ConfigError(f"{here} 'pointer' must be a JSON Pointer starting with '/'")
        rules = entry.get("rules", ["ALL"])
        _expect_strings(rules, f"{here} 'rules'", "a list of rule IDs, prefixes or names")
        unknown = unknown_selectors(rules)
        if unknown:
            raise ConfigError(f"{here} 'rules': unknown rule selector {', '.join(unknown)}")
        rules = canonical_selectors(rules)
        reason = entry.get("reason", "")
        if not isinstance(reason, str):
            raise ConfigError(f"{here} 'reason' must be a string")
        entries.append(Suppression(files, pointer.rstrip("/"), rules, reason, index, path))
    return entries


# --- the device profile ([tool.edgelint.device], [device] in .edgelint.toml) -------------


def _validate_device(value: object, path: str, name: str) -> DeviceProfile:
    """The DeviceProfile (edgelint.device) of a `device` table."""
    from edgelint.device import parse_profile

    try:
        return parse_profile(value, path, name)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


class ConfigFinder:
    """Finds the config that applies to a file, caching per folder."""

    explicit: Config | None
    _by_dir: dict[str, Config]

    def __init__(self, explicit: str | None = None, isolated: bool = False) -> None:
        if isolated:
            self.explicit = Config()
        elif explicit:
            self.explicit = load_config(explicit) or Config(explicit, {})
        else:
            self.explicit = None
        self._by_dir = {}

    def for_file(self, path: str | None) -> Config:
        if self.explicit is not None:
            return self.explicit
        directory = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        return self.for_dir(directory)

    def for_dir(self, directory: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        chain: list[str] = []
        found: Config | None = None
        current = directory
        while True:
            if current in self._by_dir:
                found = self._by_dir[current]
                break
            chain.append(current)
            found = self._load_in(current)
            if found is not None:
                break
            parent = os.path.dirname(current)
            if parent == current:
                found = Config()
                break
            current = parent
        for folder in chain:
            self._by_dir[folder] = found
        return found

    @staticmethod
    def _load_in(directory: str) -> Config | None:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                config = load_config(candidate)
                if config is not None:
                    return config
        return None
