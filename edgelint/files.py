"""Writing files safely: never a half-written file, the mode kept."""

import os
import stat
import tempfile


def write_atomic(path, data):
    """Write `data` (bytes) to `path` through a temporary file in the same folder and a
    rename, so readers see the old or the new content, never a mix. A symlink is written
    through to its target; an existing file keeps its permission bits."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temporary = tempfile.mkstemp(prefix=".edgelint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
