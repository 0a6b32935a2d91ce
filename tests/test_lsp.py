"""`edgelint server` driven over stdio by pygls' LSP client, as an editor drives it."""

import asyncio
import os
import re
import sys

import pytest

pytest.importorskip("pygls", reason="pygls (edgelint[lsp]) is not installed")

from conftest import ROOT, lint, locate, run_cli
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from edgelint.docs import (
    RULE_URL,
    load_doc,
)
from edgelint.rule import REGISTRY

WAIT = 20  # seconds for any one answer of the server
SCENARIO = 120  # seconds for a whole test

# An FPGA-era manifest: stringified createOptions with escapes, and a BMP character and an
# astral one (two UTF-16 code units) before the EL021 finding on the same line.
MANIFEST = r"""{
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "runtime": {"type": "docker", "settings": {"minDockerVersion": "v1.25"}},
        "systemModules": {
          "edgeAgent": {"type": "docker", "settings": {"image": "mcr.microsoft.com/azureiotedge-agent:1.1", "createOptions": "{}"}},
          "edgeHub": {"type": "docker", "status": "running", "restartPolicy": "always", "settings": {"image": "mcr.microsoft.com/azureiotedge-hub:1.1", "createOptions": "{}"}}
        },
        "modules": {
          "Front_Camera": {
            "version": "1.0", "type": "docker", "status": "running", "restartPolicy": "always",
            "settings": {
              "image": "contoso.azurecr.io/camera:2.0",
              "createOptions": "{\"Env\":[\"SITE=Zürich 🛰\",\"Logging:LogLevel:Default=Information\"],\"HostConfig\":{\"PortBindings\":{\"8080/tcp\":[{\"HostPort\":\"8080\"}]},\"Binds\":[\"/etc/localtime:/etc/localtime:ro\"]}}"
            }
          }
        }
      }
    },
    "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {"all": "FROM /messages/* INTO $upstream"}, "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}}
  }
}
"""

ENV_NAME = "Logging:LogLevel:Default"
UNITS = {"utf-16": ("utf-16-le", 2), "utf-8": ("utf-8", 1), "utf-32": ("utf-32-le", 4)}


# --- positions, computed from the text independently of the server -------------------------


def _lines(text):
    return re.split(r"\r\n|\r|\n", text)


def lsp_position(text, line, column, encoding="utf-16"):
    """edgelint's 1-based line and code-point column as an LSP position in `encoding`."""
    codec, width = UNITS[encoding]
    prefix = _lines(text)[line - 1][: column - 1]
    return {"line": line - 1, "character": len(prefix.encode(codec)) // width}


def lsp_range(text, span, encoding="utf-16"):
    line, column, end_line, end_column = span
    return {
        "start": lsp_position(text, line, column, encoding),
        "end": lsp_position(text, end_line, end_column, encoding),
    }


def offset_of(text, position, encoding="utf-16"):
    """The character offset of an LSP position (edits are applied with it)."""
    codec, width = UNITS[encoding]
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    line = _lines(text)[position.line]
    prefix = line.encode(codec)[: position.character * width].decode(codec)
    return starts[position.line] + len(prefix)


def apply_text_edits(text, edits, encoding="utf-16"):
    spans = sorted(
        ((offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def as_json(range_):
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def uri_of(path):
    return path.resolve().as_uri()


# --- the client ----------------------------------------------------------------------------


class _Client(LanguageClient):
    returncode = None

    async def server_exit(self, server):
        self.returncode = server.returncode


class Editor:
    """An LSP client with `edgelint server` in a subprocess; it records what the server
    publishes and logs."""

    def __init__(self, cwd, command=None):
        self.cwd = cwd
        self.command = command or [sys.executable, "-m", "edgelint", "server"]
        self.client = _Client("edgelint-tests", "1")
        self.published = {}  # uri → asyncio.Queue of PublishDiagnosticsParams
        self.logs = []
        self.shown = []
        self.registrations = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params):
            self._queue(params.uri).put_nowait(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params):
            self.logs.append(params)

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params):
            self.shown.append(params)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params):
            self.registrations.append(params)

    def _queue(self, uri):
        return self.published.setdefault(uri, asyncio.Queue())

    async def start(self, encodings=None, document_changes=False, watch=False):
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        await self.client.start_io(*self.command, cwd=str(self.cwd), env=env)
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=document_changes),
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            ),
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True, data_support=True),
            ),
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(process_id=os.getpid(), root_uri=self.cwd.as_uri(), capabilities=capabilities)
            ),
            WAIT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    def open(self, path, text, language_id="json", version=1):
        uri = uri_of(path)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)
            )
        )
        return uri

    def change(self, uri, text, version):
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def save(self, uri):
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    def close(self, uri):
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    def files_changed(self, *paths):
        self.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri_of(path), type=types.FileChangeType.Changed) for path in paths]
            )
        )

    async def diagnostics(self, uri, version=None):
        """The next diagnostics published for `uri` (for `version`, when given)."""

        async def wait():
            while True:
                params = await self._queue(uri).get()
                if version is None or params.version == version:
                    return list(params.diagnostics)

        return await asyncio.wait_for(wait(), WAIT)

    async def code_actions(self, uri, range_, diagnostics=(), only=None):
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
        )
        return list(await asyncio.wait_for(self.client.text_document_code_action_async(params), WAIT) or [])

    async def hover(self, uri, position):
        params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
        return await asyncio.wait_for(self.client.text_document_hover_async(params), WAIT)

    async def until(self, condition):
        """Wait until `condition()` holds (it looks at what the server sent)."""

        async def wait():
            while not condition():
                await asyncio.sleep(0.01)

        await asyncio.wait_for(wait(), WAIT)

    def messages(self, text):
        """The logged and shown messages that contain `text`."""
        return [message for message in self.logs + self.shown if text in message.message]

    async def stop(self):
        """shutdown, then exit; returns the server's exit code."""
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), WAIT)
        return self.client.returncode

    def kill(self):
        process = self.client._server  # pygls keeps the subprocess here; a hung server is killed
        if process is not None and process.returncode is None:
            process.kill()


