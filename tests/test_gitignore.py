"""Folder walks leave out what git ignores: .gitignore at every level, .git/info/exclude and
the global excludes file, read without git; explicit files are linted unless --force-exclude."""

import pytest
from conftest import deployment, manifest_text, module, run_cli

MANIFEST = manifest_text(deployment({"cam": module({"HostConfig": {"Binds": ["/etc/localtime:/etc/localtime"]}})}))


@pytest.fixture
def repository(tmp_path):
    """A repository with ignore rules at several levels and a home of its own."""
    repo = tmp_path / "repo"
    home = tmp_path / "home"
    for folder in (
        "repo/.git/info",
        "repo/build",
        "repo/deploy/generated",
        "repo/deploy/keep",
        "repo/config",
        "home/.config/git",
    ):
        (tmp_path / folder).mkdir(parents=True)
    files = [
        "top.json",
        "build/out.json",
        "deploy/a.json",
        "deploy/a.debug.json",
        "deploy/generated/g.json",
        "deploy/keep/k.json",
        "deploy/keep/k.debug.json",
        "config/deployment.amd64.json",
        "local.json",
        "secret.json",
    ]
    for name in files:
        (repo / name).write_text(MANIFEST)
    (repo / ".gitignore").write_text("# build output\nbuild/\n*.debug.json\nconfig\n")
    (repo / "deploy" / ".gitignore").write_text("generated/\n")
    (repo / "deploy" / "keep" / ".gitignore").write_text("!k.debug.json\n")
    (repo / ".git" / "info" / "exclude").write_text("local.json\n")
    (home / ".config" / "git" / "ignore").write_text("secret.json\n")
    return repo, {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def linted(proc):
    return sorted(line.split(":")[0] for line in proc.stdout.splitlines())


def test_walks_leave_out_what_git_ignores_at_every_level(repository):
    repo, env = repository
    proc = run_cli("--format", "concise", "--select", "EL001", ".", cwd=repo, env=env)
    assert linted(proc) == ["deploy/a.json", "deploy/keep/k.debug.json", "deploy/keep/k.json", "top.json"]
    assert proc.stderr == "Found 4 problems (4 errors) in 4 files.\n"


def test_core_excludes_file_replaces_the_default_global_file(repository):
    repo, env = repository
    (repo / ".git" / "config").write_text('[core]\n\tbare = false\n\texcludesFile = "~/my-ignore" ; comment\n')
    home = repo.parent / "home"
    (home / "my-ignore").write_text("top.json\n")
    proc = run_cli("--format", "concise", "--select", "EL001", ".", cwd=repo, env=env)
    assert linted(proc) == ["deploy/a.json", "deploy/keep/k.debug.json", "deploy/keep/k.json", "secret.json"]


def test_a_folder_given_explicitly_is_walked_even_if_ignored(repository):
    repo, env = repository
    proc = run_cli("--format", "concise", "--select", "EL001", "build", "config", "deploy", cwd=repo, env=env)
    assert linted(proc) == [
        "build/out.json",
        "config/deployment.amd64.json",
        "deploy/a.json",
        "deploy/keep/k.debug.json",
        "deploy/keep/k.json",
    ]


def test_explicit_files_are_linted_unless_force_exclude(repository):
    repo, env = repository
    named = ["build/out.json", "deploy/a.debug.json", "local.json", "top.json"]
    proc = run_cli("--format", "concise", "--select", "EL001", *named, cwd=repo, env=env)
    assert linted(proc) == named
    forced = run_cli("--format", "concise", "--select", "EL001", "--force-exclude", *named, cwd=repo, env=env)
    assert linted(forced) == ["top.json"]
    assert forced.stderr == "Found 1 problem (1 error) in 1 file; 3 skipped (excluded).\n"
    listing = run_cli("--show-files", "--force-exclude", *named, cwd=repo, env=env)
    assert listing.stdout.splitlines() == [
        "skipped  build/out.json: ignored by git (--force-exclude)",
        "skipped  deploy/a.debug.json: ignored by git (--force-exclude)",
        "skipped  local.json: ignored by git (--force-exclude)",
        "linted   top.json",
    ]


def test_respect_gitignore_can_be_turned_off(repository):
    repo, env = repository
    everything = 10
    proc = run_cli("--format", "concise", "--select", "EL001", "--no-respect-gitignore", ".", cwd=repo, env=env)
    assert len(linted(proc)) == everything
    (repo / ".edgelint.toml").write_text("respect-gitignore = false\n")
    assert len(linted(run_cli("--format", "concise", "--select", "EL001", ".", cwd=repo, env=env))) == everything
    assert (
        len(linted(run_cli("--format", "concise", "--select", "EL001", "--respect-gitignore", ".", cwd=repo, env=env)))
        == 4
    )
    rows = {
        line.split()[0]: line.split()
        for line in run_cli("check", "--show-settings", cwd=repo, env=env).stdout.splitlines()
    }
    assert rows["respect-gitignore"] == ["respect-gitignore", "false", f"({repo / '.edgelint.toml'})"]


def test_outside_a_repository_gitignore_files_do_not_count(tmp_path):
    (tmp_path / ".gitignore").write_text("*.json\n")
    (tmp_path / "a.json").write_text(MANIFEST)
    proc = run_cli("--format", "concise", "--select", "EL001", ".", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert linted(proc) == ["a.json"]


def test_a_worktree_reads_info_exclude_of_its_main_repository(tmp_path):
    main_git = tmp_path / "main" / ".git"
    (main_git / "info").mkdir(parents=True)
    (main_git / "info" / "exclude").write_text("skip.json\n")
    (main_git / "worktrees" / "wt").mkdir(parents=True)
    (main_git / "worktrees" / "wt" / "commondir").write_text("../..\n")
    worktree = tmp_path / "wt"
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {main_git / 'worktrees' / 'wt'}\n")
    (worktree / "skip.json").write_text(MANIFEST)
    (worktree / "keep.json").write_text(MANIFEST)
    proc = run_cli("--format", "concise", "--select", "EL001", ".", cwd=worktree, env={"HOME": str(tmp_path)})
    assert linted(proc) == ["keep.json"]
