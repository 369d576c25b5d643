"""Reviewed identity decisions (graph/identities.yaml) replayed by build and validate.

The project is tests/fixtures/dups: a-space declares "Japan Aerospace Exploration Agency", NASA,
"Mitsubishi Heavy Industries" and the United Kingdom's "Ministry of Defence"; b-launch declares
"Japan Aerospace Exploration Agency (JAXA)" (alias JAXA), "National Aeronautics and Space
Administration", "Mitsubishi Heavy Industries, Ltd." and Japan's "Ministry of Defense".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS

from alliance_kg.build import build
from alliance_kg.errors import AnnotationError, IdentityError, InputError
from alliance_kg.identities import read_decisions
from alliance_kg.namespaces import IDENTITIES_GRAPH, PREFIXES
from alliance_kg.project import Project
from alliance_kg.query import run_query
from alliance_kg.store import open_store

from .conftest import FIXTURES, Built, make_project

AK = Namespace("https://w3id.org/alliance-kg/ontology#")
AKID = Namespace("https://w3id.org/alliance-kg/id/")
AKDOC = Namespace("https://w3id.org/alliance-kg/doc/")
DUPS = sorted((FIXTURES / "dups" / "graph" / "sources").iterdir())
JAXA = AKID["japan-aerospace-exploration-agency"]

SAME_JAXA = """\
# reviewed decisions
- same: [akid:japan-aerospace-exploration-agency, {document: b-launch, label: JAXA}]
  by: A. Reviewer
  date: 2025-11-03
  note: JAXA is the agency's acronym
