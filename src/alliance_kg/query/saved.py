"""The saved-query file format: a ``queries/*.rq`` file, its comment header and parameters.

A saved query is a plain SPARQL 1.1 file that runs as-is in any SPARQL tool. Its comment header
gives a title, a description and its parameters (``# param: NAME TYPE EXAMPLE — description``).
Each parameter has a ``VALUES ?name { EXAMPLE }`` line of its own at the top level of the
outermost ``WHERE`` (so the file runs with the example), and the variable is projected by the
``SELECT``; `load_saved` checks all of it, so that blanking that line and binding the variable
instead (see `alliance_kg.query.run`) means the same query.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import QueryError
from .safety import Checked, Kind, inspect_query

PARAM_TYPES = ("entity", "iri", "string", "integer", "decimal")


@dataclass(frozen=True)
class Parameter:
    """A parameter of a saved query: variable name, type, example (SPARQL term text), meaning."""

    name: str
    type: str
    example: str
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A ``queries/*.rq`` file: its name (file stem), header and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    kind: Kind = "select"
    _values_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name`, or a `QueryError` listing the known ones."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def text_with(self, terms: Mapping[str, Any]) -> str:
        """The query text with each named parameter's ``VALUES`` line holding the given
        pyoxigraph term, written in its N-Triples form by pyoxigraph (for a remote endpoint,
        which cannot take ``substitutions``); the caller checks the text again before use."""
        import pyoxigraph as ox

        lines = self.text.split("\n")
        for name, term in terms.items():
            if not isinstance(term, ox.NamedNode | ox.Literal):
                raise QueryError(f"query {self.name!r}: cannot bind {name!r} to {term!r}")
            i = self._values_lines[name]
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = f"{indent}VALUES ?{name} {{ {term} }}"
        return "\n".join(lines)

    def text_without(self, names: Iterable[str]) -> str:
        """The query text with the example ``VALUES`` line of each of `names` blanked."""
        lines = self.text.split("\n")
        for name in names:
            lines[self._values_lines[name]] = ""
        return "\n".join(lines)


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)\s+(?P<rest>.+)$")
_STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_EXAMPLE = re.compile(rf"^(?P<term>{_STRING}|<[^>\s]*>|\S+)\s*(?:[—–-]+\s*(?P<desc>.*))?$")


def _values_line(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"^[ \t]*VALUES[ \t]+\?{re.escape(name)}[ \t]*\{{[ \t]*"
        rf"(?P<term>(?:{_STRING}|[^}}\s\"'])+)[ \t]*\}}[ \t]*(?:#.*)?$",
        re.IGNORECASE,
    )


def read_query_file(path: Path) -> str:
    """The text of a SPARQL file (saved query, ``--file``, ``--query-file``), or an error that
    names the file and, for a byte that is not UTF-8, its line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise QueryError(f"{path}:{line}: the query file is not UTF-8 text") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise QueryError(f"{path}:{line}: the query file holds a NUL byte; not a text file")
    return text.removeprefix("\ufeff")


def load_saved(path: Path) -> SavedQuery:
    """Read one saved query file and check its header, parameters and syntax."""
    path = Path(path)
    text = read_query_file(path)
    header, params = _read_header(path, text)
    if "title" not in header:
        raise QueryError(f"{path}: the header has no '# title:' line")
    values_lines = _find_values_lines(path, text, params)
    kind, tree = inspect_query(text, source=str(path))
    saved = SavedQuery(
        name=path.stem,
        path=path,
        title=header["title"],
        description=header.get("description", ""),
        parameters=tuple(params),
        text=text,
        kind=kind,
        _values_lines=values_lines,
    )
    if params:
        _check_parameter_placement(saved, tree)
    return saved


def _read_header(path: Path, text: str) -> tuple[dict[str, str], list[Parameter]]:
    """The leading comment lines: ``title``/``description`` values and the parameters."""
    header: dict[str, str] = {}
    params: list[Parameter] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key != "param":
            header[key] = value
            continue
        pm = _PARAM.match(value)
        em = _EXAMPLE.match(pm.group("rest")) if pm else None
        if not pm or not em:
            raise QueryError(
                f"{path}:{lineno}: a parameter line reads "
                "'# param: NAME TYPE EXAMPLE — description'"
            )
        if pm.group("type") not in PARAM_TYPES:
            raise QueryError(
                f"{path}:{lineno}: parameter type {pm.group('type')!r} is not one of "
                f"{', '.join(PARAM_TYPES)}"
            )
        params.append(
            Parameter(pm.group("name"), pm.group("type"), em.group("term"), em.group("desc") or "")
        )
    return header, params


def _find_values_lines(path: Path, text: str, params: list[Parameter]) -> dict[str, int]:
    """Each parameter's one ``VALUES ?name { EXAMPLE }`` line (0-based), checked against the
    header's example."""
    lines = text.split("\n")
    values_lines: dict[str, int] = {}
    for p in params:
        pattern = _values_line(p.name)
        found = [i for i, line in enumerate(lines) if pattern.match(line)]
        if len(found) != 1:
            raise QueryError(
                f"{path}: parameter {p.name!r} needs exactly one line "
                f"'VALUES ?{p.name} {{ {p.example} }}' (found {len(found)})"
            )
        term = pattern.match(lines[found[0]]).group("term")  # type: ignore[union-attr]
        if term != p.example:
            raise QueryError(
                f"{path}:{found[0] + 1}: the VALUES line of {p.name!r} has {term!r}, "
                f"but the header's example is {p.example!r}"
            )
        values_lines[p.name] = found[0]
    return values_lines


