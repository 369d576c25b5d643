"""Where a project's files are: a folder marked by ``alliance-kg.toml``.

A project holds its documents and annotations in ``graph/sources/``; the build writes the store
(``graph/store``) and the Turtle export (``graph/alliance.ttl``) beside them. The ontology, the
SHACL shapes and the saved queries are the project's own copies when it has them
(``ontology/alliance.ttl``, ``ontology/shapes.ttl``, ``queries/``), else the ones alliance-kg
ships (`alliance_kg.resources`). `init_project` makes a new one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectError

#: the file that marks a project's root folder
MARKER = "alliance-kg.toml"
#: the marker format this code reads and writes; a newer one is refused
FORMAT = 1

#: the build history beside the store (``graph/history.jsonl``), worth committing
HISTORY = "history.jsonl"

#: what `init_project` writes into ``.gitignore``
GITIGNORE = """\
# made by `alliance-kg build`; rebuilt from graph/sources
graph/store
graph/.stores/
graph/.cache/
graph/.*.new
graph/drafts/
graph/.build.lock
graph/.leases/
graph/.*.tmp
*.tmp
"""

SOURCES_README = """\
Put the documents of this project here, each with its annotation:

  NAME.txt   the document's text, as published
  NAME.yaml  the reviewed annotation: entities, relations, and the sentences behind them

`alliance-kg build` reads every *.yaml (and *.yml) file in this folder.
"""


@dataclass(frozen=True)
class Project:
    """The folders of an alliance-kg project."""

    root: Path

    @property
    def marker(self) -> Path:
        """The ``alliance-kg.toml`` that marks the project (it may be absent in an old one)."""
        return self.root / MARKER

    @property
    def ontology(self) -> Path:
        """The OWL ontology, the only source of vocabulary: the project's copy, else packaged."""
        own = self.root / "ontology" / "alliance.ttl"
        if own.is_file():
            return own
        from .resources import packaged_ontology

        return packaged_ontology()

    @property
    def shapes(self) -> Path:
        """The SHACL shapes checked on every build: the project's copy, else packaged."""
        own = self.root / "ontology" / "shapes.ttl"
        if own.is_file():
            return own
        from .resources import packaged_shapes

        return packaged_shapes()

    @property
    def sources(self) -> Path:
        """Documents and their reviewed annotations."""
        return self.root / "graph" / "sources"

    @property
    def imports(self) -> Path:
        """Imported RDF files (`alliance-kg import`), each loaded into a graph of its own."""
        return self.root / "graph" / "imports"

    @property
    def identities(self) -> Path:
        """Reviewed identity decisions (same / different) every build replays; optional."""
        return self.root / "graph" / "identities.yaml"

    @property
    def store(self) -> Path:
        """The live store (a symlink that `build` swaps)."""
        return self.root / "graph" / "store"

    @property
    def history(self) -> Path:
        """The append-only build history (one JSON line per build; committed, not ignored)."""
        return self.root / "graph" / HISTORY

    @property
    def removed(self) -> Path:
        """Where `alliance-kg remove` moves a document's files (restore by moving them back)."""
        return self.root / "graph" / "removed"

    @property
    def export(self) -> Path:
        """The committed Turtle export."""
        return self.root / "graph" / "alliance.ttl"

    @property
    def queries(self) -> Path:
        """Saved SPARQL queries: the project's ``queries/`` folder, else the packaged ones."""
        own = self.root / "queries"
        if own.is_dir():
            return own
        from .resources import packaged_queries

        return packaged_queries()

    @property
    def name(self) -> str:
        """The name in the marker, else the folder's name."""
        return str(read_marker(self.marker).get("name") or self.root.name)

    def source_files(self) -> list[Path]:
        """The project's annotation files, sorted."""
        return sorted([*self.sources.glob("*.yaml"), *self.sources.glob("*.yml")])

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest project at or above `start` (default: the working folder).

        A folder is a project if it has an ``alliance-kg.toml``, or (older projects, made
        before the marker) both ``ontology/alliance.ttl`` and ``graph/sources/``.
        """
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / MARKER).is_file():
                read_marker(folder / MARKER)
                return cls(folder)
            if (folder / "ontology" / "alliance.ttl").is_file() and (
                folder / "graph" / "sources"
            ).is_dir():
                return cls(folder)
        raise ProjectError(
            f"no alliance-kg project (a folder with {MARKER}) at or above {here}; "
            "run `alliance-kg init DIR` to make one, or pass --project DIR"
        )


def read_marker(path: Path) -> dict[str, object]:
    """The ``[project]`` table of a marker (empty if there is no marker); checks its format."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{path}: not a valid alliance-kg.toml: {exc}") from exc
    table = data.get("project", {})
    if not isinstance(table, dict):
        raise ProjectError(f"{path}: [project] must be a table")
    fmt = table.get("format", FORMAT)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise ProjectError(f"{path}: format must be a positive whole number, not {fmt!r}")
    if fmt > FORMAT:
        raise ProjectError(
            f"{path}: format {fmt} was made by a newer alliance-kg (this one reads format "
            f"{FORMAT}); upgrade alliance-kg"
        )
    return table


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m[0]):04x}", escaped) + '"'


def init_project(folder: Path, name: str | None = None) -> Project:
    """Make a new project in `folder` (created if missing) and return it.

    Writes ``alliance-kg.toml``, ``graph/sources/`` (with a README.txt) and a ``.gitignore``.
    The ontology and queries are not copied: the packaged ones are used until the project has
    its own ``ontology/`` or ``queries/``. Refuses (`ProjectError`, exit 2) a folder that is
    already a project or is a file, and a non-empty folder whose files it would overwrite;
    nothing is written until the checks pass.
    """
    root = folder.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ProjectError(f"{root}: exists and is not a folder")
    if (root / MARKER).exists():
        raise ProjectError(f"{root}: already an alliance-kg project ({MARKER} exists)")
    for rel in (".gitignore", "graph/sources/README.txt"):
        if (root / rel).exists():
            raise ProjectError(f"{root / rel}: exists; init writes only into a new project")
    name = name or root.name
    root.mkdir(parents=True, exist_ok=True)
    (root / "graph" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "graph" / "sources" / "README.txt").write_text(SOURCES_README, encoding="utf-8")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    # the marker last: a folder is a project only once everything else is in place
    marker = root / MARKER
    tmp = marker.with_name(MARKER + ".tmp")
    tmp.write_text(
        f"# an alliance-kg project: `alliance-kg` run in or below this folder uses it\n"
        f"[project]\nname = {_toml_string(name)}\nformat = {FORMAT}\n",
        encoding="utf-8",
    )
    tmp.replace(marker)
    return Project(root)
