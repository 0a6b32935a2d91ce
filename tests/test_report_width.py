"""The full format fits the terminal's width (or COLUMNS, else 80): messages wrap under their
first word, source lines are cut around the span with the carets under it, wide characters
count two columns. The concise format is coloured with --color always."""

import json
import os
import pty
import struct
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli

from edgelint.report.columns import column_offsets, text_width, window, wrap

EXAMPLE = "examples/fpga-era.deployment.json"


def _manifest(modules):
    """A manifest with each module object on one line of its own: the excerpts asserted below
    are those lines."""
    return (
        '{\n  "modulesContent": {\n    "$edgeAgent": {\n      "properties.desired": {\n        "modules": {\n'
        + ",\n".join(
            f"          {json.dumps(name, ensure_ascii=False)}: {json.dumps(module, ensure_ascii=False)}"
            for name, module in modules.items()
        )
        + "\n        }\n      }\n    }\n  }\n}\n"
    )


# One long line: CJK labels (two columns each) and an emoji before the file bind, at the
# end of the createOptions string.
WIDE = _manifest(
    {
        "camera": {
            "type": "docker",
            "settings": {
                "image": "contoso/camera:1.0",
                "createOptions": json.dumps(
                    {
                        "Labels": {"note": "x" * 40, "説明": "カメラの画像を処理するモジュール 📷"},
                        "HostConfig": {"Binds": ["/etc/localtime:/etc/localtime:ro"]},
                    },
                    ensure_ascii=False,
                ),
            },
        },
    }
)


def _blocks(stdout):
    return [block for block in stdout.split("\n\n") if "-->" in block]


def _assert_fits(stdout, width):
    """No line wider than `width`, except the `-->` line of a path longer than it."""
    for line in stdout.splitlines():
        if "-->" not in line:
            assert text_width(line) <= width, (width, line)


def _caret_text(block):
    """The characters of the excerpt line that the carets stand under, and whether the
    excerpt was cut after them (a `…` right after the carets)."""
    lines = block.splitlines()
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith("|") and "^" in line)
    excerpt, carets = lines[index - 1], lines[index]
    offsets = column_offsets(excerpt)
    start = carets.index("^")
    end = start + len(carets[start:].split(" ")[0])
    return "".join(ch for i, ch in enumerate(excerpt) if start <= offsets[i] < end)


@pytest.mark.parametrize("width", [30, 40, 57, 80, 132])
@pytest.mark.parametrize("name,text", [("fpga", None), ("wide", WIDE)])
def test_every_line_fits_and_the_carets_stand_under_the_span(tmp_path, width, name, text):
    if text is None:
        path = ROOT / EXAMPLE
    else:
        path = tmp_path / "wide.json"
        path.write_text(text, encoding="utf-8")
    proc = run_cli(str(path), "--color", "never", "--quiet", env={"COLUMNS": str(width)})
    findings = json.loads(run_cli("--format", "json", str(path)).stdout)
    source = path.read_text(encoding="utf-8").splitlines()
    _assert_fits(proc.stdout, width)
    blocks = _blocks(proc.stdout)
    assert len(blocks) == len(findings) > 0
    for block, finding in zip(blocks, findings):
        line = source[finding["line"] - 1]
        span = line[finding["column"] - 1 : finding["end_column"] - 1]
        shown = _caret_text(block)
        # The carets cover the span, or as much of its start as fits before the cut.
        assert shown == span or (shown and span.startswith(shown.rstrip("…"))), (width, block, span)
        # The message is all there, in the same order.
        header = block.split("-->")[0].split("]:", 1)[1]
        assert "".join(header.split()) == "".join(finding["message"].split())


def test_exact_output_with_wide_characters_before_the_span(tmp_path):
    """The CJK characters and the emoji take two columns each: 17 columns for `…` and eight
    characters, so the carets start at column 56 of the excerpt, under `/etc/localtime`."""
    (tmp_path / "wide.json").write_text(WIDE, encoding="utf-8")
    proc = run_cli("wide.json", "--select", "EL001", cwd=tmp_path, env={"COLUMNS": "100"})
    assert proc.stdout == (
        "error[EL001]: `/etc/localtime` is a file: Kubernetes IoT Edge turns a bind into a hostPath volume of\n"
        "              type DirectoryOrCreate, which fails for a file, so the pod never starts; mount its\n"
        "              directory instead, or put the file in the image.\n"
        " --> wide.json:6:236\n"
        "  |\n"
        '6 | …理するモジュール 📷\\"}, \\"HostConfig\\": {\\"Binds\\": [\\"/etc/localtime:/etc/localtime:ro\\"]}}"}}\n'
        "  |" + " " * 57 + "^" * 14 + "\n"
        "\n"
        "Found 1 problem (1 error) in 1 file.\n"
    )
    assert text_width("…理するモジュール 📷") == 20


