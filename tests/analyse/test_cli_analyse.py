"""`alliance-kg analyse …` end to end on the built example, every verb and format."""

from __future__ import annotations

import csv
import io
import json

from .conftest import Example


def run(cli, example: Example, *args: str):
    return cli("analyse", *args, "--project", str(example.project.root))


def test_path_table_shows_the_chain_and_its_evidence(cli, example: Example) -> None:
    result = run(cli, example, "path", "DOE", "nvidia")
    assert result.code == 0, result.err
    assert (
        "U.S. Department of Energy -[collaboratesWith]-> Ministry of Education, Culture, Sports, "
        "Science and Technology -[collaboratesWith]-> RIKEN -[collaboratesWith]-> NVIDIA"
    ) in result.out
    assert "Further collaboration will occur" in result.out


def test_path_json_and_csv(cli, example: Example) -> None:
    data = json.loads(run(cli, example, "path", "DOE", "NVIDIA", "--format", "json").out)
    assert data["shortest_length"] == 2
    assert data["paths"][0]["hops"][0]["sentence"].startswith("Further collaboration")
    rows = list(csv.DictReader(io.StringIO(run(cli, example, "path", "DOE", "NVIDIA", "-f",
                                               "csv").out)))  # fmt: skip
    assert rows[0]["from"] == "U.S. Department of Energy" and rows[0]["relation"]


def test_path_all_with_max_length(cli, example: Example) -> None:
    data = json.loads(
        run(cli, example, "path", "DOE", "NVIDIA", "--all", "--max-length", "3", "-f", "json").out
    )
    assert {p["length"] for p in data["paths"]} == {2, 3} and not data["truncated"]


def test_unknown_entity_is_one_error_line_with_suggestions(cli, example: Example) -> None:
    result = run(cli, example, "path", "DOE", "NVIDA")
    assert result.code == 2
    assert result.err.startswith("error: no entity is named 'NVIDA'; did you mean")
    assert "Traceback" not in result.err


def test_bad_class_filter_is_one_error_line(cli, example: Example) -> None:
    result = run(cli, example, "centrality", "--class", "Agencyy")
    assert result.code == 2 and "did you mean Agency" in result.err


def test_money_default_table_and_json(cli, example: Example) -> None:
    table = run(cli, example, "money")
    assert table.code == 0, table.err
    assert "up to $73,000,000,000" in table.out and "TOTAL" in table.out
    rows = json.loads(run(cli, example, "money", "--by", "location", "-f", "json").out)
    tennessee = next(r for r in rows if r["location"] == "Tennessee")
    assert tennessee["shared"] == "up to $40,000,000,000 shared with Alabama"


def test_centrality_brokers_communities_ego(cli, example: Example) -> None:
    top = json.loads(run(cli, example, "centrality", "--top", "2", "-f", "json").out)
    assert [r["label"] for r in top] == ["Japan", "United States"]
    by_class = json.loads(run(cli, example, "centrality", "--by-class", "--top", "1", "-f",
                              "json").out)  # fmt: skip
    assert len({r["core"] for r in by_class}) == len(by_class) > 5
    brokers = json.loads(run(cli, example, "brokers", "-f", "json").out)
    assert {"brokers", "articulation_points"} <= set(brokers)
    labels = [b["label"] for b in brokers["brokers"][:5]]
    assert "RIKEN" in labels or any(x.startswith("Ministry of Education") for x in labels)
    comms = json.loads(run(cli, example, "communities", "-f", "json").out)
    assert comms["method"] == "louvain" and sum(c["size"] for c in comms["communities"]) == 84
    ego_csv = run(cli, example, "ego", "RIKEN", "--depth", "1", "-f", "csv").out
    assert len(list(csv.DictReader(io.StringIO(ego_csv)))) == 7


def test_filters_reach_the_projection(cli, example: Example) -> None:
    rows = json.loads(run(cli, example, "centrality", "--class", "Organisation", "--nation",
                          "Japan", "--top", "20", "-f", "json").out)  # fmt: skip
    assert {r["label"] for r in rows} == {
        "Ministry of Education, Culture, Sports, Science and Technology", "RIKEN", "Fujitsu"
    }  # fmt: skip
    args = ("path", "GE Vernova Hitachi", "Tennessee", "-f", "json")
    nodes = json.loads(run(cli, example, *args).out)
    edges = json.loads(run(cli, example, *args, "--nary", "edges").out)
    assert [h["property"] for h in nodes["paths"][0]["hops"]] == ["investor", "target"]
    assert [h["property"] for h in edges["paths"][0]["hops"]] == ["investsIn"]
    plain = run(cli, example, "ego", "Tennessee", "-f", "json")
    inferred = run(cli, example, "ego", "Tennessee", "--inferred", "-f", "json")
    assert inferred.code == 0 and "no inferred graph" not in inferred.err
    # the build's reasoner adds e.g. GE Vernova Hitachi investsIn Tennessee
    assert len(json.loads(inferred.out)) > len(json.loads(plain.out))


def test_money_filters_choose_investments_not_nothing(cli, example: Example) -> None:
    japan = json.loads(run(cli, example, "money", "--nation", "Japan", "-f", "json").out)
    assert japan[-1]["total"] == "$36,000,000,000 + up to $73,000,000,000"
    assert len(japan) == 5  # two tranches, the second's two parts, TOTAL
    company = json.loads(run(cli, example, "money", "--class", "Company", "-f", "json").out)
    assert [r["investor"] for r in company] == ["GE Vernova Hitachi", ""]
    assert company[-1]["total"] == "up to $40,000,000,000"
    none = run(cli, example, "money", "--exclude-class", "Investment")
    assert none.code == 0 and "no investments" in none.err
    terms = json.loads(run(cli, example, "money", "--nation", "Japan", "--terms", "--by",
                           "nation", "-f", "json").out)  # fmt: skip
    assert {(r["groupLabel"], r["qualifier"], int(r["amount"])) for r in terms} == {
        ("United States", None, 36_000_000_000), ("United States", "up to", 73_000_000_000),
        ("(all)", None, 36_000_000_000), ("(all)", "up to", 73_000_000_000),
    }  # fmt: skip


def test_path_json_carries_document_offsets_and_unnamed_ends(cli, example: Example) -> None:
    data = json.loads(run(cli, example, "path", "DOE", "NVIDIA", "--format", "json").out)
    hop = data["paths"][0]["hops"][0]
    assert hop["document"] == "us-japan-alliance-summit"
    assert isinstance(hop["start"], int) and hop["end"] - hop["start"] == len(hop["quote"])
    assert hop["unnamed"] == ["U.S. Department of Energy"] and hop["note"]
    table = run(cli, example, "path", "DOE", "NVIDIA", "--limit", "1").out
    assert "(the quote does not name U.S. Department of Energy)" in " ".join(table.split())
