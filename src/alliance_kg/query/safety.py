"""Checks before a query runs: it parses, it is not an update, and it calls no SERVICE.

pyoxigraph has no parse-only API and really makes the HTTP request of a ``SERVICE``, so every
query is parsed first with rdflib's SPARQL 1.1 parser: text that parses only as an update
(``INSERT``, ``DELETE``, ``LOAD``, ``DROP``, …) is refused; a ``ServiceGraphPattern`` anywhere
in the tree is refused unless ``allow_service``, and so is the keyword ``SERVICE`` found by a
lexical scan outside strings, IRIs and comments (a second check should the two parsers ever
disagree). The parser is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, Literal

from ..errors import QueryRefusedError, QuerySyntaxError

Kind = Literal["select", "ask", "graph"]


def _where(source: str | None, lineno: int, col: int) -> str:
    return f"{source}:{lineno}:{col}" if source else f"line {lineno}, column {col}"


def inspect_query(
    text: str, *, source: str | None = None, allow_service: bool = False
) -> tuple[Kind, Any]:
    """Parse `text`; return ``(kind, parse tree)`` or raise why it may not run.

    Updates (INSERT, DELETE, LOAD, DROP, …) are always refused; SERVICE unless `allow_service`.
    """
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
    """Whether a parsed query names its own graphs (``FROM`` / ``FROM NAMED``)."""
    return any(True for _ in _find(tree, "DatasetClause"))


_TOKENS = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[?$]?[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*",
    re.DOTALL,
)


def _lexical_service(text: str) -> bool:
    """Whether the keyword SERVICE occurs outside comments, strings and IRIs (a second check)."""
    return any(m.group(0).upper() == "SERVICE" for m in _TOKENS.finditer(text))
