"""`alliance-kg analyse …`: network analyses over the store's NetworkX projection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from .common import check_inferred, note, say, store_path
from .options import (
    FILTERS,
    HELP_MARKUP,
    FormatOption,
    OutputFormat,
    ProjectOption,
    StoreOption,
    filter_names,
    grouped,
    output_file,
    projection_options,
)
from .output import print_json, print_rows

if TYPE_CHECKING:
    from ..analyse.projection import ProjectionOptions

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="analyse",
    help="Network analyses: paths, centrality, brokers, communities, ego networks, money flows.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=HELP_MARKUP,
)


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


def projected(s: Any, opts: ProjectionOptions) -> Any:
    """The projection (a MultiDiGraph) of an open store; a note when --inferred adds nothing."""
    from ..analyse import project

    check_inferred(s, opts)
    return project(s, opts)


@dataclass(frozen=True)
class GraphSource:
    """Which store to read and how to project it (``--store``/``--project`` and the filters)."""

    store: Path | None
    project: Path | None
    projection: ProjectionOptions

    def graph(self, *names: str, evidence: bool = True) -> Any:
        """The projection; with `names`, also the entities they name (resolved in the same
        read-only session): ``(graph, [entity, …])``. A verb that prints no evidence passes
        ``evidence=False`` (`ProjectionOptions.evidence`: the largest read, skipped)."""
        from ..resolve import resolve_entity
        from ..store import open_store

        with open_store(store_path(self.store, self.project)) as s:
            entities = [resolve_entity(s, name) for name in names]
            graph = projected(s, replace(self.projection, evidence=evidence))
        return (graph, entities) if names else graph

    def selecting(self, *, evidence: bool = True) -> tuple[Any, Any]:
        """The projection without the class and nation filters, and what they select (None
        without such filters): `analyse.projection.project_selecting`."""
        from ..analyse import project_selecting
        from ..store import open_store

        with open_store(store_path(self.store, self.project)) as s:
            check_inferred(s, self.projection)
            return project_selecting(s, replace(self.projection, evidence=evidence))


def graph_options(*, properties: bool = True, nary: bool = True) -> Callable[[F], F]:
    """An analysis command's input options, declared once: the store or project and the
    projection filters; the command receives them as ``data: GraphSource``."""

    def make(store: Path | None, project: Path | None, **filters: Any) -> GraphSource:
        return GraphSource(store, project, projection_options(**filters))

    names = filter_names(properties=properties, nary=nary)
    options = {**{n: FILTERS[n] for n in names}, "store": (StoreOption, None),
               "project": (ProjectOption, None)}  # fmt: skip
    return grouped(options, "data", make)


@app.command()
@graph_options()
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
    fmt: FormatOption = OutputFormat.table,
    *,
    data: GraphSource,
) -> None:
    """Paths between two entities, each hop with its relation and evidence sentence."""
    from ..analyse.paths import find_paths, path_rows
    from .render import print_paths

    graph, (a, b) = data.graph(source, target)
    if limit is None:
        limit = None if all_paths else 5
    result = find_paths(
        graph, a.iri, b.iri, max_length=max_length, all_paths=all_paths, limit=limit
    )
    if fmt is OutputFormat.json:
        print_json(result.as_dict())
        return
    if not result.paths:
        why = (
            "they are not connected"
            if result.shortest_length is None
            else f"the shortest has {result.shortest_length} hops"
        )
        say(f"no path from {a.label} to {b.label} within {max_length} hops ({why})")
        if fmt is OutputFormat.csv:
            print_rows([], fmt)
        return
    if fmt is OutputFormat.table:
        print_paths(result, a.label, b.label)
        return
    print_rows(path_rows(result), fmt)


@app.command()
@graph_options()
def centrality(
    top: Annotated[int, typer.Option(help="How many entities (per class with --by-class).")] = 10,
    by_class: Annotated[bool, typer.Option(help="Top N per core class.")] = False,
    sort: Annotated[Metric, typer.Option(help="Rank by this metric.")] = Metric.betweenness,
    samples: Annotated[
        int | None,
        typer.Option(help="Betweenness from this many sampled sources (default: by graph size)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    *,
    data: GraphSource,
) -> None:
    """The most central entities: degree, betweenness and PageRank."""
    from ..analyse.centrality import centrality as centrality_api

    graph = data.graph(evidence=False)  # prints no evidence
    found = centrality_api(graph, top=top, by_class=by_class, sort=sort.value, k=samples)  # type: ignore[arg-type]
    rows = [c.row() for c in found]
    print_rows(rows, fmt, title=f"centrality (ranked by {sort.value})", machine=("iri",))


@app.command("brokers")
@graph_options()
def brokers_cmd(
    top: Annotated[int, typer.Option(help="How many of each.")] = 10,
    include_nations: Annotated[
        bool, typer.Option(help="Let nations count as brokers too.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    *,
    data: GraphSource,
) -> None:
    """Cross-national brokers, then articulation points (whose removal splits the graph)."""
    from ..analyse.brokers import articulation_points, brokers

    graph = data.graph(evidence=False)  # prints no evidence
    found = [b.row() for b in brokers(graph, top=top, include_nations=include_nations)]
    points = [a.row() for a in articulation_points(graph, top=top)]
    if fmt is OutputFormat.json:
        print_json({"brokers": found, "articulation_points": points})
    elif fmt is OutputFormat.csv:
        rows = [{"kind": "broker", **b} for b in found]
        print_rows(rows + [{"kind": "articulation point", **a} for a in points], fmt)
    else:
        print_rows(found, fmt, title="cross-national brokers", machine=("iri",))
        print_rows(points, fmt, title="articulation points", machine=("iri",))


@app.command("communities")
@graph_options()
def communities_cmd(
    method: Annotated[Method, typer.Option(help="Backend (auto: by graph size).")] = Method.auto,
    seed: Annotated[int, typer.Option(help="Random seed, for repeatable runs.")] = 42,
    resolution: Annotated[float, typer.Option(help=">1: smaller communities.")] = 1.0,
    fmt: FormatOption = OutputFormat.table,
    *,
    data: GraphSource,
) -> None:
    """Communities (Louvain, or Leiden on large graphs) with a summary of each."""
    from ..analyse.communities import communities as communities_api

    graph = data.graph(evidence=False)  # prints no evidence
    result = communities_api(graph, method=method.value, seed=seed, resolution=resolution)  # type: ignore[arg-type]
    if fmt is OutputFormat.json:
        found = [{**c.row(), "members": c.members, "labels": c.labels} for c in result.communities]
        out = {"method": result.method, "modularity": round(result.modularity, 4)}
        print_json({**out, "communities": found})
        return
    title = f"{len(result.communities)} communities ({result.method}, modularity "
    title += f"{result.modularity:.3f})"
    print_rows([c.row() for c in result.communities], fmt, title=title)


@app.command("ego")
@graph_options()
def ego_cmd(
    entity: Annotated[str, typer.Argument(help="The centre: a label, alias or IRI.")],
    depth: Annotated[int, typer.Option(help="How many hops out.")] = 1,
    fmt: FormatOption = OutputFormat.table,
    *,
    data: GraphSource,
) -> None:
    """The neighbourhood of an entity to a depth, one row per entity."""
    from ..analyse.ego import ego, ego_rows

    graph, (center,) = data.graph(entity, evidence=False)  # prints no evidence
    sub = ego(graph, center.iri, depth)
    title = f"{center.label}: {sub.number_of_nodes()} entities within {depth} hops"
    print_rows(ego_rows(sub), fmt, title=title, machine=("iri",))


@app.command("timeline")
def timeline_cmd(
    document: Annotated[str | None, typer.Option(help="Only this document (its id).")] = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            help="Also write the timeline (one row per document) to this HTML file.",
            callback=output_file,
        ),
    ] = None,
    store: StoreOption = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Agreements, commitments and investments by the date or year the text gives them."""
    from ..store import open_store
    from ..timeline import timeline

    with open_store(store_path(store, project)) as s:
        found = timeline(s, document=document)
    if chart is not None:
        from ..visualise.charts import write_timeline_page

        write_timeline_page(found, chart)
        say(f"chart: {chart}")
    rows = found.rows()
    if not rows:
        say("no agreement, commitment or investment is dated by the text")
    print_rows(rows, fmt, title="dated items", machine=("iri", "precision", "evidence"))
    if fmt is OutputFormat.table:
        for doc, counts in found.undated.items():
            kinds = [f"{n} {k.lower()}{'' if n == 1 else 's'}" for k, n in counts.items() if n]
            if kinds:
                note(f"{doc}: undated: {', '.join(kinds)}")


