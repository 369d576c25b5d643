"""`alliance-kg serve`: a read-only SPARQL 1.1 endpoint over the built store (Oxigraph server)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..defaults import DEFAULT_TIMEOUT
from .common import say, store_path
from .options import ProjectOption, StoreOption


def serve(
    port: Annotated[
        int, typer.Option("--port", help="TCP port (0: any free port).", min=0, max=65535)
    ] = 7878,
    bind: Annotated[
        str, typer.Option("--bind", metavar="ADDRESS", help="Address to listen on (loopback).")
    ] = "127.0.0.1",
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Permit a non-loopback --bind: anyone who can reach it reads the whole graph.",
        ),
    ] = False,
    follow: Annotated[
        bool,
        typer.Option(help="Serve the new store when a build swaps one in (restarts the server)."),
    ] = True,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Stop a query after this many seconds.")
    ] = DEFAULT_TIMEOUT,
    store: StoreOption = None,
    project: ProjectOption = None,
) -> None:
    """Serve the store read-only over SPARQL 1.1 (query page at /, endpoint at /query) until
    Ctrl-C; updates and Graph Store writes are refused (403)."""
    from ..serve import Serving, is_loopback
    from ..serve import serve as run

    if not is_loopback(bind) and allow_remote:
        say(
            f"warning: serving on {bind}, not loopback: anyone who can reach it can read the "
            "whole graph; there is no authentication"
        )

    def ready(serving: Serving) -> None:
        typer.echo(f"serving {serving.folder.name} read-only at {serving.url}")
        typer.echo(f"SPARQL endpoint: {serving.query_url}  (Graph Store: {serving.store_url})")
        typer.echo("Ctrl-C stops the server")
        sys.stdout.flush()

    code = run(
        store_path(store, project),
        host=bind,
        port=port,
        timeout=timeout,
        allow_remote=allow_remote,
        follow=follow,
        on_ready=ready,
        say=lambda message: (typer.echo(message), sys.stdout.flush()),
    )
    say("stopped")
    raise typer.Exit(code)
