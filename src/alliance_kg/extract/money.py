"""Investments: each money phrase with its investor(s) and target(s), merged across repeats.

A money phrase (`alliance_kg.amounts.find_amounts`, parsed exactly by `parse_amount`) in a
sentence about investing becomes an investment. Its investor is the party after "from", the
subject of "invest" / "commit" / "pledge", or the nation of "Japanese investments"; its targets
are the places, companies, systems or programs after "in" / "into" / "for" before the next
amount. "This includes $X …" and "…, including $X" make parts of the amount before them (the
whole is then an aggregate, and parts without an investor take the whole's). The same amount
stated twice with compatible parties is one investment with both quotes. Headings are skipped
(a headline's figure is not a body fact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..amounts import Amount, find_amounts
from .lexicon import INVEST_WORDS
from .mentions import Group, Mention, Sentence
from .relations import Context, _parties_of, _subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass(eq=False)
class Money:
    """One investment as found: amount, parties, the sentences stating it, and why."""

    amount: Amount
    sents: list[int]
    investors: list[Group] = field(default_factory=list)
    targets: list[Group] = field(default_factory=list)
    rule: str = ""
    confidence: float = 0.5
    parts: list[Money] = field(default_factory=list)
    whole: Money | None = None
    year: int | None = None
    share_targets: bool = False  # a part written "the first $X of its $Y" goes where Y goes
    payer_named: bool = False  # the text names who pays, though no party ("the state will…")
    purchase: bool = False  # a price of goods bought ("buy 28 aircraft worth $X"), no investment


def _token_at(doc: Doc, offset: int) -> int:
    for t in doc:
        if t.idx >= offset:
            return t.i
    return len(doc)


def find_money(ctx: Context) -> list[Money]:
    """Every investment the text states (see the module docstring)."""
    found: list[Money] = []
    last: Money | None = None
    for sent in ctx.sentences:
        if sent.heading:
            continue
        doc = sent.doc
        text = doc.text
        amounts = find_amounts(text)
        if not amounts:
            continue
        ms = ctx.mentions(sent)
        lemmas = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}
        includes_prev = doc[:3].text.lower().startswith(
            ("this includes", "these include", "this included")
        ) or _parts_of_before(doc)
        if not (lemmas & (INVEST_WORDS | _SPEND | _ACQUIRE | _FINANCING) or includes_prev):
            continue
        spans = [(_token_at(doc, s), _token_at(doc, e), a) for s, e, a in amounts]
        in_sentence: list[Money] = []
        extra: list[Money] = []
        for n, (i, j, amount) in enumerate(spans):
            end = spans[n + 1][0] if n + 1 < len(spans) else len(doc)
            money = Money(amount, [sent.index])
            rules = []
            # investor: "from X" right after the amount ("in loans from X")
            f = j
            adj = 0  # "in green loans from"
            while f + adj + 1 < len(doc) and adj < 2 and doc[f + adj + 1].pos_ == "ADJ":
                adj += 1
            money_noun = doc[f + adj + 1].lemma_.lower() if f + adj + 1 < len(doc) else ""
            if (f + adj + 2 < len(doc) and doc[f].lower_ == "in"
                    and money_noun in _FINANCING | {"equity", "debt", "bond"}):  # fmt: skip
                f += adj + 2
            elif f + 1 < len(doc) and doc[f].lemma_.lower() in _FINANCING:
                f += 1  # "a A$1.25 billion loan from the Australian Government"
            if f < len(doc) and doc[f].lower_ == "from":
                m = next((x for x in ms if x.i in (f + 1, f + 2)), None)
                if m is None:  # "from a group of commercial banks, the EIB and the NIB"
                    m = _first_party_after(ctx, ms, doc, f)
                if (m is not None and m.j < len(doc) and doc[m.j].text in ("’s", "'s")
                        and ctx.party(m.group)):  # fmt: skip
                    # "from Australia's National Reconstruction Fund Corporation"
                    m = next((x for x in ms if x.i == m.j + 1 and ctx.party(x.group)), m)
                if m is not None and ctx.party(m.group):
                    money.investors += [g for g in _unique_groups(
                        [x.group for x in _coordinated(ms, doc, m)]) if ctx.party(g)]  # fmt: skip
                    rules.append("investor:from")
                    verb = _governing_verb(doc[j - 1] if j > 0 else doc[0])
                    if verb is not None and verb.lemma_.lower() in _RECEIVE:
                        # "Adani raised $X in loans from Barclays": Adani gets it
                        subj = _subject_of(verb)
                        if subj is not None and subj.lower_ in ("it", "they", "we"):
                            subj = _antecedent(ctx, sent, ms, verb)
                        got = [g for g in _parties_of(ctx, sent, ms, subj) if _target_group(ctx, g)]
                        got = got or _the_firm(ctx, sent, subj)  # "the company has raised"
                        if got:
                            money.targets = got
                            rules.append("target:receiver")
            # investor: "Saudi Arabia's $600 billion commitment"
            if (not money.investors and i >= 2 and doc[i - 1].text in ("’s", "'s")
                    and j < len(doc) and doc[j].lemma_.lower() in _PLEDGES):  # fmt: skip
                m = next((x for x in ms if x.j == i - 1 and ctx.party(x.group)), None)
                if m is not None:
                    money.investors.append(m.group)
                    rules.append("investor:possessive")
            # investor: "Japanese investments", "Japan’s investment"
            if not money.investors and n == 0:
                m = _nation_before_aid(ms, doc, i)
                if m is not None:
                    money.investors.append(m.group)
                    rules.append("investor:demonym-aid")
                for m in ms if not money.investors else []:
                    if (
                        m.group.cls == "Nation"
                        and m.j < len(doc)
                        and m.i < i
                        and doc[
                            min(m.j + (1 if doc[m.j].text in ("’s", "'s") else 0), len(doc) - 1)
                        ].lemma_.lower()
                        in ("investment", "investments", "invest")
                    ):
                        money.investors.append(m.group)
                        rules.append("investor:demonym")
                        break
            if not money.investors:  # "USD 150 billion in Korean financing and investment"
                money_nouns = _FINANCING | {"investment"}
                m = next((x for x in ms if x.i == j + 1 and x.group.cls == "Nation"
                          and doc[j].lower_ == "in" and x.j < len(doc)
                          and doc[x.j].lemma_.lower() in money_nouns), None)  # fmt: skip
                if m is not None:
                    money.investors.append(m.group)
                    rules.append("investor:demonym-after")
            # investor: the subject of the verb governing the amount
            if not money.investors and (n == 0 or not _of_whole(doc, spans, n)):
                verb = _governing_verb(doc[j - 1] if j > 0 else doc[0]) or _clause_verb(doc, i)
                if verb is not None:
                    subj = _subject_of(verb)
                    if verb.dep_ == "acl":  # "a pledge by Korea to invest", "Japan's pledge to"
                        # … else the clause's subject: "X is moving forward with plans to invest"
                        subj = _agent_of_noun(verb.head) or _subject_of(verb)
                    pronoun = subj
                    if subj is not None and subj.lower_ in ("it", "they", "we"):
                        subj = _antecedent(ctx, sent, ms, verb)
                    parties = _parties_of(ctx, sent, ms, subj)
                    if not parties and subj is None and pronoun is not None:
                        parties = _the_firm(ctx, sent, pronoun)  # "It has promised to spend …"
                    if parties and subj is not None:
                        parties += _listed_after_appositive(ctx, ms, subj, parties)
                    if not parties and subj is not None and subj.dep_ == "poss":
                        # "Japan's program paid …", "Korea's pledge to invest …"
                        parties = [m.group for m in ms if m.i <= subj.i < m.j
                                   and ctx.party(m.group)]  # fmt: skip
                    if not parties and subj is not None:
                        parties = _owner_of_program(ctx, ms, subj)
                    if not parties and subj is not None:
                        parties = _possessor_nation(ms, subj)  # "Japan's public lenders"
                    if not parties and subj is not None:
                        parties = _the_firm(ctx, sent, subj)  # "the company will invest"
                    if not parties and subj is not None:
                        parties = _government_nation(ctx, sent, subj)  # "the federal government"
                    if not parties and subj is not None:
                        parties = _metonym_nation(
                            ctx, subj
                        )  # "Ottawa has set aside", "the Kingdom"
                    if (
                        subj is not None
                        and not parties
                        and any(subj.left_edge.i <= m.i <= subj.right_edge.i for m in ms)
                    ):
                        money.payer_named = True  # "Schleswig-Holstein will cover €137 million"
                    dateline = _dateline_end(doc)
                    who = [
                        p
                        for p in parties
                        if p.cls
                        and (
                            any(m.group is p and m.i >= dateline for m in ms)
                            or all(m.group is not p for m in ms)
                        )  # "the two firms"
                    ]
                    named = subj is not None and any(
                        subj.left_edge.i <= m.i <= subj.right_edge.i for m in ms
                    )  # "the Government of A and the Government of B will each mobilise"
                    if who and all(p in ctx.principal for p in who) and len(who) > 1 and not named:
                        who = []  # "both countries will invest" names no investor
                    if who:
                        money.investors += who
                        rules.append("investor:subject")
            # targets: after "in" / "into" / "for", before the next amount
            k = j
            end = min(end, _clause_end(doc, j, end))
            place = _facility_place(ctx, sent, ms, j, end)
            if place is not None:  # "aid of €X for a factory that Y will build near Heide"
                money.targets.append(place)
                rules.append("target:facility-place")
                pm = next((m for m in ms if m.group is place and m.i > j), None)
                if (pm is not None and pm.j + 1 < len(doc) and doc[pm.j].text == ","
                        and doc[pm.i - 1].lower_ == "in"):  # fmt: skip
                    nxt = next((m for m in ms if m.i == pm.j + 1), None)
                    if nxt is not None and _place(ctx, nxt):  # "in Röthenbach, Bavaria"
                        money.targets.append(nxt.group)
            while k < end and not money.targets:
                if (doc[k].lower_ in ("in", "into") and k + 1 < len(doc)
                        and doc[k + 1].lower_ in ("its", "their")):  # fmt: skip
                    break  # "invest €500 million in its own engineering sites": no named target
                if doc[k].lower_ in ("in", "into", "for", "to", "including", "at", "through", "on"):
                    named = _definite_named(ctx, sent, doc, k)
                    if named is not None:  # "on the line": the Benguela line named before
                        money.targets.append(named)
                    elif _programme_anaphor(doc, k) and ctx_program(ctx) is not None:
                        money.targets.append(ctx_program(ctx))
                    for m in _after(ms, k, end, doc):
                        if doc[m.i - 1].lower_ == "with":
                            continue  # "in a joint venture with X": X is the partner
                        if (m.j < len(doc) and doc[m.j].text in ("’s", "'s")
                                and any(_possessed(doc, m, x) and _target(ctx, x)
                                        for x in ms)):  # fmt: skip
                            continue  # "in Shell's Northern Lights project": the project
                        if _target(ctx, m) and all(m.group is not t for t in money.targets):
                            money.targets.append(m.group)
                    if money.targets:
                        rules.append("target:in")
                        break
                k += 1
            if len(money.targets) > 1:  # "$2 million through the ITSI Fund to help Vietnam"
                channel = [m.group for m in ms if m.i > j + 1
                           and "through" in (doc[m.i - 1].lower_, doc[m.i - 2].lower_)]  # fmt: skip
                kept = [t for t in money.targets if all(t is not c for c in channel)]
                if kept and len(kept) < len(money.targets):
                    money.targets = kept
                    rules.append("target:not-the-channel")
            if not money.targets:  # "Japanese investment in the United Kingdom worth £X"
                for k in range(max(0, i - 12), i - 1):
                    if doc[k].lemma_.lower() in ("investment", "invest") and doc[k + 1].lower_ in (
                            "in", "into"):  # fmt: skip
                        got = [m.group for m in _after(ms, k + 1, i, doc) if _target(ctx, m)]
                        money.targets = [g for g in _unique_groups(got)
                                         if all(g is not v for v in money.investors)]  # fmt: skip
                        if money.targets:
                            rules.append("target:investment-in-before")
                            break
            verb = _governing_verb(doc[j - 1] if j > 0 else doc[0]) or _clause_verb(doc, i)
            scheme = _under_program(ctx, ms, doc, j, end)
            if scheme is not None:  # "spend €X on housing … under a plan called Project Y"
                money.targets = [scheme]
                rules.append("target:under-program")
            given = _provided_with(ctx, ms, verb, i)
            if given:  # "provide Vietnam with $12 million in FMF": FMF is only the form
                money.targets = given
                rules.append("target:provided-with")
            antecedent = _relative_antecedent(ctx, ms, verb)
            if antecedent is not None:  # "Bien Hoa Air Base, a project to which X committed $Y"
                money.targets = [antecedent]
                rules.append("target:relative")
            partners = _whose_partners(ctx, ms, verb)
            if partners is not None:  # "A joined B and C as partners of S, whose partners …"
                money.investors, money.targets = partners[0], [partners[1]]
                rules.append("parties:whose-partners")
            if verb is not None and verb.lemma_.lower() in _ACQUIRE:
                objs = [m.group for m in ms if m.group is not None and _target(ctx, m)
                        and any(c.dep_ == "dobj" and c.left_edge.i <= m.i <= c.right_edge.i
                                for c in verb.children)]  # fmt: skip
                bought = [c for c in verb.children if c.dep_ == "dobj"]
                if (
                    bought
                    and any(c.dep_ == "nummod" for c in bought[0].children)
                    and not any(m.i <= bought[0].i < m.j for m in ms)
                ):
                    money.purchase = True  # "buy 28 Boeing aircraft worth $X": goods, no stake
                if objs:
                    money.targets = _unique_groups(objs)
                    rules.append("target:acquired")
            recipients = _recipients(ctx, ms, doc, j, end)
            if recipients and (
                not money.targets or all(ctx.is_a(t, "Program") for t in money.targets)
            ):
                money.targets = recipients  # "$500 million in FMF to the AFP and the PCG"
                rules.append("target:to")
            if not money.targets and verb is not None:
                before = _recipients(ctx, ms, doc, verb.i, i, prep="for")
                if before:
                    money.targets = before  # "paid for radars for the Philippine Navy worth ¥X"
                    rules.append("target:for-before")
            agent = next((a for a in doc[j - 1].ancestors if a.dep_ == "agent"), None)
            if (agent is not None and agent.i < i and agent.head.dep_ in ("advcl", "acl")
                    and not any(c.dep_ == "nsubjpass" for c in agent.head.children)):  # fmt: skip
                # "X will develop the Nolans project, supported by A$100 million from Y": the
                # nearest program, system or firm before the participle gets the money
                cands = [m for m in ms if m.j <= agent.head.i and _target(ctx, m)
                         and all(m.group is not v for v in money.investors)]  # fmt: skip
                best = [m for m in cands if not ctx.is_a(m.group, "Place")] or cands
                if best:
                    money.targets = [best[-1].group]
                    rules.append("target:supported-by")
            elif agent is not None and agent.i < i:
                # "MASGA will be supported by USD 150 billion …": the subject gets the money
                subj = next((c for c in agent.head.children if c.dep_ == "nsubjpass"), None)
                got = [m.group for m in ms if subj is not None and _target(ctx, m)
                       and subj.left_edge.i <= m.i <= subj.right_edge.i]  # fmt: skip
                if got:
                    money.targets = _unique_groups(got)
                    rules.append("target:passive-subject")
            money.targets = [t for t in money.targets if all(t is not v for v in money.investors)]
            if len(money.investors) > 1:  # "TSMC and Commerce finalised an award for TSMC Arizona"
                own = [v for v in money.investors if any(_named_after(t, v) for t in money.targets)]
                if own and len(own) < len(money.investors):
                    money.investors = [v for v in money.investors if v not in own]
                    rules.append("investor:not-the-parent")
            # "… production in Derby", "its shipyard in Philadelphia": the place of a target
            # that is no place itself
            if money.targets and not any(ctx.is_a(t, "Place") for t in money.targets):
                ends = [m.j for m in ms if any(m.group is t for t in money.targets)]
                last_j = max(ends, default=j)
                comma = next(
                    (
                        t.i
                        for t in doc[last_j:end]
                        if t.text == "," and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "the"
                    ),
                    end,
                )
                for m in ms:  # not past ", the": "…, the largest financing in Europe"
                    if (last_j <= m.i < comma and m.i - 1 >= 0 and doc[m.i - 1].lower_ == "in"
                            and ctx.is_a(m.group, "Place") and m.group.cls != "Nation"
                            and all(m.group is not t for t in money.targets)):  # fmt: skip
                        money.targets.append(m.group)
                        rules.append("target:place")
                        break
            if money.targets and all(ctx.is_a(t, "Company") for t in money.targets):
                for g in _purpose_places(ctx, ms, doc, j, end):  # "to expand its network in X"
                    if all(g is not t for t in money.targets + money.investors):
                        money.targets.append(g)
                        rules.append("target:purpose-place")
            if not money.investors and not money.targets and _another(doc, i):
                prev = in_sentence[-1] if in_sentence else last
                if prev is not None:
                    money.investors, money.targets = list(prev.investors), list(prev.targets)
                    rules.append("parties:another-package")
            money.rule = "+".join(rules) or "amount"
            if len(money.investors) > 1 and _each(doc, i):
                for g in money.investors[1:]:  # one investment per investor
                    copy = Money(amount, [sent.index], [g], list(money.targets),
                                 money.rule + "+investor:each")  # fmt: skip
                    copy.confidence = 0.8 if money.targets else 0.65
                    extra.append(copy)
                money.investors = money.investors[:1]
                money.rule += "+investor:each"
            money.confidence = 0.8 if money.investors and money.targets else (
                0.65 if money.investors or money.targets else 0.5)  # fmt: skip
            in_sentence.append(money)
        # parts: "This includes $X and $Y" (of the last amount before), "…, including $X"
        for n, money in enumerate(in_sentence):
            i = spans[n][0]
            before = doc[max(i - 3, 0) : i].text.lower()
            whole: Money | None = None
            near = doc[max(i - 8, 0) : i].text.lower()  # "the largest being a tranche of"
            among = n > 0 and ("being" in near or "of which" in near)
            if "including" in before or ("includes" in before and n > 0) or among:
                whole = in_sentence[0] if n > 0 else None
            if whole is None and _of_whole(doc, spans, n + 1) and n + 1 < len(in_sentence):
                whole = in_sentence[n + 1]  # "the first $500 million of its $3 billion"
                money.share_targets = True
            if includes_prev and whole is None:
                whole = last
                money.share_targets = True  # "The package consists of a grant of €X …"
            elif (
                n > 0
                and whole is None
                and in_sentence[n - 1].whole is not None
                and doc[i - 1].lower_ == "and"
            ):
                whole = in_sentence[n - 1].whole
            if whole is not None and whole is not money:
                money.whole = whole
                whole.parts.append(money)
        # "With support from the Government of India …, total investment in the facility will
        # reach $2.75 billion": the total of the investment just before, with the supporters
        for n, money in enumerate(in_sentence):
            i = spans[n][0]
            if (money.investors or last is None or last.sents[-1] != sent.index - 1
                    or "total" not in {t.lower_ for t in doc[:i]}):  # fmt: skip
                continue
            money.investors = list(last.investors)
            for g in _supporters(ctx, doc):
                if all(g is not h for h in money.investors):
                    money.investors.append(g)
            money.targets = list(last.targets)
            money.rule += "+parties:total-of-previous"
        found += in_sentence + extra
        last = in_sentence[0] if in_sentence else last
    for money in found:  # parts and wholes share the parties the text names for one of them
        w = money.whole
        if w is None:
            continue
        if not money.investors and w.investors and not money.payer_named:
            money.investors = list(w.investors)
            money.rule += "+investor:of-whole"
        if not w.investors and money.investors:
            w.investors = list(money.investors)
            w.rule += "+investor:of-part"
        if not money.targets and w.targets and money.share_targets:
            money.targets = list(w.targets)
            money.rule += "+target:of-whole"
    merged = _merge([m for m in found if not m.purchase])
    _tranches(ctx, merged)
    _subsidised(ctx, merged)
    _sentence_targets(ctx, merged)
    return merged


def _tranches(ctx: Context, found: list[Money]) -> None:
    """ "An initial tranche of investments worth $X" names no party: the parties of the other
    tranche the text does name."""

    def tranche(m: Money) -> bool:
        return any("tranche" in ctx.sentences[n].doc.text.lower() for n in m.sents)

    named = [m for m in found if tranche(m) and (m.investors or m.targets) and m.whole is None]
    for m in found:
        if m.investors or m.targets or not tranche(m) or not named:
            continue
        other = min(named, key=lambda o: abs(o.sents[0] - m.sents[0]))
        m.investors, m.targets = list(other.investors), list(other.targets)
        m.rule += "+parties:other-tranche"
        m.confidence = 0.5


#: nouns of money a government gives to a project named before ("incentives of up to $X")
_SUBSIDIES = frozenset({"incentive", "subsidy", "grant", "aid", "award", "support", "guarantee"})


def _subsidised(ctx: Context, found: list[Money]) -> None:
    """Incentives, subsidies or grants with no target go to the project the text placed just
    before ("Panasonic will build a $4 billion factory in De Soto. Kansas has offered
    incentives of up to $829 million"): the targets of the last placed investment."""
    for n, m in enumerate(found):
        if m.targets:
            continue
        sent = ctx.sentences[m.sents[0]]
        if not {t.lemma_.lower() for t in sent.doc} & _SUBSIDIES:
            continue
        before = [o for o in found[:n] if o.targets and o.sents[0] >= m.sents[0] - 4
                  and any(ctx.is_a(t, "Place") for t in o.targets)]  # fmt: skip
        if before:
            m.targets = [t for t in before[-1].targets if all(t is not v for v in m.investors)]
            m.rule += "+target:subsidised-project"


def _parts_of_before(doc: Doc) -> bool:
    """ "The package consists of …", "Of the grant, …": the amounts are parts of the one before."""
    words = [t.lower_ for t in doc[:6]]
    if words[:1] == ["of"] and words[1:2] in (["the"], ["this"], ["that"]) and "," in words:
        return True
    return (
        words[:1] in (["the"], ["this"], ["that"])
        and len(doc) > 2
        and doc[1].lemma_.lower() in _FINANCING | _SUBSIDIES | {"sum", "total", "amount"}
        and doc[2].lemma_.lower() in ("consist", "comprise", "include", "break")
    )


def _first_party_after(ctx: Context, ms: list[Mention], doc: Doc, f: int) -> Mention | None:
    """The first party within a few words after "from" ("from a group of banks, the EIB …")."""
    for m in ms:
        if f + 2 < m.i <= f + 9 and ctx.party(m.group):
            between = doc[f + 1 : m.i]
            if all(t.pos_ in ("DET", "NOUN", "ADJ", "ADP", "PUNCT", "NUM") for t in between):
                return m
            return None
    return None


def _nation_before_aid(ms: list[Mention], doc: Doc, i: int) -> Mention | None:
    """ "German state aid of about €902 million": the nation that gives the aid."""
    for m in ms:
        if m.group.cls != "Nation" or not (m.j < i <= m.j + 5):
            continue
        words = doc[m.j : i]
        if (any(t.lemma_.lower() in _FINANCING | _SUBSIDIES for t in words)
                and all(t.lower_ in _AID_WORDS or t.lemma_.lower() in _FINANCING | _SUBSIDIES
                        for t in words)):  # fmt: skip
            return m
    return None


_AID_WORDS = frozenset({"state", "government", "public", "federal", "of", "'s", "’s", "direct"})


def _possessor_nation(ms: list[Mention], subj: Token) -> list[Group]:
    """ "Japan's public lenders would invest …": the nation that owns an unnamed subject."""
    for c in subj.children:
        if c.dep_ == "poss":
            got = [m.group for m in ms if m.i <= c.i < m.j and m.group.cls == "Nation"]
            if got:
                return got[:1]
    return []


_FIRM_NOUNS = frozenset(
    {"company", "firm", "group", "carmaker", "chipmaker", "consortium", "venture", "operator",
     "lender", "maker", "builder", "shipbuilder", "developer"}
)  # fmt: skip


#: capitals that stand for their governments as the subject of spending ("Ottawa has set aside")
CAPITALS = {
    "Washington": "US", "Ottawa": "CA", "Tokyo": "JP", "Seoul": "KR", "Beijing": "CN",
    "Taipei": "TW", "London": "GB", "Canberra": "AU", "Wellington": "NZ", "New Delhi": "IN",
    "Delhi": "IN", "Manila": "PH", "Hanoi": "VN", "Moscow": "RU", "Kyiv": "UA", "Paris": "FR",
    "Berlin": "DE", "Rome": "IT", "Madrid": "ES", "The Hague": "NL", "Brussels": "BE",
    "Warsaw": "PL", "Stockholm": "SE", "Oslo": "NO", "Helsinki": "FI", "Copenhagen": "DK",
    "Riyadh": "SA", "Abu Dhabi": "AE", "Doha": "QA", "Jakarta": "ID",
    "Singapore": "SG", "Kuala Lumpur": "MY", "Bangkok": "TH", "Brasília": "BR", "Brasilia": "BR",
    "Mexico City": "MX", "Ankara": "TR", "Vilnius": "LT", "Riga": "LV", "Tallinn": "EE",
    "Prague": "CZ", "Vienna": "AT", "Bern": "CH", "Lisbon": "PT", "Athens": "GR",
}  # fmt: skip


def _metonym_nation(ctx: Context, subj: Token) -> list[Group]:
    """A capital or "the Kingdom" as the subject of spending stands for its nation, when the
    text names that nation ("Ottawa, for its part, has set aside C$1.5 billion")."""
    words = [t.text for t in subj.subtree if t.dep_ in ("compound",) or t is subj]
    name = " ".join(words)
    nations = [g for g in ctx.groups if g.cls == "Nation"]
    iso = CAPITALS.get(name) or CAPITALS.get(subj.text)
    if iso is not None:
        got = [g for g in nations if g.entry is not None and g.entry.iso == iso]
        return got[:1]
    if subj.lower_ == "kingdom" and any(c.lower_ == "the" for c in subj.children):
        kingdoms = ("kingdom of", "united kingdom")
        got = [g for g in nations if any(n.lower().startswith(kingdoms) for n in g.names)]
        return got if len(got) == 1 else []
    return []


def _the_firm(ctx: Context, sent: Sentence, subj: Token | None) -> list[Group]:
    """ "The company has raised …": the firm that was the subject just before, or the one the
    text called so ("Lobito Atlantic Railway, the consortium that runs …"); "It has promised
    …" opening a sentence: the subject of the sentence before."""
    if subj is not None and subj.lower_ == "it" and subj.i <= 1 and sent.index > 0:
        prev = ctx.sentences[sent.index - 1]
        root = next((t for t in prev.doc if t.dep_ == "ROOT"), None)
        head = _subject_of(root) if root is not None else None
        if head is None:
            return []
        named = [m.group for m in ctx.mentions(prev) if m.i <= head.i < m.j
                 and ctx.party(m.group)]  # fmt: skip
        return named[:1] or _the_firm(ctx, prev, head)
    if (subj is None or subj.lower_ not in _FIRM_NOUNS
            or not any(c.lower_ == "the" for c in subj.children)):  # fmt: skip
        return []
    for other in reversed(ctx.sentences[max(0, sent.index - 5) : sent.index]):
        od = other.doc
        for m in ctx.mentions(other):
            if (m.j + 2 < len(od) and od[m.j].text == "," and od[m.j + 1].lower_ in ("the", "a")
                    and od[m.j + 2].lower_ == subj.lower_
                    and ctx.is_a(m.group, "Company")):  # fmt: skip
                return [m.group]
    k = sent.index
    for n, other in enumerate((sent, ctx.sentences[k - 1] if k > 0 else None)):
        if other is None:
            continue
        heads = [t for t in other.doc if t.dep_ in ("nsubj", "nsubjpass") and (n or t.i < subj.i)]
        firms = [m.group for t in heads for m in ctx.mentions(other)
                 if m.i <= t.i < m.j and ctx.is_a(m.group, "Company")]  # fmt: skip
        if firms:
            return firms[-1:]
    return []


def _government_nation(ctx: Context, sent: Sentence, subj: Token) -> list[Group]:
    """ "The federal government will provide …": the nation whose government the text named
    last ("the German government"), else the one nation the text names."""
    if subj.lower_ != "government" or not any(c.lower_ == "the" for c in subj.children):
        return []
    if any(c.dep_ in ("poss", "compound", "prep") for c in subj.children):
        return []
    named: Group | None = None
    for s in ctx.sentences[: sent.index + 1]:
        sd = s.doc
        for m in ctx.mentions(s):
            if (m.group.cls == "Nation" and m.j < len(sd)
                    and sd[m.j].lower_ in ("government", "state")):  # fmt: skip
                named = m.group
    if named is not None:
        return [named]
    nations = [g for g in ctx.groups if g.cls == "Nation"]
    return nations if len(nations) == 1 else []


def _sentence_targets(ctx: Context, found: list[Money]) -> None:
    """Money with no party at all goes to the program or place its sentence names."""
    for m in found:
        if m.investors or m.targets:
            continue
        sent = ctx.sentences[m.sents[0]]
        cands = [x.group for x in ctx.mentions(sent) if _target(ctx, x) and x.group.cls != "Nation"]
        if cands:
            m.targets = [cands[0]]
            m.rule += "+target:sentence"
            m.confidence = 0.45


_SPEND = frozenset(
    {"provide", "announce", "plan", "total", "pay", "allocate", "spend", "request", "earmark",
     "give", "offer", "raise", "approve", "commit", "contribute", "finance", "extend",
     "mobilise", "mobilize", "set", "back", "guarantee", "lend", "disburse", "award", "invest",
     "receive", "secure", "obtain", "win", "borrow", "attract", "add", "support", "cover",
     "put", "pour", "inject", "channel"}
)  # fmt: skip
#: verbs whose subject gets the money and whose "from" names who pays ("raised $X from Y")
_RECEIVE = frozenset({"raise", "receive", "secure", "obtain", "win", "borrow", "attract", "get"})


_FINANCING = frozenset(
    {"loan", "grant", "contribution", "funding", "financing", "investment", "package", "aid",
     "assistance", "credit", "budget", "subsidy", "incentive", "guarantee"}
)  # fmt: skip
_ACQUIRE = frozenset({"acquire", "buy", "purchase"})
#: nouns after "X's $N" that make X the one who pays ("Saudi Arabia's $600 billion commitment")
_PLEDGES = _FINANCING | {"commitment", "pledge", "plan", "programme", "program", "fund", "deal"}


#: what an amount can build, named later as "the plant" ("invest $X in the plant")
_FACILITIES = frozenset(
    {"plant", "factory", "fab", "facility", "site", "refinery", "yard", "shipyard", "mine",
     "terminal", "venture", "campus", "complex", "hub", "smelter", "works", "center", "centre",
     "park", "port", "base", "project"}
)  # fmt: skip


def _facility_place(
    ctx: Context, sent: Sentence, ms: list[Mention], j: int, end: int
) -> Group | None:
    """The place of "the plant" an amount goes into ("invest €180 million in the plant"): where
    the sentence goes on to put it ("…, which will build a plant near X") or where an earlier
    sentence put a plant ("a plant in Baisogala")."""
    doc = sent.doc
    k = j
    while k < min(end, j + 4) and doc[k].lower_ not in ("in", "into", "on", "for"):
        k += 1
    if k + 2 >= len(doc) or doc[k + 1].lower_ not in ("the", "this", "that", "a", "an"):
        return None
    definite = doc[k + 1].lower_ not in ("a", "an")
    head = None  # "in the plant", "on a chip assembly and test plant near X"
    for t in doc[k + 2 : min(k + 8, len(doc))]:
        if t.pos_ in ("PUNCT", "VERB", "AUX", "ADP"):
            break
        if t.pos_ == "NOUN" and (definite or t.dep_ != "compound"):
            head = t
            if t.lemma_.lower() in _FACILITIES or definite:
                break
    if head is None or head.lemma_.lower() not in _FACILITIES:
        return None
    if definite and head.lemma_.lower() in _PROGRAMME and ctx_program(ctx) is not None:
        return None  # "to the project": the program the text names (the target rules)
        return None
    if any(m.i > k and m.i <= head.i for m in ms):
        return None  # a name inside the phrase: the target rules had their chance
    for m in ms:  # "…, which will build a battery plant near Jeffersonville"
        if m.i > head.i and doc[m.i - 1].lower_ in ("in", "near", "at") and _place(ctx, m):
            return m.group
    if not definite:
        return None  # "a plant" is new: no earlier sentence placed it
    for s in reversed(ctx.sentences[max(0, sent.index - 4) : sent.index]):
        sd = s.doc
        nation = None  # "open a factory in the United Kingdom": the nation, if nothing nearer
        for m in ctx.mentions(s):
            near = sd[max(0, m.i - 10) : m.i - 1]
            if (m.i >= 2 and sd[m.i - 1].lower_ in ("in", "near", "at")
                    and (any(t.lemma_.lower() in _FACILITIES for t in near)
                         or _facility_above(sd[m.i - 1]))):  # fmt: skip
                if _place(ctx, m):
                    return m.group
                if m.group.cls == "Nation" and nation is None:
                    nation = m.group
        if nation is not None:
            return nation
    return None


def _facility_above(prep: Token) -> bool:
    """Whether a place's preposition hangs under a plant noun ("a factory that X plans to
    build near Heide")."""
    return any(a.pos_ == "NOUN" and a.lemma_.lower() in _FACILITIES for a in prep.ancestors)


def _place(ctx: Context, m: Mention) -> bool:
    return ctx.is_a(m.group, "Place") and m.group.cls != "Nation"


def _governing_verb(head: Token) -> Token | None:
    """The verb whose subject invests an amount: the first invest/spend verb above it, or the
    verb over a financing noun ("JICA agreed a loan of ¥60 billion") or over what it builds
    ("Amkor is opening a $1.6 billion factory")."""
    financing = False
    for a in [head, *head.ancestors]:
        words = {a.lemma_.lower()} | {c.lemma_.lower() for c in a.children if c.dep_ == "compound"}
        if a.pos_ == "NOUN" and words & _FINANCING:  # "a loan", "loan agreements"
            financing = True
        if (a.pos_ == "NOUN" and a.lemma_.lower() in _FACILITIES - {"project", "base", "park"}
                and a.i > head.i and a.dep_ in ("dobj", "attr")):  # fmt: skip
            financing = True
        if a.pos_ in ("VERB", "AUX"):
            if a.lemma_.lower() in INVEST_WORDS | _SPEND | _ACQUIRE or financing:
                return a
            if a.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "relcl", "acl"):
                return None
    return None


