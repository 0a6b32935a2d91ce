"""SARIF 2.1.0 output: valid against the official schema, what GitHub code scanning requires,
read by real consumers (sarif-tools; the VS Code SARIF viewer's acceptance and quick-fix
logic mirrored here), positions identical to the text and JSON output."""

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import pytest
from conftest import SCHEMAS, locate, run_cli, run_unprivileged, select_rules
from report_helpers import BAD, BROKEN, GOOD, SELECT, camera, lint_run

from edgelint.docs import load_doc
from edgelint.engine import lint_bytes
from edgelint.errors import LintError
from edgelint.fixes.model import UNSAFE, Edit, Fix, apply_edits
from edgelint.report import LintRun
from edgelint.report.sarif import (
    FINGERPRINT,
    MAX_DESCRIPTION,
    SCHEMA_URI,
    pascal_case,
    plain_text,
    render_sarif,
    shorten,
)
from edgelint.rule import all_rules

SCHEMA_FILE = SCHEMAS / "sarif-schema-2.1.0.json"
POINTER = "/modulesContent/$edgeAgent/properties.desired/modules/camera/settings/createOptions/HostConfig/Binds/1"


def sarif_cli(cwd, *args, stdin=None):
    proc = run_cli("--format", "sarif", "--select", ",".join(SELECT), *args, cwd=cwd, stdin=stdin)
    return json.loads(proc.stdout), proc


def sarif_of(run, root, category=None):
    return json.loads(render_sarif(run, category, root=str(root)))


def fixed_run():
    """bad.json with a Fix on its EL001 finding: a replacement inside the stringified
    createOptions, after non-ASCII text, in a CRLF file."""
    text = BAD.replace("\n", "\r\n")
    run = lint_run({"bad.json": text})
    finding = next(f for f in run.findings if f.rule_id == "EL001")
    finding.fix = Fix("Mount the folder /etc instead.", [Edit(finding.start, finding.end, "/etc")], UNSAFE)
    return run, text, finding


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A repository (the working directory of the runs) and a file outside it."""
    base = tmp_path_factory.mktemp("sarif")
    root = base / "repo"
    root.mkdir()
    for name, text in (("bad.json", BAD), ("good.json", GOOD), ("broken.json", BROKEN)):
        (root / name).write_text(text, encoding="utf-8")
    (root / "dangling.json").symlink_to(root / "gone.json")
    (base / "elsewhere").mkdir()
    (base / "elsewhere" / "other.json").write_text(BAD, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def logs(repo):
    """The SARIF of every kind of run: findings, none, a parse error, a fix, files that could
    not be read, a crashed rule, standard input, a file outside the working directory."""
    crashed = lint_run({"good.json": GOOD})
    crashed.errors.append(LintError("good.json", "internal error in rule EL001: KeyError: 'x'"))
    return {
        "findings": sarif_cli(repo, "bad.json")[0],
        "no-findings": sarif_cli(repo, "good.json")[0],
        "parse-error": sarif_cli(repo, "broken.json")[0],
        "fix": sarif_of(fixed_run()[0], repo),
        "unreadable": sarif_cli(repo, "bad.json", "dangling.json", "missing.json")[0],
        "internal-error": sarif_of(crashed, repo),
        "stdin": sarif_cli(repo, "-", stdin=BAD)[0],
        "outside-root": sarif_cli(repo, str(repo.parent / "elsewhere" / "other.json"))[0],
    }


SCENARIOS = ["findings", "no-findings", "parse-error", "fix", "unreadable", "internal-error", "stdin", "outside-root"]


def walk(value, path=""):
    """(JSON path, key, value) of every member in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}/{index}")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_valid_against_the_official_schema(logs, scenario):
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert validator.META_SCHEMA["$schema"].startswith("http://json-schema.org/draft-04/")
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(logs[scenario])]
    assert errors == []


