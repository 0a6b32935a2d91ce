"""Schema versions as the agent and edgeHub read them (System.Version, EdgeAgentConnection.ExpectedSchemaVersion)."""

from __future__ import annotations

from edgelint.edgeagent.create_options import json_number_text
from edgelint.lazy_re import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    Version = tuple[int, ...]


# EdgeAgentConnection.ExpectedSchemaVersion and Hub.Core Constants.ConfigSchemaVersion:
# `new Version("1.1.0")`, so its revision is undefined (-1).
SUPPORTED_SCHEMA_VERSION = (1, 1, 0, -1)


def parse_schema_version(value: object) -> Version | None:
    """EdgeAgentConnection.ValidateSchemaVersion (EdgeHubDesiredProperties.ValidateSchemaVersion
    alike): the value as the agent reads it into a string (a JSON number as Json.NET writes it),
    then System.Version.TryParse. Returns (major, minor, build, revision), -1 for a missing
    build or revision, or None when the agent rejects it as invalid."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return dotnet_version(value if isinstance(value, str) else json_number_text(value))


def schema_version_supported(version: Version) -> bool:
    """`actual.Major == expected.Major && !(actual > expected)`: System.Version compares
    major, minor, build and revision in turn, a missing part (-1) below any number."""
    return version[0] == SUPPORTED_SCHEMA_VERSION[0] and version <= SUPPORTED_SCHEMA_VERSION


# Int32.TryParse with NumberStyles.Integer: white space around, one leading sign, ASCII digits.
_DOTNET_INTEGER = lazy_compile(r"[\t\n\v\f\r ]*([-+]?[0-9]+)[\t\n\v\f\r ]*")


def dotnet_version(text: str) -> Version | None:
    """System.Version.TryParse (.NET Core 3.1): two to four '.'-separated components, each read
    by Int32.TryParse (NumberStyles.Integer: surrounding white space, a sign, leading zeros) and
    not negative. Returns (major, minor, build, revision) with -1 for a missing build or
    revision, or None."""
    parts = text.split(".")
    if not 2 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        match = _DOTNET_INTEGER.fullmatch(part)
        number = int(match.group(1)) if match else -1
        if not 0 <= number <= 2**31 - 1:
            return None
        numbers.append(number)
    return tuple(numbers + [-1] * (4 - len(numbers)))


def format_version(version: Version) -> str:
    """A System.Version as .NET prints it: the parts that are defined."""
    return ".".join(str(part) for part in version if part >= 0)
