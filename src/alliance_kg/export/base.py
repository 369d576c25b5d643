"""What every exporter shares: the options, the registry of formats, and atomic output.

One module per format registers an `Exporter` under its name with `register`; `export_store`
picks one by name (or by the output's suffix), checks the options against it and writes to a
file, a folder or stdout, never leaving half an output behind (files through
`files.atomic_write`, folders through `atomic_folder`).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from ..defaults import EXPORT_FORMATS, EXPORT_SUFFIXES
from ..errors import InputError
from ..files import atomic_write

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..analyse.projection import ProjectionOptions
    from ..project import Project

GraphChoice = Literal["asserted", "inferred", "all"]
GRAPH_CHOICES: tuple[str, ...] = ("asserted", "inferred", "all")
PROFILES: tuple[str, ...] = ("owl",)

#: the modules that register a format, imported on first use of the registry
_MODULES = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml", "graphml", "gexf",
            "neo4j", "csv")  # fmt: skip


@dataclass(frozen=True)
class ExportOptions:
    """What to export: which graphs, the ontology or not, a profile, the projection's filters.

    `graph`: ``asserted`` (documents and identity decisions), ``inferred`` (the inferred graph
    only) or ``all`` (both). `projection` applies to the graph formats (graphml, gexf, neo4j,
    csv); its ``inferred`` flag is set from `graph`.
    """

    graph: GraphChoice = "asserted"
    include_ontology: bool = False
    profile: str | None = None
    projection: ProjectionOptions | None = None


@dataclass(frozen=True)
class Exporter:
    """One format: its name, file suffix, kind (``rdf`` or ``graph``), and its writer.

    A file format's `write(store, fh, options)` writes bytes to `fh`; a folder format's
    `write(store, folder, options)` fills the (new, empty) `folder`, whose file names are
    `files` (an existing output folder is replaced only if it holds nothing else).
    """

    name: str
    suffix: str
    kind: Literal["rdf", "graph"]
    write: Callable[..., None]
    description: str
    files: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    named_graphs: bool = False

    @property
    def folder(self) -> bool:
        """Whether the output is a folder of files (neo4j, csv) rather than one file."""
        return bool(self.files)


_REGISTRY: dict[str, Exporter] = {}


def register(
    name: str,
    kind: Literal["rdf", "graph"],
    description: str,
    *,
    files: tuple[str, ...] = (),
    profiles: tuple[str, ...] = (),
    named_graphs: bool = False,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register the decorated writer as the exporter called `name` (suffix from defaults)."""

    def decorate(write: Callable[..., None]) -> Callable[..., None]:
        _REGISTRY[name] = Exporter(
            name, EXPORT_FORMATS[name], kind, write, description, files, profiles, named_graphs
        )
        return write

    return decorate


def registry() -> dict[str, Exporter]:
    """Every registered format by name (importing the format modules on first use)."""
    for module in _MODULES:
        importlib.import_module(f"{__package__}.{module}")
    return {name: _REGISTRY[name] for name in EXPORT_FORMATS if name in _REGISTRY}


def format_for(out: Path | None, fmt: str | None) -> Exporter:
    """The exporter asked for by name, else the one the suffix of `out` names."""
    formats = registry()
    if fmt is not None:
        if fmt not in formats:
            raise InputError(f"unknown export format {fmt!r}; expected one of {', '.join(formats)}")
        return formats[fmt]
    if out is None:
        return formats["turtle"]
    suffix = out.suffix.lower()
    by_suffix = {e.suffix: e.name for e in formats.values() if e.suffix}
    by_suffix.update(EXPORT_SUFFIXES)
    if suffix in by_suffix:
        return formats[by_suffix[suffix]]
    raise InputError(
        f"{out}: cannot tell the format from the suffix {suffix or '(none)'!r}; use one of "
        f"{', '.join(sorted(by_suffix))} or --format ({', '.join(formats)})"
    )


def _check(exporter: Exporter, out: Path | None, options: ExportOptions) -> None:
    if options.graph not in GRAPH_CHOICES:
        raise InputError(f"--graph {options.graph!r}: expected one of {', '.join(GRAPH_CHOICES)}")
    if options.profile is not None:
        if options.profile not in PROFILES:
            raise InputError(
                f"--profile {options.profile!r}: expected one of {', '.join(PROFILES)}"
            )
        if options.profile not in exporter.profiles:
            able = [e.name for e in registry().values() if options.profile in e.profiles]
            raise InputError(
                f"--profile {options.profile} is written as {' or '.join(able)}, "
                f"not {exporter.name}"
            )
    if exporter.kind == "rdf" and options.projection is not None:
        raise InputError(
            f"the projection filters (--class, --nation, --property, …) apply to the graph "
            f"formats (graphml, gexf, neo4j, csv), not to {exporter.name}, which writes RDF"
        )
    if exporter.kind == "graph" and options.include_ontology:
        raise InputError(f"--include-ontology adds RDF; {exporter.name} writes the projection")
    if exporter.folder and out is None:
        raise InputError(f"{exporter.name} writes a folder of files: give the folder to write")


