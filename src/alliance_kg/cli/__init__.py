"""The `alliance-kg` command: a thin layer over the Python API, one module per verb."""

from __future__ import annotations

import sys

import typer

from ..errors import AllianceKGError
from . import build as build_cmd
from . import export as export_cmd
from . import query as query_cmd
from . import why as why_cmd

app = typer.Typer(
    name="alliance-kg",
    help="Turn alliance documents into a provenance-tracked knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("build")(build_cmd.build)
app.command("export")(export_cmd.export)
app.add_typer(query_cmd.app, name="query")
app.command("why")(why_cmd.why)


def main() -> None:
    """Run the CLI; a user error prints one `error:` line and exits non-zero, no traceback."""
    try:
        app(standalone_mode=False)
    except AllianceKGError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except Exception as exc:  # click usage errors and friends (typer >= 0.2x vendors click)
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        raise
