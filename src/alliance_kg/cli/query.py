"""`alliance-kg query`: saved queries (`list`, `run NAME --param k=v`) and ad-hoc SPARQL.

``alliance-kg query "SELECT …"`` and ``alliance-kg query -f file.rq`` are routed to the
``sparql`` subcommand, so the ad-hoc form and the subcommands share one verb without the query
text being mistaken for a subcommand name (or the other way round).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from .. import query as api
from ..errors import InputError
from ..namespaces import PREFIXES
from .common import ProjectOption, parse_params, project_of


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
        '`query "SELECT …"` or `query -f file.rq`.'
    ),
    no_args_is_help=True,
)


class QueryFormat(StrEnum):
    """How query results are printed (graphs are always Turtle)."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


FormatOpt = Annotated[
    QueryFormat,
    typer.Option(
        "--format",
        help="table, json (W3C SPARQL results JSON), csv or tsv; graphs print as Turtle.",
    ),
]
StoreOpt = Annotated[Path | None, typer.Option("--store", help="Store (default: graph/store).")]
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", help="Stop the query after this many seconds.")
]
AssertedOpt = Annotated[
    bool,
    typer.Option(
        "--asserted-only",
        help="Only the documents' graphs and the ontology (no inferred triples).",
    ),
]
ServiceOpt = Annotated[
    bool,
    typer.Option(
        "--allow-service", help="Permit federated SERVICE calls (they go out to the network)."
    ),
]


@app.command("list")
def list_queries(
    project: ProjectOption = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table, json or csv.")
    ] = QueryFormat.table,
) -> None:
    """List the saved queries: name, title and parameters (with their examples)."""
    queries = api.saved_queries(project_of(project).queries)
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": ", ".join(f"{p.name} ({p.type}, e.g. {p.example})" for p in q.parameters),
        }
        for q in queries
    ]
    if fmt is QueryFormat.json:
        detail = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "path": str(q.path),
                "parameters": [p.__dict__ for p in q.parameters],
            }
            for q in queries
        ]
        typer.echo(json.dumps(detail, indent=2, ensure_ascii=False))
        return
    _print_plain(rows, fmt)


@app.command("run")
def run(
    name: Annotated[str, typer.Argument(help="Saved query name (see `query list`) or a .rq path.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", help="NAME=VALUE; entities by label, alias or IRI. Repeatable."
        ),
    ] = None,
    fmt: FormatOpt = QueryFormat.table,
    store: StoreOpt = None,
    timeout: TimeoutOpt = api.DEFAULT_TIMEOUT,
    asserted_only: AssertedOpt = False,
    allow_service: ServiceOpt = False,
    project: ProjectOption = None,
) -> None:
    """Run a saved query with its example values, or with --param values bound (never pasted)."""
    proj = project_of(project)
    saved = api.find_saved(proj.queries, name)
    values = parse_params(param)
    result = api.run_saved(
        store or proj.store,
        saved,
        values,
        asserted_only=asserted_only,
        timeout=timeout,
        allow_service=allow_service,
    )
    print_result(result, fmt)


@app.command("sparql")
def sparql(
    text: Annotated[str | None, typer.Argument(help="The SPARQL query text.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")
    ] = None,
    fmt: FormatOpt = QueryFormat.table,
    store: StoreOpt = None,
    timeout: TimeoutOpt = api.DEFAULT_TIMEOUT,
    asserted_only: AssertedOpt = False,
    allow_service: ServiceOpt = False,
    project: ProjectOption = None,
) -> None:
    """Run an ad-hoc read-only query (prefixes ak:, akid:, rdfs:, … are predeclared)."""
    if (text is None) == (file is None):
        raise InputError('give the query text or -f FILE.rq (one of them), e.g. query "SELECT …"')
    source = None
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{file}: cannot read the query: {exc.strerror}") from None
        source = str(file)
    assert text is not None
    result = api.run_query(
        store or project_of(project).store,
        text,
        asserted_only=asserted_only,
        timeout=timeout,
        allow_service=allow_service,
        source=source,
        prefixes=PREFIXES,
    )
    print_result(result, fmt)


def print_result(result: api.QueryResult, fmt: QueryFormat) -> None:
    """Print a query result in `fmt` (Turtle for graphs)."""
    if result.kind == "graph":
        if fmt not in (QueryFormat.table,):
            raise InputError(
                f"a CONSTRUCT/DESCRIBE result is a graph and prints as Turtle; drop --format {fmt}"
            )
        typer.echo(result.serialize("turtle"), nl=False)
        return
    if fmt is not QueryFormat.table:
        typer.echo(result.serialize(fmt.value), nl=False)
        return
    if result.kind == "ask":
        typer.echo("true" if result.boolean else "false")
        return
    rows = [{k: api.compact(v) for k, v in row.items()} for row in result.solutions()]
    table = Table(show_lines=False)
    needed = 1
    for var in result.variables:
        widest = max((len(row.get(var, "")) for row in rows), default=0)
        # short values (numbers, codes) stay whole; long ones fold
        table.add_column(var, overflow="fold", min_width=min(max(widest, len(var)), 24))
        needed += min(max(widest, len(var)), 24) + 3
    for row in rows:
        table.add_row(*(row.get(v, "") for v in result.variables))
    console = Console(highlight=False)
    if needed > console.width:  # wider than the terminal: never crop a value
        console = Console(highlight=False, width=needed)
    console.print(table)
    typer.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def _print_plain(rows: list[dict[str, Any]], fmt: QueryFormat) -> None:
    import csv
    import io

    if fmt in (QueryFormat.csv, QueryFormat.tsv):
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf,
            fieldnames=list(rows[0]) if rows else [],
            delimiter="," if fmt is QueryFormat.csv else "\t",
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
        return
    table = Table()
    for col in rows[0] if rows else []:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row.values())
    Console(highlight=False).print(table)
