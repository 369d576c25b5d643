"""`alliance-kg push`: the store's graphs to a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import say, store_path
from .options import FormatOption, OutputFormat, ProjectOption, StoreOption
from .output import print_json, print_rows

#: the option every remote command shares (credentials come from the environment only)
EndpointHelp = (
    "SPARQL 1.1 query endpoint URL (credentials from ALLIANCE_KG_ENDPOINT_USER / "
    "ALLIANCE_KG_ENDPOINT_PASSWORD or ALLIANCE_KG_ENDPOINT_TOKEN)."
)


def push(
    endpoint: Annotated[str, typer.Option("--endpoint", metavar="URL", help=EndpointHelp)],
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            metavar="URL",
            help="Graph Store Protocol URL (default: …/store beside an Oxigraph …/query).",
        ),
    ] = None,
    prune: Annotated[
        bool, typer.Option(help="Delete graphs an earlier push sent that the store lost.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Give up on one request after this many seconds.")
    ] = 120.0,
    store: StoreOption = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Replace each named graph of the store (documents, identities, inferred, ontology) at a
    SPARQL store, over the Graph Store Protocol (HTTP PUT), and count them back."""
    import os

    from ..namespaces import BASE
    from ..remote import Credentials, Endpoint
    from ..remote import push as run

    target = Endpoint(endpoint, graph_store, Credentials.from_env(os.environ))
    report = run(store_path(store, project), target, prune=prune, timeout=timeout, say=say)
    for warning in report.warnings:
        say(f"warning: {warning}")
    if fmt is OutputFormat.json:
        print_json(report.as_dict())
        return
    rows = [
        {
            "graph": g.graph if fmt is OutputFormat.csv else g.graph.removeprefix(BASE),
            "kind": g.kind,
            "triples": g.triples,
            "counted back": g.remote_triples,
            "HTTP": g.status,
            "seconds": g.seconds,
        }
        for g in report.graphs
    ]
    if fmt is OutputFormat.csv:
        print_rows(rows, fmt)
        return
    print_rows(rows, fmt, title=f"pushed to {report.graph_store}")
    pruned = f"; {len(report.pruned)} stale graph(s) deleted" if report.pruned else ""
    typer.echo(
        f"{len(report.graphs)} graphs, {sum(g.triples for g in report.graphs)} triples "
        f"in {report.seconds:.2f} s{pruned}; query them at {report.endpoint}"
    )
