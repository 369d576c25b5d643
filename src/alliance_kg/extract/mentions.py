"""Named things in a document: find their mentions, group the mentions, classify each group.

Mentions come from three sources over spaCy's tokens: the gazetteer's EntityRuler (known
entities, nations, subdivisions), proper-name chunks (runs of capitalised words with "of",
"for", "and" inside, a lower-case class word after them: "Artemis program"), and a topic list.
spaCy's own NER labels are hints for the class. Mentions of one thing are grouped by their
normalised names, by acronyms the text defines ("Department of Energy (DOE)"), by short forms
(a person's surname, a name without its class word) and by the gazetteer; each group is then
classified into the ontology by head nouns, leading words, acronyms, designators, cue words and
finally the NER label, and keeps the rule that decided.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .gazetteer import Entry, Gazetteer
from .lexicon import (
    AGENCY_ACRONYMS,
    COMPANY_CUES,
    FIELD_HEADS,
    FUNCTION_WORDS,
    GENERIC_WORDS,
    HEADS,
    LEADING_HEADS,
    TITLES,
    TOPICS,
    TRAILING_HEADS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CLOSED = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "PUNCT", "SYM"})
_DESIGNATOR = re.compile(
    r"^(?:[A-Z]{1,5}-\d{1,4}[A-Z]{0,4}|[A-Z]{1,3}\d{1,3}[A-Z]{0,4}|[A-Z]{2,5}-[A-Z])$"
)
_ROMAN = re.compile(r"^(?:[IVX]{1,5}[A-C]?|\d{1,4}[A-Za-z]?)$")
_CONNECT = frozenset({"of", "for", "on", "&", "de", "du", "la", "del", "upon"})
_TITLE_WORDS = sorted(TITLES, key=lambda t: -len(t.split()))
_SUFFIXES = frozenset({"inc.", "inc", "ltd.", "ltd", "llc", "plc", "corp.", "co.", "ag", "s.a."})
_TITLE_START = frozenset({t.split()[0] for t in TITLES} | {"deputy", "minister", "secretary"})


@dataclass(eq=False)
class Sentence:
    """One sentence of the text (the loader's splitter), parsed; offsets are the text's."""

    index: int
    start: int
    end: int
    doc: Doc
    heading: bool
    mentions: list[Mention] = field(default_factory=list)

    def char(self, token_index: int) -> int:
        """Offset in the whole text where token `token_index` starts."""
        return self.start + self.doc[token_index].idx

    def span_text(self, i: int, j: int) -> str:
        """The text of tokens [i, j)."""
        return self.doc[i:j].text


@dataclass(eq=False)
class Mention:
    """One mention: a token span of a sentence, and what was learned about it there."""

    sent: int
    i: int
    j: int
    start: int
    end: int
    text: str  # the name as it should be reported (title and nation prefix stripped)
    full: str  # the whole surface form
    source: str  # gazetteer | chunk | topic | ner
    entry: Entry | None = None
    ner: str | None = None
    title: str | None = None
    prefix: Entry | None = None  # "U.S." of "U.S. Argonne National Laboratory"
    acronym: str | None = None  # "(DOE)" right after it
    group: Group | None = None
    inside: bool = False  # a nation prefix inside a longer name's mention


@dataclass(eq=False)
class Group:
    """The mentions of one thing, and its label, class and aliases."""

    mentions: list[Mention] = field(default_factory=list)
    entry: Entry | None = None
    label: str = ""
    cls: str = ""
    rule: str = ""
    confidence: float = 0.0
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    generic: bool = False

    @property
    def names(self) -> list[str]:
        """Every surface form, in order of first occurrence."""
        out: list[str] = []
        for m in self.mentions:
            for n in (m.text, m.full, m.acronym):
                if n and n not in out:
                    out.append(n)
        return out

    @property
    def body(self) -> list[Mention]:
        """Mentions outside headings."""
        return [m for m in self.mentions if not getattr(m, "_heading", False)]


def norm(name: str) -> str:
    """A name's key for grouping: case, dots, possessives, a leading "the" and spacing ignored."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    text = re.sub(r"'s\b", "", text).replace(".", "")
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.replace("-", " ").split())


def is_generic(name: str) -> bool:
    """Whether a name only names a kind of thing ("Memorandum of Cooperation")."""
    words = name.replace("-", " ").split()
    return bool(words) and all(
        w.lower() in GENERIC_WORDS or w.lower() in FUNCTION_WORDS for w in words
    )


# ---------------------------------------------------------------------------- finding mentions


def is_heading(text: str) -> bool:
    """A heading, rubric or link line: short, no closing punctuation."""
    stripped = text.strip()
    if not stripped:
        return True
    if stripped[-1] in '.!?;:"”’)':
        return stripped.endswith("?") and len(stripped.split()) <= 4
    words = stripped.split()
    if len(words) <= 16:
        return True
    # a headline in title case ("Hanwha Ocean to Invest USD 5 Billion in …") of any length
    long = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return bool(long) and sum(w[0].isupper() for w in long) >= 0.8 * len(long) and len(words) <= 30


def _capword(doc: Doc, k: int, gaz_tokens: set[int]) -> bool:
    t = doc[k]
    text = t.text
    if k in gaz_tokens:
        return True
    if not text[:1].isalnum() or text.lower() in FUNCTION_WORDS:
        return False
    has_upper = any(c.isupper() for c in text)
    if not has_upper:
        return False
    if t.pos_ in _CLOSED and not (text.isupper() and len(text) > 1):
        return False
    at_start = k == 0 or (not doc[k - 1].text[:1].isalnum() and doc[k - 1].text in {'"', "“", ":"})
    if at_start and t.pos_ != "PROPN" and not (text.isupper() and len(text) > 1):
        return any(c.isdigit() for c in text)
    return True


def _trailing_head(doc: Doc, j: int) -> int:
    """How many lower-case class words after token j close the name ("missile system")."""
    for head in sorted(TRAILING_HEADS, key=lambda h: -len(h.split())):
        words = head.split()
        if j + len(words) <= len(doc) and all(doc[j + n].text == w for n, w in enumerate(words)):
            nxt = doc[j + len(words)] if j + len(words) < len(doc) else None
            if nxt is not None and nxt.text[:1].islower() and nxt.pos_ in ("NOUN", "PROPN"):
                return 0  # "program office": the class word modifies a longer noun phrase
            return len(words)
    return 0


def _head_class(words: Sequence[str], fields: bool = True) -> str | None:
    """The class the last words of a name suggest (skipping numbers and designators); without
    `fields`, a field word ("Energy", "Resources") suggests nothing, as in "Ministry of Trade,
    Industry and Energy"."""
    ws = [w.lower().strip(",") for w in words]
    if ws and ws[-1] in FIELD_HEADS and (not fields or len(ws) == 1):
        return None  # "Mining" alone names no firm
    while ws and (_ROMAN.match(words[len(ws) - 1]) or _DESIGNATOR.match(words[len(ws) - 1])):
        ws.pop()
    for n in (3, 2, 1):
        if len(ws) >= n:
            key = " ".join(ws[-n:])
            if key in HEADS:
                return HEADS[key]
    return None


def _leading_class(words: Sequence[str]) -> str | None:
    """The class a leading class word suggests: "Ministry of …", and after up to two proper
    words, "Japan Organization for …", "Federal Office of …"; "Directorate General of …"."""
    for k in range(min(3, len(words) - 2)):
        word = words[k].lower()
        if word not in LEADING_HEADS or (k and not words[k][:1].isupper()):
            continue
        after = k + 2 if words[k + 1].lower() == "general" and k + 2 < len(words) else k + 1
        proper = all(
            w[:1].isupper() and w.lower() not in LEADING_HEADS and w.lower() not in HEADS
            for w in words[:k]
        )
        if words[after].lower() in ("of", "for", "on") and after + 1 < len(words) and proper:
            return LEADING_HEADS[word]
    return None


