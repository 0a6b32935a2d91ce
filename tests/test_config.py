"""Configuration discovery, validation and precedence (module level; the CLI tests run
the same through the command line)."""

import pytest

from edgelint.config import ConfigError, ConfigFinder, load_config
from edgelint.session import Options, Session


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_closest_config_wins_and_dot_file_beats_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.edgelint]\nignore = ["EL001"]\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.edgelint]: keep walking
    write(tmp_path / "b" / "pyproject.toml", '[tool.edgelint]\nignore = ["EL004"]\n')
    write(tmp_path / "b" / ".edgelint.toml", 'ignore = ["EL007"]\n')
    finder = ConfigFinder()
    assert finder.for_file(str(tmp_path / "a" / "x.json")).path == str(tmp_path / "pyproject.toml")
    assert finder.for_file(str(tmp_path / "b" / "deep" / "x.json")).path == str(tmp_path / "b" / ".edgelint.toml")
    assert finder.for_file(str(tmp_path / "x.json")).get("ignore") == ["EL001"]


def test_explicit_config_replaces_discovery(tmp_path):
    write(tmp_path / ".edgelint.toml", 'ignore = ["EL001"]\n')
    other = write(tmp_path / "ci.toml", 'ignore = ["EL004"]\n')
    assert ConfigFinder(str(other)).for_file(str(tmp_path / "x.json")).get("ignore") == ["EL004"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('select = "EL001"\n', "'select' must be a list of rule IDs, prefixes or names"),
        ('select = ["EL9"]\n', "'select': unknown rule selector EL9"),
        ('fail-on = "fatal"\n', "'fail-on' must be one of error, warning, note, not 'fatal'"),
        ('unsafe-fixes = "yes"\n', "'unsafe-fixes' must be true or false, not 'yes'"),
        ('[severity]\nEL001 = "loud"\n', "'severity': EL001 must be one of error, warning, note, not 'loud'"),
        ('[severity]\nEL999 = "note"\n', "'severity': unknown rule EL999"),
        (
            '[per-file-ignores]\n"*.json" = "EL001"\n',
            "'per-file-ignores' entry '*.json' must be a list of rule IDs, prefixes or names",
        ),
        (
            '[[suppress]]\nfiles = ["*.json"]\npointer = "modules"\n',
            "'suppress' #1 'pointer' must be a JSON Pointer starting with '/'",
        ),
        ('[[suppress]]\nfiles = ["*.json"]\nwhy = "x"\n', "'suppress' #1: unknown key 'why'"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path, text, message):
    path = write(tmp_path / ".edgelint.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_a_config_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / ".edgelint.toml"
    path.write_bytes(b'select = ["EL001"]\n# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    assert str(info.value) == f"{path}: invalid TOML: not UTF-8 (line 2, column 6)"


def test_a_pyproject_that_never_names_edgelint_is_not_a_config(tmp_path):
    assert load_config(str(write(tmp_path / "pyproject.toml", '[project]\nname = "app"\n'))) is None
    inline = load_config(str(write(tmp_path / "pyproject.toml", '[tool]\nedgelint = { select = ["EL001"] }\n')))
    assert inline.get("select") == ["EL001"]


@pytest.mark.parametrize(
    "table",
    [
        '[tool.edgelint]\nselect = ["EL001"]\n',
        '[ tool . "edgelint" ]\nselect = ["EL001"]\n',
        'tool.edgelint.select = ["EL001"]\n',
        'tool = { edgelint = { select = ["EL001"] } }\n',
        '[tool]\nedgelint.select = ["EL001"]\n',
    ],
)
def test_every_spelling_of_the_tool_table_is_read(tmp_path, table):
    config = load_config(
        str(write(tmp_path / "pyproject.toml", table + '[project.urls]\nedgelint = "https://example.org"\n'))
    )
    assert config.get("select") == ["EL001"]


def test_pyproject_keys_are_named_with_their_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.edgelint]\ncolour = 1\n")
    with pytest.raises(ConfigError, match=r"unknown key 'tool\.edgelint\.colour'"):
        load_config(str(path))


def test_command_line_beats_config(tmp_path):
    write(tmp_path / ".edgelint.toml", 'select = ["EL001"]\nfail-on = "error"\n')
    session = Session(Options(extend_select=["EL007"], fail_on="note"))
    settings = session.settings_for(str(tmp_path / "x.json"))
    assert [r.id for r in settings.rules] == ["EL001", "EL007"]
    assert settings.fail_on == "note"
    assert settings.origins["select"] == str(tmp_path / ".edgelint.toml")
    assert settings.origins["extend-select"] == "command line"
    assert settings.origins["fail-on"] == "command line"
    replaced = Session(Options(select=["EL004"])).settings_for(str(tmp_path / "x.json"))
    assert [r.id for r in replaced.rules] == ["EL004"]
