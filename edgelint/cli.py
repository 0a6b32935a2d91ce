"""The command line: `edgelint [check] PATH…`, `edgelint rule ELxxx`, `edgelint rules`,
`edgelint config [PATH]`, `edgelint k8s MANIFEST`, `edgelint server`.

Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage error, unreadable path
or internal error.
"""

import argparse
import io
import os
import sys

from edgelint import __version__
from edgelint.report import FORMATS, LintRun, summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def main(argv=None):
    """Run a command; never a traceback: each stage reports its own errors, and whatever
    escapes them ends here as one line and exit code 2. SIGTERM ends a run like Ctrl-C."""
    from edgelint.signals import terminate_as_interrupt

    _escape_unencodable_output()
    try:
        with terminate_as_interrupt():
            return _main(argv)
    except Exception as exc:
        from edgelint.errors import describe

        print(f"edgelint: internal error: {describe(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _escape_unencodable_output():
    """Text that cannot be encoded (a lone surrogate from a JSON escape, a file name that is
    not UTF-8) is written escaped instead of ending the run."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass


def _main(argv):
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rule":
            return _rule_command(argv[1:])
        if argv and argv[0] == "rules":
            return _rules_command(argv[1:])
        if argv and argv[0] == "config":
            return _config_command(argv[1:])
        if argv and argv[0] == "k8s":
            from edgelint.k8s.command import main as k8s_command

            return k8s_command(argv[1:])
        if argv and argv[0] == "server":
            from edgelint.lsp import main as server_command

            return server_command(argv[1:])
        if argv and argv[0] == "check":
            argv = argv[1:]
        return _check_command(argv)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (edgelint.signals.Terminated)
        return 128 + getattr(exc, "signum", 2)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); exit quietly like other filters
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN


def _selectors(values):
    """Comma-separated, repeatable selector options → a flat list."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, told the terminal width up front: finding it itself imports
    shutil (with zlib, bz2 and lzma), a tenth of edgelint's start-up."""

    def __init__(self, prog, **kwargs):
        try:
            width = os.get_terminal_size(sys.stderr.fileno()).columns - 2
        except (OSError, ValueError):
            width = 78
        super().__init__(prog, width=max(width, 40), **kwargs)


def check_parser():
    parser = argparse.ArgumentParser(
        prog="edgelint",
        formatter_class=_HelpFormatter,
        description="Lint Azure IoT Edge deployment manifests for Kubernetes-based IoT Edge "
        "(Azure Stack Edge Pro GPU). Other commands: `edgelint rule ELxxx`, `edgelint rules`.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint; - reads stdin")
    parser.add_argument("--version", action="version", version=f"edgelint {__version__}")
    parser.add_argument("--format", choices=FORMATS, default="full",
                        help="output format: full, concise, json, sarif or github (default: full)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the report to FILE (replaced atomically) instead of standard output")
    parser.add_argument("--sarif-category", metavar="NAME",
                        help="SARIF automationDetails.id category, to upload several edgelint analyses "
                        "of one commit (default: edgelint)")
    parser.add_argument("--select", action="append", metavar="RULES", help="rule IDs or prefixes to run (replaces the default: all)")
    parser.add_argument("--extend-select", action="append", metavar="RULES", help="rule IDs or prefixes to add")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="rule IDs or prefixes to skip")
    parser.add_argument("--fail-on", choices=("error", "warning", "note"),
                        help="lowest level that makes the exit code 1 (default: warning)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name to report for input read from stdin")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in full and concise output")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of discovering one")
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument("--baseline", metavar="FILE", help="do not report findings recorded in FILE")
    parser.add_argument("--update-baseline", action="store_true",
                        help="record the current findings in the baseline file and exit 0")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes, then report the problems that remain")
    parser.add_argument("--unsafe-fixes", action="store_const", const=True, dest="unsafe_fixes",
                        help="apply unsafe fixes too (they change behaviour: review them)")
    parser.add_argument("--no-unsafe-fixes", action="store_const", const=False, dest="unsafe_fixes",
                        help="apply safe fixes only, whatever the configuration says")
    parser.add_argument("--diff", action="store_true",
                        help="print a unified diff of what --fix would change and write nothing (exit 1 if anything)")
    parser.add_argument("--fix-only", action="store_true", help="apply fixes and report nothing else")
    parser.add_argument("--max-file-size", type=_size, metavar="SIZE",
                        help='skip files larger than SIZE, such as "10 MiB" (default: 10 MiB)')
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="processes to lint with (default: one per core for large batches, else 1)")
    parser.add_argument("--show-settings", action="store_true",
                        help="print the effective settings and where each came from, then exit")
    return parser


