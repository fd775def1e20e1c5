"""What a source of history is to filmlog: one object, registered once (imports/__init__).

A source carries its name (the word after `filmlog import`), how the command
names and explains what it is given, the options it takes, how it reads what
it is given into the session's verbs, when two of its viewings are the same
one (its Same rule), how a summary names an import of it, and how to tell its
files from others' (so that a file given to the wrong command says which
command it belongs to). The CLI, the help, the summaries and `import list`
read all of it from here, and `filmlog config` its settings: a new source is a
new module and one line in the registry (imports/registry.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from filmlog.imports.engine.viewings import Same
from filmlog.imports.reading.archive import ImportRefused
from filmlog.journal import config
from filmlog.journal.config import Setting

if TYPE_CHECKING:
    from filmlog.imports.engine.session import ImportSession


class Option(NamedTuple):
    """An option of an import command beyond --dry-run and --format."""

    name: str  # the keyword the source reads it by: date_order
    flags: tuple[str, ...]  # ("--date-order",)
    help: str
    choices: tuple[str, ...] = ()
    type: type = str
    default: Any = None
    multiple: bool = False  # may be given more than once (a list)


DATE_ORDER = Option(
    "date_order",
    ("--date-order",),
    "How the file writes its dates, when they could be read two ways: dmy, mdy or ymd.",
    choices=("dmy", "mdy", "ymd"),
)


class Choose(ImportRefused):
    """The import needs the person to choose (a profile of several): a terminal asks and
    runs it again with the option set; otherwise this is the one-line refusal."""

    def __init__(self, option: str, choices: list[str], message: str) -> None:
        super().__init__("", message)
        self.option = option
        self.choices = choices


class Secret(ImportRefused):
    """The import needs a secret typed (a password, to sign in): a terminal asks for it,
    hidden, and runs the import again with it; otherwise this is the refusal."""

    def __init__(self, option: str, prompt: str, message: str) -> None:
        super().__init__("", message)
        self.option = option
        self.prompt = prompt


class Identified(NamedTuple):
    """What TMDb says a title a source gave without a year is (for --lookup): a film, with
    its facts when one film is meant, or a series."""

    series: bool
    year: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    original_title: str | None = None
    runtime: int | None = None
    directors: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()


# Looks titles up (all at once: the lookups run in parallel); a title TMDb does not know
# is left out of the answer.
Lookup = Callable[[list[str]], dict[str, Identified]]


class Given(NamedTuple):
    """What the person gave the import: a path (or a name, an address) and the options."""

    where: str
    options: Mapping[str, Any] = MappingProxyType({})
    dry_run: bool = False  # nothing will be kept: a source may say more of what it would do
    lookup: Lookup | None = None  # --lookup, with a TMDb token

    @property
    def path(self) -> Path:
        return Path(self.where).expanduser()

    def option(self, name: str) -> Any:
        return self.options.get(name)


class Source:
    """A source of history: its command, how it reads, and how it is set up.

    (A plain class: a dataclass of this many fields costs the import's start-up over half
    a millisecond to make, for the one instance it needs.)"""

    def __init__(
        self,
        *,
        name: str,  # filmlog import NAME
        read: Callable[[ImportSession, Given], None],
        help: str,  # the command's help: its first line, more, and an example
        argument: str | None = "PATH",  # None: no argument; configured() says what to read
        argument_help: str = "The export: a .zip, a folder or a file.",
        title: str = "{name} export {path}",  # how a summary names an import: "Imported …"
        same: Same = Same.DAY,
        exact_years: bool = False,  # a film of another year is always another film
        options: tuple[Option, ...] = (),
        # Whether a file is one of this source's, by the keys of its columns (or its first
        # bytes, for a file that is no table): for telling a file given to the wrong
        # command which command to use.
        recognizes: Callable[[set[str], bytes], bool] | None = None,
        describes: str = "",  # "IMDb's ratings export", in such a hint
        # What to read when the command is given no argument, and what `filmlog sync`
        # reads: from the options and the settings (a member's name, a server's address);
        # None when the source is not set up.
        configured: Callable[[dict[str, Any]], str | None] | None = None,
        synced_as: str = "{path}",  # how `sync`'s line names what it read: "Jellyfin at nas"
        set_up_by: str = "",  # how to set it up for sync: `filmlog config set {set_up_by}`
        platform: str | None = None,  # what its viewings were watched on: "Netflix", "Plex"
        # The settings it reads (its server, user, token), each named after it: `filmlog
        # config` lists, checks and keeps them, and `sync` knows it is set up, from these.
        settings: tuple[Setting, ...] = (),
    ) -> None:
        for setting in settings:
            if not setting.name.startswith(f"{name.split('-')[0]}-"):
                raise ValueError(f"{setting.name}: a source's settings are named after it")
        config.declare(settings)
        self.name = name
        self.read = read
        self.help = help
        self.argument = argument
        self.argument_help = argument_help
        self.title = title
        self.same = same
        self.exact_years = exact_years
        self.options = options
        self.recognizes = recognizes
        self.describes = describes
        self.configured = configured
        self.synced_as = synced_as
        self.set_up_by = set_up_by
        self.platform = platform
        self.settings = settings

    def summary_title(self, path: str) -> str:
        return self.title.format(name=self.name, path=path)


def which(sources: Iterable[Source], columns: set[str], head: bytes) -> Source | None:
    """The source whose files look like this one, if one does."""
    for source in sources:
        if source.recognizes is not None and source.recognizes(columns, head):
            return source
    return None
