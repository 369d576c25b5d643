"""The `alliance-kg` command: a thin layer over the Python API, one module per verb.

The verb modules import only typer and the light parts of the package at module level; each
command imports the API it calls inside its function, so ``alliance-kg --help`` is quick.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import AllianceKGError
from . import add as add_cmd
from . import analyse as analyse_cmd
from . import build as build_cmd
from . import check as check_cmd
from . import diff as diff_cmd
from . import docs as docs_cmd
from . import duplicates as duplicates_cmd
from . import evaluate as evaluate_cmd
from . import export as export_cmd
from . import extract as extract_cmd
from . import importing as import_cmd
from . import init as init_cmd
from . import lifecycle as lifecycle_cmd
from . import ontology as ontology_cmd
from . import push as push_cmd
from . import query as query_cmd
from . import report as report_cmd
from . import serve as serve_cmd
from . import validate as validate_cmd
from . import viz as viz_cmd
from . import why as why_cmd
from .fastparams import install as _install_fast_params
from .options import HELP_MARKUP

#: convert simple option values without pydantic (a third of a CLI query's start-up; fastparams)
_install_fast_params()

app = typer.Typer(
    name="alliance-kg",
    help="Turn alliance documents into a provenance-tracked knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=HELP_MARKUP,
)
app.command("init")(init_cmd.init)
app.command("build")(build_cmd.build)
app.command("add")(add_cmd.add)
app.command("import")(import_cmd.import_rdf)
app.command("remove")(lifecycle_cmd.remove)
app.command("log")(lifecycle_cmd.log)
app.command("validate")(validate_cmd.validate)
app.command("extract")(extract_cmd.extract)
app.command("duplicates")(duplicates_cmd.duplicates)
app.command("export")(export_cmd.export)
app.command("viz")(viz_cmd.viz)
app.command("report")(report_cmd.report)
app.command("check")(check_cmd.check)
app.add_typer(analyse_cmd.app, name="analyse")
app.add_typer(query_cmd.app, name="query")
app.command("why")(why_cmd.why)
app.command("ontology")(ontology_cmd.ontology)
app.command("docs")(docs_cmd.docs)
app.command("evaluate")(evaluate_cmd.evaluate)
app.command("diff")(diff_cmd.diff)
app.command("serve")(serve_cmd.serve)
app.command("push")(push_cmd.push)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"alliance-kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn alliance documents into a provenance-tracked knowledge graph."""


def main() -> None:
    """Run the CLI; a user error prints one `error:` line and exits non-zero, no traceback.

    Usage errors (unknown option, bad choice) are typer's own: a usage line and exit 2.
    """
    try:
        app()
    except AllianceKGError as exc:
        from .output import terminal_safe

        typer.echo(terminal_safe(f"error: {exc}"), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
