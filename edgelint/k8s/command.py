"""`edgelint k8s MANIFEST...`: print the Kubernetes objects the device creates from manifests
(`-` reads standard input).

Exit codes: 0 every object would be accepted and run; 1 the device would reject something
(the agent throws, a rule reports an error, --validate finds a schema error) or something
would fail at run time; 2 usage error, or a file that cannot be read, parsed or is no
deployment manifest (nothing to preview; the other files are still shown).
"""

from __future__ import annotations

import sys

from edgelint.edgeagent.names import sanitize_label_value
from edgelint.edgeagent.ports import SERVICE_TYPES
from edgelint.k8s.settings import AgentSettings

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from edgelint.cli import Parser
    from edgelint.k8s.validate import Validator
    from edgelint.session import Session

EXIT_OK, EXIT_REJECTED, EXIT_ERROR = 0, 1, 2


def parser() -> Parser:
    defaults = AgentSettings()
    from edgelint.cli import Parser  # usage errors: one line and a pointer to --help

    p = Parser(
        prog="edgelint k8s",
        description="Print the Kubernetes objects IoT Edge on Kubernetes (Azure Stack Edge Pro GPU) creates from a "
        "deployment manifest, as multi-document YAML. Each object is annotated with the manifest node it comes "
        "from and with the findings that make the device reject or change it.",
    )
    p.add_argument(
        "manifests", nargs="+", metavar="MANIFEST", help="deployment manifests (JSON or YAML); - reads standard input"
    )
    p.add_argument(
        "--stdin-filename", metavar="NAME", help="the name shown for standard input; its configuration is found from it"
    )
    p.add_argument("--module", metavar="NAME", help="only the objects of this module")
    p.add_argument(
        "--env-file",
        metavar="FILE",
        help="fill ${VAR} and $VAR placeholders from this dotenv file, as iotedgedev does (default: "
        "`env-file` in the configuration); the header names the variables filled",
    )
    p.add_argument(
        "--namespace", default=defaults.namespace, help=f"the device's namespace (default: {defaults.namespace})"
    )
    p.add_argument(
        "--storage-class",
        metavar="NAME",
        help="the agent's storage class: it then creates a PersistentVolumeClaim for each Mounts volume "
        "(default: none, the claims must exist, as Edge shares do)",
    )
    p.add_argument(
        "--service-type",
        choices=sorted(SERVICE_TYPES.values()),
        default=defaults.service_type,
        help=f"the agent's Service type for PortBindings (default: {defaults.service_type}, as on Azure Stack Edge)",
    )
    p.add_argument(
        "--device-id",
        default=defaults.device_id,
        metavar="ID",
        help=f"the IoT Edge device id (default: the placeholder {defaults.device_id})",
    )
    p.add_argument(
        "--iothub",
        default=defaults.iothub_hostname,
        metavar="HOSTNAME",
        help=f"the IoT hub host name (default: the placeholder {defaults.iothub_hostname})",
    )
    p.add_argument(
        "--validate",
        action="store_true",
        help="validate the objects against the Kubernetes API schema, offline (needs edgelint[k8s])",
    )
    p.add_argument(
        "--kubernetes-version",
        metavar="X.Y",
        help="the schema version for --validate (default: "
        "`kubernetes-version` of the device profile, else 1.27, the Kubernetes of Azure Stack Edge 2403)",
    )
    return p


def main(argv: Sequence[str]) -> int:
    arguments = parser()
    args = arguments.parse_args(argv)
    for value, option in ((args.device_id, "--device-id"), (args.iothub, "--iothub")):
        if sanitize_label_value(value) is None:
            arguments.error(f"{option} {value!r} gives no valid Kubernetes label value")
    if args.manifests.count("-") > 1:
        arguments.error("standard input (-) can be read only once")
    settings = AgentSettings(
        namespace=args.namespace,
        service_type=args.service_type,
        storage_class=args.storage_class,
        device_id=args.device_id,
        iothub_hostname=args.iothub,
    )
    from edgelint.session import Options, Session

    session = Session(Options(env_file=args.env_file))
    validators: dict[str, Validator] | None = {} if args.validate else None  # by Kubernetes version
    several = len(args.manifests) > 1
    return max(_show(path, args, settings, session, validators, several) for path in args.manifests)


class _Unavailable(Exception):
    pass


def _validator(name: str, args: argparse.Namespace, session: Session, validators: dict[str, Validator]) -> Validator:
    """The schema validator for manifest `name`: of --kubernetes-version, else of the
    `kubernetes-version` of its device profile, else of Azure Stack Edge 2403's Kubernetes."""
    from edgelint.k8s.validate import DEFAULT_KUBERNETES_VERSION, ValidationUnavailable, Validator

    profile = session.settings_for(name).device
    version = args.kubernetes_version or profile.kubernetes_version or DEFAULT_KUBERNETES_VERSION
    if version not in validators:
        try:
            validators[version] = Validator(version)
        except ValidationUnavailable as exc:
            if args.kubernetes_version or not profile.kubernetes_version:
                raise _Unavailable(str(exc)) from None
            raise _Unavailable(
                f"{exc} (the device profile's kubernetes-version in {session.settings_for(name).config.path})"
            ) from None
    return validators[version]


def _show(
    path: str,
    args: argparse.Namespace,
    settings: AgentSettings,
    session: Session,
    validators: dict[str, Validator] | None,
    several: bool,
) -> int:
    """Preview one manifest on stdout, its summary on stderr (after its name when there are
    several); the exit code for it."""
    from edgelint.config import ConfigError
    from edgelint.discover import STDIN_DISPLAY
    from edgelint.k8s.preview import PreviewError, preview

    name = (args.stdin_filename or STDIN_DISPLAY) if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        return _error(f"cannot read {name}: {exc.strerror or exc}")
    try:
        validator = _validator(name, args, session, validators) if validators is not None else None
        result = preview(name, data, settings, session, module=args.module, validator=validator)
    except (PreviewError, ConfigError, _Unavailable) as exc:
        return _error(str(exc))
    sys.stdout.write(result.text)
    sys.stdout.flush()
    print(f"edgelint k8s: {name + ': ' if several else ''}{result.summary()}", file=sys.stderr)
    return EXIT_REJECTED if result.fails else EXIT_OK


def _error(message: str) -> int:
    print(f"edgelint k8s: error: {message}", file=sys.stderr)
    return EXIT_ERROR
