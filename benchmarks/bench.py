"""Measure edgelint against its budgets and print the figures.

    python benchmarks/bench.py [--runs 21] [--corpus tests/corpus]

Run it with the Python of the virtual environment edgelint is installed in. Every figure
is a median over alternating runs of edgelint and its floor in the same session, so
machine noise hits both alike. Budgets (DESIGN.md) and goals, each printed next to its floor:
  1. one 16 KB manifest, default rules, concise output: <= 2x `python -c "import json; json.load(open(F))"`
     (goal 1.6x)
  2. ~1,000 real manifests in one invocation: >= 1,000 files/s, output identical to a serial run;
     goal <= 8x one process json.load-ing them all; `-j 1` against the pool
  3. peak memory for one file <= 40 MiB; for the batch, bounded
  4. cost linear in manifest size: a synthetic 1 MB manifest in well under a second;
     goal <= 8x json.load of it; a 1 MB YAML manifest <= 3x its JSON twin
The corpus is the project's real manifests in tests/corpus.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(ROOT, "tests", "corpus")
SCHEMA = os.path.join(ROOT, "edgelint", "schemas", "azure-iot-edge-deployment-2.0.json")
MANIFEST_16K = (
    "Azure-Samples__cognitive-services-sample-data-files/ComputerVision__spatial-analysis__DeploymentManifest.json"
)
_SCRIPT = os.path.join(os.path.dirname(sys.executable), "edgelint")
# the console script, as users run it (python -m adds runpy's start-up on top)
EDGELINT = [_SCRIPT] if os.path.exists(_SCRIPT) else [sys.executable, "-m", "edgelint"]


def wall(command, env=None):
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, env=env)
    return time.perf_counter() - start, proc


def alternate(commands, runs):
    """Median wall time of each command, run alternately `runs` times (after one warm-up)."""
    for command in commands:
        wall(command)
    times = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            times[index].append(wall(command)[0])
    return [statistics.median(series) for series in times]


def peak_rss_mib(command):
    """Peak resident memory of a child process, in MiB (Linux reports KiB)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def synthetic_manifest(modules):
    """A manifest with `modules` modules, each with stringified createOptions and env."""
    body = {}
    for index in range(modules):
        options = {
            "Env": ["Logging:LogLevel:Default=Information", f"INDEX={index}"],
            "HostConfig": {
                "Binds": [f"/srv/module{index}:/data", "/etc/localtime:/etc/localtime:ro"],
                "PortBindings": {f"{8000 + index % 1000}/tcp": [{"HostPort": f"{8000 + index % 1000}"}]},
                "Memory": 536870912,
            },
        }
        body[f"module{index}"] = {
            "version": "1.0",
            "type": "docker",
            "status": "running",
            "restartPolicy": "always",
            "settings": {"image": f"contoso.azurecr.io/module{index}:1.0", "createOptions": json.dumps(options)},
            "env": {"https_proxy": {"value": "http://proxy:3128"}},
        }
    return {"modulesContent": {"$edgeAgent": {"properties.desired": {"schemaVersion": "1.1", "modules": body}}}}