def _chunks(doc: Doc, gaz_tokens: set[int], ents_at: dict[int, tuple[int, str]]) -> list[tuple]:
    """Proper-name runs as (i, j) token spans."""
    out: list[tuple[int, int]] = []
    n = len(doc)
    k = 0
    while k < n:
        if not _capword(doc, k, gaz_tokens):
            k += 1
            continue
        i = k
        j = k + 1
        while j < n:
            t = doc[j]
            low = t.text.lower()
            if _capword(doc, j, gaz_tokens) and t.text not in ("’s", "'s"):
                j += 1
            elif (
                t.text == "-"
                and j + 1 < n
                and _capword(doc, j + 1, gaz_tokens)
                and not t.whitespace_
            ):
                j += 2
            elif (
                low in _NAME_PARTICLES
                and doc[j - 1].text[:1].isupper()
                and doc[j - 1].text.isalpha()
                and j + 1 < n
                and (
                    (doc[j + 1].text[:1].isupper() and doc[j + 1].text.isalpha())
                    or (j + 2 < n and doc[j + 1].lower_ in _NAME_PARTICLES
                        and doc[j + 2].text[:1].isupper() and doc[j + 2].text.isalpha())
                )
            ):  # fmt: skip
                j += 2 if doc[j + 1].text[:1].isupper() else 3  # "Ursula von der Leyen"
            elif (
                t.text == "-"
                and j + 1 < n
                and not t.whitespace_
                and not doc[j - 1].whitespace_
                and _given_name_part(doc, i, j)
            ):
                j += 2  # "Kwon Young-soo", "Shin Won-sik": a hyphenated given name
            elif (
                t.text == "-"
                and j + 2 < n
                and not t.whitespace_
                and doc[j + 1].lower_ == "class"
                and doc[j + 2].lower_ in _SYSTEM_NOUNS
            ):
                j += 3  # "Virginia-class submarine", "Scorpene-class submarines"
                break
            elif (
                t.text == "-"
                and j + 3 < n
                and doc[j + 1].lower_ in ("in", "on", "upon", "under", "le", "sur", "en", "am")
                and doc[j + 2].text == "-"
                and _capword(doc, j + 3, gaz_tokens)
                and not t.whitespace_
            ):
                j += 4  # "Barrow-in-Furness", "Stratford-upon-Avon"
            elif (
                t.text in ("'", "’")
                and doc[j - 1].text.endswith("s")
                and j - 1 not in gaz_tokens  # "The Philippines' Department …" is possessive
                and j + 1 < n
                and _capword(doc, j + 1, gaz_tokens)
            ):
                j += 2  # "AUKUS Defence Ministers' Meeting", "Quad Leaders' Summit"
            elif (
                low == "in"
                and doc[j - 1].lower_ in _MEMBERSHIP_NOUNS
                and j + 2 < n
                and doc[j + 1].lower_ == "the"
                and _capword(doc, j + 2, gaz_tokens)
                and j + 2 not in gaz_tokens
            ):
                j += 3  # "Partners in the Blue Pacific" (not "Trinity House in London")
            elif (
                low == "to"
                and doc[j - 1].lower_ in ("related", "relating", "pertaining")
                and j + 1 < n
                and _capword(doc, j + 1, gaz_tokens)
            ):
                j += 2  # "Agreement for Cooperation Related to Naval Nuclear Propulsion"
            elif (
                low == "an"
                and j + 2 < n
                and doc[j + 1].lower_ in ("der", "dem")
                and doc[j + 2].text[:1].isupper()
            ):
                j += 3  # "Röthenbach an der Pegnitz", "Frankfurt am Main" (with "am" above)
            elif (
                t.text == "/"
                and not t.whitespace_
                and not doc[j - 1].whitespace_
                and j + 1 < n
                and doc[j + 1].text[:1].isupper()
            ):
                j += 2  # "SAMP/T NG"
            elif t.text == "+" and not t.whitespace_ and j + 1 < n and doc[j + 1].text.isdigit():
                j += 2  # "2+2 Ministerial Dialogue"
            elif (
                (t.text.isdigit() and len(t.text) <= 3) or re.match(r"^[IVX]+[A-C]?$", t.text)
            ) and not (j + 1 < n and doc[j + 1].lower_ in ("percent", "%", "per", "pct")):
                j += 1  # "Leopard 2", not "Honda 49 percent"
            elif (
                re.match(r"^(?:19|20)\d\d$", t.text)
                and j + 1 < n
                and _capword(doc, j + 1, gaz_tokens)
                and (_head_class([doc[j + 1].text]) is not None or doc[j + 1].lower_ in HEADS)
            ):
                j += 1  # "Horizon 2047 Roadmap", "Vision 2030 Programme"
            elif (
                low in _CONNECT
                and j + 1 < n
                and _capword(doc, j + 1, gaz_tokens)
                and (
                    low not in ("on", "for")
                    or _head_class([x.text for x in doc[i:j]]) is not None
                    or _class_word(doc[j - 1].lower_)
                )
                and not (j in gaz_tokens or (j - 1 in gaz_tokens and j + 1 in gaz_tokens))
            ):
                j += 2  # "Department of Energy"; "on" only after a class word ("Agreement on")
            elif (
                low in _CONNECT
                and j + 2 < n
                and (
                    doc[j + 1].lower_ == "the"
                    or (
                        low == "on"
                        and doc[j + 1].lower_ in ("a", "an")
                        and _head_class([x.text for x in doc[i:j]]) in _PACTS
                    )
                )  # "Letter of Intent on a …"
                and _capword(doc, j + 2, gaz_tokens)
                and not (j + 3 < n and doc[j + 3].text in ("’s", "'s"))
                and not (
                    j > i + 1
                    and doc[j + 2].lower_ in LEADING_HEADS
                    and j + 3 < n
                    and doc[j + 3].lower_ in ("of", "for")
                )
                and (
                    low != "for"
                    or _head_class([x.text for x in doc[i:j]]) is not None
                    or _leading_class([x.text for x in doc[i:j]] + ["of", "x"]) is not None
                )
                and not _two_heads(doc, i, j, gaz_tokens)
            ):
                j += 3  # not "USNS X of the Navy's Command": the Navy's is another name
            else:
                break
        j = _extend_lists(doc, i, j, gaz_tokens)
        if j + 1 < n and doc[j].text == "," and doc[j + 1].lower_ in _SUFFIXES:
            j += 2  # "Micron Technology, Inc."
        elif j + 1 < n and doc[j].text == "," and doc[j + 1].text == "D.C.":
            j += 2  # "Washington, D.C."
        out.append((i, j))
        k = j
    return out


#: lower-case particles inside people's names ("von der Leyen", "bin Salman", "van Dijk")
#: lower-case words inside names of people and places ("Ursula von der Leyen", "Fernando Azevedo
#: e Silva", "São Bernardo do Campo")
#: plural or collective nouns that end the first part of a scheme's name before "in the"
_MEMBERSHIP_NOUNS = frozenset({"partners", "partnership", "coalition", "friends", "initiative"})
_NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "bin", "ibn", "al", "da", "dos", "do", "das", "e", "ter"}
)

#: lower-case words after a hyphen that make a compound adjective, never part of a name
_HYPHEN_SUFFIXES = frozenset(
    {"based", "led", "owned", "made", "flag", "class", "backed", "funded", "run", "built", "type",
     "style", "wide", "era", "related", "linked", "controlled", "operated", "listed", "bound",
     "free", "specific", "level", "scale", "term", "range", "grade", "ready", "born", "focused",
     "headquartered", "registered", "sponsored", "supported", "designed", "developed", "year",
     "month", "day", "long", "plus", "only", "powered", "fired", "capable", "equipped", "armed",
     "sized", "hosted", "brokered", "friendly", "centric", "wise", "like", "to", "and", "or"}
)  # fmt: skip


_PACTS = frozenset({"Agreement", "StatementOfIntent", "MemorandumOfCooperation", "Treaty",
                    "JointStatement", "TradeAgreement", "ActionPlan"})  # fmt: skip


def _two_heads(doc: Doc, i: int, j: int, gaz_tokens: set[int]) -> bool:
    """ "Light Combat Aircraft Mk2 | of the | Indian Air Force": a whole system's or firm's name
    before "of the" and another body's name after it are two names (not "Armed Forces of the
    Philippines", "Bank of the Philippine Islands")."""
    left = _head_class([x.text for x in doc[i:j]])
    if left is None or doc[i].lower_ in LEADING_HEADS:
        return False
    e = j + 2
    while e < len(doc) and _capword(doc, e, gaz_tokens):
        e += 1
    right = _head_class([x.text for x in doc[j + 2 : e]], fields=False)
    return right is not None and right != left


def _given_name_part(doc: Doc, i: int, j: int) -> bool:
    """Token j is a hyphen inside a given name: a capitalised syllable before it (after a
    capitalised family name) and a short lower-case syllable after it ("Young-soo")."""
    after = doc[j + 1].text
    before = doc[j - 1].text
    return (
        j - 1 > i
        and before[:1].isupper()
        and before[1:].islower()
        and before.isalpha()
        and doc[j - 2].text[:1].isupper()
        and doc[j - 2].text.isalpha()
        and after.isalpha()
        and after.islower()
        and len(after) <= 5
        and after not in _HYPHEN_SUFFIXES
    )


#: legal designators: they close one company's name, never a list of names
_DESIGNATORS = frozenset(
    {"inc", "corp", "corporation", "ltd", "limited", "co", "llc", "plc", "ag", "se", "sa",
     "n.v", "nv", "gmbh", "s.p.a", "oyj", "pty", "b.v", "ab", "asa"}
)  # fmt: skip


def _class_word(word: str) -> bool:
    """Whether a lower-case word is a class word of names ("organization", "bank")."""
    return word in HEADS or word in LEADING_HEADS


def _extend_lists(doc: Doc, i: int, j: int, gaz_tokens: set[int]) -> int:
    """Join "X and Y Forum" / "Ministry of A, B and C" across "and" and commas when the name
    goes on (the rules of docs: a class word at the end, or a leading "Ministry of")."""
    n = len(doc)
    words = [t.text for t in doc[i:j]]
    leading = _leading_class(words) is not None
    end = j
    segments = 0
    k = j
    while k < n and doc[k].text in (",", "and", "&") and segments < 5:
        m = k + 1
        if m < n and doc[m].text == "and":
            m += 1
        if leading and m + 1 < n and doc[m].lower_ == "the" and doc[m + 1].text[:1].isupper():
            m += 1  # "Department of Climate Change, Energy, the Environment and Water"
        if m >= n or not _capword(doc, m, gaz_tokens) or m in gaz_tokens:
            break
        if doc[m].text.lower() in LEADING_HEADS and m + 1 < n and doc[m + 1].lower_ in _CONNECT:
            break
        e = m
        while e < n and (_capword(doc, e, gaz_tokens) and e not in gaz_tokens):
            e += 1
        if e - m > 5:
            break
        inner_acronym = _acronym_then_head(doc, e)
        if inner_acronym:  # "Security and Innovation (ITSI) Fund", "… (HyFliTE) project"
            end = e + inner_acronym
            break
        seg_head = _head_class([t.text for t in doc[m:e]], fields=False)
        closes = doc[k].text in ("and", "&") or (m > k + 1 and doc[k + 1].lower_ != "the")
        if leading and seg_head is None:
            end = e
            k = e
            segments += 1
            if closes:
                break
            continue
        if not leading and seg_head is not None and closes:
            if doc[e - 1].lower_.rstrip(".") in _DESIGNATORS and doc[k].text != "&":
                break  # "TSMC, Samsung Electronics and Intel Corporation": three firms
            if _head_class(words, fields=False) is None and doc[k].text != ",":
                end = e
            break
        if not leading and seg_head is None and doc[k].text == "," and not closes:
            k = e  # maybe a list of words before a class word: look on
            segments += 1
            continue
        break
    return end


