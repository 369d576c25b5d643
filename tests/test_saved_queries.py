"""Each saved query answers its question on the example document (the real answers).

The queries run in this process on `example_store` (opened once for the module), not in a child
process each: these tests are about the answers; tests/test_query.py covers the child process.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.project import Project
from alliance_kg.query import find_saved, run_query, run_saved, saved_queries
from alliance_kg.store import open_store

from .conftest import DOC_TEXT, ROOT

DOE = "https://w3id.org/alliance-kg/id/us-department-of-energy"
MEXT = "https://w3id.org/alliance-kg/id/ministry-of-education-culture-sports-science-and-technology"
ARGONNE = "https://w3id.org/alliance-kg/id/argonne-national-laboratory"
RIKEN = "https://w3id.org/alliance-kg/id/riken"
FUJITSU = "https://w3id.org/alliance-kg/id/fujitsu"
NVIDIA = "https://w3id.org/alliance-kg/id/nvidia"
BILLION = Decimal(10) ** 9

Run = Callable[..., list[dict]]  # the `run` fixture


@pytest.fixture(scope="module")
def run(example: Project, example_store: ox.Store) -> Run:
    """`run(NAME, **params)`: the rows of the example project's saved query NAME."""

    def run(query: str, **params: str) -> list[dict]:
        return run_saved(example_store, find_saved(example.queries, query), params).rows

    return run


def test_every_saved_query_has_a_header_and_runs_as_is(example: Project) -> None:
    """The raw file text (example values, own PREFIXes) runs in a plain pyoxigraph store.

    Over the store's default graph, the build's distinct union of every graph, as the CLI reads
    it (`child.graph_options`); ``use_default_graph_as_union`` would add the named graphs to that
    copy, read every triple twice and take 45 s over `statements-about` for the same rows."""
    queries = saved_queries(ROOT / "queries")
    assert len(queries) >= 15
    with open_store(example.store) as store:
        assert next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        for q in queries:
            assert q.title and q.description, q.name
            rows = list(store.query(q.text))
            assert rows, f"{q.name} returns nothing with its example values"


@pytest.mark.parametrize(
    "query", [q for q in saved_queries(ROOT / "queries") if q.parameters], ids=lambda q: q.name
)
def test_binding_the_examples_gives_the_as_is_answer(example_store: ox.Store, query) -> None:
    """Parameters bound by substitution mean exactly what the VALUES line means (`run_saved`
    binds IRI examples by substitution too: the file's own text is the reference here)."""
    as_is = run_query(example_store, query.text).rows
    params = {p.name: p.example for p in query.parameters if p.type != "string"}
    params |= {p.name: p.example.strip("\"'") for p in query.parameters if p.type == "string"}
    bound = run_saved(example_store, query, params).rows
    assert bound == as_is and as_is


def test_collaboration_chain_doe_to_nvidia(run: Run) -> None:
    rows = run("collaboration-chain", **{"from": "Department of Energy", "to": "Nvidia"})
    paths = {
        (r["length"], tuple(r.get(v) for v in ("via1", "via2", "via3") if v in r)) for r in rows
    }
    assert min(r["length"] for r in rows) == 2
    assert (2, (ARGONNE,)) in paths
    assert (3, (MEXT, RIKEN)) in paths and (3, (MEXT, FUJITSU)) in paths
    assert all(len(vias) == length - 1 for length, vias in paths)
    via = {v for _, vias in paths for v in vias}
    assert via == {MEXT, ARGONNE, RIKEN, FUJITSU}
    assert rows[0]["path"] == "U.S. Department of Energy → Argonne National Laboratory → NVIDIA"


def test_q1_organisations_linking_doe_to_nvidia(run: Run) -> None:
    rows = run("linking-organisations", **{"from": "DOE", "to": "NVIDIA"})
    assert {r["organisation"] for r in rows} == {MEXT, ARGONNE, RIKEN, FUJITSU}
    assert {r["label"]: r["shortest"] for r in rows}["Argonne National Laboratory"] == 2


def test_agreements_signatories_and_subjects(run: Run) -> None:
    rows = {r["label"]: r for r in run("agreements")}
    assert len(rows) == 6
    soi = rows["DOE-MEXT Statement of Intent on AI, HPC and quantum"]
    assert set(soi["signatories"].split("; ")) == {
        "U.S. Department of Energy",
        "Ministry of Education, Culture, Sports, Science and Technology",
    }
    assert set(soi["concerns"].split("; ")) == {
        "artificial intelligence",
        "high-performance computing",
        "quantum technologies",
    }
    assert set(soi["participants"].split("; ")) == {
        "Argonne National Laboratory",
        "RIKEN",
        "Fujitsu",
        "NVIDIA",
    }
    assert rows["Memorandum of Cooperation on National Parks"]["concerns"] == "National Parks"


def test_q4_agreements_concerning_critical_minerals(run: Run) -> None:
    labels = {r["label"] for r in run("agreements-concerning", subject="critical minerals")}
    assert labels == {
        "Critical Minerals Action Plan",
        "Memorandum of Cooperation on deep-sea critical minerals",
    }