"""


def dups_project(tmp: Path, identities: str | None = None) -> Project:
    project = make_project(tmp / "proj", *DUPS)
    if identities is not None:
        project.identities.write_text(identities)
    return project


def same_named_ministries(project: Project) -> None:
    """Call Japan's ministry of b-launch "Ministry of Defence", as a-space calls the UK's."""
    for suffix in (".txt", ".yaml"):
        path = project.sources / f"b-launch{suffix}"
        path.write_text(path.read_text().replace("Ministry of Defense", "Ministry of Defence"))


def pin_japans_ministry(project: Project) -> None:
    path = project.sources / "b-launch.yaml"
    path.write_text(
        path.read_text().replace(
            "{label: Ministry of Defence, class: Ministry}",
            "{label: Ministry of Defence, class: Ministry, id: ministry-of-defence-japan}",
        )
    )


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = dups_project(tmp_path_factory.mktemp("same"), SAME_JAXA)
    return Built(project, build(project, reason=False))


def test_a_same_decision_makes_one_node_of_two(merged: Built) -> None:
    g = Graph().parse(merged.project.export)
    agencies = {s for s in g.subjects(RDFS.label, None) if "aerospace" in str(s)}
    assert agencies == {JAXA}  # the shorter of the two slugs, as for names
    assert list(g.objects(JAXA, RDFS.label)) == [Literal("Japan Aerospace Exploration Agency")]
    assert {Literal("Japan Aerospace Exploration Agency (JAXA)"), Literal("JAXA")} <= set(
        g.objects(JAXA, SKOS.altLabel)
    )
    assert set(g.objects(JAXA, AK.mentionedIn)) == {AKDOC["a-space"], AKDOC["b-launch"]}
    assert (JAXA, AK.collaboratesWith, AKID.nasa) in g  # from a-space
    assert (JAXA, AK.country, AKID.japan) in g  # from both
    assert merged.report.entities["Agency"] == 5  # six agencies declared, two of them one


def test_the_decision_is_provenance_in_the_store(merged: Built) -> None:
    query = f"""
        SELECT ?decision ?kind ?by ?date ?note ?label WHERE {{
          GRAPH <{IDENTITIES_GRAPH}> {{
            akid:japan-aerospace-exploration-agency ak:identityDecision ?decision .
            ?decision a ?kind ; dcterms:creator ?by ; dcterms:date ?date ; ak:note ?note ;
                rdfs:label ?label .
          }}
          ?kind rdfs:subClassOf ak:IdentityDecision .
        }}"""
    with open_store(merged.project.store) as store:
        (row,) = run_query(store, query, prefixes=PREFIXES).rows
        (asserted,) = run_query(store, query, prefixes=PREFIXES, asserted_only=True).rows
    assert row == asserted
    assert row["kind"].endswith("#SameEntityDecision")
    assert row["decision"].startswith("https://w3id.org/alliance-kg/decision/same-")
    assert (row["by"], row["date"], row["note"]) == (
        "A. Reviewer", "2025-11-03", "JAXA is the agency's acronym",
    )  # fmt: skip
    assert row["label"] == (
        "same: Japan Aerospace Exploration Agency (a-space) = "
        "Japan Aerospace Exploration Agency (JAXA) (b-launch)"
    )
    g = Graph().parse(merged.project.export)  # the export carries the decisions too
    assert len(list(g.subjects(RDF.type, AK.SameEntityDecision))) == 1


@pytest.mark.reasoner
def test_a_build_with_decisions_passes_the_reasoner(tmp_path: Path) -> None:
    report = build(dups_project(tmp_path, SAME_JAXA))
    assert report.reasoning is not None and report.reasoning.consistent


def test_a_different_decision_keeps_same_named_ministries_apart(tmp_path: Path) -> None:
    project = dups_project(tmp_path)
    same_named_ministries(project)
    build(project, reason=False)  # the names alone make one ministry of two nations
    g = Graph().parse(project.export)
    mod = AKID["ministry-of-defence"]
    assert set(g.objects(mod, AK.country)) == {AKID.japan, AKID["united-kingdom"]}

    project.identities.write_text(
        "- different:\n"
        "    - {document: a-space, label: Ministry of Defence}\n"
        "    - {document: b-launch.yaml, label: Ministry of Defence}\n"
        "  by: A. Reviewer\n  date: 2025-11-03\n"
        "  note: the United Kingdom's ministry in a-space, Japan's in b-launch\n"
    )
    with pytest.raises(IdentityError, match=r"identities\.yaml:1: .* both get the IRI "
                       r"akid:ministry-of-defence; set `id:` on one of them"):  # fmt: skip
        build(project, reason=False)
    pin_japans_ministry(project)
    build(project, reason=False)
    g = Graph().parse(project.export)
    japans = AKID["ministry-of-defence-japan"]
    assert set(g.objects(mod, AK.country)) == {AKID["united-kingdom"]}
    assert set(g.objects(japans, AK.country)) == {AKID.japan}
    assert (japans, AK.deploys, AKID.h3) in g and (mod, AK.deploys, AKID.h3) not in g
    (decision,) = set(g.subjects(RDF.type, AK.DistinctEntitiesDecision))
    assert set(g.subjects(AK.identityDecision, decision)) == {mod, japans}


def test_a_third_document_that_bridges_a_different_decision_is_an_error(tmp_path: Path) -> None:
    project = dups_project(tmp_path)
    same_named_ministries(project)
    pin_japans_ministry(project)
    (project.sources / "c-note.txt").write_text("Note\n\nThe Ministry of Defence spoke.\n")
    (project.sources / "c-note.yaml").write_text(
        "document: {path: c-note.txt}\n"
        "entities:\n  - {label: Ministry of Defence, class: Ministry}\n"
    )
    different = (
        "- different: [{document: a-space, label: Ministry of Defence},"
        " {document: b-launch, label: Ministry of Defence}]\n"
        "  by: A. Reviewer\n  date: 2025-11-03\n"
    )
    project.identities.write_text(different)
    with pytest.raises(IdentityError) as err:
        build(project, reason=False)
    msg = str(err.value)
    assert re.search(r"identities\.yaml:1: different, but .* are still one entity", msg)
    assert re.search(r"a-space\.yaml:\d+\) —.*— 'Ministry of Defence' \(.*c-note\.yaml:3\) —", msg)
    # saying which side c-note's ministry is on settles it
    project.identities.write_text(
        different + "- same: [{document: c-note, label: Ministry of Defence},"
        " {document: b-launch, label: Ministry of Defence}]\n"
        "  by: A. Reviewer\n  date: 2025-11-04\n"
    )
    build(project, reason=False)
    g = Graph().parse(project.export)
    japans = AKID["ministry-of-defence-japan"]
    assert AKDOC["c-note"] in set(g.objects(japans, AK.mentionedIn))
    assert AKDOC["c-note"] not in set(g.objects(AKID["ministry-of-defence"], AK.mentionedIn))


BAD = [
    pytest.param("- same: [akid:jaxa-agency, JAXA]\n  by: me\n  date: 2025-11-03\n",
                 IdentityError, r"identities\.yaml:1: 'akid:jaxa-agency' names no declaration",
                 id="unknown-iri"),
    pytest.param("- same: [NASA, {document: b-lunch, label: JAXA}]\n  by: me\n"
                 "  date: 2025-11-03\n", IdentityError,
                 r"identities\.yaml:1: no document 'b-lunch' .* did you mean b-launch",
                 id="unknown-document"),
    pytest.param("- same:\n    - NASA\n    - {document: b-launch, label: JAXX}\n"
                 "  by: me\n  date: 2025-11-03\n",
                 IdentityError, r"identities\.yaml:3: document 'b-launch' declares nothing named "
                 r"'JAXX'; did you mean 'JAXA'", id="unknown-label"),
    pytest.param("- same: [Japan, JAXA]\n  by: me\n  date: 2025-11-03\n", IdentityError,
                 r"identities\.yaml:1: same over 'Japan' \(Nation, .*a-space\.yaml:9\) and .*"
                 r"\(Agency, .*b-launch\.yaml:9\); one thing has one kind", id="class-clash"),
    pytest.param("- same: [NASA, National Aeronautics and Space Administration]\n  by: me\n"
                 "  date: 2025-11-03\n- different: [Japan Aerospace Exploration Agency, JAXA]\n"
                 "  by: you\n  date: 2025-11-04\n", None, None, id="no-contradiction"),
    pytest.param("- same: [NASA, National Aeronautics and Space Administration]\n  by: me\n"
                 "  date: 2025-11-03\n"
                 "- different: [akid:nasa, National Aeronautics and Space Administration]\n"
                 "  by: you\n  date: 2025-11-04\n", IdentityError,
                 r"identities\.yaml:4: different, but the `same` decision at .*identities\.yaml:1"
                 r" joins .* contradict each other", id="contradiction"),
    pytest.param("- same: [NASA, {document: b-launch, label: Japan}]\n  by: me\n"
                 "  date: 2025-11-03\n", IdentityError, r"identities\.yaml:1: same over 'NASA' "
                 r"\(SpaceAgency, .*\) and 'Japan' \(Nation, .*\)", id="agency-and-nation"),
    pytest.param("- same: [NASA, Japan Aerospace Exploration Agency]\n  by: me\n"
                 "  date: 2025-11-03\n", IdentityError, r"identities\.yaml:1: same over 'Japan "
                 r"Aerospace .* and 'NASA' .*, which one file declares as two things",
                 id="one-file"),
    pytest.param("- same: [NASA, JAXA]\n  date: 2025-11-03\n", AnnotationError,
                 r"identities\.yaml:1: by: expected who decided", id="no-by"),
    pytest.param("- same: [NASA, JAXA]\n  by: me\n  date: last week\n", AnnotationError,
                 r"identities\.yaml:3: date: expected the day of the decision as YYYY-MM-DD",
                 id="bad-date"),
    pytest.param("- same: [NASA, JAXA]\n  different: [NASA, JAXA]\n  by: me\n  date: 2025-11-03\n",
                 AnnotationError, r"identities\.yaml:1: a decision needs exactly one of",
                 id="both-kinds"),
    pytest.param("- same: [NASA]\n  by: me\n  date: 2025-11-03\n", AnnotationError,
                 r"identities\.yaml:1: same: expected a list of two or more", id="one-reference"),
    pytest.param("- same: [NASA, JAXA]\n  by: me\n  date: 2025-11-03\n  reason: acronym\n",
                 AnnotationError, r"identities\.yaml:4: unknown field 'reason'",
                 id="unknown-field"),
    pytest.param("- same: [NASA, {doc: b-launch, label: JAXA}]\n  by: me\n  date: 2025-11-03\n",
                 AnnotationError, r"identities\.yaml:1: same: unknown field 'doc'",
                 id="bad-reference"),
    pytest.param("same: [NASA, JAXA]\n", AnnotationError, r"identities\.yaml:1: expected a list",
                 id="not-a-list"),
    pytest.param("- same: [NASA, JAXA]\n  by: me\n  date: 2025-11-03\n"
                 "- same: [JAXA, NASA]\n  by: you\n  date: 2025-11-04\n", AnnotationError,
                 r"identities\.yaml:4: the same decision as line 1", id="twice"),
    pytest.param("- same: [NASA, *x]\n", AnnotationError, r"identities\.yaml:1: malformed YAML",
                 id="yaml-alias"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "error", "pattern"), BAD)
def test_a_bad_identities_file_is_refused_with_its_line(
    tmp_path: Path, text: str, error: type[Exception] | None, pattern: str | None
) -> None:
    project = dups_project(tmp_path, text)
    if error is None:
        build(project, reason=False)
        return
    with pytest.raises(error, match=pattern):
        build(project, reason=False)
    assert not project.store.exists()


def test_the_cli_reports_a_bad_identities_file_without_a_traceback(
    tmp_path: Path, cli: Callable
) -> None:
    project = dups_project(tmp_path, "- same: [NASA, JAXA]\n  by: me\n  date: soon\n")
    r = cli("build", "--no-reason", "--project", project.root)
    assert r.code == 2
    assert re.fullmatch(r"error: \S*identities\.yaml:3: date: expected .*\n", r.err)
    assert "Traceback" not in r.err


def test_validate_replays_the_decisions(tmp_path: Path, cli: Callable) -> None:
    project = dups_project(tmp_path, SAME_JAXA)
    r = cli("validate", project.sources / "b-launch.yaml", "--project", project.root)
    assert r.code == 0, r.err
    (project.sources / "c-note.txt").write_text("Note\n\nJAXA and NASA met.\n")
    (project.sources / "c-note.yaml").write_text(
        "document: {path: c-note.txt}\nrelations:\n"
        "  - {subject: JAXA, property: collaboratesWith, object: NASA,"
        " evidence: JAXA and NASA met.}\n"
    )
    r = cli("validate", project.sources / "c-note.yaml", "--project", project.root)
    assert r.code == 0, r.err
    project.identities.write_text(SAME_JAXA.replace("label: JAXA", "label: Japan"))
    r = cli("validate", project.sources / "c-note.yaml", "--project", project.root)
    assert r.code == 2
    assert re.search(r"identities\.yaml:2: same over .* \(Nation, .*one thing has one kind", r.err)


def test_editing_the_decisions_rebuilds(tmp_path: Path) -> None:
    project = dups_project(tmp_path)
    build(project, reason=False)
    assert build(project, reason=False).up_to_date
    project.identities.write_text(SAME_JAXA)
    assert not build(project, reason=False).up_to_date
    assert build(project, reason=False).up_to_date


def test_no_identities_file_means_no_decisions(tmp_path: Path) -> None:
    assert read_decisions(tmp_path / "identities.yaml").items == ()
    (tmp_path / "identities.yaml").write_text("# nothing decided yet\n")
    assert read_decisions(tmp_path / "identities.yaml").items == ()
    (tmp_path / "identities.yaml").write_text("- same: [a, b]\n  by: me\n  date: 2025-11-03\n")
    with pytest.raises(InputError):
        build(dups_project(tmp_path, (tmp_path / "identities.yaml").read_text()), reason=False)
