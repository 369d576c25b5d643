"""Network analysis of the graph: the store projected to NetworkX, then pure functions over it."""

from .projection import ProjectionOptions, project

__all__ = ["ProjectionOptions", "project"]
