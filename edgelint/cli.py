"""The command line: `edgelint [check] PATH…`, `edgelint rule ELxxx`, `edgelint rules`,
`edgelint config [PATH]`, `edgelint k8s MANIFEST`, `edgelint server`.

Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage error, unreadable path
or internal error.
"""

from __future__ import annotations

import argparse
import io
import os
import sys

from edgelint import __version__
from edgelint.report import FORMATS, LintRun, summary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType
    from typing import Any, Literal, NoReturn, TextIO

    from edgelint.engine import FileResult
    from edgelint.files import AtomicFile
    from edgelint.fixes.run import FixReporter
    from edgelint.report import Writer
    from edgelint.rule import Rule
    from edgelint.session import Options, Session

    Sink = Callable[[FileResult], None]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def run() -> NoReturn:
    """The console script: `main`, then an exit that skips the interpreter's teardown.

    A run ends with its work still in memory (the last file's node tree, every finding):
    collecting and freeing that object by object costs more than linting a small file, and
    the operating system reclaims it at once. For the same reason the cycle collector is off
    (the batch frees each file's tree before the next, see `edgelint.batch`); the language
    server, which does not end after one run, turns it back on."""
    import gc

    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`| head`): quietly, as _main does
        code = EXIT_CLEAN
    except OSError as exc:  # e.g. a full disk under `> report.txt`
        code = _cannot_write("the output", exc.strerror or exc)
    except ValueError:  # closed: the language server closes it when the editor leaves
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; never a traceback: each stage reports its own errors, and whatever
    escapes them ends here as one line and exit code 2. SIGTERM ends a run like Ctrl-C."""
    from edgelint.signals import terminate_as_interrupt

    _escape_unencodable_output()
    try:
        with terminate_as_interrupt():
            return _main(argv)
    except Exception as exc:
        from edgelint.errors import describe

        reason = _output_failure(exc)
        if reason is not None:
            return _cannot_write("the output", reason)
        print(f"edgelint: internal error: {describe(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _output_failure(exc: Exception) -> str | None:
    """Why a write to standard output or error failed, when `exc` is such a failure for want
    of space or for an I/O error: an OSError without a file name, as a stream's write raises
    (files edgelint writes report their own errors, naming the file)."""
    import errno

    if (
        isinstance(exc, OSError)
        and exc.filename is None
        and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)
    ):
        return exc.strerror
    return None


def _cannot_write(target: str, reason: object) -> int:
    print(f"edgelint: error: cannot write {target}: {reason}", file=sys.stderr)
    return EXIT_ERROR


def _escape_unencodable_output() -> None:
    """Text that cannot be encoded (a lone surrogate from a JSON escape, a file name that is
    not UTF-8) is written escaped instead of ending the run."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]  # TextIO has no reconfigure
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass


COMMANDS = (
    ("check", "lint files and folders (the default command: `edgelint PATH` is `edgelint check PATH`)"),
    ("rules", "list every rule: ID, name, level, fix, and whether it is opt-in"),
    ("rule", "print a rule's documentation (`edgelint rule EL001`, `edgelint rule --all`)"),
    ("config", "print the effective settings for a path and where each came from"),
    ("k8s", "print the Kubernetes objects the device creates from a manifest"),
    ("server", "run the language server for editors"),
)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        command = argv[0] if argv and argv[0] in dict(COMMANDS) else None
        if command not in (None, "check"):
            from edgelint.shadowing import ambiguity

            problem = ambiguity(command, argv[1:], check_parser())
            if problem is not None:
                print(f"edgelint: error: {problem}", file=sys.stderr)
                return EXIT_ERROR
        if command == "rule":
            return _rule_command(argv[1:])
        if command == "rules":
            return _rules_command(argv[1:])
        if command == "config":
            return _config_command(argv[1:])
        if command == "k8s":
            from edgelint.k8s.command import main as k8s_command

            return k8s_command(argv[1:])
        if command == "server":
            from edgelint.lsp import main as server_command

            return server_command(argv[1:])
        if command == "check":
            return _check_command(argv[1:], prog="edgelint check")
        return _check_command(argv)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (edgelint.signals.Terminated)
        return 128 + getattr(exc, "signum", 2)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); exit quietly like other filters
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN


