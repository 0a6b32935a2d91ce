"""Writing files safely: never a half-written file, the mode and owner kept, read-only files
and symlinks respected."""

from __future__ import annotations

import errno
import os
import stat
import tempfile

from edgelint.signals import held

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import BinaryIO, Literal

TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".edgelint-", ".tmp"


class AtomicFile:
    """A binary file that replaces `path` only when the `with` block succeeds (or `commit()`
    is called): it is written to a temporary file in the same folder and renamed over the
    target, so readers see the old or the new content, never a mix. A symlink is written
    through to its target, never replaced by a plain file; an existing file keeps its
    permission bits and, where the user may set them, its owner and group; a read-only
    file is refused (OSError EACCES) and left as it is. Creating and committing the
    temporary file hold back SIGINT and SIGTERM, so an interruption leaves no temporary
    file behind."""

    target: str
    info: os.stat_result | None
    temporary: str
    handle: BinaryIO

    def __init__(self, path: str) -> None:
        self.target = os.path.realpath(path)
        directory = os.path.dirname(self.target) or "."
        try:
            info = os.stat(self.target)
        except FileNotFoundError:
            info = None
        if info is not None:
            _check_writable(self.target, info, path)
        self.info = info
        with held():
            try:
                fd, self.temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=directory)
            except PermissionError:
                raise PermissionError(errno.EACCES, "the folder is not writable", directory) from None
            self.handle = os.fdopen(fd, "wb")

    def __enter__(self) -> BinaryIO:
        return self.handle

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> Literal[False]:
        if kind is None:
            self.commit()
        else:
            self.discard()
        return False

    def commit(self) -> None:
        """Write the temporary file to disk and put it in the target's place."""
        with held():
            try:
                self.handle.flush()
                os.fsync(self.handle.fileno())
                self.handle.close()
                _copy_owner_and_mode(self.temporary, self.info)
                os.replace(self.temporary, self.target)
            finally:
                self._remove_temporary()

    def discard(self) -> None:
        """Leave the target as it is."""
        with held():
            self._remove_temporary()

    def _remove_temporary(self) -> None:
        self.handle.close()
        if os.path.lexists(self.temporary):
            os.unlink(self.temporary)


def write_atomic(path: str, data: bytes) -> None:
    """Write `data` (bytes) to `path` atomically (see AtomicFile), uninterrupted: a signal
    that arrives meanwhile takes effect once the file is old or new."""
    with held(), AtomicFile(path) as handle:
        handle.write(data)


def changed_since(path: str, data: bytes) -> bool:
    """True if the file at `path` no longer holds `data` (someone edited it meanwhile)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) != data
    except OSError:
        return True


def _check_writable(target: str, info: os.stat_result, path: str) -> None:
    """By permission bits, not only by privilege: root may replace any file, but a file
    without write bits was made read-only on purpose."""
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)


def _copy_owner_and_mode(temporary: str, info: os.stat_result | None) -> None:
    if info is None:  # a new file: the permissions a plain open() would give it
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    if hasattr(os, "chown"):
        try:
            os.chown(temporary, info.st_uid, info.st_gid)
        except OSError:  # not allowed to give the file away: it becomes the writer's
            pass
    os.chmod(temporary, stat.S_IMODE(info.st_mode))
