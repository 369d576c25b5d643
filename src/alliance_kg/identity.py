"""Stable, readable identifiers: slugs of canonical labels (docs/design.md, "Identity")."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import pycountry

from .namespaces import AKDOC, AKEV, AKID, AKST

_DROP = re.compile(r"[.'’‘`]")
_RUNS = re.compile(r"-{2,}")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c).startswith("M")


def _fold(text: str) -> str:
    """`text` in lower case (casefolded, NFC) without the accents of Latin, Greek and Cyrillic
    letters; the marks of other scripts (Devanagari vowel signs, …) are part of their words."""
    out: list[str] = []
    base = ""
    # folded after the compatibility decomposition too: 𝐀 (mathematical bold) becomes A first
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold()):
        if not _is_mark(c):
            base = c
        elif base < "\u0530" or "\u1e00" <= base <= "\u1fff":
            continue  # an accent: é is e, ά is α
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def slugify(text: str) -> str:
    """Return the slug of `text`: lower case, accents dropped, words joined by ``-``.

    Letters and digits of every script are kept (an IRI may hold them), so two labels share a
    slug only when they have the same letters and digits: ``Ωmega`` is not ``mega``, ``東京``
    not ``京都`` (they used to lose every non-Latin letter and collide).

    >>> slugify("U.S. Department of Energy")
    'us-department-of-energy'
    >>> slugify("Japan’s RIKEN")
    'japans-riken'
    >>> slugify("Ministry of Education, Culture, Sports, Science and Technology")
    'ministry-of-education-culture-sports-science-and-technology'
    >>> slugify("Bjørn Arild Gram"), slugify("Straße"), slugify("東京")
    ('bjørn-arild-gram', 'strasse', '東京')
    """
    folded = _DROP.sub("", _fold(text))
    words = "".join(c if c.isalnum() or _is_mark(c) else "-" for c in folded)
    return _RUNS.sub("-", words).strip("-")


def entity_iri(slug: str) -> str:
    """IRI of an entity with the given slug."""
    return str(AKID[slug])


def document_iri(doc_id: str) -> str:
    """IRI of a source document."""
    return str(AKDOC[doc_id])


def evidence_iri(doc_id: str, start: int, end: int) -> str:
    """IRI of an evidence span: the document and its character offsets."""
    return str(AKEV[f"{doc_id}_{start}-{end}"])


def statement_iri(doc_id: str, subject: str, predicate: str, obj: str) -> str:
    """IRI of the reified statement `subject predicate obj` as asserted by one document."""
    digest = hashlib.sha256(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
    return str(AKST[f"{doc_id}_{digest}"])


def find_country(iso: str | None, names: Sequence[str]) -> Any | None:
    """The ISO 3166 country (a pycountry record) of a nation: by its `iso` code (alpha-2 or
    alpha-3) when given, else the first of its names pycountry knows; None if neither works.
    Nations are the same entity when their codes agree, whatever their labels."""
    if iso:
        code = iso.upper()
        return pycountry.countries.get(alpha_2=code) or pycountry.countries.get(alpha_3=code)
    for name in names:
        try:
            return pycountry.countries.lookup(name)
        except LookupError:
            continue
    return None
