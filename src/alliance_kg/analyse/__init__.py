"""Network analysis of the graph: the store projected to NetworkX, then pure functions over it."""

from .projection import ProjectionOptions, project, project_selecting

__all__ = ["ProjectionOptions", "project", "project_selecting"]
