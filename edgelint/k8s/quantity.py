"""Kubernetes resource quantities and container resource names.

edgeAgent parses `k8s-experimental.resources` itself, when it reads a module's createOptions
(`ToObject<V1ResourceRequirements>()`): each quantity becomes a `ResourceQuantity` of the
KubernetesClient library it is built with (1.6.10), which throws for text it cannot read and
so fails the whole deployment. What it reads, it sends to the API server in canonical form
(`1 ` as `1`, `1,000` as `1k`), so the API server never sees the text as written; it checks
only the values: non-negative, whole numbers for extended resources, requests against limits
(`ValidateResourceRequirements` and the resource-name helpers of k8s.io/kubernetes
`pkg/apis/core`).
"""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal

    from edgelint.lazy_re import LazyPattern

# ResourceQuantity.SuffixChars: the number ends at the first of these characters.
_SUFFIX_CHARS = lazy_compile(r"[eEinumkKMGTP]")
# The number as Fractions' FromString reads it (.NET NumberStyles.Number, invariant culture):
# white space around it, a sign before or after it, ',' between digits of the integer part.
_NUMBER = lazy_compile(
    r"[\t-\r ]*(?P<lead>[+-])?(?P<digits>[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?P<trail>[+-])?[\t-\r ]*"
)
_INTEGER = lazy_compile(r"[\t-\r ]*(?P<lead>[+-])?(?P<digits>[0-9][0-9,]*)(?P<trail>[+-])?[\t-\r ]*")
# int.Parse of the exponent (NumberStyles.Integer): white space around it, a leading sign.
_EXPONENT = lazy_compile(r"[\t-\r ]*[+-]?[0-9]+[\t-\r ]*")
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_MAX_BINARY = 2**63 - 1  # ResourceQuantity.MaxAllowed: a larger binary quantity is capped

_QUALIFIED_NAME = lazy_compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_DNS_SUBDOMAIN = lazy_compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
_NATIVE_PREFIX = "kubernetes.io/"
_REQUESTS_PREFIX = "requests."


def parse_quantity(value: object) -> Decimal | None:
    """The value edgeAgent reads from a quantity (a Decimal), or None where it throws.

    ResourceQuantity (KubernetesClient 1.6.10): the text is trimmed; the number ends at the
    first suffix character and is read by Fractions' FromString (`a/b` fractions, signs before
    or after, ',' in the integer part); the rest must be a decimal suffix (n u m k M G T P E
    or none), a binary one (Ki … Ei) or `e`/`E` and an integer exponent. So `1 `, `1 Gi` and
    `1,000` are read, `10MB`, `1K`, `1e` and `""` are not. A JSON number is read as its text,
    a boolean as `True`/`False` (not a quantity)."""
    from decimal import Decimal, InvalidOperation  # only when a manifest has quantities

    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = _SUFFIX_CHARS.search(text)
    split = found.start() if found else len(text)
    number, suffix = _fraction(text[:split]), text[split:]
    if number is None:
        return None
    try:
        if suffix in _DECIMAL:
            return number.scaleb(_DECIMAL[suffix])
        if suffix in _BINARY:
            return min(number * (Decimal(2) ** _BINARY[suffix]), Decimal(_MAX_BINARY))
        if suffix[:1] in ("e", "E") and _EXPONENT.fullmatch(suffix[1:]):
            exponent = int(suffix[1:].strip())
            return number.scaleb(exponent) if -(2**31) <= exponent < 2**31 else None
    except InvalidOperation:
        return None
    return None


def _fraction(text: str) -> Decimal | None:
    """Fractions' FromString: `a/b` (integers; parts after a second '/' are ignored) or one
    number; None where it throws (also for a zero denominator)."""
    from decimal import InvalidOperation

    parts = text.split("/")
    if len(parts) == 1:
        return _dotnet_number(parts[0], _NUMBER)
    numerator, denominator = _dotnet_number(parts[0], _INTEGER), _dotnet_number(parts[1], _INTEGER)
    if numerator is None or not denominator:
        return None
    try:
        return numerator / denominator
    except InvalidOperation:
        return None


def _dotnet_number(text: str, pattern: LazyPattern) -> Decimal | None:
    from decimal import Decimal

    match = pattern.fullmatch(text)
    if match is None or (match.group("lead") and match.group("trail")):
        return None
    number = Decimal(match.group("digits").replace(",", ""))
    return -number if "-" in (match.group("lead"), match.group("trail")) else number


def is_native_resource(name: str) -> bool:
    """helper.IsNativeResource: a name without a domain, or in the kubernetes.io domain."""
    return "/" not in name or _NATIVE_PREFIX in name


def is_extended_resource(name: str) -> bool:
    """helper.IsExtendedResourceName: a device-plugin resource such as `nvidia.com/gpu` or
    `microsoft.com/fpga_catapult` (a qualified name outside kubernetes.io)."""
    if is_native_resource(name) or name.startswith(_REQUESTS_PREFIX):
        return False
    return _is_qualified_name(_REQUESTS_PREFIX + name)


def overcommit_allowed(name: str) -> bool:
    """helper.IsOvercommitAllowed: requests may differ from limits only for native resources
    other than huge pages; extended resources need request == limit."""
    return is_native_resource(name) and not name.startswith("hugepages-")


def container_resource_name_problem(name: str) -> str | None:
    """Why the API rejects `name` as a container resource (validateContainerResourceName),
    or None."""
    if not _is_qualified_name(name):
        return "is not a valid resource name"
    if "/" not in name:
        if name not in _STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            return (
                "is not a standard container resource (cpu, memory, ephemeral-storage, hugepages-<size>) and has no "
                "domain"
            )
    elif not is_native_resource(name) and not is_extended_resource(name):
        return "does not follow the extended resource name standard"
    return None


def _is_qualified_name(value: str) -> bool:
    """apimachinery IsQualifiedName: an optional DNS subdomain prefix and '/', then a name
    of at most 63 characters."""
    prefix, slash, name = value.rpartition("/")
    if slash and (not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.fullmatch(prefix)):
        return False
    return 0 < len(name) <= 63 and _QUALIFIED_NAME.fullmatch(name) is not None


def format_bytes(count: int) -> str:
    """A byte count as the shortest exact binary quantity (`2Gi`, `512Mi`, `1000`)."""
    for suffix, power in (("Ei", 6), ("Pi", 5), ("Ti", 4), ("Gi", 3), ("Mi", 2), ("Ki", 1)):
        unit = 1024**power
        if count >= unit and count % unit == 0:
            return f"{count // unit}{suffix}"
    return str(count)


def format_cpu(cores: Decimal) -> str:
    """A number of CPUs (Decimal) as a quantity: whole CPUs as `2`, else millicores `1500m`."""
    if cores == cores.to_integral_value():
        return str(int(cores))
    return f"{int((cores * 1000).to_integral_value())}m"
