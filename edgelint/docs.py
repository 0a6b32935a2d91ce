"""The rule catalog: `rules/ELxxx.md`, the one source of every rule's documentation.

Each file has front matter (id, name, level, fix, tags), generated from the rule registry,
then hand-written sections (What it flags, Why it breaks on Kubernetes, Example, Fixed
example, References, and Fix safety for a rule with a fix); the test suite runs the examples
(tests/rule_pages.py), so the docs cannot drift from behaviour.
"""

from __future__ import annotations

import os
import re

PROJECT_URL = "https://github.com/edgelint/edgelint"
RULE_URL = PROJECT_URL + "/blob/main/rules/{}.md"  # a rule's page, linked from every report that links


def docs_dir() -> str:
    """Where the catalog lives: inside the installed package, or the source checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "_rules"), os.path.join(os.path.dirname(here), "rules")):
        if os.path.isdir(candidate):
            return candidate
    raise FileNotFoundError("the rule catalog (rules/*.md) is not installed")


class RuleDoc:
    path: str
    text: str
    meta: dict[str, str | list[str]]
    body: str
    sections: dict[str, str]

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.meta, self.body = _front_matter(text)
        self.sections = _sections(self.body)

    @property
    def id(self) -> str | list[str]:
        return self.meta.get("id", "")

    def section(self, title: str) -> str:
        return self.sections.get(title, "")

    def plain_text(self) -> str:
        """The doc without front matter, for plain-text consumers."""
        return self.body.strip()


def load_doc(rule_id: str) -> RuleDoc:
    path = os.path.join(docs_dir(), f"{rule_id.upper()}.md")
    with open(path, encoding="utf-8") as handle:
        return RuleDoc(path, handle.read())


def _front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    meta: dict[str, str | list[str]] = {}
    if not text.startswith("---\n"):
        return meta, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return meta, text
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            meta[key.strip()] = [item.strip() for item in value[1:-1].split(",") if item.strip()]
        else:
            meta[key.strip()] = value
    return meta, text[end + 5 :]


def _sections(body: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    for chunk in re.split(r"^## ", body, flags=re.M)[1:]:
        title, _, content = chunk.partition("\n")
        sections[title.strip()] = content.strip()
    return sections
