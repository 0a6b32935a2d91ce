"""A long fuzz run of edgelint, outside the default test run (pytest does not collect it).

    python tests/fuzz/run_fuzz.py [--seconds 300] [--engine auto|atheris|hypothesis] [--out DIR]

With atheris importable (`pip install atheris`), libFuzzer mutates bytes under coverage
guidance, starting from the real manifests and from generated ones; otherwise hypothesis
runs the generators and mutators of harness.py in rounds with fresh seeds until the time is
up. Every input goes through harness.check (no exception, findings inside the file, fixes
that converge and are idempotent, reports, the Kubernetes preview). Each distinct failure
is written to DIR (default: a temporary folder) as a reproducer; at the end the run prints
how many inputs it ran, for how long, and what it found. Exit code 1 if it found anything.
"""

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz import harness

GENERATED_SEEDS = 60


class Tally:
    """Inputs run and distinct failures, by the place they failed and the exception type."""

    def __init__(self, out, seconds):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.seconds = seconds
        self.inputs = 0
        self.failures = {}  # signature → (reproducer file, first line of the error)

    @property
    def over(self):
        return time.monotonic() - self.started >= self.seconds

    def run(self, name, data):
        self.inputs += 1
        try:
            harness.check(name, data)
        except Exception as exc:  # every failure is recorded, then the run goes on
            self.record(name, data, exc)

    def record(self, name, data, exc):
        frames = traceback.extract_tb(exc.__traceback__)
        where = next(
            (
                f"{Path(f.filename).name}:{f.lineno}"
                for f in reversed(frames)
                if "/edgelint/" in f.filename.replace(os.sep, "/")
            ),
            "harness",
        )
        signature = f"{type(exc).__name__} at {where}"
        if signature in self.failures:
            return
        digest = hashlib.sha256(data).hexdigest()[:12]
        path = self.out / f"{digest}-{Path(name).name}"
        path.write_bytes(data)
        self.failures[signature] = (path, str(exc).splitlines()[0][:200] if str(exc) else "")
        print(f"found: {signature}: {self.failures[signature][1]} -> {path}", flush=True)

    def report(self, engine):
        elapsed = time.monotonic() - self.started
        print(f"engine: {engine}")
        print(f"inputs run: {self.inputs}")
        print(f"time: {elapsed:.0f} s ({self.inputs / max(elapsed, 1e-9):.0f} inputs/s)")
        print(f"distinct failures: {len(self.failures)}")
        for signature, (path, message) in self.failures.items():
            print(f"  {signature}: {message} ({path})")
        return 1 if self.failures else 0


def run_hypothesis(tally):
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    corpus, own = harness.seed_files()
    seeds = corpus + own
    config = settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))

    @config
    @given(harness.manifests())
    def generated(manifest):
        tally.run(*manifest)

    @config
    @given(st.sampled_from(seeds), st.randoms(use_true_random=False))
    def mutated(path, rng):
        tally.run(path.name, harness.mutate(path.read_bytes(), rng))

    @config
    @given(harness.manifests(), st.randoms(use_true_random=False))
    def generated_and_mutated(manifest, rng):
        name, data = manifest
        tally.run(name, harness.mutate(data, rng))

    rounds = 0
    while not tally.over:
        test = (generated, mutated, generated_and_mutated)[rounds % 3]
        seed(rounds)(test)()
        rounds += 1
    return tally.report(f"hypothesis ({rounds} rounds of up to 200 inputs)")


def run_atheris(tally):
    import atheris

    corpus, own = harness.seed_files()
    seed_dir = Path(tempfile.mkdtemp(prefix="edgelint-fuzz-seeds-"))
    for index, path in enumerate(corpus + own):
        (seed_dir / f"{index:03d}-{path.name}").write_bytes(path.read_bytes())
    with warnings.catch_warnings():  # generated seeds too: YAML, UTF-16, CRLF, chunked createOptions
        warnings.simplefilter("ignore")
        for index in range(GENERATED_SEEDS):
            name, data = harness.manifests().example()
            (seed_dir / f"generated-{index:03d}-{name}").write_bytes(data)

    def one_input(data):
        if tally.over:  # libFuzzer would only stop by exiting: report first
            code = tally.report("atheris (libFuzzer, coverage-guided)")
            sys.stdout.flush()
            shutil.rmtree(seed_dir, ignore_errors=True)
            os._exit(code)
        tally.run("fuzz-input", data)  # no suffix: JSON or YAML by its first character, as edgelint decides

    with atheris.instrument_imports():
        import edgelint.checks
        import edgelint.engine
        import edgelint.fixes.compile  # noqa: F401
    atheris.Setup([sys.argv[0], "-rss_limit_mb=4096", str(seed_dir)], one_input)
    atheris.Fuzz()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300, help="how long to run (default: 300)")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--out", default=None, help="folder for reproducers (default: a temporary folder)")
    args = parser.parse_args()
    tally = Tally(args.out or tempfile.mkdtemp(prefix="edgelint-fuzz-"), args.seconds)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "hypothesis"
        else:
            engine = "atheris"
    if engine == "atheris":
        sys.argv = sys.argv[:1]  # libFuzzer must not see our options
        run_atheris(tally)
    return run_hypothesis(tally)


if __name__ == "__main__":
    sys.exit(main())