def _acronym_then_head(doc: Doc, e: int) -> int:
    """How many tokens "(ACR) Fund" / "(ACR) project" after token e add to a name whose class
    word follows its acronym; 0 if none."""
    if not (e + 3 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")"):
        return 0
    acr = doc[e + 1].text
    if not (acr.isalnum() and sum(c.isupper() for c in acr) >= 2 and " " not in acr):
        return 0
    word = doc[e + 3].text
    if word[:1].isupper() and word.lower() in HEADS:
        return 4
    return 4 if word in TRAILING_HEADS else 0


_INNER_ACRONYM = re.compile(r"\s*\(([A-Za-z0-9]{2,12})\)\s*")


def find_mentions(sentence: Sentence, gaz: Gazetteer, topics: Any) -> list[Mention]:
    """The mentions of one parsed sentence, longest first where they overlap."""
    doc = sentence.doc
    gaz_spans = [(e.start, e.end, e.ent_id_) for e in doc.ents if e.label_ == "GAZ"]
    gaz_tokens = {k for s, e, _ in gaz_spans for k in range(s, e)}
    ner = {e.start: (e.end, e.label_) for e in doc.ents if e.label_ != "GAZ"}
    ner_tok: dict[int, str] = {}
    for e in doc.ents:
        if e.label_ != "GAZ":
            for k in range(e.start, e.end):
                ner_tok[k] = e.label_
    taken: set[int] = set()
    out: list[Mention] = []

    def ner_label(i: int, j: int) -> str | None:
        labels = Counter(ner_tok[k] for k in range(i, j) if k in ner_tok)
        return labels.most_common(1)[0][0] if labels else None

    def make(i: int, j: int, source: str, entry: Entry | None = None) -> Mention:
        text = doc[i:j].text
        end = sentence.char(j - 1) + len(doc[j - 1])
        return Mention(sentence.index, i, j, sentence.char(i), end,
                       text, text, source, entry=entry, ner=ner_label(i, j))  # fmt: skip

    topic_spans = {(s, e): label for s, e, label in topics(doc)}

    def words_of(i: int, j: int) -> list[str]:
        return [t.text for t in doc[i:j]]

    for i, j in _chunks(doc, gaz_tokens, ner):
        j += _trailing_head(doc, j)
        if (i > 0 and doc[i - 1].lower_ in (",", "and") and j < len(doc)
                and doc[j].lower_ in (",", "and")
                and all(t.lower_ in _PORTFOLIOS for t in doc[i:j])):  # fmt: skip
            continue  # "Trade" of "Minister of Economy, Trade and Industry X": a portfolio
        if (i, j) in topic_spans and not gaz_tokens & set(range(i, j)):
            continue  # "AI" is the topic, whatever the NER thinks
        inner = [(s, e, key) for s, e, key in gaz_spans if s >= i and e <= j]
        whole = [(s, e, key) for s, e, key in inner if s == i and e == j]
        portfolio = _portfolio_then_person(doc, i, j, ner)
        if portfolio is not None:  # "Minister for Resources Madeleine King"
            t, s = portfolio
            m = make(s, j, "chunk")
            m.title = " ".join(x.text for x in doc[t:s])
            m.full = doc[t:j].text
            out.append(m)
            taken |= set(range(i, j))
            continue
        split = _title_inside(doc, i, j, ner)
        if split is not None:  # "TSMC Chairman C.C. Wei", "Federal Minister of Defence X"
            t, s = split
            before = doc[i:t]
            if (i, t) in {(x[0], x[1]) for x in inner} or _organisation_before_title(before):
                b = make(i, t, "gazetteer" if (i, t) in {(x[0], x[1]) for x in inner} else "chunk",
                         next((gaz.entries.get(x[2]) for x in inner if (x[0], x[1]) == (i, t)),
                              None))  # fmt: skip
                out.append(b)
            m = make(s, j, "chunk")
            m.title = " ".join(x.text for x in doc[t:s] if x.text != ",").strip()
            m.full = doc[i:j].text
            out.append(m)
            taken |= set(range(i, j))
            continue
        group_title = doc[i].lower_ == "group" and _organisation_after_title(doc, i, j) is not None
        if (doc[i].lower_ in _TITLE_START or group_title) and _head_class(
                [t.text for t in doc[i:j]], False) is None:  # fmt: skip
            person = [(s, e) for s, (e, lab) in ner.items() if lab == "PERSON" and i < s and e <= j]
            low = [t.lower_ for t in doc[i:j]]
            for title in _TITLE_WORDS:  # "Secretary of State Antony J. Blinken": a whole title
                tw = title.split()
                rest = doc[i + len(tw) : j]
                if (low[: len(tw)] == tw and len(rest) >= 2 and "of" not in low[len(tw) :]
                        and all((t.text[:1].isupper() or t.lower_ in _NAME_PARTICLES)
                                and t.text.replace(".", "").replace("-", "").isalpha()
                                for t in rest)):  # fmt: skip
                    person = [(i + len(tw), j)]
                    break
            if not person and _organisation_after_title(doc, i, j) is None:
                person = _name_after_title(doc, i, j, gaz_tokens)
            if person:  # "Secretary of State for Defence of the United Kingdom, John Healey"
                s, e = person[-1]
                while e - s > 2 and doc[s].lower_ in _PORTFOLIOS:
                    s += 1  # NER took "Resources Madeleine King" of "Minister for Resources …"
                while (s - 1 > i and doc[s - 1].text[:1].isupper() and doc[s - 1].text.isalpha()
                       and doc[s - 1].lower_ not in _PORTFOLIOS and doc[s - 1].lower_ not in HEADS
                       and doc[s - 1].lower_ not in _TITLE_START and e - s < 3):  # fmt: skip
                    s -= 1  # NER found only "Kosiniak-Kamysz" of "Władysław Kosiniak-Kamysz"
                m = make(s, e, "chunk")
                m.title = " ".join(t.text for t in doc[i:s] if t.text != ",").strip()
                m.full = doc[i:e].text
                out.append(m)
                taken |= set(range(s, e))
                continue
            if len(words_of(i, j)) > 2 and not whole:
                k = _organisation_after_title(doc, i, j)
                if k is None:
                    continue  # a title without a name ("the Secretary of Defense of …")
                i = k  # "President and CEO of Honda": Honda is named
                inner = [(s, e, key) for s, e, key in gaz_spans if s >= i and e <= j]
                whole = [(s, e, key) for s, e, key in inner if s == i and e == j]
        nation = _government_of(doc, i, j, inner, gaz)
        if nation is not None:  # "the Australian Government", "Government of India": the nation
            m = make(i, j, "gazetteer", nation)
        elif whole:
            m = make(i, j, "gazetteer", gaz.entries.get(whole[0][2]))
        else:
            m = _chunk_mention(make(i, j, "chunk"), doc, inner, gaz)
            if m is None:
                continue
        out.append(m)
        taken |= set(range(i, j))
        if m.prefix is not None:  # "U.S." of "U.S. Department of Energy" names the nation too
            s, e, key = next(x for x in inner if x[0] == i)
            prefix = make(s, e, "gazetteer", gaz.entries.get(key))
            prefix.inside = True
            out.append(prefix)
    for s, e, key in gaz_spans:  # gazetteer names the chunker did not reach ("critical minerals")
        if not taken & set(range(s, e)):
            out.append(make(s, e, "gazetteer", gaz.entries.get(key)))
            taken |= set(range(s, e))
    for (s, e), label in topic_spans.items():
        if not taken & set(range(s, e)):
            m = make(s, e, "topic")
            m.text = label
            out.append(m)
            taken |= set(range(s, e))
    out.sort(key=lambda m: m.i)
    for m in out:  # "International Technology Security and Innovation (ITSI) Fund"
        inner_acr = _INNER_ACRONYM.search(m.text)
        if inner_acr and inner_acr.start() > 0 and inner_acr.end() < len(m.text):
            m.acronym = inner_acr.group(1)
            m.text = m.text[: inner_acr.start()] + " " + m.text[inner_acr.end() :]
    # acronym definitions: "Department of Energy (DOE)"
    for m in out:
        if m.j + 2 < len(doc) and doc[m.j].text == "(" and doc[m.j + 2].text == ")":
            acr = doc[m.j + 1].text
            inside = next((x for x in out if x.i == m.j + 1), None)
            if acr.isupper() or sum(c.isupper() for c in acr) >= 2:
                m.acronym = acr
            elif (acr[:1].isupper() and acr.isalpha() and len(m.text.split()) >= 3
                  and (inside is None or inside.entry is None)):  # fmt: skip
                m.acronym = acr  # a short name: "the Manila Electric Company (Meralco)"
    return [m for m in out if m.text.strip()]


_TITLE_PARTS = frozenset(w for title in TITLES for w in title.split())


