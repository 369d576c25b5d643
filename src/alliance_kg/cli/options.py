"""The options the verbs share, each declared once: store, project, output format, filters.

The projection filters (``--class``, ``--exclude-class``, ``--nation``, ``--property``,
``--nary``, ``--inferred``) are added to a command by `projection_filters`, which hands the
command one `ProjectionOptions`; every ``analyse`` verb and ``viz`` take the same filters.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..defaults import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from ..analyse.projection import ProjectionOptions

F = TypeVar("F", bound=Callable[..., Any])

#: help and usage errors in click's plain layout: typer's rich layout imports rich, markdown-it
#: and more, about 0.3 s of CPU, which would double the time ``alliance-kg --help`` takes
HELP_MARKUP = None


class OutputFormat(StrEnum):
    """How a command prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


class QueryFormat(StrEnum):
    """How query results are printed (graphs are always Turtle)."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class Nary(StrEnum):
    """How investments, commitments and agreements are projected."""

    nodes = "nodes"
    edges = "edges"


StoreOption = Annotated[
    Path | None,
    typer.Option("--store", metavar="DIR", help="Store (default: the project's graph/store)."),
]
ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        metavar="DIR",
        help="Project folder (default: the one containing the working folder).",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
#: every command that builds (build, add, remove) can skip HermiT the same way
NoReasonOption = Annotated[
    bool,
    typer.Option(
        "--no-reason",
        help="Skip the HermiT consistency check (the inference rules and the direct "
        "disjointness check still run).",
    ),
]
QueryFormatOption = Annotated[
    QueryFormat,
    typer.Option(
        "--format",
        "-f",
        help="table, json (W3C SPARQL results JSON), csv or tsv; graphs print as Turtle.",
    ),
]

# -- the projection filters ----------------------------------------------------------------

ClassOption = Annotated[
    list[str] | None,
    typer.Option(
        "--class", metavar="CLASS", help="Keep only this class and its subclasses (repeatable)."
    ),
]
ExcludeClassOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-class",
        metavar="CLASS",
        help="Leave out this class and its subclasses (repeatable).",
    ),
]
NationOption = Annotated[
    list[str] | None,
    typer.Option(
        "--nation",
        metavar="NATION",
        help="Keep only entities of this nation (label or IRI; repeatable).",
    ),
]
PropertyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--property", metavar="PROPERTY", help="Keep only relations of this property (repeatable)."
    ),
]
NaryOption = Annotated[
    Nary,
    typer.Option(
        "--nary", help="Investments, commitments, agreements as nodes or collapsed into edges."
    ),
]
InferredOption = Annotated[
    bool,
    typer.Option(
        "--inferred", help="Add relations from the inferred graph (viz draws them dashed)."
    ),
]

#: parameter name → (annotation, default), in --help order
FILTERS: dict[str, tuple[Any, Any]] = {
    "filter_class": (ClassOption, None),
    "filter_exclude_class": (ExcludeClassOption, None),
    "filter_nation": (NationOption, None),
    "filter_property": (PropertyOption, None),
    "filter_nary": (NaryOption, Nary.nodes),
    "filter_inferred": (InferredOption, False),
}
#: the filters go before these in --help
_SHARED = ("store", "project", "fmt")


def projection_options(
    filter_class: list[str] | None = None,
    filter_exclude_class: list[str] | None = None,
    filter_nation: list[str] | None = None,
    filter_property: list[str] | None = None,
    filter_nary: Nary = Nary.nodes,
    filter_inferred: bool = False,
) -> ProjectionOptions:
    """The filters as given on the command line → `ProjectionOptions`."""
    from ..analyse.projection import ProjectionOptions

    return ProjectionOptions(
        nary=filter_nary.value,  # type: ignore[arg-type]
        include_classes=frozenset(filter_class) if filter_class else None,
        exclude_classes=frozenset(filter_exclude_class or ()),
        nations=frozenset(filter_nation) if filter_nation else None,
        include_properties=frozenset(filter_property) if filter_property else None,
        inferred=filter_inferred,
    )


def _resolved(func: Callable[..., Any], param: inspect.Parameter) -> inspect.Parameter:
    """`param` with its annotation evaluated (the modules use ``from __future__ import …``)."""
    if isinstance(param.annotation, str):
        return param.replace(annotation=eval(param.annotation, func.__globals__))
    return param


def grouped(
    options: dict[str, tuple[Any, Any]], into: str, make: Callable[..., Any]
) -> Callable[[F], F]:
    """Add a group of options to a command, which receives them as one object.

    The command declares ``<into>: SomeType`` (keyword-only, last); the wrapper's signature has
    the `options` (name → (annotation, default)) instead, which typer reads (``__signature__``
    and ``__annotations__`` hold real objects), and calls the command with
    ``<into>=make(**those options)``. So a block of options is declared once for every command.
    """

    def decorate(func: F) -> F:
        own = inspect.signature(func).parameters.values()
        params = [_resolved(func, p) for p in own if p.name != into]
        at = next((i for i, p in enumerate(params) if p.name in _SHARED), len(params))
        params[at:at] = [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
            for n, (a, d) in options.items()
        ]
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            chosen = {n: kwargs.pop(n) for n in options}
            return func(**kwargs, **{into: make(**chosen)})

        wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        return wrapper  # type: ignore[return-value]

    return decorate


def projection_filters(*, properties: bool = True, nary: bool = True) -> Callable[[F], F]:
    """Add the projection filters to a command, which receives them as ``projection``.

    Without `properties` / `nary` the command has no ``--property`` / ``--nary`` option, so
    typer refuses them.
    """
    names = filter_names(properties=properties, nary=nary)
    return grouped({n: FILTERS[n] for n in names}, "projection", projection_options)


def filter_names(*, properties: bool = True, nary: bool = True) -> list[str]:
    """The filter parameters a command takes (``money`` has no --property or --nary)."""
    return [
        n
        for n in FILTERS
        if (properties or n != "filter_property") and (nary or n != "filter_nary")
    ]


# -- how a query runs ----------------------------------------------------------------------

TimeoutOption = Annotated[
    float, typer.Option("--timeout", help="Stop the query after this many seconds.")
]
AssertedOption = Annotated[
    bool,
    typer.Option(
        "--asserted-only",
        help="Only the documents' graphs and the ontology (no inferred triples).",
    ),
]
MaxRowsOption = Annotated[
    int | None,
    typer.Option(
        "--max-rows",
        min=1,
        help="Stop the query past this many rows (default: [limits] max_rows, 1,000,000).",
    ),
]
ServiceOption = Annotated[
    bool,
    typer.Option(
        "--allow-service", help="Permit federated SERVICE calls (they go out to the network)."
    ),
]


@dataclass(frozen=True)
class QueryRun:
    """How a query runs: time limit, graphs seen, whether SERVICE may go out."""

    timeout: float = DEFAULT_TIMEOUT
    asserted_only: bool = False
    allow_service: bool = False
    max_rows: int | None = None

    def kwargs(self) -> dict[str, Any]:
        """As keyword arguments of `run_query` / `run_saved`."""
        return asdict(self)

    def remote_kwargs(self) -> dict[str, Any]:
        """As keyword arguments of `run_remote` (a remote endpoint sets its own row limit)."""
        return {k: v for k, v in asdict(self).items() if k != "max_rows"}


def query_run_options() -> Callable[[F], F]:
    """Add --timeout, --asserted-only, --allow-service and --max-rows; the command receives
    ``running``."""
    return grouped(
        {
            "timeout": (TimeoutOption, DEFAULT_TIMEOUT),
            "asserted_only": (AssertedOption, False),
            "allow_service": (ServiceOption, False),
            "max_rows": (MaxRowsOption, None),
        },
        "running",
        QueryRun,
    )


def output_file(value: Path | None) -> Path | None:
    """Callback for options naming an output file: refused early if it cannot be one."""
    from ..files import check_output

    return None if value is None or str(value) == "-" else check_output(value)


def output_folder(value: Path | None) -> Path | None:
    """Callback for options naming an output folder: refused early if it cannot be one."""
    from ..files import check_output

    return None if value is None else check_output(value, folder=True)
