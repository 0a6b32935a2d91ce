"""The language server (`edgelint server`): diagnostics, quick fixes and hovers for IoT Edge
manifests while they are edited. Imported only by that command: it needs pygls
(`pip install 'edgelint[lsp]'`)."""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    """`edgelint server`; exit code 2 when pygls is not installed."""
    try:
        from edgelint.lsp.server import main as serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        print("edgelint: error: `edgelint server` needs pygls: pip install 'edgelint[lsp]'", file=sys.stderr)
        return 2
    return serve(argv)
