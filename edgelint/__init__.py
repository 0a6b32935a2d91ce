"""edgelint: lint Azure IoT Edge deployment manifests for Kubernetes-based IoT Edge."""

__version__ = "0.1.0"
