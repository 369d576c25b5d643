"""`alliance-kg export`: the graph as a file (or folder) for other tools, in one of many formats."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..defaults import EXPORT_FORMATS
from .common import note, project_of, say
from .options import FILTERS, ProjectOption, StoreOption, grouped, projection_options

if TYPE_CHECKING:
    from ..analyse.projection import ProjectionOptions

ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORT_FORMATS})  # type: ignore[misc]


class GraphChoice(StrEnum):
    """Which graphs an export holds."""

    asserted = "asserted"
    inferred = "inferred"
    all = "all"


class Profile(StrEnum):
    """Rewrites of an RDF export for a kind of tool."""

    owl = "owl"


def _filters(**given: Any) -> ProjectionOptions | None:
    """The projection filters, or None when none was given (RDF formats take none)."""
    from ..analyse.projection import ProjectionOptions

    options = projection_options(**given)
    return None if options == ProjectionOptions() else options


@grouped({n: spec for n, spec in FILTERS.items() if n != "filter_inferred"}, "projection", _filters)
def export(
    out: Annotated[
        Path | None,
        typer.Argument(
            help="File, or folder for neo4j and csv; '-' or none writes to stdout. "
            "The suffix picks the format unless --format is given."
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="Format (default: by the suffix; turtle on stdout)."),
    ] = None,
    graph: Annotated[
        GraphChoice | None,
        typer.Option(
            "--graph",
            help="asserted (documents and identity decisions), inferred (entailments only), "
            "or all.",
        ),
    ] = None,
    inferred: Annotated[
        bool, typer.Option("--inferred", help="Same as --graph all.", hidden=False)
    ] = False,
    include_ontology: Annotated[
        bool, typer.Option("--include-ontology", help="Add the ontology (RDF formats).")
    ] = False,
    profile: Annotated[
        Profile | None,
        typer.Option(
            "--profile",
            help="owl: for OWL tools (Protégé, owlready2, HermiT): an ontology header, "
            "individuals declared, dates in OWL 2 datatypes (rdfxml, ntriples).",
        ),
    ] = None,
    store: StoreOption = None,
    project: ProjectOption = None,
    *,
    projection: ProjectionOptions | None,
) -> None:
    """Write the graph for other tools: RDF (turtle, ntriples, nquads, trig, jsonld, rdfxml)
    or the projection the analyses use (graphml, gexf, neo4j, csv; with the filters)."""
    from ..errors import InputError
    from ..export.base import ExportOptions, export_project
    from ..export.owl import DATA_ONTOLOGY_IRI
    from ..namespaces import ONTOLOGY_IRI

    if inferred and graph not in (None, GraphChoice.all):
        raise InputError(f"--inferred means --graph all; it cannot go with --graph {graph}")
    chosen = "all" if inferred else (graph.value if graph else "asserted")
    options = ExportOptions(
        graph=chosen,  # type: ignore[arg-type]
        include_ontology=include_ontology,
        profile=profile.value if profile else None,
        projection=projection,
    )
    to_stdout = out is None or str(out) == "-"
    if not to_stdout:  # refused before any work if it cannot be an output (files.check_output)
        from ..export.base import format_for
        from ..files import check_output

        check_output(out, folder=format_for(out, fmt.value if fmt else None).folder)
    used = export_project(
        project_of(project) if store is None else None,
        None if to_stdout else out,
        fmt.value if fmt else None,
        options,
        store=store,
        note=note,
    )
    graphs = {"asserted": "asserted", "inferred": "inferred", "all": "asserted + inferred"}
    if used.kind == "rdf":
        what = graphs[chosen] + (" + ontology" if include_ontology else "")
    else:
        what = f"projection, {graphs[chosen]} relations"
    if profile is not None:
        what += f", {profile.value} profile"
    if not to_stdout:
        say(f"wrote {out} ({used.name}, {what})")
    if profile is not None and not include_ontology:
        note(
            f"<{DATA_ONTOLOGY_IRI}> imports <{ONTOLOGY_IRI}>, which is not fetched; add "
            "--include-ontology for one self-contained file"
        )
