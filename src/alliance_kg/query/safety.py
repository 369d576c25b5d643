"""Checks before a query runs: it parses, it is not an update, and it calls no SERVICE.

pyoxigraph has no parse-only API and really makes the HTTP request of a ``SERVICE``, so the
word ``service`` is looked for first, in any case, anywhere in the text (even in a string or
a comment). A query without it is parsed by pyoxigraph itself (the engine that will run it)
on an empty in-memory store: its query parser accepts no update (``INSERT``, ``DELETE``,
``LOAD``, ``DROP``, …), nothing there can reach the network, and the result's type says
whether it is a SELECT, an ASK or a graph query. That takes about a millisecond; importing
and running rdflib's SPARQL parser (pyparsing) took most of a second of every CLI query. Any
other text (one that pyoxigraph refuses, or that holds the word) goes through rdflib's SPARQL
1.1 parser as before, for the located syntax error, the refused update and its operations, or
the ``ServiceGraphPattern`` (refused unless ``allow_service``), with the lexical scan for the
keyword outside strings, IRIs and comments as a second check. The parser is imported inside
the functions: importing this module stays cheap.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import QueryRefusedError, QuerySyntaxError

Kind = Literal["select", "ask", "graph"]


def _where(source: str | None, lineno: int, col: int) -> str:
    return f"{source}:{lineno}:{col}" if source else f"line {lineno}, column {col}"


@dataclass(frozen=True)
class Checked:
    """What the fast check learns of a query: its kind and whether it names graphs (FROM)."""

    kind: Kind
    from_clause: bool


def inspect_query(
    text: str, *, source: str | None = None, allow_service: bool = False
) -> tuple[Kind, Any]:
    """Check `text`; return ``(kind, what was learnt)`` or raise why it may not run.

    Updates (INSERT, DELETE, LOAD, DROP, …) are always refused; SERVICE unless `allow_service`.
    The second value is a `Checked` or rdflib's parse tree; `chooses_graphs` reads either.
    """
    if not _without_comments(text).strip():
        raise QuerySyntaxError(f"{source or 'query'}: the query is empty (only blanks or comments)")
    # not even in a string (no lexical scan to trust); and not deeply nested: pyoxigraph's
    # parser recurses and overflows the stack (a crash, not an error) on thousands of braces
    if "service" not in text.lower() and _nesting(text) <= MAX_FAST_NESTING:
        kind = _oxigraph_kind(text)
        if kind is not None:
            return kind, Checked(kind, _lexical_from(text))
    return _inspect_parsed(text, source=source, allow_service=allow_service)


#: deeper bracket nesting than this goes to rdflib's parser, which fails cleanly on it
MAX_FAST_NESTING = 64

_NOT_CODE = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)


def _nesting(text: str) -> int:
    """The deepest nesting of ``{ ( [`` outside comments, strings and IRIs. Never below zero,
    so stray closing brackets cannot hide the openings after them; brackets in a string left
    unterminated are counted (the text goes to rdflib at worst)."""
    depth = deepest = 0
    for ch in _NOT_CODE.sub(" ", text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(depth - 1, 0)
    return deepest


def _oxigraph_kind(text: str) -> Kind | None:
    """The kind of query pyoxigraph parses `text` as (on an empty in-memory store), or None
    when it does not parse it. Only called on text without the word SERVICE."""
    import pyoxigraph as ox

    from ..iris import PREFIXES

    try:
        result = ox.Store().query(text, prefixes=PREFIXES)
    except (SyntaxError, ValueError, OSError):
        return None
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def _inspect_parsed(
    text: str, *, source: str | None = None, allow_service: bool = False
) -> tuple[Kind, Any]:
    """The full check with rdflib's parse tree (`inspect_query` without the fast path)."""
    tree = _parse(text, source)
    services = list(_find(tree, "ServiceGraphPattern"))
    if services and not allow_service:
        targets = ", ".join(sorted({str(s.get("term")) for s in services}))
        raise QueryRefusedError(
            f"{source or 'query'}: federated SERVICE ({targets}) is refused: it would make a "
            "network request; pass --allow-service (allow_service=True) to permit it"
        )
    if _lexical_service(text) and not services and not allow_service:
        raise QueryRefusedError(f"{source or 'query'}: the word SERVICE is refused outside strings")
    name = tree[1].name
    kind: Kind = {"SelectQuery": "select", "AskQuery": "ask"}.get(name, "graph")  # type: ignore[assignment]
    return kind, tree


def _parse(text: str, source: str | None) -> Any:
    """rdflib's parse tree of the query `text`; an update is refused, bad syntax located."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    if not _without_comments(text).strip():
        raise QuerySyntaxError(f"{source or 'query'}: the query is empty (only blanks or comments)")
    try:
        return _parsed(text)
    except ParseException as exc:
        try:
            update = parseUpdate(text)
        except ParseException:
            update = None
        if update is not None and "request" in update and update["request"]:
            ops = sorted({op.name.upper() for op in update["request"]})
            raise QueryRefusedError(
                f"{source or 'query'}: update operations ({', '.join(ops)}) are refused; "
                "the store changes only through `alliance-kg build`"
            ) from None
        raise QuerySyntaxError(
            f"{_where(source, exc.lineno, exc.col)}: SPARQL syntax error: {exc.msg}"
            f" (near {exc.line.strip()[:60]!r})"
        ) from None
    except Exception as exc:  # rdflib raises plain exceptions for some malformed input
        raise QuerySyntaxError(f"{source or 'query'}: SPARQL syntax error: {exc}") from None


@functools.lru_cache(maxsize=32)
def _parsed(text: str) -> Any:
    """rdflib's parse of a query, once per text: `load_saved` checks a file and `run_saved`
    runs the same text, and a parse costs a few tenths of a second (pyparsing)."""
    from rdflib.plugins.sparql.parser import parseQuery

    return parseQuery(text)


def _without_comments(text: str) -> str:
    """`text` without ``#`` comments outside IRIs and strings (enough to see it is empty)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _find(node: Any, name: str) -> Iterable[Any]:
    """Every parse-tree node called `name` under `node` (rdflib CompValue / ParseResults)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == name:
            yield node
        for value in node.values():
            yield from _find(value, name)
    elif isinstance(node, ParseResults | list | tuple):
        for value in node:
            yield from _find(value, name)


def chooses_graphs(tree: Any) -> bool:
    """Whether a checked query names its own graphs (``FROM`` / ``FROM NAMED``)."""
    if isinstance(tree, Checked):
        return tree.from_clause
    return any(True for _ in _find(tree, "DatasetClause"))


_TOKENS = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[?$]?[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*",
    re.DOTALL,
)


def _lexical_service(text: str) -> bool:
    """Whether the keyword SERVICE occurs outside comments, strings and IRIs."""
    return any(m.group(0).upper() == "SERVICE" for m in _TOKENS.finditer(text))


def _lexical_from(text: str) -> bool:
    """Whether the keyword FROM occurs outside comments, strings and IRIs (a dataset clause:
    FROM is a keyword nowhere else in a query)."""
    return any(m.group(0).upper() == "FROM" for m in _TOKENS.finditer(text))
