"""The errors filmlog reports to people, each with the exit code it ends with.

The library raises these; the CLI turns them into one line on stderr and an
exit code (see ``filmlog.cli.app``). Anything else that escapes is a bug.
"""

from __future__ import annotations


class FilmlogError(Exception):
    """A problem the user can fix: exit code 1."""

    exit_code = 1

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Extra lines shown under the message, e.g. the candidates of an
        # ambiguous title.
        self.details = details or []


class BadValue(FilmlogError):
    """A value given on the command line is not acceptable: exit code 2."""

    exit_code = 2


class NotFound(FilmlogError):
    """A named film, entry or list is not in the journal."""


class Ambiguous(FilmlogError):
    """A name matches several things equally well; we never guess."""


class JournalError(FilmlogError):
    """The journal file cannot be used: damaged, foreign, newer, unwritable."""


class Busy(FilmlogError):
    """Another filmlog held the journal for longer than we wait."""


class Stopped(FilmlogError):
    """Interrupted (Ctrl-C) after part of the work was kept: exit code 130."""

    exit_code = 130
