"""What edgeAgent on Kubernetes does with parts of the manifest that Docker IoT Edge took as they
were: labels become annotations and registry credentials image pull secrets (the agent throws
on names it cannot form), its own environment variables replace the module's, its own image is
kept, and a shared claim gets one access mode."""

from edgelint.placeholders import has_placeholder
from edgelint.rule import Problem, rule
from edgelint.translator import (
    annotation_key_problem, credentials_match, dns_domain_problem, image_pull_secret_source, is_running_agent_line,
    runtime_env_names, sanitize_annotation_key, sanitize_dns_label, volume_sources,
)

_NOTHING_UPDATED = "no module of the deployment is updated"


def _known(value):
    return isinstance(value, str) and not has_placeholder(value)


# --- EL039 -------------------------------------------------------------------------------


@rule(
    "EL039",
    "invalid-label-annotation",
    "error",
    "createOptions.Labels that cannot become Kubernetes annotations: the agent throws and no module is updated.",
    tags=("create-options", "naming"),
)
def invalid_label_annotation(manifest):
    for module in manifest.modules:
        labels = module.create_option("Labels")
        if labels is None or labels.value is None:
            continue
        if not labels.is_object:
            yield Problem(
                labels,
                f"Labels must be an object of names and string values: the agent cannot read createOptions and "
                f"{_NOTHING_UPDATED}.",
            )
            continue
        first_by_key = {}
        for key, node in labels.items():
            if not _known(key):
                continue
            reason = annotation_key_problem(key)
            if reason is not None:
                yield Problem(
                    node,
                    f"The label `{key}` cannot become an annotation key ({reason}): the agent throws "
                    f"InvalidKubernetesNameException while it maps the module's Service and Deployment, so "
                    f"{_NOTHING_UPDATED}; rename it (an optional DNS-domain prefix and '/', then a name of up to 63 "
                    f"letters, digits, '-', '_' and '.').",
                    on_key=True,
                )
                continue
            annotation = sanitize_annotation_key(key)
            first = first_by_key.setdefault(annotation, key)
            if first != key:
                yield Problem(
                    node,
                    f"The labels `{first}` and `{key}` both become the annotation key `{annotation}`: the agent throws "
                    f"ArgumentException (a key added twice), so {_NOTHING_UPDATED}; rename or drop one of them.",
                    on_key=True,
                )
            elif node.is_object or node.is_array:
                yield Problem(
                    node,
                    f"The value of label `{key}` must be a string: the agent cannot read createOptions and "
                    f"{_NOTHING_UPDATED}.",
                )


# --- EL040 -------------------------------------------------------------------------------


@rule(
    "EL040",
    "invalid-pull-secret-name",
    "error",
    "Registry credentials whose image pull secret name the agent cannot form (a registry by IP address, a long name).",
    tags=("registry",),
)
def invalid_pull_secret_name(manifest):
    for _, address, username in manifest.registry_credentials():
        if not (_known(address.value) and _known(username.value)):
            continue
        users = [module.name for module in manifest.modules if _image_from(module, address.value)]
        source = image_pull_secret_source(username.value, address.value)
        reason = dns_domain_problem(source)
        if not users or reason is None:
            continue
        advice = (
            "address the registry by its DNS name rather than an IP address"
            if reason.endswith("has no letter") else "use a shorter user name or registry host name"
        )
        yield Problem(
            address,
            f"The image pull secret for these credentials would be named `{source}`, and {reason}: the agent throws "
            f"InvalidKubernetesNameException while it creates the image pull secrets, so {_NOTHING_UPDATED} "
            f"(used for the image of {', '.join(f'`{name}`' for name in users)}); {advice}.",
        )


def _image(module):
    """settings.image (the agent reads the key in any case)."""
    return module.settings.get_ci("image") if module.settings is not None else None


def _image_from(module, address):
    image = _image(module)
    return image is not None and _known(image.value) and credentials_match(address, image.value)


# --- EL041 -------------------------------------------------------------------------------


@rule(
    "EL041",
    "env-replaced-by-agent",
    "warning",
    "An environment variable the agent sets itself (IOTEDGE_*, EdgeDeviceHostName): the module's own value is lost.",
    tags=("environment",),
)
def env_replaced_by_agent(manifest):
    for module in manifest.modules:
        reserved = set(runtime_env_names(f"${module.name}" if module.system else module.name))
        for variable in module.env_vars():
            if variable.name in reserved:
                # On Docker, iotedged merged createOptions.Env over the agent's variables.
                docker = " (on Docker IoT Edge this createOptions.Env value won)" if variable.source != "env" else ""
                yield variable.name_problem(
                    f"`{variable.name}` is set by the agent itself: on Kubernetes it adds its own `{variable.name}` "
                    f"after the module's variables and Kubernetes keeps the last, so this value is silently "
                    f"lost{docker}; remove it, or pass the value under another name."
                )


# --- EL042 -------------------------------------------------------------------------------


@rule(
    "EL042",
    "agent-image-not-applied",
    "note",
    "A $edgeAgent image other than the 1.1 line, which Kubernetes IoT Edge does not apply: the device keeps its agent.",
    tags=("lifecycle",),
)
def agent_image_not_applied(manifest):
    for module in manifest.modules:
        if not (module.system and module.name == "edgeAgent"):
            continue
        image = _image(module)
        if image is not None and _known(image.value) and not is_running_agent_line(image.value):
            yield Problem(
                image,
                f"Kubernetes IoT Edge does not apply `{image.value.strip()}`: edgeAgent deploys itself with the image "
                f"it is running (on Azure Stack Edge the IoT Edge 0.1.0-beta15 agent of the 1.1 line, updated with "
                f"the device software), so nothing of a newer or custom agent reaches the device; name the 1.1 "
                f"image (`mcr.microsoft.com/azureiotedge-agent:1.1`) to say what runs.",
            )


# --- EL043 -------------------------------------------------------------------------------


@rule(
    "EL043",
    "shared-claim-access-mode",
    "warning",
    "A volume mounted read-only first and read-write later: a claim the agent creates is ReadOnlyMany for all.",
    tags=("storage",),
)
def shared_claim_access_mode(manifest):
    first_by_claim = {}
    for module in manifest.modules:
        for source in volume_sources(module)[0]:
            if source.kind != "volume" or not _known(source.source):
                continue
            claim = sanitize_dns_label(source.source)
            if claim is None:
                continue
            first_module, first = first_by_claim.setdefault(claim, (module, source))
            if first.read_only and not source.read_only:
                where = "an earlier mount of this module" if first_module is module else f"module `{first_module.name}`"
                yield Problem(
                    source.source_node,
                    f"The claim `{claim}` is mounted read-only first, by {where}: when edgeAgent creates the claims "
                    f"(a storage class is configured) it creates `{claim}` once, from that first mount, as "
                    f"ReadOnlyMany, so this read-write mount may not be able to write; mount it read-write first, "
                    f"or read-only everywhere.",
                )
