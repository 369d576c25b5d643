"""`alliance-kg ontology [NAME]`: the classes and properties an annotator may use, or one term.

The listing and the descriptions come from `alliance_kg.describe`, which reads the project's
ontology through its `Vocabulary`; examples come from the store when there is one.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import project_of, say
from .options import FormatOption, OutputFormat, ProjectOption, StoreOption
from .output import echo, print_json, print_rows

if TYPE_CHECKING:
    from ..describe import Description, Entry, Listing
    from ..ontology import Vocabulary


def ontology(
    name: Annotated[
        str | None,
        typer.Argument(help="A class or property (collaboratesWith, ak:Nation; any case)."),
    ] = None,
    store: StoreOption = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The classes and properties to annotate with; with NAME, one term in full with examples."""
    from ..describe import listing
    from ..ontology import Vocabulary

    proj = project_of(project)
    vocab = Vocabulary.from_file(proj.ontology)
    if name is None:
        found = listing(vocab)
        if fmt is OutputFormat.json:
            print_json(found.as_dict())
        elif fmt is OutputFormat.csv:
            print_rows(_listing_rows(found), fmt)
        else:
            _print_listing(found)
        return
    described = _describe(vocab, name, store or proj.store)
    if fmt is OutputFormat.json:
        print_json(described.as_dict())
    elif fmt is OutputFormat.csv:
        print_rows([_description_row(described)], fmt)
    else:
        _print_description(described)


def _describe(vocab: Vocabulary, name: str, store: Path) -> Description:
    """The term described, with examples when the store can be opened (else a note why not)."""
    from ..describe import describe, find_term
    from ..errors import StoreError
    from ..store import open_store

    find_term(vocab, name)  # an unknown name fails before the store is opened
    try:
        with open_store(store) as s:
            return describe(vocab, name, s)
    except StoreError as exc:
        say(f"note: no examples: {exc}")
    return describe(vocab, name)


# -- text ------------------------------------------------------------------------------------


def _line(entry: Entry, width: int | None) -> str:
    """One entry on one line: name (domain → range) — label: first sentence."""
    signature = ""
    if entry.domain or entry.range:
        signature = f" ({' | '.join(entry.domain) or 'any'} → {' | '.join(entry.range) or 'any'})"
    text = f"{'  ' * (entry.depth + 1)}{entry.name}{signature} — {entry.label}: {entry.summary}"
    if width is not None and len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text


def _print_listing(found: Listing) -> None:
    """Classes by core class, then properties; each cut to the terminal's width (not in a pipe)."""
    from rich.console import Console

    console = Console()
    width = console.width if console.is_terminal else None
    echo("Classes, under their core class (in the contract's order):")
    for group in found.classes:
        if group.core is None:
            echo("\nOther classes (superclasses, and what the loader writes):")
        for entry in group.classes:
            echo(_line(entry, width))
    for title, entries in (
        ("Object properties (domain → range)", found.object_properties),
        ("Datatype properties (domain → range)", found.datatype_properties),
        ("Provenance, written by the loader, never annotated", found.provenance_properties),
    ):
        echo(f"\n{title}:")
        for entry in entries:
            echo(_line(entry, width))


def _field(label: str, value: str, width: int) -> None:
    """``  label:  value``, the value folded under itself."""
    head = f"  {label + ':' if label else '':<17}"
    echo(
        textwrap.fill(value, width, initial_indent=head, subsequent_indent=" " * len(head),
                      break_long_words=False, break_on_hyphens=False)
    )  # fmt: skip


def _print_description(d: Description) -> None:
    from .render import terminal_width

    width = terminal_width() - 1
    core = f", core class {d.core}" if d.core and d.core != d.name else ""
    core = ", a core class" if d.core == d.name else core
    echo(f"{d.name} — {d.kind} ({d.iri}){core}{', a party' if d.party else ''}")
    _field("label", d.label, width)
    _field("definition", d.definition or "(none)", width)
    if d.kind == "class":
        for label, names in (("superclasses", d.superclasses), ("subclasses", d.subclasses),
                             ("subject of", d.subject_of), ("object of", d.object_of)):  # fmt: skip
            _field(label, ", ".join(names) or "(none)", width)
    else:
        _field("domain", " | ".join(d.domain) or "(any)", width)
        _field("range", " | ".join(d.range) or "(any)", width)
        _field("inverse", ", ".join(d.inverses) or "(none)", width)
        _field("flags", ", ".join(d.flags) or "(none)", width)
        if d.superproperties or d.subproperties:
            _field("sub-property of", ", ".join(d.superproperties) or "(none)", width)
            _field("sub-properties", ", ".join(d.subproperties) or "(none)", width)
    _print_examples(d, width)


def _print_examples(d: Description, width: int) -> None:
    if d.examples is None:
        return
    if not d.examples:
        _field("example", "(none in the store)", width)
    for i, ex in enumerate(d.examples):
        label = "example" if i == 0 else ""
        if ex.iri is not None:
            _field(label, f"{ex.text} ({ex.iri})", width)
            continue
        _field(label, ex.text + (f" ({ex.via})" if ex.via else ""), width)
        _field("", f"document {ex.document}, characters {ex.start}–{ex.end}", width)
        _field("", f"“{ex.sentence}”", width)


# -- CSV ---------------------------------------------------------------------------------------


def _listing_rows(found: Listing) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for group in found.classes:
        rows += [
            {"kind": "class", "core": group.core or "", "name": e.name, "label": e.label,
             "depth": e.depth, "domain": "", "range": "", "definition": e.summary}
            for e in group.classes
        ]  # fmt: skip
    for kind, entries in (("object property", found.object_properties),
                          ("datatype property", found.datatype_properties),
                          ("provenance property", found.provenance_properties)):  # fmt: skip
        rows += [
            {"kind": kind, "core": "", "name": e.name, "label": e.label, "depth": 0,
             "domain": " | ".join(e.domain), "range": " | ".join(e.range),
             "definition": e.summary}
            for e in entries
        ]  # fmt: skip
    return rows


def _description_row(d: Description) -> dict[str, object]:
    row: dict[str, object] = {}
    for key, value in d.as_dict().items():
        if key == "examples":
            value = "; ".join(e["text"] for e in value) if value is not None else ""
        elif isinstance(value, list):
            value = "; ".join(value)
        row[key] = value
    return row
