"""Helpers shared by the manifest limits rules.

Manifest-level limits: the schema versions the runtime on Azure Stack Edge
accepts, and IoT Hub's limits on the size and shape of module twins.
"""

MAX_STRING_BYTES = 4 * 1024
