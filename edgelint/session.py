"""One run of edgelint over many files: per-file settings (closest config + command line),
then the findings of the engine filtered by severity overrides, per-file ignores,
suppressions and the baseline. The command line and the language server both use it."""

from __future__ import annotations

import os

from edgelint.config import ConfigError, ConfigFinder
from edgelint.device import DEFAULT_PROFILE
from edgelint.discover import Policy
from edgelint.rule import LEVEL_RANK, REGISTRY, fixable_rules, resolve_rules, rule_matches

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Iterable, Sequence
    from typing import Any

    from pathspec import GitIgnoreSpec

    from edgelint.baseline import BaselineKey
    from edgelint.config import Config, Suppression
    from edgelint.device import DeviceProfile
    from edgelint.engine import FileResult, Finding
    from edgelint.envfile import EnvFile
    from edgelint.rule import Layer, Rule
    from edgelint.source.text import SourceText
    from edgelint.suppressions import Directive

UNUSED = "EL033"  # unused-suppression
FORMAT_VARIABLE = "EDGELINT_OUTPUT_FORMAT"

DEFAULTS = {
    "fail-on": "warning",
    "unsafe-fixes": False,
    "max-file-size": 10 * 2**20,
    "respect-gitignore": True,
    "force-exclude": False,
    "output-format": "full",
}

# Selection keys: (configuration key, Options attribute); each layer (file, then command line)
# is select (replaces), extend-select (adds), ignore and extend-ignore (remove).
_SELECTION = (
    ("select", "select"),
    ("extend-select", "extend_select"),
    ("ignore", "ignore"),
    ("extend-ignore", None),
)  # None: the file's key only
_FIXABILITY = (("fixable", "fixable"), ("extend-fixable", "extend_fixable"), ("unfixable", "unfixable"))


class Options:
    """What the command line said. None means "not given": the config or default decides."""

    select: list[str] | None
    extend_select: list[str] | None
    ignore: list[str] | None
    fail_on: str | None
    unsafe_fixes: bool | None
    config: str | None
    isolated: bool
    baseline: str | None
    update_baseline: bool
    fix_mode: str | None
    max_file_size: int | None
    exclude: list[str] | None
    extend_exclude: list[str] | None
    respect_gitignore: bool | None
    force_exclude: bool | None
    fixable: list[str] | None
    extend_fixable: list[str] | None
    unfixable: list[str] | None
    env_file: str | None

    def __init__(
        self,
        select: list[str] | None = None,
        extend_select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_on: str | None = None,
        unsafe_fixes: bool | None = None,
        config: str | None = None,
        isolated: bool = False,
        baseline: str | None = None,
        update_baseline: bool = False,
        fix_mode: str | None = None,
        max_file_size: int | None = None,
        exclude: list[str] | None = None,
        extend_exclude: list[str] | None = None,
        respect_gitignore: bool | None = None,
        force_exclude: bool | None = None,
        fixable: list[str] | None = None,
        extend_fixable: list[str] | None = None,
        unfixable: list[str] | None = None,
        env_file: str | None = None,
    ) -> None:
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
        self.exclude = exclude  # globs relative to the working directory; replace the file's `exclude`
        self.extend_exclude = extend_exclude
        self.respect_gitignore = respect_gitignore
        self.force_exclude = force_exclude
        self.fixable = fixable
        self.extend_fixable = extend_fixable
        self.unfixable = unfixable
        self.env_file = env_file  # the dotenv file whose variables fill the placeholders