def _unique_groups(groups: list[Group]) -> list[Group]:
    out: list[Group] = []
    for g in groups:
        if all(g is not h for h in out):
            out.append(g)
    return out


def _nation_for(ctx: Context, g: Group) -> Group:
    """An agency or armed service stands, as an investment's target, for its nation (the
    contract takes places, companies, systems and programs as targets, not agencies)."""
    if g.cls == "Nation" or not any(ctx.is_a(g, c) for c in ("Agency", "MilitaryService")):
        return g
    from .relations import _nation_named

    nations = [n for n in ctx.groups if n.cls == "Nation"]
    for name in [g.label, *g.names]:
        words = name.split()
        for a in range(len(words)):
            for b in range(min(len(words), a + 4), a, -1):
                n = _nation_named(ctx, nations, " ".join(words[a:b]))
                if n is not None:
                    return n
    return g


def _recipients(
    ctx: Context, ms: list[Mention], doc: Doc, j: int, end: int, prep: str = "to"
) -> list[Group]:
    """The parties after "to" ("for") between tokens j and end, agencies as their nations."""
    for k in range(j, end):
        if doc[k].lower_ != prep:
            continue
        picked = _after(ms, k, end, doc)
        groups = [m.group for m in picked if m.group is not None and ctx.party(m.group)
                  and m.group.cls != "Person"]  # fmt: skip
        groups = [_nation_for(ctx, g) for g in groups]
        groups = [g for g in groups if g.cls == "Nation" or _target_group(ctx, g)]
        if groups:
            return _unique_groups(groups)
    return []


