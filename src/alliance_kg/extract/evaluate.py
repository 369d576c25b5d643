"""Score a drafted annotation against a reviewed gold: precision, recall and F1, with the misses.

`evaluate(draft, gold, vocab)` reads both files with the strict YAML loader. Each is either an
annotation file (``document:``, the format `build` reads; any item may also carry
``confidence``, ``rule`` or ``explain``, which are ignored) or a gold file (``doc:``, entities
with ``mentions``, optional entities and relations, investments). An annotation used as gold
counts its entities' label and aliases as mentions, lifts each class to its core class, and
requires all its relations and investments (nothing is optional).

The rules (docs/extraction.md, "Evaluating a draft"):

* A drafted entity finds a gold entity when one of its names (label, aliases) equals one of the
  gold entity's (label, mentions) after `normalise`, and its class is the gold class or a
  subclass of it. Entities are paired one to one (most pairs, then the closest names); a drafted
  entity left over that would have found a gold entity is a second copy of it and counts against
  precision. Topics, investments and commitments are not scored as entities; optional entities
  found count neither way, missed ones are not misses.
* A drafted relation finds a gold relation when both ends are mapped to the gold relation's ends
  (through the entity pairing, second copies included) and its property is the gold property or a
  sub-property of it; a symmetric gold property matches either way round, and a property with an
  ``owl:inverseOf`` matches the inverse statement. ``investsIn`` also follows from each drafted
  investment's investor × target. A relation with an end that is an investment or commitment, or
  a topic the gold does not list, is not judged; one matching only an optional relation counts
  neither way; drafted relations that say the same thing count once.
* Money: a gold investment is right when a drafted investment has the same investor set and
  target set (mapped as above; a gold side that names no entity is not compared), the same
  amount (``amount_usd``, else ``amount`` and ``currency``) and the same qualifier.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from ..amounts import QUALIFIERS, parse_amount
from ..errors import AnnotationError, InputError, ProjectError, UnknownTermError
from ..ontology import Vocabulary
from ..yamlio import line_of, read_yaml

Format = Literal["annotation", "gold"]
Role = Literal["draft", "gold"]

#: keys a draft may put on any item, which scoring ignores (how sure the extractor was, and why)
IGNORED_KEYS = ("confidence", "rule", "explain")
#: core classes whose members are not scored as entities
NOT_SCORED = frozenset({"Topic", "Investment", "Commitment"})

_EXPECTED = (
    "expected an annotation file (document:, entities:, relations:, …) "
    "or a gold file (doc:, entities: with mentions:, relations:, …)"
)
_GOLD_KEYS = (
    "doc",
    "entities",
    "optional_entities",
    "relations",
    "optional_relations",
    "investments",
    "note",
)
_GOLD_ENTITY_KEYS = ("label", "class", "mentions", "note", *IGNORED_KEYS)
_GOLD_INVESTMENT_KEYS = (
    "label",
    "investor",
    "target",
    "locations",
    "amount_usd",
    "amount",
    "currency",
    "qualifier",
    "aggregate",
    "note",
    *IGNORED_KEYS,
)
_ANNOTATION_LISTS = ("entities", "relations", "investments", "commitments")


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Finding:
    """One miss or false hit: what it is, why it counts, and the line it was written on."""

    item: str
    why: str
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        return {"item": self.item, "why": self.why, "line": self.line}


def _ratio(part: int, whole: int) -> float:
    """part / whole, 1.0 when there is nothing to divide (no claim is no false claim)."""
    return part / whole if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of entities or relations, with the misses and false hits."""

    found: int  # required gold items found
    required: int  # required gold items
    correct: int  # drafted items that find a required gold item
    optional: int  # drafted items that find only an optional gold item (not counted)
    not_judged: int  # drafted items the rules leave out (topics not in the gold, n-ary ends)
    misses: tuple[Finding, ...] = ()  # required gold items not found
    false_hits: tuple[Finding, ...] = ()  # drafted items that find nothing, required or optional

    @property
    def precision(self) -> float:
        """Drafted items right, of the drafted items judged."""
        return _ratio(self.correct, self.correct + len(self.false_hits))

    @property
    def recall(self) -> float:
        """Required gold items found, of all required gold items."""
        return _ratio(self.found, self.required)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        return _f1(self.precision, self.recall)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record: the three scores, the counts and the two lists."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "found": self.found,
            "required": self.required,
            "correct": self.correct,
            "false": len(self.false_hits),
            "optional": self.optional,
            "not_judged": self.not_judged,
            "misses": [f.as_dict() for f in self.misses],
            "false_hits": [f.as_dict() for f in self.false_hits],
        }