def saved_queries(folder: Path) -> list[SavedQuery]:
    """Every saved query in `folder` (``*.rq``), sorted by name."""
    return [load_saved(p) for p in sorted(Path(folder).glob("*.rq"))]


def find_saved(folder: Path, name: str) -> SavedQuery:
    """The saved query called `name` (file stem, or a path to a .rq file)."""
    candidate = Path(name)
    if candidate.suffix == ".rq" and candidate.is_file():
        return load_saved(candidate)
    path = Path(folder) / f"{name}.rq"
    if path.is_file():
        return load_saved(path)
    names = sorted(p.stem for p in Path(folder).glob("*.rq"))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(
        f"no saved query {name!r} in {folder}{hint} (`alliance-kg query list` shows them)"
    )


def _check_parameter_placement(saved: SavedQuery, tree: Any) -> None:
    """Each parameter's VALUES is top-level in WHERE and its variable is projected."""
    checked = isinstance(tree, Checked)
    top, projected = scan_placement(saved.text) if checked else placement(tree)
    for p in saved.parameters:
        if p.name not in top:
            raise QueryError(
                f"{saved.path}: the VALUES line of parameter {p.name!r} must be at the top level "
                "of the outermost WHERE, so that binding it means the same as the example"
            )
        if projected is not None and p.name not in projected:
            raise QueryError(
                f"{saved.path}: parameter {p.name!r} must be projected by the SELECT "
                "(pyoxigraph binds only projected variables)"
            )


def placement(tree: Any) -> tuple[set[str], set[str] | None]:
    """From rdflib's parse tree: the variables of one-variable VALUES blocks at the top level of
    the outermost WHERE, and the variables the SELECT projects (None: not a SELECT, or ``*``)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    query = tree[1]
    projected = None
    if query.name == "SelectQuery" and "projection" in query and query["projection"]:
        projected = {
            str(v.get("var") or v.get("evar"))
            for v in query["projection"]
            if isinstance(v, CompValue)
        }
    top = {
        str(part["var"][0])
        for part in query["where"].get("part", [])
        if isinstance(part, CompValue) and part.name == "InlineData" and len(part["var"]) == 1
    }
    return top, projected


_SCAN = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[?$]\w+|[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*|[{}()*]",
    re.DOTALL,
)


def scan_placement(text: str) -> tuple[set[str], set[str] | None]:
    """`placement` read from the tokens of a query that parses (no parse tree needed).

    Braces and parentheses are counted outside comments, strings and IRIs: the outermost WHERE
    is the group after the top-level ``WHERE`` (else the first top-level group), its top level
    is brace depth 1 in it; the SELECT projects the variables between SELECT and that group
    outside parentheses, and each ``AS ?v``. `tests/test_query.py` checks it gives what
    `placement` reads from rdflib's tree, on every saved query and on tricky texts.
    """
    tokens = [m.group(0) for m in _SCAN.finditer(text) if not m.group(0).startswith("#")]
    upper = [t.upper() for t in tokens]
    levels = []  # brace depth before each token
    depth = 0
    for t in tokens:
        levels.append(depth)
        depth += (t == "{") - (t == "}")
    where_at = next((i for i, t in enumerate(upper) if t == "WHERE" and levels[i] == 0), None)
    start = next(
        (
            i
            for i, t in enumerate(tokens)
            if t == "{" and levels[i] == 0 and (where_at is None or i > where_at)
        ),
        None,
    )
    top: set[str] = set()
    if start is not None:
        depth = 0
        for i in range(start, len(tokens)):
            t = tokens[i]
            if t == "{":
                depth += 1
            elif t == "}":
                depth -= 1
                if depth == 0:
                    break
            elif depth == 1 and upper[i] == "VALUES":
                names = _values_vars(tokens, i + 1)
                if len(names) == 1:
                    top.add(names[0])
    projected: set[str] | None = None
    select = next((i for i, t in enumerate(upper) if t == "SELECT"), None)
    if select is not None and (start is None or select < start):
        end = where_at if where_at is not None else start
        clause = tokens[select + 1 : end]
        if "*" not in clause:
            projected = set()
            parens = 0
            for j, t in enumerate(clause):
                parens += (t == "(") - (t == ")")
                if t[0] in "?$" and (parens == 0 or (j and clause[j - 1].upper() == "AS")):
                    projected.add(t[1:])
    return top, projected


def _values_vars(tokens: list[str], i: int) -> list[str]:
    """The variables of the VALUES block whose first token after VALUES is at `i`."""
    if i < len(tokens) and tokens[i][0] in "?$":
        return [tokens[i][1:]]
    names = []
    if i < len(tokens) and tokens[i] == "(":
        for t in tokens[i + 1 :]:
            if t == ")":
                break
            names.append(t[1:])
    return names