def _target_group(ctx: Context, g: Group) -> bool:
    return any(ctx.is_a(g, c) for c in ("Company", "Place", "Program", "System"))


def _owner_of_program(ctx: Context, ms: list[Mention], subj: Token) -> list[Group]:
    """ "Japan's Official Security Assistance program paid …" → Japan."""
    inside = [m for m in ms if subj.left_edge.i <= m.i <= subj.right_edge.i]
    if any(ctx.is_a(m.group, "Program") for m in inside):
        owners = [m.group for m in inside if m.group.cls == "Nation"]
        doc = subj.doc
        owners += [m.group for m in inside if ctx.party(m.group) and m.j < len(doc)
                   and doc[m.j].text in ("’s", "'s")]  # fmt: skip
        return owners[:1]
    return []


def _coordinated(ms: list[Mention], doc: Doc, m: Mention) -> list[Mention]:
    """`m` and the mentions listed after it with commas and "and" ("Barclays and MUFG")."""
    out = [m]
    cur = m
    while cur.j < len(doc) and doc[cur.j].text in (",", "and"):
        k = cur.j + 1
        if k < len(doc) and doc[k].text == "and":
            k += 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        nxt = next((x for x in ms if x.i == k), None)
        if nxt is None:
            break
        out.append(nxt)
        cur = nxt
    return out