def test_the_schema_check_catches_what_github_rejects(logs):
    """The schema oracle is not a rubber stamp: a column 0 (rejected by code scanning) fails."""
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(logs["findings"]))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_what_github_code_scanning_requires(logs, scenario):
    log = logs[scenario]
    assert log["$schema"] == SCHEMA_URI == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "edgelint"
    assert driver["version"] == driver["semanticVersion"]
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", driver["semanticVersion"])
    assert driver["rules"], "tool.driver.rules is required"
    for rule in driver["rules"]:
        assert rule["id"] and rule["name"] != rule["id"] and len(rule["name"]) <= 255
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= MAX_DESCRIPTION
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert len(rule["properties"]["tags"]) <= 20
        assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
    ids = [rule["id"] for rule in driver["rules"]]
    for result in run["results"]:
        assert result["ruleId"] == ids[result["ruleIndex"]]
        assert result["level"] in ("error", "warning", "note")  # explicit on every result
        assert result["message"]["text"].strip()
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        if scenario != "stdin":
            uri = physical["artifactLocation"]["uri"]
            assert uri and (uri.startswith("file:///") or not uri.startswith("/"))
        region = physical["region"]
        assert all(region[key] >= 1 for key in ("startLine", "startColumn", "endLine", "endColumn"))
        assert set(result["partialFingerprints"]) == {FINGERPRINT}
        assert "primaryLocationLineHash" not in result["partialFingerprints"]
    assert run["automationDetails"]["id"] == "edgelint/"
    assert run["columnKind"] == "unicodeCodePoints"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_value_is_left_to_sarif_om_defaults(logs, scenario):
    """Only what edgelint sets: no `kind: fail`, `rank: -1`, `charOffset: -1`, `language`…"""
    baked_in = {
        "kind": "fail",
        "rank": -1.0,
        "charOffset": -1,
        "byteOffset": -1,
        "index": -1,
        "parentIndex": -1,
        "id": -1,
        "language": "en-US",
        "contents": ["localizedData", "nonLocalizedData"],
    }
    leaks = [(path, key) for path, key, value in walk(logs[scenario]) if key in baked_in and value == baked_in[key]]
    assert leaks == []


def test_results_point_at_the_findings(logs):
    log = logs["findings"]
    (run,) = log["runs"]
    first = run["results"][0]
    assert (first["ruleId"], first["level"]) == ("EL001", "error")
    assert first["message"]["text"].startswith("`/etc/localtime` is a file:")
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "bad.json", "uriBaseId": "%SRCROOT%"}
    line, column, end_line, end_column = locate(BAD, "/etc/localtime")
    assert physical["region"] == {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    }
    assert first["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": POINTER, "name": "1", "kind": "element"}
    ]
    port = run["results"][1]["locations"][0]
    assert port["logicalLocations"][0]["name"] == "35000/tcp"
    assert port["logicalLocations"][0]["fullyQualifiedName"].endswith("/PortBindings/35000~1tcp")
    assert port["logicalLocations"][0]["kind"] == "property"
    assert [r["ruleId"] for r in run["results"]] == ["EL001", "EL007"]


def test_every_rule_that_ran_is_listed_even_without_findings(logs):
    (run,) = logs["no-findings"]["runs"]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [rule.id for rule in select_rules(SELECT)]
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_rule_descriptors_come_from_the_registry_and_the_docs(tmp_path):
    rules = all_rules()
    log = sarif_of(LintRun(rules, []), tmp_path)
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == [rule.id for rule in rules]
    for rule, descriptor in zip(rules, descriptors):
        doc = load_doc(rule.id)
        assert descriptor["name"] == pascal_case(rule.name)
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["fullDescription"]["text"] == shorten(plain_text(doc.section("What it flags")))
        assert len(descriptor["fullDescription"]["text"]) <= MAX_DESCRIPTION
        assert descriptor["help"] == {"markdown": doc.plain_text(), "text": plain_text(doc.plain_text())}
        assert "```" not in descriptor["help"]["text"]
        assert descriptor["helpUri"] == f"https://github.com/edgelint/edgelint/blob/main/rules/{rule.id}.md"
        assert descriptor["defaultConfiguration"] == {"level": rule.level}
        assert descriptor["properties"]["tags"] == list(rule.tags)


