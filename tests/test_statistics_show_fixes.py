"""`--statistics` (a count per rule, with level and fix availability) and `--show-fixes`
(the fixes --fix would apply, or applied), checked against the findings of --format json."""

import json
import shutil
from collections import Counter

import pytest
from conftest import ROOT, run_cli
from report_helpers import BAD, SELECT

from edgelint.rule import get_rule

EXAMPLE = ROOT / "examples" / "fpga-era.deployment.json"


@pytest.fixture
def example(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "fpga.json")
    return tmp_path


def findings(cwd, *args):
    return json.loads(run_cli("--format", "json", *args, "fpga.json", cwd=cwd).stdout)


def test_statistics_of_a_small_run(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    proc = run_cli("--statistics", "--select", ",".join(SELECT), "bad.json", cwd=tmp_path)
    assert proc.stdout == (
        "1  EL001  error    [ ] file-bind-mount\n"
        "1  EL007  error    [ ] reserved-proxy-port\n"
        "\n"
        "Found 2 problems (2 errors) in 1 file.\n"
    )
    assert proc.returncode == 1


def test_statistics_count_every_rule_and_level_most_frequent_first(example):
    expected = Counter((f["id"], f["level"]) for f in findings(example))
    fixes = {(f["id"], f["level"], f["fix"]["applicability"]) for f in findings(example) if f["fix"]}
    proc = run_cli("--statistics", "--format", "concise", "fpga.json", cwd=example)
    *rows, legend, blank = proc.stdout.split("\n")[:-1]
    parsed = [row.split() for row in rows]
    assert Counter({(rule, level): int(count) for count, rule, level, *_ in parsed}) == expected
    assert [int(row[0]) for row in parsed] == sorted((int(row[0]) for row in parsed), reverse=True)
    for _count, rule, level, mark, name in ((r[0], r[1], r[2], " ".join(r[3:-1]), r[-1]) for r in parsed):
        want = "[*]" if (rule, level, "safe") in fixes else "[-]" if (rule, level, "unsafe") in fixes else "[ ]"
        assert mark == want, rule
        assert name == get_rule(rule).name
    safe = sum(1 for f in findings(example) if f["fix"] and f["fix"]["applicability"] == "safe")
    unsafe = sum(1 for f in findings(example) if f["fix"] and f["fix"]["applicability"] == "unsafe")
    assert legend == f"[*] {safe} fixable with --fix; [-] {unsafe} with --unsafe-fixes." and blank == ""
    assert proc.stderr == run_cli("--format", "concise", "fpga.json", cwd=example).stderr


def test_show_fixes_lists_what_fix_would_apply(example):
    found = findings(example)
    proc = run_cli("--show-fixes", "--format", "concise", "fpga.json", cwd=example)
    listing = proc.stdout.split("Fixes --fix would apply:\n", 1)[1]
    safe, unsafe = listing.split("Unsafe fixes, applied by --fix with --unsafe-fixes:\n")

    def lines(applicability):
        return "".join(
            f"  fpga.json:{f['line']}:{f['column']}: {f['id']} {f['fix']['title']}\n"
            for f in found
            if f["fix"] and f["fix"]["applicability"] == applicability
        )

    assert safe == lines("safe") and unsafe == lines("unsafe") + "\n"
    assert proc.stdout.startswith(run_cli("--format", "concise", "fpga.json", cwd=example).stdout)


def test_show_fixes_after_fix_counts_what_was_fixed(example):
    safe = Counter(f["id"] for f in findings(example) if f["fix"] and f["fix"]["applicability"] == "safe")
    proc = run_cli("--fix", "--show-fixes", "--format", "concise", "fpga.json", cwd=example)
    fixed = proc.stdout.split("Fixed:\n  fpga.json:\n", 1)[1].split("Unsafe fixes")[0]
    counts = Counter()
    for line in fixed.splitlines():
        count, _, rule, _ = line.split()
        counts[rule] = int(count)
    assert counts == safe
    assert f"; fixed {sum(safe.values())}." in proc.stderr
    remaining = proc.stdout.split("Unsafe fixes, applied by --fix with --unsafe-fixes:\n", 1)[1]
    assert [line.split()[1] for line in remaining.splitlines() if line] == [
        f["id"] for f in findings(example) if f["fix"]
    ]  # only the unsafe ones are left


def test_show_fixes_without_fixes(tmp_path):
    (tmp_path / "bad.json").write_text(BAD, encoding="utf-8")
    proc = run_cli("--show-fixes", "--select", "EL007", "--format", "concise", "bad.json", cwd=tmp_path)
    assert proc.stdout.endswith(
        ": EL007 Container port 35000 is reserved: every module pod shares its network with the "
        "IoT Edge proxy sidecar, which listens on localhost:35000 and 35001; pick another port.\n"
        "No fixes available.\n\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--statistics", "--format", "json"],
            "--statistics works with the text formats (full, concise), not with --format json",
        ),
        (
            ["--show-fixes", "--format", "sarif"],
            "--show-fixes works with the text formats (full, concise), not with --format sarif",
        ),
        (["--show-fixes", "--diff"], "--show-fixes has no effect with --diff, which writes no report"),
    ],
)
def test_only_with_a_text_report(tmp_path, args, message):
    proc = run_cli(*args, "bad.json", cwd=tmp_path)
    assert proc.returncode == 2 and message in proc.stderr and proc.stdout == ""
