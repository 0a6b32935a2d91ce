"""Interruptions: SIGTERM ends a run the way Ctrl-C does (KeyboardInterrupt unwinds the stack,
so temporary files are removed), and the few steps that must not be cut in half, such as
replacing a file, hold both signals back until they are done.

Python runs signal handlers in the main thread only, and lets only that thread install
them: in any other thread these context managers do nothing, and need not.
"""

from __future__ import annotations

import os
import signal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any, Literal

    Handler = Callable[[int, FrameType | None], Any] | int | None

_HELD = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt."""

    signum = signal.SIGTERM


class terminate_as_interrupt:
    """While active, SIGTERM raises Terminated."""

    previous: dict[int, Handler]

    def __enter__(self) -> terminate_as_interrupt:
        self.previous = _install({signal.SIGTERM: _raise_terminated})
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        _restore(self.previous)
        return False


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


class held:
    """SIGINT and SIGTERM that arrive inside the block take effect when it ends."""

    received: list[int]
    previous: dict[int, Handler]

    def __enter__(self) -> held:
        self.received = []
        self.previous = _install({signum: self._record for signum in _HELD})
        return self

    def _record(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)

    def __exit__(self, *exc_info: object) -> Literal[False]:
        _restore(self.previous)
        # Every signal that came, in order: in a worker, Ctrl-C (ignored there) may come
        # just before the SIGTERM that ends it, and the SIGTERM must not be lost.
        for signum in dict.fromkeys(self.received):
            handler = self.previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler in (signal.SIG_DFL, None):
                os.kill(os.getpid(), signum)
        return False


def _install(handlers: dict[signal.Signals, Handler]) -> dict[int, Handler]:
    """Install `handlers` (signal number → handler); the ones they replace, or {} outside
    the main thread."""
    previous: dict[int, Handler] = {}
    try:
        for signum, handler in handlers.items():
            previous[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread
        _restore(previous)
        return {}
    return previous


def _restore(previous: dict[int, Handler]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def start_worker() -> None:
    """In a worker process of a parallel run: Ctrl-C is left to the parent, which then ends
    the pool; SIGTERM, how the pool ends its workers, ends a worker at once, as it would
    without edgelint's handlers (an exception raised inside the pool's own queues and locks
    could hang it), except while `held()` defers it, so a file being replaced is finished."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
