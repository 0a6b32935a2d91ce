"""The command line: `edgelint [check] PATH…`, `edgelint rule ELxxx`, `edgelint rules`.

Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage error, unreadable path
or internal error.
"""

import argparse
import os
import sys

from edgelint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
TEXT_FORMATS = ("full", "concise")
FORMATS = TEXT_FORMATS


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rule":
            return _rule_command(argv[1:])
        if argv and argv[0] == "rules":
            return _rules_command(argv[1:])
        if argv and argv[0] == "check":
            argv = argv[1:]
        return _check_command(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); exit quietly like other filters
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN


def _selectors(values):
    """Comma-separated, repeatable selector options → a flat list."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def check_parser():
    parser = argparse.ArgumentParser(
        prog="edgelint",
        description="Lint Azure IoT Edge deployment manifests for Kubernetes-based IoT Edge "
        "(Azure Stack Edge Pro GPU). Other commands: `edgelint rule ELxxx`, `edgelint rules`.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint; - reads stdin")
    parser.add_argument("--version", action="version", version=f"edgelint {__version__}")
    parser.add_argument("--format", choices=FORMATS, default="full", help="output format (default: full)")
    parser.add_argument("--select", action="append", metavar="RULES", help="rule IDs or prefixes to run (replaces the default: all)")
    parser.add_argument("--extend-select", action="append", metavar="RULES", help="rule IDs or prefixes to add")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="rule IDs or prefixes to skip")
    parser.add_argument("--fail-on", choices=("error", "warning", "note"), default="warning",
                        help="lowest level that makes the exit code 1 (default: warning)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name to report for input read from stdin")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in full output")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    return parser


def _check_command(argv):
    from edgelint.rule import LEVEL_RANK, select_rules, unknown_selectors

    parser = check_parser()
    args = parser.parse_intermixed_args(argv)
    select = _selectors(args.select)
    extend = _selectors(args.extend_select) or []
    ignore = _selectors(args.ignore) or []
    unknown = unknown_selectors((select or []) + extend + ignore)
    if unknown:
        parser.error(f"unknown rule selector: {', '.join(unknown)} (see `edgelint rules`)")
    rules = select_rules(select, ignore, extend)
    results, errors = lint_paths(args.paths or ["."], rules, args.stdin_filename)
    findings = [finding for result in results for finding in result.findings]
    errors.extend(f"{result.path}: {message}" for result in results for message in result.errors)

    _write_text(args, results, findings)
    for message in errors:
        print(f"edgelint: error: {message}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    threshold = LEVEL_RANK[args.fail_on]
    return EXIT_FINDINGS if any(LEVEL_RANK[f.level] >= threshold for f in findings) else EXIT_CLEAN


def lint_paths(paths, rules, stdin_filename=None):
    """Lint every target; returns (file results, error messages)."""
    from edgelint.discover import discover
    from edgelint.engine import lint_bytes

    targets, errors = discover(paths, stdin_filename)
    results = []
    for target in targets:
        try:
            if target.path is None:
                data = sys.stdin.buffer.read()
            else:
                with open(target.path, "rb") as handle:
                    data = handle.read()
        except OSError as exc:
            errors.append(f"{target.display}: cannot read: {exc.strerror or exc}")
            continue
        results.append(lint_bytes(target.display, data, rules))
    return results, errors


def _write_text(args, results, findings):
    from edgelint.report.text import Style, concise, full, summary

    out = sys.stdout
    checked = sum(1 for result in results if result.is_manifest)
    if args.format == "concise":
        for finding in findings:
            out.write(concise(finding) + "\n")
        if not args.quiet:
            print(summary(findings, checked), file=sys.stderr)
        return
    style = Style(_use_colour(args.color, out))
    sources = {result.path: result.source for result in results}
    for finding in findings:
        out.write(full(finding, sources.get(finding.path), style) + "\n")
    if not args.quiet:
        out.write(summary(findings, checked) + "\n")


def _use_colour(choice, stream):
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