def test_investments_amounts_qualifiers_and_parts(run: Run) -> None:
    rows = {r["label"]: r for r in run("investments")}
    assert len(rows) == 5
    second = next(r for label, r in rows.items() if label.startswith("Second tranche"))
    assert (second["amount"], second["currency"], second["qualifier"]) == (73 * BILLION, "USD",
                                                                           "up to")  # fmt: skip
    assert second["amountUSD"] == 73 * BILLION
    assert second["total"] is True and second["investors"] == "Japan"
    gevh = next(r for label, r in rows.items() if label.startswith("GE Vernova Hitachi"))
    assert gevh["amount"] == 40 * BILLION and gevh["investors"] == "GE Vernova Hitachi"
    assert gevh["qualifier"] == "up to"  # "$40 billion" of an "up to" total: a ceiling too
    assert set(gevh["targets"].split("; ")) == {"Tennessee", "Alabama"}
    assert gevh["partOf"] == second["label"] and gevh["total"] is False
    initial = next(r for label, r in rows.items() if label.startswith("Initial tranche"))
    assert "qualifier" not in initial  # stated exactly


def test_q2_second_tranche_is_73_billion_from_40_plus_33(run: Run) -> None:
    (row,) = run("investment-breakdown")
    assert row["label"].startswith("Second tranche")
    assert row["amount"] == row["sumOfParts"] == 73 * BILLION == 40 * BILLION + 33 * BILLION
    assert (row["currency"], row["parts"], row["qualifier"]) == ("USD", 2, "up to")
    assert "remainder" not in row  # the parts cover the total: nothing more is counted
    assert "(up to 40000000000 USD)" in row["breakdown"]
    assert "(up to 33000000000 USD)" in row["breakdown"]


def test_investment_totals_count_each_amount_once_and_keep_hedges_apart(run: Run) -> None:
    rows = run("investment-totals")
    totals = {(r["dimension"], r["groupLabel"], r.get("qualifier")): r for r in rows}
    assert {r["currency"] for r in rows} == {"USD"}
    # Japan: the initial tranche (36, exact) and the gas part (33) of the "up to" second tranche;
    # the $40 bn reactors part is GE Vernova Hitachi's. Never one number of 69 or 109.
    assert totals["investor", "Japan", None]["amount"] == 36 * BILLION
    assert totals["investor", "Japan", "up to"]["amount"] == 33 * BILLION
    assert totals["investor", "GE Vernova Hitachi", "up to"]["amount"] == 40 * BILLION
    assert totals["investor", "(not named)", "over"]["amount"] == 50 * BILLION
    assert totals["nation", "United States", "up to"]["amount"] == 73 * BILLION
    tennessee = totals["location", "Tennessee", "up to"]
    assert tennessee["amount"] == 40 * BILLION and tennessee["shared"] is True
    assert totals["location", "Alabama", "up to"]["shared"] is True
    assert totals["location", "United States", None]["shared"] is False
    # energy: the forum's "over 50" and the second tranche's "up to 73", apart
    assert totals["sector", "energy", "over"]["amount"] == 50 * BILLION
    assert totals["sector", "energy", "up to"]["amount"] == 73 * BILLION
    grand = {r.get("qualifier"): r["amount"] for r in rows if r["dimension"] == "total"}
    assert grand == {None: 36 * BILLION, "over": 50 * BILLION, "up to": 73 * BILLION}
    assert all(not r["shared"] for r in rows if r["dimension"] == "total")


def test_q6_second_tranche_locations(run: Run) -> None:
    rows = run("investment-locations")
    assert {(r["locationLabel"], r["concernsLabel"]) for r in rows} == {
        ("Tennessee", "small modular reactors"),
        ("Alabama", "small modular reactors"),
        ("Pennsylvania", "natural gas generation"),
        ("Texas", "natural gas generation"),
    }
    amounts = {(r["locationLabel"], r["amount"], r["qualifier"], r["shared"]) for r in rows}
    assert amounts == {
        ("Tennessee", 40 * BILLION, "up to", True),
        ("Alabama", 40 * BILLION, "up to", True),
        ("Pennsylvania", 33 * BILLION, "up to", True),
        ("Texas", 33 * BILLION, "up to", True),
    }


def test_commitments_per_party(run: Run) -> None:
    rows = run("commitments")
    by_party: dict[str, set[str]] = {}
    for r in rows:
        by_party.setdefault(r["partyLabel"], set()).update(r["concerns"].split("; "))
    assert {"defense budget", "Standard Missile 3 Block IIA", "inbound investment screening"} <= (
        by_party["Japan"]
    )
    assert "visa processing" in by_party["United States"]
    assert "visa processing" not in by_party["Japan"]
    hedged = {r["label"] for r in rows if r["hedged"]}
    assert any("inbound investment" in label for label in hedged)


def test_systems_producers_deployers_and_places(run: Run) -> None:
    rows = {r["label"]: r for r in run("systems")}
    typhon = rows["Typhon missile system"]
    assert typhon["deployers"] == "United States" and typhon["locatedIn"] == "Japan"
    assert typhon["country"] == "United States" and typhon["producers"] == ""
    assert set(rows["Standard Missile 3 Block IIA"]["producers"].split("; ")) == {
        "United States",
        "Japan",
    }


