"""One error type per stage; each says where (file:line) and which field."""
from __future__ import annotations

from refsvc.model import Source


class RefsvcError(Exception):
    """Bad input, located: `refs/x.bib:41: year: 'n.d.' is not a year`."""

    def __init__(self, message: str, *, source: Source | None = None, field: str | None = None):
        super().__init__(message)
        self.source, self.field = source, field

    def __str__(self) -> str:
        where = f"{self.source.file}:{self.source.line}: " if self.source else ""
        return f"{where}{self.detail}"

    @property
    def detail(self) -> str:
        """The message without its place: `year: 'n.d.' is not a year`."""
        return f"{self.field}: {self.args[0]}" if self.field else str(self.args[0])


class ManifestError(RefsvcError): ...


class ExtractError(RefsvcError): ...


class ParseError(RefsvcError): ...


class NormaliseError(RefsvcError): ...


class DedupeError(RefsvcError): ...


class LinkError(RefsvcError): ...


class StoreError(RefsvcError): ...


class LibraryUnavailable(StoreError):
    """There is no built library at the configured path, or it is not one this version reads."""


class InputError(RefsvcError):
    """Text given directly (a request body, standard input) that cannot be read; the message says why."""


class MediaTypeError(InputError):
    """Text sent in a form the service does not read."""


class QuerySyntaxError(RefsvcError):
    """A search the user can correct; the message says how."""
