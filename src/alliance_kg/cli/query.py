"""`alliance-kg query`: saved queries (`list`, `run NAME --param k=v`) and ad-hoc SPARQL.

``alliance-kg query "SELECT …"`` and ``alliance-kg query --file file.rq`` are routed to the
``sparql`` subcommand, so the ad-hoc form and the subcommands share one verb without the query
text being mistaken for a subcommand name (or the other way round).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .common import parse_params, project_of, store_path
from .options import (
    HELP_MARKUP,
    ProjectOption,
    QueryFormat,
    QueryFormatOption,
    QueryRun,
    StoreOption,
    query_run_options,
)
from .output import print_json, print_rows, turtle_safe, write_exact
from .push import EndpointHelp

#: run the query at a remote SPARQL endpoint instead of the local store
EndpointOption = Annotated[str | None, typer.Option("--endpoint", metavar="URL", help=EndpointHelp)]

if TYPE_CHECKING:
    from ..query import QueryResult


class _DefaultToSparql(TyperGroup):
    """A group whose first argument, when it is not a subcommand, is an ad-hoc query."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["sparql", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultToSparql,
    help=(
        "Run SPARQL over the store: `query list`, `query run NAME --param k=v`, "
        '`query "SELECT …"` or `query --file file.rq`.'
    ),
    no_args_is_help=True,
    rich_markup_mode=HELP_MARKUP,
)


@app.command("list")
def list_queries(project: ProjectOption = None, fmt: QueryFormatOption = QueryFormat.table) -> None:
    """List the saved queries: name, title and parameters (with their examples)."""
    from ..query import saved_queries

    queries = saved_queries(project_of(project).queries)
    if fmt is QueryFormat.json:
        print_json(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "path": str(q.path),
                    "parameters": [p.__dict__ for p in q.parameters],
                }
                for q in queries
            ]
        )
        return
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": ", ".join(f"{p.name} ({p.type}, e.g. {p.example})" for p in q.parameters),
        }
        for q in queries
    ]
    print_rows(rows, fmt)


@app.command("run")
@query_run_options()
def run(
    name: Annotated[str, typer.Argument(help="Saved query name (see `query list`) or a .rq path.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", help="NAME=VALUE; entities by label, alias or IRI. Repeatable."
        ),
    ] = None,
    fmt: QueryFormatOption = QueryFormat.table,
    store: StoreOption = None,
    project: ProjectOption = None,
    endpoint: EndpointOption = None,
    *,
    running: QueryRun,
) -> None:
    """Run a saved query with its example values, or with --param values bound (never pasted);
    with --endpoint, at a remote SPARQL endpoint, with the same checks."""
    from ..query import find_saved, run_saved

    proj = project_of(project)
    saved = find_saved(proj.queries, name)
    values = parse_params(param)
    if endpoint is not None:
        from ..remote import run_saved_remote

        remote = run_saved_remote(
            _endpoint(endpoint), saved, values, store=store or proj.store, **running.remote_kwargs()
        )
        print_result(remote, fmt)
        return
    result = run_saved(
        store or proj.store,
        saved,
        values,
        **running.kwargs(),
    )
    print_result(result, fmt)


@app.command("sparql")
@query_run_options()
def sparql(
    text: Annotated[str | None, typer.Argument(help="The SPARQL query text.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the query from a .rq file.")
    ] = None,
    fmt: QueryFormatOption = QueryFormat.table,
    store: StoreOption = None,
    project: ProjectOption = None,
    endpoint: EndpointOption = None,
    *,
    running: QueryRun,
) -> None:
    """Run an ad-hoc read-only query (prefixes ak:, akid:, rdfs:, … are predeclared); with
    --endpoint, at a remote SPARQL endpoint."""
    from ..errors import InputError
    from ..iris import PREFIXES
    from ..query import run_query

    if (text is None) == (file is None):
        raise InputError(
            'give the query text or --file FILE.rq (one of them), e.g. query "SELECT …"'
        )
    source = None
    if file is not None:
        from ..query import read_query_file

        text = read_query_file(file)
        source = str(file)
    assert text is not None
    if endpoint is not None:
        from ..remote import run_remote

        remote = run_remote(
            _endpoint(endpoint), text, **running.remote_kwargs(), source=source, prefixes=PREFIXES
        )
        print_result(remote, fmt)
        return
    result = run_query(
        store_path(store, project),
        text,
        **running.kwargs(),
        source=source,
        prefixes=PREFIXES,
    )
    print_result(result, fmt)


def _endpoint(url: str) -> Any:
    """The remote endpoint at `url`, with the credentials of the environment."""
    import os

    from ..remote import Credentials, Endpoint

    return Endpoint(url, None, Credentials.from_env(os.environ))


def print_result(result: QueryResult, fmt: QueryFormat) -> None:
    """Print a query result in `fmt`: W3C results JSON/CSV/TSV, a table, or Turtle for graphs."""
    from ..errors import InputError
    from ..query import compact

    if result.kind == "graph":
        if fmt is not QueryFormat.table:
            raise InputError(
                f"a CONSTRUCT/DESCRIBE result is a graph and prints as Turtle; drop --format {fmt}"
            )
        typer.echo(turtle_safe(result.serialize("turtle")), nl=False)
        return
    if fmt is not QueryFormat.table:
        write_exact(result.serialize(fmt.value))
        return
    if result.kind == "ask":
        typer.echo("true" if result.boolean else "false")
        return
    rows = [
        {var: compact(row[var]) if var in row else "" for var in result.variables}
        for row in result.solutions()
    ]
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    print_rows(rows, fmt, columns=result.variables, footer=count)
