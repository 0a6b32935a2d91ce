"""Baselines for gradual adoption: known findings recorded in a JSON file are not reported.

A finding's key is its rule, its file (relative to the baseline's folder), its JSON Pointer
and a hash of the offending text, never a line number, so edits elsewhere in the file keep
the baseline valid. Equal keys are counted: a second identical problem is new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter

from edgelint.errors import BaselineError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from edgelint.engine import Finding

    BaselineKey = tuple[str, str, str, str]

VERSION = 1


def finding_key(finding: Finding, text: str, base_dir: str) -> BaselineKey:
    return (
        finding.rule_id,
        _relative(finding.path, base_dir),
        finding.pointer,
        _value_hash(text[finding.start : finding.end]),
    )


def _value_hash(value: str) -> str:
    normalised = " ".join(value.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def _relative(path: str, base_dir: str) -> str:
    if path.startswith("<") or path == "-":
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base_dir)
    except ValueError:
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def load_baseline(path: str) -> Counter[BaselineKey]:
    """The Counter of keys recorded in a baseline file. Raises BaselineError."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: the baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not an edgelint baseline (version {VERSION})")
    keys: Counter[BaselineKey] = Counter()
    for entry in data["findings"]:
        try:
            keys[(entry["rule"], entry["path"], entry["pointer"], entry["hash"])] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"{path}: malformed entry {entry!r}") from None
    return keys


def filter_new(
    findings: Iterable[Finding], texts: Mapping[str, str], baseline: Counter[BaselineKey], base_dir: str
) -> list[Finding]:
    """The findings not recorded in `baseline` (a Counter, consumed as it matches)."""
    remaining = Counter(baseline)
    new = []
    for finding in findings:
        key = finding_key(finding, texts[finding.path], base_dir)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new


def write_baseline(path: str, findings: Iterable[Finding], texts: Mapping[str, str]) -> None:
    """Record every finding, sorted, one entry per line block: a diff-friendly file."""
    base_dir = os.path.dirname(os.path.abspath(path))
    entries = []
    for finding in findings:
        rule, relative, pointer, value_hash = finding_key(finding, texts[finding.path], base_dir)
        entries.append(
            {"rule": rule, "path": relative, "pointer": pointer, "hash": value_hash, "message": finding.message}
        )
    entries.sort(key=lambda e: (e["path"], e["pointer"], e["rule"], e["hash"], e["message"]))
    document = (
        json.dumps({"version": VERSION, "tool": "edgelint", "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    )
    from edgelint.files import write_atomic

    write_atomic(path, document.encode("utf-8"))
