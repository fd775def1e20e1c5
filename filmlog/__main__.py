"""`python -m filmlog` and the `filmlog` command: Ctrl-C is answered from the first moment,
even while the command line's modules are still loading."""

import sys


def main() -> None:
    try:
        from filmlog.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted: nothing was saved.\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