def _name_after_title(doc: Doc, i: int, j: int, gaz_tokens: set[int]) -> list[tuple[int, int]]:
    """The name the NER missed in a chunk that opens with a title: "Minister of Defence Antti
    Häkkänen", "President Sauli Niinistö of Finland" (a nation after "of" is no part of it)."""
    k = i
    while k < j and (doc[k].lower_ in _TITLE_START or doc[k].lower_ in _TITLE_PARTS
                     or doc[k].lower_ in _PORTFOLIOS):  # fmt: skip
        k += 1
    e = next((x for x in range(k, j) if doc[x].lower_ == "of"), j)
    if e < j:
        n = e + 1 + (1 if e + 1 < j and doc[e + 1].lower_ == "the" else 0)
        if n >= j or n not in gaz_tokens:
            return []
    name = doc[k:e]
    if not 2 <= sum(1 for t in name if t.text[:1].isupper()) <= 4:
        return []
    if not all((t.text[:1].isupper() or t.lower_ in _NAME_PARTICLES)
               and t.text.replace(".", "").isalpha() and t.i not in gaz_tokens
               and t.lower_ not in HEADS and t.lower_ not in FIELD_HEADS
               for t in name):  # fmt: skip
        return []
    return [(k, e)]


def _portfolio_then_person(doc: Doc, i: int, j: int, ner: dict) -> tuple[int, int] | None:
    """(title start, name start) for a chunk that is a minister's portfolio and a name, cut
    from its title at "for" ("Minister for Resources Madeleine King"); else None."""
    k = i  # "Minister of Economy, Trade and Industry Yoji Muto": back over the portfolio's list
    while k >= 3 and doc[k - 1].lower_ in (",", "and") and doc[k - 2].lower_ in _PORTFOLIOS:
        k -= 2
        while k >= 2 and doc[k - 1].lower_ in _PORTFOLIOS and doc[k - 1].lower_ not in ("of",):
            k -= 1
    if k < 2 or doc[k - 1].lower_ not in ("for", "of") or doc[k - 2].lower_ not in _TITLE_START:
        return None
    s = next((st for st, (e, lab) in ner.items() if lab == "PERSON" and i < st and e == j), None)
    if s is not None:
        while s < j - 2 and doc[s].lower_ in _PORTFOLIOS:
            s += 1  # the NER took "Industry Yoji Muto"
    else:  # no NER: two or three capitalised words after the portfolio
        s = i
        while s < j and doc[s].lower_ in _PORTFOLIOS:
            s += 1
        if not (2 <= j - s <= 3 and all(x.text[:1].isupper() and x.text.isalpha()
                                        and x.lower_ not in HEADS for x in doc[s:j])):  # fmt: skip
            return None
    if s is None or j - s < 2 or not all(t.lower_ in _PORTFOLIOS or t.lower_ == "and"
                                         for t in doc[i:s]):  # fmt: skip
        return None
    t = k - 2
    while t > 0 and doc[t - 1].text[:1].isupper() and doc[t - 1].lower_ in _TITLE_START:
        t -= 1  # "Deputy Minister for …"
    return t, s


def _title_inside(doc: Doc, i: int, j: int, ner: dict) -> tuple[int, int] | None:
    """(title start, name start) for a chunk with a title inside and a person's name at its
    end ("TSMC Chairman C.C. Wei", "Economic Affairs Minister Micky Adriaansens")."""
    if doc[i].lower_ in _TITLE_START:
        return None
    t = next((k for k in range(i + 1, j - 1) if doc[k].lower_ in _PERSON_TITLES), None)
    if t is None:
        return None
    s = next((st for st, (e, lab) in ner.items() if lab == "PERSON" and t < st and e == j), None)
    if s is None:  # no NER: the last two or three capitalised words after the title
        k = j
        while k > t + 1 and (
            (doc[k - 1].text[:1].isupper() and doc[k - 1].lower_ not in HEADS)
            or (doc[k - 1].lower_ in _NAME_PARTICLES and k - 2 > t)
            or (doc[k - 1].text == "-" and not doc[k - 1].whitespace_)
            or (doc[k - 2].text == "-" and not doc[k - 2].whitespace_)  # "Shin Won-sik"
        ):
            k -= 1
        words = [x for x in doc[k:j] if x.text != "-" and x.text[:1].isupper()]
        s = k if 2 <= len(words) <= 3 else None
        while s is not None and doc[s].lower_ in _NAME_PARTICLES:
            s += 1
    while s is not None and s < j - 2 and doc[s].lower_ in _PORTFOLIOS:
        s += 1  # "Minister of Defence Guido Crosetto": the portfolio is the title's
    if s is None or any(x.lower_ in HEADS or x.lower_ in FIELD_HEADS for x in doc[s:j]):
        return None
    return t, s


#: titles of those who lead a firm or body, named with it after "of" ("CEO of Honda")
_HEAD_TITLES = frozenset(
    {"president", "ceo", "chief executive", "chief executive officer", "chairman", "chairwoman",
     "chair", "managing director", "director", "director general", "head", "founder",
     "chief operating officer", "chief financial officer", "general manager", "administrator",
     "commander", "vice president", "executive vice president", "senior vice president",
     "chief technology officer", "co-founder", "executive chairman", "executive director",
     "group chief executive officer", "group chief executive", "group ceo", "vice chair",
     "vice chairman", "deputy chairman"}
)  # fmt: skip


def _organisation_after_title(doc: Doc, i: int, j: int) -> int | None:
    """Where the name starts in a chunk "<head title> of [the] <Name>" ("President and CEO of
    Honda", "Chief Executive Officer of LG Energy Solution"); None for other titles
    ("Secretary of State", "Minister of Foreign Affairs": the rest is a portfolio)."""
    of = next((k for k in range(i + 1, j - 1) if doc[k].lower_ == "of"), None)
    if of is None:
        return None
    title = " ".join(t.lower_ for t in doc[i:of])
    parts = [x.strip() for x in re.split(r"\band\b|&|,", title) if x.strip()]
    if not parts or not all(x in _HEAD_TITLES for x in parts):
        return None
    k = of + 1
    if doc[k].lower_ == "the":
        k += 1
    return k if k < j and doc[k].text[:1].isupper() else None


def _organisation_before_title(before: Any) -> bool:
    """ "TSMC" of "TSMC Chairman C.C. Wei", "Rheinmetall" of "Rheinmetall Chief Executive
    Armin Papperger": a short name before a title (not a portfolio, "Defence Minister X")."""
    if len(before) == 1 and before[0].text.isupper() and len(before[0].text) > 1:
        return True
    return 1 <= len(before) <= 3 and all(
        t.text[:1].isupper()
        and t.text.replace("-", "").isalnum()
        and t.lower_ not in _PORTFOLIOS
        and t.lower_ not in _NOT_ORGANISATIONS
        and t.lower_ not in FIELD_HEADS
        and t.lower_ not in _TITLE_START
        for t in before
    )


#: words before a title that qualify it, never an organisation's name
_NOT_ORGANISATIONS = frozenset(
    {"deputy", "vice", "senior", "former", "acting", "first", "executive", "new", "outgoing",
     "incoming", "then", "junior", "assistant", "associate", "parliamentary", "digital",
     "federal", "state", "regional", "prime", "cabinet", "chief", "group"}
)  # fmt: skip


#: portfolio words of ministers' titles, never the start of their names
_PORTFOLIOS = frozenset(
    {"defence", "defense", "foreign", "affairs", "trade", "industry", "economy", "finance",
     "commerce", "interior", "energy", "state", "health", "justice", "education", "transport",
     "environment", "agriculture", "science", "technology", "security", "armed", "forces",
     "national", "home", "treasury", "economic", "climate", "resources", "of", "the", "and",
     "natural", "mining", "mines", "water", "labour", "labor", "infrastructure", "development",
     "planning", "communications", "fisheries", "forestry", "employment", "innovation",
     "industries", "investment", "digital", "tourism", "housing", "veterans"}
)  # fmt: skip


#: words that begin a person's title inside a longer chunk (not "General", "Director" of names)
_PERSON_TITLES = frozenset(
    {"president", "minister", "secretary", "chairman", "chairwoman", "chair", "ceo", "premier",
     "governor", "chancellor", "ambassador", "administrator", "commissioner", "chief"}
)  # fmt: skip


def _acronym_keeps_prefix(doc: Doc, m: Mention, rest: list[str]) -> bool:
    """ "British International Investment (BII)": the acronym spells the demonym too, so it
    is part of the name (not so "U.S. Department of Energy (DOE)")."""
    if not (m.j + 2 < len(doc) and doc[m.j].text == "(" and doc[m.j + 2].text == ")"):
        return False
    acr = doc[m.j + 1].text.upper()

    def initials(words: Sequence[str]) -> str:
        return "".join(w[0] for w in words if w and w.lower() not in FUNCTION_WORDS).upper()

    full = [t.text for t in doc[m.i : m.j]]
    return len(acr) >= 2 and initials(full).startswith(acr) and not initials(rest).startswith(acr)


def _government_of(doc: Doc, i: int, j: int, inner: list, gaz: Gazetteer) -> Entry | None:
    """The nation a chunk names as its government ("Australian Government", "Government of
    the United States", "Japanese government"), if it is only that."""
    nations = [(s, e, gaz.entries.get(k)) for s, e, k in inner]
    nations = [(s, e, x) for s, e, x in nations if x is not None and x.cls == "Nation"]
    if len(nations) != 1:
        return None
    s, e, entry = nations[0]
    rest = [t.lower_ for t in (*doc[i:s], *doc[e:j])]
    if rest in (["government"], ["government", "of"], ["government", "of", "the"]):
        return entry
    return None