def export_store(
    store: ox.Store,
    out: Path | None,
    fmt: str | None = None,
    options: ExportOptions | None = None,
    *,
    stdout: BinaryIO | None = None,
) -> Exporter:
    """Write the store in format `fmt` (else by the suffix of `out`) to `out`, atomically.

    `out` None (or ``-``) writes a file format to `stdout` (default: the process's). Returns
    the exporter used.
    """
    options = options or ExportOptions()
    if out is not None and str(out) == "-":
        out = None
    exporter = format_for(None if out is None else Path(out), fmt)
    _check(exporter, out, options)
    if out is None:
        target = stdout if stdout is not None else sys.stdout.buffer
        exporter.write(store, target, options)
        target.flush()
    elif exporter.folder:
        with atomic_folder(Path(out), exporter.files) as folder:
            exporter.write(store, folder, options)
    else:
        if Path(out).is_dir():
            raise InputError(f"{out} is a folder; {exporter.name} writes one file")
        with atomic_write(Path(out)) as fh:
            exporter.write(store, fh, options)
    return exporter


def export_project(
    project: Project | None,
    out: Path | None,
    fmt: str | None = None,
    options: ExportOptions | None = None,
    *,
    store: Path | None = None,
    note: Callable[[str], None] | None = None,
) -> Exporter:
    """Export a project's graph as `export_store` does, from its own store (or `store`;
    `project` may then be None).

    The default Turtle export of the project's store to a file is the build's own
    ``graph/alliance.ttl``, copied when the store's manifest says it is intact
    (`turtle.copy_build_export`): the same bytes, without reading every term back from disk.
    `note` hears that the store has no inferred graph when one was asked for.
    """
    from ..store import has_inferred_graph, open_store

    options = options or ExportOptions()
    if out is not None and str(out) == "-":
        out = None
    exporter = format_for(None if out is None else Path(out), fmt)
    if store is None:
        if project is None:
            raise ValueError("export_project needs a project or a store")
        store = project.store
        if out is not None and exporter.name == "turtle" and options == ExportOptions():
            from .turtle import copy_build_export

            if copy_build_export(project.store, project.export, Path(out)):
                return exporter
    with open_store(store) as s:
        if options.graph != "asserted" and not has_inferred_graph(s) and note is not None:
            note("the store has no inferred graph (built with reasoning off?); it adds nothing")
        return export_store(s, out, fmt, options)


@contextlib.contextmanager
def atomic_folder(path: Path, files: tuple[str, ...]) -> Iterator[Path]:
    """Fill a temporary folder beside `path`, then put it in place of `path`.

    An existing `path` is replaced only if it is a folder holding nothing but `files` (an
    earlier export of the same format): anything else is refused, never deleted. The swap is two
    renames (old folder aside, new in) and then the old one is deleted.
    """
    path = Path(path)
    if path.exists():
        if not path.is_dir():
            raise InputError(f"{path} is a file; this format writes a folder")
        others = sorted(p.name for p in path.iterdir() if p.name not in files)
        if others:
            shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
            raise InputError(
                f"{path} holds other files ({shown}); give a new or empty folder, "
                f"or one an earlier export of this format made"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    old = path.with_name(f".{path.name}.{os.getpid()}.old")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


@dataclass
class Rows:
    """A table to write: header and rows of cells (str), for the CSV-based formats."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def write_csv(path: Path, table: Rows) -> None:
    """Write `table` as UTF-8 CSV (RFC 4180 quoting, ``\\n`` line ends) to `path`."""
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        plain = csv.writer(fh, lineterminator="\n")
        # csv quotes a cell holding "\n" but not one holding only "\r", which readers take
        # for a line end: such rows are quoted whole
        quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for row in (table.header, *table.rows):
            (quoted if any("\r" in cell for cell in row) else plain).writerow(row)


def as_text(value: Any) -> str:
    """A cell for a CSV file: '' for None, true/false for booleans, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
