"""alliance-kg: documents in which alliances are made, as a provenance-tracked knowledge graph.

The package is organised by stage, data flowing one way::

    annotation -> load -> validate -> store -> export / query / analyse / visualise / serve

Nothing here opens a store, reads the environment or loads the ontology at import time.
"""

__version__ = "0.1.0"
