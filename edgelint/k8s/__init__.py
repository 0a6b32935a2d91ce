"""`edgelint k8s`: the Kubernetes objects edgeAgent on Kubernetes (IoT Edge 0.1.0-beta15, as
Azure Stack Edge runs it) creates from a deployment manifest.

- `settings`: how the agent on the device is configured (namespace, Service type, storage…);
- `translate`: manifest → objects per module (ServiceAccount, Service, Deployment, PVCs),
  built by `service`, `pod` and `volumes` with the device's sanitisers from
  `edgelint.edgeagent`;
- `render`: the objects as multi-document YAML with comments (origin, findings, rejections);
- `validate`: the objects against the Kubernetes API schema (optional `kubernetes-validate`);
- `command`: the `edgelint k8s` command line.
"""