@dataclass(frozen=True)
class MoneyScore:
    """How many gold investments a drafted investment gets exactly right (parties and amount)."""

    right: int
    total: int
    misses: tuple[Finding, ...] = ()  # gold investments no drafted one gets right
    unmatched: tuple[Finding, ...] = ()  # drafted investments that get no gold one right

    def text(self) -> str:
        """``amounts exactly right: k of n``."""
        return f"amounts exactly right: {self.right} of {self.total}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        return {
            "right": self.right,
            "of": self.total,
            "misses": [f.as_dict() for f in self.misses],
            "unmatched": [f.as_dict() for f in self.unmatched],
        }


@dataclass(frozen=True)
class Scores:
    """A draft scored against a gold: entities, relations, money, and notes on the input."""

    draft: Path
    gold: Path
    draft_format: Format
    gold_format: Format
    entities: Score
    relations: Score
    money: MoneyScore
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record of everything."""
        return {
            "draft": str(self.draft),
            "gold": str(self.gold),
            "draft_format": self.draft_format,
            "gold_format": self.gold_format,
            "entities": self.entities.as_dict(),
            "relations": self.relations.as_dict(),
            "money": self.money.as_dict(),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- names

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "ʼ": "'"})
_DASHES = re.compile(r"[-‐‑‒–—―/]+")
_THE = re.compile(r"^the\s+")
_US = re.compile(r"^u\.?\s?s\.?\s+")


def normalise(name: str) -> str:
    """A name as compared: case, punctuation and a leading "the" / "U.S." ignored."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_QUOTES).strip()
    text = _THE.sub("", text)
    text = _US.sub("", text) or text
    text = _DASHES.sub(" ", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace())
    return " ".join(text.split())


# --------------------------------------------------------------------------- what a file says


@dataclass(frozen=True)
class _Entity:
    label: str
    cls: str
    names: tuple[str, ...]  # label first, then aliases or mentions
    line: int | None
    optional: bool = False


@dataclass(frozen=True)
class _Relation:
    subject: str
    prop: str
    object: str
    line: int | None
    optional: bool = False
    via: str = ""  # "the investment at line N" for a derived investsIn


@dataclass(frozen=True)
class _Investment:
    investors: tuple[str, ...]
    targets: tuple[str, ...]  # for a gold file, `target` and then `locations`
    value: Decimal | None
    currency: str | None
    qualifier: str | None
    line: int | None
    shown: str  # "Japan → United States", as the file writes the parties

    @property
    def amount(self) -> tuple[Decimal | None, str | None, str | None]:
        """What must agree: value, currency and the canonical qualifier."""
        return self.value, self.currency, _qualifier(self.qualifier)

    def text(self) -> str:
        """``Japan → United States: up to $73,000,000,000``."""
        return f"{self.shown}: {_money_text(*self.amount)}"


def _shown(investors: Sequence[str], targets: Sequence[str]) -> str:
    """The parties of an investment for people: ``Japan → United States``."""
    return f"{' + '.join(investors) or '(no investor)'} → {' + '.join(targets) or '(no target)'}"


@dataclass
class _File:
    """One side (draft or gold) read into the few things scoring looks at."""

    path: Path
    format: Format
    entities: list[_Entity] = field(default_factory=list)
    relations: list[_Relation] = field(default_factory=list)
    investments: list[_Investment] = field(default_factory=list)
    nary: set[str] = field(default_factory=set)  # names of investments and commitments
    warnings: list[str] = field(default_factory=list)
    _index: list[dict[str, int]] | None = field(default=None, repr=False)

    def find(self, name: str) -> int | None:
        """The entity a name refers to: exact label, exact alias, then normalised, first wins."""
        if self._index is None:
            self._index = [{}, {}, {}, {}]
            for i, e in enumerate(self.entities):
                self._index[0].setdefault(e.label.casefold(), i)
                self._index[2].setdefault(normalise(e.label), i)
                for n in e.names:
                    self._index[1].setdefault(n.casefold(), i)
                    self._index[3].setdefault(normalise(n), i)
        for tier, key in zip(
            self._index,
            (name.casefold(), name.casefold(), normalise(name), normalise(name)),
            strict=True,
        ):
            if key and key in tier:
                return tier[key]
        return None

    def is_nary(self, name: str) -> bool:
        """Whether a name is that of an investment or commitment (not an entity)."""
        return name.casefold() in self.nary or normalise(name) in self.nary