def drive(tmp_path, scenario, command=None):
    """Run `scenario(editor)` against a fresh server; the server is killed if it hangs."""

    async def main():
        editor = Editor(tmp_path, command)
        try:
            await asyncio.wait_for(scenario(editor), SCENARIO)
        finally:
            editor.kill()

    asyncio.run(main())


def write_manifest(folder, text=MANIFEST, name="deployment.json"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def expected_diagnostics(text, encoding="utf-16", name="deployment.json"):
    """(code, severity, range, message) for what the engine finds in `text`."""
    severity = {"error": 1, "warning": 2, "note": 3}
    return [
        (
            f.rule_id,
            severity[f.level],
            lsp_range(text, (f.line, f.column, f.end_line, f.end_column), encoding),
            f.message,
        )
        for f in lint(text, name)
    ]


def observed(diagnostics):
    return [(d.code, int(d.severity), as_json(d.range), d.message) for d in diagnostics]


def by_code(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, (code, [d.code for d in diagnostics])
    return found[0]


# --- the tests -----------------------------------------------------------------------------


def test_initialize_advertises_exactly_what_is_implemented_and_exit_is_clean(tmp_path):
    async def scenario(editor):
        result = await editor.start()
        capabilities = editor.client.protocol._converter.unstructure(result.capabilities)
        assert capabilities == {
            "positionEncoding": "utf-16",
            "textDocumentSync": {"openClose": True, "change": 1, "save": True},
            "hoverProvider": True,
            "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.edgelint"], "resolveProvider": False},
        }
        assert result.server_info.name == "edgelint"
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_diagnostics_on_open_have_exact_utf16_ranges(tmp_path):
    path = write_manifest(tmp_path)
    (tmp_path / ".edgelint.toml").write_text('extend-select = ["EL012"]\n', encoding="utf-8")  # notes, opt-in

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        assert [d.code for d in diagnostics] == ["EL012", "EL012", "EL019", "EL021", "EL002", "EL001"]
        assert observed(diagnostics[2:]) == expected_diagnostics(MANIFEST)

        env = by_code(diagnostics, "EL021")
        line, column, end_line, end_column = locate(MANIFEST, ENV_NAME)
        line_text = _lines(MANIFEST)[line - 1]
        prefix = line_text[: column - 1]
        # the astral character counts twice in UTF-16: the conversion is not a no-op
        assert "🛰" in prefix and len(prefix.encode("utf-16-le")) // 2 == len(prefix) + 1
        assert as_json(env.range) == {
            "start": {"line": line - 1, "character": len(prefix) + 1},
            "end": {"line": end_line - 1, "character": len(line_text[: end_column - 1]) + 1},
        }
        assert env.severity == types.DiagnosticSeverity.Error
        assert env.source == "edgelint"
        assert env.code_description.href == RULE_URL.format("EL021")
        assert env.data["version"] == 1 and env.data["fix"]["safe"] is True
        note = diagnostics[0]
        assert note.severity == types.DiagnosticSeverity.Information and "fix" not in note.data
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


