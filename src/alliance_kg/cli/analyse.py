"""`alliance-kg analyse …`: network analyses over the store's NetworkX projection."""

from __future__ import annotations

import json
import textwrap
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from ..analyse import ProjectionOptions, project
from ..analyse.brokers import articulation_points, brokers
from ..analyse.centrality import centrality as centrality_api
from ..analyse.communities import communities as communities_api
from ..analyse.ego import ego as ego_api
from ..analyse.ego import ego_rows
from ..analyse.money import money as money_api
from ..analyse.money import money_rows
from ..analyse.paths import PathResult, find_paths, path_rows
from ..namespaces import INFERRED_GRAPH
from ..resolve import resolve_entity
from ..store import open_store
from .common import (
    FormatOption,
    OutputFormat,
    ProjectOption,
    err_console,
    print_rows,
    project_of,
)

app = typer.Typer(
    name="analyse",
    help="Network analyses: paths, centrality, brokers, communities, ego networks, money flows.",
    no_args_is_help=True,
    add_completion=False,
)


class Nary(StrEnum):
    """How investments, commitments and agreements are projected."""

    nodes = "nodes"
    edges = "edges"


class Metric(StrEnum):
    """What centrality ranks by."""

    betweenness = "betweenness"
    degree = "degree"
    pagerank = "pagerank"


class Method(StrEnum):
    """Community detection backend."""

    auto = "auto"
    louvain = "louvain"
    leiden = "leiden"


class GroupBy(StrEnum):
    """What money is summed by."""

    investment = "investment"
    investor = "investor"
    nation = "nation"
    location = "location"
    sector = "sector"


StoreOption = Annotated[Path | None, typer.Option(help="Store (default: graph/store).")]
ClassOption = Annotated[
    list[str] | None,
    typer.Option("--class", help="Keep only this class and its subclasses (repeatable)."),
]
ExcludeClassOption = Annotated[
    list[str] | None,
    typer.Option("--exclude-class", help="Leave out this class and its subclasses (repeatable)."),
]
NationOption = Annotated[
    list[str] | None,
    typer.Option("--nation", help="Keep only entities of this nation (label or IRI; repeatable)."),
]
PropertyOption = Annotated[
    list[str] | None,
    typer.Option("--property", help="Keep only relations of this property (repeatable)."),
]
NaryOption = Annotated[
    Nary,
    typer.Option(help="Investments, commitments, agreements as nodes or collapsed into edges."),
]
InferredOption = Annotated[
    bool, typer.Option("--inferred", help="Add relations from the inferred graph.")
]


def _options(
    classes: list[str] | None,
    exclude: list[str] | None,
    nations: list[str] | None,
    properties: list[str] | None,
    nary: Nary,
    inferred: bool,
) -> ProjectionOptions:
    return ProjectionOptions(
        nary=nary.value,  # type: ignore[arg-type]
        include_classes=frozenset(classes) if classes else None,
        exclude_classes=frozenset(exclude or ()),
        nations=frozenset(nations) if nations else None,
        include_properties=frozenset(properties) if properties else None,
        inferred=inferred,
    )


def _project(s: ox.Store, opts: ProjectionOptions) -> nx.MultiDiGraph:
    if opts.inferred and ox.NamedNode(str(INFERRED_GRAPH)) not in set(s.named_graphs()):
        err_console.print("note: the store has no inferred graph; --inferred adds nothing")
    return project(s, opts)


def _store(store: Path | None, project_dir: Path | None) -> Path:
    return store or project_of(project_dir).store


#: columns a table never wraps or cuts: amounts and numbers must stay whole
_WHOLE = {"total", "parts", "usd", "rank", "degree", "betweenness", "pagerank", "pairs",
          "cut_off", "distance", "size", "community", "investments"}  # fmt: skip


def _table(rows: list[dict[str, Any]], fmt: OutputFormat, title: str, drop: tuple = ()) -> None:
    """Print rows; the table form leaves out machine columns and never cuts an amount."""
    if fmt is not OutputFormat.table:
        print_rows(rows, fmt, title=title)
        return
    columns = [c for c in dict.fromkeys(k for row in rows for k in row) if c not in drop]
    table = Table(title=title)
    for col in columns:
        # an amount may wrap at " + " between terms, never inside "up to $73,000,000,000"
        terms = [t for r in rows for t in str(r.get(col) or "").split(" + ")]
        widest = max((len(t) for t in terms), default=0) + (2 if col == "parts" else 0)
        table.add_column(col, min_width=min(widest, 30) if col in _WHOLE else None)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console(highlight=False).print(table)