def _chunk_mention(m: Mention, doc: Doc, inner: list, gaz: Gazetteer) -> Mention | None:
    """Strip a nation prefix ("U.S.") and a title ("President") off a chunk; None if nothing
    worth a name is left."""
    i = m.i
    # a nation prefix: an abbreviation or a demonym at the start, then more name
    first = [(s, e, key) for s, e, key in inner if s == i]
    if first:
        s, e, key = first[0]
        entry = gaz.entries.get(key)
        prefix = doc[s:e].text
        if entry is not None and entry.cls == "Nation" and e < m.j and doc[e].text != "-":
            rest = [t.text for t in doc[e : m.j]]
            short_form = prefix != entry.label and (
                "." in prefix or prefix.isupper() or not prefix.endswith(entry.label[-2:])
            )
            strip = len(rest) > 1 or rest[0].isupper() or _head_class(rest) is None
            if short_form and strip and not _acronym_keeps_prefix(doc, m, rest):
                m.prefix = entry
                i = e
    words = [t.text for t in doc[i : m.j]]
    low = [w.lower() for w in words]
    for title in _TITLE_WORDS:  # "CEO of Philly Shipyard": the title of someone named before
        tw = title.split()
        if low[: len(tw)] == tw and len(words) > len(tw) + 1 and low[len(tw)] == "of" and (
                m.i > 0 and (doc[m.i - 1].text == "," or (  # "President and CEO of X"
                    m.i > 1 and doc[m.i - 1].lower_ in ("and", "&")
                    and doc[m.i - 2].lower_ in TITLES))):  # fmt: skip
            i += len(tw) + 1
            if i < m.j and doc[i].lower_ == "the":
                i += 1
            words = [t.text for t in doc[i : m.j]]
            low = [w.lower() for w in words]
            break
    for title in _TITLE_WORDS:
        tw = title.split()
        if low[: len(tw)] == tw and len(words) > len(tw):
            rest = words[len(tw) :]
            if _head_class(rest) is None and _leading_class(rest) is None:
                m.title = " ".join(words[: len(tw)])
                i += len(tw)
                break
    if i >= m.j:
        return None
    m.start += doc[i].idx - doc[m.i].idx
    m.text = doc[i : m.j].text
    m.i = i
    return m


# ------------------------------------------------------------------------- grouping mentions


def group_mentions(sentences: Sequence[Sentence], gaz: Gazetteer) -> list[Group]:
    """Group the mentions of all sentences into things (see the module docstring)."""
    groups: dict[str, Group] = {}
    order: list[Group] = []
    by_norm: dict[str, Group] = {}

    def add(key: str, m: Mention) -> None:
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group()
            order.append(g)
        g.mentions.append(m)
        m.group = g

    generic_seen: dict[str, Group] = {}
    for sent in sentences:
        for m in sent.mentions:
            m._heading = sent.heading  # type: ignore[attr-defined]
            if m.entry is not None:
                add(f"gaz {m.entry.key}", m)
                groups[f"gaz {m.entry.key}"].entry = m.entry
                continue
            if m.source == "topic":
                add(f"topic {m.text}", m)
                continue
            key = norm(m.text)
            if is_generic(m.text):
                # each "a …" is a new thing; "the …" the last one seen
                before = sent.doc[max(m.i - 2, 0) : m.i].text.lower().split()
                indefinite = bool({"a", "an", "another"} & set(before))
                last = generic_seen.get(key)
                if indefinite or last is None:
                    gkey = f"generic {key} {m.sent} {m.i}"
                    add(gkey, m)
                    groups[gkey].generic = True
                    generic_seen[key] = groups[gkey]
                else:
                    last.mentions.append(m)
                    m.group = last
                continue
            target = by_norm.get(key) or by_norm.get(_inverted(key) or "\0")
            bare = _without_suffix(key)
            if target is None and bare != key:  # "Philly Shipyard, Inc." after "Philly Shipyard"
                target = by_norm.get(bare)
            if target is None and m.acronym:
                target = by_norm.get(norm(m.acronym))
            if target is None:
                add(f"name {key}", m)
                target = groups[f"name {key}"]
                by_norm[key] = target
            else:
                target.mentions.append(m)
                m.group = target
            for alt in (m.full, m.acronym):
                if alt:
                    by_norm.setdefault(norm(alt), target)
            if _inverted(key):  # "Department of Commerce" is the "Commerce Department"
                by_norm.setdefault(_inverted(key) or "", target)
            if bare != key:
                by_norm.setdefault(bare, target)
    merged = _merge_into_gazetteer(order)
    merged |= _merge_short_forms([g for g in order if g not in merged], gaz)
    merged |= _merge_into_known([g for g in order if g not in merged], gaz)
    merged |= _merge_former_names(sentences, [g for g in order if g not in merged])
    return [g for g in order if g not in merged]


def _merge_into_gazetteer(groups: list[Group]) -> set[Any]:
    """ "BERLIN, June 19 -" before "Berlin": a name the gazetteer missed only by its case is
    the gazetteer's thing, written otherwise."""
    known: dict[str, Group] = {}
    for g in groups:
        if g.entry is not None:
            for m in g.mentions:
                known.setdefault(norm(m.text), g)
    merged: set[Any] = set()
    for g in groups:
        if g.entry is not None or g.generic or not g.mentions:
            continue
        targets = {id(known.get(norm(m.text))): known.get(norm(m.text)) for m in g.mentions}
        target = next(iter(targets.values())) if len(targets) == 1 else None
        if target is not None:
            _absorb(target, g)
            merged.add(g)
    return merged


def _absorb(target: Group, g: Group) -> None:
    """Make every mention of `g` one of `target`'s, kept in text order (`g` is then dropped)."""
    for m in g.mentions:
        m.group = target
    target.mentions.extend(g.mentions)
    target.mentions.sort(key=lambda m: (m.sent, m.i))


def _merge_into_known(groups: list[Group], gaz: Gazetteer) -> set[Any]:
    """ "The Army intends …" after "the U.S. Army": a bare name that is exactly one longer
    name of the text without its nation ("U.S.", "Japanese") is that thing."""
    absorbed: set[Any] = set()
    for g in groups:
        if g.entry is not None or g.generic or g.mentions[0].source != "chunk":
            continue
        text = g.mentions[0].text
        hits = []
        for h in groups:
            if h is g or h in absorbed or h.generic:
                continue
            long = max((m.text for m in h.mentions), key=len)
            if long.endswith(" " + text):
                e = gaz.lookup(long[: -len(text) - 1].strip())
                if e is not None and e.cls == "Nation":
                    hits.append(h)
        if len(hits) != 1:
            continue
        _absorb(hits[0], g)
        absorbed.add(g)
    return absorbed


def _inverted(key: str) -> str | None:
    """ "department of commerce" ↔ "commerce department" (a ministry or department named
    both ways), else None."""
    words = key.split()
    if len(words) == 3 and words[1] == "of" and words[0] in ("department", "ministry"):
        return f"{words[2]} {words[0]}"
    if len(words) == 2 and words[1] in ("department", "ministry"):
        return f"{words[1]} of {words[0]}"
    return None


def _without_suffix(key: str) -> str:
    """A normalised company name without its legal suffix ("hanwha ocean co ltd" → …)."""
    words = key.replace(",", " ").split()
    if not words or words[-1] not in _BARE_SUFFIXES:
        return key
    while len(words) > 1 and words[-1] in _BARE_SUFFIXES:
        words.pop()
    return " ".join(words)


_BARE_SUFFIXES = frozenset({"inc", "ltd", "co", "llc", "plc", "corp", "ag", "sa"})


def _merge_former_names(sentences: Sequence[Sentence], groups: list[Group]) -> set[Any]:
    """ "Hanwha Ocean Co., Ltd., formerly Daewoo Shipbuilding & Marine Engineering,", "the
    Agreement …, known as the 123 Agreement,", "the MRC, also called Typhon," → one thing
    (the other name is an alias, not the label)."""
    absorbed: set[Any] = set()
    for sent in sentences:
        doc = sent.doc
        for m in sent.mentions:
            if m.group is None or m.group in absorbed:
                continue
            k = m.j
            if k < len(doc) and doc[k].text == ",":
                k += 1
            if k < len(doc) and doc[k].lower_ == "also":
                k += 1
            if not (k < len(doc) and doc[k].lower_ in ("formerly", "previously", "known",
                                                       "called", "dubbed")):  # fmt: skip
                continue
            if doc[k].lower_ in ("called", "dubbed") and doc[k - 1].lower_ != "also":
                continue  # "also called Typhon", not "the package … called MASGA"
            k += 1
            if k < len(doc) and doc[k].lower_ in ("known", "as"):
                k += 1 if doc[k].lower_ == "as" else 2  # "known as", "formerly known as"
            while k < len(doc) and (doc[k].lower_ == "the" or doc[k].like_num):
                k += 1  # "known as the 123 Agreement"
            old = next((x for x in sent.mentions if x.i == k and x.group is not None), None)
            if old is None or old.group is m.group or old.group.entry is not None:
                continue
            g, h = m.group, old.group
            for x in h.mentions:
                x.group = g
                x.former = True  # type: ignore[attr-defined]
            g.mentions.extend(h.mentions)
            g.mentions.sort(key=lambda x: (x.sent, x.i))
            absorbed.add(h)
    return absorbed