def _read(path: Path, vocab: Vocabulary, role: Role) -> _File:
    """Read a draft or gold file, telling the two formats apart by their keys."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        found = "a list" if isinstance(raw, list) else "a single value"
        found = "an empty file" if raw is None else found
        raise AnnotationError(
            path, getattr(raw, "line", None) or None, f"{_EXPECTED}; found {found}"
        )
    if "doc" in raw and "document" in raw:
        raise AnnotationError(
            path,
            line_of(raw, ("doc",)),
            "has both doc: (a gold file) and document: (an annotation file); " + _EXPECTED,
        )
    if "document" in raw:
        return _read_annotation(path, raw, vocab, role)
    if "doc" in raw:
        return _read_gold(path, raw, vocab)
    keys = ", ".join(f"{k}:" for k in list(raw)[:5]) or "none"
    raise AnnotationError(path, getattr(raw, "line", None), f"{_EXPECTED}; top-level keys: {keys}")


def _class_problem(vocab: Vocabulary, cls: str) -> str | None:
    """Why `cls` is not a class of the ontology, or None."""
    try:
        term = vocab.term(cls)
    except UnknownTermError as exc:
        return str(exc)
    return None if term.kind == "class" else f"{cls!r} is {_a(term.kind)}, not a class"


def _property_problem(vocab: Vocabulary, prop: str) -> str | None:
    """Why `prop` is not an object property of the ontology, or None."""
    try:
        term = vocab.term(prop)
    except UnknownTermError as exc:
        return str(exc)
    return None if term.kind == "object property" else f"{prop!r} is {_a(term.kind)}"


def _a(noun: str) -> str:
    """The noun with its indefinite article ("an object property", "a class")."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _read_annotation(path: Path, raw: Any, vocab: Vocabulary, role: Role) -> _File:
    """An annotation file, checked by the annotation models (the ignored keys taken out)."""
    from pydantic import ValidationError as PydanticValidationError

    from ..annotation import Annotation, _pydantic_error

    for section in _ANNOTATION_LISTS:
        items = raw.get(section)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                for key in IGNORED_KEYS:
                    item.pop(key, None)
    try:
        model = Annotation.model_validate(raw)
    except PydanticValidationError as exc:
        raise _pydantic_error(path, raw, exc) from None
    out = _File(path, "annotation")
    for i, e in enumerate(model.entities):
        line = line_of(raw, ("entities", i))
        cls = e.class_
        if problem := _class_problem(vocab, cls):
            if role == "gold":
                raise AnnotationError(path, line, f"entities[{i}].class: {problem}")
            out.warnings.append(f"{path}:{line}: {e.label!r}: {problem}; scored as a wrong class")
        else:
            cls = vocab.term(cls).name
            if role == "gold":  # the gold format's classes are core classes
                cls = vocab.core_class(cls) or cls
        out.entities.append(_Entity(e.label, cls, (e.label, *e.aliases), line))
    for i, r in enumerate(model.relations):
        line = line_of(raw, ("relations", i))
        if role == "gold" and (problem := _property_problem(vocab, r.property)):
            raise AnnotationError(path, line, f"relations[{i}].property: {problem}")
        out.relations.append(_Relation(r.subject, r.property, r.object, line))
    for specs in (model.investments, model.commitments):
        for spec in specs:
            out.nary |= {
                n
                for name in (spec.label, *spec.aliases)
                for n in (name.casefold(), normalise(name))
            }
    for i, inv in enumerate(model.investments):
        line = line_of(raw, ("investments", i))
        value = currency = qualifier = None
        if inv.amount is not None:
            try:
                amount = parse_amount(inv.amount)
            except InputError as exc:
                if role == "gold":
                    raise AnnotationError(path, line, f"investments[{i}].amount: {exc}") from None
                out.warnings.append(f"{path}:{line}: {exc}; the amount is scored as missing")
            else:
                value, currency, qualifier = amount.value, amount.currency, amount.qualifier
        out.investments.append(
            _Investment(
                tuple(inv.investor),
                tuple(inv.target),
                value,
                currency,
                qualifier,
                line,
                _shown(inv.investor, inv.target),
            )
        )
    return out


def _fail(path: Path, raw: Any, loc: tuple[Any, ...], message: str) -> AnnotationError:
    """An error at `loc` of a gold file: file:line, the field, what was expected."""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return AnnotationError(path, line_of(raw, loc), f"{where}: {message}" if where else message)


def _text(path: Path, raw: Any, loc: tuple[Any, ...], value: Any) -> str:
    """A non-empty string, or a clear error."""
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, raw, loc, f"expected text, found {value!r}")
    return value.strip()


