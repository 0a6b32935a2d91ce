"""One run of edgelint over many files: per-file settings (closest config + command line),
then the findings of the engine filtered by severity overrides, per-file ignores,
suppressions and the baseline. The command line and the language server both use it."""

import os

from edgelint.config import ConfigFinder
from edgelint.rule import LEVEL_RANK, REGISTRY, resolve_rules, rule_matches

UNUSED = "EL033"  # unused-suppression

DEFAULTS = {"fail-on": "warning", "unsafe-fixes": False, "max-file-size": 10 * 2**20}


class Options:
    """What the command line said. None means "not given": the config or default decides."""

    def __init__(self, select=None, extend_select=None, ignore=None, fail_on=None, unsafe_fixes=None,
                 config=None, isolated=False, baseline=None, update_baseline=False, fix_mode=None,
                 max_file_size=None):
        self.select = select
        self.extend_select = extend_select
        self.ignore = ignore
        self.fail_on = fail_on
        self.unsafe_fixes = unsafe_fixes
        self.config = config
        self.isolated = isolated
        self.baseline = baseline
        self.update_baseline = update_baseline
        self.fix_mode = fix_mode  # "fix" (--fix, --fix-only) or "diff" (--diff)
        self.max_file_size = max_file_size  # bytes; larger files are not read


class FileSettings:
    """The effective settings for the files one config governs, and where each came from."""

    def __init__(self, config, options):
        self.config = config
        self.origins = {}
        source = config.path or "default"
        layers = [(config.get("select"), config.get("extend-select"), config.get("ignore"))]
        if any(value is not None for value in layers[0]):
            for key in ("select", "extend-select", "ignore"):
                if config.get(key) is not None:
                    self.origins[key] = source
        if options.select is not None or options.extend_select or options.ignore:
            layers.append((options.select, options.extend_select, options.ignore))
            for key, value in (("select", options.select), ("extend-select", options.extend_select), ("ignore", options.ignore)):
                if value:
                    self.origins[key] = "command line"
        self.rules = resolve_rules(layers)
        self.fail_on = self._pick("fail-on", options.fail_on)
        self.unsafe_fixes = self._pick("unsafe-fixes", options.unsafe_fixes)
        self.max_file_size = self._pick("max-file-size", options.max_file_size)
        self.severity = config.get("severity", {})
        self.per_file_ignores = config.get("per-file-ignores", {})
        self.suppressions = config.suppressions
        self.exclude = config.get("exclude", [])
        for key in ("severity", "per-file-ignores", "suppress", "exclude"):
            if config.get(key):
                self.origins[key] = source
        if options.baseline is not None:
            self.baseline, self.origins["baseline"] = options.baseline, "command line"
        elif config.get("baseline"):
            self.baseline = os.path.join(config.root, config.get("baseline"))
            self.origins["baseline"] = source
        else:
            self.baseline = None
        self._specs = {}

    def _pick(self, key, given):
        if given is not None:
            self.origins[key] = "command line"
            return given
        if self.config.get(key) is not None:
            self.origins[key] = self.config.path
            return self.config.get(key)
        self.origins[key] = "default"
        return DEFAULTS[key]

    def relative(self, path):
        """A path relative to the config folder, POSIX style, for glob matching."""
        return os.path.relpath(os.path.abspath(path), self.config.root).replace(os.sep, "/")

    def _spec(self, patterns):
        key = tuple(patterns)
        if key not in self._specs:
            import pathspec

            self._specs[key] = pathspec.GitIgnoreSpec.from_lines(patterns)
        return self._specs[key]

    def excluded(self, path):
        return bool(self.exclude) and self._spec(self.exclude).match_file(self.relative(path))

    def ignored_for(self, path):
        """Rule selectors ignored for this file by `per-file-ignores`."""
        relative = self.relative(path)
        ignored = []
        for pattern, rules in self.per_file_ignores.items():
            if self._spec([pattern]).match_file(relative):
                ignored.extend(rules)
        return ignored

    def described(self):
        """(key, value, origin) rows for `edgelint config`."""
        values = {
            "config": self.config.path or "(none)",
            "select": ", ".join(r.id for r in self.rules),
            "fail-on": self.fail_on,
            "unsafe-fixes": str(self.unsafe_fixes).lower(),
            "max-file-size": f"{self.max_file_size} bytes",
            "baseline": self.baseline or "(none)",
            "exclude": ", ".join(self.exclude) or "(none)",
            "per-file-ignores": "; ".join(f"{k} = {', '.join(v)}" for k, v in self.per_file_ignores.items()) or "(none)",
            "severity": ", ".join(f"{k} = {v}" for k, v in sorted(self.severity.items())) or "(none)",
            "suppress": "; ".join(entry.describe() for entry in self.suppressions) or "(none)",
        }
        rows = []
        for key, value in values.items():
            origin = "" if key == "config" else self.origins.get(key, "default")
            rows.append((key, value, origin))
        return rows


