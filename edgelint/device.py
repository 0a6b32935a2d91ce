"""The device profile: what the Azure Stack Edge device a deployment targets offers its modules
(`[tool.edgelint.device]` in pyproject.toml, `[device]` in .edgelint.toml).

The rules read it from the manifest (`manifest.device`), never from the configuration: they
do not know where it came from. Every key is optional; a rule that needs a key it does not
find says nothing.
"""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal

DEFAULT_ARCHITECTURE = "amd64"  # every Azure Stack Edge Pro GPU, Pro 2 and Pro R is x86-64

# The words of image references and platform names that name a CPU architecture or an
# operating system other than Linux, by what they name.
PLATFORM_WORDS = {
    "amd64": "amd64",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "arm64": "arm64",
    "arm64v8": "arm64",
    "aarch64": "arm64",
    "arm32": "arm32",
    "arm32v7": "arm32",
    "arm32v6": "arm32",
    "arm32v5": "arm32",
    "armhf": "arm32",
    "armel": "arm32",
    "armv7": "arm32",
    "armv7l": "arm32",
    "armv7hf": "arm32",
    "armv6": "arm32",
    "i386": "386",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
    "windows": "windows",
    "nanoserver": "windows",
    "windowsservercore": "windows",
}
# What the profile's `architecture` may say: the words of a Linux architecture.
_DEVICE_ARCHITECTURES = sorted(word for word, name in PLATFORM_WORDS.items() if name != "windows")
_KUBERNETES_VERSION = lazy_compile(r"[1-9][0-9]*\.[0-9]+")

# key → (attribute, what it must be, for error messages)
KEYS = {
    "gpus": ("gpus", "a whole number of GPUs, 0 or more"),
    "shares": ("shares", "a list of share names"),
    "memory": ("memory", 'a Kubernetes memory quantity such as "16Gi"'),
    "cpu": ("cpu", 'a Kubernetes CPU quantity such as 8 or "7500m"'),
    "architecture": ("architecture_word", f"one of {', '.join(_DEVICE_ARCHITECTURES)}"),
    "kubernetes-version": ("kubernetes_version", 'a Kubernetes minor version such as "1.27"'),
}


class Quantity:
    """A capacity as written (`text`) and its exact value (a Decimal)."""

    __slots__ = ("text", "value")

    text: str
    value: Decimal

    def __init__(self, text: str, value: Decimal) -> None:
        self.text = text
        self.value = value

    def __str__(self) -> str:
        return self.text


class DeviceProfile:
    """What the device offers. `gpus` (int), `shares` (tuple of names), `memory` and `cpu`
    (Quantity) are None when the profile does not say; `architecture` is the architecture
    the words of the profile name (amd64 unless it says otherwise). `given` holds the keys
    the profile set."""

    __slots__ = ("gpus", "shares", "memory", "cpu", "architecture", "architecture_word", "kubernetes_version", "given")

    gpus: int | None
    shares: tuple[str, ...] | None
    memory: Quantity | None
    cpu: Quantity | None
    architecture: str
    architecture_word: str
    kubernetes_version: str | None
    given: tuple[str, ...]

    def __init__(self) -> None:
        self.gpus = None
        self.shares = None
        self.memory = None
        self.cpu = None
        self.architecture_word = DEFAULT_ARCHITECTURE
        self.architecture = DEFAULT_ARCHITECTURE
        self.kubernetes_version = None
        self.given = ()

    def described(self) -> list[tuple[str, str | None]]:
        """(key, value as text or None when unset) for each key, in KEYS order."""
        values = {
            "gpus": self.gpus,
            "shares": ", ".join(self.shares) if self.shares is not None else None,
            "memory": self.memory,
            "cpu": self.cpu,
            "architecture": self.architecture_word,
            "kubernetes-version": self.kubernetes_version,
        }
        return [(key, None if value is None else str(value)) for key, value in values.items()]


DEFAULT_PROFILE = DeviceProfile()


def parse_profile(table: object, path: str, prefix: str) -> DeviceProfile:
    """A DeviceProfile from the `device` table of the configuration file `path`; `prefix`
    is the table's dotted name (`tool.edgelint.device`). Raises ValueError naming the file
    and the key."""
    if not isinstance(table, dict):
        raise ValueError(f"{path}: '{prefix}' must be a table with the keys {', '.join(KEYS)}")
    profile = DeviceProfile()
    for key, value in table.items():
        if key not in KEYS:
            raise ValueError(f"{path}: unknown key '{prefix}.{key}' (known keys: {', '.join(KEYS)})")
        attribute, description = KEYS[key]
        parsed = _PARSERS[key](value)
        if parsed is None:
            raise ValueError(f"{path}: '{prefix}.{key}' must be {description}, not {value!r}")
        setattr(profile, attribute, parsed)
    profile.architecture = PLATFORM_WORDS[profile.architecture_word]
    profile.given = tuple(key for key in KEYS if key in table)
    return profile


def _gpus(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _shares(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        return None
    return tuple(value)


def _quantity(value: object) -> Quantity | None:
    from edgelint.k8s.quantity import parse_quantity

    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    amount = parse_quantity(value)
    return Quantity(str(value), amount) if amount is not None and amount > 0 else None


def _architecture(value: object) -> str | None:
    return value if isinstance(value, str) and value in _DEVICE_ARCHITECTURES else None


def _kubernetes_version(value: object) -> str | None:
    return value if isinstance(value, str) and _KUBERNETES_VERSION.fullmatch(value) else None


_PARSERS = {
    "gpus": _gpus,
    "shares": _shares,
    "memory": _quantity,
    "cpu": _quantity,
    "architecture": _architecture,
    "kubernetes-version": _kubernetes_version,
}