@app.command("money")
@graph_options(properties=False, nary=False)
def money_cmd(
    by: Annotated[GroupBy, typer.Option(help="Sum by this.")] = GroupBy.investment,
    terms: Annotated[
        bool,
        typer.Option(
            "--terms",
            help="One row per group, currency, hedge and shared flag, with the amount as a "
            "number: the rows of the saved query investment-totals (every grouping unless --by "
            "names one).",
        ),
    ] = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            callback=output_file,
            help="Also write the money flows (investor → target → sector, one chart per "
            "currency) to this HTML file: static SVG, offline.",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    *,
    data: GraphSource,
) -> None:
    """Money from investors to targets, each amount counted once, hedges ("up to") kept; the
    filters choose investments (one with a party or a total that passes them), never cut one."""
    from ..analyse.money import money, money_rows, money_terms, select
    from .render import print_investments

    graph, kept = data.selecting(evidence=chart is not None)  # the chart quotes evidence
    only = select(graph, kept)
    if chart is not None:
        from ..visualise.charts import write_money_page

        report = money(graph, only)
        table = money_rows(graph, "investment", only)  # type: ignore[arg-type]
        write_money_page(graph, chart, report=report, rows=table)
        say(f"chart: {chart}")
    if terms:
        dimension = None if by is GroupBy.investment else by.value
        rows = money_terms(graph, dimension, only)  # type: ignore[arg-type]
        title = f"money by {dimension or 'every grouping'}, one row per term"
        print_rows(rows, fmt, title=title, machine=("group",), footer=f"{len(rows)} rows")
        return
    rows = money_rows(graph, by.value, only)  # type: ignore[arg-type]
    if len(rows) == 1:
        say("no investments in the projected graph (check the filters)")
    if fmt is OutputFormat.table and by is GroupBy.investment:
        print_investments(rows)
    else:
        machine = ("amount", "currency", "qualifier", "group")
        print_rows(rows, fmt, title=f"money by {by.value}", machine=machine)
    if fmt is OutputFormat.table:
        for message in money(graph, only).notes:
            note(message)
