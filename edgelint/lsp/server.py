"""`edgelint server`: the language server, over standard input and output.

Diagnostics come on open and save at once, and on change after a pause in typing (the text
of the latest change wins). Every lint reads the client's text, never the file on disk. A
failure while linting is logged to the client and leaves the document without diagnostics.
"""

from __future__ import annotations

import asyncio
import gc
import traceback
from urllib.parse import unquote

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from edgelint import __version__
from edgelint.config import CONFIG_NAMES, ConfigError
from edgelint.errors import BaselineError
from edgelint.lsp import features
from edgelint.lsp.linting import DocumentLinter, Linted, document_format
from edgelint.lsp.positions import PositionMap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Generator, Sequence
    from typing import Any

    from pygls.workspace import TextDocument

DEBOUNCE_SECONDS = 0.3
WATCHER_ID = "edgelint-configuration"


class _Protocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        result = yield from super().lsp_initialize(params)
        # pygls always offers these; edgelint has no commands and reads no workspace folders
        result.capabilities.execute_command_provider = None
        result.capabilities.workspace = None
        return result


class Snapshot:
    """The lint of one version of a document, its diagnostics and, once asked for, its
    fix-all action (computed once: it runs the fix loop)."""

    __slots__ = ("version", "linted", "positions", "diagnostics", "fix_all", "fix_all_known")

    version: int | None
    linted: Linted
    positions: PositionMap
    diagnostics: list[types.Diagnostic]
    fix_all: types.CodeAction | None
    fix_all_known: bool  # whether fix_all has been computed

    def __init__(
        self, version: int | None, linted: Linted, positions: PositionMap, diagnostics: list[types.Diagnostic]
    ) -> None:
        self.version = version
        self.linted = linted
        self.positions = positions
        self.diagnostics = diagnostics
        self.fix_all = None
        self.fix_all_known = False


class EdgelintServer(LanguageServer):
    """pygls' server with edgelint's state: the latest lint of each open document and the
    pending debounced lints."""

    linter: DocumentLinter
    snapshots: dict[str, Snapshot]  # uri → Snapshot of the latest lint
    timers: dict[str, asyncio.TimerHandle]  # uri → pending debounced lint
    shutdown_requested: bool

    def __init__(self) -> None:
        # Full sync: manifests are small, and pygls applies incremental changes by lines
        # split as Python splits them (at U+2028 too), not as LSP does.
        super().__init__(
            "edgelint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full, protocol_cls=_Protocol
        )
        self.linter = DocumentLinter()
        self.snapshots = {}
        self.timers = {}
        self.shutdown_requested = False
        self._shown: set[str] = set()  # configuration errors already shown to the user

    def open_document(self, uri: str) -> TextDocument | None:
        """The client's TextDocument for `uri`, or None when it is not open."""
        return self.workspace.text_documents.get(unquote(uri))

    def lint_now(self, uri: str) -> Snapshot | None:
        """Lint the document's current text, publish the diagnostics, return the Snapshot."""
        self.cancel_pending(uri)
        document = self.open_document(uri)
        if document is None:
            return None
        snapshot = self._lint(document)
        self.snapshots[uri] = snapshot
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=snapshot.diagnostics, version=document.version)
        )
        return snapshot

    def lint_later(self, uri: str) -> None:
        self.cancel_pending(uri)
        self.timers[uri] = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.lint_now, uri)

    def forget(self, uri: str) -> None:
        self.cancel_pending(uri)
        self.snapshots.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def current(self, uri: str) -> tuple[TextDocument | None, Snapshot | None]:
        """The Snapshot of the document's current version (linted now if it is not yet)."""
        document = self.open_document(uri)
        if document is None:
            return None, None
        snapshot = self.snapshots.get(uri)
        if snapshot is None or snapshot.version != document.version:
            snapshot = self.lint_now(uri)
        return document, snapshot

    def fix_all_action(self, document: TextDocument, snapshot: Snapshot) -> types.CodeAction | None:
        if not snapshot.fix_all_known:
            snapshot.fix_all_known = True
            if any(finding.fix is not None for finding in snapshot.linted.findings):
                fixed, problems = snapshot.linted.fixed()
                for problem in problems:
                    self._log(types.MessageType.Error, f"edgelint: {document.uri}: {problem}")
                snapshot.fix_all = features.fix_all(
                    snapshot.linted, fixed, snapshot.positions, document, self.document_changes
                )
        return snapshot.fix_all

    @property
    def document_changes(self) -> bool:
        """Whether the client takes versioned document edits."""
        return get_capability(self.client_capabilities, "workspace.workspace_edit.document_changes", False)

    def relint_all(self) -> None:
        self.linter.invalidate()
        for uri in list(self.snapshots):
            self.lint_now(uri)

    def cancel_pending(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def _lint(self, document: TextDocument) -> Snapshot:
        text = document.source
        positions = PositionMap(text, self.workspace.position_encoding)
        path = to_fs_path(document.uri)
        fmt = document_format(document.language_id, path or unquote(document.uri))
        try:
            linted = Linted(text)
            if fmt is not None:
                linted = self.linter.lint(path, path or document.uri, text, fmt)
            for error in linted.errors:
                self._log(types.MessageType.Error, f"edgelint: {error}")
            return Snapshot(
                document.version, linted, positions, features.diagnostics(linted, positions, document.version)
            )
        except (ConfigError, BaselineError) as exc:
            message = f"edgelint: {exc}"
            self._log(types.MessageType.Error, message)
            if message not in self._shown:
                self._shown.add(message)
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))
        except Exception:  # a bug in edgelint must not take the server down
            self._log(types.MessageType.Error, f"edgelint: cannot lint {document.uri}:\n{traceback.format_exc()}")
        return Snapshot(document.version, Linted(text), positions, [])

    def _log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))