def _merge_short_forms(order: list[Group], gaz: Gazetteer) -> set[int | Group]:
    """Join short forms into the longer name they stand for; return the groups absorbed."""
    absorbed: set[Any] = set()
    named = [
        g for g in order if g.entry is None and not g.generic and g.mentions[0].source == "chunk"
    ]
    for g in named:
        short = norm(g.mentions[0].text)
        words = short.split()
        if any(len(norm(m.text).split()) > len(words) for m in g.mentions):
            continue  # "Microsoft" that is "Microsoft Corp." is no short form of "Microsoft Azure"
        candidates = []
        for h in named:
            if h is g or h in absorbed:
                continue
            long = norm(max((m.text for m in h.mentions), key=len))
            lw = long.split()
            if len(lw) <= len(words):
                continue
            person = any(m.title or m.ner == "PERSON" for m in h.mentions)
            while person and len(lw) > 2 and lw[-1] in ("jr", "sr", "ii", "iii", "iv"):
                lw = lw[:-1]  # "Biden" of "Joseph R. Biden Jr."
            if person and lw[-1] == short and len(words) == 1:
                candidates.append(h)  # surname
            elif lw[: len(words)] == words and lw[len(words) :] in ([d] for d in _DESIGNATORS):
                candidates.append(h)  # "Northvolt" of "Northvolt AB", even if tagged a place
            elif (
                lw[: len(words)] == words
                and len(words) == 1
                and any(m.ner in ("GPE", "LOC") for m in g.mentions)
                and _head_class(lw[len(words) :]) not in _PLACE_HEADS
            ):
                continue  # "Luzon" of "Luzon Economic Corridor" is the island itself
            elif lw[: len(words)] == words and _head_class(lw[len(words) :]) in _MEETINGS:
                continue  # "Quad" of "Quad Leaders' Summit" is the alliance, not its summit
            elif lw[: len(words)] == words and (
                _head_class(lw[len(words) :]) is not None
                or " ".join(lw[len(words) :]) in TRAILING_HEADS
                or (len(words) == 1 and not person and g.mentions[0].ner != "GPE")
            ):
                candidates.append(h)  # "Artemis" of "Artemis program", "Argonne" of "Argonne …"
            elif (
                short.isalpha()
                and len(short) >= 2
                and g.mentions[0].text.isupper()
                and _initials(lw) == short
            ):
                candidates.append(h)  # an acronym the text did not define
        if len(candidates) > 1:  # "AUKUS partnership" before "AUKUS Defence Ministers"
            bare = [h for h in candidates
                    if " ".join(norm(max((m.text for m in h.mentions), key=len)).split()[
                        len(words):]) in TRAILING_HEADS]  # fmt: skip
            candidates = bare if len(bare) == 1 else candidates
        if len(candidates) == 1:
            _absorb(candidates[0], g)
            absorbed.add(g)
    return absorbed


#: classes of meetings of a body, named after it ("Quad Leaders' Summit")
_MEETINGS = frozenset({"Summit", "Meeting", "Dialogue", "Forum", "Conference"})

_PLACE_HEADS = frozenset(
    {"Island", "WaterBody", "Region", "City", "Subdivision", "Site", "Building", "Location"}
)


def _initials(words: Sequence[str]) -> str:
    full = "".join(w[0] for w in words if w)
    content = "".join(w[0] for w in words if w and w not in FUNCTION_WORDS)
    return full if len(full) <= 6 else content


# ------------------------------------------------------------------------------ classifying


def classify(group: Group, sentences: Sequence[Sentence]) -> None:
    """Set the group's label, class, aliases, rule and confidence (class "" = drop it)."""
    if group.entry is not None:
        e = group.entry
        group.label, group.cls = e.label, e.cls
        group.rule = f"gazetteer:{e.source}"
        group.confidence = 0.95 if e.known or e.source == "pycountry" else 0.85
        group.aliases = [n for n in group.names if n != e.label]
        return
    first = group.mentions[0]
    if first.source == "topic":
        group.label, group.cls, group.rule, group.confidence = (
            first.text,
            "Topic",
            "topic-list",
            0.7,
        )
        group.aliases = [
            n for n in dict.fromkeys(m.full for m in group.mentions) if n != first.text
        ]
        return
    longest = max(group.mentions, key=lambda m: (len(m.text), -m.sent))
    words = longest.text.split()
    ner = Counter(m.ner for m in group.mentions if m.ner).most_common(1)
    ner_label = ner[0][0] if ner else None
    titles = [m.title for m in group.mentions if m.title]
    cls, rule, conf = None, "", 0.0
    head = _head_class(words)
    if head is None and "of" in words[1:]:  # "Armed Forces of the Philippines"
        head = _head_class(words[: words.index("of", 1)])
    cut = next((k for k, w in enumerate(words) if k and w in ("on", "for", "to", "of")), None)
    if cut is not None and _head_class(words[:cut]) in _PACT_CLASSES:
        head = _head_class(words[:cut])  # "Strategic Partnership on Submarines" is no vessel
    if (head in _PACT_CLASSES and words[-1] == "Partnership" and len(words) > 1
            and words[-2].lower() not in _RELATIONSHIP_WORDS):  # fmt: skip
        head = "Initiative"  # "Semiconductors Partnership" is a scheme, not an alliance
    if head == "Facility" and _FINANCE_WORDS & {w.lower() for w in words}:
        head = "Program"  # "Critical Minerals Facility": a lending facility
    lead = _leading_class(words)
    acronym = next((AGENCY_ACRONYMS[n] for n in group.names if n in AGENCY_ACRONYMS), None)
    research = bool(_RESEARCH_WORDS & {w.lower() for w in words})
    if _dateline(group, sentences):
        cls, rule, conf = "Location", "dateline", 0.8
    elif titles and head is None and lead is None:
        cls, rule, conf = "Person", f"title:{titles[0]}", 0.9
        group.role = titles[0]
    elif acronym:
        cls, rule, conf = acronym, "acronym-list", 0.85
    elif lead in ("Agency", "Company") and research:
        cls, rule, conf = "ResearchInstitute", "research-name", 0.7
    elif lead:
        cls, rule, conf = lead, f"leading-word:{words[0]}", 0.85
    elif head in ("Company", "Agency") and words[-1].lower() not in (
            "agency", "foundation", "bank") and research:  # fmt: skip
        cls, rule, conf = "ResearchInstitute", "research-name", 0.7
    elif head is None and any(w.lower().rstrip(".,") in _DESIGNATORS for w in words[1:]):
        cls, rule, conf = (
            "Company",
            "designator-inside",
            0.75,
        )  # "Toyota Motor Corporation Australia"
    elif (head is None and len(words) >= 2 and _ends_with_nation(words)
          and not _appositive_company(group, sentences)):  # fmt: skip
        cls, rule, conf = "Agency", "name-nation", 0.7  # "Natural Resources Canada"
    elif head:
        cls, rule, conf = head, "head-noun", 0.8
        if head == "Subdivision" and ner_label not in ("GPE", "LOC"):
            cls, conf = "Location", 0.6
        if head in ("MissileSystem",) and any(_DESIGNATOR.match(w) for w in words):
            conf = 0.85
    elif head is None and _appositive_company(group, sentences):
        cls, rule, conf = "Company", "company-appositive", 0.75  # "G42, the AI company"
    elif head is None and _appositive_company(group, sentences, _PROGRAM_APPOSITIVES):
        cls, rule, conf = "Initiative", "program-appositive", 0.75  # "X, an informal partnership"
    elif head is None and lead is None and _place_cue(group, sentences, words):
        cls, rule, conf = "Location", "place-cue", 0.7  # "Leixlip, Ireland", "state of X"
    elif any(_DESIGNATOR.match(w) for w in words) and not any(m.acronym for m in group.mentions):
        cls, rule, conf = "System", "designator", 0.7
        if _near(group, sentences, ("missile", "missiles", "interceptor")):
            cls = "MissileSystem"
        elif _near(group, sentences, ("aircraft", "fighter", "fighters", "jet", "jets")):
            cls = "Aircraft"
    elif len(words) > 1 and (" ".join(words[:2]).lower() in _BASE_LEADS
                             or words[0].lower() in ("camp", "fort")
                             or words[0] in _BASE_PREFIXES):  # fmt: skip
        cls, rule, conf = "Site", "base-name", 0.75  # "Naval Base Camilo Osias", "Camp Humphreys"
    elif words[0] in _SHIP_PREFIXES and len(words) > 1:
        # "USNS Yukon" is a ship; "through HMAS Stirling", "visits to HMAS Stirling" a base
        base = any(sentences[m.sent].doc[m.i - 1].lower_ in ("through", "to", "at", "near", "in")
                   for m in group.mentions if m.i > 0)  # fmt: skip
        cls, rule, conf = ("Site" if base else "Vessel"), "ship-prefix", 0.7
    elif called := _called_program(group, sentences):
        cls, rule, conf = called, f"called-{called.lower()}", 0.65
    elif _exercise_cue(group, sentences):
        cls, rule, conf = "MilitaryExercise", "exercise-cue", 0.7
    elif _system_cue(group, sentences):
        cls, rule, conf = "System", "system-noun", 0.65
    elif _company_cue(group, sentences):
        cls, rule, conf = "Company", "company-cue", 0.75
    elif ner_label == "PERSON" and len(words) >= 2 and not any(m.acronym for m in group.mentions):
        cls, rule, conf = "Person", "ner:PERSON", 0.75
    elif ner_label in ("GPE", "LOC"):
        cls, rule, conf = "Location", f"ner:{ner_label}", 0.55
    elif ner_label == "FAC":
        cls, rule, conf = "Location", "ner:FAC", 0.5
    elif _placed(group, sentences, words):
        cls, rule, conf = "Location", "place-preposition", 0.5
    elif ner_label == "ORG" and research:
        cls, rule, conf = "ResearchInstitute", "research-name", 0.6
    elif ner_label == "ORG":
        cls, rule, conf = "Company", "ner:ORG", 0.5
    elif ner_label == "PRODUCT":
        cls, rule, conf = "System", "ner:PRODUCT", 0.5
    elif ner_label == "EVENT":
        cls, rule, conf = "Program", "ner:EVENT", 0.45
    elif ner_label == "LAW":
        cls, rule, conf = "Agreement", "ner:LAW", 0.55
    elif longest.text.isupper() and len(longest.text) >= 3 and longest.text.isalpha():
        cls, rule, conf = "Company", "acronym", 0.45
    elif any(m.acronym for m in group.mentions):
        cls, rule, conf = "Company", "acronym-defined", 0.5  # "Polska Grupa Zbrojeniowa (PGZ)"
    if cls is None or _government_of_nation(group, words):
        group.cls = ""
        return
    if cls in ("Topic",):
        conf = min(conf, 0.6)
    if words and words[-1].endswith("s") and words[-1][:-1].lower() in ("park", "reserve", "area"):
        cls, rule, conf = "Topic", "plural-common-noun", 0.5
    group.cls, group.rule, group.confidence = cls, rule, conf
    group.label = _label(group, cls)
    if rule == "dateline" and group.label.isupper():
        group.label = group.label.title()  # "OTTAWA, March 3 -" is Ottawa
    bare = [" ".join(m.text.split()[:-1]) for m in group.mentions
            if len(m.text.split()) > 1 and m.text.split()[-1] in _TRAILING_BARE]  # fmt: skip
    group.aliases = [n for n in dict.fromkeys([*group.names, *bare]) if n != group.label]


