"""Plaintext secrets in a manifest, and how to show text without them.

Where a deployment carries secrets: the registry passwords of $edgeAgent, module `env`
values, createOptions.Env entries and the desired properties of module twins. What counts,
judged on the value (precision before recall: a dummy is never a secret):
- the key of a connection string (`SharedAccessKey=`, `AccountKey=`) and the signature of a
  SAS token (`sr=…&sig=…`), when it looks like key material;
- the body of a PEM private key;
- a registry password, or the value of a variable whose name says password, secret, token or
  key, when it is long and random enough to be one (`looks_random`).

Every output masks a secret the same way (`mask`): its first and last two characters stay,
the rest becomes `*`, so that positions and lengths in the text do not move.
"""

from __future__ import annotations

import re
from functools import lru_cache

from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import has_placeholder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from edgelint.manifest import Manifest
    from edgelint.source.nodes import Node

_KEY_FIELD = lazy_compile(r"(?:SharedAccessKey|AccountKey)=([^;\s\"'&]+)", re.I)
_SAS_SIGNATURE = lazy_compile(r"(?:^|[?&\s])sig=([^&;\s\"']+)", re.I)
_SAS_SCOPE = lazy_compile(r"(?:^|[?&\s])(?:sr|sv|se)=", re.I)
_PEM = lazy_compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----(.+?)-----END [A-Z ]*PRIVATE KEY-----", re.S)
_PEM_BODY = lazy_compile(r"(?:[A-Za-z0-9+/=]|\\n|\s)+")
_NAME_WORDS = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SECRET_WORDS = frozenset({"password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "key", "apikey"})
# names that say the value is about a secret, not the secret itself
_NOT_SECRET_WORDS = frozenset(
    {
        "path",
        "file",
        "dir",
        "url",
        "uri",
        "name",
        "id",
        "type",
        "size",
        "length",
        "public",
        "vault",
        "header",
        "endpoint",
        "expiry",
        "expires",
        "ttl",
        "policy",
        "version",
        "format",
        "mode",
        "enabled",
        "label",
    }
)
# values that spell out one of these are samples, not secrets
_DUMMY_WORDS = (
    "password",
    "passw0rd",
    "changeme",
    "change_me",
    "example",
    "sample",
    "dummy",
    "secret",
    "your",
    "xxxx",
    "test",
    "placeholder",
    "replace",
    "todo",
    "fake",
    "0000",
    "1234",
    "abcd",
    "here",
    "insert",
)
_MIN_RANDOM_LENGTH = 16
_MIN_KEY_LENGTH = 20
_MIN_ENTROPY = 3.5  # bits per character: a 16-character password with varied characters has about 4
_BASE64ISH = lazy_compile(r"[A-Za-z0-9+/=_%.-]+")


@lru_cache(maxsize=1024)  # the same variable names recur in every module and file
def secret_name(name: object) -> str | None:
    """What a variable or property name says its value is (`a password`, `a token`, `a key`,
    `a secret`), or None."""
    words = {word.lower() for word in _NAME_WORDS.findall(str(name))}
    said = words & _SECRET_WORDS
    if not said or words & _NOT_SECRET_WORDS:
        return None
    for kind in ("token", "key", "secret"):
        if kind in said or (kind == "key" and "apikey" in said):
            return f"a {kind}"
    return "a password"


def entropy(value: str) -> float:
    """Shannon entropy of the characters of `value`, in bits per character."""
    import math  # only for values that could be secrets

    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values()) if total else 0.0


def looks_random(value: str, min_length: int = _MIN_RANDOM_LENGTH) -> bool:
    """True if `value` is long and random enough to be a generated secret: no spaces, at
    least `min_length` characters, three kinds of characters (lower, upper, digits,
    others) or hex of 32 digits or more, at least 3.5 bits of entropy per character, no
    placeholder, path or URL, and no word of a sample (`password`, `changeme`, `your`…)."""
    if len(value) < min_length or any(char.isspace() for char in value) or has_placeholder(value):
        return False
    lowered = value.lower()
    if "://" in value or value.startswith("/") or any(word in lowered for word in _DUMMY_WORDS):
        return False
    kinds = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    is_hex = len(value) >= 32 and re.fullmatch(r"[0-9a-fA-F]+", value) is not None
    return (kinds >= 3 or is_hex) and entropy(value) >= _MIN_ENTROPY


def secrets_in(name: object, value: object, named: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, what) of each secret in the string `value` of a variable or property
    called `name`; `named` when the place itself holds a password (registry credentials)."""
    if not isinstance(value, str) or not value:
        return []
    found: list[tuple[int, int, str]] = []
    if "=" in value:  # every key field and SAS parameter has one; most values do not
        for match in _KEY_FIELD.finditer(value):
            if _is_key_material(match.group(1)):
                found.append((*match.span(1), "the key of a connection string"))
        if _SAS_SCOPE.search(value):
            for match in _SAS_SIGNATURE.finditer(value):
                if _is_key_material(match.group(1)):
                    found.append((*match.span(1), "the signature of a SAS token"))
    if "-----BEGIN" in value:
        for match in _PEM.finditer(value):
            body = match.group(1)
            if len(body.strip()) >= 64 and _PEM_BODY.fullmatch(body):
                found.append((*match.span(1), "a private key"))
    said = "a password" if named else secret_name(name)
    if not found and said and looks_random(value):
        found.append((0, len(value), said))
    return found


def _is_key_material(value: str) -> bool:
    return _BASE64ISH.fullmatch(value) is not None and looks_random(value, _MIN_KEY_LENGTH)


def mask(secret: str) -> str:
    """The secret with all but its first and last two characters replaced by `*` (all of it
    when it is too short to keep any)."""
    if len(secret) < 12:
        return "*" * len(secret)
    return secret[:2] + "*" * (len(secret) - 4) + secret[-2:]


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the characters of each (start, end) span masked."""
    if not spans:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        pieces += [text[last:start], mask(text[start:end])]
        last = end
    return "".join(pieces) + text[last:]


def redact(text: str, secrets: Collection[str]) -> str:
    """`text` with every occurrence of each secret (a string) masked."""
    if not secrets or not isinstance(text, str):
        return text
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, mask(secret))
    return text