def test_wide_characters_count_two_columns(tmp_path):
    """CJK text before the span: the carets stay under the span, counted in columns."""
    text = _manifest({"カメラ": {"type": "docker", "settings": {"image": "contoso/camera:1.0"}}})
    (tmp_path / "cjk.json").write_text(text, encoding="utf-8")
    proc = run_cli("cjk.json", "--select", "EL018", cwd=tmp_path, env={"COLUMNS": "100"})
    lines = proc.stdout.splitlines()
    excerpt, carets = next((lines[i - 1], line) for i, line in enumerate(lines) if "^" in line)
    assert excerpt == '6 |           "カメラ": {"type": "docker", "settings": {"image": "contoso/camera:1.0"}}'
    # `"カメラ"` is 8 columns wide: 3 characters of two columns and two quotes.
    assert carets == "  |           " + "^" * 8


def test_a_span_at_the_end_of_a_long_line_keeps_its_carets_and_the_line_end(tmp_path):
    path = tmp_path / "end.json"
    path.write_text(
        '{"modulesContent": {"$edgeAgent": {"properties.desired": {"modules": {"m": {"type": "docker", '
        '"settings": {"image": "x", "createOptions": [\n  1\n]}}}}}}}\n',
        encoding="utf-8",
    )
    proc = run_cli(str(path), "--select", "EL027", env={"COLUMNS": "50"})
    lines = proc.stdout.splitlines()
    excerpt = next(line for line in lines if line.startswith("1 | "))
    carets = next(line for line in lines if "^" in line)
    assert excerpt.endswith('"createOptions": [') and text_width(excerpt) <= 50
    assert carets.index("^") == column_offsets(excerpt)[len(excerpt) - 1] and carets.count("^") == 1
    assert "  | (to line 3)" in lines


def test_the_width_is_80_without_a_terminal_or_columns(tmp_path):
    proc = run_cli(EXAMPLE, "--select", "EL014", cwd=ROOT, env={"COLUMNS": ""})
    assert proc.stdout.splitlines()[:4] == [
        "warning[EL014]: `http_proxy` is set without `no_proxy`: on Kubernetes the module",
        "                calls the IoT Edge workload API at http://localhost:35001 (its",
        "                proxy sidecar), and HTTP clients send an http:// request to the",
        "                web proxy in `http_proxy`, which cannot reach the pod's",
    ]


def _run_on_terminal(columns, *args):
    """The CLI with its standard output on a pseudo-terminal `columns` wide."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    environment.update(PYTHONPATH=str(ROOT), NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "edgelint", *args], stdout=slave, stderr=subprocess.DEVNULL, cwd=ROOT, env=environment
    )
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    process.wait()
    os.close(master)
    return output.decode("utf-8").replace("\r\n", "\n")


def test_the_terminal_width_is_used():
    output = _run_on_terminal(50, EXAMPLE, "--select", "EL014")
    assert output.splitlines()[:3] == [
        "warning[EL014]: `http_proxy` is set without",
        "                `no_proxy`: on Kubernetes the",
        "                module calls the IoT Edge workload",
    ]
    _assert_fits(output, 50)


def test_a_narrow_width_indents_by_two_columns_and_cuts_long_words():
    """Where the label would leave less than 30 columns, continuation lines start at
    column 2; a word longer than a line is cut."""
    proc = run_cli(EXAMPLE, "--select", "EL014", cwd=ROOT, env={"COLUMNS": "30"})
    assert proc.stdout.splitlines()[:5] == [
        "warning[EL014]: `http_proxy`",
        "  is set without `no_proxy`:",
        "  on Kubernetes the module",
        "  calls the IoT Edge workload",
        "  API at",
    ]
    assert wrap("a " + "x" * 25, 10, 10) == ["a", "x" * 10, "x" * 10, "x" * 5]


def test_window_cuts_by_columns():
    assert window("abcdef", 2, 4, 80) == ("abcdef", 2, 2)
    # a span wider than the window: its start shows, the carets run to the cut
    assert window("x" * 50 + "y" * 100, 50, 150, 20) == ("…" + "y" * 18 + "…", 1, 18)
    # a position after the last character keeps a column for its caret
    assert window("z" * 100, 100, 101, 20) == ("…" + "z" * 18, 19, 1)
    # a wide character never straddles the cut
    assert window("日本語" * 20, 30, 31, 11) == ("…本語日本…", 5, 2)


def test_color_always_colours_the_concise_format():
    proc = run_cli(EXAMPLE, "--select", "EL007", "--format", "concise", "--color", "always", cwd=ROOT)
    assert proc.stdout.splitlines()[0] == (
        f"\x1b[1m{EXAMPLE}\x1b[0m:57:141: \x1b[1;31mEL007\x1b[0m Container port 35000 is reserved: every module pod "
        "shares its network with the IoT Edge proxy sidecar, which listens on localhost:35000 and 35001; pick "
        "another port."
    )
    plain = run_cli(EXAMPLE, "--select", "EL007", "--format", "concise", cwd=ROOT)
    assert "\x1b" not in plain.stdout