#: words that make a "… Partnership" a relationship between states (an alliance)
_RELATIONSHIP_WORDS = frozenset(
    {"strategic", "security", "defence", "defense", "comprehensive", "global", "alliance",
     "enhanced", "special", "privileged", "bilateral", "economic"}
)  # fmt: skip

_PACT_CLASSES = frozenset(
    {"Agreement", "TradeAgreement", "Treaty", "JointStatement", "ActionPlan", "Alliance",
     "MemorandumOfCooperation", "StatementOfIntent", "Program", "Initiative", "Forum",
     "Dialogue", "Summit"}
)  # fmt: skip
_FINANCE_WORDS = frozenset(
    {"finance", "financing", "credit", "lending", "loan", "loans", "investment", "minerals",
     "infrastructure", "guarantee", "export", "development", "resilience", "recovery"}
)  # fmt: skip
_TRAILING_BARE = frozenset({"system", "project", "programme", "program", "missile", "initiative"})
_RESEARCH_WORDS = frozenset({"research", "science", "sciences", "scientific"})
_SYSTEM_NOUNS = frozenset(
    {"tank", "tanks", "howitzer", "howitzers", "interceptor", "interceptors", "missile",
     "missiles", "battery", "batteries", "aircraft", "jet", "jets", "fighter", "fighters",
     "drone", "drones", "helicopter", "helicopters", "satellite", "satellites", "submarine",
     "submarines", "frigate", "frigates", "destroyer", "destroyers", "corvette", "corvettes",
     "rocket", "rockets", "launcher", "launchers", "radar", "radars", "variant", "variants",
     "engine", "engines", "reactor", "reactors", "vehicle", "vehicles", "system", "systems",
     "ship", "ships", "vessel", "vessels", "warship", "warships", "cruiser", "cruisers",
     "torpedo", "torpedoes", "munition", "munitions", "shell", "shells", "gun", "guns",
     "uav", "uavs", "trainer", "trainers", "carrier", "carriers", "chip", "chips",
     "processor", "processors", "turbine", "turbines", "platform", "platforms"}
)  # fmt: skip


def _dateline(group: Group, sentences: Sequence[Sentence]) -> bool:
    """ "OTTAWA, March 3 (Reuters) -": a capitalised name opening a wire story is its place."""
    for m in group.mentions:
        doc = sentences[m.sent].doc
        if m.i != 0 or m.j >= len(doc) or doc[m.j].text not in (",", "(", "-", "–", "—"):
            continue
        letters = [c for c in doc[m.i : m.j].text if c.isalpha()]
        if len(letters) < 3 or not all(c.isupper() for c in letters):
            continue
        after = doc[m.j : min(m.j + 6, len(doc))]
        if doc[m.j].text == "(" or any(
            t.text in ("-", "–", "—", "(") or t.lower_.rstrip(".") in _MONTHS for t in after
        ):
            return True  # a date, an agency in brackets or the dash follows; "SSN-AUKUS, the
    return False  # future submarine" is no dateline


_MONTHS = frozenset(
    {"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
     "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
     "november", "dec", "december"}
)  # fmt: skip


def _ends_with_nation(words: Sequence[str]) -> bool:
    """ "Natural Resources Canada", "Geoscience Australia": a government body named as a
    field followed by its nation (the first word is no nation, no word a class word)."""
    if not _is_nation_name(words[-1:]) or _is_nation_name(words[:1]):
        return False
    return all(w[:1].isupper() and w.isalpha() and (w.lower() not in HEADS or w.lower()
               in FIELD_HEADS) for w in words[:-1])  # fmt: skip


def _system_cue(group: Group, sentences: Sequence[Sentence]) -> bool:
    """ "180 K2 main battle tanks", "Arrow 3 interceptors": a name right before a weapon or
    equipment noun (up to two modifiers between) names the system."""
    for m in group.mentions:
        doc = sentences[m.sent].doc
        for k in range(m.j, min(m.j + 3, len(doc))):
            t = doc[k]
            if not t.text.islower():
                break
            if t.text in _SYSTEM_NOUNS:
                return True
            if t.pos_ not in ("ADJ", "NOUN"):
                break
    return False


def _government_of_nation(group: Group, words: Sequence[str]) -> bool:
    """ "the Government of India", "the Japanese Government": the nation, named already."""
    low = [w.lower() for w in words]
    if low[:2] == ["government", "of"] and len(low) > 2:
        return any(m.prefix is not None for m in group.mentions) or _is_nation_name(words[2:])
    return len(low) == 2 and low[1] == "government" and any(
        m.prefix is not None for m in group.mentions)  # fmt: skip


def _is_nation_name(words: Sequence[str]) -> bool:
    import pycountry

    name = " ".join(w for w in words if w.lower() != "the")
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def _label(group: Group, cls: str) -> str:
    """The canonical label: the fullest name, without title; with a nation prefix for agencies."""
    if cls == "Person":
        names = [m.text for m in group.mentions]
        return max(names, key=lambda n: (len(n.split()), len(n)))
    current = [m for m in group.mentions if not getattr(m, "former", False)] or group.mentions
    best = max(current, key=lambda m: (len(m.text.split()), len(m.text)))
    if best.prefix is not None and cls in (
        "Agency",
        "ExecutiveDepartment",
        "Ministry",
        "MilitaryService",
    ):
        return best.full
    return best.text


def _near(group: Group, sentences: Sequence[Sentence], words: Sequence[str]) -> bool:
    for m in group.mentions:
        doc = sentences[m.sent].doc
        window = doc[max(m.i - 3, 0) : min(m.j + 3, len(doc))]
        if any(t.lower_ in words for t in window):
            return True
    return False


#: abbreviations that open the names of air and naval stations ("RAF Lossiemouth")
_BASE_PREFIXES = frozenset({"RAF", "RAAF", "RNAS", "MCAS", "NAS", "CFB", "JBSA"})
_BASE_LEADS = frozenset({"naval base", "air base", "joint base", "naval station", "air station"})
_SHIP_PREFIXES = frozenset(
    {
        "USS",
        "USNS",
        "USCGC",
        "HMS",
        "HMAS",
        "HMCS",
        "HMNZS",
        "INS",
        "JS",
        "ROKS",
        "BRP",
        "KRI",
        "RSS",
        "HNLMS",
        "FS",
        "ITS",
        "TCG",
    }
)
_PROGRAM_NOUNS = frozenset(
    {"package", "program", "programme", "initiative", "plan", "effort", "project", "scheme",
     "campaign", "fund", "facility", "mechanism", "framework"}
)  # fmt: skip


def _called_program(group: Group, sentences: Sequence[Sentence]) -> str | None:
    """ "the cooperation package that the two governments have called MASGA": a name given to
    a program noun is a program ("Program"), one given to a site or plant a place
    ("Location"); otherwise None."""
    for m in group.mentions:
        doc = sentences[m.sent].doc
        if m.i == 0 or doc[m.i - 1].lower_ not in ("called", "dubbed", "named", "titled",
                                                    "calls"):  # fmt: skip
            continue
        verb = doc[m.i - 1]
        for a in [verb, *verb.ancestors]:
            if a.pos_ == "NOUN":
                lemma = a.lemma_.lower()
                if lemma in _PROGRAM_NOUNS:
                    return "Program"
                return "Location" if lemma in _PLACE_NOUNS else None
    return None


#: nouns for a place a name may be given to ("the site, which Intel calls Silicon Junction")
_PLACE_NOUNS = frozenset({"site", "plant", "campus", "park", "hub", "factory", "complex",
                          "zone", "corridor", "cluster", "base", "port", "facility"})  # fmt: skip