@pytest.mark.parametrize("encoding", ["utf-32", "utf-8"])
def test_negotiated_position_encoding(tmp_path, encoding):
    path = write_manifest(tmp_path)

    async def scenario(editor):
        result = await editor.start(encodings=[encoding, "utf-16"])
        assert result.capabilities.position_encoding == encoding
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        assert observed(diagnostics) == expected_diagnostics(MANIFEST, encoding)
        env = by_code(diagnostics, "EL021")
        assert as_json(env.range) == lsp_range(MANIFEST, locate(MANIFEST, ENV_NAME), encoding)
        hover = await editor.hover(uri, env.range.start)
        assert hover is not None and as_json(hover.range) == as_json(env.range)
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_quick_fix_edit_removes_the_finding_and_change_updates_diagnostics(tmp_path):
    path = write_manifest(tmp_path)

    async def scenario(editor):
        await editor.start(document_changes=True)
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        env = by_code(diagnostics, "EL021")
        actions = await editor.code_actions(uri, env.range, [env], only=[types.CodeActionKind.QuickFix])
        assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
            ("edgelint (EL021): Rename `Logging:LogLevel:Default` to `Logging__LogLevel__Default`", "quickfix", True),
        ]
        assert [d.code for d in actions[0].diagnostics] == ["EL021"]
        (change,) = actions[0].edit.document_changes
        assert change.text_document.uri == uri and change.text_document.version == 1
        fixed = apply_text_edits(MANIFEST, change.edits)
        assert [f.rule_id for f in lint(fixed)] == ["EL019", "EL002", "EL001"]
        assert '\\"Logging__LogLevel__Default=Information\\"' in fixed and "Zürich 🛰" in fixed

        editor.change(uri, fixed, version=2)
        updated = await editor.diagnostics(uri, version=2)
        assert observed(updated) == expected_diagnostics(fixed)
        assert "EL021" not in [d.code for d in updated]
        # the old diagnostic belongs to version 1: no edit is offered against version 2
        assert await editor.code_actions(uri, env.range, [env], only=[types.CodeActionKind.QuickFix]) == []
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_unsafe_fix_is_labelled_and_not_preferred(tmp_path):
    path = write_manifest(tmp_path)

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        rename = by_code(diagnostics, "EL019")
        (action,) = await editor.code_actions(uri, rename.range, [rename], only=[types.CodeActionKind.QuickFix])
        assert action.title.startswith("edgelint (EL019): Rename module `Front_Camera` to `frontcamera`")
        assert action.title.endswith(" (unsafe)")
        assert action.is_preferred is False
        fixed = apply_text_edits(MANIFEST, action.edit.changes[uri])
        assert '"frontcamera": {' in fixed
        assert "EL019" not in [f.rule_id for f in lint(fixed)]
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


