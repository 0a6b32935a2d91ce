"""The real manifests and schemas the tests read are verbatim copies of what their index says,
each with the licence text its licence requires: tests/corpus/INDEX.tsv and
tests/schemas/SOURCES.tsv record, per file, the source repository, path, commit and git blob
(`git rev-parse <commit>:<path>` there gives the same id)."""

import csv
import hashlib
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SCHEMAS, corpus_files, corpus_index

NOT_MANIFESTS = {"INDEX.tsv", "README.md"}
CORPUS_LICENSES = {"MIT", "BSD-2-Clause"}


def git_blob(path):
    """The id git gives the file's bytes as a blob."""
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def schema_sources():
    with open(SCHEMAS / "SOURCES.tsv", encoding="utf-8", newline="") as index:
        return list(csv.DictReader(index, delimiter="\t"))


@pytest.mark.parametrize("row", corpus_index(), ids=lambda row: row["local_file"])
def test_corpus_file_is_the_recorded_blob_with_its_licence(row):
    assert git_blob(CORPUS / row["local_file"]) == row["blob"]
    assert row["local_file"].split("/")[0] == row["repo"].replace("/", "__")
    assert row["license"] in CORPUS_LICENSES
    assert row["license_file"].startswith(f"LICENSES/{row['repo'].replace('/', '__')}")
    notice = (CORPUS / row["license_file"]).read_text(encoding="utf-8")
    assert "Copyright" in notice
    assert (
        "Permission is hereby granted, free of charge"
        if row["license"] == "MIT"
        else "Redistribution and use in source and binary forms"
    ) in notice


def test_index_lists_every_manifest_in_the_folder():
    on_disk = sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name not in NOT_MANIFESTS and "LICENSES" not in path.parts
    )
    assert on_disk == corpus_files()
    assert len(on_disk) == len({row["local_file"] for row in corpus_index()})


def test_every_licence_text_belongs_to_a_row():
    used = {row["license_file"] for row in corpus_index()}
    assert {f"LICENSES/{path.name}" for path in (CORPUS / "LICENSES").iterdir()} == used


@pytest.mark.parametrize("row", schema_sources(), ids=lambda row: row["local_file"])
def test_schema_is_the_recorded_blob_with_its_licence(row):
    assert git_blob(ROOT / row["local_file"]) == row["blob"]
    assert (ROOT / row["license_file"]).is_file()


def test_every_json_schema_the_tests_read_is_recorded():
    recorded = {row["local_file"] for row in schema_sources()}
    shipped = {path.relative_to(ROOT).as_posix() for path in (ROOT / "edgelint" / "schemas").glob("*.json")}
    copied = {path.relative_to(ROOT).as_posix() for path in SCHEMAS.glob("*.json")}
    assert shipped | copied | {"tests/fixtures/reviewdog-rdf/DiagnosticResult.json"} == recorded


def test_no_test_reads_files_from_outside_the_repository():
    """A fresh clone runs every test: nothing reads the reference folder next to the checkout."""
    sources = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in sources
        if any(needle in path.read_text(encoding="utf-8") for needle in ("../shared", "ROOT.parent", '"shared"'))
        and path != Path(__file__)
    ]
    assert readers == []