def _selectors(values: list[str] | None) -> list[str] | None:
    """Comma-separated, repeatable selector options → a flat list, rule names as IDs."""
    if values is None:
        return None
    from edgelint.rule import canonical_selectors

    return canonical_selectors([item.strip() for value in values for item in value.split(",") if item.strip()])


def _globs(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, told the terminal width up front: finding it itself imports
    shutil (with zlib, bz2 and lzma), a tenth of edgelint's start-up. Descriptions keep
    their lines (the list of commands)."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        try:
            width = os.get_terminal_size(sys.stderr.fileno()).columns - 2
        except (OSError, ValueError):
            width = 78
        super().__init__(prog, width=max(width, 40), **kwargs)


class Parser(argparse.ArgumentParser):
    """A usage error is one line that points at --help, not the whole usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def check_parser(prog: str = "edgelint") -> Parser:
    commands = "\n".join(f"  {name:<8}{summary}" for name, summary in COMMANDS)
    parser = Parser(
        prog=prog,
        usage=f"{prog}{' [check]' if prog == 'edgelint' else ''} [options] [PATH ...]",
        description="Lint Azure IoT Edge deployment manifests for Kubernetes-based IoT Edge "
        "(Azure Stack Edge Pro GPU).\n\ncommands:\n"
        + commands
        + "\n\n`edgelint COMMAND --help` tells more about each.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to lint (default: the working directory); - reads stdin",
    )
    parser.add_argument("--version", action="version", version=f"edgelint {__version__}")
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        metavar="FORMAT",
        help=f"output format: {', '.join(FORMATS)} (default: EDGELINT_OUTPUT_FORMAT, "
        "else output-format in the configuration, else full)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE (replaced atomically) instead of standard output",
    )
    parser.add_argument(
        "--sarif-category",
        metavar="NAME",
        help="SARIF automationDetails.id category, to upload several edgelint analyses "
        "of one commit (default: edgelint)",
    )
    _add_settings_options(parser)
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name to report for input read from stdin (without PATH: read stdin)",
    )
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour in full and concise output"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    parser.add_argument(
        "--update-baseline", action="store_true", help="record the current findings in the baseline file and exit 0"
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes, then report the problems that remain")
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what --fix would change and write nothing (exit 1 if anything)",
    )
    parser.add_argument("--fix-only", action="store_true", help="apply fixes and report nothing else")
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="count the findings per rule, with level and fix availability, instead of listing them",
    )
    parser.add_argument(
        "--show-fixes",
        action="store_true",
        help="after the findings, list the fixes --fix would apply (after --fix: the fixes applied)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes to lint with (default: one per core for large batches, else 1)",
    )
    parser.add_argument(
        "--show-settings", action="store_true", help="print the effective settings and where each came from, then exit"
    )
    parser.add_argument(
        "--show-files",
        action="store_true",
        help="list each file the paths lead to, linted or skipped and why, then exit",
    )
    return parser


def _add_settings_options(parser: Parser) -> None:
    """The options that change settings: `check` and `config` both take them."""
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="rule IDs, prefixes or names to run (replaces the default: all but the opt-in rules)",
    )
    parser.add_argument("--extend-select", action="append", metavar="RULES", help="rule IDs, prefixes or names to add")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="rule IDs, prefixes or names to skip")
    parser.add_argument(
        "--fixable", action="append", metavar="RULES", help="rules whose fixes apply (replaces the default: all)"
    )
    parser.add_argument("--extend-fixable", action="append", metavar="RULES", help="rules whose fixes apply, added")
    parser.add_argument("--unfixable", action="append", metavar="RULES", help="rules whose fixes never apply")
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "note"),
        help="lowest level that makes the exit code 1 (default: warning)",
    )
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of discovering one")
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument("--baseline", metavar="FILE", help="do not report findings recorded in FILE")
    parser.add_argument(
        "--env-file",
        metavar="FILE",
        help="fill ${VAR} and $VAR placeholders from this dotenv file, as iotedgedev does, before "
        "linting (replaces `env-file` in the configuration)",
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_const",
        const=True,
        dest="unsafe_fixes",
        help="apply unsafe fixes too (they change behaviour: review them)",
    )
    parser.add_argument(
        "--no-unsafe-fixes",
        action="store_const",
        const=False,
        dest="unsafe_fixes",
        help="apply safe fixes only, whatever the configuration says",
    )
    parser.add_argument(
        "--max-file-size",
        type=_size,
        metavar="SIZE",
        help='skip files larger than SIZE, such as "10 MiB" (default: 10 MiB)',
    )
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="GLOBS",
        help="gitignore-style globs of files and folders to leave out (replaces `exclude`)",
    )
    parser.add_argument("--extend-exclude", action="append", metavar="GLOBS", help="globs to leave out, added")
    parser.add_argument(
        "--respect-gitignore",
        action="store_const",
        const=True,
        dest="respect_gitignore",
        help="leave out of folder walks what git ignores (the default)",
    )
    parser.add_argument(
        "--no-respect-gitignore",
        action="store_const",
        const=False,
        dest="respect_gitignore",
        help="walk folders without regard to .gitignore",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_const",
        const=True,
        dest="force_exclude",
        help="leave out what git ignores even when it is named on the command line",
    )
    parser.add_argument(
        "--no-force-exclude",
        action="store_const",
        const=False,
        dest="force_exclude",
        help="lint files named on the command line whatever git ignores (the default)",
    )


def config_parser() -> Parser:
    parser = Parser(
        prog="edgelint config",
        usage="edgelint config [options] [PATH]",
        description="Print the effective settings for PATH (default: the working directory) and where each "
        "came from: the configuration file, the command line or the default.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="the file or folder whose settings to show (default: the working directory)",
    )
    _add_settings_options(parser)
    return parser


def _size(text: str) -> int:
    from edgelint.config import parse_size

    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'not a size: {text!r} (a number of bytes, or such as "10 MiB")') from None


def _options(args: argparse.Namespace) -> Options:
    from edgelint.session import Options

    return Options(
        select=_selectors(args.select),
        extend_select=_selectors(args.extend_select) or [],
        ignore=_selectors(args.ignore) or [],
        fail_on=args.fail_on,
        config=args.config,
        isolated=args.isolated,
        baseline=args.baseline,
        update_baseline=getattr(args, "update_baseline", False),
        unsafe_fixes=args.unsafe_fixes,
        fix_mode=_fix_mode(args),
        max_file_size=args.max_file_size,
        exclude=_globs(args.exclude),
        extend_exclude=_globs(args.extend_exclude),
        respect_gitignore=args.respect_gitignore,
        force_exclude=args.force_exclude,
        fixable=_selectors(args.fixable),
        extend_fixable=_selectors(args.extend_fixable),
        unfixable=_selectors(args.unfixable),
        env_file=args.env_file,
    )


def _fix_mode(args: argparse.Namespace) -> str | None:
    if getattr(args, "diff", False):
        return "diff"
    return "fix" if getattr(args, "fix", False) or getattr(args, "fix_only", False) else None


def _fixes_stdin(args: argparse.Namespace) -> bool:
    """Standard input fixed with --fix: the fixed text goes to stdout, the report to stderr."""
    return _fix_mode(args) == "fix" and "-" in args.paths


def _unknown_rules(parser: Parser, args: argparse.Namespace) -> None:
    from edgelint.rule import unknown_selectors

    given = [
        item
        for option in ("select", "extend_select", "ignore", "fixable", "extend_fixable", "unfixable")
        for value in getattr(args, option) or []
        for item in value.split(",")
        if item.strip()
    ]
    unknown = unknown_selectors([item.strip() for item in given])
    if unknown:
        parser.error(f"unknown rule selector: {', '.join(unknown)} (see `edgelint rules`)")


# Options of the report: (option, whether it is given); modes that write no report reject them.
_REPORT_OPTIONS = (
    ("--format", lambda a: a.format is not None),
    ("--output", lambda a: a.output is not None),
    ("--color", lambda a: a.color != "auto"),
    ("--sarif-category", lambda a: a.sarif_category is not None),
    ("--statistics", lambda a: a.statistics),
    ("--show-fixes", lambda a: a.show_fixes),
)


def _check_combinations(parser: Parser, args: argparse.Namespace) -> None:
    """Meaningless combinations are usage errors, never silently ignored."""
    modes = [
        name
        for name, given in (
            ("--show-settings", args.show_settings),
            ("--show-files", args.show_files),
            ("--update-baseline", args.update_baseline),
            ("--diff", args.diff),
            ("--fix-only", args.fix_only),
        )
        if given
    ]
    if len(modes) > 1:
        parser.error(f"{modes[0]} and {modes[1]} cannot be combined")
    if args.fix and args.diff:
        parser.error("--fix and --diff cannot be combined: --diff shows what --fix would change, and writes nothing")
    if modes:
        for option, given in _REPORT_OPTIONS:
            if given(args):
                parser.error(f"{option} has no effect with {modes[0]}, which writes no report")
        if modes[0] != "--diff" and args.fix:
            parser.error(f"--fix has no effect with {modes[0]}")
    if args.exit_zero and args.fail_on is not None:
        parser.error("--exit-zero and --fail-on cannot be combined: with --exit-zero no level fails")
    if args.stdin_filename is not None and args.paths and "-" not in args.paths:
        parser.error("--stdin-filename names standard input: give - among the paths")
    if args.baseline is not None and not args.update_baseline and not os.path.isfile(args.baseline):
        parser.error(f"--baseline {args.baseline}: no such file (record one with --update-baseline)")


def _check_format_options(parser: Parser, args: argparse.Namespace) -> None:
    """Options of one format, once the format is known (the command line, the environment
    or the configuration chose it)."""
    if args.sarif_category is not None and args.format != "sarif":
        parser.error("--sarif-category needs --format sarif")
    if args.color != "auto" and args.format not in ("full", "concise"):
        parser.error(f"--color has no effect with --format {args.format}")
    for option, given in (("--statistics", args.statistics), ("--show-fixes", args.show_fixes)):
        if given and args.format not in ("full", "concise"):
            parser.error(f"{option} works with the text formats (full, concise), not with --format {args.format}")


# Report formats that show no fixes (--statistics and --show-fixes add a text report that does).
_FORMATS_WITHOUT_FIXES = ("concise", "github", "azure", "gitlab", "junit")
_FORMATS_WITHOUT_SOURCES = _FORMATS_WITHOUT_FIXES  # these show no source line either


def _check_command(argv: Sequence[str], prog: str = "edgelint") -> int:
    from edgelint.config import ConfigError
    from edgelint.errors import BaselineError

    parser = check_parser(prog)
    args = parser.parse_intermixed_args(argv)
    _unknown_rules(parser, args)
    _check_combinations(parser, args)
    options = _options(args)
    if args.stdin_filename is not None and not args.paths:
        args.paths = ["-"]
    paths = args.paths or ["."]
    try:
        from edgelint.session import Session

        session = Session(options)
        args.format = session.output_format(args.format)
        _check_format_options(parser, args)
        if args.show_settings:
            _print_settings(session, args.paths[0] if args.paths else ".")
            return EXIT_CLEAN
        if args.show_files:
            listing: list[FileResult] = []
            run, _ = lint_paths(session, paths, args.stdin_filename, args.jobs, sink=listing.append)
            _show_files(listing, run.tally.left_out)
        elif args.update_baseline:
            run, _ = lint_paths(session, paths, args.stdin_filename, args.jobs, keep_sources=True)
            return _update_baseline(session, run)
        elif args.diff or args.fix_only:
            run, failing = _fix_without_report(session, paths, args)
        else:
            on_result = _fix_reporter(args).take if options.fix_mode else None
            with _Report(args) as report:
                session.reads_fixes = bool(
                    args.format not in _FORMATS_WITHOUT_FIXES or args.statistics or args.show_fixes or options.fix_mode
                )
                session.reads_sources = session.reads_fixes or args.format not in _FORMATS_WITHOUT_SOURCES
                run, failing = lint_paths(
                    session, paths, args.stdin_filename, args.jobs, sink=report.sink, on_result=on_result
                )
                report.finish(run)
    except (ConfigError, BaselineError) as exc:
        print(f"edgelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except _OutputError as exc:
        return _cannot_write(args.output or "the output", exc)
    for error in run.errors:
        print(f"edgelint: error: {error}", file=sys.stderr)
    if run.errors:
        return EXIT_ERROR
    if args.exit_zero or args.show_files:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _show_files(results: list[FileResult], left_out: list[tuple[str, str]]) -> None:
    """--show-files: one line per file, linted or skipped and why, by path."""
    lines = [
        (result.path, "linted", "")
        if result.is_manifest or result.findings
        else (result.path, "skipped", f": not an IoT Edge manifest: {result.skipped}")
        for result in results
    ]
    lines += [(display, "skipped", f": {reason}") for display, reason in left_out]
    for path, what, why in sorted(lines):
        print(f"{what:<8} {path}{why}")


def lint_paths(
    session: Session,
    paths: Sequence[str],
    stdin_filename: str | None = None,
    jobs: int | None = 0,
    sink: Sink | None = None,
    keep_sources: bool = False,
    on_result: Sink | None = None,
) -> tuple[LintRun, bool]:
    """Lint every target with its own settings; returns the LintRun and whether any finding
    reaches its file's fail level. Each result goes to `sink` as soon as it is ready (the
    streamed reports write it at once); afterwards only what the remaining reports need is
    kept, so memory does not grow with the number of files. `on_result` sees every file's
    result first (fixes write fixed standard input with it)."""
    from edgelint.batch import lint_targets
    from edgelint.discover import discover
    from edgelint.errors import LintError
    from edgelint.report.text import Tally

    targets, errors, left_out = discover(paths, stdin_filename, session)
    results: list[FileResult] = []
    rules: dict[str, Rule] = {}
    counted: set[int] = set()  # the FileSettings whose rules are in `rules`
    failing, tally = False, Tally()
    for display, reason in left_out:
        tally.leave_out(display, reason)
    for target, outcome in zip(targets, lint_targets(session, targets, jobs)):
        if isinstance(outcome, LintError):
            errors.append(outcome)
            continue
        if on_result is not None:
            on_result(outcome)
        path = target.settings_path
        settings = session.settings_for(path)
        if id(settings) not in counted:
            counted.add(id(settings))
            rules.update((rule.id, rule) for rule in settings.rules)
        failing = failing or any(session.fails(finding, path) for finding in outcome.findings)
        tally.add(outcome)
        if _keep(outcome, sink, keep_sources):
            results.append(outcome)
        else:
            errors.extend(outcome.errors)  # a streamed result is gone; its errors are still to report
    for result in session.unused_suppression_results():
        failing = failing or any(session.fails(finding, None) for finding in result.findings)
        tally.add(result)
        if _keep(result, sink, keep_sources):
            results.append(result)
    run = LintRun([rules[key] for key in sorted(rules)], results, errors, tally)
    return run, failing


def _fix_reporter(args: argparse.Namespace) -> FixReporter:
    from edgelint.fixes.run import FixReporter

    mode = _fix_mode(args)
    if mode is None:
        raise ValueError("no --fix, --fix-only or --diff")
    return FixReporter(mode)


def _fix_without_report(session: Session, paths: Sequence[str], args: argparse.Namespace) -> tuple[LintRun, bool]:
    """--diff (print the diffs; "failing" when there is something to fix) and --fix-only
    (fix and say how many): no findings are reported."""
    reporter = _fix_reporter(args)
    run, _ = lint_paths(session, paths, args.stdin_filename, args.jobs, sink=reporter.take)
    sys.stdout.flush()
    if not args.quiet:
        print(reporter.summary(), file=sys.stderr)
    return run, bool(args.diff and reporter.fixed)


def _update_baseline(session: Session, run: LintRun) -> int:
    from edgelint.baseline import write_baseline

    paths = session.baseline_paths()
    if not paths:
        print(
            "edgelint: error: --update-baseline needs a baseline file (--baseline FILE or `baseline` in the configuration)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    texts = {result.path: result.source.text for result in run.results if result.source is not None}
    for path in paths:
        write_baseline(path, run.findings, texts)
        print(f"edgelint: wrote {len(run.findings)} findings to {path}", file=sys.stderr)
    return EXIT_CLEAN


def _print_settings(session: Session, path: str) -> None:
    settings = session.settings_for(path)
    rows = settings.described()
    width = max(len(key) for key, _, _ in rows)
    for key, value, origin in rows:
        print(f"{key.ljust(width)}  {value}" + (f"    ({origin})" if origin else ""))


def _config_command(argv: Sequence[str]) -> int:
    from edgelint.config import ConfigError
    from edgelint.session import Session

    parser = config_parser()
    args, extra = parser.parse_known_intermixed_args(argv)
    if extra:
        option = extra[0].split("=", 1)[0]
        if option in check_parser()._option_string_actions:
            parser.error(f"{option} is an option of `edgelint check`, not of `edgelint config`")
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    _unknown_rules(parser, args)
    try:
        _print_settings(Session(_options(args)), args.path)
    except ConfigError as exc:
        print(f"edgelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def _keep(result: FileResult, sink: Sink | None, keep_sources: bool) -> bool:
    """Whether to keep a result once it is counted, trimmed to what is still needed: a
    streamed report has written it already; JSON and SARIF need the findings, and the
    text only for fix edits."""
    if sink is not None:
        sink(result)
        return False
    if not keep_sources and not any(f.fix for f in result.findings):
        result.source = None
    return True


class _OutputError(Exception):
    pass


class _Report:
    """Where the report goes (stdout, or `--output FILE` replaced atomically) and how:
    every format but json and sarif is written file by file as results arrive (see
    edgelint.report.Writer). The summary line follows on stdout after the full format there,
    else on stderr."""

    args: argparse.Namespace
    atomic: AtomicFile | None
    stream: TextIO
    colour: bool
    writer: Writer
    sink: Sink | None

    def __init__(self, args: argparse.Namespace) -> None:
        from edgelint.report import writer
        from edgelint.report.columns import output_width

        self.args = args
        self.atomic = None
        if args.output is None:
            self.stream = sys.stderr if _fixes_stdin(args) else sys.stdout
        else:
            from edgelint.files import AtomicFile

            try:
                self.atomic = AtomicFile(args.output)
            except OSError as exc:
                raise _OutputError(exc.strerror or exc) from None
            self.stream = io.TextIOWrapper(
                self.atomic.handle, encoding="utf-8", errors="backslashreplace", newline="", write_through=True
            )
        self.colour = _use_colour(args.color, sys.stdout if args.output is None else None)
        width = output_width(self.stream if args.output is None else None)
        self.writer = writer(args.format, self.colour, args.sarif_category, width)
        if args.statistics or args.show_fixes:
            from edgelint.report import text_report

            self.writer = text_report(self.writer, args.statistics, args.show_fixes)
        self.sink = self._write_result if self.writer.streamed else None

    def __enter__(self) -> _Report:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> Literal[False]:
        if self.atomic is not None:
            try:
                self.atomic.__exit__(kind, error, traceback)
            except OSError as exc:
                raise _OutputError(exc.strerror or exc) from None
        return False

    def _write_result(self, result: FileResult) -> None:
        try:
            text = self.writer.part(result)
        except Exception as exc:  # one file's report must not cost the others theirs
            from edgelint.errors import LintError, describe

            result.errors.append(LintError(result.path, f"internal error while reporting: {describe(exc)}"))
            return
        self._emit(text)

    def finish(self, run: LintRun) -> None:
        self._emit(self.writer.finish(run), flush=True)
        tally = run.tally
        # a path that does not exist is said on its own, not as "nothing linted"
        if not self.args.quiet and not (run.errors and not tally.files_checked and not tally.skipped):
            on_stdout = self.stream is sys.stdout and self.args.format == "full"
            print(summary(run), file=sys.stdout if on_stdout else sys.stderr)

    def _emit(self, text: str, flush: bool = False) -> None:
        try:
            self.stream.write(text)
            if flush:
                self.stream.flush()
        except BrokenPipeError:
            raise  # the reader went away: see _main
        except OSError as exc:  # e.g. a full disk
            raise _OutputError(exc.strerror or exc) from None


def _use_colour(choice: str, stream: TextIO | None) -> bool:
    """Colour if asked for, or on a terminal unless NO_COLOR; `stream` None is a file."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


