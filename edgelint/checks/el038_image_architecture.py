"""EL038 image-architecture: An image built for another architecture or operating system than the device's (amd64 by default)."""

from __future__ import annotations

import re

from edgelint.device import PLATFORM_WORDS
from edgelint.lazy_re import lazy_compile
from edgelint.placeholders import PLACEHOLDER, may_hold_placeholder
from edgelint.rule import Problem, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from edgelint.manifest import Manifest

# A platform word is a token of its own: letters and digits around it belong to another word
# (`gpuamd64`, `jetsonarm64v8`, `farm64` name no platform edgelint can be sure of).
_PLATFORM_WORD = lazy_compile(
    r"(?<![A-Za-z0-9])(?:"
    + "|".join(sorted((word.replace("-", r"\-") for word in PLATFORM_WORDS), key=len, reverse=True))
    + r")(?![A-Za-z0-9])",
    re.I,
)

# `${MODULES.<module>.<platform>}`: the iotedgedev / VS Code template reference to one platform's
# build of a module of the solution (`amd64`, `arm32v7.debug`, `windows-amd64`).
_MODULE_REFERENCE = lazy_compile(r"\$\{MODULES\.[^.}]+\.([^}]+)\}")

# The first run of letters and digits of each platform word: where a text has none of them as a
# run of its own, it has no platform word, and the long pattern above need not be compiled.
_ALNUM_RUN = lazy_compile(r"[A-Za-z0-9]+")

_FIRST_RUNS = frozenset(word.replace("-", "_").split("_")[0] for word in PLATFORM_WORDS)


def platform_words(image: str) -> list[tuple[int, int]]:
    """(start, end) of each platform word of an image reference, in order: in its text outside
    placeholders (a digest after `@` is no name) and in the platform of a module reference."""
    digest = image.find("@")
    name_end = len(image) if digest < 0 else digest
    spans: list[tuple[int, int]] = []
    position = 0
    for placeholder in PLACEHOLDER.finditer(image, 0, name_end) if may_hold_placeholder(image) else ():
        spans += _words(image, position, placeholder.start())
        reference = _MODULE_REFERENCE.fullmatch(placeholder.group())
        if reference is not None:
            spans += _words(image, placeholder.start() + reference.start(1), placeholder.start() + reference.end(1))
        position = placeholder.end()
    return spans + _words(image, position, name_end)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # re.I folds some non-ASCII letters onto ASCII ones: only ASCII text is ruled out by its runs
    if text.isascii() and _FIRST_RUNS.isdisjoint(run.lower() for run in _ALNUM_RUN.findall(text, start, end)):
        return []
    return [match.span() for match in _PLATFORM_WORD.finditer(text, start, end)]


@rule(
    "EL038",
    "image-architecture",
    "error",
    "An image built for another architecture or operating system than the device's (amd64 by default).",
    tags=("device",),
)
def image_architecture(manifest: Manifest) -> Iterator[Problem]:
    device = manifest.device.architecture
    for module in manifest.modules:
        image = module.settings.get_ci("image") if module.settings is not None and module.settings.is_object else None
        if image is None or not image.is_string:
            continue
        for start, end in platform_words(image.value):
            word = image.value[start:end]
            platform = PLATFORM_WORDS[word.lower()]
            if platform == device:
                continue
            if platform == "windows":
                why = (
                    f"The image of `{module.name}` is a Windows image (`{word}`), but the device's Kubernetes runs "
                    f"Linux containers: the pod never starts; use a Linux {device} build of the image"
                )
            else:
                why = (
                    f"The image of `{module.name}` is built for {platform} (`{word}`), but the device runs {device}: "
                    f"the container fails with `exec format error`; use the {device} build of the image"
                )
            yield Problem(image, f"{why}.", part=(start, end))
            break
