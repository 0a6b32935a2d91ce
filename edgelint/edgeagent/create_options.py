"""Reading createOptions as the agent's Json.NET models do: chunks, members, k8s-experimental, numbers and booleans, the syntax Json.NET tolerates."""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from edgelint.source.nodes import Node, ParseError


# createOptions chunking (Docker/Constants.cs: TwinValueMaxSize, TwinValueMaxChunks).
CHUNK_SIZE = 512

MAX_CHUNKS = 100

# CombinedKubernetesConfigProvider reads this createOptions member case-sensitively.
K8S_SECTION = "k8s-experimental"

# KubernetesExperimentalCreatePodParameters.KnownExperimentalOptions (case-insensitive).
K8S_OPTIONS = ("nodeSelector", "resources", "volumes", "securityContext", "serviceOptions", "strategy")

# Fields of a container's V1SecurityContext that the pod-level V1PodSecurityContext, which
# `k8s-experimental.securityContext` is read as, does not have: they are dropped.
CONTAINER_ONLY_SECURITY_FIELDS = (
    "allowPrivilegeEscalation",
    "capabilities",
    "privileged",
    "procMount",
    "readOnlyRootFilesystem",
)


def chunk_order(keys: Iterable[str]) -> list[str]:
    """The createOptions chunk keys in the order DockerConfig joins them: JsonEx.ChunkedValue
    sorts them ordinally, ignoring case (so `createOptions10` comes before `createOptions2`)."""
    return sorted(keys, key=str.upper)


def chunk_key_problem(position: int, suffix: str) -> str | None:
    """ChunkedProperty.Validate for the chunk at `position` (0-based, in chunk_order) whose
    key ends in the digits `suffix`: the first must have none, the n-th must parse as n.
    Returns the expected suffix when the agent throws, else None."""
    if position == 0:
        return "" if suffix else None
    if suffix and int(suffix) == position:
        return None
    return f"{position:02d}"


# KubernetesExperimentalCreatePodParameters: the JSON shape each option is read as; any other
# shape makes the deserialisation, and so the whole deployment, fail.
K8S_OPTION_KINDS = {
    "nodeSelector": "object",
    "resources": "object",
    "volumes": "array",
    "securityContext": "object",
    "serviceOptions": "object",
    "strategy": "object",
}

# The members of createOptions that edgeAgent's CreateContainerParameters model reads (Json.NET
# matches them in any case; a later casing replaces an earlier one). Every other member goes
# to its OtherProperties, which CombinedKubernetesConfigProvider.GetCombinedConfig copies into
# a Dictionary with StringComparer.OrdinalIgnoreCase: two of them that differ only in case
# make that copy throw, for every module of the deployment.
CREATE_OPTIONS_MODEL_MEMBERS = ("Env", "ExposedPorts", "HostConfig", "Image", "Labels", "NetworkingConfig")


def case_duplicates(create_options: Node) -> list[tuple[Node, Node, bool]]:
    """(earlier, later, throws) for the top-level createOptions members (an object node) whose
    names differ only in case; `throws` is True for members outside the model."""
    model = {name.lower() for name in CREATE_OPTIONS_MODEL_MEMBERS}
    first: dict[str, Node] = {}
    found: list[tuple[Node, Node, bool]] = []
    for name, node in create_options.items():
        earlier = first.setdefault(name.lower(), node)
        if earlier is not node:
            found.append((earlier, node, name.lower() not in model))
    return found


def create_options_absent(text: str) -> bool:
    """DockerConfig.GetCreateOptions: blank createOptions or the text `null` mean none."""
    return not text.strip() or text.strip().lower() == "null"


def experimental_options(section: Node | None) -> dict[str, Node]:
    """KubernetesExperimentalCreatePodParameters.PrepareSupportedOptionsStore: the known
    options of a `k8s-experimental` object node by their canonical name. Names match in any
    case and a later duplicate replaces an earlier one; other keys are dropped."""
    known = {name.lower(): name for name in K8S_OPTIONS}
    options: dict[str, Node] = {}
    for name, node in section.items() if section is not None and section.kind == "object" else ():
        if name.lower() in known:
            options[known[name.lower()]] = node
    return options


def json_text(value: object) -> str | None:
    """A JSON scalar as Json.NET reads it into a string property (env values, label values,
    Cmd items): a number as its text, a boolean as .NET prints it (`True`), null stays None.
    Inferred from Json.NET's conversions, not from a translator test."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    return dotnet_number_text(value)


# Double.ToString's invariant symbols, which JsonConvert.ToString writes as they are
_NON_FINITE = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}


def dotnet_number_text(value: object) -> str:
    """A JSON number as .NET Core 3.x prints the Int64, BigInteger or Double that Json.NET reads
    it as (Convert.ToString, invariant culture): the shortest text that reads back as the same
    double, in exponent form below 0.0001 (`1E-05`) and from 1E+15 on; `1.0` is `1`."""
    if not isinstance(value, float):
        return str(value)
    if repr(value) in _NON_FINITE:  # YAML's .inf and .nan
        return _NON_FINITE[repr(value)]
    from decimal import Decimal

    sign, digit_tuple, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)  # a finite number's exponent
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exponent  # the decimal point's position after the first digit
    minus = "-" if sign else ""
    if digits == "0":
        return minus + "0"
    if not -4 < point <= 15:
        rest = f".{digits[1:]}" if len(digits) > 1 else ""
        return f"{minus}{digits[0]}{rest}E{'+' if point > 0 else '-'}{abs(point - 1):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return minus + digits + "0" * (point - len(digits))
    return f"{minus}{digits[:point]}.{digits[point:]}"


def json_number_text(value: object) -> str:
    """A JSON number as Json.NET writes it back (JsonConvert.ToString): a double keeps a decimal
    point (`1.0`); the agent reads twin values such as schemaVersion from that text."""
    text = dotnet_number_text(value)
    if not isinstance(value, float) or text in _NON_FINITE.values() or any(c in text for c in ".E"):
        return text
    return text + ".0"


def json_bool(value: object) -> bool:
    """A JSON value as Json.NET reads it into a bool (Privileged, ReadOnly): true, a number
    other than 0, or the text `true` in any case (inferred from Json.NET's conversions)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return isinstance(value, str) and value.strip().lower() == "true"


# Syntax that JSON forbids but the agent's reader (Json.NET's JsonTextReader) accepts: trailing
# commas in objects, comments, unquoted property names.
_JSON_NET_TOLERATED = ("Trailing comma before '}'", "Comments are not allowed")

_UNQUOTED_NAME = lazy_compile(r"[A-Za-z0-9_$]")


def json_net_accepts(error: ParseError, file_text: str) -> bool:
    """True when edgelint's parse error (a ParseError at offsets of `file_text`) is about
    syntax that the agent's own reader accepts, so the agent does not throw."""
    return error.message.startswith(_JSON_NET_TOLERATED) or (
        error.message.startswith("Expecting property name enclosed in double quotes")
        and _UNQUOTED_NAME.match(file_text, error.start) is not None
    )
