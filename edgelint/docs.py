"""The rule catalog: `rules/ELxxx.md`, the one source of every rule's documentation.

Each file has front matter (id, name, level, fix, tags) and the sections What it flags /
Why it breaks on Kubernetes / Example / Fixed example / References; a rule with a fix may
have a Fix safety section before References (when the fix keeps what the manifest asks for,
when it does not, and why). The Example section
holds the bad manifest and the exact concise output edgelint gives for it; the test suite
runs both examples, so the docs cannot drift from behaviour.
"""

from __future__ import annotations

import os
import re

PROJECT_URL = "https://github.com/edgelint/edgelint"
RULE_URL = PROJECT_URL + "/blob/main/rules/{}.md"  # a rule's page, linked from every report that links
SECTIONS = ("What it flags", "Why it breaks on Kubernetes", "Example", "Fixed example", "References")
FIX_SAFETY = "Fix safety"


def expected_sections(fix: str, has_fix_safety: bool) -> list[str]:
    """The section titles a page must have, in order."""
    titles = list(SECTIONS)
    if fix != "none" and has_fix_safety:
        titles.insert(titles.index("References"), FIX_SAFETY)
    return titles
_FENCE = re.compile(r"^```([a-z]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)


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

    def example(self, title: str) -> tuple[str, str, list[str] | None] | None:
        """(language, manifest text, expected output lines or None) of an example section."""
        blocks = _FENCE.findall(self.section(title))
        manifest = next(((lang, code) for lang, code in blocks if lang in ("json", "yaml")), None)
        if manifest is None:
            return None
        output = next((code for lang, code in blocks if lang == "text"), None)
        expected = None
        if output is not None:
            expected = [line for line in output.splitlines() if line and not line.startswith("$ ")]
        return manifest[0], manifest[1], expected

    def example_config(self, title: str = "Example") -> str | None:
        """The `.edgelint.toml` an example is checked with (a `toml` block of its section, such
        as a device profile), or None."""
        return next((code for lang, code in _FENCE.findall(self.section(title)) if lang == "toml"), None)

    def example_command(self, title: str = "Example") -> str | None:
        for lang, code in _FENCE.findall(self.section(title)):
            if lang == "text":
                for line in code.splitlines():
                    if line.startswith("$ "):
                        return line[2:]
        return None

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
    return meta, text[end + 5:]


def _sections(body: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    for chunk in re.split(r"^## ", body, flags=re.M)[1:]:
        title, _, content = chunk.partition("\n")
        sections[title.strip()] = content.strip()
    return sections
