"""`python -m filmlog` and the `filmlog` command: Ctrl-C is answered from the first moment,
even while the command line's modules are still loading, and the process ends as soon as
its command has."""

import os
import sys


def main() -> None:
    try:
        from filmlog.cli import main as run
    except BaseException as exc:
        if not _interrupted(exc):
            raise
        sys.stderr.write("Interrupted: nothing was saved.\n")
        sys.exit(130)
    try:
        run()
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            _end(exc.code or 0)
        raise
    _end(0)


def _end(code: int) -> None:
    """End the process with code now that its command is done and has said everything,
    without the interpreter's teardown: that frees every module loaded, object by object,
    some 10 ms of a 60 ms command on a small machine, for nothing the person sees.

    Only when nothing is left for the end of the process: no callback registered to run
    at exit (a temporary folder to remove, a pool to join) and no other thread; and only
    once stdout and stderr are flushed. Otherwise it ends the usual way, as it did."""
    import atexit

    callbacks = getattr(atexit, "_ncallbacks", None)  # (CPython's; elsewhere: the usual way)
    threading = sys.modules.get("threading")
    if callbacks is None or callbacks() or (threading and threading.active_count() > 1):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader gone, a full disk, a closed stream: as before
        return
    os._exit(code)


def _interrupted(exc: BaseException | None) -> bool:
    """Whether Ctrl-C is behind this: Python wraps one that lands while a class is being
    made (a module loading) in a RuntimeError, with the KeyboardInterrupt as its cause."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


if __name__ == "__main__":
    main()
