"""Rule pages as the tests read them: the required sections and each example's manifest,
configuration, command line and expected output."""

import re

from edgelint.docs import RuleDoc

SECTIONS = ("What it flags", "Why it breaks on Kubernetes", "Example", "Fixed example", "References")
FIX_SAFETY = "Fix safety"
_FENCE = re.compile(r"^```([a-z]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)


def expected_sections(fix, has_fix_safety):
    """The section titles a page must have, in order."""
    titles = list(SECTIONS)
    if fix != "none" and has_fix_safety:
        titles.insert(titles.index("References"), FIX_SAFETY)
    return titles


class RulePage(RuleDoc):
    def example(self, title):
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

    def example_config(self, title="Example"):
        """The `.edgelint.toml` an example is checked with (a `toml` block of its section, such
        as a device profile), or None."""
        return next((code for lang, code in _FENCE.findall(self.section(title)) if lang == "toml"), None)

    def example_command(self, title="Example"):
        """The `$ edgelint …` line of an example's output block, without the `$ `."""
        for lang, code in _FENCE.findall(self.section(title)):
            if lang == "text":
                for line in code.splitlines():
                    if line.startswith("$ "):
                        return line[2:]
        return None


def load_page(path):
    return RulePage(str(path), path.read_text(encoding="utf-8"))