def _size(text):
    from edgelint.config import parse_size

    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'not a size: {text!r} (a number of bytes, or such as "10 MiB")') from None


def _options(args):
    from edgelint.session import Options

    return Options(
        select=_selectors(args.select), extend_select=_selectors(args.extend_select) or [],
        ignore=_selectors(args.ignore) or [], fail_on=args.fail_on, config=args.config,
        isolated=args.isolated, baseline=args.baseline, update_baseline=args.update_baseline,
        unsafe_fixes=args.unsafe_fixes, fix_mode=_fix_mode(args), max_file_size=args.max_file_size,
    )


def _fix_mode(args):
    if args.diff:
        return "diff"
    return "fix" if args.fix or args.fix_only else None


def _fixes_stdin(args):
    """Standard input fixed with --fix: the fixed text goes to stdout, the report to stderr."""
    return _fix_mode(args) == "fix" and "-" in args.paths


def _check_command(argv):
    from edgelint.config import ConfigError
    from edgelint.errors import BaselineError
    from edgelint.rule import unknown_selectors

    parser = check_parser()
    args = parser.parse_intermixed_args(argv)
    options = _options(args)
    unknown = unknown_selectors((options.select or []) + options.extend_select + options.ignore)
    if unknown:
        parser.error(f"unknown rule selector: {', '.join(unknown)} (see `edgelint rules`)")
    paths = args.paths or ["."]
    try:
        from edgelint.session import Session

        session = Session(options)
        if args.show_settings:
            _print_settings(session, args.paths[0] if args.paths else ".")
            return EXIT_CLEAN
        if args.update_baseline:
            run, _ = lint_paths(session, paths, args.stdin_filename, args.jobs, keep_sources=True)
            return _update_baseline(session, run)
        if args.diff or args.fix_only:
            run, failing = _fix_without_report(session, paths, args)
        else:
            on_result = _fix_reporter(args).take if options.fix_mode else None
            with _Report(args) as report:
                run, failing = lint_paths(session, paths, args.stdin_filename, args.jobs, sink=report.sink,
                                          on_result=on_result)
                report.finish(run)
    except (ConfigError, BaselineError) as exc:
        print(f"edgelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except _OutputError as exc:
        print(f"edgelint: error: cannot write {args.output}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for error in run.errors:
        print(f"edgelint: error: {error}", file=sys.stderr)
    if run.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def lint_paths(session, paths, stdin_filename=None, jobs=0, sink=None, keep_sources=False, on_result=None):
    """Lint every target with its own settings; returns the LintRun and whether any finding
    reaches its file's fail level. Each result goes to `sink` as soon as it is ready (the
    streamed reports write it at once); afterwards only what the remaining reports need is
    kept, so memory does not grow with the number of files. `on_result` sees every file's
    result first (fixes write fixed standard input with it)."""
    from edgelint.batch import lint_targets
    from edgelint.discover import discover
    from edgelint.errors import LintError
    from edgelint.report.text import Tally

    targets, errors = discover(paths, stdin_filename, excluded=session.excluded)
    results, rules, failing, tally = [], {}, False, Tally()
    for target, outcome in zip(targets, lint_targets(session, targets, jobs)):
        if isinstance(outcome, LintError):
            errors.append(outcome)
            continue
        if on_result is not None:
            on_result(outcome)
        path = target.settings_path
        rules.update((rule.id, rule) for rule in session.settings_for(path).rules)
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


def _fix_reporter(args):
    from edgelint.fixes.run import FixReporter

    return FixReporter(_fix_mode(args))


def _fix_without_report(session, paths, args):
    """--diff (print the diffs; "failing" when there is something to fix) and --fix-only
    (fix and say how many): no findings are reported."""
    reporter = _fix_reporter(args)
    run, _ = lint_paths(session, paths, args.stdin_filename, args.jobs, sink=reporter.take)
    sys.stdout.flush()
    if not args.quiet:
        print(reporter.summary(), file=sys.stderr)
    return run, bool(args.diff and reporter.fixed)


def _update_baseline(session, run):
    from edgelint.baseline import write_baseline

    paths = session.baseline_paths()
    if not paths:
        print("edgelint: error: --update-baseline needs a baseline file (--baseline FILE or `baseline` in the configuration)",
              file=sys.stderr)
        return EXIT_ERROR
    texts = {result.path: result.source.text for result in run.results if result.source is not None}
    for path in paths:
        write_baseline(path, run.findings, texts)
        print(f"edgelint: wrote {len(run.findings)} findings to {path}", file=sys.stderr)
    return EXIT_CLEAN


def _print_settings(session, path):
    settings = session.settings_for(path)
    rows = settings.described()
    width = max(len(key) for key, _, _ in rows)
    for key, value, origin in rows:
        print(f"{key.ljust(width)}  {value}" + (f"    ({origin})" if origin else ""))


def _config_command(argv):
    from edgelint.config import ConfigError
    from edgelint.session import Session

    parser = check_parser()
    parser.prog = "edgelint config"
    parser.description = "Print the effective settings for PATH (default: the working directory) and where each came from."
    args = parser.parse_intermixed_args(argv)
    try:
        _print_settings(Session(_options(args)), args.paths[0] if args.paths else ".")
    except ConfigError as exc:
        print(f"edgelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def _keep(result, sink, keep_sources):
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
    full, concise and github are written file by file as results arrive; json and sarif
    once at the end. The summary line follows on stdout after the full format there,
    else on stderr."""

    def __init__(self, args):
        from edgelint.report import STREAMED
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
            self.stream = io.TextIOWrapper(self.atomic.handle, encoding="utf-8", errors="backslashreplace", newline="",
                                           write_through=True)
        self.colour = _use_colour(args.color, sys.stdout if args.output is None else None)
        self.width = output_width(self.stream if args.output is None else None)
        self.sink = self._write_result if args.format in STREAMED else None

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if self.atomic is not None:
            try:
                self.atomic.__exit__(kind, error, traceback)
            except OSError as exc:
                raise _OutputError(exc.strerror or exc) from None
        return False

    def _write_result(self, result):
        from edgelint.report import render_result

        try:
            text = render_result(self.args.format, result, colour=self.colour, width=self.width)
        except Exception as exc:  # one file's report must not cost the others theirs
            from edgelint.errors import LintError, describe

            result.errors.append(LintError(result.path, f"internal error while reporting: {describe(exc)}"))
            return
        self.stream.write(text)

    def finish(self, run):
        from edgelint.report import render

        if self.sink is None:
            self.stream.write(render(self.args.format, run, sarif_category=self.args.sarif_category))
        self.stream.flush()
        if not self.args.quiet:
            on_stdout = self.stream is sys.stdout and self.args.format == "full"
            print(summary(run), file=sys.stdout if on_stdout else sys.stderr)


def _use_colour(choice, stream):
    """Colour if asked for, or on a terminal unless NO_COLOR; `stream` None is a file."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _rules_command(argv):
    from edgelint.rule import all_rules

    parser = argparse.ArgumentParser(prog="edgelint rules", description="List every rule.")
    parser.parse_args(argv)
    rows = [("ID", "NAME", "LEVEL", "FIX", "SUMMARY")]
    rows += [(r.id, r.name, r.level, r.fix, r.summary) for r in all_rules()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return EXIT_CLEAN


def _rule_command(argv):
    from edgelint.docs import load_doc
    from edgelint.rule import get_rule

    parser = argparse.ArgumentParser(prog="edgelint rule", description="Print a rule's documentation.")
    parser.add_argument("rule", metavar="RULE", help="a rule ID (EL001) or name (file-bind-mount)")
    args = parser.parse_args(argv)
    found = get_rule(args.rule) or _rule_by_name(args.rule)
    if found is None:
        parser.error(f"unknown rule: {args.rule} (see `edgelint rules`)")
    print(load_doc(found.id).plain_text())
    return EXIT_CLEAN


def _rule_by_name(name):
    from edgelint.rule import all_rules

    return next((r for r in all_rules() if r.name == name), None)
