"""Relations between the things a document names, from cue words and dependency patterns.

Each rule looks at one sentence: its mentions (in order, with their classes), spaCy's parse, and
the document's principal parties (the two nations a bilateral text is about, for "both
countries", "the leaders", "They"). A rule proposes `subject property object` with a confidence;
`Relations.add` keeps it only if the ontology allows the property between the two classes
(domains and ranges of `Vocabulary`), so no rule can state what the ontology forbids.
Precision before recall: a rule fires only on the patterns it knows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import (
    CHANCELLORS,
    COLLAB_WORDS,
    COMPANY_CUES,
    DEPLOY_WORDS,
    EXECUTIVE_PRESIDENTS,
    GROUP_PHRASES,
    HEADS_OF_GOVERNMENT,
    HEDGE_WORDS,
    MONARCHIES,
    ORG_LEADER_TITLES,
    PARTICIPATE_VERBS,
    PRODUCE_WORDS,
    SIGN_VERBS,
    TITLES,
)
from .mentions import Group, Mention, Sentence, norm

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..ontology import Vocabulary
    from .gazetteer import Gazetteer

_YEAR = re.compile(r"^(19|20)\d\d$")
_POSSESSIVE = ("’s", "'s", "’", "'")


@dataclass
class Found:
    """A relation a rule proposes, with the sentence that states it."""

    subject: Group
    property: str
    object: Group
    sent: int
    rule: str
    confidence: float
    hedged: bool = False
    year: int | None = None
    role: str | None = None


@dataclass
class Relations:
    """The relations found so far, checked against the ontology and kept once each."""

    vocab: Vocabulary
    found: dict[tuple[int, str, int], Found] = field(default_factory=dict)

    def allowed(self, prop: str, subject: Group, obj: Group) -> bool:
        """Whether the ontology lets `prop` link things of these classes."""
        term = self.vocab.term(prop)

        def fits(cls: str, sets: tuple[frozenset[str], ...]) -> bool:
            return all(any(self.vocab.is_a(cls, c) for c in s) for s in sets)

        return fits(subject.cls, term.domains) and fits(obj.cls, term.ranges)

    def add(self, f: Found) -> None:
        """Keep `f` if allowed and not a loop; for a pair stated twice, the surer finding."""
        if (
            f.property == "signedBy"
            and f.subject.cls
            and self.vocab.is_a(f.subject.cls, "Alliance")
        ):
            # a standing alliance is joined, not signed: its members take part in it
            f.subject, f.object, f.property = f.object, f.subject, "participatesIn"
        if f.subject is f.object or not self.allowed(f.property, f.subject, f.object):
            return
        if f.property == "produces" and not self.vocab.is_a(f.subject.cls, "Company"):
            return  # firms produce; a nation or ministry that "develops" a system funds or buys it
        if (f.property == "collaboratesWith" and f.subject.cls == "Person"
                and f.object.cls == "Person"):  # fmt: skip
            return  # two signatories or leaders: their nations or bodies are the partners
        s, o = id(f.subject), id(f.object)
        if self.vocab.term(f.property).symmetric and f.subject.label > f.object.label:
            f.subject, f.object = f.object, f.subject
            s, o = o, s
        key = (s, f.property, o)
        old = self.found.get(key)
        if old is None or f.confidence > old.confidence:
            self.found[key] = f


# ----------------------------------------------------------------------------- the context


@dataclass
class Context:
    """What the rules see: the sentences, the kept groups and the principal parties."""

    sentences: Sequence[Sentence]
    groups: Sequence[Group]
    gaz: Gazetteer
    vocab: Vocabulary
    principal: list[Group] = field(default_factory=list)
    recent: list[Group] = field(default_factory=list)  # the last sentence's several subjects

    def mentions(self, sent: Sentence) -> list[Mention]:
        """The sentence's mentions of kept groups, in order (not nation prefixes of names)."""
        return [m for m in sent.mentions if m.group is not None and m.group.cls and not m.inside]

    def is_a(self, group: Group, cls: str) -> bool:
        return bool(group.cls) and self.vocab.is_a(group.cls, cls)

    def party(self, group: Group) -> bool:
        return bool(group.cls) and self.vocab.is_party(group.cls)

    def group_of(self, name: str) -> Group | None:
        """The kept group one of whose names (or whose gazetteer entry) is `name`."""
        key = norm(name)
        for g in self.groups:
            if any(norm(n) == key for n in (g.label, *g.names)):
                return g
        entry = self.gaz.lookup(name)
        if entry is not None:
            return next((g for g in self.groups if g.entry is entry), None)
        return None


def principal_parties(ctx: Context) -> list[Group]:
    """The two nations a bilateral text is about: the two most mentioned, if both are often
    mentioned and clearly more than any third."""
    counts = Counter()
    for g in ctx.groups:
        if g.cls == "Nation":
            counts[id(g)] = sum(1 for m in g.mentions if not ctx.sentences[m.sent].heading)
    ranked = [g for g in ctx.groups if id(g) in counts]
    ranked.sort(key=lambda g: -counts[id(g)])
    if len(ranked) < 2 or counts[id(ranked[1])] < 2:
        return []
    if len(ranked) > 2 and counts[id(ranked[2])] * 2 > counts[id(ranked[1])]:
        return []
    return ranked[:2]


# ---------------------------------------------------------------------------- parse helpers


def _possessor_of(sent: Sentence, ms: list[Mention], m: Mention) -> Mention | None:
    """The mention written "X’s" right before `m`."""
    doc = sent.doc
    if m.i >= 2 and doc[m.i - 1].text in _POSSESSIVE:
        return next((p for p in ms if p.j == m.i - 1), None)
    return None


def _coordinated_after(sent: Sentence, ms: list[Mention], m: Mention) -> list[Mention]:
    """`m` and the mentions joined to it by "and" (not by commas): "RIKEN and Fujitsu"."""
    out = [m]
    doc = sent.doc
    cur = m
    while cur.j + 1 < len(doc) and doc[cur.j].text == "and":
        nxt = next((x for x in ms if x.i == cur.j + 1), None)
        if nxt is None:
            break
        out.append(nxt)
        cur = nxt
    return out


def _in_span(ms: Iterable[Mention], i: int, j: int) -> list[Mention]:
    return [m for m in ms if m.i >= i and m.j <= j]


def _subject_of(tok: Token) -> Token | None:
    """The subject of the clause `tok` is in, climbing through xcomp, conj, advcl, prep, …"""
    seen = 0
    cur = tok
    while seen < 8:
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:  # the nearest before the verb: not a dateline parsed as a second subject
            before = [c for c in subj if c.i < cur.i]
            return before[-1] if before else subj[0]
        if cur.head is cur:
            return None
        cur = cur.head
        seen += 1
    return None


def _firm_noun(tok: Token) -> bool:
    """ "chipmaker", "company", "the Swedish group": a common noun that stands for a firm."""
    if tok.pos_ != "NOUN" or not tok.text.islower():
        return False
    if tok.lower_ == "group":  # "the defence group", not "the working group"
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i]
        return bool(mods) and not any(c.lower_ in _NOT_FIRM_GROUPS for c in mods)
    return tok.lower_ in COMPANY_CUES


#: words before "group" that make it no firm
_NOT_FIRM_GROUPS = frozenset(
    {"working", "study", "expert", "experts", "contact", "task", "advisory", "steering", "focus",
     "interest", "pressure", "ethnic", "political", "terrorist", "armed", "militant", "carrier",
     "strike", "battle", "planning", "consultative", "core", "friends", "small", "large"}
)  # fmt: skip


def _last_firm(ctx: Context, sent: Sentence, before: int) -> Group | None:
    """The firm that is the subject last before token `before` of `sent`, in it or the
    sentence before it ("Intel … signed …, under which the U.S. chipmaker will invest …";
    not "… buy materials from Redwood. The Japanese company's decision …"); else None."""
    k = ctx.sentences.index(sent) if sent in ctx.sentences else -1
    firms: list[Group] = []
    for n, other in enumerate((sent, ctx.sentences[k - 1] if k > 0 else None)):
        if other is None:
            continue
        subjects = [t for t in other.doc if t.dep_ in ("nsubj", "nsubjpass")
                    and (n or t.i < before)]  # fmt: skip
        ms = [m for m in ctx.mentions(other) if (n or m.j <= before)
              and ctx.is_a(m.group, "Company")]  # fmt: skip
        firms += [m.group for m in ms if m.group not in firms]
        ms = [m for m in ms if any(t.left_edge.i <= m.i <= t.right_edge.i for t in subjects)]
        if ms:
            return ms[-1].group
        named = ctx.mentions(other)
        if any((t.pos_ == "PROPN" or (t.text[:1].isupper() and t.ent_type_))
               and not any(m.i <= t.i < m.j for m in named) for t in subjects):  # fmt: skip
            return None  # a subject the rules could not name: it may be the firm
    return firms[0] if len(firms) == 1 else None  # the only firm the two sentences name


def _parties_of(ctx: Context, sent: Sentence, ms: list[Mention], tok: Token | None) -> list[Group]:
    """The parties a subject token's phrase names; the principal parties for "both
    countries", "the leaders", "They"."""
    if tok is None:
        return []
    i, j = tok.left_edge.i, tok.right_edge.i + 1
    inside = [m for m in _in_span(ms, i, j) if ctx.party(m.group)
              or ctx.party(_government_of_capital(ctx, m, tok))]  # fmt: skip
    inside = [m for m in inside if not (m.j < len(sent.doc) and sent.doc[m.j].text in _POSSESSIVE)]
    # not the names in an appositive ("HUMAIN, a subsidiary of the PIF,"), nor a nation that
    # only modifies a noun ("the U.S. company Blackstone"), when others are named
    doc = sent.doc
    core = [m for m in inside if (not _in_appositive(doc[m.i], tok) or _titled(doc, m))
            and not (m.group.cls == "Nation" and m.j < len(doc)
                     and doc[m.j].pos_ == "NOUN" and doc[m.j].text.islower()
                     and doc[m.j].dep_ != "npadvmod"  # "… and the United States today announced"
                     and doc[m.j].lower_ not in _GOVERNMENT_NOUNS)]  # fmt: skip
    # not the owner named after "of" in another party's phrase ("DARPA of the DoD")
    core = [m for m in core if not _owner_after_of(doc, m, core)]
    if not core and inside and _firm_noun(tok) and all(m.group.cls == "Nation" for m in inside):
        firm = _last_firm(ctx, sent, tok.i)  # "the U.S. chipmaker": the firm just named
        if firm is not None:
            return [firm]
    inside = core or inside
    if inside:
        return _unique(_government_of_capital(ctx, m, tok) for m in inside)
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
    if _firm_noun(tok) and tok.tag_ == "NN" and definite:
        firm = _last_firm(ctx, sent, tok.i)  # "The company will assemble …": the firm just named
        if firm is not None:
            return [firm]
    phrase = sent.doc[i:j].text.lower()
    if _FIRM_PHRASE.search(phrase):
        return _firms_phrase(ctx, sent, phrase)  # "the two companies" are no nations
    if re.search(r"\b(?:our|the|all) (?:three|four) (?:nations|countries|governments)\b", phrase):
        lead = lead_nations(ctx)  # "our three nations launched the AUKUS partnership"
        return lead if len(lead) in (3, 4) else list(ctx.recent)
    if tok.lower_ in ("they", "we") and tok.head.dep_ == "ccomp":
        # "A and B said they would jointly study": they are the sayers
        sayers = _parties_of(ctx, sent, ms, _subject_of(tok.head.head))
        if len(sayers) >= 2:
            return sayers
    if ctx.principal and (any(p in phrase for p in GROUP_PHRASES) or tok.lower_ in ("they", "we")):
        return list(ctx.principal)
    if (tok.lower_ in ("they", "we") or any(p in phrase for p in GROUP_PHRASES)) and ctx.recent:
        return list(ctx.recent)  # "The ministers of A, B and C met … They reaffirmed …"
    if tok.lower_ in ("they", "we") and tok.i <= 1:
        lead = lead_nations(ctx)  # a sentence opening "They …" in a text about 2-4 nations
        if 2 <= len(lead) <= 4:
            return lead
    return []


