"""Kubernetes resource quantities and container resource names, validated as the API server
does (k8s.io/apimachinery `resource.ParseQuantity`; `ValidateResourceRequirements` and the
resource-name helpers of k8s.io/kubernetes `pkg/apis/core`).

edgeAgent copies `k8s-experimental.resources` verbatim into the module container, so these
rules are the ones that decide whether the module's Deployment is accepted.
"""


from edgelint.lazy_re import lazy_compile

# <sign><digits>[.<digits>] or .<digits>, then a binary suffix, a decimal exponent or a
# decimal SI suffix. The exponent is tried first so that `1e3` is 1000 while `1E` is one exa.
_QUANTITY = lazy_compile(
    r"(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
    r"(?:(?P<binary>[KMGTPE]i)|[eE](?P<exponent>[+-]?[0-9]+)|(?P<decimal>[numkMGTPE]?))"
)
_BINARY = {"K": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}

_QUALIFIED_NAME = lazy_compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_DNS_SUBDOMAIN = lazy_compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
_NATIVE_PREFIX = "kubernetes.io/"
_REQUESTS_PREFIX = "requests."


def parse_quantity(value):
    """The exact value of a quantity (`128Mi`, `500m`, `0.5`, `1e3`, `+1`, `.5`) as a
    Decimal, or None when Kubernetes rejects the text (`1.5.2`, `10MB`, `1 Gi`, `""`).

    JSON numbers are accepted as the agent's JSON reader turns them into their text; a
    boolean is not a quantity."""
    from decimal import Decimal, InvalidOperation  # only when a manifest has quantities

    if isinstance(value, bool) or value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return None
    try:
        number = Decimal(match.group("number"))
    except InvalidOperation:
        return None
    if match.group("binary"):
        return number * (Decimal(1024) ** _BINARY[match.group("binary")[0]])
    if match.group("exponent") is not None:
        return number.scaleb(int(match.group("exponent")))
    return number.scaleb(_DECIMAL[match.group("decimal")])


def is_native_resource(name):
    """helper.IsNativeResource: a name without a domain, or in the kubernetes.io domain."""
    return "/" not in name or _NATIVE_PREFIX in name


def is_extended_resource(name):
    """helper.IsExtendedResourceName: a device-plugin resource such as `nvidia.com/gpu` or
    `microsoft.com/fpga_catapult` (a qualified name outside kubernetes.io)."""
    if is_native_resource(name) or name.startswith(_REQUESTS_PREFIX):
        return False
    return _is_qualified_name(_REQUESTS_PREFIX + name)


def overcommit_allowed(name):
    """helper.IsOvercommitAllowed: requests may differ from limits only for native resources
    other than huge pages; extended resources need request == limit."""
    return is_native_resource(name) and not name.startswith("hugepages-")


def container_resource_name_problem(name):
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


def _is_qualified_name(value):
    """apimachinery IsQualifiedName: an optional DNS subdomain prefix and '/', then a name
    of at most 63 characters."""
    prefix, slash, name = value.rpartition("/")
    if slash and (not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.fullmatch(prefix)):
        return False
    return 0 < len(name) <= 63 and _QUALIFIED_NAME.fullmatch(name) is not None


def format_bytes(count):
    """A byte count as the shortest exact binary quantity (`2Gi`, `512Mi`, `1000`)."""
    for suffix, power in (("Ei", 6), ("Pi", 5), ("Ti", 4), ("Gi", 3), ("Mi", 2), ("Ki", 1)):
        unit = 1024 ** power
        if count >= unit and count % unit == 0:
            return f"{count // unit}{suffix}"
    return str(count)


def format_cpu(cores):
    """A number of CPUs (Decimal) as a quantity: whole CPUs as `2`, else millicores `1500m`."""
    if cores == cores.to_integral_value():
        return str(int(cores))
    return f"{int((cores * 1000).to_integral_value())}m"
