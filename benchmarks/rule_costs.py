"""Where one process spends its time: the stages of linting and each rule's generator.

    python benchmarks/rule_costs.py [FILE_OR_FOLDER ...] [--repeat 5] [--top 15]

For every file (default: tests/corpus) it times, in one process and with the default rules,
parsing, the manifest model, the secrets scan, each rule's generator (run to exhaustion) and
the building of findings (positions, redaction). Figures are the best of `--repeat` passes,
in milliseconds over all files, so that start-up and machine noise stay out of them.
"""

import argparse
import gc
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from edgelint import engine  # noqa: E402
from edgelint.manifest import build_manifest  # noqa: E402
from edgelint.rule import resolve_rules  # noqa: E402
from edgelint.source.text import SourceText  # noqa: E402


def files_of(targets):
    for target in targets:
        if os.path.isdir(target):
            for folder, _, names in sorted(os.walk(target)):
                for name in sorted(names):
                    if name.endswith((".json", ".yaml", ".yml")):
                        yield os.path.join(folder, name)
        else:
            yield target


def one_pass(sources, rules):
    clock = time.perf_counter
    stages = dict.fromkeys(("parse", "model", "secrets", "findings"), 0.0)
    per_rule = dict.fromkeys((rule.id for rule in rules), 0.0)
    for path, data in sources:
        gc.collect()  # as edgelint.batch does: no cycle collection while a file is linted
        source = SourceText.decode(data)
        if not engine.could_be_manifest(source.text):
            continue
        t0 = clock()
        try:
            document = engine.parse_document(source, engine.detect_format(path, source.text))
        except engine.ParseError:
            stages["parse"] += clock() - t0
            continue
        t1 = clock()
        manifests = [m for m in (build_manifest(r, source.text) for r in document.roots) if m is not None]
        t2 = clock()
        source.secrets = engine._secret_spans(manifests, source.text)
        t3 = clock()
        stages["parse"] += t1 - t0
        stages["model"] += t2 - t1
        stages["secrets"] += t3 - t2
        for manifest in manifests:
            engine.describe_document(manifest, document)
            for rule in rules:
                if rule.check is None:
                    continue
                start = clock()
                try:
                    problems = list(rule.check(manifest))
                except Exception:
                    problems = []
                middle = clock()
                for problem in problems:
                    engine._finding(rule, problem, path, source, document.format, [])
                per_rule[rule.id] += middle - start
                stages["findings"] += clock() - middle
    return stages, per_rule


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=[os.path.join(ROOT, "tests", "corpus")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    rules = resolve_rules([(None, (), ())])  # the default rules
    sources = []
    for path in files_of(args.targets):
        with open(path, "rb") as handle:
            sources.append((path, handle.read()))
    best_stages, best_rules = None, None
    gc.disable()
    for _ in range(args.repeat):
        stages, per_rule = one_pass(sources, rules)
        if best_stages is None:
            best_stages, best_rules = stages, per_rule
        else:
            best_stages = {k: min(v, stages[k]) for k, v in best_stages.items()}
            best_rules = {k: min(v, per_rule[k]) for k, v in best_rules.items()}
    total_rules = sum(best_rules.values())
    total = sum(best_stages.values()) + total_rules
    print(f"{len(sources)} files, best of {args.repeat} passes, ms")
    for name, seconds in [*best_stages.items(), ("rules", total_rules)]:
        print(f"  {name:<10} {seconds * 1000:9.1f}  {seconds / total:6.1%}")
    print(f"  {'total':<10} {total * 1000:9.1f}")
    print(f"top {args.top} rules")
    for rule_id, seconds in sorted(best_rules.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {rule_id:<10} {seconds * 1000:9.2f}  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
