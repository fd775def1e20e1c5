"""`python -m filmlog` and the `filmlog` command: Ctrl-C is answered from the first moment,
even while the command line's modules are still loading."""

import sys


def main() -> None:
    try:
        from filmlog.cli import main as run
    except BaseException as exc:
        if not _interrupted(exc):
            raise
        sys.stderr.write("Interrupted: nothing was saved.\n")
        sys.exit(130)
    run()


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