def write_yaml(data, path):
    """`data` as a block-style YAML file, the YAML twin of its JSON."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    with open(path, "w") as handle:
        yaml.dump(data, handle)


# One process reading every file of a folder: what it costs at least to look at them all.
BATCH_FLOOR = (
    "import json, os, sys\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        path = os.path.join(folder, name)\n"
    "        if name.endswith('.json'):\n"
    "            try:\n"
    "                json.load(open(path, 'rb'))\n"
    "            except ValueError:\n"
    "                pass\n"
    "        elif name.endswith(('.yaml', '.yml')):\n"
    "            open(path, 'rb').read()\n"
)


def json_floor(path):
    return [sys.executable, "-c", f"import json; json.load(open({path!r}))"]


def largest_json(folder):
    paths = [os.path.join(d, n) for d, _, names in os.walk(folder) for n in names if n.endswith(".json")]
    return max(paths, key=os.path.getsize)


def row(label, figure, baseline, ratio, verdict):
    print(f"{label:<46} {figure:>14} {baseline:>16} {ratio:>8}  {verdict}")


def compile_installed_package():
    """Write the bytecode of the edgelint being measured, as an installation does: with
    PYTHONDONTWRITEBYTECODE set (or sources changed since), every run would otherwise compile
    edgelint's modules from source and the figures would measure the compiler."""
    import compileall

    probe = "import edgelint, os; print(os.path.dirname(edgelint.__file__))"
    package = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    compileall.compile_dir(package, quiet=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=11, help="corpus copies in the batch")
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    manifest = os.path.join(args.corpus, MANIFEST_16K)
    if not os.path.exists(manifest):
        manifest = largest_json(args.corpus)
    compile_installed_package()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} alternating runs per figure\n")
    row("budget", "edgelint", "baseline", "ratio", "")
    print("-" * 100)

    # 1. start-up and one manifest
    floor = json_floor(manifest)
    lint, base = alternate([[*EDGELINT, "--format", "concise", "-q", manifest], floor], args.runs)
    ratio = lint / base
    label = f"1 manifest, {os.path.getsize(manifest) / 1024:.0f} KB (<= 2x json.load)"
    row(label, f"{lint * 1000:.1f} ms", f"{base * 1000:.1f} ms", f"{ratio:.2f}x", "ok" if ratio <= 2 else "MISSED")
    row("  goal: <= 1.6x json.load", "", "", f"{ratio:.2f}x", "ok" if ratio <= 1.6 else "not yet")
    checker = shutil.which("check-jsonschema") or os.path.join(os.path.dirname(sys.executable), "check-jsonschema")
    if os.path.exists(checker):
        (other,) = alternate([[checker, "--schemafile", SCHEMA, manifest]], max(5, args.runs // 3))
        row(
            "  check-jsonschema on the same file",
            f"{other * 1000:.1f} ms",
            f"{base * 1000:.1f} ms",
            f"{other / base:.2f}x",
            "(reference)",
        )

    # 2. a batch of ~1,000 real manifests
    with tempfile.TemporaryDirectory() as batch:
        for copy in range(args.copies):
            shutil.copytree(args.corpus, os.path.join(batch, f"copy{copy:02d}"))
        files = sum(1 for _, _, names in os.walk(batch) for n in names if n.endswith((".json", ".yaml", ".yml")))
        command = [*EDGELINT, "--format", "concise", "-q", "--exit-zero", batch]
        runs = max(3, args.runs // 4)
        serial_command = [*command, "--jobs", "1"]
        batch_floor = [sys.executable, "-c", BATCH_FLOOR, batch]
        seconds, one_job, base = alternate([command, serial_command, batch_floor], runs)
        parallel = wall(command)[1].stdout
        serial = wall(serial_command)[1].stdout
        rate = files / seconds
        row(
            f"{files} manifests in one run (>= 1,000 files/s)",
            f"{rate:,.0f} files/s",
            f"{seconds:.2f} s",
            "",
            "ok" if rate >= 1000 else "MISSED",
        )
        row(
            "  goal: <= 8x one process json.load-ing all",
            f"{seconds:.2f} s",
            f"{base:.2f} s",
            f"{seconds / base:.2f}x",
            "ok" if seconds / base <= 8 else "not yet",
        )
        row(
            f"  --jobs 1 against the pool ({os.cpu_count()} cores)",
            f"{one_job:.2f} s",
            f"{seconds:.2f} s",
            f"{one_job / seconds:.2f}x",
            "",
        )
        row(
            "  output identical to a serial run",
            "yes" if parallel == serial else "NO",
            "",
            "",
            "ok" if parallel == serial else "MISSED",
        )
        # the report CI uploads to code scanning: a whole-run format, with every fix
        sarif, concise = alternate([[*command, "--format", "sarif"], command], runs)
        row(
            "  the same batch as SARIF, against concise",
            f"{sarif:.2f} s",
            f"{concise:.2f} s",
            f"{sarif / concise:.2f}x",
            "",
        )
        batch_rss = peak_rss_mib(command)
        for copy in range(args.copies, 4 * args.copies):
            shutil.copytree(args.corpus, os.path.join(batch, f"copy{copy:02d}"))
        batch4_rss = peak_rss_mib(command)

    # 3. memory
    one_rss = peak_rss_mib([*EDGELINT, "--format", "concise", "-q", manifest])
    floor_rss = peak_rss_mib(floor)
    row(
        "peak memory, one file (<= 40 MiB)",
        f"{one_rss:.1f} MiB",
        f"{floor_rss:.1f} MiB",
        f"{one_rss / floor_rss:.2f}x",
        "ok" if one_rss <= 40 else "MISSED",
    )
    row(f"peak memory, {files} files (bounded)", f"{batch_rss:.1f} MiB", "", "", "")
    growth = batch4_rss / batch_rss
    row(
        f"peak memory, {4 * files} files (bounded)",
        f"{batch4_rss:.1f} MiB",
        f"{batch_rss:.1f} MiB",
        f"{growth:.2f}x",
        "ok" if growth < 1.5 else "MISSED",
    )

    # 4. linear cost
    with tempfile.TemporaryDirectory() as scratch:
        paths = []
        for modules in (100, 400, 1600):
            path = os.path.join(scratch, f"synthetic{modules}.json")
            with open(path, "w") as handle:
                json.dump(synthetic_manifest(modules), handle, indent=2)
            paths.append((modules, path))
        # the three sizes alternate, so that a slow spell of the machine does not bend the line
        timings = alternate(
            [[*EDGELINT, "--format", "concise", "-q", "--exit-zero", path] for _, path in paths], max(5, args.runs // 2)
        )
        sizes = [(modules, os.path.getsize(path), seconds) for (modules, path), seconds in zip(paths, timings)]
        for modules, size, seconds in sizes:
            per_mb = seconds / (size / 1e6)
            fast = size < 0.9e6 or seconds < 1
            row(
                f"synthetic manifest, {modules} modules, {size / 1e6:.2f} MB",
                f"{seconds * 1000:.0f} ms",
                "",
                f"{per_mb * 1000:.0f} ms/MB",
                "ok" if fast else "MISSED",
            )
        # linear: the marginal cost per MB of the largest step is close to that of the previous one
        (_, s1, t1), (_, s2, t2), (_, s3, t3) = sizes
        first, second = (t2 - t1) / (s2 - s1) * 1e9, (t3 - t2) / (s3 - s2) * 1e9
        row(
            "  marginal cost per MB, last step vs previous",
            f"{second:.0f} ms/MB",
            f"{first:.0f} ms/MB",
            f"{second / first:.2f}x",
            "ok" if second / first <= 1.5 else "MISSED",
        )

        # 5. the 1 MB manifest against its floor, and its YAML twin against it
        modules, size, _ = sizes[-1]
        path = os.path.join(scratch, f"synthetic{modules}.json")
        twin = os.path.join(scratch, f"synthetic{modules}.yaml")
        write_yaml(synthetic_manifest(modules), twin)
        runs = max(3, args.runs // 4)
        command = [*EDGELINT, "--format", "concise", "-q", "--exit-zero"]
        lint, base = alternate([[*command, path], json_floor(path)], runs)
        row(
            f"  goal: {size / 1e6:.2f} MB <= 8x json.load",
            f"{lint * 1000:.0f} ms",
            f"{base * 1000:.0f} ms",
            f"{lint / base:.2f}x",
            "ok" if lint / base <= 8 else "not yet",
        )
        yaml_lint, json_lint = alternate([[*command, twin], [*command, path]], runs)
        row(
            f"  goal: YAML twin, {os.path.getsize(twin) / 1e6:.2f} MB <= 3x the JSON",
            f"{yaml_lint * 1000:.0f} ms",
            f"{json_lint * 1000:.0f} ms",
            f"{yaml_lint / json_lint:.2f}x",
            "ok" if yaml_lint / json_lint <= 3 else "not yet",
        )


if __name__ == "__main__":
    main()