def _rules_command(argv: Sequence[str]) -> int:
    from edgelint.rule import all_rules

    parser = Parser(
        prog="edgelint rules",
        description="List every rule: ID, name, level, fix and summary; "
        "opt-in rules (run only when selected by their full ID) are marked.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    args = parser.parse_args(argv)
    rules = all_rules()
    if args.format == "json":
        import json

        listed = [
            {
                "id": r.id,
                "name": r.name,
                "level": r.level,
                "fix": r.fix_kind,
                "opt_in": not r.default,
                "summary": r.summary,
                "tags": list(r.tags),
            }
            for r in rules
        ]
        print(json.dumps(listed, indent=2, ensure_ascii=False))
        return EXIT_CLEAN
    rows = [("ID", "NAME", "LEVEL", "FIX", "OPT-IN", "SUMMARY")]
    rows += [(r.id, r.name, r.level, r.fix_kind, "" if r.default else "opt-in", r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
    return EXIT_CLEAN


def _rule_command(argv: Sequence[str]) -> int:
    from edgelint.docs import load_doc
    from edgelint.rule import all_rules, canonical_selector, get_rule

    parser = Parser(
        prog="edgelint rule",
        usage="edgelint rule RULE | --all",
        description="Print a rule's documentation, or with --all every rule's.",
    )
    parser.add_argument("rule", nargs="?", metavar="RULE", help="a rule ID (EL001) or name (file-bind-mount)")
    parser.add_argument("--all", action="store_true", help="every rule's documentation, by ID")
    args = parser.parse_args(argv)
    if args.all == (args.rule is not None):
        parser.error("give one RULE, or --all")
    if args.all:
        print("\n\n".join(load_doc(r.id).plain_text().rstrip("\n") for r in all_rules()))
        return EXIT_CLEAN
    found = get_rule(canonical_selector(args.rule) or args.rule)
    if found is None:
        parser.error(f"unknown rule: {args.rule} (see `edgelint rules`)")
    print(load_doc(found.id).plain_text())
    return EXIT_CLEAN