def _each(doc: Doc, i: int) -> bool:
    """ "France and Italy will each contribute €1.2bn": every investor gives the amount."""
    return any(t.lower_ == "each" for t in doc[max(i - 6, 0) : i])


def _another(doc: Doc, i: int) -> bool:
    """ "a second package of ¥X", "another tranche of $Y"."""
    before = [t.lower_ for t in doc[max(i - 6, 0) : i]]
    return any(w in ("second", "third", "another", "further", "additional") for w in before)


def _agent_of_noun(noun: Token) -> Token | None:
    """Who a noun's action is by: "a pledge by the Republic of Korea", "Korea's pledge"."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            pobj = [x for x in c.children if x.dep_ == "pobj"]
            if pobj:
                return pobj[0]
        if c.dep_ == "poss":
            return c
    return None


def _dateline_end(doc: Doc) -> int:
    """The token after a dateline ("SEOUL, South Korea - …"), else 0."""
    for t in doc[:14]:
        spaced = t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_  # not "Export-Import"
        if t.text in ("-", "—", "–") and spaced and any(x.text.isupper() and len(x.text) > 2
                                             for x in doc[: t.i]):  # fmt: skip
            return t.i + 1
    return 0


def _supporters(ctx: Context, doc: Doc) -> list[Group]:
    """The nations a "with support from …" phrase names ("the Government of India")."""
    import re

    m = re.search(r"\bsupport from (.+?)(?:,|$)", doc.text)
    if m is None:
        return []
    span = m.group(1)
    return [g for g in ctx.groups if g.cls == "Nation"
            and re.search(rf"\b{re.escape(g.label)}\b", span)]  # fmt: skip


def _clause_verb(doc: Doc, i: int) -> Token | None:
    """The invest / spend verb before an amount in its clause, when the parse does not put the
    amount under it ("… program paid for radars for the Navy worth about ¥600 million")."""
    for k in range(i - 1, -1, -1):
        t = doc[k]
        if t.text == ";" or (t.text == "," and k + 1 < len(doc) and doc[k + 1].lower_ == "and"):
            return None
        if t.pos_ == "VERB" and t.lemma_.lower() in INVEST_WORDS | _SPEND | _ACQUIRE:
            return t
    return None


def _of_whole(doc: Doc, spans: list[tuple[int, int, Amount]], n: int) -> bool:
    """Whether amount n follows "of its / of the" right after amount n-1 (its whole)."""
    if n <= 0 or n >= len(spans):
        return False
    between = doc[spans[n - 1][1] : spans[n][0]].text.lower().split()
    return between[:1] == ["of"] and len(between) <= 2


def _clause_end(doc: Doc, j: int, end: int) -> int:
    """Where the clause after an amount ends: "…, and", "…; ", "…, which"."""
    for k in range(j, end):
        t = doc[k]
        nxt = doc[k + 1].lower_ if k + 1 < len(doc) else ""
        if t.text == ";" or (t.text == "," and nxt in ("and", "but", "which", "while")):
            return k
    return end


_PROGRAMME = ("programme", "program", "project", "initiative")


def _programme_anaphor(doc: Doc, k: int) -> bool:
    """ "to the programme": a definite reference to the program the text is about."""
    return (
        k + 2 < len(doc)
        and doc[k + 1].lower_ == "the"
        and doc[k + 2].lower_ in _PROGRAMME
        and not (k + 3 < len(doc) and doc[k + 3].pos_ == "PROPN")
    )


def _named_after(sub: Group, parent: Group) -> bool:
    """Whether a firm is named after another ("TSMC Arizona" after TSMC): its subsidiary."""
    if not sub.cls or sub.cls == "Nation":
        return False
    names = {n for n in (parent.label, *parent.names) if n}
    return any(n.startswith(p + " ") and n != p for n in (sub.label, *sub.names) for p in names)


def _under_program(ctx: Context, ms: list[Mention], doc: Doc, j: int, end: int) -> Group | None:
    """The program an amount is spent under ("under a plan called Project Beethoven")."""
    for t in doc[j:end]:
        if t.lower_ == "under":
            m = next((x for x in ms if t.i < x.i <= t.i + 5), None)
            if m is not None and ctx.is_a(m.group, "Program") and m.group.cls != "Topic":
                return m.group
    return None


def _provided_with(ctx: Context, ms: list[Mention], verb: Token | None, i: int) -> list[Group]:
    """ "provide Vietnam with an additional $12 million": the party given the money."""
    if verb is None or verb.lemma_.lower() not in ("provide", "supply", "equip", "furnish"):
        return []
    with_ = next((c for c in verb.children if c.lower_ == "with" and c.i < i), None)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i < i), None)
    if with_ is None or obj is None:
        return []
    got = [m.group for m in ms if obj.left_edge.i <= m.i <= obj.right_edge.i]
    got = [_nation_for(ctx, g) for g in got if ctx.party(g) or _target_group(ctx, g)]
    return _unique_groups([g for g in got if g.cls == "Nation" or _target_group(ctx, g)])


def _listed_after_appositive(
    ctx: Context, ms: list[Mention], subj: Token, parties: list[Group]
) -> list[Group]:
    """ "ADQ, an Abu Dhabi investor, and Energy Capital Partners will form …": the parser hangs
    the second party on the appositive; it is a subject too."""
    out: list[Group] = []
    for a in subj.children:
        if a.dep_ != "appos" or a.pos_ != "NOUN":
            continue
        for c in a.children:
            if c.dep_ == "conj":
                got = [m.group for m in ms if c.left_edge.i <= m.i <= c.right_edge.i]
                out += [g for g in got if ctx.party(g) and all(g is not p for p in parties)]
    return _unique_groups(out)


_MEMBER_NOUNS = frozenset({"partner", "member", "backer", "shareholder", "founder", "participant"})


def _whose_partners(
    ctx: Context, ms: list[Mention], verb: Token | None
) -> tuple[list[Group], Group] | None:
    """ "MGX joined OpenAI and Oracle as partners of Stargate, a project whose partners have
    pledged $100 billion": the partners the sentence names pay, into the project."""
    if verb is None or verb.dep_ != "relcl":
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if (subj is None or subj.lemma_.lower() not in _MEMBER_NOUNS
            or not any(c.lower_ == "whose" for c in subj.children)):  # fmt: skip
        return None
    head = verb.head
    while head.dep_ == "appos" and head.head is not head:
        head = head.head
    project = next((m for m in ms if m.i <= head.i < m.j and _target(ctx, m)), None)
    root = head.sent.root
    if project is None:
        return None
    spans = [c for c in root.children if c.dep_ in ("nsubj", "dobj")]
    described = [a for c in spans for a in c.subtree if a.dep_ == "appos" and a.pos_ == "NOUN"]

    def within(m: Mention, toks: list[Token]) -> bool:
        return any(t.left_edge.i <= m.i <= t.right_edge.i for t in toks)

    investors = [m.group for m in ms if ctx.party(m.group) and m.group is not project.group
                 and within(m, spans) and not within(m, described)]  # fmt: skip
    investors = _unique_groups(investors)
    return (investors, project.group) if len(investors) >= 2 else None


