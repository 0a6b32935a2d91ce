"""Linting many files: one process for a few files, a pool of processes for many.

Results come back in the order of the targets whatever the number of processes, so the
output of a parallel run is identical to a serial one. Each result keeps only what the
reports need (findings, and the text of files that have findings), so memory stays bounded
however many files a run covers.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from multiprocessing.pool import Pool

    from edgelint.discover import Target
    from edgelint.engine import FileResult
    from edgelint.errors import LintError
    from edgelint.session import FileSettings, Options, Session

# Below this many files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 24
MAX_JOBS = 8
MAX_CHUNK = 32


def lint_target(session: Session, target: Target, data: bytes | None = None) -> FileResult | LintError:
    """Read (unless `data` is given), lint and post-process one target.
    Returns a FileResult, or a LintError when the file cannot be read or linting it hit an
    internal error."""
    import gc

    # A file's node tree is a web of parent links that lives until the file is done: the
    # cycle collector would walk it again and again while it is built and read. Its cycles
    # are collected once, after the file, so memory stays bounded across a batch.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_target(session, target, data)
    finally:
        if enabled:
            gc.enable()


def _lint_target(session: Session, target: Target, data: bytes | None) -> FileResult | LintError:
    from edgelint.errors import LintError, describe

    path = target.settings_path
    try:
        settings = session.settings_for(path)
        limit = settings.max_file_size
        if data is None:
            if target.path is None:
                raise ValueError("standard input is read by the caller")
            try:
                data, size = _read(target.path, limit)
            except OSError as exc:
                return LintError(target.display, f"cannot read: {exc.strerror or exc}")
        else:
            size = len(data)
        if size is None or size > limit:
            result = _oversized(session, target, settings, data, size)
        elif session.options.fix_mode:
            from edgelint.fixes.run import fix_target

            result = fix_target(session, target, data, session.options.fix_mode)
        else:
            from edgelint.engine import lint_bytes

            result = session.postprocess(
                lint_bytes(target.display, data, settings.rules, device=settings.device, env=settings.env), path
            )
    except Exception as exc:  # an internal error in one file must not stop the others
        return LintError(target.display, f"internal error: {describe(exc)}")
    result.document = result.substitution = None  # the reports need neither
    # A fix's plan holds the file's node tree: each is compiled now (and one that fails is
    # among this file's errors), or dropped when no report shows fixes, so that the tree
    # goes with the file.
    for finding in result.findings:
        if session.reads_fixes:
            finding.fix  # noqa: B018
        else:
            finding.fix = None
    if not result.findings or not session.reads_sources:
        result.source = None
    return result


# Of a file over the size limit only this much is read, to tell whether it is a manifest.
HEAD_SIZE = 64 * 1024


def _read(path: str, limit: int) -> tuple[bytes, int | None]:
    """(data, size) of a file: all of it if at most `limit` bytes, else its head. `size` is
    None for a stream (a pipe, a device) that goes on past the limit."""
    import stat

    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return handle.read(HEAD_SIZE), info.st_size
        data = handle.read(limit + 1)  # a file that grew meanwhile, or a stream, stops here
    return data, (None if len(data) > limit else len(data))


def _oversized(session: Session, target: Target, settings: FileSettings, data: bytes, size: int | None) -> FileResult:
    from edgelint.engine import lint_oversized

    result = lint_oversized(target.display, data[:HEAD_SIZE], size, settings.max_file_size, settings.rules)
    result = session.postprocess(result, target.settings_path)
    if session.options.fix_mode:
        from edgelint.fixes.run import FIX, FixSummary

        # fixed standard input goes to standard output: a file too large to fix goes there unchanged
        result.fixes = FixSummary(output=data if target.path is None and session.options.fix_mode == FIX else None)
    return result


def job_count(requested: int | None, files: int) -> int:
    """Processes to use: `requested` if given (> 0), else one per core for large batches."""
    if requested and requested > 0:
        return min(requested, max(files, 1))
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_JOBS, files // PARALLEL_MIN_FILES))


def lint_targets(session: Session, targets: Sequence[Target], jobs: int | None = 0) -> Iterator[FileResult | LintError]:
    """Yield a FileResult or LintError per target, in order. Standard input is read and
    linted here; files may go to worker processes."""
    files = [target for target in targets if target.path is not None]
    count = job_count(jobs, len(files))
    if count <= 1:
        yield from _lint_serially(session, targets)
        return
    pool = _pool(session, count)
    try:
        # each chunk travels back as one message, so its size bounds memory; four chunks per
        # process at least keep the processes busy until the end (fewer, larger messages
        # measured faster than more, smaller ones)
        chunk = max(1, min(MAX_CHUNK, len(files) // (count * 4)))
        outcomes = pool.imap(_work, files, chunksize=chunk)
        for target in targets:
            if target.path is None:
                yield lint_target(session, target, sys.stdin.buffer.read())
                continue
            outcome = next(outcomes)
            hits = getattr(outcome, "suppression_hits", None)
            if hits:
                session.record_suppression_hits(hits)
            yield outcome
    finally:
        pool.terminate()


def _lint_serially(session: Session, targets: Sequence[Target]) -> Iterator[FileResult | LintError]:
    import gc

    # The command line runs with the cycle collector off (edgelint.cli.run). It is on here
    # between files, so that each file's tree is collected as in any process, and stays off
    # for the last file: nothing after it needs the memory.
    collecting = gc.isenabled()
    last = len(targets) - 1
    try:
        for index, target in enumerate(targets):
            if not collecting:
                (gc.enable if index < last else gc.disable)()
            yield lint_target(session, target, sys.stdin.buffer.read() if target.path is None else None)
    finally:
        if not collecting:
            gc.disable()


def _pool(session: Session, count: int) -> Pool:
    import gc
    import multiprocessing

    global _WORKER_SESSION
    if sys.platform.startswith("linux"):
        # fork: the workers start with what this process has already loaded (the rules, the
        # engine, the settings found while walking the paths), so they import and read
        # nothing again; frozen objects are not visited by a worker's cycle collector, which
        # would copy the pages they share
        from edgelint import engine  # noqa: F401
        from edgelint.source import json_spans  # noqa: F401

        _WORKER_SESSION = session
        gc.freeze()
        return multiprocessing.get_context("fork").Pool(count, initializer=_start_worker)
    return multiprocessing.get_context("spawn").Pool(count, initializer=_start_worker, initargs=(session.options,))


_WORKER_SESSION: Session | None = None


def _start_worker(options: Options | None = None) -> None:
    global _WORKER_SESSION
    import gc

    from edgelint.signals import start_worker

    start_worker()
    # a forked worker inherits the command line's collector setting: turned back on, it
    # collects each file's tree once the file is done (see lint_target)
    gc.enable()
    if options is not None:  # spawned: nothing is inherited
        from edgelint.session import Session

        _WORKER_SESSION = Session(options)


def _work(target: Target) -> FileResult | LintError:
    if _WORKER_SESSION is None:
        raise RuntimeError("not a worker process")
    return lint_target(_WORKER_SESSION, target)
