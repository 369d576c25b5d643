"""Saved and ad-hoc SPARQL over the store: read ``queries/*.rq``, bind parameters, run safely.

A saved query is a plain SPARQL 1.1 file that runs as-is in any SPARQL tool. Its comment header
gives a title, a description and its parameters::

    # title: Collaboration chain between two organisations
    # description: Paths of collaboration (up to 4 hops) with their length.
    # param: from entity akid:us-department-of-energy — where the chain starts
    PREFIX akid: <https://w3id.org/alliance-kg/id/>
    SELECT ?from ... WHERE {
      VALUES ?from { akid:us-department-of-energy }
      ...
    }

Each parameter has a ``VALUES ?name { EXAMPLE }`` line of its own at the top level of the
outermost ``WHERE`` (so the file runs with the example), and the variable is projected by the
``SELECT``. When a caller gives a value, it is made an RDF term first (a label or slug
resolved to its entity's IRI, a string a literal), and that one line of the trusted file gets
the term as pyoxigraph writes it (N-Triples, every quote, backslash and newline escaped); the
text is parsed again before it runs. So ``x" } ; DROP ALL ; #`` is just a string literal that
matches nothing. The term is not passed through pyoxigraph ``substitutions=`` (SEP-0007), which
`run_query` still offers: pyoxigraph plans a substituted variable as unbound, which made the
entity queries 10-50x slower at a million triples.

Every query is parsed before it runs (rdflib's SPARQL 1.1 parser): updates are refused, and so
is ``SERVICE`` unless ``allow_service`` is set, because pyoxigraph really makes the request.
A query given a store *path* runs in a child process that opens the store read-only and is
killed after ``timeout`` seconds; pyoxigraph cannot stop a running query from Python.

One job per module, all re-exported here:

- `saved`: the saved-file format (`SavedQuery`, `Parameter`, `load_saved`, `find_saved`, …);
- `safety`: the checks before a query runs (`inspect_query`: syntax, updates, SERVICE);
- `terms`: parameter values as RDF terms (`parse_term`, `bind_parameters`) and result terms as
  Python values or table text (`plain`, `compact`);
- `results`: `QueryResult` and its W3C serialisations;
- `run`: `run_query` and `run_saved`, in-process or in a child process with a time limit.

The error classes live with all the others in `alliance_kg.errors`.
"""

from __future__ import annotations

from ..errors import (
    QueryError,
    QueryRefusedError,
    QueryRuntimeError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from .results import QueryResult
from .run import DEFAULT_TIMEOUT, run_query, run_saved
from .safety import Kind, inspect_query
from .saved import (
    PARAM_TYPES,
    Parameter,
    SavedQuery,
    find_saved,
    load_saved,
    read_query_file,
    saved_queries,
)
from .terms import bind_parameters, compact, parse_term, plain

__all__ = [
    "DEFAULT_TIMEOUT",
    "PARAM_TYPES",
    "Kind",
    "Parameter",
    "QueryError",
    "QueryRefusedError",
    "QueryResult",
    "QueryRuntimeError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "SavedQuery",
    "bind_parameters",
    "compact",
    "find_saved",
    "inspect_query",
    "load_saved",
    "parse_term",
    "plain",
    "read_query_file",
    "run_query",
    "run_saved",
    "saved_queries",
]
