"""The one error hierarchy: every failure a user can cause is an `AllianceKGError`.

Every error class of the package lives here, so a caller can catch by kind (`InputError`: exit
code 2, the user can fix the input; anything else: exit code 1) without knowing which stage
raised it. Messages are for people: they name the file, line, field or term concerned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class _Finding(Protocol):
    message: str


class AllianceKGError(Exception):
    """Base of all user-facing errors; `exit_code` is what the CLI exits with."""

    exit_code: int = 1


class InputError(AllianceKGError):
    """Bad input: a file, entry or value that is not what was expected."""

    exit_code = 2


class AnnotationError(InputError):
    """An annotation file (or graph/identities.yaml) is malformed or inconsistent; the message
    names file and line."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class RdfInputError(InputError):
    """An RDF file that the safe reader (`alliance_kg.rdfread`) refuses: not local, not UTF-8,
    a DOCTYPE, a remote JSON-LD context, a syntax error, an ill-typed literal, no triples…;
    the message names the file and, where known, the line."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class EvidenceNotFoundError(AnnotationError):
    """An evidence quote does not occur in its document."""


class IdentityError(InputError):
    """Two different things would get the same IRI, or one IRI two classes; or a reviewed
    identity decision cannot hold (it names its identities.yaml line)."""


class ValidationError(InputError):
    """The graph does not satisfy the SHACL shapes; `report` holds the findings."""

    def __init__(self, message: str, report: list[str] | None = None) -> None:
        self.report = report or []
        super().__init__(message)


class StoreError(AllianceKGError):
    """The store is missing, locked or unreadable."""


class ProjectError(InputError):
    """The project layout (ontology/, graph/) is not where it was expected."""


class UnknownTermError(InputError):
    """A class or property name that the ontology does not define (the namespace is closed)."""


class AnalysisError(InputError):
    """An analysis was asked something the graph cannot answer (unknown node, bad option)."""


class EntityNotFoundError(InputError):
    """No entity, or more than one, has the given name."""


class InconsistentError(InputError):
    """The data contradicts the ontology; `findings` say which entities and axioms."""

    def __init__(self, findings: Sequence[_Finding], summary: str | None = None) -> None:
        self.findings = list(findings)
        shown = self.findings[:20]
        more = len(self.findings) - len(shown)
        super().__init__(
            (summary or f"the data contradicts the ontology ({len(self.findings)} problem(s))")
            + ":\n  "
            + "\n  ".join(f.message for f in shown)
            + (f"\n  … and {more} more" if more else "")
        )


class ReasonerError(AllianceKGError):
    """HermiT could not run (no Java, or it failed on the input)."""


class ProjectionOptionError(UnknownTermError):
    """A class or property filter names no term of the ontology."""


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


class RemoteError(AllianceKGError):
    """A remote SPARQL endpoint cannot be reached, refuses us, or is not a SPARQL endpoint."""


class QueryViewError(QueryError):
    """A query given to `viz` cannot be drawn (not a SELECT/CONSTRUCT, bad syntax, SERVICE…)."""


class PageTooLargeError(InputError):
    """A view has more nodes than a page draws (``viz --max-nodes``); filter it or raise the cap."""


class DocumentError(InputError):
    """A document cannot be turned into text: missing, empty, binary, not UTF-8, too large,
    encrypted or without a text layer; the message names the file and what was expected."""

    def __init__(self, path: object, message: str) -> None:
        self.path = str(path)
        self.detail = message
        super().__init__(f"{self.path}: {message}")