@pytest.mark.parametrize("unsafe", [False, True])
def test_fix_all_gives_what_fix_on_the_command_line_gives(tmp_path, unsafe):
    if unsafe:
        (tmp_path / ".edgelint.toml").write_text("unsafe-fixes = true\n", encoding="utf-8")
    path = write_manifest(tmp_path)
    cli = run_cli("--fix", "--stdin-filename", str(path), "-", stdin=MANIFEST, cwd=tmp_path)
    assert cli.returncode == 1 and cli.stdout != MANIFEST
    assert ('"frontcamera": {' in cli.stdout) == unsafe  # EL019's fix is unsafe
    title = (
        "edgelint: Fix all problems in this file (unsafe fixes included)"
        if unsafe
        else "edgelint: Fix all safe problems in this file"
    )

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        actions = await editor.code_actions(uri, whole, only=["source.fixAll"])
        assert [(a.title, a.kind) for a in actions] == [(title, "source.fixAll.edgelint")]
        (edit,) = actions[0].edit.changes[uri]
        assert apply_text_edits(MANIFEST, [edit]) == cli.stdout
        # quick fixes come with the fix-all action when no kind is asked for
        env = by_code(diagnostics, "EL021")
        kinds = [a.kind for a in await editor.code_actions(uri, env.range, [env])]
        assert kinds == ["quickfix", "source.fixAll.edgelint"]
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_hover_shows_the_rule_summary_and_why_it_breaks(tmp_path):
    path = write_manifest(tmp_path)

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        env = by_code(diagnostics, "EL021")
        inside = types.Position(line=env.range.start.line, character=env.range.start.character + 3)
        hover = await editor.hover(uri, inside)
        assert hover.contents.kind == types.MarkupKind.Markdown
        text = hover.contents.value
        assert text.startswith("**EL021 invalid-env-name** (error)")
        assert REGISTRY["EL021"].summary in text
        assert load_doc("EL021").section("Why it breaks on Kubernetes") in text
        assert RULE_URL.format("EL021") in text
        assert as_json(hover.range) == as_json(env.range)
        assert await editor.hover(uri, types.Position(line=0, character=0)) is None
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_changes_are_debounced_and_the_latest_text_wins_and_save_lints_at_once(tmp_path):
    path = write_manifest(tmp_path)
    without_binds = MANIFEST.replace(r",\"Binds\":[\"/etc/localtime:/etc/localtime:ro\"]", "")
    without_env = without_binds.replace(r",\"Logging:LogLevel:Default=Information\"", "")
    assert without_binds != MANIFEST and without_env != without_binds

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        await editor.diagnostics(uri, version=1)
        editor.change(uri, without_binds, version=2)
        editor.change(uri, without_env, version=3)
        params = await asyncio.wait_for(editor._queue(uri).get(), WAIT)
        assert params.version == 3
        assert observed(params.diagnostics) == expected_diagnostics(without_env)
        editor.change(uri, MANIFEST, version=4)
        editor.save(uri)
        assert observed(await editor.diagnostics(uri, version=4)) == expected_diagnostics(MANIFEST)
        editor.close(uri)
        assert await editor.diagnostics(uri) == []
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_documents_that_are_not_manifests_get_empty_diagnostics(tmp_path):
    package = '{"name": "camera-ui", "version": "1.0.0", "scripts": {"test": "jest"}}\n'
    kubernetes = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: camera\n"

    async def scenario(editor):
        await editor.start()
        for name, text, language in (
            ("package.json", package, "json"),
            ("pod.yaml", kubernetes, "yaml"),
            ("notes.txt", MANIFEST, "plaintext"),
        ):
            uri = editor.open(tmp_path / name, text, language_id=language)
            assert await editor.diagnostics(uri, version=1) == []
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_broken_json_gives_el000_and_the_server_keeps_working(tmp_path):
    broken = MANIFEST.replace(
        '"schemaVersion": "1.1",\n        "runtime"', '"schemaVersion": "1.1"\n        "runtime"', 1
    )
    assert broken != MANIFEST
    path = write_manifest(tmp_path, broken)

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, broken)
        diagnostics = await editor.diagnostics(uri, version=1)
        assert observed(diagnostics) == expected_diagnostics(broken)
        (parse_error,) = diagnostics
        assert parse_error.code == "EL000" and parse_error.range.start.line == locate(broken, '"runtime"')[0] - 1
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        assert await editor.code_actions(uri, whole, only=["source.fixAll"]) == []
        editor.change(uri, MANIFEST, version=2)
        assert observed(await editor.diagnostics(uri, version=2)) == expected_diagnostics(MANIFEST)
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_a_byte_order_mark_and_crlf_kept_by_the_editor(tmp_path):
    text = "\ufeff" + MANIFEST.replace("\n", "\r\n")
    path = write_manifest(tmp_path, text)

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, text)
        diagnostics = await editor.diagnostics(uri, version=1)
        # the mark is a character of line 0 for the editor, and no part of edgelint's text
        assert observed(diagnostics) == expected_diagnostics(text[1:])
        env = by_code(diagnostics, "EL021")
        (action,) = await editor.code_actions(uri, env.range, [env], only=[types.CodeActionKind.QuickFix])
        fixed = apply_text_edits(text, action.edit.changes[uri])
        assert fixed.startswith("\ufeff{\r\n") and fixed.count("\r\n") == text.count("\r\n")
        assert [f.rule_id for f in lint(fixed[1:])] == ["EL019", "EL002", "EL001"]
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_yaml_manifest_with_a_suppression_comment(tmp_path):
    text = (
        "modulesContent:\n"
        "  $edgeAgent:\n"
        "    properties.desired:\n"
        '      schemaVersion: "1.1"\n'
        "      modules:\n"
        "        sensor:\n"
        "          type: docker\n"
        "          settings:\n"
        "            image: contoso/sensor:1.0  # edgelint: ignore[EL012] limits come from the device profile\n"
        "            createOptions:\n"
        "              Env:\n"
        '                - "Logging:Level=Debug"\n'
    )
    path = write_manifest(tmp_path, text, "deployment.yaml")

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, text, language_id="yaml")
        diagnostics = await editor.diagnostics(uri, version=1)
        assert observed(diagnostics) == expected_diagnostics(text, name="deployment.yaml")
        assert "EL021" in [d.code for d in diagnostics]
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_configuration_applies_and_is_read_again_when_it_changes(tmp_path):
    config = tmp_path / ".edgelint.toml"
    config.write_text('ignore = ["EL012"]\n\n[severity]\nEL021 = "warning"\n', encoding="utf-8")
    path = write_manifest(tmp_path / "deploy")

    async def scenario(editor):
        await editor.start(watch=True)
        await editor.until(lambda: editor.registrations)
        (registration,) = editor.registrations[0].registrations
        assert registration.method == "workspace/didChangeWatchedFiles"
        assert registration.register_options == {
            "watchers": [{"globPattern": "**/.edgelint.toml"}, {"globPattern": "**/pyproject.toml"}],
        }

        uri = editor.open(path, MANIFEST)
        diagnostics = await editor.diagnostics(uri, version=1)
        assert [d.code for d in diagnostics] == ["EL019", "EL021", "EL002", "EL001"]
        assert by_code(diagnostics, "EL021").severity == types.DiagnosticSeverity.Warning

        # a broken configuration is shown and logged, and the document has no diagnostics
        config.write_text('ignore = "EL012"\n', encoding="utf-8")
        editor.files_changed(config)
        assert await editor.diagnostics(uri, version=1) == []
        await editor.until(lambda: editor.shown)
        assert [(m.type, m.message) for m in editor.shown] == [
            (types.MessageType.Error, f"edgelint: {config}: 'ignore' must be a list of rule IDs, prefixes or names")
        ]
        assert [m.type for m in editor.messages("'ignore' must be a list")] == [types.MessageType.Error] * 2

        # per-file ignores and [[suppress]]; no notification: the next lint sees the change
        config.write_text(
            'exclude = ["deploy/generated.json"]\nextend-select = ["EL012"]\n\n'
            '[per-file-ignores]\n"deploy/*.json" = ["EL001"]\n\n'
            '[[suppress]]\nfiles = ["deploy/*.json"]\n'
            'pointer = "/modulesContent/$edgeAgent/properties.desired/systemModules/edgeHub"\n'
            'rules = ["EL012"]\nreason = "the device profile sets edgeHub\'s limits"\n',
            encoding="utf-8",
        )
        editor.change(uri, MANIFEST, version=2)
        diagnostics = await editor.diagnostics(uri, version=2)
        assert [d.code for d in diagnostics] == ["EL012", "EL019", "EL021", "EL002"]
        assert "Front_Camera" in diagnostics[0].message
        assert by_code(diagnostics, "EL021").severity == types.DiagnosticSeverity.Error
        generated = editor.open(write_manifest(tmp_path / "deploy", name="generated.json"), MANIFEST)
        assert await editor.diagnostics(generated, version=1) == []
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_the_device_profile_of_the_configuration_applies(tmp_path):
    config = tmp_path / ".edgelint.toml"
    config.write_text('[device]\narchitecture = "arm64"\n', encoding="utf-8")
    text = MANIFEST.replace("contoso.azurecr.io/camera:2.0", "contoso.azurecr.io/camera:2.0-arm64v8")
    path = write_manifest(tmp_path / "deploy", text)

    async def scenario(editor):
        await editor.start(watch=True)
        uri = editor.open(path, text)
        assert "EL038" not in [d.code for d in await editor.diagnostics(uri, version=1)]

        # the profile changes: the device is amd64 again
        config.write_text("[device]\ngpus = 1\n", encoding="utf-8")
        editor.files_changed(config)
        editor.change(uri, text, version=2)
        diagnostics = await editor.diagnostics(uri, version=2)
        found = by_code(diagnostics, "EL038")
        assert found.message.startswith("The image of `Front_Camera` is built for arm64 (`arm64v8`)")
        assert as_json(found.range) == lsp_range(text, locate(text, "arm64v8"))
        assert await editor.stop() == 0

    drive(tmp_path, scenario)


