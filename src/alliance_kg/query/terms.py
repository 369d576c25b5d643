"""RDF terms in and out of queries: parameter values as terms, result terms as plain values.

A value a caller gives for a parameter becomes an RDF term of the parameter's declared type
(`parse_term`, `bind_parameters`) and is bound through pyoxigraph ``substitutions=``, never
pasted into the query text. Result terms go the other way: `plain` gives Python values (numbers
as int/Decimal/float), `compact` the text of a table cell (IRIs shortened by
`alliance_kg.iris.short`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import QueryError
from ..iris import PREFIXES, short

if TYPE_CHECKING:
    from .saved import SavedQuery

_XSD = "http://www.w3.org/2001/XMLSchema#"

_NUMERIC = {
    _XSD + "integer": int,
    _XSD + "int": int,
    _XSD + "long": int,
    _XSD + "decimal": Decimal,
}


def plain(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (IRIs and blank nodes as strings)."""
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _NUMERIC:
            with contextlib.suppress(ValueError, InvalidOperation):
                return _NUMERIC[dt](term.value)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        if dt in (_XSD + "double", _XSD + "float"):
            with contextlib.suppress(ValueError):
                return float(term.value)
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def compact(term: Any) -> str:
    """A term for a table: IRIs shortened with the project's prefixes, literals as their text."""
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    return str(plain(term))


def parse_term(text: str, type_: str, *, resolve: Any = None) -> Any:
    """A parameter value given as text (CLI ``--param``) as an RDF term of the declared type."""
    if type_ == "string":
        return ox.Literal(text)
    if type_ == "integer":
        try:
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
        except ValueError:
            raise QueryError(f"{text!r} is not an integer") from None
    if type_ == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise QueryError(f"{text!r} is not a decimal number") from None
        if not value.is_finite():
            raise QueryError(f"{text!r} is not a finite number")
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    iri = _as_iri(text)
    if type_ == "iri":
        if iri is None:
            raise QueryError(f"{text!r} is not an IRI (give <https://…>, https://… or akid:name)")
        return ox.NamedNode(iri)
    if resolve is None:
        raise QueryError(f"entity parameter {text!r} needs a store to resolve names")
    return ox.NamedNode(resolve(iri or text).iri)


def _as_iri(text: str) -> str | None:
    """`text` as an absolute IRI if it is one (``<…>``, ``scheme:…``, or a project prefix)."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local):
        return PREFIXES[prefix] + local
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|^`\\]+", text):
        return text
    return None


def bind_parameters(
    saved: SavedQuery, values: Mapping[str, Any], store: ox.Store | None = None
) -> dict[Any, Any]:
    """`substitutions` for `saved` from name → value (text, or an already-built pyoxigraph term).

    Entity values go through `alliance_kg.resolve.resolve_entity` (label, alias, IRI or slug).
    """
    from ..resolve import resolve_entity

    subs: dict[Any, Any] = {}
    for name, value in values.items():
        p = saved.parameter(name)
        if isinstance(value, ox.NamedNode | ox.Literal):
            term = value
        else:
            resolve = (lambda n: resolve_entity(store, n)) if store is not None else None
            try:
                term = parse_term(str(value), p.type, resolve=resolve)
            except QueryError as exc:
                raise QueryError(f"query {saved.name!r}, parameter {name!r}: {exc}") from None
        subs[ox.Variable(name)] = term
    return subs