def test_q3_systems_japan_helps_produce(run: Run) -> None:
    rows = {r["label"]: r for r in run("systems-produced-by", party="Japanese")}
    assert {"AIM-120 AMRAAM", "Standard Missile 3 Block IIA"} <= set(rows)
    assert "Typhon missile system" not in rows
    assert rows["AIM-120 AMRAAM"]["hedged"] is True
    assert rows["Standard Missile 3 Block IIA"]["hedged"] is False


def test_q5_japanese_organisations_in_ai_cooperation(run: Run) -> None:
    rows = run("parties-by-topic-and-nation", topic="AI", nation="Japan")
    assert {r["organisation"] for r in rows} == {MEXT, RIKEN, FUJITSU}


def test_statements_about_an_entity_point_at_the_text(run: Run) -> None:
    rows = run("statements-about", entity="RIKEN")
    text = DOC_TEXT.read_text(encoding="utf-8")
    assert {(r["subjectLabel"], r["property"], r["objectLabel"]) for r in rows} >= {
        ("RIKEN", "collaborates with", "NVIDIA"),
        ("Argonne National Laboratory", "collaborates with", "RIKEN"),
        ("RIKEN", "country", "Japan"),
        ("RIKEN", "type", "Research institute"),
    }
    for r in rows:
        assert r["document"] == "us-japan-alliance-summit"
        assert text[r["start"] : r["end"]] == r["quote"]
        assert r["quote"] in r["sentence"]


def test_cross_border_links(run: Run) -> None:
    links = {(r["subjectLabel"], r["property"], r["objectLabel"]) for r in run("cross-border")}
    assert ("U.S. Department of Energy", "collaborates with", MEXT_LABEL) in links
    assert ("Argonne National Laboratory", "collaborates with", "RIKEN") in links
    assert ("Typhon missile system", "located in", "Japan") in links
    assert ("United States", "collaborates with", "Japan") in links
    assert (MEXT_LABEL, "collaborates with", "RIKEN") not in links  # both Japanese
    for r in run("cross-border"):
        assert r["subjectNation"] != r["objectNation"]
    # leaders belong to the nation they lead (ak:leaderOf), so the Prime Minister's part in a
    # summit held in the United States crosses a border
    assert ("Sanae Takaichi", "participates in", SUMMIT) in links


SUMMIT = "Trump-Takaichi summit at the White House"


def test_queries_that_need_an_entity_nation_use_the_saved_definition(run: Run) -> None:
    """cross-border and parties-by-topic-and-nation embed the `nations` query's definition."""
    nations: dict[str, set[str]] = {}
    for r in run("nations"):
        nations.setdefault(r["entity"], set()).add(r["nationLabel"])
    assert nations[
        "https://w3id.org/alliance-kg/id/donald-j-trump"
    ] == {"United States"}  # fmt: skip
    rows = run("cross-border")
    assert rows
    for r in rows:
        assert r["subjectNation"] in nations[r["subject"]]
        assert r["objectNation"] in nations[r["object"]]
    for r in run("parties-by-topic-and-nation", topic="AI", nation="Japan"):
        assert "Japan" in nations[r["organisation"]]


MEXT_LABEL = "Ministry of Education, Culture, Sports, Science and Technology"


@pytest.mark.parametrize("name", ["DOE", "department of energy", "U.S. DEPARTMENT OF ENERGY"])
def test_lookup_is_case_insensitive(run: Run, name: str) -> None:
    rows = run("lookup", name=name)
    assert [r["entity"] for r in rows] == [DOE]
    assert "DOE" in rows[0]["aliases"].split("; ")


def test_lookup_of_an_unknown_name_is_empty(run: Run) -> None:
    assert run("lookup", name="Ministry of Magic") == []


def test_saved_query_accepts_prebuilt_terms_in_process(example: Project) -> None:
    """The Python API also runs on an open Store (in-process) with terms instead of names."""
    q = find_saved(Path(example.queries), "linking-organisations")
    with open_store(example.store) as store:
        rows = run_saved(store, q, {"from": ox.NamedNode(DOE), "to": ox.NamedNode(NVIDIA)}).rows
    assert {r["organisation"] for r in rows} == {MEXT, ARGONNE, RIKEN, FUJITSU}


def test_every_ontology_term_a_saved_query_uses_exists() -> None:
    """A misspelt ak: term would silently match nothing; check each against the ontology."""
    import re

    from alliance_kg.ontology import load_vocabulary

    vocab = load_vocabulary(ROOT / "ontology" / "alliance.ttl")
    known = vocab.classes | vocab.object_properties | vocab.datatype_properties
    for q in saved_queries(ROOT / "queries"):
        body = "\n".join(line for line in q.text.splitlines() if not line.startswith("#"))
        used = set(re.findall(r"\bak:([A-Za-z]\w*)", body))
        used |= set(re.findall(r"<https://w3id\.org/alliance-kg/ontology#(\w+)>", body))
        assert used <= known, f"{q.name}: unknown terms {sorted(used - known)}"
