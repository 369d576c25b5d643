"""`alliance-kg viz`: the graph (or a path, focus or query of it) as one offline HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..defaults import DEFAULT_TIMEOUT, MAX_PAGE_NODES
from .common import check_inferred, parse_params, project_of
from .options import (
    FormatOption,
    OutputFormat,
    ProjectOption,
    StoreOption,
    TimeoutOption,
    output_file,
    projection_filters,
)
from .output import print_rows

if TYPE_CHECKING:
    from ..analyse.projection import ProjectionOptions
    from ..visualise import ViewSpec


def _title(spec: ViewSpec, query: str | None, query_file: Path | None) -> str:
    """The page title: what is drawn."""
    parts = []
    if spec.focus:
        parts.append(f"around {spec.focus} (depth {spec.depth})")
    if spec.path:
        parts.append(f"paths {spec.path[0]} → {spec.path[1]}")
    if query or query_file:
        parts.append(f"query {query or Path(query_file).name}")  # type: ignore[arg-type]
    return f"alliance-kg: {', '.join(parts)}" if parts else "alliance-kg"


def _check_query_options(query: str | None, query_file: Path | None, param: list | None) -> None:
    from ..errors import InputError

    if query is not None and query_file is not None:
        raise InputError("give --query or --query-file, not both")
    if param and query is None:
        raise InputError("--param goes with --query NAME")


@projection_filters()
def viz(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="The HTML file to write.", callback=output_file),
    ],
    path: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Highlight the paths between two entities (names or aliases)."),
    ] = None,
    max_length: Annotated[int, typer.Option(help="Longest path drawn, in steps.")] = 3,
    focus: Annotated[
        str | None, typer.Option(help="Draw only this entity's neighbourhood.")
    ] = None,
    depth: Annotated[int, typer.Option(help="Neighbourhood radius for --focus.")] = 1,
    query: Annotated[
        str | None, typer.Option(help="Draw what a saved query returns (by name).")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for --query's parameters; repeatable."),
    ] = None,
    query_file: Annotated[
        Path | None,
        typer.Option(help="Draw what a SPARQL SELECT or CONSTRUCT in this file returns."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    max_nodes: Annotated[
        int,
        typer.Option(help="Refuse to draw more nodes than this (0: no cap); filter instead."),
    ] = MAX_PAGE_NODES,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    store: StoreOption = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
    *,
    projection: ProjectionOptions,
) -> None:
    """Write an interactive page: legend, class/nation filters, search, evidence on hover."""
    from ..query import find_saved
    from ..store import open_store
    from ..visualise import ViewSpec, VizOptions, build_view, write_html
    from ..visualise.view import read_query_file

    proj = project_of(project)
    _check_query_options(query, query_file, param)
    spec = ViewSpec(
        path=path,
        max_path_length=max_length,
        focus=focus,
        depth=depth,
        query=read_query_file(query_file) if query_file is not None else None,
        saved_query=find_saved(proj.queries, query) if query is not None else None,
        query_params=tuple(parse_params(param).items()),
        query_source=str(query_file) if query_file is not None else None,
        query_timeout=timeout,
        projection=projection,
        max_nodes=max_nodes or None,
    )
    with open_store(store or proj.store) as s:
        check_inferred(s, projection)
        view = build_view(s, spec)
    options = VizOptions(title=title or _title(spec, query, query_file), focus=view.focus)
    write_html(view.graph, out, highlight_paths=view.paths, sizes=view.sizes, options=options)
    nodes, edges = view.graph.number_of_nodes(), view.graph.number_of_edges()
    row = {"file": str(out), "nodes": nodes, "edges": edges, "paths": len(view.paths)}
    print_rows([row], fmt, title="page written")
