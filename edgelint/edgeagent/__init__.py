"""What edgeAgent on Kubernetes (IoT Edge 0.1.0-beta15, the version Azure Stack Edge runs) does
with a module spec: its sanitisers and parsers, mirrored once so that rules, fixes and the
Kubernetes preview all agree with the device.

Each function names the C# code it mirrors, so each piece can be checked against
https://github.com/Azure/iotedge/tree/edge-on-k8s-public-preview-beta15/edge-agent/src/Microsoft.Azure.Devices.Edge.Agent.Kubernetes

- `memo`: what rules and the preview derive from a module, computed once per module.
- `names`: names of Kubernetes objects, labels and annotations as the agent forms them (KubeUtils, the module name sanitisers).
- `versions`: schema versions as the agent and edgeHub read them (System.Version, EdgeAgentConnection.ExpectedSchemaVersion).
- `ports`: ports and the module's Service (PortAndProtocol, PortExtensions, KubernetesServiceMapper).
- `images`: images and registry credentials (image pull secrets, the agent image the device applies).
- `environment`: environment variables: the names Kubernetes accepts, how the agent reads Env entries, and the variables it sets itself.
- `create_options`: reading createOptions as the agent's Json.NET models do: chunks, members, k8s-experimental, numbers and booleans, the syntax Json.NET tolerates.
- `pod`: what the agent's Deployment mapper reads for the pod: replicas, host namespaces, privileged.
- `volumes`: binds and Mounts as KubernetesDeploymentMapper.CollectModuleVolumes turns them into volumes.
"""