class FileSettings:
    """The effective settings for the files one config governs, and where each came from."""

    config: Config
    origins: dict[str, str]
    lists: dict[str, list[str]]
    source: str
    rules: list[Rule]
    fixable: set[str]
    fail_on: str
    unsafe_fixes: bool
    max_file_size: int
    respect_gitignore: bool
    force_exclude: bool
    output_format: str
    severity: dict[str, str]
    per_file_ignores: dict[str, list[str]]
    suppressions: list[Suppression]
    exclude: list[str]
    extend_exclude: list[str]
    command_excludes: list[str]
    baseline: str | None
    device: DeviceProfile
    env: EnvFile | None
    _specs: dict[tuple[str, ...], GitIgnoreSpec]

    def __init__(self, config: Config, options: Options) -> None:
        self.config = config
        self.origins = {}
        self.lists = {}  # selection and fixability keys → the selectors given, file and command line
        self.source = config.path or "default"
        self.rules = resolve_rules(self._layers(_SELECTION, config, options))
        self.fixable = fixable_rules(self._layers(_FIXABILITY, config, options))
        self.fail_on = self._pick("fail-on", options.fail_on)
        self.unsafe_fixes = self._pick("unsafe-fixes", options.unsafe_fixes)
        self.max_file_size = self._pick("max-file-size", options.max_file_size)
        self.respect_gitignore = self._pick("respect-gitignore", options.respect_gitignore)
        self.force_exclude = self._pick("force-exclude", options.force_exclude)
        # one format for the whole run: the environment beats the file (the command line
        # beats both: Session.output_format)
        self.output_format = self._pick("output-format", os.environ.get(FORMAT_VARIABLE) or None)
        if self.origins["output-format"] == "command line":
            self.origins["output-format"] = FORMAT_VARIABLE
        self.severity = config.get("severity", {})
        self.per_file_ignores = config.get("per-file-ignores", {})
        self.suppressions = config.suppressions
        for key in ("severity", "per-file-ignores", "suppress", "exclude", "extend-exclude"):
            if config.get(key) is not None:  # an empty table or list in the file is the file's too
                self.origins[key] = self.source
        # globs from the file are relative to its folder, from the command line to the working directory
        self.exclude = config.get("exclude", []) if options.exclude is None else []
        self.extend_exclude = config.get("extend-exclude", [])
        self.command_excludes = (options.exclude or []) + (options.extend_exclude or [])
        for key, value in (
            ("exclude", options.exclude if options.exclude is not None else self.exclude),
            ("extend-exclude", self.extend_exclude + (options.extend_exclude or [])),
        ):
            if value:
                self.lists[key] = value
        if options.exclude is not None:
            self.origins["exclude"] = "command line"
        if options.extend_exclude:
            self.origins["extend-exclude"] = _joined(self.origins.get("extend-exclude"), "command line")
        if options.baseline is not None:
            self.baseline, self.origins["baseline"] = options.baseline, "command line"
        elif config.get("baseline"):
            self.baseline = os.path.join(config.root, config.get("baseline"))
            self.origins["baseline"] = self.source
        else:
            self.baseline = None
        self.device = config.get("device") or DEFAULT_PROFILE  # the rules read it from the manifest
        self.env = self._env_file(config, options)  # an edgelint.envfile.EnvFile, or None
        self._specs = {}

    def _layers(self, keys: tuple[tuple[str, Any], ...], config: Config, options: Options) -> list[Layer]:
        """[(replace, extend, remove)] from the file, then from the command line if it gave
        any; notes where each key came from. `keys` are (config key, Options attribute)
        pairs: the replacing key, the extending one, then the removing ones."""
        (replace_key, replace_attr), (extend_key, extend_attr), *removing = keys
        layers: list[Layer] = [
            (
                config.get(replace_key),
                config.get(extend_key, []),
                [item for key, _ in removing for item in config.get(key, [])],
            )
        ]
        for key, _ in keys:
            if config.get(key) is not None:
                self.origins[key] = self.source
                self.lists[key] = list(config.get(key))
        given = [(key, getattr(options, attr)) for key, attr in keys if attr is not None]
        if any(value for _, value in given) or getattr(options, replace_attr) is not None:
            layers.append(
                (
                    getattr(options, replace_attr),
                    getattr(options, extend_attr) or [],
                    [item for key, attr in removing if attr for item in getattr(options, attr) or []],
                )
            )
            for key, value in given:
                if key == replace_key and value is not None:
                    self.origins[key], self.lists[key] = "command line", list(value)
                elif value:
                    self.origins[key] = _joined(self.origins.get(key), "command line")
                    self.lists[key] = self.lists.get(key, []) + list(value)
        return layers

    def _env_file(self, config: Config, options: Options) -> EnvFile | None:
        """The env file of `--env-file` (as given), else of `env-file` (relative to the
        configuration file), read now so that a broken one is a usage error before any lint."""
        if options.env_file is not None:
            path, display, named_by = options.env_file, options.env_file, "--env-file"
            self.origins["env-file"] = "command line"
        elif config.get("env-file"):
            path = os.path.join(config.root, config.get("env-file"))
            display = _display(path)
            prefix = "tool.edgelint." if os.path.basename(self.source) == "pyproject.toml" else ""
            named_by = f"{config.path}: '{prefix}env-file'"
            self.origins["env-file"] = self.source
        else:
            return None
        from edgelint.envfile import load_env_file

        return load_env_file(path, display, named_by)

    def _pick(self, key: str, given: Any) -> Any:
        if given is not None:
            self.origins[key] = "command line"
            return given
        if self.config.get(key) is not None:
            self.origins[key] = self.source
            return self.config.get(key)
        self.origins[key] = "default"
        return DEFAULTS[key]

    def relative(self, path: str) -> str:
        """A path relative to the config folder, POSIX style, for glob matching."""
        return os.path.relpath(os.path.abspath(path), self.config.root).replace(os.sep, "/")

    def _spec(self, patterns: Iterable[str]) -> GitIgnoreSpec:
        key = tuple(patterns)
        if key not in self._specs:
            import pathspec

            self._specs[key] = pathspec.GitIgnoreSpec.from_lines(patterns)
        return self._specs[key]

    def excluded(self, path: str) -> bool:
        """Whether `exclude`, `extend-exclude` (relative to the config file) or `--exclude`,
        `--extend-exclude` (relative to the working directory) match the path."""
        patterns = self.exclude + self.extend_exclude
        if patterns and self._spec(patterns).match_file(self.relative(path)):
            return True
        if not self.command_excludes:
            return False
        relative = os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")
        return self._spec(self.command_excludes).match_file(relative)

    def ignored_for(self, path: str) -> list[str]:
        """Rule selectors ignored for this file by `per-file-ignores`."""
        relative = self.relative(path)
        ignored: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            if self._spec([pattern]).match_file(relative):
                ignored.extend(rules)
        return ignored

    def described(self) -> list[tuple[str, str, str]]:
        """(key, value, origin) rows for `edgelint config`: every key, and the rules that run."""

        def listed(key: str, default: str = "(none)") -> str:
            return (", ".join(self.lists[key]) or "(none)") if key in self.lists else default

        values = {
            "config": self.config.path or "(none)",
            "rules": ", ".join(r.id for r in self.rules),
            "select": listed("select", "every rule that is not opt-in"),
            "extend-select": listed("extend-select"),
            "ignore": listed("ignore"),
            "extend-ignore": listed("extend-ignore"),
            "per-file-ignores": "; ".join(f"{k} = {', '.join(v)}" for k, v in self.per_file_ignores.items())
            or "(none)",
            "fixable": listed("fixable", "ALL"),
            "extend-fixable": listed("extend-fixable"),
            "unfixable": listed("unfixable"),
            "fail-on": self.fail_on,
            "unsafe-fixes": str(self.unsafe_fixes).lower(),
            "max-file-size": f"{self.max_file_size} bytes",
            "exclude": listed("exclude"),
            "extend-exclude": listed("extend-exclude"),
            "respect-gitignore": str(self.respect_gitignore).lower(),
            "force-exclude": str(self.force_exclude).lower(),
            "baseline": self.baseline or "(none)",
            "env-file": self.env.display if self.env is not None else "(none)",
            "output-format": self.output_format,
            "severity": ", ".join(f"{k} = {v}" for k, v in sorted(self.severity.items())) or "(none)",
            "suppress": "; ".join(entry.describe() for entry in self.suppressions) or "(none)",
        }
        rows: list[tuple[str, str, str]] = []
        for key, value in values.items():
            origin = "" if key in ("config", "rules") else self.origins.get(key, "default")
            rows.append((key, value, origin))
        return rows + self._device_rows()

    def _device_rows(self) -> list[tuple[str, str, str]]:
        """The device profile's keys: their values and the file that set them; the default
        Kubernetes version is the one `edgelint k8s --validate` uses without one."""
        rows: list[tuple[str, str, str]] = []
        for key, value in self.device.described():
            origin = self.source if key in self.device.given else "default"
            if value is None and key == "kubernetes-version":
                from edgelint.k8s.validate import DEFAULT_KUBERNETES_VERSION

                value = DEFAULT_KUBERNETES_VERSION
            rows.append((f"device.{key}", "(none)" if value is None else value, origin))
        return rows