def _relative_antecedent(ctx: Context, ms: list[Mention], verb: Token | None) -> Group | None:
    """What a relative clause of the amount's verb is about: "Bien Hoa Air Base, a project to
    which the United States has committed $X", "in Sparks, Nevada, where it has invested $Y"."""
    if verb is None or verb.dep_ != "relcl":
        return None
    rel = [
        c
        for c in verb.children
        if c.lower_ == "where"
        or (
            c.lower_ in ("to", "in", "into", "for") and any(x.lower_ == "which" for x in c.children)
        )
    ]
    if not rel:
        return None
    head = verb.head
    while head.dep_ == "appos" and head.head is not head:
        head = head.head  # "Sparks, Nevada" → Sparks; "Bien Hoa Air Base, a project" → the base
    m = next((x for x in ms if x.i <= head.i < x.j), None)
    return m.group if m is not None and _target(ctx, m) else None


def _purpose_places(ctx: Context, ms: list[Mention], doc: Doc, j: int, end: int) -> list[Group]:
    """Where a firm will use the money: "… for Africell to expand its network in Angola and
    the Congo" (the places after "to <verb> its <noun> in")."""
    for t in doc[j:end]:
        if t.lower_ != "to" or t.i + 1 >= len(doc) or doc[t.i + 1].pos_ != "VERB":
            continue
        window = doc[t.i + 2 : min(t.i + 9, end)]
        own = next((w for w in window if w.lower_ in ("its", "their")), None)
        where = next((w for w in window if own is not None and w.i > own.i
                      and w.lower_ == "in"), None)  # fmt: skip
        if where is None:
            return []
        picked = [m for m in _after(ms, where.i, end, doc) if ctx.is_a(m.group, "Place")]
        more = [m for m in ms if m.i > where.i and m.i < end and ctx.is_a(m.group, "Place")
                and doc[m.i - 1].lower_ in ("and", "the") and m not in picked
                and all(m.i - p.j <= 3 for p in picked[-1:])]  # fmt: skip
        return _unique_groups([m.group for m in picked + more])
    return []