def create_server() -> EdgelintServer:
    server = EdgelintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: EdgelintServer, params: types.InitializedParams) -> None:
        if get_capability(ls.client_capabilities, "workspace.did_change_watched_files.dynamic_registration", False):
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id=WATCHER_ID, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
                        ),
                    ]
                )
            )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: EdgelintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: EdgelintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: EdgelintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: EdgelintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: EdgelintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=features.CODE_ACTION_KINDS, resolve_provider=False),
    )
    def code_action(ls: EdgelintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document, snapshot = ls.current(params.text_document.uri)
        if document is None or snapshot is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        if features.wants(types.CodeActionKind.QuickFix, only):
            actions.extend(features.quick_fixes(params.context.diagnostics, document, ls.document_changes))
        if features.wants(features.FIX_ALL, only):
            action = ls.fix_all_action(document, snapshot)
            if action is not None:
                actions.append(action)
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: EdgelintServer, params: types.HoverParams) -> types.Hover | None:
        _, snapshot = ls.current(params.text_document.uri)
        if snapshot is None:
            return None
        return features.hover(snapshot.linted, snapshot.positions, params.position)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: EdgelintServer, params: None) -> None:
        ls.shutdown_requested = True
        for uri in list(ls.timers):
            ls.cancel_pending(uri)

    return server


def main(argv: Sequence[str]) -> int:
    """Run the server until the client says exit (or goes away); the exit code is 0 after
    a `shutdown` request, else 1, as LSP asks."""
    from edgelint.cli import Parser

    parser = Parser(
        prog="edgelint server",
        description="Run the edgelint language server (LSP) on standard input and output.",
    )
    parser.add_argument(
        "--stdio", action="store_true", help="accepted for LSP clients that pass it; stdio is the only transport"
    )
    parser.parse_args(argv)
    # the console script turns the cycle collector off for a run that ends (edgelint.cli.run);
    # the server lints document after document for as long as the editor is open
    gc.enable()
    server = create_server()
    server.start_io()
    return 0 if server.shutdown_requested else 1
