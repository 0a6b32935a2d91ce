"""Images and registry credentials (image pull secrets, the agent image the device applies)."""

from __future__ import annotations

from edgelint.edgeagent.names import sanitize_dns_domain
from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


# The registry of an image without a registry host (Docker Hub): Agent.Docker
# Constants.DefaultRegistryAddress, which credentials must name exactly (in any case) to match.
DEFAULT_REGISTRY = "https://index.docker.io/v1/"

_IMAGE = lazy_compile(r"(?P<repo>(?:[^/]*/)*)(?P<image>[^/:]+)(?P<tag>:[^/:]+)?")


def docker_image(image: object) -> str | None:
    """DockerConfig.ValidateAndGetImage: the image trimmed, with `:latest` added when it has
    no tag. None where the agent throws (blank, or not `[repo/]name[:tag]`)."""
    image = image.strip() if isinstance(image, str) else ""
    match = _IMAGE.fullmatch(image)
    if not image or match is None:
        return None
    return image if match.group("tag") else f"{image}:latest"


def image_registry(image: str) -> str | None:
    """AuthConfigExtensions.TryParseDomainFromImage: the registry host of an image (a first
    path component with '.' or ':'), DEFAULT_REGISTRY for `user/repo`, None for `repo` alone,
    which is never given registry credentials."""
    parts = image.split("/")
    if len(parts) < 2:
        return None
    return parts[0] if "." in parts[0] or ":" in parts[0] else DEFAULT_REGISTRY


def image_pull_secret_source(username: str, server_address: str) -> str:
    """ImagePullSecretName.Create before sanitising: `<username>-<registry host>` in lower case,
    the scheme and path of the address dropped, ':' as '-' (NamifyServerAddress)."""
    server = server_address.lower()
    for scheme in ("https://", "http://"):
        if server.startswith(scheme):
            server = server[len(scheme) :]
            break
    host = server.split("/", 1)[0].replace(":", "-")
    return f"{username.lower()}-{host}"


def image_pull_secret_name(username: str, server_address: str) -> str | None:
    """ImagePullSecretName.Create: image_pull_secret_source through sanitize_dns_domain. None
    where the agent throws."""
    return sanitize_dns_domain(image_pull_secret_source(username, server_address))


def credentials_match(address: str, image: str) -> bool:
    """DockerUtil.FirstAuthConfig: registry credentials serve an image when their address is
    the image's registry (image_registry), compared ignoring case."""
    registry = image_registry(image.strip())
    return registry is not None and registry.lower() == address.lower()


# The edgeAgent Azure Stack Edge runs (IoT Edge 0.1.0-beta15) is of the 1.0/1.1 line of
# azureiotedge-agent; EdgeDeploymentCommand.PushEdgeDeployment keeps it whatever the manifest says.
_AGENT_LINE_IMAGE = lazy_compile(r"(?:.*/)?azureiotedge-agent:1\.[01](?:[.-].*)?")


def is_running_agent_line(image: str) -> bool:
    """True for an azureiotedge-agent image of the 1.0 or 1.1 line (`…:1.1`, `…:1.0.10`), the
    line of the agent that runs on the device, so naming it changes nothing."""
    return _AGENT_LINE_IMAGE.fullmatch(image.strip()) is not None
