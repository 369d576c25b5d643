"""`alliance-kg viz`: the graph (or a path, focus or query of it) as one offline HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..query import find_saved
from ..store import open_store
from ..visualise import ViewSpec, VizOptions, build_view, write_html
from ..visualise.view import read_query_file
from .common import (
    FormatOption,
    OutputFormat,
    ProjectOption,
    parse_params,
    print_rows,
    project_of,
)


def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    path: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Highlight the paths between two entities (names or aliases)."),
    ] = None,
    max_length: Annotated[int, typer.Option(help="Longest path drawn, in steps.")] = 3,
    focus: Annotated[
        str | None, typer.Option(help="Draw only this entity's neighbourhood.")
    ] = None,
    depth: Annotated[int, typer.Option(help="Neighbourhood radius for --focus.")] = 1,
    inferred: Annotated[bool, typer.Option(help="Include inferred edges (drawn dashed).")] = False,
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
    classes: Annotated[
        list[str] | None,
        typer.Option("--class", help="Keep only this class (and subclasses); repeatable."),
    ] = None,
    nations: Annotated[
        list[str] | None,
        typer.Option("--nation", help="Keep only entities of this nation; repeatable."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    store: Annotated[Path | None, typer.Option(help="Store (default: graph/store).")] = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write an interactive page: legend, class/nation filters, search, evidence on hover."""
    proj = project_of(project)
    if query is not None and query_file is not None:
        raise InputError("give --query or --query-file, not both")
    if param and query is None:
        raise InputError("--param goes with --query NAME")
    text = read_query_file(query_file) if query_file is not None else None
    saved = find_saved(proj.queries, query) if query is not None else None
    spec = ViewSpec(
        path=path,
        max_path_length=max_length,
        focus=focus,
        depth=depth,
        query=text,
        saved_query=saved,
        query_params=tuple(parse_params(param).items()),
        query_source=str(query_file) if query_file is not None else None,
        inferred=inferred,
        classes=frozenset(classes) if classes else None,
        nations=frozenset(nations) if nations else None,
    )
    with open_store(store or proj.store) as s:
        view = build_view(s, spec)
    if title is None:
        parts = ["alliance-kg"]
        if focus:
            parts.append(f"around {focus} (depth {depth})")
        if path:
            parts.append(f"paths {path[0]} → {path[1]}")
        if query or query_file:
            parts.append(f"query {query or Path(query_file).name}")  # type: ignore[arg-type]
        title = ": ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]
    write_html(
        view.graph,
        out,
        highlight_paths=view.paths,
        sizes=view.sizes,
        options=VizOptions(title=title, focus=view.focus),
    )
    row = {
        "file": str(out),
        "nodes": view.graph.number_of_nodes(),
        "edges": view.graph.number_of_edges(),
        "paths": len(view.paths),
    }
    print_rows([row], fmt, title="page written")