def test_names_and_plain_text():
    assert pascal_case("file-bind-mount") == "FileBindMount"
    assert pascal_case("invalid-k8s-option") == "InvalidK8sOption"
    markdown = '# EL9 x\n\n## What\n\nA **bold** `code` [link](https://x.y/z).\n\n```json\n{"a": "`b`"}\n```\n'
    assert plain_text(markdown) == 'EL9 x\n\nWhat\n\nA bold code link (https://x.y/z).\n\n{"a": "`b`"}'


def test_long_descriptions_are_cut_at_a_word_within_the_limit():
    text = "word " * 400
    cut = shorten(text)
    assert len(cut) <= MAX_DESCRIPTION and cut.endswith("word…")
    assert shorten("short text.") == "short text."


def test_the_level_is_explicit_even_when_it_is_the_sarif_default(tmp_path):
    """A severity override to `warning` must survive: sarif-om's own serialiser drops a
    level equal to the schema default, and consumers then fall back to the rule's `error`."""
    run = lint_run({"bad.json": BAD})
    for finding in run.findings:
        finding.level = "warning"
    (sarif_run,) = sarif_of(run, tmp_path)["runs"]
    assert [r["level"] for r in sarif_run["results"]] == ["warning", "warning"]
    assert {d["defaultConfiguration"]["level"] for d in sarif_run["tool"]["driver"]["rules"]} == {"error"}
    path = tmp_path / "override.sarif"
    path.write_text(render_sarif(run, root=str(tmp_path)), encoding="utf-8")
    from sarif.loader import load_sarif_file

    assert [r["Severity"] for r in load_sarif_file(str(path)).get_records()] == ["warning", "warning"]


def test_output_is_byte_for_byte_stable(tmp_path):
    run = lint_run({"bad.json": BAD, "good.json": GOOD})
    first = render_sarif(run, root=str(tmp_path))
    assert first == render_sarif(lint_run({"good.json": GOOD, "bad.json": BAD}), root=str(tmp_path))
    assert first.startswith('{\n  "$schema": ')
    assert json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == first


@pytest.mark.parametrize("scenario", ["findings", "parse-error", "fix", "outside-root"])
def test_regions_lie_within_the_file(logs, repo, scenario):
    (run,) = logs[scenario]["runs"]
    texts = {"findings": BAD, "parse-error": BROKEN, "fix": fixed_run()[1], "outside-root": BAD}
    lines = re.split(r"\r\n|\r|\n", texts[scenario])
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    regions += [
        rep["deletedRegion"]
        for r in run["results"]
        for fix in r.get("fixes", [])
        for change in fix["artifactChanges"]
        for rep in change["replacements"]
    ]
    assert regions
    for region in regions:
        assert 1 <= region["startLine"] <= region["endLine"] <= len(lines)
        assert region["startColumn"] <= len(lines[region["startLine"] - 1]) + 1
        assert region["endColumn"] <= len(lines[region["endLine"] - 1]) + 1
        if region["startLine"] == region["endLine"]:
            assert region["startColumn"] <= region["endColumn"]


def test_uris_relative_to_the_working_directory(tmp_path):
    root = tmp_path / "repo"
    (root / "my dir").mkdir(parents=True)
    name = "my dir/deploy ü#1.json"
    (root / name).write_text(BAD, encoding="utf-8")
    (tmp_path / "other.json").write_text(BAD, encoding="utf-8")
    (root / "real").mkdir()
    (root / "real" / "target.json").write_text(BAD, encoding="utf-8")
    (root / "link.json").symlink_to(root / "real" / "target.json")
    log, proc = sarif_cli(root, name, "link.json", str(tmp_path / "other.json"))
    assert proc.returncode == 1
    (run,) = log["runs"]
    locations = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["locations"][0]["physicalLocation"][
            "artifactLocation"
        ]
        for r in run["results"]
    }
    assert locations == {
        "my%20dir/deploy%20%C3%BC%231.json": {"uri": "my%20dir/deploy%20%C3%BC%231.json", "uriBaseId": "%SRCROOT%"},
        "real/target.json": {"uri": "real/target.json", "uriBaseId": "%SRCROOT%"},
        (tmp_path / "other.json").resolve().as_uri(): {"uri": (tmp_path / "other.json").resolve().as_uri()},
    }, "a symbolic link is reported as the file it points to; files outside the root get absolute URIs"
    base = run["originalUriBaseIds"]["%SRCROOT%"]
    assert base["uri"] == root.resolve().as_uri() + "/"
    assert base["description"]["text"]


