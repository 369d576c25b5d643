"""`alliance-kg why SUBJECT [PROPERTY] [OBJECT]`: the document, sentence and offsets of a fact."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import store_path
from .options import FormatOption, OutputFormat, ProjectOption, StoreOption
from .output import print_rows


def why(
    subject: Annotated[str, typer.Argument(help="Entity: label, alias, slug or IRI.")],
    prop: Annotated[
        str | None,
        typer.Argument(
            metavar="[PROPERTY]",
            help="Property: local name or label (type, collaboratesWith); * = any.",
        ),
    ] = None,
    obj: Annotated[
        str | None, typer.Argument(metavar="[OBJECT]", help="Entity (or class, after type).")
    ] = None,
    store: StoreOption = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print each matching statement with its document, evidence sentence and character offsets."""
    from ..errors import InputError
    from ..provenance import why as api_why
    from ..store import open_store
    from .render import print_provenance

    with open_store(store_path(store, project)) as s:
        found = api_why(s, subject, prop, obj)
    if not found:
        asked = " ".join(x for x in (subject, prop, obj) if x)
        raise InputError(f"no stored statement matches {asked!r}; the graph does not say so")
    if fmt is OutputFormat.table:
        print_provenance(found)
    else:
        print_rows([p.as_row() for p in found], fmt)
