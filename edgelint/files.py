"""Writing files safely: never a half-written file, the mode kept."""

import os
import stat
import tempfile


class AtomicFile:
    """A binary file that replaces `path` only when the `with` block succeeds: it is
    written to a temporary file in the same folder and renamed over the target, so readers
    see the old or the new content, never a mix. A symlink is written through to its
    target; an existing file keeps its permission bits, a new one gets the umask's."""

    def __init__(self, path):
        self.target = os.path.realpath(path)
        directory = os.path.dirname(self.target) or "."
        try:
            self.mode = stat.S_IMODE(os.stat(self.target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            self.mode = 0o666 & ~umask
        fd, self.temporary = tempfile.mkstemp(prefix=".edgelint-", suffix=".tmp", dir=directory)
        self.handle = os.fdopen(fd, "wb")

    def __enter__(self):
        return self.handle

    def __exit__(self, kind, error, traceback):
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            if kind is None:
                os.chmod(self.temporary, self.mode)
                os.replace(self.temporary, self.target)
        finally:
            if os.path.exists(self.temporary):
                os.unlink(self.temporary)
        return False


def write_atomic(path, data):
    """Write `data` (bytes) to `path` atomically (see AtomicFile)."""
    with AtomicFile(path) as handle:
        handle.write(data)