def _government_of_capital(ctx: Context, m: Mention, tok: Token) -> Group:
    """A capital that is itself the subject stands for its government ("Ottawa has set aside
    …", "Helsinki expects …"): its nation, when the text names that nation."""
    g = m.group
    if g.entry is None or g.entry.source != "capital" or _in_dateline(tok.doc, m):
        return g
    root = next((t for t in tok.doc[m.i : m.j] if not m.i <= t.head.i < m.j), tok.doc[m.i])
    while root.dep_ == "conj" and root.head.i != root.i and root.i != tok.i:
        root = root.head  # "Helsinki and Santiago will …": each of the subjects
    if not m.i <= tok.i < m.j and root.i != tok.i:
        return g
    nation = next((n for n in ctx.groups if n.cls == "Nation" and n.entry is not None
                   and n.entry.iso == g.entry.iso), None)  # fmt: skip
    return nation if nation is not None else g


_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
     "sept", "oct", "nov", "dec"}
)  # fmt: skip


def _in_dateline(doc: Doc, m: Mention) -> bool:
    """Whether `m` opens a wire dateline ("SEOUL and TOKYO, August 29 -", "Seoul / Melbourne,
    8 December 2023 -"): a place, not a subject."""
    if m.text.isupper() and len(m.text) > 2:
        return True
    for k in range(m.j, min(m.j + 6, len(doc) - 1)):
        if doc[k].pos_ in ("VERB", "AUX"):
            return False
        if doc[k].text == "," and (doc[k + 1].lower_ in _MONTHS or doc[k + 1].like_num):
            return True
    return False


def _titled(doc: Doc, m: Mention) -> bool:
    """Whether `m` names the holder of the title it is in apposition to: "The Secretary of State
    for Defence of the United Kingdom, John Healey, and …" (the person is the subject)."""
    if m.group.cls != "Person":
        return False
    top = next((t for t in doc[m.i : m.j] if t.dep_ == "appos"), None)
    cur = top.head if top is not None else None
    for _ in range(6):  # the title, or a word of its phrase ("… of the United Kingdom, X")
        if cur is None:
            return False
        if cur.lower_ in _PERSON_TITLE_HEADS:
            return True
        if cur.dep_ not in ("pobj", "prep", "compound") or cur.head is cur:
            return False
        cur = cur.head
    return False


#: words that head a title a person's name can stand in apposition to
_PERSON_TITLE_HEADS = frozenset(
    {"secretary", "minister", "president", "chancellor", "ambassador", "governor", "chairman",
     "chairwoman", "chair", "ceo", "commissioner", "premier", "administrator", "director"}
)  # fmt: skip


def _owner_after_of(doc: Doc, m: Mention, others: list[Mention]) -> bool:
    """Whether `m` is named after "of" in the phrase of another of `others`: "the Defense
    Advanced Research Projects Agency (DARPA) of the DoD"."""
    k = m.i - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    if k < 0 or doc[k].lower_ != "of":
        return False
    head = doc[k].head.i
    return any(x is not m and x.i <= head < x.j + 3 for x in others)


#: nouns after a nation word that make it the nation itself ("the Lithuanian government")
_GOVERNMENT_NOUNS = frozenset({"government", "governments", "authorities", "administration"})
_FIRM_PHRASE = re.compile(
    r"\b(?:the|both)\s+(?:(two|three|four)\s+)?(?:companies|firms|carmakers|"
    r"automakers|manufacturers|makers|shipbuilders|lenders|banks)\b"
)
_NUMBERS = {"two": 2, "three": 3, "four": 4}


def _firms_phrase(ctx: Context, sent: Sentence, phrase: str) -> list[Group]:
    """ "The two companies", "both firms": the firms named last before this sentence (the
    last sentence's several firms, else the last two or n distinct firms named)."""
    found = _FIRM_PHRASE.search(phrase)
    if found is None:
        return []
    n = _NUMBERS.get(found.group(1) or "", 0)
    recent = [g for g in ctx.recent if ctx.is_a(g, "Company")]
    if len(recent) >= 2 and (not n or len(recent) == n):
        return list(recent)
    firms: list[Group] = []
    for s in reversed(ctx.sentences[: sent.index]):
        for m in reversed(ctx.mentions(s)):
            if ctx.is_a(m.group, "Company") and all(m.group is not g for g in firms):
                firms.append(m.group)
        if len(firms) >= (n or 2):
            break
    firms = firms[: n or 2]
    return list(reversed(firms)) if len(firms) == (n or 2) else []


def _in_appositive(t: Token, top: Token) -> bool:
    """Whether token `t` sits inside an appositive of the phrase headed by `top`."""
    cur = t
    for _ in range(12):
        if cur is top or cur.head is cur:
            return False
        listed = (cur.pos_ == "PROPN" and cur.ent_type_ in ("GAZ", "GPE", "NORP", "ORG")
                  and any(c.dep_ == "conj" for c in cur.children))  # fmt: skip
        if (cur.dep_ == "appos" and not listed and cur.left_edge.i > 0
                and cur.doc[cur.left_edge.i - 1].text == ","):  # fmt: skip
            # (a name with more names joined to it is a list the parser took for an appositive:
            # "Australia, Japan, New Zealand and the United States announced …")
            # set off by a comma: "X, a subsidiary of Y," (not "the company X"); but not the
            # name of a description: "Japan's largest power generator, JERA"
            return not (cur is t and t.pos_ == "PROPN" and cur.head.pos_ == "NOUN")
        cur = cur.head
    return False


def _unique(groups: Iterable[Group]) -> list[Group]:
    out: list[Group] = []
    for g in groups:
        if all(g is not h for h in out):
            out.append(g)
    return out


def _hedged(tok: Token) -> bool:
    """Whether a hedge word governs `tok` (not through a coordination)."""
    cur = tok
    for _ in range(8):
        if cur.lemma_.lower() in HEDGE_WORDS or cur.lower_ in HEDGE_WORDS:
            return True
        if cur.head is cur or cur.dep_ == "conj":
            return False
        cur = cur.head
    return False


def _year_before(sent: Sentence, k: int) -> int | None:
    """A year written just before token k ("the 2025 deployment")."""
    for t in sent.doc[max(k - 3, 0) : k]:
        if _YEAR.match(t.text):
            return int(t.text)
    return None