def test_an_exception_while_linting_is_logged_and_the_server_keeps_running(tmp_path):
    path = write_manifest(tmp_path)
    failing = (
        "import sys\n"
        "import edgelint.engine\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('simulated failure while building the manifest')\n"
        "edgelint.engine.build_manifest = broken\n"
        "from edgelint.cli import main\n"
        "sys.exit(main(['server']))\n"
    )

    async def scenario(editor):
        await editor.start()
        uri = editor.open(path, MANIFEST)
        assert await editor.diagnostics(uri, version=1) == []
        await editor.until(lambda: editor.messages("simulated failure"))
        (log,) = editor.messages("simulated failure")
        assert log.type == types.MessageType.Error and "RuntimeError" in log.message
        assert await editor.hover(uri, types.Position(line=0, character=0)) is None
        assert await editor.stop() == 0

    drive(tmp_path, scenario, command=[sys.executable, "-c", failing])


def test_the_server_runs_with_the_cycle_collector_that_the_console_script_turns_off(tmp_path):
    path = write_manifest(tmp_path)
    probe = (
        "import gc, sys\n"
        "import edgelint.engine\n"
        "def probe(*args, **kwargs):\n"
        "    raise RuntimeError(f'collector on: {gc.isenabled()}')\n"
        "edgelint.engine.build_manifest = probe\n"
        "from edgelint.cli import run\n"
        "sys.argv[1:] = ['server']\n"
        "run()\n"
    )

    async def scenario(editor):
        await editor.start()
        editor.open(path, MANIFEST)
        await editor.until(lambda: editor.messages("collector on"))
        assert [log.message.count("collector on: True") for log in editor.messages("collector on")] == [1]
        assert await editor.stop() == 0

    drive(tmp_path, scenario, command=[sys.executable, "-c", probe])


