"""What an error finding means for the objects the device creates from a manifest.

`rejected`: nothing of it is created. The agent throws while it plans or maps the deployment
(then no module of the deployment is updated), or the Kubernetes API server refuses the
object (an invalid name, environment variable, quantity, duplicate Service port).

`fails at run time`: the agent creates the objects and Kubernetes accepts them, but they do
not work: the pod never starts (kubelet cannot mount a file as a DirectoryOrCreate
hostPath), stays Pending (no node offers the resource), a container finds its port taken,
or the module runs without what it needs (a device, the workload API).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from edgelint.engine import Finding

REJECTED = "rejected"
AT_RUN_TIME = "fails at run time"

# The error rules whose objects Kubernetes accepts and that fail once they run. Any other
# error rule describes a rejection.
_RUN_TIME_RULES = frozenset(
    {
        "EL001",  # file-bind-mount: hostPath DirectoryOrCreate on a file, the pod never starts
        "EL004",  # mixed-protocol-ports: the Service is created, the load balancer serves one protocol
        "EL007",  # reserved-proxy-port: the module and the proxy sidecar both listen on the port
        "EL008",  # multiple-host-network: the second pod's proxy finds 35000/35001 taken
        "EL009",  # fpga-resources: no node offers the FPGA, the pod stays Pending
        "EL011",  # device-access-ignored: the container runs without the device
        "EL014",  # proxy-without-no-proxy: the module reaches the workload API through the proxy
    }
)


def outcome(finding: Finding) -> str:
    """REJECTED or AT_RUN_TIME for an error finding; the level ('warning', 'note') else."""
    if finding.level != "error":
        return finding.level
    return AT_RUN_TIME if finding.rule_id in _RUN_TIME_RULES else REJECTED