def _heads(tok: Token) -> list[Token]:
    """`tok`, the words it is coordinated with, and their compound modifiers: the tokens a
    mention must contain to be the object itself ("missiles" of "AIM-120 AMRAAM missiles")."""
    out: list[Token] = []
    todo = [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in ("conj", "appos"):
                todo.append(c)
            elif c.dep_ in ("compound", "amod", "nmod", "nummod", "poss") and c.i < t.i:
                out.append(c)
    return out


def _holding(ms: list[Mention], toks: list[Token]) -> list[Mention]:
    return [m for m in ms if any(m.i <= t.i < m.j for t in toks)]


def _objects(tok: Token, ms: list[Mention], prep: str | None = None) -> list[Mention]:
    """Mentions that are the object of `tok`: its direct object, or the object of its
    preposition (not anything further down the phrase)."""
    out: list[Mention] = []
    for c in tok.children:
        if prep is None and c.dep_ in ("dobj", "attr", "nsubjpass", "pobj"):
            out += _holding(ms, _heads(c))
        if c.dep_ in ("prep", "agent") and (prep is None or c.lower_ == prep):
            for g in c.children:
                if g.dep_ == "pobj":
                    out += _holding(ms, _heads(g))
    return out


# -------------------------------------------------------------------------------- the rules


def find_relations(ctx: Context) -> Relations:
    """Run every rule over every sentence outside headings."""
    rel = Relations(ctx.vocab)
    for sent in ctx.sentences:
        if sent.heading:
            continue
        ms = ctx.mentions(sent)
        for rule in _RULES:
            rule(ctx, sent, ms, rel)
        root = next((t for t in sent.doc if t.dep_ == "ROOT"), None)
        subjects = _parties_of(ctx, sent, ms, _subject_of(root)) if root is not None else []
        if len(subjects) >= 2:
            ctx.recent = subjects
    _subdivisions(ctx, rel)
    _names_with_nation(ctx, rel)
    _lead_nations(ctx, rel)
    _names_with_pairs(ctx, rel)
    _names_with_topics(ctx, rel)
    _leaders_of_a_summit(ctx, rel)
    return rel


def _country_possessive(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "Japan’s RIKEN and Fujitsu" → RIKEN country Japan, Fujitsu country Japan;
    "DOE’s Argonne" → Argonne partOf DOE; "NASA’s Artemis program" → NASA participatesIn."""
    for m in ms:
        p = _possessor_of(sent, ms, m)
        if p is None:
            continue
        for x in _coordinated_after(sent, ms, m):
            if p.group.cls == "Nation" and not ctx.is_a(x.group, "Program"):
                rel.add(Found(x.group, "country", p.group, sent.index, "country:possessive", 0.85))
            elif ctx.is_a(p.group, "Location") and ctx.is_a(x.group, "Location"):
                rel.add(Found(x.group, "locatedIn", p.group, sent.index,
                              "locatedIn:possessive", 0.75))  # fmt: skip
            elif ctx.is_a(x.group, "Program") or ctx.is_a(x.group, "Agreement"):
                if ctx.party(p.group):
                    rel.add(Found(p.group, "participatesIn", x.group, sent.index,
                                  "participatesIn:possessive", 0.75))  # fmt: skip
            elif ctx.is_a(p.group, "Organisation") and ctx.is_a(x.group, "Organisation"):
                rel.add(Found(x.group, "partOf", p.group, sent.index, "partOf:possessive", 0.7))


def _country_of_description(
    ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations
) -> None:
    """ "Japan's largest power generator, JERA" → JERA country Japan (a nation's description,
    then the name in apposition)."""
    doc = sent.doc
    for m in ms:
        if not ctx.is_a(m.group, "Organisation"):
            continue
        tok = doc[m.j - 1]
        while tok.dep_ == "compound" and tok.head.i < m.j and tok.head is not tok:
            tok = tok.head
        if tok.dep_ != "appos" or tok.head.pos_ != "NOUN" or m.i == 0 or doc[m.i - 1].text != ",":
            continue
        desc = tok.head
        poss = next((c for c in desc.children if c.dep_ == "poss"), None)
        if poss is None:
            continue
        nation = next((x for x in ms if x.i <= poss.i < x.j and x.group.cls == "Nation"), None)
        if nation is not None:
            rel.add(Found(m.group, "country", nation.group, sent.index, "country:description",
                          0.75))  # fmt: skip


def _country_prefix(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "U.S. Argonne National Laboratory", "the U.S. Typhon missile system" → country U.S.;
    "Japanese company X" → country Japan."""
    for m in ms:
        if m.prefix is not None:
            nation = next((g for g in ctx.groups if g.entry is m.prefix), None)
            if nation is not None:
                rel.add(Found(m.group, "country", nation, sent.index, "country:prefix", 0.85))
        doc = sent.doc
        if m.i >= 2 and doc[m.i - 1].lower_ in ("company", "firm", "corporation", "group"):
            d = next((x for x in ms if x.j == m.i - 1 or x.j == m.i - 2), None)
            if d is not None and d.group.cls == "Nation":
                rel.add(Found(m.group, "country", d.group, sent.index, "country:demonym", 0.75))
                continue
        # "German arms maker Rheinmetall", "Norwegian defence group Kongsberg": a nation word,
        # one to three lower-case nouns naming a kind of firm or body, then the name
        if not ctx.is_a(m.group, "Organisation"):
            continue
        k = m.i
        while k > 0 and k > m.i - 3 and doc[k - 1].text.islower() and doc[k - 1].pos_ in (
                "NOUN", "ADJ") and doc[k - 1].lower_ not in ("the", "a", "an"):  # fmt: skip
            k -= 1
        if k == m.i or doc[m.i - 1].pos_ != "NOUN" or doc[m.i - 1].lower_ not in _KIND_NOUNS:
            continue
        d = next((x for x in ms if x.j == k and x.group.cls == "Nation"), None)
        if d is not None and (d.i == 0 or doc[d.i - 1].text not in ("’s", "'s")):
            rel.add(Found(m.group, "country", d.group, sent.index, "country:demonym-kind", 0.75))
    # "the U.S. chipmaker will invest": "the", a nation word, a firm noun: the firm just named
    doc = sent.doc
    for d in ms:
        if (d.group.cls != "Nation" or d.i == 0 or doc[d.i - 1].lower_ != "the"
                or d.j >= len(doc) or not _firm_noun(doc[d.j])):  # fmt: skip
            continue
        firm = _last_firm(ctx, sent, d.i)
        if firm is not None:
            rel.add(Found(firm, "country", d.group, sent.index, "country:the-demonym-firm", 0.7))


#: nouns naming a kind of firm or body between a nation word and a name ("German arms maker X")
_KIND_NOUNS = frozenset(
    {"maker", "manufacturer", "producer", "group", "firm", "company", "companies", "shipbuilder",
     "carmaker", "automaker", "chipmaker", "miner", "lender", "bank", "utility", "conglomerate",
     "contractor", "developer", "operator", "supplier", "giant", "startup", "start-up", "insurer",
     "investor", "fund", "agency", "institute", "university", "laboratory", "builder", "yard",
     "shipyard", "refiner", "exporter", "importer", "provider", "specialist", "corporation",
     "partner", "multinational", "major", "player", "champion", "house", "consortium", "venture",
     "subsidiary", "unit", "arm", "outfit", "designer", "integrator", "airline", "carrier"}
)  # fmt: skip


#: participles of leading ("a ministry led by X")
_LED = frozenset({"led", "headed", "chaired", "run"})


def _leaders(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "Japanese Prime Minister X", "U.S. President X", "X, President of Y", "NASA
    Administrator X" → leaderOf, with the title as role."""
    doc = sent.doc
    for m in ms:
        if m.group.cls != "Person":
            continue
        title = m.title
        if title is not None and m.prefix is not None:
            nation = next((g for g in ctx.groups if g.entry is m.prefix), None)
            if nation is not None and TITLES.get(title.lower()):
                rel.add(Found(m.group, "leaderOf", nation, sent.index, "leaderOf:prefix", 0.85,
                              role=title))  # fmt: skip
                continue
        if title is not None:
            before = [x for x in ms if x.j in (m.i - len(title.split()),
                                               m.i - len(title.split()) - 1)]  # fmt: skip
            for b in before:
                if b.group is m.group or b.group.cls == "Person":
                    continue  # "President A and President B": A does not lead B
                gap = doc[b.j : m.i - len(title.split())]
                if any(t.text not in ("’s", "'s") for t in gap):
                    continue
                if b.group.cls == "Nation" and TITLES.get(title.lower()):
                    rel.add(Found(m.group, "leaderOf", b.group, sent.index, "leaderOf:nation-title",
                                  0.85, role=title))  # fmt: skip
                elif ctx.party(b.group) and title.lower() in ORG_LEADER_TITLES:
                    rel.add(Found(m.group, "leaderOf", b.group, sent.index, "leaderOf:org-title",
                                  0.75, role=title))  # fmt: skip
        # "Prime Minister Rishi Sunak of the United Kingdom"
        if title is not None and TITLES.get(title.lower()) and m.j + 1 < len(doc):
            k = m.j + 1 if doc[m.j].lower_ == "of" else -1
            if k > 0 and doc[k].lower_ == "the":
                k += 1
            nation = next((x for x in ms if x.i == k and x.group.cls == "Nation"), None)
            if nation is not None and (
                nation.j >= len(doc) or doc[nation.j].text not in _POSSESSIVE
            ):
                rel.add(Found(m.group, "leaderOf", nation.group, sent.index, "leaderOf:title-of",
                              0.85, role=title))  # fmt: skip
        # "the Ministry for Economic Affairs, led by Robert Habeck": the body the clause is on
        if m.i >= 2 and doc[m.i - 1].lower_ == "by" and doc[m.i - 2].lower_ in _LED:
            verb = doc[m.i - 2]
            body = next((x for x in ms if x.i <= verb.head.i < x.j and x.group is not m.group
                         and ctx.is_a(x.group, "Organisation")), None)  # fmt: skip
            if body is None and m.i >= 4 and doc[m.i - 3].text == ",":
                body = next((x for x in ms if x.j == m.i - 3
                             and ctx.is_a(x.group, "Organisation")), None)  # fmt: skip
            if body is not None:
                rel.add(Found(m.group, "leaderOf", body.group, sent.index, "leaderOf:led-by",
                              0.75))  # fmt: skip
        # "X, Prime Minister of Japan"
        k = m.j
        if k + 3 < len(doc) and doc[k].text == ",":
            words = []
            e = k + 1
            if e < len(doc) and doc[e].lower_ == "the":  # "X, the chairman of Y"
                e += 1
            while e < len(doc) and doc[e].lower_ not in ("of", ",") and len(words) < 5:
                words.append(doc[e].lower_)
                e += 1
            t = " ".join(words)
            parts = [x.strip() for x in re.split(r"\band\b|&", t)]  # "President and CEO of"
            if (
                e < len(doc)
                and doc[e].lower_ == "of"
                and all(x in TITLES or x in ORG_LEADER_TITLES for x in parts)
            ):
                obj = next(
                    (
                        x
                        for x in ms
                        if x.i == e + 1 or (x.i == e + 2 and doc[e + 1].lower_ == "the")
                    ),
                    None,
                )
                if obj is not None and ctx.party(obj.group):
                    role = " ".join(t for t in doc[k + 1 : e].text.split() if t != "the")
                    rel.add(Found(m.group, "leaderOf", obj.group, sent.index,
                                  "leaderOf:appositive", 0.85, role=role))  # fmt: skip


def _signing(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "X and Y signed a Statement of Intent" → signedBy X, Y (and X collaboratesWith Y);
    "Z was signed by X" too; "X launched / joined a Program" → participatesIn."""
    for tok in sent.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in SIGN_VERBS | PARTICIPATE_VERBS:
            continue
        objs = [m for m in _objects(tok, ms) if ctx.is_a(m.group, "Agreement")
                or ctx.is_a(m.group, "Program")]  # fmt: skip
        if not objs and tok.dep_ == "relcl":  # "the Corridor, which Japan … launched"
            objs = [m for m in _holding(ms, [tok.head]) if ctx.is_a(m.group, "Agreement")
                    or ctx.is_a(m.group, "Program")]  # fmt: skip
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "the Corridor, launched with Japan"
            progs = [m for m in _holding(ms, [tok.head]) if ctx.is_a(m.group, "Program")]
            partners = [m.group for m in _objects(tok, ms, "with") if ctx.party(m.group)]
            for pg in _unique(m.group for m in progs):
                for p in partners:
                    rel.add(Found(p, "participatesIn", pg, sent.index,
                                  f"participatesIn:{tok.lemma_}-with", 0.7))  # fmt: skip
            if partners or not any(c.dep_ == "agent" for c in tok.children):
                continue
            # "The Agreement for …, signed by Australia, the UK and the US in August"
            objs = [m for m in _holding(ms, [tok.head]) if ctx.is_a(m.group, "Agreement")]
        pact = None
        generic_plan = False
        ref = _named_before(ctx, sent, tok) if not objs else None
        if not objs and ref is None and tok.lemma_.lower() in SIGN_VERBS:
            pact = _pact_object(ctx, tok)
        if not objs and pact is None and ref is None:
            dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            generic_plan = dobj is not None and dobj.lemma_.lower() in _PLAN_NOUNS
            if not generic_plan:
                continue
        agents = []
        agent_groups: list[Group] = []
        for c in tok.children:
            if c.dep_ == "agent":
                for g in c.children:
                    agents += [m for m in _holding(ms, _heads(g)) if ctx.party(m.group)]
                    if g.dep_ == "pobj":  # "signed by the two governments"
                        agent_groups += _parties_of(ctx, sent, ms, g)
        parties = (_unique([*(m.group for m in agents), *agent_groups])
                   or _parties_of(ctx, sent, ms, _subject_of(tok)))  # fmt: skip
        parties = [p for p in parties if all(p is not o.group for o in objs)]
        if not parties:
            continue
        hedged = _hedged(tok)
        if ref is not None:  # "The memorandum was signed by A and B", "join the partnership"
            for p in parties:
                if ctx.is_a(ref, "Agreement") and tok.lemma_.lower() in SIGN_VERBS:
                    rel.add(Found(ref, "signedBy", p, sent.index, "signedBy:the-named-pact", 0.75,
                                  hedged))  # fmt: skip
                elif tok.lemma_.lower() in PARTICIPATE_VERBS:
                    rel.add(Found(p, "participatesIn", ref, sent.index,
                                  "participatesIn:the-named-scheme", 0.7, hedged))  # fmt: skip
            continue
        if generic_plan:  # "DoD and India's MoD launched a roadmap": they work together
            groups = [p for p in parties if p.cls != "Person"]
            for a, b in _pairs(groups):
                rel.add(Found(a, "collaboratesWith", b, sent.index,
                              "collaboratesWith:joint-plan", 0.7))  # fmt: skip
            # "… a roadmap … under the INDUS-X initiative": they take part in that program
            dobj = next(c for c in tok.children if c.dep_ == "dobj")
            under = [m.group for m in ms if dobj.left_edge.i <= m.i <= dobj.right_edge.i
                     and ctx.is_a(m.group, "Program") and not m.group.generic]  # fmt: skip
            for pg in _unique(under):
                for p in groups:
                    rel.add(Found(p, "participatesIn", pg, sent.index,
                                  "participatesIn:plan-under", 0.7))  # fmt: skip
            continue
        if pact is not None:  # "Japan and the Philippines signed a defense pact"
            for p in parties:
                if p.cls == "Nation":
                    rel.add(Found(pact, "signedBy", p, sent.index, "signedBy:the-pact", 0.75))
            continue
        for p in list(parties):  # "Japanese Foreign Minister X … signed": X's nation signs
            if p.cls == "Person":
                n = _nation_of_person(ctx, sent, ms, p)
                if n is not None and n not in parties:
                    parties.append(n)
        for o in _unique(m.group for m in objs):
            prop = (
                "signedBy"
                if ctx.is_a(o, "Agreement")
                and tok.lemma_.lower() in SIGN_VERBS
                and not ctx.is_a(o, "ActionPlan")
                else "participatesIn"
            )
            for p in parties:
                if prop == "signedBy":
                    rel.add(
                        Found(o, prop, p, sent.index, f"signedBy:verb:{tok.lemma_}", 0.85, hedged)
                    )
                else:
                    rel.add(
                        Found(
                            p,
                            prop,
                            o,
                            sent.index,
                            f"participatesIn:verb:{tok.lemma_}",
                            0.75,
                            hedged,
                        )
                    )
        if len(parties) >= 2 and any(ctx.is_a(o.group, "Agreement")
                                     or ctx.is_a(o.group, "Program") for o in objs):  # fmt: skip
            for a, b in _pairs(parties):
                if (a.cls == "Person") != (b.cls == "Person"):
                    continue  # a signer and a nation
                rel.add(
                    Found(a, "collaboratesWith", b, sent.index, "collaboratesWith:co-signers", 0.75)
                )


_PLAN_NOUNS = frozenset(
    {
        "roadmap",
        "plan",
        "framework",
        "memorandum",
        "agreement",
        "pact",
        "initiative",
        "program",
        "programme",
        "partnership",
        "dialogue",
        "mechanism",
    }
)
_PACT_NOUNS = frozenset({"pact", "agreement", "accord", "treaty", "deal", "arrangement"})


def _pact_object(ctx: Context, verb: Token) -> Group | None:
    """ "signed a defense pact": the one agreement the text is about (mentioned most, and more
    than any other), when the object is a common noun for an agreement."""
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if dobj is None or dobj.lemma_.lower() not in _PACT_NOUNS:
        return None
    if any(t.pos_ == "PROPN" for t in dobj.subtree):
        return None
    agreements = [g for g in ctx.groups if g.cls and ctx.is_a(g, "Agreement")]
    if not agreements:
        return None
    counts = sorted(((len(g.mentions), id(g), g) for g in agreements), reverse=True)
    if len(counts) > 1 and counts[1][0] * 2 > counts[0][0]:
        return None
    return counts[0][2] if counts[0][0] >= 2 else None


#: common nouns that stand for an agreement or a scheme the text has named
_PACT_REFERENCES = frozenset(
    {"memorandum", "agreement", "accord", "treaty", "pact", "partnership", "initiative",
     "declaration", "framework", "arrangement", "charter", "convention", "compact"}
)  # fmt: skip


def _named_before(ctx: Context, sent: Sentence, verb: Token) -> Group | None:
    """The agreement or scheme a definite common noun stands for ("The memorandum was signed
    by …", "were invited to join the partnership"): the latest named before (in this sentence
    or an earlier one) whose name has that word ("Memorandum of Cooperation on …",
    "Partners in the Blue Pacific")."""
    noun = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if (noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in _PACT_REFERENCES
            or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.children)
            or any(c.dep_ in ("amod", "compound") for c in noun.children)):  # fmt: skip
        return None
    stem = noun.lemma_.lower()[:7]
    latest: Group | None = None
    for s in ctx.sentences[: sent.index + 1]:
        for m in ctx.mentions(s):
            if s is sent and m.i >= noun.i:
                break
            g = m.group
            if (ctx.is_a(g, "Agreement") or ctx.is_a(g, "Program")) and any(
                    w.lower().startswith(stem) for w in g.label.split()):  # fmt: skip
                latest = g
    return latest


def _nation_of_person(ctx: Context, sent: Sentence, ms: list[Mention], p: Group) -> Group | None:
    """The nation written before a person's title: "Japanese Foreign Minister X", "Japan's
    Defense Minister X", "Philippine Defense Secretary X"."""
    for m in ms:
        if m.group is not p:
            continue
        if m.prefix is not None:
            g = next((n for n in ctx.groups if n.entry is m.prefix and n.cls == "Nation"), None)
            if g is not None:
                return g
        nation = next((x for x in sent.mentions if x.group is not None
                       and x.group.cls == "Nation" and x.j <= m.i
                       and m.i - x.j <= 4 and x.i >= m.i - 6), None)  # fmt: skip
        if nation is None:
            continue
        between = sent.doc[nation.j : m.i]
        if all(t.text[:1].isupper() or t.text in ("’s", "'s") for t in between):
            return nation.group
    return None


def _pairs(groups: Sequence[Group]) -> list[tuple[Group, Group]]:
    return [(a, b) for k, a in enumerate(groups) for b in groups[k + 1 :]]


def _collaboration(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "A will collaborate with B", "collaboration between A and B", "collaboration will occur
    through A, B’s C and D", "A and B are accelerating joint research" → collaboratesWith."""
    doc = sent.doc
    for tok in doc:
        word = tok.lemma_.lower()
        if word in _GROUPING_NOUNS:
            for k in range(tok.i + 1, min(tok.i + 3, len(doc))):
                if doc[k].lower_ in ("of", "between", "among"):
                    listed = _unique(_listed(ctx, sent, ms, k + 1))
                    groups = [g for g in listed if g.cls != "Person"]
                    if any(g.cls != "Nation" for g in groups):  # "the Italian unit of …"
                        groups = [g for g in groups if g.cls != "Nation"]
                    for a, b in _pairs(groups):
                        rel.add(Found(a, "collaboratesWith", b, sent.index,
                                      f"collaboratesWith:{word}-{doc[k].lower_}", 0.7))  # fmt: skip
                    break
            continue
        if word in _PAIR_NOUNS:
            for k in range(tok.i + 1, min(tok.i + 6, len(doc))):
                if doc[k].lower_ == "between":
                    listed = _unique(_listed(ctx, sent, ms, k + 1))
                    groups = [g for g in listed if g.cls != "Person"]
                    for a, b in _pairs(groups):
                        rel.add(Found(a, "collaboratesWith", b, sent.index,
                                      f"collaboratesWith:{word}-between", 0.7))  # fmt: skip
                    break
            continue
        if word not in COLLAB_WORDS and tok.lower_ not in COLLAB_WORDS:
            continue
        if word == "work" and not any(
            c.lower_ == "with" or c.lower_ == "together" for c in tok.children
        ):
            continue
        # "… through / between / among / with A, B and C": a list after the preposition
        for k in range(tok.i + 1, min(tok.i + 8, len(doc))):
            if doc[k].lower_ in ("through", "between", "among", "with", "involving", "by"):
                listed = _listed(ctx, sent, ms, k + 1)
                subj = (
                    _parties_of(ctx, sent, ms, _subject_of(tok)) if doc[k].lower_ == "with" else []
                )
                groups = _unique([*subj, *listed])
                if len(groups) >= 2 and (doc[k].lower_ != "with" or subj):
                    rule = f"collaboratesWith:{tok.lower_}-{doc[k].lower_}"
                    # "A works with B and C": A with each (B and C need not work together)
                    pairs = [(a, b) for a in subj for b in listed if a is not b] if subj else (
                        _pairs(groups))  # fmt: skip
                    for a, b in pairs:
                        rel.add(Found(a, "collaboratesWith", b, sent.index, rule, 0.75))
                    if not subj:
                        _further(sent, tok, listed, rel)
                break
        # "A and B … jointly / joint research / cooperate"
        if tok.pos_ in ("VERB", "ADV", "ADJ") or tok.dep_ in ("amod", "advmod"):
            subj = _parties_of(ctx, sent, ms, _subject_of(tok))
            if len(subj) >= 2 and tok.lemma_.lower() != "work":
                for a, b in _pairs(subj):
                    rel.add(Found(a, "collaboratesWith", b, sent.index,
                                  f"collaboratesWith:subjects-{tok.lower_}", 0.7))  # fmt: skip


def _further(sent: Sentence, tok: Token, listed: list[Group], rel: Relations) -> None:
    """ "A and B signed … to collaborate on X. Further collaboration will occur through C, D
    and E" → each of A and B collaboratesWith those of C, D and E on its own side: of its
    nation, or of none stated ("the U.S. Argonne National Laboratory" goes with the U.S.
    department, "Japan's RIKEN" with the Japanese ministry, NVIDIA with both). The collaboration
    the sentence before set up goes on through them; lower confidence, as it spans two
    sentences."""
    if not any(c.lower_ in _FURTHER for c in tok.children):
        return
    before = {id(g): g for f in rel.found.values() if f.sent == sent.index - 1
              and f.property == "collaboratesWith" for g in (f.subject, f.object)}  # fmt: skip

    def nations(g: Group) -> set[int]:
        return {id(f.object) for f in rel.found.values()
                if f.property == "country" and f.subject is g}  # fmt: skip

    for a in before.values():
        for b in _unique(listed):
            side = nations(b)
            if a is not b and b.cls != "Person" and (not side or side & nations(a)):
                rel.add(Found(a, "collaboratesWith", b, sent.index,
                              "collaboratesWith:further-through", 0.6))  # fmt: skip


_FURTHER = frozenset({"further", "additional", "continued", "this", "such", "that"})


_GROUPING_NOUNS = frozenset({"team", "consortium"})
_PAIR_NOUNS = frozenset({"memorandum", "agreement", "pact", "deal", "contract", "tie", "ties",
                         "relationship", "alliance", "dialogue"})  # fmt: skip


def _listed(ctx: Context, sent: Sentence, ms: list[Mention], k: int) -> list[Group]:
    """The parties listed from token k on: mentions separated by commas, "and", "the",
    possessors ("Japan’s") and nation prefixes only."""
    doc = sent.doc
    out: list[Group] = []
    while k < len(doc):
        m = next((x for x in ms if x.i == k or (x.prefix is not None and x.i > k and
                  all(t.ent_type_ == "GAZ" for t in doc[k:x.i]))), None)  # fmt: skip
        if m is not None:
            if m.j < len(doc) and doc[m.j].text in _POSSESSIVE:
                k = m.j + 1
                continue
            if ctx.party(m.group):
                out.append(m.group)
            k = m.j
            continue
        if doc[k].text in (",", "and", "the", "as", "well", "both"):
            k += 1
            continue
        break
    return out


def _production(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "X produces Y", "production of Y" with X the subject, possessor ("Japan’s role in
    increased production of Y") or the principal parties ("They will … increase production")."""
    doc = sent.doc
    for tok in doc:
        if tok.lemma_.lower() not in PRODUCE_WORDS and tok.lower_ not in PRODUCE_WORDS:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("on", "upon"):
            continue  # "building on", not building
        systems = [m for m in _objects(tok, ms) if ctx.is_a(m.group, "System")]
        if tok.pos_ == "NOUN":
            systems += [m for m in _objects(tok, ms, "of") if ctx.is_a(m.group, "System")]
        systems = [m for m in systems if m.i > tok.i]
        referent = None
        if not systems and tok.pos_ == "VERB":  # "will build the aircraft": the one just named
            referent = _system_referent(ctx, sent, ms, tok)
        if tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl"):
            # "26 Rafale Marine aircraft built by Dassault Aviation": the maker after "by"
            made = [m for m in ms if m.j <= tok.i and tok.i - m.j <= 2
                    and ctx.is_a(m.group, "System")]  # fmt: skip
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            makers = [m.group for m in _objects(agent, ms) if ctx.is_a(m.group, "Company")
                      ] if agent is not None else []  # fmt: skip
            for sy in _unique(m.group for m in made):
                for p in _unique(makers):
                    rel.add(Found(p, "produces", sy, sent.index, "produces:made-by", 0.75))
            continue
        if not systems and referent is None:
            continue
        makers: list[Group] = []
        rule = "produces:subject"
        # "Japan’s production of", "Japan’s role in (increased) production of"
        for x in ms:
            if x.j >= tok.i or tok.i - x.j > 6 or doc[x.j].text not in _POSSESSIVE:
                continue
            between = [t.lower_ for t in doc[x.j + 1 : tok.i]]
            role = bool(between) and between[0] in ("role", "part", "participation", "contribution")
            if (not between or (role and "in" in between)) and ctx.party(x.group):
                makers, rule = [x.group], "produces:possessive"
        if not makers:
            makers = _parties_of(ctx, sent, ms, _subject_of(tok))
            if makers and makers == ctx.principal:
                rule = "produces:principal-parties"
        if referent is not None:
            for p in makers:
                rel.add(Found(p, "produces", referent, sent.index, "produces:the-system-named",
                              0.7, hedged=_hedged(tok)))  # fmt: skip
            continue
        for s in _unique(m.group for m in systems):
            for p in makers:
                rel.add(Found(p, "produces", s, sent.index, rule,
                              0.75 if rule != "produces:principal-parties" else 0.65,
                              hedged=_hedged(tok)))  # fmt: skip
        firms = [p for p in makers if ctx.is_a(p, "Company")]
        if rule == "produces:subject" and len(firms) >= 2 and tok.pos_ == "VERB":
            for a, b in _pairs(firms):  # "Mazagon Dock and Naval Group will build three more"
                together = Found(
                    a,
                    "collaboratesWith",
                    b,
                    sent.index,
                    "collaboratesWith:build-together",
                    0.65,
                    hedged=_hedged(tok),
                )
                rel.add(together)


#: nouns that name a kind of system ("the fighters", "the radar systems")
_SYSTEM_KIND_NOUNS = frozenset(
    {"tank", "howitzer", "interceptor", "missile", "aircraft", "jet", "fighter", "drone",
     "helicopter", "satellite", "submarine", "frigate", "destroyer", "corvette", "rocket",
     "launcher", "radar", "engine", "reactor", "vehicle", "ship", "vessel", "warship", "torpedo",
     "uav", "trainer", "turbine", "system", "plane", "airframe", "boat"}
)  # fmt: skip


def _system_referent(ctx: Context, sent: Sentence, ms: list[Mention], verb: Token) -> Group | None:
    """The named system a definite common noun object stands for: "will build the aircraft",
    "assemble fifteen of the fighters": the latest system named as that kind ("the F-35A
    aircraft", a label with the word) in this sentence (before the verb) or the three before."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    if obj.lemma_.lower() not in _SYSTEM_KIND_NOUNS:  # "fifteen of the fighters"
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if (obj is None or obj.pos_ != "NOUN" or obj.lemma_.lower() not in _SYSTEM_KIND_NOUNS
            or not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those")
                       for c in obj.children)):  # fmt: skip
        return None
    kind = obj.lemma_.lower()
    seen: list[Group] = []  # the systems named, in order
    for s in ctx.sentences[max(sent.index - 3, 0) : sent.index + 1]:
        seen += [m.group for m in ctx.mentions(s)
                 if ctx.is_a(m.group, "System") and (s is not sent or m.j <= verb.i)]  # fmt: skip

    def of_kind(g: Group) -> bool:  # "Gripen E fighter", "F-35A Lightning II aircraft"
        if kind in {w.lower() for w in g.label.split()}:
            return True
        return any(x.j < len(ctx.sentences[x.sent].doc)
                   and ctx.sentences[x.sent].doc[x.j].lemma_.lower() == kind
                   for x in g.mentions)  # fmt: skip

    kinds = [(len(g.mentions), n, g) for n, g in enumerate(seen) if of_kind(g)]
    return max(kinds, key=lambda x: x[:2])[2] if kinds else None  # the most named, then latest


def _deployment(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "X deploys Y", "the 2025 deployment of the U.S. Typhon missile system" → deploys."""
    doc = sent.doc
    for tok in doc:
        if tok.lemma_.lower() not in DEPLOY_WORDS and tok.lower_ not in DEPLOY_WORDS:
            continue
        systems = [m for m in _objects(tok, ms) + _objects(tok, ms, "of")
                   if ctx.is_a(m.group, "System") and m.i > tok.i]  # fmt: skip
        if not systems:
            continue
        year = _year_before(sent, tok.i) if tok.pos_ == "NOUN" else None
        for s in _unique(m.group for m in systems):
            sm = next(m for m in systems if m.group is s)
            owner = next(
                (g for g in ctx.groups if sm.prefix is not None and g.entry is sm.prefix), None
            )
            if owner is not None:
                makers, rule, conf = [owner], "deploys:nation-prefix", 0.8
            else:
                p = next((x for x in ms if x.j + 1 == tok.i and doc[x.j].text in _POSSESSIVE), None)
                if p is not None:
                    makers, rule, conf = [p.group], "deploys:possessive", 0.8
                else:
                    makers, rule, conf = (
                        _parties_of(ctx, sent, ms, _subject_of(tok)),
                        "deploys:subject",
                        0.7,
                    )
            for p in makers:
                rel.add(Found(p, "deploys", s, sent.index, rule, conf, _hedged(tok), year))
            # "deployed its MRC to northern Luzon": where the system now is
            for pl in _objects(tok, ms, "to"):
                if ctx.is_a(pl.group, "Location") and pl.group.cls != "Nation":
                    rel.add(Found(s, "locatedIn", pl.group, sent.index, "locatedIn:deployed-to",
                                  0.7, _hedged(tok)))  # fmt: skip


_DELIVER_VERBS = frozenset({"supply", "deliver", "sell", "provide", "build", "make", "transfer"})
_ACQUIRE_VERBS = frozenset({"order", "buy", "purchase", "procure", "acquire", "receive",
                            "operate", "fly"})  # fmt: skip


def _for_a_service(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "supply 129 Redback vehicles to the Army", "the first Gripen E built for the Air
    Force", "the howitzer, which the Army ordered" → the armed service deploys the system."""
    for tok in sent.doc:
        verb = tok.lemma_.lower()
        if tok.pos_ != "VERB" or verb not in _DELIVER_VERBS | _ACQUIRE_VERBS:
            continue
        if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            # the system is the noun the clause is on ("the trainer built for …")
            systems = _holding(ms, _heads(tok.head))
        else:
            systems = [m for m in _objects(tok, ms) if m.i > tok.i]
        systems = [m for m in systems if ctx.is_a(m.group, "System")]
        if not systems:
            continue
        if verb in _DELIVER_VERBS:
            services = [m.group for p in ("to", "for") for m in _objects(tok, ms, p)]
        else:
            subj = _subject_of(tok)
            services = [m.group for m in ms if subj is not None and m.i <= subj.i < m.j]
        for sv in _unique(g for g in services if ctx.is_a(g, "MilitaryService")):
            for sy in _unique(m.group for m in systems):
                rel.add(Found(sv, "deploys", sy, sent.index, f"deploys:{verb}-service", 0.7,
                              _hedged(tok)))  # fmt: skip


_UNIT_NOUNS = frozenset({"unit", "subsidiary", "arm", "division", "affiliate", "part", "venture"})


def _units(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "Avio Aero, the Italian unit of GE Aerospace" → partOf GE Aerospace, country Italy;
    "X … is a shipbuilder headquartered in Seoul and part of Hanwha Group" → partOf."""
    doc = sent.doc
    for tok in doc:
        if tok.lemma_.lower() not in _UNIT_NOUNS or tok.pos_ != "NOUN":
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            continue
        parent = [m for m in _objects(of, ms) if ctx.is_a(m.group, "Organisation")]
        # who: the name in apposition ("X, the … unit of Y") or the clause's subject
        who: list[Mention] = []
        if tok.dep_ == "appos":
            who = _holding(ms, [tok.head])
        elif tok.dep_ in ("attr", "conj"):
            subj = _subject_of(tok)
            who = [m for m in ms if subj is not None and m.i <= subj.i < m.j]
        who = [m for m in who if ctx.is_a(m.group, "Organisation")]
        if not parent or not who:
            continue
        parents = _unique(m.group for m in parent)
        if tok.lemma_.lower() == "venture":  # "the joint venture of MBDA and Thales"
            for a, b in _pairs(parents):
                rel.add(Found(a, "collaboratesWith", b, sent.index,
                              "collaboratesWith:joint-venture-of", 0.75))  # fmt: skip
        for w in _unique(m.group for m in who):
            for p in parents:
                rel.add(Found(w, "partOf", p, sent.index, f"partOf:{tok.lemma_}-of", 0.75))
            demonym = next((m for m in sent.mentions if m.group is not None
                            and m.group.cls == "Nation"
                            and tok.left_edge.i <= m.i < tok.i), None)  # fmt: skip
            if demonym is not None:
                rel.add(Found(w, "country", demonym.group, sent.index, "country:unit-of", 0.75))


def _in_service(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "replacing the Eurofighter Typhoon in the Royal Air Force and the Italian Air Force"
    → each service deploys the system."""
    doc = sent.doc
    for m in ms:
        if not ctx.is_a(m.group, "System") or m.j + 1 >= len(doc) or doc[m.j].lower_ != "in":
            continue
        k = m.j + 1
        while k < len(doc):
            if doc[k].lower_ in ("the", "and", ","):
                k += 1
                continue
            x = next((y for y in ms if y.i == k or (y.i == k + 1 and y.prefix is not None)), None)
            if x is None or not ctx.is_a(x.group, "MilitaryService"):
                break
            rel.add(Found(x.group, "deploys", m.group, sent.index, "deploys:in-service", 0.7))
            k = x.j
            if k + 2 < len(doc) and doc[k].text == "(":
                k += 3


def _ships_of(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "the ship USNS X of the Navy's Military Sealift Command" → the command (and the navy
    it belongs to) deploys X."""
    doc = sent.doc
    for m in ms:
        if m.group.cls not in ("Vessel",) or m.j + 1 >= len(doc) or doc[m.j].lower_ != "of":
            continue
        k = m.j + 1 + (1 if doc[m.j + 1].lower_ == "the" else 0)
        owners = []
        x = next((y for y in ms if y.i == k), None)
        while x is not None and ctx.is_a(x.group, "MilitaryService"):
            owners.append(x.group)
            if x.j < len(doc) and doc[x.j].text in _POSSESSIVE:
                x = next((y for y in ms if y.i == x.j + 1), None)
            else:
                x = None
        for o in owners:
            rel.add(Found(o, "deploys", m.group, sent.index, "deploys:ship-of", 0.7))


_MEET_VERBS = frozenset({"meet", "convene", "gather", "attend", "hold"})


def _exercises(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """Who takes part in an exercise: "During exercise Salaknib, the U.S. Army deployed …"
    (the subject), "… exercise between the two militaries" (the text's nations), "with forces
    from Australia and France taking part"."""
    doc = sent.doc
    drills = [m for m in ms if m.group.cls == "MilitaryExercise"]
    if not drills:
        return
    ex = drills[0].group
    for m in drills:
        k = m.i - 1 if m.i > 0 and doc[m.i - 1].lower_ in ("exercise", "exercises") else m.i
        if k > 0 and doc[k - 1].lower_ in ("during", "in"):
            root = next((t for t in doc if t.dep_ == "ROOT"), None)
            if root is not None and root.i > m.j:
                for p in _parties_of(ctx, sent, ms, _subject_of(root)):
                    rel.add(Found(p, "participatesIn", m.group, sent.index,
                                  "participatesIn:during-exercise", 0.7))  # fmt: skip
    text = doc.text.lower()
    if re.search(r"\bbetween the (two|three) (militaries|countries|nations|armies|allies)", text):
        for n in lead_nations(ctx) or ctx.principal:
            rel.add(Found(n, "participatesIn", ex, sent.index, "participatesIn:between-the-two",
                          0.65))  # fmt: skip
    for tok in doc:
        if (tok.lemma_.lower() == "take" and any(c.lower_ == "part" for c in tok.children)) or (
                tok.lemma_.lower() in ("participate", "join") and tok.pos_ == "VERB"):  # fmt: skip
            subj = tok.head if tok.dep_ in ("acl", "advcl") else None
            heads = [subj] if subj is not None else []
            sub = _subject_of(tok)
            if sub is not None:
                heads.append(sub)
            for h in heads:
                for p in _parties_of(ctx, sent, ms, h):
                    rel.add(Found(p, "participatesIn", ex, sent.index,
                                  "participatesIn:taking-part", 0.65))  # fmt: skip


def _meetings(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "A, B and C met today in London for the AUKUS Defence Ministers' Meeting" → A, B, C
    participatesIn the meeting, which is locatedIn London."""
    doc = sent.doc
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _MEET_VERBS:
            continue
        events = [m for m in _objects(tok, ms, "for") + _objects(tok, ms, "at")
                  + (_objects(tok, ms) if tok.lemma_.lower() in ("attend", "hold") else [])
                  if ctx.is_a(m.group, "Program") and not ctx.is_a(m.group, "Agreement")
                  and not m.group.generic]  # fmt: skip
        if not events:
            continue
        people = [m.group for m in ms if m.group.cls == "Person" and m.i < events[0].i]
        people += _parties_of(ctx, sent, ms, _subject_of(tok))
        places = [m.group for m in _objects(tok, ms, "in") if ctx.is_a(m.group, "Location")
                  and m.group.cls != "Nation"]  # fmt: skip
        for e in _unique(m.group for m in events):
            for p in _unique(people):
                rel.add(Found(p, "participatesIn", e, sent.index, f"participatesIn:{tok.lemma_}",
                              0.75, _hedged(tok)))  # fmt: skip
            for pl in places[:1]:
                rel.add(Found(e, "locatedIn", pl, sent.index, "locatedIn:met-in", 0.7))


def _participation(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "Cooperation in space will continue with NASA’s Artemis program" (no party named):
    the principal parties take part; "Artemis, including Japan’s rover": Japan takes part."""
    doc = sent.doc
    progs = [m for m in ms if ctx.is_a(m.group, "Program")]
    if not progs:
        return
    for m in progs:
        k = m.j
        if k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "including":
            p = next(
                (x for x in ms if x.i == k + 2 and x.j < len(doc) and doc[x.j].text in _POSSESSIVE),
                None,
            )
            if p is not None and ctx.party(p.group):
                rel.add(Found(p.group, "participatesIn", m.group, sent.index,
                              "participatesIn:including", 0.6))  # fmt: skip
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subj = _subject_of(root) if root is not None else None
    if subj is None or subj.lemma_.lower() not in ("cooperation", "collaboration", "partnership"):
        return
    if any(ctx.party(x.group) for x in _in_span(ms, subj.left_edge.i, subj.right_edge.i + 1)):
        return
    for m in progs:
        for p in ctx.principal:
            rel.add(Found(p, "participatesIn", m.group, sent.index,
                          "participatesIn:cooperation-continues", 0.6))  # fmt: skip


def _concerns(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """An agreement or program a sentence introduces concerns the topics it names after it
    ("a Statement of Intent to collaborate on AI, high-performance computing, …")."""
    things = [m for m in ms if (ctx.is_a(m.group, "Agreement") or ctx.is_a(m.group, "Program"))
              and m.group.mentions[0] is m]  # fmt: skip
    if not things:
        return
    first = things[0]
    doc = sent.doc
    for m in ms:
        if m.group.cls != "Topic" or m.i < first.j:
            continue
        between = doc[first.j : m.i].text
        if ";" in between or len(doc[first.j : m.i]) > 25:
            continue
        rel.add(Found(first.group, "concerns", m.group, sent.index, "concerns:introduced", 0.65))


def _locations(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "X (based | located | headquartered) in Y", "the Z base in Y" → locatedIn."""
    doc = sent.doc
    for m in ms:
        k = m.j
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
            k += 3  # "(ASA)"
        if k < len(doc) and doc[k].text == ",":
            k += 1
        if k < len(doc) and doc[k].lower_ in ("based", "located", "headquartered", "situated"):
            k += 1
        elif (k + 2 < len(doc) and k > m.j and doc[k].lower_ in ("its", "their")
              and doc[k + 1].pos_ == "NOUN" and doc[k + 2].lower_ == "in"):  # fmt: skip
            k += 2  # "Philly Shipyard, Inc., its shipyard in Philadelphia"
        elif not (ctx.is_a(m.group, "Location") and m.group.cls != "Nation"):
            continue
        else:
            k = m.j
        if k < len(doc) and doc[k].lower_ == "in":
            place = next((x for x in ms if x.i in (k + 1, k + 2)), None)
            if place is not None and (
                ctx.is_a(place.group, "Location") or place.group.cls == "Nation"
            ):
                rel.add(_place_in(ctx, m.group, place.group, sent.index, "locatedIn:in", 0.7))
    # "Sanand, Gujarat", "Geoje, South Korea", "PHILADELPHIA, Pennsylvania"
    for m in ms:
        if not (ctx.is_a(m.group, "Location") and m.group.cls != "Nation"):
            continue
        if not (m.j + 1 < len(doc) and doc[m.j].text == ","):
            continue
        if m.i > 0 and doc[m.i - 1].text == ",":
            continue  # the middle of a list "Tokyo, Seoul, Manila"
        k = m.j + 1
        if doc[k].text in _DIRECTIONS:
            k += 1  # "Baisogala, central Lithuania"
        place = next((x for x in ms if x.i == k), None)
        if place is None or place.group is m.group:
            continue
        after = doc[place.j].lower_ if place.j < len(doc) else ""
        bigger = place.group.cls in ("Nation", "Subdivision") or (
            ctx.is_a(place.group, "Location") and after not in (",", "and", "or")
        )
        if bigger and (ctx.is_a(place.group, "Location") or place.group.cls == "Nation"):
            rel.add(_place_in(ctx, m.group, place.group, sent.index, "locatedIn:apposition", 0.7))
    # "Magdeburg, the capital of the state of Saxony-Anhalt"; "G42, the AI company based in
    # Abu Dhabi": an appositive that places the name
    for m in ms:
        if not (m.j + 3 < len(doc) and doc[m.j].text == "," and doc[m.j + 1].lower_ in (
                "the", "a", "an")):  # fmt: skip
            continue
        k, rule = m.j + 2, ""
        if ctx.is_a(m.group, "Location") and doc[k].lower_ in _SEATS and doc[k + 1].lower_ == "of":
            k, rule = k + 2, "locatedIn:capital-of"
            if k + 2 < len(doc) and doc[k].lower_ == "the" and doc[k + 2].lower_ == "of" and (
                    doc[k + 1].lower_ in _REGION_NOUNS):  # fmt: skip
                k += 3  # "the state of"
        elif ctx.is_a(m.group, "Organisation"):
            while k < min(len(doc) - 2, m.j + 8) and doc[k].pos_ in ("NOUN", "ADJ", "PROPN"):
                if doc[k].lower_ in ("based", "headquartered"):
                    break
                k += 1
            if doc[k].lower_ in ("based", "headquartered") and doc[k + 1].lower_ == "in":
                k, rule = k + 2, "locatedIn:appositive-based"
        if not rule:
            continue
        place = next((x for x in ms if x.i in (k, k + 1) and x.group is not m.group), None)
        if place is not None and (ctx.is_a(place.group, "Location") or place.group.cls == "Nation"):
            rel.add(_place_in(ctx, m.group, place.group, sent.index, rule, 0.7))


#: what a city is of a bigger place ("X, the capital of Y")
_SEATS = frozenset({"capital", "seat", "city", "town", "port"})
#: the kind of a bigger place named after "the … of" ("the state of Saxony-Anhalt")
_REGION_NOUNS = frozenset({"state", "province", "region", "prefecture", "county", "island"})


#: where in a bigger place ("Baisogala, central Lithuania")
_DIRECTIONS = frozenset(
    {"central", "northern", "southern", "eastern", "western", "north", "south", "east", "west",
     "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
     "southeast", "southwest", "coastal", "rural", "mid", "upstate", "inland"}
)  # fmt: skip


def _place_in(ctx: Context, place: Group, where: Group, sent: int, rule: str, conf: float) -> Found:
    """A place in a nation is stated with `country` (the nation it belongs to), else locatedIn."""
    if where.cls == "Nation" and ctx.is_a(place, "Location"):
        return Found(place, "country", where, sent, rule.replace("locatedIn", "country"), conf)
    return Found(place, "locatedIn", where, sent, rule, conf)


def _based(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "Vancouver-based Teck Resources" → Teck Resources locatedIn Vancouver."""
    doc = sent.doc
    for m in ms:
        k = m.j
        if not (k + 1 < len(doc) and doc[k].text == "-" and doc[k + 1].lower_ == "based"):
            continue
        if not (ctx.is_a(m.group, "Location") or m.group.cls == "Nation"):
            continue
        org = next((x for x in ms if x.i in (k + 2, k + 3)), None)
        if org is not None and ctx.is_a(org.group, "Organisation"):
            rel.add(_place_in(ctx, org.group, m.group, sent.index, "locatedIn:based", 0.75))


#: nouns an appositive uses to say what kind of body a name is ("X, India's largest utility")
_BODY_NOUNS = frozenset(
    {"company", "firm", "utility", "lender", "bank", "maker", "manufacturer", "subsidiary",
     "unit", "arm", "institute", "institution", "agency", "fund", "group", "operator",
     "shipbuilder", "chipmaker", "developer", "producer", "carrier", "university", "miner",
     "supplier", "contractor", "conglomerate", "startup", "body", "regulator", "insurer",
     "investor", "exporter", "importer", "automaker", "refiner", "partner"}
)  # fmt: skip


def _appositive_country(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "NTPC Limited, India's largest power utility" and "the Belgian institute imec" →
    country: a nation inside a short appositive that names the kind of body."""
    doc = sent.doc
    for m in ms:
        if not ctx.is_a(m.group, "Organisation"):
            continue
        nation = None
        if m.j + 2 < len(doc) and doc[m.j].text == ",":  # after the name
            k = m.j + 1
            end = min(k + 8, len(doc))
            for e in range(k, end):
                if doc[e].text in (",", ";", ".", "(") or doc[e].pos_ in ("VERB", "AUX"):
                    end = e
                    break
            span = doc[k:end]
            if span and span[-1].lemma_.lower() in _BODY_NOUNS:
                inside = [x for x in sent.mentions if x.group is not None and k <= x.i < end]
                nations = _unique(x.group for x in inside if x.group.cls == "Nation")
                if len(inside) == len([x for x in inside if x.group.cls == "Nation"]) == 1:
                    nation = nations[0]
        if nation is None and m.i >= 3 and doc[m.i - 1].lemma_.lower() in _BODY_NOUNS:
            n = next((x for x in sent.mentions if x.group is not None and x.j == m.i - 1 - 0
                      and False), None)  # fmt: skip
            k = m.i - 2
            while k >= 0 and doc[k].pos_ == "ADJ" and doc[k].ent_type_ != "GAZ":
                k -= 1
            n = next((x for x in sent.mentions if x.group is not None and x.j == k + 1
                      and x.group.cls == "Nation"), None)  # fmt: skip
            if n is not None and n.i > 0 and doc[n.i - 1].lower_ in ("the", "a", "an"):
                nation = n.group  # "the Belgian institute imec"
        if nation is not None:
            rel.add(Found(m.group, "country", nation, sent.index, "country:appositive", 0.75))


_OWN_VERBS = frozenset({"own", "run", "control", "operate", "manage"})


def _owned_by(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "JSE, a company owned by A, B and C" → JSE partOf A, B, C; "the Holst Centre, a
    research centre run by TNO with imec" → partOf TNO (and TNO collaboratesWith imec)."""
    doc = sent.doc
    for tok in doc:
        if tok.lemma_.lower() not in _OWN_VERBS or tok.tag_ != "VBN":
            continue
        if not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "by"):
            continue
        parents = [g for g in _listed(ctx, sent, ms, tok.i + 2) if ctx.is_a(g, "Organisation")]
        # the owned: the name right before the appositive the participle belongs to
        k = tok.i - 1
        while k >= 0 and doc[k].text != "," and not any(x.j == k + 1 for x in ms):
            k -= 1
        owned = next((x for x in ms if x.j == k), None) if k >= 0 else None
        if owned is None or not parents or not ctx.is_a(owned.group, "Organisation"):
            continue
        if any(x.i > k and x.j <= tok.i for x in ms):
            continue  # another name in between: not a plain appositive
        for p in parents:
            rel.add(Found(owned.group, "partOf", p, sent.index, f"partOf:{tok.lemma_}-by", 0.75))
        last = next((x for x in ms if x.group is parents[-1] and x.i > tok.i), None)
        if last is not None and last.j < len(doc) and doc[last.j].lower_ == "with":
            partners = [g for g in _listed(ctx, sent, ms, last.j + 1)
                        if ctx.is_a(g, "Organisation")]  # fmt: skip
            for q in partners:
                rel.add(Found(parents[-1], "collaboratesWith", q, sent.index,
                              f"collaboratesWith:{tok.lemma_}-by-with", 0.7))  # fmt: skip


#: verbs of doing something with a partner: "X will build a plant with Y"
_COWORK_VERBS = frozenset(
    {"build", "operate", "develop", "run", "produce", "manufacture", "design", "test", "study",
     "research", "form", "establish", "launch", "co-produce", "co-develop", "partner", "team",
     "make", "construct"}
)  # fmt: skip


def _with_partners(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "TSMC is building a fab in Dresden with Bosch, Infineon and NXP", "J-Power will
    operate the plant with AGL Energy" → the firm collaboratesWith each partner; "NXP and its
    partner VDL" too."""
    doc = sent.doc
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _COWORK_VERBS or _hedged(tok):
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj"]  # "building a fab … with X"
        preps = [c for x in (tok, *objs) for c in x.children
                 if c.dep_ == "prep" and c.lower_ == "with"]  # fmt: skip
        if not preps:
            continue
        subj = [g for g in _parties_of(ctx, sent, ms, _subject_of(tok))
                if ctx.is_a(g, "Organisation")]  # fmt: skip
        if len(subj) != 1:
            continue
        for prep in preps:
            partners = [g for g in _listed(ctx, sent, ms, prep.i + 1)
                        if ctx.is_a(g, "Organisation") and g is not subj[0]]  # fmt: skip
            for q in partners:
                rel.add(Found(subj[0], "collaboratesWith", q, sent.index,
                              f"collaboratesWith:{tok.lemma_}-with", 0.7))  # fmt: skip
    for m in ms:  # "NXP Semiconductors N.V. and its partner VDL Groep"
        k = m.j
        if k + 3 < len(doc) and [t.lower_ for t in doc[k : k + 3]] == ["and", "its", "partner"]:
            q = next((x for x in ms if x.i == k + 3), None)
            if q is not None and ctx.party(q.group) and ctx.party(m.group):
                rel.add(Found(m.group, "collaboratesWith", q.group, sent.index,
                              "collaboratesWith:its-partner", 0.75))  # fmt: skip


_COMMIT_VERBS = frozenset({"reaffirm", "affirm", "reiterate", "renew", "confirm", "underline"})


def _commitment_to(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "They reaffirmed their commitment to ESSI and to ELSA" → each party participatesIn."""
    doc = sent.doc
    for tok in doc:
        if tok.lemma_.lower() not in _COMMIT_VERBS:
            continue
        dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if dobj is None or dobj.lemma_.lower() not in ("commitment", "support", "participation"):
            continue
        progs: list[Mention] = []
        for prep in (c for c in dobj.children if c.dep_ == "prep" and c.lower_ in ("to", "in")):
            progs += [m for m in _objects(prep, ms) if ctx.is_a(m.group, "Program")
                      or ctx.is_a(m.group, "Agreement")]  # fmt: skip
            for c in prep.conjuncts:  # "to ESSI and to ELSA"
                progs += [m for m in _objects(c, ms) if ctx.is_a(m.group, "Program")
                          or ctx.is_a(m.group, "Agreement")]  # fmt: skip
        if not progs:
            continue
        parties = _parties_of(ctx, sent, ms, _subject_of(tok))
        for pg in _unique(m.group for m in progs):
            for p in parties:
                rel.add(Found(p, "participatesIn", pg, sent.index,
                              f"participatesIn:{tok.lemma_}-commitment", 0.7))  # fmt: skip
    # "Both countries, together with Italy, remain committed to the GCAP"
    for tok in doc:
        if tok.lower_ != "committed" or tok.dep_ not in ("acomp", "ROOT", "xcomp", "conj"):
            continue
        if _hedged(tok):
            continue
        progs = []
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"):
            progs += [m for m in _objects(prep, ms) if ctx.is_a(m.group, "Program")
                      or ctx.is_a(m.group, "Agreement")]  # fmt: skip
        if not progs:
            continue
        subj = _subject_of(tok)
        parties = _parties_of(ctx, sent, ms, subj)
        if subj is not None:  # "Both countries, together with Italy,"
            withs = [c for c in subj.subtree if c.lower_ == "with" and c.i > 0
                     and doc[c.i - 1].lower_ in ("together", "along")]  # fmt: skip
            if withs:
                also = [m.group for c in withs for m in _objects(c, ms) if ctx.party(m.group)]
                head = doc[subj.left_edge.i : subj.i + 1].text.lower()
                own = [g for g in parties if all(g is not a for a in also)]
                if not own and any(head.startswith(p) for p in GROUP_PHRASES):
                    own = list(ctx.principal or ctx.recent)
                parties = own + also if own else []
        for pg in _unique(m.group for m in progs):
            for p in _unique(parties):
                rel.add(Found(p, "participatesIn", pg, sent.index,
                              "participatesIn:committed-to", 0.7))  # fmt: skip


def _signing_by(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "the signing of a Declaration of Intent on X by A and B" → signedBy A, B."""
    doc = sent.doc
    for tok in doc:
        if tok.lower_ not in ("signing", "conclusion", "adoption") or tok.pos_ != "NOUN":
            continue
        pacts = [m for m in _objects(tok, ms, "of") if ctx.is_a(m.group, "Agreement")]
        for m in list(pacts):  # "by" may hang on the pact's name rather than on "signing"
            head = doc[m.j - 1]
            while head.dep_ == "compound" and head.head is not head:
                head = head.head
            by = [c for c in (*tok.children, *head.children) if c.dep_ in ("prep", "agent")
                  and c.lower_ == "by"]  # fmt: skip
            parties = [x.group for b in by for x in _objects(b, ms) if ctx.party(x.group)]
            for b in by:
                for x in _objects(b, ms):
                    parties += [y.group for y in _coordinated_after(sent, ms, x)
                                if ctx.party(y.group)]  # fmt: skip
            for p in _unique(parties):
                rel.add(Found(m.group, "signedBy", p, sent.index, "signedBy:signing-by", 0.75))


_ELEVATE_VERBS = frozenset({"raise", "elevate", "upgrade", "lift"})


def _elevated_to(ctx: Context, sent: Sentence, ms: list[Mention], rel: Relations) -> None:
    """ "A and B are raising their relationship to a Comprehensive Strategic Partnership" →
    A, B participatesIn it."""
    doc = sent.doc
    for tok in doc:
        if tok.lemma_.lower() not in _ELEVATE_VERBS or tok.pos_ != "VERB":
            continue
        dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if dobj is None or dobj.lemma_.lower() not in (
            "relationship",
            "relation",
            "tie",
            "partnership",
        ):
            continue
        pacts = [m for m in (*_objects(tok, ms, "to"), *_objects(dobj, ms, "to"))
                 if ctx.is_a(m.group, "Agreement")]  # fmt: skip
        if not pacts:
            continue
        for p in _parties_of(ctx, sent, ms, _subject_of(tok)):
            for m in pacts:
                rel.add(Found(p, "participatesIn", m.group, sent.index,
                              "participatesIn:raised-to", 0.7, hedged=_hedged(tok)))  # fmt: skip


_RULES = (
    _for_a_service,
    _signing_by,
    _elevated_to,
    _country_possessive,
    _country_of_description,
    _country_prefix,
    _leaders,
    _signing,
    _collaboration,
    _production,
    _deployment,
    _ships_of,
    _in_service,
    _units,
    _exercises,
    _meetings,
    _participation,
    _concerns,
    _locations,
    _based,
    _appositive_country,
    _owned_by,
    _with_partners,
    _commitment_to,
)


# ------------------------------------------------------------------------- document-wide rules


def _first_body_sentence(ctx: Context, g: Group) -> int:
    return next(
        (m.sent for m in g.mentions if not ctx.sentences[m.sent].heading), g.mentions[0].sent
    )


def _subdivisions(ctx: Context, rel: Relations) -> None:
    """A state, prefecture or province the gazetteer knows lies in its nation, when the text
    names that nation."""
    for g in ctx.groups:
        iso = g.entry.iso if g.entry is not None else None
        if not iso or g.cls == "Nation" or not ctx.is_a(g, "Location"):
            continue
        nation = next((n for n in ctx.groups if n.cls == "Nation" and n.entry is not None
                       and n.entry.iso == iso), None)  # fmt: skip
        if nation is not None:
            rel.add(_place_in(ctx, g, nation, _first_body_sentence(ctx, g),
                              "locatedIn:subdivision", 0.85))  # fmt: skip


_NAME_COUNTRY_CLASSES = ("Agency", "MilitaryService", "Ministry", "ExecutiveDepartment",
                         "Legislature", "Company", "ResearchInstitute")  # fmt: skip


def lead_nations(ctx: Context) -> list[Group]:
    """The nations a text is about: named in its title or lede (two body sentences; not
    only as an adjective, "alarmed by Chinese actions") and mentioned at least three times."""
    lead: list[Group] = []
    body = [s for s in ctx.sentences if not s.heading][:2]
    for sent in [*ctx.sentences[:1], *body]:
        for m in sent.mentions:
            g = m.group
            if g is None or g.cls != "Nation" or g in lead:
                continue
            tok = sent.doc[m.j - 1]
            if m.j - m.i == 1 and tok.pos_ == "ADJ" and tok.dep_ == "amod" and not sent.heading:
                continue
            lead.append(g)
        for g in ctx.groups:  # "Deepening the United States-Philippines Alliance"
            if g.cls == "Nation" and g not in lead and re.search(
                    rf"(?<![\w.]){re.escape(g.label)}(?![\w])", sent.doc.text):  # fmt: skip
                lead.append(g)
    return [g for g in lead if len(g.mentions) >= 3]


def _lead_nations(ctx: Context, rel: Relations) -> None:
    """The two or three nations a text is about work together (collaboratesWith), and take part
    in the program it is about (the program mentioned most, at least three times)."""
    lead = lead_nations(ctx)
    if not 2 <= len(lead) <= 3:
        return
    first = _first_body_sentence(ctx, lead[0])
    for a, b in _pairs(lead):
        rel.add(Found(a, "collaboratesWith", b, first, "collaboratesWith:lead-nations", 0.6))
    progs = [g for g in ctx.groups if g.cls and ctx.is_a(g, "Program")
             and not ctx.is_a(g, "Topic")]  # fmt: skip
    if not progs:
        return
    counts = sorted(((len({m.sent for m in g.mentions}), id(g), g) for g in progs), reverse=True)
    if counts[0][0] < 3 or (len(counts) > 1 and counts[1][0] * 2 > counts[0][0]):
        return
    main = counts[0][2]
    # companies that together are the subject of a sentence about the program take part in it
    for m0 in main.mentions:
        sent = ctx.sentences[m0.sent]
        if sent.heading:
            continue
        ms = ctx.mentions(sent)
        for tok in sent.doc:
            if tok.pos_ not in ("VERB", "AUX") or tok.i > m0.i:
                continue
            subj = _subject_of(tok)
            firms = [g for g in _parties_of(ctx, sent, ms, subj) if ctx.is_a(g, "Company")]
            if subj is None or subj.head.i != tok.i or len(firms) < 2:
                continue
            for g in firms:
                rel.add(Found(g, "participatesIn", main, sent.index,
                              "participatesIn:firms-of-the-program", 0.65))  # fmt: skip
            for a, b in _pairs(firms):
                rel.add(Found(a, "collaboratesWith", b, sent.index,
                              "collaboratesWith:firms-of-the-program", 0.65))  # fmt: skip
    for n in lead:
        rel.add(Found(n, "participatesIn", main, _first_body_sentence(ctx, main),
                      "participatesIn:lead-nations", 0.6))  # fmt: skip


def _names_with_nation(ctx: Context, rel: Relations) -> None:
    """An organisation whose own name carries one nation ("Royal Australian Navy", "Japan
    International Cooperation Agency", "Philippine Senate", "Armed Forces of the Philippines",
    "U.S. Army") → country that nation. Names with two nations ("U.S.-India …") say nothing."""
    nations = [g for g in ctx.groups if g.cls == "Nation"]
    if not nations:
        return
    for g in ctx.groups:
        if not g.cls or g.cls == "Nation" or not any(ctx.is_a(g, c) for c in _NAME_COUNTRY_CLASSES):
            continue
        found: set[int] = set()
        hit: Group | None = None
        for name in dict.fromkeys([g.label, *g.names]):
            words = name.replace("-", " - ").split()
            for a in range(len(words)):
                for b in range(min(len(words), a + 4), a, -1):
                    piece = " ".join(words[a:b]).strip(",")
                    if piece in ("-",) or not piece[:1].isupper():
                        continue
                    n = _nation_named(ctx, nations, piece)
                    if n is not None:
                        found.add(id(n))
                        hit = n
                        break
        if len(found) == 1 and hit is not None:
            rel.add(Found(g, "country", hit, _first_body_sentence(ctx, g), "country:in-name", 0.8))


def _nation_named(ctx: Context, nations: list[Group], piece: str) -> Group | None:
    key = norm(piece)
    for n in nations:
        if any(norm(x) == key for x in (n.label, *n.names, *n.aliases)):
            return n
    entry = ctx.gaz.lookup(piece)
    if entry is not None:
        return next((n for n in nations if n.entry is entry), None)
    return None


def _names_with_pairs(ctx: Context, rel: Relations) -> None:
    """ "U.S.-Japan Strategic Trade and Investment Agreement" → signedBy both; a program
    named so → both take part. The year written before the name is the statement's."""
    for g in ctx.groups:
        if not (ctx.is_a(g, "Agreement") or ctx.is_a(g, "Program")):
            continue
        for name in [g.label, *g.names]:
            pair = re.match(r"^([\w.’']+)[-–]([\w.’']+)\b", name)
            if not pair:
                continue
            parties = [ctx.group_of(pair.group(1)), ctx.group_of(pair.group(2))]
            if not all(p is not None and ctx.party(p) for p in parties):
                continue
            m = (
                next(x for x in g.mentions if not ctx.sentences[x.sent].heading)
                if any(not ctx.sentences[x.sent].heading for x in g.mentions)
                else g.mentions[0]
            )
            year = _year_before(ctx.sentences[m.sent], m.i)
            for p in parties:
                assert p is not None
                if ctx.is_a(g, "Agreement"):
                    rel.add(Found(g, "signedBy", p, m.sent, "signedBy:name-pair", 0.7, year=year))
                else:
                    rel.add(Found(p, "participatesIn", g, m.sent, "participatesIn:name-pair", 0.65))
            break


def _names_with_topics(ctx: Context, rel: Relations) -> None:
    """ "Critical Minerals Action Plan" concerns critical minerals (a topic the text names)."""
    topics = [g for g in ctx.groups if g.cls == "Topic"]
    for g in ctx.groups:
        if not (ctx.is_a(g, "Agreement") or ctx.is_a(g, "Program")):
            continue
        low = norm(g.label)
        if low.endswith(" act"):
            continue  # a statute's title names what it is for, not a topic it settles
        for t in topics:
            if any(
                norm(n) and re.search(rf"\b{re.escape(norm(n))}\b", low)
                for n in (t.label, *t.names)
            ):
                rel.add(Found(g, "concerns", t, _first_body_sentence(ctx, g), "concerns:name", 0.7))


#: which nations have the office a head-of-nation title names (else: heads of government)
_OFFICE_HOLDERS = {"president": EXECUTIVE_PRESIDENTS, "chancellor": CHANCELLORS,
                   "king": MONARCHIES, "queen": MONARCHIES, "emperor": MONARCHIES,
                   "crown prince": MONARCHIES}  # fmt: skip


def _leaders_of_a_summit(ctx: Context, rel: Relations) -> None:
    """A text naming "President X" and "Prime Minister Y" without their nations: the title
    says which of the nations the text is about each leads, when only one fits."""
    nations = ctx.principal if len(ctx.principal) == 2 else lead_nations(ctx)
    named = [g for g in ctx.groups if g.cls == "Nation"]
    have = {id(f.subject) for f in rel.found.values() if f.property == "leaderOf"}
    # a nation whose office is already held in the text ("President X of Finland") is no
    # candidate for another holder of the same title
    held = {(id(f.object), (f.role or "").lower()) for f in rel.found.values()
            if f.property == "leaderOf"}  # fmt: skip
    by_title: dict[str, list[Group]] = {}
    for g in ctx.groups:
        if g.cls != "Person" or id(g) in have:
            continue
        title = next((m.title for m in g.mentions if m.title), None)
        if title is None or not TITLES.get(title.lower()):
            continue
        by_title.setdefault(title.lower(), []).append(g)
    for title, people in by_title.items():
        table = _OFFICE_HOLDERS.get(title, HEADS_OF_GOVERNMENT)

        def fitting(candidates: list[Group], table: frozenset[str] = table,
                    title: str = title) -> list[Group]:  # fmt: skip
            return [p for p in candidates if p.entry is not None and p.entry.iso in table
                    and (id(p), title) not in held]  # fmt: skip

        if len(people) != 1:
            continue  # two presidents of two republics: the order of names is no evidence
        fits = fitting(nations)
        if len(fits) > 1:  # the nation the text is about far more than any other
            fits.sort(key=lambda g: -len(g.mentions))
            if len(fits[0].mentions) >= 2 * len(fits[1].mentions):
                fits = fits[:1]
        elif not fits:  # the one nation near the name, of the whole text, that has the office
            near = {s for m in people[0].mentions for s in (m.sent - 1, m.sent, m.sent + 1)}
            fits = fitting([g for g in named if any(m.sent in near for m in g.mentions)])
            if len(fitting(named)) > len(fits) + 1:
                fits = []  # many nations with the office: nearness is weak evidence
        if len(fits) != 1:
            continue
        pairs = [(people[0], fits[0])]
        for g, n in pairs:
            m = next(m for m in g.mentions if m.title)
            rel.add(Found(g, "leaderOf", n, m.sent, "leaderOf:summit-title", 0.6, role=title))