def test_standard_input(repo):
    unnamed, _ = sarif_cli(repo, "-", stdin=BAD)
    (run,) = unnamed["runs"]
    assert {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in run["results"]} == {
        json.dumps({"description": {"text": "standard input"}})
    }
    named, _ = sarif_cli(repo, "-", "--stdin-filename", "deploy/app.json", stdin=BAD)
    location = named["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "deploy/app.json", "uriBaseId": "%SRCROOT%"}


def fingerprints(text, tmp_path):
    (run,) = sarif_of(lint_run({"deploy.json": text}), tmp_path)["runs"]
    return [(r["ruleId"], r["partialFingerprints"][FINGERPRINT]) for r in run["results"]]


def test_fingerprints_survive_moved_lines_and_tell_duplicates_apart(tmp_path):
    before = fingerprints(BAD, tmp_path)
    moved = BAD.replace("{\n", "{\n\n\n", 1).replace('"type": "docker",', '"type": "docker", "version": "1.0",')
    assert fingerprints(moved, tmp_path) == before
    assert len({value for _, value in before}) == len(before)
    assert all(value.endswith(":0") for _, value in before)
    # one string node, two findings: the second is told apart by its occurrence number
    twice = camera({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}})
    run = lint_run({"deploy.json": twice})
    run.results[0].findings.append(run.results[0].findings[0])
    (sarif_run,) = sarif_of(run, tmp_path)["runs"]
    values = [r["partialFingerprints"][FINGERPRINT] for r in sarif_run["results"]]
    assert values[0].endswith(":0") and values[1] == values[0][:-1] + "1"
    # another file, same rule and pointer: another fingerprint
    (elsewhere,) = sarif_of(lint_run({"other/deploy.json": BAD}), tmp_path)["runs"]
    assert elsewhere["results"][0]["partialFingerprints"][FINGERPRINT] != before[0][1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "edgelint/"),
        (["--sarif-category", "gpu-manifests"], "gpu-manifests/"),
        (["--sarif-category", "edgelint/nightly/"], "edgelint/nightly/"),
    ],
)
def test_automation_details_category(repo, args, expected):
    log, _ = sarif_cli(repo, "good.json", *args)
    assert log["runs"][0]["automationDetails"] == {"id": expected}


def test_files_that_could_not_be_linted_become_tool_notifications(repo, logs):
    log, proc = sarif_cli(repo, "bad.json", "dangling.json", "missing.json")
    assert proc.returncode == 2
    assert "edgelint: error: dangling.json: broken symbolic link" in proc.stderr
    (run,) = log["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["EL001", "EL007"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notifications = [
        (n["level"], n["message"]["text"], n["locations"][0]["physicalLocation"]["artifactLocation"])
        for n in invocation["toolExecutionNotifications"]
    ]
    assert notifications == [
        ("error", "dangling.json: broken symbolic link", {"uri": "gone.json", "uriBaseId": "%SRCROOT%"}),
        ("error", "missing.json: no such file or directory", {"uri": "missing.json", "uriBaseId": "%SRCROOT%"}),
    ]
    (crashed,) = logs["internal-error"]["runs"][0]["invocations"]
    assert crashed["executionSuccessful"] is False
    (notification,) = crashed["toolExecutionNotifications"]
    assert notification["message"]["text"] == "good.json: internal error in rule EL001: KeyError: 'x'"


