"""Names of Kubernetes objects, labels and annotations as the agent forms them (KubeUtils, the module name sanitisers)."""

from __future__ import annotations

from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


DNS_LABEL = lazy_compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")

_NOT_K8S_VALUE = lazy_compile(r"[^a-z0-9.-]")

_NOT_DNS = lazy_compile(r"[^a-z0-9-]")


def sanitize_module_name(name: str) -> str:
    """KubeUtils.SanitizeK8sValue: lower-case, drop everything but [a-z0-9.-].

    Used for the Deployment, container, ServiceAccount and Service names. It neither trims
    leading/trailing '-' or '.' nor caps the length at 63 (only at 253)."""
    return _NOT_K8S_VALUE.sub("", name.lower())


def sanitize_dns_label(value: str) -> str | None:
    """KubeUtils.SanitizeDNSLabel: lower-case, keep [a-z0-9-], trim to an alphanumeric at
    both ends. Returns None where the agent throws (empty, or longer than 63)."""
    label = _NOT_DNS.sub("", value.lower()).strip("-")
    if not label or len(label) > 63:
        return None
    return label


def is_dns_label(value: str) -> bool:
    """Kubernetes IsDNS1123Label (container, volume and port names): lower-case letters,
    digits and '-', alphanumeric at both ends, at most 63 characters."""
    return len(value) <= 63 and DNS_LABEL.fullmatch(value) is not None


def module_name_problem(name: str, has_service: bool) -> str | None:
    """Why Kubernetes rejects the objects the agent names after module `name`, or None.

    The agent uses sanitize_module_name for the container name, which must be a DNS-1123
    label, and for the Service name (only created when the module declares ports), which
    must also be a DNS-1035 label: it has to start with a letter."""
    k8s_name = sanitize_module_name(name)
    if not k8s_name:
        return "nothing is left of the name"
    if "." in k8s_name:
        return "it contains a dot"
    if len(k8s_name) > 63:
        return f"it is {len(k8s_name)} characters long, more than 63"
    if not is_dns_label(k8s_name):
        return "it starts or ends with '-'"
    if has_service and not k8s_name[0].isalpha():
        return "it starts with a digit, which the module's Service name cannot"
    return None


_NOT_NAME_VALUE = lazy_compile(r"[^A-Za-z0-9._-]")

_ALPHANUMERIC = lazy_compile(r"[A-Za-z0-9]")

_LETTER = lazy_compile(r"[a-z]")


def sanitize_name_value(name: str) -> str | None:
    """KubeUtils.SanitizeNameValue (label values, the name part of annotation keys; case kept):
    from the first to the last ASCII letter or digit, keep [A-Za-z0-9._-]. Returns None where
    the agent throws InvalidKubernetesNameException (nothing left, or longer than 63)."""
    first = _ALPHANUMERIC.search(name)
    if first is None:
        return None
    value = _NOT_NAME_VALUE.sub("", name[first.start() :]).rstrip("-._")
    return value if 0 < len(value) <= 63 else None


def sanitize_label_value(value: str) -> str | None:
    """KubeUtils.SanitizeLabelValue: sanitize_name_value of the lower-cased value (the device
    and IoT hub labels). None where the agent throws."""
    return sanitize_name_value(value.lower()) if value else None


def sanitize_dns_value(value: str) -> str | None:
    """KubeUtils.SanitizeDNSValue (a DNS-1035 label): like sanitize_dns_label, but starting at
    the first letter, so leading digits are dropped. None where the agent throws (empty, no
    letter, longer than 63)."""
    first = _LETTER.search(value.lower())
    return sanitize_dns_label(value.lower()[first.start() :]) if first else None


def sanitize_dns_domain(name: str) -> str | None:
    """KubeUtils.SanitizeDNSDomain: every '.'-separated segment through sanitize_dns_value.
    None where the agent throws (an empty segment, a segment without a letter, longer than 63,
    a result longer than 253)."""
    if not name:
        return None
    segments: list[str] = []
    for segment in name.split("."):
        label = sanitize_dns_value(segment)
        if label is None:
            return None
        segments.append(label)
    domain = ".".join(segments)
    return domain if len(domain) <= 253 else None


def status_container_name(name: str) -> str | None:
    """PodExtensions.GetContainerByName: the container name under which the agent looks up a
    module's status, sanitize_dns_value of its Kubernetes name (`1worker` → `worker`); None
    where that throws. When it differs from the container's name, no status is found."""
    return sanitize_dns_value(sanitize_module_name(name))


def dns_domain_problem(name: str) -> str | None:
    """Why sanitize_dns_domain throws for `name` (a phrase such as "its segment `0` has no
    letter"), or None when it does not."""
    if not name:
        return "it is empty"
    for segment in name.split("."):
        if not segment:
            return "it has an empty segment between dots"
        if sanitize_dns_value(segment) is None:
            if _LETTER.search(segment.lower()) is None:
                return f"its segment `{segment}` has no letter"
            return f"its segment `{segment}` is longer than 63 characters"
    return None if sanitize_dns_domain(name) is not None else "it is longer than 253 characters"


def sanitize_annotation_key(key: str) -> str | None:
    """KubeUtils.SanitizeAnnotationKey, for createOptions.Labels, which become annotations:
    `prefix/name` as sanitize_dns_domain(prefix) + '/' + sanitize_name_value(name), or just the
    name. None where the agent throws InvalidKubernetesNameException (e.g. an empty key)."""
    if not key:
        return None
    prefix, slash, name = key.partition("/")
    if not slash:
        return sanitize_name_value(key)
    domain, value = sanitize_dns_domain(prefix), sanitize_name_value(name)
    return None if domain is None or value is None else f"{domain}/{value}"


def annotation_key_problem(key: str) -> str | None:
    """Why sanitize_annotation_key throws for `key`, or None when it does not."""
    if sanitize_annotation_key(key) is not None:
        return None
    prefix, slash, name = key.partition("/")
    if not slash:
        name = key
    elif dns_domain_problem(prefix) is not None:
        return f"the prefix `{prefix}` is no DNS domain: {dns_domain_problem(prefix)}"
    if not name:
        return "nothing follows '/'" if slash else "it is empty"
    if _ALPHANUMERIC.search(name) is None:
        return f"`{name}` has no letter or digit"
    return f"`{name}` is longer than 63 characters"