def _texts(path: Path, raw: Any, loc: tuple[Any, ...], value: Any) -> tuple[str, ...]:
    """A list of strings (one string, or null for none, also accepted)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (_text(path, raw, loc, value),)
    if not isinstance(value, list):
        raise _fail(path, raw, loc, f"expected a list of names, found {value!r}")
    return tuple(_text(path, raw, (*loc, i), v) for i, v in enumerate(value))


def _mappings(path: Path, raw: Any, key: str, allowed: Sequence[str]) -> list[tuple[int, Any]]:
    """The items of a list of mappings, each checked to have only `allowed` keys."""
    items = raw.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise _fail(path, raw, (key,), "expected a list")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(path, raw, (key, i), f"expected a mapping ({', '.join(allowed)})")
        for k in item:
            if k not in allowed:
                raise _fail(path, raw, (key, i, k), f"unknown field; expected {', '.join(allowed)}")
    return list(enumerate(items))


def _read_gold(path: Path, raw: Any, vocab: Vocabulary) -> _File:
    """A gold file (the eval set's format), checked strictly whichever side it is on."""
    for k in raw:
        if k not in _GOLD_KEYS:
            raise _fail(path, raw, (k,), f"unknown key; a gold file has {', '.join(_GOLD_KEYS)}")
    _text(path, raw, ("doc",), raw["doc"])
    out = _File(path, "gold")
    for key in ("entities", "optional_entities"):
        for i, item in _mappings(path, raw, key, _GOLD_ENTITY_KEYS):
            label = _text(path, raw, (key, i, "label"), item.get("label"))
            cls = _text(path, raw, (key, i, "class"), item.get("class"))
            if problem := _class_problem(vocab, cls):
                raise _fail(path, raw, (key, i, "class"), problem)
            if "mentions" not in item:
                raise _fail(
                    path, raw, (key, i), "mentions: required (the surface forms in the text)"
                )
            mentions = _texts(path, raw, (key, i, "mentions"), item["mentions"])
            names = (label, *(m for m in mentions if m != label))
            entity = _Entity(
                label,
                vocab.term(cls).name,
                names,
                line_of(raw, (key, i)),
                optional=key == "optional_entities",
            )
            out.entities.append(entity)
    for key in ("relations", "optional_relations"):
        items = raw.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise _fail(path, raw, (key,), "expected a list of [subject, property, object]")
        for i, item in enumerate(items):
            if not (isinstance(item, list) and len(item) == 3):
                raise _fail(
                    path, raw, (key, i), f"expected [subject, property, object], found {item!r}"
                )
            s, p, o = (_text(path, raw, (key, i), v) for v in item)
            if problem := _property_problem(vocab, p):
                raise _fail(path, raw, (key, i), problem)
            for end in (s, o):
                if out.find(end) is None:
                    raise _fail(
                        path,
                        raw,
                        (key, i),
                        f"{end!r} is not the label or a mention of an entity of this file",
                    )
            out.relations.append(
                _Relation(
                    s,
                    vocab.term(p).name,
                    o,
                    line_of(raw, (key, i)),
                    optional=key == "optional_relations",
                )
            )
    for i, item in _mappings(path, raw, "investments", _GOLD_INVESTMENT_KEYS):
        out.investments.append(_gold_investment(path, raw, i, item))
    return out


def _number(path: Path, raw: Any, loc: tuple[Any, ...], value: Any) -> Decimal:
    """A whole or decimal number, or a clear error."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(path, raw, loc, f"expected a number, found {value!r}")
    try:
        return Decimal(str(value).replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise _fail(path, raw, loc, f"expected a number, found {value!r}") from None


def _gold_investment(path: Path, raw: Any, i: int, item: Any) -> _Investment:
    """One investment of a gold file: parties as names, the amount as value and currency."""
    loc = ("investments", i)
    investors = _texts(path, raw, (*loc, "investor"), item.get("investor"))
    target = _texts(path, raw, (*loc, "target"), item.get("target"))
    targets = target + _texts(path, raw, (*loc, "locations"), item.get("locations"))
    value: Decimal | None = None
    currency: str | None = None
    qualifier = item.get("qualifier")
    if qualifier is not None:
        qualifier = _text(path, raw, (*loc, "qualifier"), qualifier)
    if item.get("amount_usd") is not None:
        value, currency = _number(path, raw, (*loc, "amount_usd"), item["amount_usd"]), "USD"
    elif isinstance(item.get("amount"), str) and not _is_number(item["amount"]):
        try:
            amount = parse_amount(item["amount"])
        except InputError as exc:
            raise _fail(path, raw, (*loc, "amount"), str(exc)) from None
        value, currency, qualifier = amount.value, amount.currency, qualifier or amount.qualifier
        if item.get("currency") is not None:
            currency = _text(path, raw, (*loc, "currency"), item["currency"]).upper()
    elif item.get("amount") is not None:
        value = _number(path, raw, (*loc, "amount"), item["amount"])
        if item.get("currency") is None:
            raise _fail(path, raw, loc, "amount without currency (or give amount_usd)")
        currency = _text(path, raw, (*loc, "currency"), item["currency"]).upper()
    shown = _shown(investors, target or targets)
    return _Investment(investors, targets, value, currency, qualifier, line_of(raw, loc), shown)


def _is_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        return False
    return True


# --------------------------------------------------------------------------- entities


@dataclass
class _Pairing:
    """Which drafted entity found which gold entity."""

    pairs: dict[int, int]  # drafted → gold, one to one
    copies: dict[int, int]  # drafted → gold: a second copy of an entity paired already
    clashes: dict[int, list[int]]  # drafted → gold entities sharing a name but not the class

    def gold_of(self, d: int | None) -> int | None:
        """The gold entity a drafted entity stands for (a pair or a copy), if any."""
        if d is None:
            return None
        return self.pairs.get(d, self.copies.get(d))


def _closeness(d: _Entity, g: _Entity) -> int:
    """3: the labels agree; 2: one's label is among the other's names; 1: other names agree."""
    dl, gl = normalise(d.label), normalise(g.label)
    if dl == gl:
        return 3
    if dl in {normalise(n) for n in g.names} or gl in {normalise(n) for n in d.names}:
        return 2
    return 1


def _pair(draft: _File, gold: _File, vocab: Vocabulary) -> _Pairing:
    """Pair drafted and gold entities: most pairs first, then the closest names, then required."""
    import networkx as nx

    by_name: dict[str, list[int]] = {}
    for j, g in enumerate(gold.entities):
        for n in {normalise(n) for n in g.names} - {""}:
            by_name.setdefault(n, []).append(j)
    candidates: dict[int, list[int]] = {}
    clashes: dict[int, list[int]] = {}
    graph = nx.Graph()
    for i, d in enumerate(draft.entities):
        near = sorted({j for n in {normalise(n) for n in d.names} for j in by_name.get(n, [])})
        for j in near:
            g = gold.entities[j]
            if vocab.is_a(d.cls, g.cls):
                candidates.setdefault(i, []).append(j)
                weight = 2 * _closeness(d, g) + (0 if g.optional else 1)
                graph.add_edge(("d", i), ("g", j), weight=weight)
            else:
                clashes.setdefault(i, []).append(j)
    pairs: dict[int, int] = {}
    for a, b in nx.max_weight_matching(graph, maxcardinality=True):
        d_node, g_node = (a, b) if a[0] == "d" else (b, a)
        pairs[d_node[1]] = g_node[1]
    copies = {
        i: max(
            js,
            key=lambda j: (
                _closeness(draft.entities[i], gold.entities[j]),
                not gold.entities[j].optional,
                -j,
            ),
        )
        for i, js in candidates.items()
        if i not in pairs
    }
    return _Pairing(pairs, copies, clashes)


def _scored(vocab: Vocabulary, cls: str) -> bool:
    """Whether entities of `cls` are scored (topics, investments and commitments are not)."""
    return vocab.core_class(cls) not in NOT_SCORED


def _score_entities(draft: _File, gold: _File, pairing: _Pairing, vocab: Vocabulary) -> Score:
    """Entity precision and recall from the pairing."""
    paired_gold = {g: d for d, g in pairing.pairs.items()}
    required = [j for j, g in enumerate(gold.entities) if not g.optional and _scored(vocab, g.cls)]
    misses = []
    for j in required:
        if j in paired_gold:
            continue
        g = gold.entities[j]
        clash = next((draft.entities[i] for i, js in pairing.clashes.items() if j in js), None)
        why = "not drafted"
        if clash is not None:
            why = (
                f"drafted as {clash.label!r} (line {clash.line}) with class {clash.cls}, "
                f"not {g.cls} or a subclass of it"
            )
        misses.append(Finding(f"{g.label} ({g.cls})", why, g.line))
    correct = optional = not_judged = 0
    false_hits = []
    for i, d in enumerate(draft.entities):
        if not _scored(vocab, d.cls):
            not_judged += 1
            continue
        if i in pairing.pairs:
            if gold.entities[pairing.pairs[i]].optional:
                optional += 1
            else:
                correct += 1
            continue
        false_hits.append(
            Finding(f"{d.label} ({d.cls})", _why_false(i, draft, gold, pairing, vocab), d.line)
        )
    return Score(
        len(required) - len(misses),
        len(required),
        correct,
        optional,
        not_judged,
        tuple(misses),
        tuple(false_hits),
    )


def _why_false(i: int, draft: _File, gold: _File, pairing: _Pairing, vocab: Vocabulary) -> str:
    """Why a drafted entity finds nothing: a second copy, a wrong class, or no such name."""
    d = draft.entities[i]
    if i in pairing.copies:
        g = gold.entities[pairing.copies[i]]
        first = next(draft.entities[k] for k, j in pairing.pairs.items() if j == pairing.copies[i])
        return f"a second copy of {g.label!r} (found as {first.label!r}, line {first.line})"
    if i in pairing.clashes:
        g = gold.entities[pairing.clashes[i][0]]
        unknown = _class_problem(vocab, d.cls) is not None
        known = " (a class the ontology does not define)" if unknown else ""
        return f"class {d.cls}{known} is not {g.cls} or a subclass of it (gold: {g.label!r})"
    return "matches no gold entity, required or optional"


# --------------------------------------------------------------------------- relations


def _investsin(file: _File) -> list[_Relation]:
    """``investsIn`` from each investment's investor × target (names that are entities only)."""
    out = []
    for inv in file.investments:
        investors = [n for n in inv.investors if file.find(n) is not None]
        targets = [n for n in inv.targets if file.find(n) is not None]
        via = f"investsIn from the investment at line {inv.line}"
        out += [_Relation(a, "investsIn", b, inv.line, via=via) for a in investors for b in targets]
    return out


@dataclass(frozen=True)
class _GoldRelation:
    subject: int
    prop: str  # IRI
    object: int
    optional: bool
    text: str
    line: int | None


def _gold_relations(gold: _File, vocab: Vocabulary, warnings: list[str]) -> list[_GoldRelation]:
    """The gold's relations with ends resolved, one per statement (required wins)."""
    stated = gold.relations + (_investsin(gold) if gold.format == "annotation" else [])
    seen: dict[tuple[int, str, int], int] = {}
    out: list[_GoldRelation] = []
    for r in stated:
        s, o = gold.find(r.subject), gold.find(r.object)
        if (s is None and gold.is_nary(r.subject)) or (o is None and gold.is_nary(r.object)):
            continue  # about an investment or commitment: not a relation between entities
        if s is None or o is None:
            missing = r.subject if s is None else r.object
            warnings.append(
                f"{gold.path}:{r.line}: {missing!r} is no entity of the gold file; "
                "the relation is left out"
            )
            continue
        term = vocab.term(r.prop)
        key = (min(s, o), term.iri, max(s, o)) if term.symmetric else (s, term.iri, o)
        text = f"{gold.entities[s].label} {term.name} {gold.entities[o].label}"
        rel = _GoldRelation(s, term.iri, o, r.optional, text, r.line)
        if key not in seen:
            seen[key] = len(out)
            out.append(rel)
        elif out[seen[key]].optional and not r.optional:
            out[seen[key]] = rel
    return out


def _readings(
    vocab: Vocabulary, s: int, prop: str, o: int
) -> list[tuple[int, frozenset[str], int]]:
    """(subject, the property and its super-properties, object) of a statement and its inverses."""
    if _property_problem(vocab, prop) is not None:
        return []
    term = vocab.term(prop)
    out = [(s, vocab.superproperties(term.iri), o)]
    out += [(o, vocab.superproperties(inv), s) for inv in sorted(term.inverses)]
    return out


def _finds(reading: tuple[int, frozenset[str], int], rel: _GoldRelation, vocab: Vocabulary) -> bool:
    """Whether one reading of a drafted statement is the gold relation `rel`."""
    s, props, o = reading
    if rel.prop not in props:
        return False
    if (s, o) == (rel.subject, rel.object):
        return True
    term = vocab.get(rel.prop)
    return term is not None and term.symmetric and (o, s) == (rel.subject, rel.object)


def _score_relations(
    draft: _File, gold: _File, pairing: _Pairing, vocab: Vocabulary, warnings: list[str]
) -> Score:
    """Relation precision and recall: drafted statements (and investsIn) against the gold's."""
    golds = _gold_relations(gold, vocab, warnings)
    found: set[int] = set()
    right: set[frozenset[int]] = set()
    optional: set[frozenset[int]] = set()
    wrong: dict[tuple[Any, ...], Finding] = {}
    not_judged = 0
    for r in [*draft.relations, *_investsin(draft)]:
        names = (r.subject, r.object)
        ends = [draft.find(r.subject), draft.find(r.object)]
        if any(e is None and draft.is_nary(n) for e, n in zip(ends, names, strict=True)):
            not_judged += 1  # about an investment or commitment: not a relation between entities
            continue
        where = f"{r.via}: " if r.via else ""
        mapped = [pairing.gold_of(e) for e in ends]
        if any(
            e is not None and m is None and not _scored(vocab, draft.entities[e].cls)
            for e, m in zip(ends, mapped, strict=True)
        ):
            not_judged += 1  # a topic the gold does not list: the inventory of topics is open
            continue
        labels = [
            draft.entities[e].label if e is not None else n
            for e, n in zip(ends, (r.subject, r.object), strict=True)
        ]
        item = f"{labels[0]} {r.prop} {labels[1]}"
        if None in ends:
            name = r.subject if ends[0] is None else r.object
            wrong.setdefault(
                ("?", *labels, r.prop),
                Finding(item, f"{where}{name!r} is no entity of the draft", r.line),
            )
            continue
        if None in mapped:
            label = labels[0] if mapped[0] is None else labels[1]
            wrong.setdefault(
                ("d", *labels, r.prop),
                Finding(item, f"{where}{label!r} finds no gold entity", r.line),
            )
            continue
        s, o = mapped[0], mapped[1]
        assert s is not None and o is not None
        readings = _readings(vocab, s, r.prop, o)
        hits = {k for k, g in enumerate(golds) for rd in readings if _finds(rd, g, vocab)}
        required = frozenset(k for k in hits if not golds[k].optional)
        if required:
            found |= required
            right.add(required)
        elif hits:
            optional.add(frozenset(hits))
        else:
            term = None if _property_problem(vocab, r.prop) else vocab.term(r.prop)
            key = (min(s, o), r.prop, max(s, o)) if term and term.symmetric else (s, r.prop, o)
            wrong.setdefault(
                key,
                Finding(item, where + _why_no_relation(s, o, r.prop, golds, gold, vocab), r.line),
            )
    required_golds = [k for k, g in enumerate(golds) if not g.optional]
    found_ends = set(pairing.pairs.values()) | set(pairing.copies.values())
    misses = []
    for k in required_golds:
        if k in found:
            continue
        g = golds[k]
        lost = [gold.entities[e].label for e in (g.subject, g.object) if e not in found_ends]
        why = (
            f"{' and '.join(repr(x) for x in dict.fromkeys(lost))} not found"
            if lost
            else "both ends found; no drafted relation says so"
        )
        misses.append(Finding(g.text, why, g.line))
    return Score(
        len(found),
        len(required_golds),
        len(right),
        len(optional),
        not_judged,
        tuple(misses),
        tuple(wrong.values()),
    )


def _why_no_relation(
    s: int, o: int, prop: str, golds: list[_GoldRelation], gold: _File, vocab: Vocabulary
) -> str:
    """Why a drafted statement between two found entities finds no gold relation."""
    if problem := _property_problem(vocab, prop):
        return problem
    between = [g for g in golds if {g.subject, g.object} == {s, o}]
    if not between:
        return "the gold has no relation between these two"
    name = vocab.term(prop).name
    for g in between:
        if vocab.get(g.prop) is not None and g.prop in vocab.superproperties(prop):
            return f"the gold has it the other way round ({g.text})"
    return (
        "the gold relates them otherwise: " + "; ".join(g.text for g in between) + f" (not {name})"
    )


# --------------------------------------------------------------------------- money


def _money_text(value: Decimal | None, currency: str | None, qualifier: str | None) -> str:
    """``up to $73,000,000,000``; ``no amount`` when there is none."""
    if value is None:
        return "no amount"
    number = f"{value:,}"
    amount = f"${number}" if currency == "USD" else f"{currency} {number}"
    return f"{qualifier} {amount}" if qualifier else amount


def _qualifier(text: str | None) -> str | None:
    """The canonical hedge ("more than" → "over"); None for none."""
    if not text or not text.strip():
        return None
    key = " ".join(text.casefold().split())
    return QUALIFIERS.get(key, key)


def _parties(file: _File, names: Iterable[str], to_gold: Any) -> frozenset[Any] | None:
    """The gold entities a list of names stands for (names that are no entity are left out)."""
    out = set()
    named = False
    for name in names:
        e = file.find(name)
        if e is None:
            continue
        named = True
        g = to_gold(e)
        out.add(g if g is not None else ("draft", e))
    return frozenset(out) if named else None


def _score_money(draft: _File, gold: _File, pairing: _Pairing) -> MoneyScore:
    """For each gold investment: does a drafted one have its parties, amount and qualifier."""
    drafted = [
        (
            _parties(draft, inv.investors, pairing.gold_of) or frozenset(),
            _parties(draft, inv.targets, pairing.gold_of) or frozenset(),
        )
        for inv in draft.investments
    ]
    same_parties: list[list[int]] = []
    exact: list[list[int]] = []
    for g in gold.investments:
        investors = _parties(gold, g.investors, _same) if g.investors else frozenset()
        targets = _parties(gold, g.targets, _same) if g.targets else frozenset()
        found = [
            k
            for k, (di, dt) in enumerate(drafted)
            if (investors is None or di == investors) and (targets is None or dt == targets)
        ]
        same_parties.append(found)
        exact.append([k for k in found if draft.investments[k].amount == g.amount])
    used = {k for ks in exact for k in ks}
    misses = []
    for g, found, right in zip(gold.investments, same_parties, exact, strict=True):
        if right:
            continue
        near = [k for k in found if k not in used] or found
        why = "no drafted investment has this investor and target"
        if near:
            d = draft.investments[near[0]]
            why = f"drafted as {_money_text(*d.amount)} (draft line {d.line})"
        misses.append(Finding(g.text(), why, g.line))
    unmatched = tuple(
        Finding(d.text(), "gets no gold investment exactly right", d.line)
        for k, d in enumerate(draft.investments)
        if k not in used
    )
    total = len(gold.investments)
    return MoneyScore(total - len(misses), total, tuple(misses), unmatched)


def _same(g: int) -> int:
    """A gold entity stands for itself."""
    return g


# --------------------------------------------------------------------------- the API


#: what a name the project knows stands for: label, class, every name of it
Known = Callable[[str], tuple[str, str, tuple[str, ...]] | None]


def evaluate(draft: Path, gold: Path, vocab: Vocabulary, known: Known | None = None) -> Scores:
    """Score a drafted annotation (or gold file) against a reviewed gold (or annotation).

    `known` resolves names the draft uses without declaring them: a draft names the entities
    the project already has by their label instead of declaring them again, and they count
    as drafted (with the project's class and names), as a build would read them.
    """
    d = _read(Path(draft), vocab, "draft")
    if known is not None and d.format == "annotation":
        _add_known(d, known, vocab)
    g = _read(Path(gold), vocab, "gold")
    warnings = [*d.warnings, *g.warnings]
    pairing = _pair(d, g, vocab)
    return Scores(
        draft=Path(draft),
        gold=Path(gold),
        draft_format=d.format,
        gold_format=g.format,
        entities=_score_entities(d, g, pairing, vocab),
        relations=_score_relations(d, g, pairing, vocab, warnings),
        money=_score_money(d, g, pairing),
        warnings=tuple(warnings),
    )


def _add_known(file: _File, known: Known, vocab: Vocabulary) -> None:
    """Add to a draft the project entities it names without declaring them."""
    used = [n for r in file.relations for n in (r.subject, r.object)]
    used += [n for inv in file.investments for n in (*inv.investors, *inv.targets)]
    for name in dict.fromkeys(used):
        if file.find(name) is not None or file.is_nary(name):
            continue
        found = known(name)
        if found is not None:
            label, cls, names = found
            cls = vocab.core_class(cls) or cls if cls in vocab.classes else cls
            file.entities.append(_Entity(label, cls, names, None))
            file._index = None  # the lookup tables are built again with it


def project_names(project: Path | None = None) -> Known | None:
    """A `Known` over the project's annotations (the given one, or the one around the
    working folder); None outside a project or when its annotations do not read."""
    from ..annotation import read_annotation
    from ..names import NameIndex
    from ..project import Project

    try:
        proj = Project(Path(project).resolve()) if project is not None else Project.find()
        vocab = Vocabulary.from_file(proj.ontology)
        index = NameIndex.build([read_annotation(p) for p in proj.source_files()], vocab)
    except (InputError, OSError):
        return None

    def lookup(name: str) -> tuple[str, str, tuple[str, ...]] | None:
        found = index.lookup(name)
        if len(found) != 1:
            return None
        e = found[0]
        return e.label, e.cls, tuple(e.names())

    return lookup


def find_vocabulary(project: Path | None = None) -> Vocabulary:
    """The ontology to score with: the project's (given or found), else the packaged one."""
    from ..project import MARKER, Project, read_marker
    from ..resources import packaged_ontology

    if project is not None:
        proj = Project(Path(project).resolve())
        read_marker(proj.marker)
        return Vocabulary.from_file(proj.ontology)
    try:
        proj = Project.find()
    except ProjectError:
        here = Path.cwd().resolve()
        if any((folder / MARKER).is_file() for folder in (here, *here.parents)):
            raise  # a project whose marker is bad: say so rather than score with another ontology
        return Vocabulary.from_file(packaged_ontology())
    return Vocabulary.from_file(proj.ontology)