def _joined(first: str | None, second: str) -> str:
    return second if first is None else f"{first}, {second}"


class Session(Policy):
    """The settings of one run; as the discovery policy, it answers from each path's settings."""

    options: Options
    finder: ConfigFinder
    _settings: dict[int, FileSettings]
    _by_path: dict[str | None, FileSettings]
    _suppression_hits: dict[tuple[str, int], bool]
    _baselines: dict[str, Counter[BaselineKey] | None]
    reads_fixes: bool
    reads_sources: bool

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.finder = ConfigFinder(self.options.config, isolated=self.options.isolated)
        self._settings = {}  # id of a Config → its FileSettings
        self._by_path = {}  # each path asked about → its FileSettings (asked again for every finding)
        self._suppression_hits = {}  # (config path, entry index) → dropped a finding
        self._baselines = {}
        # What the run's report reads besides the findings (the command line narrows it): a
        # fix that no report shows is never compiled, and a file's text that no report shows
        # is dropped with the file's node tree, so neither crosses from a worker process
        self.reads_fixes = True
        self.reads_sources = True

    def settings_for(self, path: str | None) -> FileSettings:
        """Settings for a file (or a folder); None means standard input without a name."""
        known = self._by_path.get(path)
        if known is not None:
            return known
        if not path:
            config = self.finder.for_dir(os.getcwd())
        elif os.path.isdir(path):
            config = self.finder.for_dir(os.path.abspath(path))
        else:
            config = self.finder.for_file(path)
        key = id(config)
        if key not in self._settings:
            self._settings[key] = FileSettings(config, self.options)
        settings = self._by_path[path] = self._settings[key]
        return settings

    # the discovery policy (edgelint.discover.Policy), from each path's settings
    def excluded(self, path: str) -> bool:
        return self.settings_for(path).excluded(path)

    def respects_gitignore(self, path: str) -> bool:
        return self.settings_for(path).respect_gitignore

    def force_exclude(self, path: str) -> bool:
        return self.settings_for(path).force_exclude

    def output_format(self, given: str | None = None) -> str:
        """The report format: `given` (the command line), else EDGELINT_OUTPUT_FORMAT, else
        `output-format` in the configuration of the working directory (the format is one
        for the whole run), else full."""
        from edgelint.report import FORMATS

        if given:
            return given
        chosen = self.settings_for(None).output_format
        if chosen not in FORMATS:  # the file's value is checked when it is read
            raise ConfigError(f"{FORMAT_VARIABLE}={chosen!r} is not a format (one of {', '.join(FORMATS)})")
        return chosen

    def postprocess(self, result: FileResult, path: str | None) -> FileResult:
        """Apply the per-file settings to the engine's findings for one file (in place)."""
        settings = self.settings_for(path)
        selected = {rule.id for rule in settings.rules}
        findings = [f for f in result.findings if f.rule_id in selected]
        unfixable = len(settings.fixable) < len(REGISTRY)
        for finding in findings:
            finding.level = settings.severity.get(finding.rule_id, finding.level)
            if unfixable and finding.rule_id not in settings.fixable:
                finding.fix = None
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

            source = result.source
            directives = yaml_directives(source) if source is not None else []
            if source is not None and directives:
                findings = apply_directives(findings, directives)
                if UNUSED in selected:
                    findings.extend(self._unused_directives(result.path, source, directives, settings))
                findings.extend(_broken_directives(result.path, source, directives, settings))
        if settings.baseline and not self.options.update_baseline:
            findings = self._filter_baseline(findings, result, settings.baseline)
        findings.sort(key=lambda f: f.sort_key())
        result.findings = findings
        return result

    def record_suppression_hits(self, hits: dict[tuple[str, int], bool]) -> None:
        """Merge what `[[suppress]]` entries did in one file (also from a worker process)."""
        for key, used in hits.items():
            self._suppression_hits[key] = self._suppression_hits.get(key, False) or used

    def _unused_directives(
        self, path: str, source: SourceText, directives: Sequence[Directive], settings: FileSettings
    ) -> list[Finding]:
        from edgelint.engine import Finding

        rule = REGISTRY[UNUSED]
        unused: list[Finding] = []
        for directive in directives:
            if directive.used or directive.kind == "malformed" or not _judgeable(directive.rules, settings):
                continue
            what = "file-level suppression" if directive.kind == "file" else "suppression"
            if directive.kind == "misplaced":
                message = (
                    "`ignore-file` works only in the comments at the top of the file; this one suppresses nothing."
                )
            else:
                message = f"This {what} for {', '.join(directive.rules)} suppresses nothing; remove it."
            unused.append(
                Finding(
                    rule.id,
                    settings.severity.get(rule.id, rule.level),
                    message,
                    path,
                    "",
                    directive.start,
                    directive.end,
                    source,
                )
            )
        return unused

    def baseline_paths(self) -> list[str]:
        """Every baseline file the settings used so far point at."""
        return sorted({settings.baseline for settings in self._settings.values() if settings.baseline})

    def unused_suppression_results(self) -> list[FileResult]:
        """EL033 findings for `[[suppress]]` entries that matched a linted file but dropped
        nothing (entries whose files were not linted in this run say nothing), as one
        FileResult per configuration file so that every report format can place them."""
        results: dict[str, FileResult] = {}
        sources: dict[str, SourceText] = {}
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
                    sources[entry.origin] = SourceText(handle.read())
                results[entry.origin] = FileResult(_display(entry.origin), sources[entry.origin])
            result, source = results[entry.origin], sources[entry.origin]
            start, end = entry_span(source.text, entry.index)
            rule = REGISTRY[UNUSED]
            message = f"{entry.describe()} suppresses nothing in the files linted; remove it."
            result.findings.append(
                Finding(
                    rule.id, settings.severity.get(rule.id, rule.level), message, result.path, "", start, end, source
                )
            )
        return list(results.values())

    def _filter_baseline(self, findings: list[Finding], result: FileResult, path: str) -> list[Finding]:
        from edgelint.baseline import filter_new, load_baseline

        if path not in self._baselines:
            self._baselines[path] = load_baseline(path) if os.path.exists(path) else None
        known = self._baselines[path]
        if known is None:
            return findings
        texts = {result.path: result.source.text} if result.source is not None else {}
        return filter_new(findings, texts, known, os.path.dirname(os.path.abspath(path)))

    def fails(self, finding: Finding, path: str | None) -> bool:
        settings = self.settings_for(path)
        return LEVEL_RANK[finding.level] >= LEVEL_RANK[settings.fail_on]