class Session:
    def __init__(self, options=None):
        self.options = options or Options()
        self.finder = ConfigFinder(self.options.config, isolated=self.options.isolated)
        self._settings = {}
        self._suppression_hits = {}  # (config path, entry index) → dropped a finding
        self._baselines = {}

    def settings_for(self, path):
        """Settings for a file (or a folder); None means standard input without a name."""
        if not path:
            config = self.finder.for_dir(os.getcwd())
        elif os.path.isdir(path):
            config = self.finder.for_dir(os.path.abspath(path))
        else:
            config = self.finder.for_file(path)
        key = id(config)
        if key not in self._settings:
            self._settings[key] = FileSettings(config, self.options)
        return self._settings[key]

    def excluded(self, path):
        return self.settings_for(path).excluded(path)

    def postprocess(self, result, path):
        """Apply the per-file settings to the engine's findings for one file (in place)."""
        settings = self.settings_for(path)
        selected = {rule.id for rule in settings.rules}
        findings = [f for f in result.findings if f.rule_id in selected]
        for finding in findings:
            finding.level = settings.severity.get(finding.rule_id, finding.level)
        ignored = settings.ignored_for(path) if path else []
        if ignored:
            findings = [f for f in findings if not rule_matches(f.rule_id, ignored)]
        if settings.suppressions and path:
            from edgelint.suppressions import apply_config_suppressions

            findings, hits = apply_config_suppressions(findings, settings.suppressions, settings.relative(path))
            self.record_suppression_hits(hits)
            result.suppression_hits = hits
        if _is_yaml(result):
            from edgelint.suppressions import apply_directives, yaml_directives

            directives = yaml_directives(result.source) if result.source is not None else []
            if directives:
                findings = apply_directives(findings, directives)
                if UNUSED in selected:
                    findings.extend(self._unused_directives(result, directives, settings))
        if settings.baseline and not self.options.update_baseline:
            findings = self._filter_baseline(findings, result, settings.baseline)
        findings.sort(key=lambda f: f.sort_key())
        result.findings = findings
        return result

    def record_suppression_hits(self, hits):
        """Merge what `[[suppress]]` entries did in one file (also from a worker process)."""
        for key, used in hits.items():
            self._suppression_hits[key] = self._suppression_hits.get(key, False) or used

    def _unused_directives(self, result, directives, settings):
        from edgelint.engine import Finding

        rule = REGISTRY[UNUSED]
        unused = []
        for directive in directives:
            if directive.used or not _judgeable(directive.rules, settings):
                continue
            what = "file-level suppression" if directive.kind == "file" else "suppression"
            if directive.kind == "misplaced":
                message = "`ignore-file` works only in the comments at the top of the file; this one suppresses nothing."
            else:
                message = f"This {what} for {', '.join(directive.rules)} suppresses nothing; remove it."
            unused.append(Finding(rule.id, settings.severity.get(rule.id, rule.level), message, result.path, "",
                                  directive.start, directive.end, result.source))
        return unused

    def baseline_paths(self):
        """Every baseline file the settings used so far point at."""
        return sorted({settings.baseline for settings in self._settings.values() if settings.baseline})

    def unused_suppression_results(self):
        """EL033 findings for `[[suppress]]` entries that matched a linted file but dropped
        nothing (entries whose files were not linted in this run say nothing), as one
        FileResult per configuration file so that every report format can place them."""
        results = {}
        for (origin, index), used in sorted(self._suppression_hits.items()):
            if used:
                continue
            settings = self.settings_for(origin)
            entry = settings.suppressions[index]
            if UNUSED not in {r.id for r in settings.rules} or not _judgeable(entry.rules, settings):
                continue
            from edgelint.engine import FileResult, Finding
            from edgelint.source.text import SourceText
            from edgelint.suppressions import entry_span

            if entry.origin not in results:
                with open(entry.origin, encoding="utf-8") as handle:
                    results[entry.origin] = FileResult(_display(entry.origin), SourceText(handle.read()))
            result = results[entry.origin]
            start, end = entry_span(result.source.text, entry.index)
            rule = REGISTRY[UNUSED]
            message = f"{entry.describe()} suppresses nothing in the files linted; remove it."
            result.findings.append(Finding(rule.id, settings.severity.get(rule.id, rule.level), message,
                                           result.path, "", start, end, result.source))
        return list(results.values())

    def _filter_baseline(self, findings, result, path):
        from edgelint.baseline import filter_new, load_baseline

        if path not in self._baselines:
            self._baselines[path] = load_baseline(path) if os.path.exists(path) else None
        known = self._baselines[path]
        if known is None:
            return findings
        texts = {result.path: result.source.text}
        return filter_new(findings, texts, known, os.path.dirname(os.path.abspath(path)))

    def fails(self, finding, path):
        settings = self.settings_for(path)
        return LEVEL_RANK[finding.level] >= LEVEL_RANK[settings.fail_on]


def _judgeable(selectors, settings):
    """A suppression can be called unused only if every rule it names has run."""
    selected = {rule.id for rule in settings.rules}
    named = set()
    for selector in selectors:
        if selector in REGISTRY:
            named.add(selector)
        elif selector != "ALL":  # a prefix names the rules it would select
            named.update(r for r in REGISTRY if r.startswith(selector) and REGISTRY[r].default)
    return named <= selected


def _is_yaml(result):
    if result.document is not None:
        return result.document.format == "yaml"
    return result.path.lower().endswith((".yaml", ".yml"))


def _display(path):
    from edgelint.engine import display_path

    return display_path(os.path.abspath(path))