#: "the state of X", "the city of X": a name after one of these is a place
_PLACE_OF = frozenset({"state", "province", "city", "town", "region", "prefecture", "county",
                       "district", "village", "port", "island", "islands"})  # fmt: skip


def _appositive_company(
    group: Group, sentences: Sequence[Sentence], cues: frozenset[str] = COMPANY_CUES
) -> bool:
    """ "G42, the artificial intelligence company based in Abu Dhabi", "AEL Sistemas, a
    subsidiary of …": a name whose appositive (up to the next comma) is headed by a company
    word is a company (with `cues`, by one of those words)."""
    if cues is COMPANY_CUES:
        cues = _FIRM_APPOSITIVES
    for m in group.mentions:
        doc = sentences[m.sent].doc
        if m.j + 2 >= len(doc) or doc[m.j].text != "," or doc[m.j + 1].lower_ not in (
                "the", "a", "an"):  # fmt: skip
            continue
        for t in doc[m.j + 2 : min(m.j + 8, len(doc))]:
            if t.text in (",", ";", ".") or t.pos_ in ("VERB", "AUX", "ADP"):
                break
            if t.lower_ in cues and t.pos_ == "NOUN":
                return True
    return False


_FIRM_APPOSITIVES = COMPANY_CUES | {"subsidiary", "group"}
#: nouns heading an appositive that make the name a scheme of several parties ("the Partners in
#: the Blue Pacific, an informal partnership")
_PROGRAM_APPOSITIVES = frozenset(
    {"partnership", "initiative", "programme", "program", "mechanism", "coalition", "grouping",
     "dialogue", "scheme"}
)  # fmt: skip


def _place_cue(group: Group, sentences: Sequence[Sentence], words: Sequence[str]) -> bool:
    """A short name written "X, <nation or state>" ("Leixlip, Ireland") or "the state of X",
    or followed by ", the capital of", is a place."""
    if len(words) > 3:
        return False
    for m in group.mentions:
        sent = sentences[m.sent]
        doc = sent.doc
        if m.i >= 2 and doc[m.i - 1].lower_ == "of" and doc[m.i - 2].lower_ in _PLACE_OF:
            return True
        if m.j + 2 < len(doc) and doc[m.j].text == "," and doc[m.j + 1].lower_ == "the" and (
                doc[m.j + 2].lower_ in ("capital", "city", "town", "port")):  # fmt: skip
            return True
        if m.j + 1 < len(doc) and doc[m.j].text == "," and m.i > 0 and doc[m.i - 1].lower_ in (
                "in", "near", "at", "from"):  # fmt: skip
            nxt = next((x for x in sent.mentions if x.i == m.j + 1), None)
            if (nxt is not None and nxt.entry is not None
                    and nxt.entry.cls in ("Nation", "Subdivision")
                    and (nxt.j >= len(doc) or doc[nxt.j].text != "'s")):  # fmt: skip
                return True
    return False


_CALENDAR = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
     "saturday", "sunday", "spring", "summer", "autumn", "fall", "winter"}
)  # fmt: skip


def _placed(group: Group, sentences: Sequence[Sentence], words: Sequence[str]) -> bool:
    """A one-word name (or "Barrow-in-Furness") only ever written after "in" / "at" / "near"
    ("reactor production in Derby") is a place, whatever the NER guessed."""
    if not (len(words) == 1 or re.search(r"-(in|on|upon)-", words[0])):
        return False
    if words[0].lower() in _CALENDAR or any(m.ner in ("DATE", "TIME") for m in group.mentions):
        return False
    for m in group.mentions:
        doc = sentences[m.sent].doc
        if m.i < 2 or doc[m.i - 1].lower_ not in ("in", "at", "near"):
            return False
        if doc[m.i - 2].lemma_.lower() in ("invest", "investment", "stake", "share", "interest"):
            return False
    return True


_EXERCISE = frozenset({"exercise", "exercises", "drill", "drills", "wargame"})


def _exercise_cue(group: Group, sentences: Sequence[Sentence]) -> bool:
    """ "Exercise Salaknib", "the Kamandag and Balikatan drills", "Maritime Big Play, an
    exercise": a name right next to an exercise word is an exercise."""
    for m in group.mentions:
        doc = sentences[m.sent].doc
        if m.i > 0 and doc[m.i - 1].lower_ in _EXERCISE:
            return True
        after = doc[m.j : min(m.j + 6, len(doc))]
        appositive = bool(after) and after[0].text == ","
        for t in after:
            if t.lower_ in _EXERCISE:
                return True
            if not (t.text[:1].isupper() or t.lower_ in (",", "and", "an", "a")
                    or (appositive and (t.lower_ == "the" or t.pos_ == "ADJ"))):  # fmt: skip
                break
    return False


def systems_in_service(groups: Sequence[Group], sentences: Sequence[Sentence]) -> None:
    """A name the rules could only guess, written "the X in the Royal Air Force" or "deployed
    its X", is a system."""
    for g in groups:
        if g.entry is not None or (g.cls and g.confidence > 0.55):
            continue
        for m in g.mentions:
            sent = sentences[m.sent]
            doc = sent.doc
            x = None
            if m.j + 1 < len(doc) and doc[m.j].lower_ == "in":
                k = m.j + 1 + (1 if doc[m.j + 1].lower_ == "the" else 0)
                x = next((y for y in sent.mentions if y.i == k and y.group is not None), None)
            deployed = any(
                a.lemma_.lower() in ("deploy", "field", "station")
                for a in [doc[m.j - 1].head]
                if doc[m.j - 1].dep_ == "dobj"
            )
            if deployed or (x is not None and x.group.cls == "MilitaryService"):
                g.cls, g.rule, g.confidence = "System", "in-service", 0.6
                g.label = _label(g, "System")
                g.aliases = [n for n in g.names if n != g.label]
                break


def company_lists(groups: Sequence[Group], sentences: Sequence[Sentence]) -> None:
    """A name the rules could not place, listed with companies ("BAE Systems, Leonardo and
    …"), is a company."""
    for g in groups:
        if g.entry is not None or (g.cls and g.confidence > 0.55) or (g.cls == "Person" and len(
                g.label.split()) > 1):  # fmt: skip
            continue
        for m in g.mentions:
            sent = sentences[m.sent]
            doc = sent.doc
            near = [x for x in sent.mentions if x is not m and x.group is not None and (
                (x.j == m.i - 1 and doc[m.i - 1].text in (",", "and"))
                or (x.j == m.i - 2 and doc[m.i - 2].text == "," and doc[m.i - 1].lower_ == "and")
                or (x.i == m.j + 1 and doc[m.j].text in (",", "and")))]  # fmt: skip
            floor = 0.5 if not g.cls else 0.75  # a name with no class at all: any firm will do
            if any(x.group.cls == "Company" and x.group.confidence >= floor for x in near):
                g.cls, g.rule, g.confidence = "Company", "listed-with-companies", 0.6
                g.label = _label(g, "Company")
                g.aliases = [n for n in g.names if n != g.label]
                break
            # "between Safran and the Defence Research and Development Organisation": a name
            # with no class at all, paired with a body, is a firm
            paired = [x for x in sent.mentions if x is not m and x.group is not None
                      and x.i == m.j + 2 and doc[m.j].text == "and" and doc[m.j + 1].lower_ == "the"
                      and x.group.cls in _BODIES and x.group.confidence >= 0.6]  # fmt: skip
            if not g.cls and len(m.text.split()) == 1 and m.text[:1].isupper() and paired:
                g.cls, g.rule, g.confidence = "Company", "paired-with-a-body", 0.55
                g.label = _label(g, "Company")
                g.aliases = [n for n in g.names if n != g.label]
                break


_BODIES = frozenset({"Company", "Agency", "ResearchInstitute", "Ministry", "ExecutiveDepartment",
                     "SpaceAgency", "University"})  # fmt: skip


def _company_cue(group: Group, sentences: Sequence[Sentence]) -> bool:
    for m in group.mentions:
        doc = sentences[m.sent].doc
        before = [t.lower_ for t in doc[max(m.i - 2, 0) : m.i]]
        after = [t.lower_ for t in doc[m.j : min(m.j + 5, len(doc))]]
        if "," in after[1:]:
            after = after[: after.index(",", 1)]  # the appositive only
        if set(before) & COMPANY_CUES or (after[:1] == [","] and set(after) & COMPANY_CUES):
            return True
        if (before == ["such", "as"] and m.i >= 3
                and doc[m.i - 3].lemma_.lower() in COMPANY_CUES):  # fmt: skip
            return True  # "suppliers such as Bisalloy Steels"
    return False


def topic_matcher(nlp: Any) -> Any:
    """A function doc → [(start, end, topic label)] over the topic list (lower case)."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for surface, label in sorted(TOPICS.items()):
        matcher.add(label, [nlp.make_doc(surface)])
    strings = nlp.vocab.strings

    def find(doc: Doc) -> list[tuple[int, int, str]]:
        spans = sorted(matcher(doc), key=lambda x: (x[1], -(x[2] - x[1])))
        out, last = [], -1
        for match_id, s, e in spans:
            if s >= last:
                text = doc[s:e].text
                if text.isupper() and len(text) <= 3 and text.lower() != "ai":
                    continue  # "LNG" is fine, but short upper words are usually other names
                out.append((s, e, strings[match_id]))
                last = e
        return out

    return find


def token_of(sentence: Sentence, offset: int) -> Token | None:
    """The token of `sentence` that starts at text offset `offset`."""
    for t in sentence.doc:
        if sentence.start + t.idx == offset:
            return t
    return None
