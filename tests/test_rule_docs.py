"""rules/ELxxx.md is the single source of each rule's docs: it matches the registry, and its
examples are run here, so the docs cannot drift from behaviour."""

import shlex

import pytest
from conftest import ROOT, run_cli
from rule_pages import FIX_SAFETY, expected_sections, load_page
from tools import generate_rule_docs

from edgelint.cli import main
from edgelint.docs import docs_dir
from edgelint.engine import lint_bytes
from edgelint.rule import all_rules

RULES = all_rules()
DOC_FILES = sorted((ROOT / "rules").glob("EL*.md"))


def load(rule_id):
    path = ROOT / "rules" / f"{rule_id}.md"
    return load_page(path)


def test_every_rule_has_a_doc_and_every_doc_a_rule():
    assert [p.stem for p in DOC_FILES] == [r.id for r in RULES]


def test_the_installed_catalog_is_the_same_files():
    assert sorted(p.name for p in DOC_FILES) == sorted(
        name for name in __import__("os").listdir(docs_dir()) if name.startswith("EL")
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_front_matter_matches_the_registry(rule):
    doc = load(rule.id)
    assert doc.meta == {
        "id": rule.id,
        "name": rule.name,
        "level": rule.level,
        "fix": rule.fix_kind,
        "tags": list(rule.tags),
    }
    assert list(doc.sections) == expected_sections(rule.fix_kind, FIX_SAFETY in doc.sections)
    assert doc.body.lstrip().startswith(f"# {rule.id} {rule.name}\n")
    for title in doc.sections:
        assert doc.section(title).strip(), f"{rule.id}: empty section {title}"


def run_documented(command, name, manifest, tmp_path, monkeypatch, capsys, config=None):
    """Run a doc's `$ edgelint check … example.json` line on the example, in-process, with
    the example's own configuration (its `toml` block, such as a device profile) as the
    `.edgelint.toml` next to it."""
    args = shlex.split(command)
    assert args[:2] == ["edgelint", "check"] and args[-1] == name and "--format concise" in command
    (tmp_path / name).write_text(manifest, encoding="utf-8")
    if config is not None:
        (tmp_path / ".edgelint.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(args[1:] + ["-q"])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_example_gives_exactly_the_documented_output(rule, tmp_path, monkeypatch, capsys):
    doc = load(rule.id)
    language, manifest, expected = doc.example("Example")
    name = f"example.{language}"
    command = doc.example_command()
    assert f"--select {rule.id} " in command or f"--extend-select {rule.id} " in command
    _code, lines = run_documented(command, name, manifest, tmp_path, monkeypatch, capsys, doc.example_config("Example"))
    assert lines == expected
    assert expected, f"{rule.id}: the bad example must show at least one finding"
    assert all(line.split()[1] == rule.id for line in lines)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_fixed_example_is_clean_for_the_rule(rule, tmp_path, monkeypatch, capsys):
    doc = load(rule.id)
    language, manifest, _ = doc.example("Fixed example")
    name = f"example.{language}"
    command = doc.example_command().replace(f"example.{doc.example('Example')[0]}", name)
    assert lint_bytes(name, manifest.encode(), all_rules()).is_manifest
    _code, lines = run_documented(
        command, name, manifest, tmp_path, monkeypatch, capsys, doc.example_config("Fixed example")
    )
    assert [line for line in lines if line.split()[1] == rule.id] == []


def test_rule_command_prints_the_doc():
    proc = run_cli("rule", "EL001")
    assert proc.returncode == 0
    assert proc.stdout == load("EL001").plain_text() + "\n"
    by_name = run_cli("rule", "file-bind-mount")
    assert by_name.stdout == proc.stdout


def test_readme_rule_table_lists_every_rule():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| [EL")]
    assert [row.split("]")[0][3:] for row in rows] == [r.id for r in RULES]


def test_committed_docs_are_what_the_registry_generates():
    stale = [
        path.name
        for path, (committed, generated) in generate_rule_docs.generated_files().items()
        if committed != generated
    ]
    assert stale == [], "run tests/tools/generate_rule_docs.py and commit the result"


def test_generator_rewrites_front_matter_and_table_from_the_registry(tmp_path):
    (tmp_path / "rules").mkdir()
    for path in (ROOT / "rules").glob("EL*.md"):
        (tmp_path / "rules" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    page = tmp_path / "rules" / "EL002.md"
    page.write_text(page.read_text(encoding="utf-8").replace("level: warning", "level: note"), encoding="utf-8")
    (tmp_path / "rules" / "EL045.md").unlink()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(
        readme.replace("| docker-binds | warning |", "| docker-binds | error |"), encoding="utf-8"
    )
    files = generate_rule_docs.generated_files(tmp_path)
    stale = sorted(path.name for path, (committed, generated) in files.items() if committed != generated)
    assert stale == ["EL002.md", "EL045.md", "README.md"]
    assert files[tmp_path / "rules" / "EL002.md"][1] == (ROOT / "rules" / "EL002.md").read_text(encoding="utf-8")
    assert files[tmp_path / "README.md"][1] == readme
    skeleton = files[tmp_path / "rules" / "EL045.md"][1]
    assert skeleton.startswith("---\nid: EL045\nname: misspelled-deployment-key\nlevel: error\nfix: none\n")
    assert "\n## What it flags\n\nTODO\n" in skeleton
