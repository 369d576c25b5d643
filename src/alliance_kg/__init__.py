"""alliance-kg: documents in which alliances are made, as a provenance-tracked knowledge graph.

The package is organised by stage, data flowing one way::

    annotation -> load -> validate -> reason -> store -> export / query / analyse / visualise

The ontology is read through one `ontology.Vocabulary`; every error is an `errors`
class. Nothing here opens a store, reads the environment or loads the ontology at import time.
"""

__version__ = "0.1.0"
