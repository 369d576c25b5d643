"""The one error hierarchy: every failure a user can cause is an `AllianceKGError`."""

from __future__ import annotations


class AllianceKGError(Exception):
    """Base of all user-facing errors; `exit_code` is what the CLI exits with."""

    exit_code: int = 1


class InputError(AllianceKGError):
    """Bad input: a file, entry or value that is not what was expected."""

    exit_code = 2


class AnnotationError(InputError):
    """An annotation file is malformed or inconsistent; the message names file and line."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class EvidenceNotFoundError(AnnotationError):
    """An evidence quote does not occur in its document."""


class IdentityError(InputError):
    """Two different things would get the same IRI, or one IRI two classes."""


class ValidationError(InputError):
    """The graph does not satisfy the SHACL shapes; `report` holds the findings."""

    def __init__(self, message: str, report: list[str] | None = None) -> None:
        self.report = report or []
        super().__init__(message)


class StoreError(AllianceKGError):
    """The store is missing, locked or unreadable."""


class ProjectError(InputError):
    """The project layout (ontology/, graph/) is not where it was expected."""


class QueryError(InputError):
    """A query, saved query or parameter is not usable as given."""


class QuerySyntaxError(QueryError):
    """A query does not parse; the message names the file (if any), line and column."""


class QueryRefusedError(QueryError):
    """An update, SERVICE call or other outbound or writing operation was refused."""


class QueryTimeoutError(AllianceKGError):
    """A query ran past its time limit and was stopped."""


class QueryRuntimeError(AllianceKGError):
    """The query engine failed while evaluating a query."""