def _definite_named(ctx: Context, sent: Sentence, doc: Doc, k: int) -> Group | None:
    """ "on the line", "for the corridor": the target named before whose name ends in that noun
    (the Benguela line, the Lobito Corridor), the one mentioned last."""
    if k + 2 >= len(doc) or doc[k + 1].lower_ != "the" or doc[k + 2].pos_ != "NOUN":
        return None
    if k + 3 < len(doc) and doc[k + 3].pos_ in ("PROPN", "NOUN"):
        return None  # "the line extension", "the programme Horizon"
    noun = doc[k + 2].lower_
    best: tuple[int, int] | None = None
    found: Group | None = None
    for g in ctx.groups:
        if not g.cls or g.cls == "Nation" or not _target_group(ctx, g):
            continue
        if not any(n.lower().split()[-1:] == [noun] and len(n.split()) > 1
                   for n in (g.label, *g.names)):  # fmt: skip
            continue
        seen = [(m.sent, m.i) for m in g.mentions if m.sent <= sent.index]
        if seen and (best is None or max(seen) > best):
            best, found = max(seen), g
    return found


def ctx_program(ctx: Context) -> Group | None:
    """The program a text mentions most, if any."""
    progs = [g for g in ctx.groups if g.cls and ctx.is_a(g, "Program")]
    if not progs:
        return None
    return max(progs, key=lambda g: len(g.mentions))