def test_exit_without_shutdown_exits_with_1(tmp_path):
    async def scenario(editor):
        await editor.start()
        editor.client.exit(None)
        await asyncio.wait_for(editor.client.stop(), WAIT)
        assert editor.client.returncode == 1

    drive(tmp_path, scenario)


def test_readme_editor_snippets_start_this_server():
    import json

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Editor integration", 1)[1].split("\n## ", 1)[0]
    vscode = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == [
        "edgelint",
        "server",
        "--stdio",
    ]
    assert vscode["glspc.server.languageId"] == ["json", "jsonc", "yaml"]
    assert vscode["[json][jsonc][yaml]"]["editor.codeActionsOnSave"] == {"source.fixAll.edgelint": "explicit"}
    neovim = section.split("```lua\n", 1)[1].split("```", 1)[0]
    assert 'cmd = { "edgelint", "server", "--stdio" }' in neovim and 'pattern = { "json", "jsonc", "yaml" }' in neovim
    helix = tomllib.loads(section.split("```toml\n", 1)[1].split("```", 1)[0])
    assert helix["language-server"]["edgelint"] == {"command": "edgelint", "args": ["server", "--stdio"]}
    assert {language["name"]: "edgelint" in language["language-servers"] for language in helix["language"]} == {
        "json": True,
        "jsonc": True,
        "yaml": True,
    }
