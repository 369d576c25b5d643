"""Where a project's files are: ontology/, graph/, queries/ under one root folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectError


@dataclass(frozen=True)
class Project:
    """The folders of an alliance-kg project (a checkout of this repository, or a copy)."""

    root: Path

    @property
    def ontology(self) -> Path:
        """The OWL ontology, the only source of vocabulary."""
        return self.root / "ontology" / "alliance.ttl"

    @property
    def shapes(self) -> Path:
        """The SHACL shapes checked on every build."""
        return self.root / "ontology" / "shapes.ttl"

    @property
    def sources(self) -> Path:
        """Documents and their reviewed annotations."""
        return self.root / "graph" / "sources"

    @property
    def store(self) -> Path:
        """The live store (a symlink that `build` swaps)."""
        return self.root / "graph" / "store"

    @property
    def export(self) -> Path:
        """The committed Turtle export."""
        return self.root / "graph" / "alliance.ttl"

    @property
    def queries(self) -> Path:
        """Saved SPARQL queries."""
        return self.root / "queries"

    def source_files(self) -> list[Path]:
        """The project's annotation files, sorted."""
        return sorted([*self.sources.glob("*.yaml"), *self.sources.glob("*.yml")])

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing `start` (default: the working folder), else this checkout."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "ontology" / "alliance.ttl").is_file():
                return cls(folder)
        checkout = Path(__file__).resolve().parents[2]
        if (checkout / "ontology" / "alliance.ttl").is_file():
            return cls(checkout)
        raise ProjectError(
            f"no alliance-kg project (a folder with ontology/alliance.ttl) at or above {here}; "
            "run from the project folder or pass --project"
        )