def _broken_directives(
    path: str, source: SourceText, directives: Sequence[Directive], settings: FileSettings
) -> list[Finding]:
    """EL033 findings for suppression comments that are malformed or name unknown rules,
    whatever is selected: such a comment never does what its author meant."""
    from edgelint.engine import Finding

    rule = REGISTRY[UNUSED]
    level = settings.severity.get(rule.id, rule.level)
    return [
        Finding(rule.id, level, _sentence(directive.problem), path, "", directive.start, directive.end, source)
        for directive in directives
        if directive.problem is not None
    ]


def _sentence(problem: str) -> str:
    return problem[0].upper() + problem[1:] + "."


def _judgeable(selectors: Iterable[str], settings: FileSettings) -> bool:
    """A suppression can be called unused only if every rule it names has run."""
    selected = {rule.id for rule in settings.rules}
    named: set[str] = set()
    for selector in selectors:
        if selector in REGISTRY:
            named.add(selector)
        elif selector != "ALL":  # a prefix names the rules it would select
            named.update(r for r in REGISTRY if r.startswith(selector) and REGISTRY[r].default)
    return named <= selected


def _is_yaml(result: FileResult) -> bool:
    if result.document is not None:
        return result.document.format == "yaml"
    return result.path.lower().endswith((".yaml", ".yml"))


def _display(path: str) -> str:
    from edgelint.engine import display_path

    return display_path(os.path.abspath(path))