def _antecedent(ctx: Context, sent: Sentence, ms: list[Mention], verb: Token) -> Token | None:
    """What "it" / "they" stands for: the subject of an earlier clause of the sentence that
    names a party ("Australia confirmed that it will contribute …"); in reported speech, the
    one who speaks ("…, and Nammo said it could invest …")."""
    cur = verb
    while cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
        cur = cur.head
    if cur.dep_ == "ccomp":
        sayer = next((c for c in cur.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if sayer is not None and any(
            sayer.left_edge.i <= m.i <= sayer.right_edge.i and ctx.party(m.group) for m in ms
        ):
            return sayer
    for t in sent.doc[: verb.i]:
        if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in ("it", "they", "we"):
            span = [m for m in ms if t.left_edge.i <= m.i <= t.right_edge.i and ctx.party(m.group)]
            if span:
                return t
    return None


def _after(ms: list[Mention], k: int, end: int, doc: Doc | None = None) -> list[Mention]:
    """The mentions right after token k, within a few words, and those coordinated with them."""
    out = [m for m in ms if k < m.i < end]
    if not out:
        return []
    first = out[0]
    if first.i - k > 8:
        return []
    picked = [first]
    last = first
    for m in out[1:]:
        if m.i - last.j > 2:
            break
        last = m
        if doc is not None and doc[m.i - 1].lower_ == "in" and picked[-1].j == m.i - 1:
            continue  # "Basa Air Base in Pampanga": Pampanga only locates the base
        if (doc is not None and doc[m.i - 1].text == "," and m.group is not None
                and m.group.cls == "Nation" and picked[-1].group is not None
                and picked[-1].group.cls != "Nation"):  # fmt: skip
            last = m
            continue  # "a plant in Kiel, Germany": the nation only locates it
        picked.append(m)
    return picked


def _possessed(doc: Doc, owner: Mention, m: Mention) -> bool:
    """Whether `m` is what `owner` possesses ("Shell's Northern Lights project"), not a name
    further on ("Rolls-Royce's reactor production in Derby": Derby only places it)."""
    return owner.j < m.i <= owner.j + 4 and all(
        t.pos_ != "ADP" and t.text != "," for t in doc[owner.j + 1 : m.i]
    )


def _target(ctx: Context, m: Mention) -> bool:
    g = m.group
    return g is not None and any(ctx.is_a(g, c) for c in ("Company", "Place", "Program", "System"))


def _merge(found: list[Money]) -> list[Money]:
    """One investment per amount stated more than once with compatible parties."""
    out: list[Money] = []
    for money in found:
        same = next(
            (
                o
                for o in out
                if o.amount.value == money.amount.value
                and o.amount.currency == money.amount.currency
                and _compatible(o.investors, money.investors)
                and _compatible(o.targets, money.targets)  # "$1 billion in the UAE … in Kenya"
                and (o.whole is None or money.whole is None or o.whole is money.whole
                     or o.whole.amount.value == money.whole.amount.value)
            ),
            None,
        )  # fmt: skip
        if same is None:
            out.append(money)
            continue
        same.sents += [s for s in money.sents if s not in same.sents]
        for g in money.investors:
            if all(g is not h for h in same.investors):
                same.investors.append(g)
        for g in money.targets:
            if all(g is not h for h in same.targets):
                same.targets.append(g)
        if money.amount.qualifier and not same.amount.qualifier:
            same.amount = money.amount
        same.confidence = max(same.confidence, money.confidence)
        same.rule = "+".join(dict.fromkeys((same.rule + "+" + money.rule).split("+")))
        for p in money.parts:
            p.whole = same
            if p not in same.parts:
                same.parts.append(p)
        if money.whole is not None and same.whole is None:
            same.whole = money.whole
    for money in out:  # parts of merged wholes point at the survivor
        if money.whole is not None and money.whole not in out:
            money.whole = next(
                (o for o in out if money.whole in (o,) or money.whole.amount == o.amount), None
            )
    return out


def _compatible(a: list[Group], b: list[Group]) -> bool:
    return not a or not b or any(x is y for x in a for y in b)
