"""filmlog: a personal film journal for the terminal."""

__version__ = "0.1.0"