def mask_value(name: object, value: str | None, named: bool = False) -> str | None:
    """A string value as shown by edgelint: its secrets masked (None stays None)."""
    if value is None:
        return None
    return mask_spans(value, [(start, end) for start, end, _ in secrets_in(name, value, named)])


# --- where a manifest holds them ------------------------------------------------------------


class Secret:
    """One plaintext secret: characters `start:end` of the string `node`, found as `what`
    (`a password`, `the key of a connection string`…); `placeholder` is the iotedgedev-style
    placeholder a fix writes instead; `replaced` is the node whose value the fix replaces and
    `replacement` its new value."""

    __slots__ = ("node", "start", "end", "what", "where", "placeholder", "replaced", "replacement")

    node: Node
    start: int
    end: int
    what: str
    where: str
    placeholder: str
    replaced: Node
    replacement: str

    def __init__(
        self,
        node: Node,
        start: int,
        end: int,
        what: str,
        where: str,
        placeholder: str,
        replaced: Node,
        replacement: str,
    ) -> None:
        self.node = node
        self.start = start
        self.end = end
        self.what = what
        self.where = where
        self.placeholder = placeholder
        self.replaced = replaced
        self.replacement = replacement

    @property
    def value(self) -> str:
        return self.node.value[self.start : self.end]


def _variable(name: object) -> str:
    """An environment variable name for a placeholder: letters, digits and `_`, upper case."""
    return re.sub(r"[^A-Za-z0-9_]", "_", str(name)).upper()


def manifest_secrets(manifest: Manifest) -> list[Secret]:
    """Every plaintext secret of a manifest, in the places deployments hold them."""
    found: list[Secret] = []
    agent = manifest.agent_desired
    runtime = agent.get("runtime") if agent is not None else None
    settings = runtime.get("settings") if runtime is not None and runtime.is_object else None
    credentials = settings.get("registryCredentials") if settings is not None and settings.is_object else None
    for registry, entry in credentials.items() if credentials is not None and credentials.is_object else ():
        password = entry.get("password") if entry.is_object else None
        if password is not None and password.is_string:
            placeholder = "${" + _variable(registry) + "_PASSWORD}"
            for start, end, what in secrets_in("password", password.value, named=True):
                found.append(
                    Secret(
                        password,
                        start,
                        end,
                        what,
                        f"the registry credentials `{registry}`",
                        placeholder,
                        password,
                        placeholder,
                    )
                )
    for module in manifest.modules:
        for variable in module.env_vars():
            node, value = variable.value_node, variable.value
            if node is None or not node.is_string:
                continue
            found_here = secrets_in(variable.name, value)
            if not found_here:  # as nearly every variable: no placeholder to name
                continue
            placeholder = "${" + _variable(variable.name) + "}"
            offset = 0 if variable.source == "env" else len(variable.name) + 1
            replacement = placeholder if variable.source == "env" else f"{variable.name}={placeholder}"
            for start, end, what in found_here:
                found.append(
                    Secret(
                        node,
                        offset + start,
                        offset + end,
                        what,
                        f"`{variable.name}` of module `{module.name}`",
                        placeholder,
                        node,
                        replacement,
                    )
                )
    for twin_name, twin in manifest.twins.items():
        desired = twin.get("properties.desired") if twin.is_object else None
        for node in desired.walk() if desired is not None else ():
            if node.is_string and node.key is not None and not isinstance(node.key, int):
                found_here = secrets_in(node.key, node.value)
                placeholder = "${" + _variable(node.key) + "}" if found_here else ""
                for start, end, what in found_here:
                    found.append(
                        Secret(
                            node,
                            start,
                            end,
                            what,
                            f"`{node.key}` in the twin of `{twin_name}`",
                            placeholder,
                            node,
                            placeholder,
                        )
                    )
    return found