def test_unreadable_file_notification(open_folder):
    (open_folder / "secret.json").write_text(BAD)
    (open_folder / "secret.json").chmod(0)
    proc = run_unprivileged("--format", "sarif", "--select", ",".join(SELECT), "secret.json", cwd=open_folder)
    log = json.loads(proc.stdout)
    (notification,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("secret.json: cannot read: ")
    assert proc.returncode == 2


def test_fix_becomes_a_sarif_fix_in_original_file_coordinates(logs):
    _run, text, _finding = fixed_run()
    (result,) = [r for r in logs["fix"]["runs"][0]["results"] if r["ruleId"] == "EL001"]
    line, column, end_line, end_column = locate(text, "/etc/localtime")
    assert result["fixes"] == [
        {
            "description": {"text": "Mount the folder /etc instead."},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "bad.json", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": line,
                                "startColumn": column,
                                "endLine": end_line,
                                "endColumn": end_column,
                            },
                            "insertedContent": {"text": "/etc"},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "unsafe"},
        }
    ]
    assert "fixes" not in next(r for r in logs["fix"]["runs"][0]["results"] if r["ruleId"] == "EL007")


# --- sarif-tools (PyPI), a real SARIF consumer ---------------------------------------------


def test_sarif_tools_reads_our_log(logs, tmp_path):
    from sarif.loader import load_sarif_file

    path = tmp_path / "edgelint.sarif"
    path.write_text(json.dumps(logs["findings"]), encoding="utf-8")
    sarif_file = load_sarif_file(str(path))
    assert sarif_file.get_distinct_tool_names() == ["edgelint"]
    assert sarif_file.get_result_count() == 2
    records = [(r["Code"], r["Severity"], r["Location"], r["Line"]) for r in sarif_file.get_records()]
    assert records == [
        ("EL001", "error", "bad.json", locate(BAD, "/etc/localtime")[0]),
        ("EL007", "error", "bad.json", locate(BAD, "35000/tcp")[0]),
    ]
    assert sarif_file.get_rules_by_id("EL001")[0]["name"] == "FileBindMount"
    proc = subprocess.run([sys.executable, "-m", "sarif", "summary", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "error: 2" in proc.stdout and "warning: 0" in proc.stdout and "note: 0" in proc.stdout
    failing = subprocess.run(
        [sys.executable, "-m", "sarif", "--check", "error", "summary", str(path)], capture_output=True, text=True
    )
    assert failing.returncode != 0
    notes_only = subprocess.run(
        [sys.executable, "-m", "sarif", "--check", "note", "summary", str(path)], capture_output=True, text=True
    )
    assert notes_only.returncode != 0


def test_sarif_tools_reads_logs_without_results_and_without_a_uri(logs, tmp_path):
    from sarif.loader import load_sarif_file

    for scenario, count in (("no-findings", 0), ("stdin", 2), ("unreadable", 2)):
        path = tmp_path / f"{scenario}.sarif"
        path.write_text(json.dumps(logs[scenario]), encoding="utf-8")
        assert load_sarif_file(str(path)).get_result_count() == count
        assert len(load_sarif_file(str(path)).get_records()) == count


# --- the VS Code SARIF viewer (microsoft/sarif-vscode-extension), its logic mirrored ---------


def viewer_normalize_schema(schema):
    """loadLogs.ts normalizeSchema: `new URL(schema)` (throws on a relative URL), last path
    segment, first `-schema` and a final `.json` removed."""
    if schema == "":
        return ""
    parts = urlsplit(schema)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"new URL() throws: {schema!r}")
    return re.sub(r"\.json$", "", parts.path.split("/")[-1].replace("-schema", "", 1))


def viewer_supports(log):
    """loadLogs.ts detectSupport for version 2.1.0."""
    return log.get("version") == "2.1.0" and viewer_normalize_schema(log.get("$schema", "")) in (
        "",
        "sarif-2.1.0-rtm.5",
        "sarif-2.1.0",
    )


def viewer_rule(run, result):
    """Rule lookup: `ruleIndex` first, then `ruleId`."""
    rules = run["tool"]["driver"]["rules"]
    if "ruleIndex" in result:
        return rules[result["ruleIndex"]]
    return next(rule for rule in rules if rule["id"] == result["ruleId"])


def viewer_file(run, artifact_location):
    """uriBaseId resolved one level through originalUriBaseIds[id].uri."""
    uri = artifact_location["uri"]
    if "uriBaseId" in artifact_location:
        uri = urljoin(run["originalUriBaseIds"][artifact_location["uriBaseId"]]["uri"], uri)
    assert uri.startswith("file://")
    return Path(url2pathname(unquote(urlsplit(uri).path)))


def viewer_apply_fix(text, fix):
    """index.activateFixes.ts + regionToSelection.ts: every replacement becomes a VS Code
    Selection (0-based; the start column moved to the line's first non-blank character at
    the least), replaced by insertedContent.text ('' if absent), all in one WorkspaceEdit on
    the original document. VS Code counts UTF-16 code units: the same as code points here,
    where every character is in the Basic Multilingual Plane."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def line_text(index):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        return text[starts[index] : end].rstrip("\r\n")

    def offset(line, character):
        return starts[line] + min(character, len(line_text(line)))

    edits = []
    for change in fix["artifactChanges"]:
        for replacement in change["replacements"]:
            region = replacement["deletedRegion"]
            line = region["startLine"] - 1
            first_non_blank = len(line_text(line)) - len(line_text(line).lstrip())
            start = offset(line, max(first_non_blank, region["startColumn"] - 1))
            end = offset(region.get("endLine", region["startLine"]) - 1, region["endColumn"] - 1)
            edits.append((start, end, replacement.get("insertedContent", {}).get("text", "")))
    edits.sort()
    for (_, end, _), (start, _, _) in itertools.pairwise(edits):
        assert end <= start, "VS Code refuses overlapping edits"
    for start, end, inserted in reversed(edits):
        text = text[:start] + inserted + text[end:]
    return text


def test_vscode_viewer_accepts_the_log_and_finds_rules_and_files(logs, repo):
    assert viewer_normalize_schema(SCHEMA_URI) == "sarif-2.1.0"
    for scenario in SCENARIOS:
        assert viewer_supports(logs[scenario]), scenario
    (run,) = logs["findings"]["runs"]
    for result in run["results"]:
        assert viewer_rule(run, result)["id"] == result["ruleId"]
        path = viewer_file(run, result["locations"][0]["physicalLocation"]["artifactLocation"])
        assert path == (repo / "bad.json").resolve() and path.is_file()
    assert not viewer_supports({"version": "2.1.0", "$schema": "https://example.org/sarif-2.2.json"})


def test_vscode_quick_fix_gives_what_applying_the_fix_gives(tmp_path):
    """Quick fixes from our SARIF, applied the way the viewer applies them, change the file
    exactly as edgelint applies the same Fix: a replacement inside a stringified
    createOptions, an insertion at the start of an indented line (the viewer would move it
    behind the indentation), a deletion across a line break, in a CRLF file."""
    text = camera(
        {"Labels": {"owner": "Jürgen ☕"}, "HostConfig": {"Binds": ["/etc/localtime:/etc/localtime:ro"]}},
        newline="\r\n",
    )
    result = lint_bytes("deploy.json", text.encode("utf-8"), select_rules(["EL001"]))
    (finding,) = result.findings
    type_line = text.index('      "type": "docker"')
    settings_key = text.index('"settings"')
    edits = [
        Edit(finding.start, finding.end, "/etc"),
        Edit(type_line, type_line, '      "version": "1.0",\r\n'),
        Edit(type_line, type_line + 2, "\t"),  # another edit in the same indentation
        Edit(text.index('"docker",') + len('"docker"'), settings_key, ", "),
    ]
    finding.fix = Fix("Several edits.", edits)
    run = LintRun(select_rules(["EL001"]), [result])
    (sarif_result,) = sarif_of(run, tmp_path)["runs"][0]["results"]
    (sarif_fix,) = sarif_result["fixes"]
    expected = apply_edits(text, edits)
    assert viewer_apply_fix(text, sarif_fix) == expected
    assert json.loads(expected)  # still a manifest
    replacements = sarif_fix["artifactChanges"][0]["replacements"]
    assert len(replacements) == 3, "the two edits in one indentation are merged"
    for replacement in replacements:
        region = replacement["deletedRegion"]
        line = re.split(r"\r\n|\r|\n", text)[region["startLine"] - 1]
        assert region["startColumn"] - 1 >= len(line) - len(line.lstrip()), "no region starts in leading whitespace"


def test_quick_fix_title_and_straight_replacement(logs):
    _run, text, finding = fixed_run()
    (result,) = [r for r in logs["fix"]["runs"][0]["results"] if "fixes" in r]
    (fix,) = result["fixes"]
    assert fix["description"]["text"] == finding.fix.title
    assert viewer_apply_fix(text, fix) == apply_edits(text, finding.fix.edits)


# --- the same positions in every format --------------------------------------------------


def test_positions_agree_across_sarif_json_and_text(repo):
    """One finding inside a stringified createOptions after escaped quotes, a backslash and
    non-ASCII text (é, ☕, and 😀 outside the Basic Multilingual Plane): the same numbers."""
    sarif_log, _ = sarif_cli(repo, "bad.json")
    json_out = json.loads(run_cli("--format", "json", "--select", ",".join(SELECT), "bad.json", cwd=repo).stdout)
    concise = run_cli("--format", "concise", "--select", ",".join(SELECT), "bad.json", cwd=repo).stdout.splitlines()
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in sarif_log["runs"][0]["results"]]
    from_sarif = [(r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]) for r in regions]
    from_json = [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in json_out]
    from_text = [tuple(int(n) for n in line.split(":")[1:3]) for line in concise]
    assert from_sarif == from_json
    assert [position[:2] for position in from_sarif] == from_text
    assert from_sarif[0] == locate(BAD, "/etc/localtime")
    assert "😀" in BAD.splitlines()[from_sarif[0][0] - 1][: from_sarif[0][1]], "the emoji stands before the finding"


# --- --output --------------------------------------------------------------------------------


def test_output_option_writes_the_sarif_file_and_nothing_to_stdout(repo, tmp_path):
    target = tmp_path / "out" / "edgelint.sarif"
    target.parent.mkdir()
    target.write_text("old content")
    proc = run_cli("--format", "sarif", "--select", ",".join(SELECT), "bad.json", "--output", str(target), cwd=repo)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "Found 2 problems (2 errors) in 1 file.\n"
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] == "EL001"
    assert [p.name for p in target.parent.iterdir()] == ["edgelint.sarif"], "no temporary file left behind"


def test_output_into_a_missing_folder_is_an_error(repo, tmp_path):
    proc = run_cli(
        "--format",
        "sarif",
        "--select",
        ",".join(SELECT),
        "good.json",
        "-o",
        str(tmp_path / "nowhere" / "x.sarif"),
        cwd=repo,
    )
    assert proc.returncode == 2
    assert f"edgelint: error: cannot write {tmp_path / 'nowhere' / 'x.sarif'}: No such file or directory" in proc.stderr


# --- Microsoft SARIF Multitool, when installed (npm @microsoft/sarif-multitool) -------------


MULTITOOL = os.environ.get("SARIF_MULTITOOL")


@pytest.mark.skipif(not MULTITOOL, reason="set SARIF_MULTITOOL to the Sarif.Multitool binary to run its validator")
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sarif_multitool_finds_no_errors_or_warnings(logs, tmp_path, scenario):
    path = tmp_path / f"{scenario}.sarif"
    path.write_text(json.dumps(logs[scenario], indent=2), encoding="utf-8")
    report = tmp_path / "report.sarif"
    subprocess.run(
        [
            MULTITOOL,
            "validate",
            str(path),
            "--rule-kind",
            "Sarif;Ghas",
            "--level",
            "Error;Warning;Note",
            "-o",
            str(report),
            "--log",
            "ForceOverwrite",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    results = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    problems = [r["ruleId"] for r in results if r.get("level", "warning") in ("error", "warning")]
    # unnamed standard input has no URI for GitHub to show: --stdin-filename names it
    assert problems == (["GH1017", "GH1017"] if scenario == "stdin" else [])