def _print_paths(result: PathResult, a: str, b: str) -> None:
    """The paths as text: one line per path, then each hop with its evidence sentence."""
    width = max(Console().width, 60)
    more = f" (of {result.total}+; --limit/--all for more)" if result.truncated else ""
    typer.echo(
        f"{len(result.paths)} paths from {a} to {b}{more}; shortest: {result.shortest_length} hops"
    )
    for i, p in enumerate(result.paths, 1):
        typer.echo(f"\n{i}. {p.text()}")
        said: set[str] = set()
        for hop in p.hops:
            arrow = f"-[{hop.property}]->" if hop.direction == "->" else f"<-[{hop.property}]-"
            flags = " (hedged)" if hop.hedged else ""
            flags += " (inferred)" if hop.inferred else ""
            same = " — same sentence as above" if hop.sentence in said else ""
            typer.echo(f"   {hop.source_label} {arrow} {hop.target_label}{flags}{same}")
            if hop.sentence and not same:
                said.add(hop.sentence)
                typer.echo(
                    textwrap.fill(f"“{hop.sentence}”", width=width - 1, initial_indent=" " * 6,
                                  subsequent_indent=" " * 7)
                )  # fmt: skip


def _print_investments(rows: list[dict[str, Any]]) -> None:
    """The investment tree as text: name, who → where · sector, amount and how it is counted."""
    width = max(Console().width, 60) - 1
    for row in rows[:-1]:
        name = row["investment"]
        indent = " " * (len(name) - len(name.lstrip()))
        pad = indent + ("  " if indent else "")
        typer.echo(textwrap.fill(name.strip(), width, initial_indent=indent,
                                 subsequent_indent=pad + "  "))  # fmt: skip
        sector = f" · {row['sector']}" if row["sector"] else ""
        typer.echo(f"{pad}    {row['investor']} → {row['target']}{sector}")
        parts = f" {row['parts']}" if row["parts"] else ""
        typer.echo(f"{pad}    {row['total']}{parts}  [counted: {row['counted']}]")
    typer.echo(f"{rows[-1]['investment']}:\n    {rows[-1]['total']}")


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="From: a label, alias or IRI.")],
    target: Annotated[str, typer.Argument(help="To: a label, alias or IRI.")],
    max_length: Annotated[int, typer.Option(help="Longest path, in hops.")] = 4,
    all_paths: Annotated[
        bool, typer.Option("--all", help="Every simple path up to --max-length.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="At most this many paths (default 5; all with --all).")
    ] = None,
    store: StoreOption = None,
    classes: ClassOption = None,
    exclude_class: ExcludeClassOption = None,
    nation: NationOption = None,
    prop: PropertyOption = None,
    nary: NaryOption = Nary.nodes,
    inferred: InferredOption = False,
    project_dir: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Paths between two entities, each hop with its relation and evidence sentence."""
    opts = _options(classes, exclude_class, nation, prop, nary, inferred)
    with open_store(_store(store, project_dir)) as s:
        a, b = resolve_entity(s, source), resolve_entity(s, target)
        graph = _project(s, opts)
    if limit is None:
        limit = None if all_paths else 5
    result = find_paths(
        graph, a.iri, b.iri, max_length=max_length, all_paths=all_paths, limit=limit
    )
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    if not result.paths:
        why = (
            "they are not connected"
            if result.shortest_length is None
            else f"the shortest has {result.shortest_length} hops"
        )
        err_console.print(f"no path from {a.label} to {b.label} within {max_length} hops ({why})")
        if fmt is OutputFormat.csv:
            print_rows([], fmt)
        return
    if fmt is OutputFormat.table:
        _print_paths(result, a.label, b.label)
        return
    print_rows(path_rows(result), fmt)


@app.command()
def centrality(
    top: Annotated[int, typer.Option(help="How many entities (per class with --by-class).")] = 10,
    by_class: Annotated[bool, typer.Option(help="Top N per core class.")] = False,
    sort: Annotated[Metric, typer.Option(help="Rank by this metric.")] = Metric.betweenness,
    samples: Annotated[
        int | None,
        typer.Option(help="Betweenness from this many sampled sources (default: by graph size)."),
    ] = None,
    store: StoreOption = None,
    classes: ClassOption = None,
    exclude_class: ExcludeClassOption = None,
    nation: NationOption = None,
    prop: PropertyOption = None,
    nary: NaryOption = Nary.nodes,
    inferred: InferredOption = False,
    project_dir: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The most central entities: degree, betweenness and PageRank."""
    opts = _options(classes, exclude_class, nation, prop, nary, inferred)
    with open_store(_store(store, project_dir)) as s:
        graph = _project(s, opts)
    found = centrality_api(graph, top=top, by_class=by_class, sort=sort.value, k=samples)  # type: ignore[arg-type]
    rows = [c.row() for c in found]
    _table(rows, fmt, f"centrality (ranked by {sort.value})", drop=("iri",))


@app.command("brokers")
def brokers_cmd(
    top: Annotated[int, typer.Option(help="How many of each.")] = 10,
    include_nations: Annotated[
        bool, typer.Option(help="Let nations count as brokers too.")
    ] = False,
    store: StoreOption = None,
    classes: ClassOption = None,
    exclude_class: ExcludeClassOption = None,
    nation: NationOption = None,
    prop: PropertyOption = None,
    nary: NaryOption = Nary.nodes,
    inferred: InferredOption = False,
    project_dir: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-national brokers, then articulation points (whose removal splits the graph)."""
    opts = _options(classes, exclude_class, nation, prop, nary, inferred)
    with open_store(_store(store, project_dir)) as s:
        graph = _project(s, opts)
    found = brokers(graph, top=top, include_nations=include_nations)
    points = articulation_points(graph, top=top)
    if fmt is OutputFormat.json:
        out = {
            "brokers": [b.row() for b in found],
            "articulation_points": [a.row() for a in points],
        }
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if fmt is OutputFormat.csv:
        rows = [{"kind": "broker", **b.row()} for b in found]
        rows += [{"kind": "articulation point", **a.row()} for a in points]
        print_rows(rows, fmt)
        return
    _table([b.row() for b in found], fmt, "cross-national brokers", drop=("iri",))
    _table([a.row() for a in points], fmt, "articulation points", drop=("iri",))


@app.command("communities")
def communities_cmd(
    method: Annotated[Method, typer.Option(help="Backend (auto: by graph size).")] = Method.auto,
    seed: Annotated[int, typer.Option(help="Random seed, for repeatable runs.")] = 42,
    resolution: Annotated[float, typer.Option(help=">1: smaller communities.")] = 1.0,
    store: StoreOption = None,
    classes: ClassOption = None,
    exclude_class: ExcludeClassOption = None,
    nation: NationOption = None,
    prop: PropertyOption = None,
    nary: NaryOption = Nary.nodes,
    inferred: InferredOption = False,
    project_dir: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Communities (Louvain, or Leiden on large graphs) with a summary of each."""
    opts = _options(classes, exclude_class, nation, prop, nary, inferred)
    with open_store(_store(store, project_dir)) as s:
        graph = _project(s, opts)
    result = communities_api(graph, method=method.value, seed=seed, resolution=resolution)  # type: ignore[arg-type]
    if fmt is OutputFormat.json:
        out = {
            "method": result.method,
            "modularity": round(result.modularity, 4),
            "communities": [
                {**c.row(), "members": c.members, "labels": c.labels} for c in result.communities
            ],
        }
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    title = f"{len(result.communities)} communities ({result.method}, modularity "
    title += f"{result.modularity:.3f})"
    print_rows([c.row() for c in result.communities], fmt, title=title)


@app.command("ego")
def ego_cmd(
    entity: Annotated[str, typer.Argument(help="The centre: a label, alias or IRI.")],
    depth: Annotated[int, typer.Option(help="How many hops out.")] = 1,
    store: StoreOption = None,
    classes: ClassOption = None,
    exclude_class: ExcludeClassOption = None,
    nation: NationOption = None,
    prop: PropertyOption = None,
    nary: NaryOption = Nary.nodes,
    inferred: InferredOption = False,
    project_dir: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The neighbourhood of an entity to a depth, one row per entity."""
    opts = _options(classes, exclude_class, nation, prop, nary, inferred)
    with open_store(_store(store, project_dir)) as s:
        center = resolve_entity(s, entity)
        graph = _project(s, opts)
    sub = ego_api(graph, center.iri, depth)
    title = f"{center.label}: {sub.number_of_nodes()} entities within {depth} hops"
    _table(ego_rows(sub), fmt, title, drop=("iri",))


@app.command("money")
def money_cmd(
    by: Annotated[GroupBy, typer.Option(help="Sum by this.")] = GroupBy.investment,
    store: StoreOption = None,
    classes: ClassOption = None,
    exclude_class: ExcludeClassOption = None,
    nation: NationOption = None,
    inferred: InferredOption = False,
    project_dir: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Money from investors to targets, each amount counted once, hedges ("up to") kept."""
    opts = _options(classes, exclude_class, nation, None, Nary.nodes, inferred)
    with open_store(_store(store, project_dir)) as s:
        graph = _project(s, opts)
    rows = money_rows(graph, by.value)  # type: ignore[arg-type]
    if len(rows) == 1:
        err_console.print("no investments in the projected graph (check the filters)")
    if fmt is OutputFormat.table and by is GroupBy.investment:
        _print_investments(rows)
    else:
        _table(rows, fmt, f"money by {by.value}", drop=("usd",))
    if fmt is OutputFormat.table:
        for note in money_api(graph).notes:
            err_console.print(f"note: {note}")
