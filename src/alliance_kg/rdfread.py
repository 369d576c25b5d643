"""The one safe RDF reader: every RDF file a user gives alliance-kg is read through `read_rdf`.

What it guarantees (docs/importing.md, "What is refused"), before and after pyoxigraph parses:

* only a local, regular file is read (a URL string is refused, nothing is fetched);
* the format comes from the content (or an explicit format), never from a wrong suffix alone;
* bytes are strict UTF-8 (a UTF-8 byte-order mark is stripped; bad bytes name file and line);
* RDF/XML with a DOCTYPE or ENTITY declaration is refused before any parser sees it: the
  RDF/XML parser expands entities, and a 669-byte "billion laughs" file exhausts memory;
* JSON-LD is inspected before parsing: a remote or ``file:`` ``@context`` (or ``@import``) is
  refused, so is a relative ``@id`` with no ``@base`` and an ``@id`` that is not an IRI (the
  JSON-LD parser would drop such nodes silently);
* relative IRIs are never resolved (no base IRI is given to the parser), so they are errors;
* ill-typed literals of the XSD types tools compute with (``"abc"^^xsd:integer``), numbers too
  long for them (over `MAX_NUMBER_CHARS`) and control characters are errors with file and line;
* ``owl:imports`` are reported as warnings and never fetched; an empty file is an error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import RdfInputError

if TYPE_CHECKING:
    from rdflib import Graph

#: format names (as `--format` takes them) → pyoxigraph formats
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
#: the file suffix each format is stored under (`alliance-kg import` copies)
SUFFIXES: dict[str, str] = {
    "turtle": ".ttl",
    "ntriples": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "rdfxml": ".rdf",
    "jsonld": ".jsonld",
}
#: what a suffix suggests (only a hint: the content decides between families)
_SUFFIX_HINT: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "rdfxml",
    ".xml": "rdfxml",
    ".owl": "rdfxml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
_FAMILY = {
    "turtle": "turtle",
    "ntriples": "turtle",
    "nquads": "turtle",
    "trig": "turtle",
    "rdfxml": "xml",
    "jsonld": "json",
}
_FAMILY_NAME = {"turtle": "Turtle/N-Triples/TriG", "xml": "XML", "json": "JSON"}

#: the largest file read (bytes); larger ones are refused with this number in the message
MAX_BYTES = 1 << 30
#: numeric literals longer than this are refused (Python's int() stops at 4,300 digits by
#: default, and OWL tools built on it, owlready2 among them, fail with a traceback)
MAX_NUMBER_CHARS = 1000

_XSD = "http://www.w3.org/2001/XMLSchema#"
_OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_START = re.compile(r"<\?xml|<!|<[A-Za-z_][\w.:-]*\s")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TZ = r"(Z|[+-]\d{2}:\d{2})?"
_INT = re.compile(r"[+-]?\d+")
_INTEGERS = [
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
]
_LEXICAL: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(_INTEGERS, _INT),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "double": re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN"),
    "float": re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN"),
    "boolean": re.compile(r"true|false|1|0"),
    "date": re.compile(r"-?\d{4,}-\d{2}-\d{2}" + _TZ),
    "dateTime": re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?" + _TZ),
    "time": re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?" + _TZ),
    "gYear": re.compile(r"-?\d{4,}" + _TZ),
    "gYearMonth": re.compile(r"-?\d{4,}-\d{2}" + _TZ),
}
_NUMERIC = {t for t, rx in _LEXICAL.items() if rx is _INT} | {"decimal", "double", "float"}


@dataclass
class RdfData:
    """What `read_rdf` read: the quads (the file's own graph names kept), the format it was
    read as, and warnings (``owl:imports`` not followed, a suffix that lied)."""

    path: Path
    format: str
    quads: list[ox.Quad]
    warnings: list[str] = field(default_factory=list)
    text: str = ""

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple, whatever graph the file put it in."""
        for q in self.quads:
            yield q.triple

    def line_of(self, needle: str) -> int | None:
        """The first line of the file that contains `needle` (for messages), if any."""
        return _line_of(self.text, needle)


def as_graph(data: RdfData) -> Graph:
    """The triples of `data` (graph names dropped) as an rdflib `Graph`."""
    from rdflib import Graph

    from .store import from_ox

    graph = Graph()
    for t in data.triples():
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph


def format_names() -> list[str]:
    """The format names `read_rdf` (and `--format`) accept."""
    return list(FORMATS)


def read_rdf(path: Path | str, fmt: str | None = None, *, max_bytes: int = MAX_BYTES) -> RdfData:
    """Read one local RDF file safely (see the module doc); `RdfInputError` names file and line.

    `fmt` is one of `FORMATS` (``turtle``, ``rdfxml``, …); without it the format comes from
    the content, the suffix choosing only within the Turtle family (``.nt``, ``.nq``).
    """
    shown = str(path)
    if _URL.match(shown):
        raise RdfInputError(
            shown, None, "only local files are read, not URLs: download it and give the file"
        )
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise RdfInputError(path, None, f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    if not path.exists():
        raise RdfInputError(path, None, "file not found")
    if not path.is_file():
        raise RdfInputError(path, None, "not a regular file (a folder, device or pipe)")
    size = path.stat().st_size
    if size > max_bytes:
        raise RdfInputError(path, None, f"{size:,} bytes; files over {max_bytes:,} are refused")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is legal; the parsers refuse it, so drop it
    text = _decode(path, raw)
    if not text.strip():
        raise RdfInputError(path, None, "empty file: no triples")
    found = sniff(text)
    warnings: list[str] = []
    guessed = fmt is None
    if fmt is None:
        fmt = _choose(path, found, warnings)
    elif _FAMILY[fmt] != found:
        warnings.append(
            f"{path}: read as {fmt} as asked, though the content looks like {_FAMILY_NAME[found]}"
        )
    if fmt == "rdfxml":
        _refuse_dtd(path, raw, text)
        _refuse_owl_xml(path, text)
    if fmt == "jsonld":
        _check_jsonld(path, text)
    try:
        quads = _parse(path, raw, text, fmt)
    except RdfInputError:
        if not guessed or fmt != "trig":
            raise
        try:  # N-Quads is the one Turtle-family format TriG does not read
            quads, fmt = _parse(path, raw, text, "nquads"), "nquads"
        except RdfInputError:
            pass
        else:
            warnings.append(f"{path}: read as N-Quads")
        if fmt == "trig":
            raise
    data = RdfData(path, fmt, quads, warnings, text)
    if not quads:
        raise RdfInputError(path, None, f"no triples (read as {fmt})")
    _check_terms(data)
    for q in quads:
        if q.predicate.value == _OWL_IMPORTS:
            warnings.append(
                f"{path}: owl:imports {q.object} is not fetched; give that file too if its "
                "terms are needed"
            )
    return data


# --------------------------------------------------------------------------- bytes and format


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise RdfInputError(
            path, line, "a NUL byte: binary, or UTF-16; RDF files are read as UTF-8"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RdfInputError(
            path, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None


def _strip_comments(text: str) -> str:
    """The text from its first line that is not blank or a ``#`` comment."""
    for i, line in enumerate(text.splitlines(keepends=True)):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return "".join(text.splitlines(keepends=True)[i:]).lstrip()
    return ""


def sniff(text: str) -> str:
    """The family the content belongs to: ``xml``, ``json`` or ``turtle`` (Turtle, N-Triples,
    N-Quads, TriG)."""
    head = text.lstrip()
    if _XML_START.match(head):
        return "xml"
    if head.startswith("{"):
        return "json"
    if head.startswith("["):
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            return "turtle"  # a Turtle blank node `[ … ]`
        return "json"
    rest = _strip_comments(text)
    return "xml" if _XML_START.match(rest) else "turtle"


def _choose(path: Path, family: str, warnings: list[str]) -> str:
    hint = _SUFFIX_HINT.get(path.suffix.lower())
    if hint is not None and _FAMILY[hint] == family:
        return hint
    if hint is not None:  # e.g. a .ttl that holds RDF/XML, a .owl that holds Turtle
        warnings.append(
            f"{path}: named {path.suffix} but the content is {_FAMILY_NAME[family]}; "
            "read as what it is"
        )
    return {"xml": "rdfxml", "json": "jsonld", "turtle": "trig"}[family]


def _refuse_dtd(path: Path, raw: bytes, text: str) -> None:
    """No DOCTYPE or ENTITY declaration reaches the RDF/XML parser (it expands entities)."""
    if m := _DTD.search(raw):
        line = raw[: m.start()].count(b"\n") + 1
        raise RdfInputError(
            path,
            line,
            f"RDF/XML with a {m.group(1).decode().upper()} declaration is refused "
            "(entity expansion can exhaust memory, and external entities read files); "
            "remove the declaration, or convert the file to Turtle",
        )


def _refuse_owl_xml(path: Path, text: str) -> None:
    m = re.search(r"<(?:[\w.-]+:)?Ontology\b[^>]*xmlns(?::[\w.-]+)?=\"http://www\.w3\.org/2002/07/"
                  r"owl#\"", text[:4096])  # fmt: skip
    if m and "rdf:RDF" not in text[: m.start()] and "22-rdf-syntax-ns#" not in text[: m.end()]:
        raise RdfInputError(
            path,
            _line_of(text, m.group(0)[:20]),
            "OWL/XML, not RDF/XML: save it as RDF/XML or Turtle (Protégé: File › Save as)",
        )


# --------------------------------------------------------------------------- JSON-LD


def _check_jsonld(path: Path, text: str) -> None:
    """Refuse what the JSON-LD parser would fetch or silently drop, before it runs."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RdfInputError(path, exc.lineno, f"not JSON: {exc.msg}") from None
    except RecursionError:
        raise RdfInputError(path, None, "JSON nested too deeply") from None
    has_base = False
    stack: list[object] = [doc]
    ids: list[str] = []
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key in ("@context", "@import"):
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        raise RdfInputError(
                            path,
                            _line_of(text, json.dumps(ctx)),
                            f"JSON-LD {key} {ctx!r} is a remote or file context, which is "
                            "never fetched; put the context inline (an object)",
                        )
            if key == "@base" and isinstance(value, str) and _SCHEME.match(value):
                has_base = True
            if key in ("@id", "@base", "@vocab") and isinstance(value, str):
                ids.append(value)
            elif not key.startswith("@") and ":" in key and not key.startswith("_:"):
                ids.append(key)
            stack.append(value)
    for value in ids:
        if value.startswith("_:") or value == "":
            continue
        if not _SCHEME.match(value):
            if has_base:
                continue
            raise RdfInputError(
                path,
                _line_of(text, json.dumps(value)),
                f"relative IRI {value!r} and no @base: give an absolute IRI (relative IRIs "
                "are never resolved against the file's location)",
            )
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            if value.count(":") == 1 and "/" not in value and " " not in value:
                continue  # a compact IRI (prefix:name), expanded by the context
            raise RdfInputError(
                path, _line_of(text, json.dumps(value)), f"invalid IRI {value!r}: {exc}"
            ) from None


# --------------------------------------------------------------------------- parse and check


def _parse(path: Path, raw: bytes, text: str, fmt: str) -> list[ox.Quad]:
    try:
        return list(ox.parse(raw, FORMATS[fmt]))
    except SyntaxError as exc:
        message = str(exc.msg if getattr(exc, "msg", None) else exc)
        message = re.sub(r"^Parser error at line \d+ (between columns [\d ]+and \d+|column \d+)"
                         r": ", "", message)  # fmt: skip
        message = re.sub(r" \(line \d+\)$", "", message)
        line = exc.lineno
        if "No scheme found in an absolute IRI" in message:
            iri = re.search(r"IRI '([^']*)'", message)
            message = (
                f"relative IRI{f' {iri.group(1)!r}' if iri else ''} and no base: give an "
                "absolute IRI or an @base / xml:base (relative IRIs are never resolved "
                "against the file's location)"
            )
            if iri and line is None:
                line = _line_of(text, iri.group(1))
        elif "No LoadDocumentCallback" in message:
            message = "a remote JSON-LD context, which is never fetched"
        elif line is None:  # RDF/XML errors carry no position: find what they quote
            tokens = re.findall(r"'([^']{1,200})'|`([^`]{1,200})`", message)
            quoted = [t for a, b in tokens if len((t := a or b).strip()) > 1]
            for token in reversed(quoted):  # "… but `X` was found"
                if (line := _line_of(text, token)) is not None:
                    break
        raise RdfInputError(path, line, f"not valid {_label(fmt)}: {message}") from None
    except (ValueError, OSError) as exc:
        raise RdfInputError(path, None, f"cannot read it as {_label(fmt)}: {exc}") from None


def _label(fmt: str) -> str:
    return {
        "turtle": "Turtle",
        "ntriples": "N-Triples",
        "nquads": "N-Quads",
        "trig": "Turtle/TriG",
        "rdfxml": "RDF/XML",
        "jsonld": "JSON-LD",
    }[fmt]


def _check_terms(data: RdfData) -> None:
    """Ill-typed, over-long or control-character literals, and control characters in IRIs."""
    for q in data.quads:
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and _CONTROL.search(term.value):
                _term_error(data, term.value, "an IRI with a control character")
            elif isinstance(term, ox.Literal):
                _check_literal(data, term)


def _check_literal(data: RdfData, lit: ox.Literal) -> None:
    value = lit.value
    if m := _CONTROL.search(value):
        code, before = ord(m.group(0)), value[: m.start()][-40:]
        what = f"a literal with control character U+{code:04X}"
        for needle in (f"{before}\\u{code:04X}", f"{before}\\u{code:04x}", before or value):
            if (line := data.line_of(needle)) is not None:
                raise RdfInputError(data.path, line, what)
        _term_error(data, value, what)
    dtype = lit.datatype.value
    if not dtype.startswith(_XSD):
        return
    local = dtype[len(_XSD) :]
    rx = _LEXICAL.get(local)
    if rx is None:
        return
    lexical = value.strip()
    if local in _NUMERIC and len(lexical) > MAX_NUMBER_CHARS:
        _term_error(
            data,
            value[:40],
            f"an xsd:{local} of {len(lexical):,} characters; numbers longer than "
            f"{MAX_NUMBER_CHARS:,} are refused (OWL tools cannot read them)",
        )
    ok = rx.fullmatch(lexical) is not None
    if ok and local == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", lexical):
        try:
            dt.date.fromisoformat(lexical[:10])
        except ValueError:
            ok = False
    if not ok:
        _term_error(data, value, f"ill-typed literal {value[:80]!r}^^xsd:{local}")


def _term_error(data: RdfData, needle: str, what: str) -> None:
    """Raise for a term, at the first line that has it quoted as a value (else anywhere)."""
    for form in (f'"{needle}"', f">{needle}<", f"<{needle}>", f'"{needle}', needle):
        if (line := data.line_of(form)) is not None:
            raise RdfInputError(data.path, line, what)
    raise RdfInputError(data.path, None, what)


def _line_of(text: str, needle: str) -> int | None:
    if not needle:
        return None
    at = text.find(needle)
    return None if at < 0 else text.count("\n", 0, at) + 1
