"""A seeded generator of realistic alliance corpora (~10k, ~100k, ~1M triples once built).

Unlike `benchmarks/build.py`'s renamed copies, the documents share one world of entities:

* every entity has several names (a canonical label and aliases: "U.S. Department of Energy",
  "Department of Energy", "DOE"); each document declares what it uses under one of those names
  as its label, with some of the others as aliases, so the build joins the declarations of
  different documents by a shared name (nations also by their ISO code);
* nations, big agencies, firms and topics recur across many documents with a power-law
  (Zipf) popularity, the long tail appears once or twice;
* each document has its own text, written sentence by sentence from its facts, so every
  evidence quote is a sentence the text really contains; the facts cover every core property,
  investments with amounts (some totals with parts), commitments, and agreements signed by
  several parties that build on earlier ones.

The project's example (graph/sources/us-japan-alliance-summit.*) is document 0 and its entities
are part of the world, so the saved queries' example parameters name things in every corpus.
The same seed and size give the same bytes.

    .venv/bin/python -m benchmarks.corpus DIR --size 10k [--seed 7]
"""

from __future__ import annotations

import argparse
import bisect
import random
import shutil
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import yaml

from alliance_kg.identity import slugify
from alliance_kg.project import init_project
from alliance_kg.yamlio import read_yaml

ROOT = Path(__file__).resolve().parents[1]
#: libyaml's safe loader and dumper when PyYAML has them (10× faster), else the pure-Python ones
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
EXAMPLE = ROOT / "graph" / "sources" / "us-japan-alliance-summit.yaml"

#: documents per named size, from a calibration of built triples per generated document
#: (about 1,300; see docs/benchmarks.md): "10k" is ~10,000 triples with the example
SIZES = {"tiny": 2, "10k": 7, "100k": 76, "1m": 771}

# --- the vocabulary the names are made of ---------------------------------------------------

#: nations beyond the example's: label, ISO code, aliases (demonym and short forms)
NATIONS = [
    ("Australia", "AU", ["Australian", "Commonwealth of Australia"]),
    ("India", "IN", ["Indian", "Republic of India"]),
    ("South Korea", "KR", ["Republic of Korea", "ROK", "South Korean"]),
    ("United Kingdom", "GB", ["UK", "Britain", "British"]),
    ("France", "FR", ["French Republic", "French"]),
    ("Germany", "DE", ["Federal Republic of Germany", "German"]),
    ("Canada", "CA", ["Canadian"]),
    ("Philippines", "PH", ["Republic of the Philippines", "Philippine"]),
    ("Vietnam", "VN", ["Viet Nam", "Vietnamese"]),
    ("Indonesia", "ID", ["Republic of Indonesia", "Indonesian"]),
    ("Singapore", "SG", ["Republic of Singapore", "Singaporean"]),
    ("New Zealand", "NZ", ["Aotearoa"]),
    ("Italy", "IT", ["Italian Republic", "Italian"]),
    ("Netherlands", "NL", ["the Netherlands", "Dutch"]),
    ("Poland", "PL", ["Republic of Poland", "Polish"]),
    ("Thailand", "TH", ["Kingdom of Thailand", "Thai"]),
    ("Malaysia", "MY", ["Malaysian"]),
    ("Sweden", "SE", ["Kingdom of Sweden", "Swedish"]),
    ("Norway", "NO", ["Kingdom of Norway", "Norwegian"]),
    ("Brazil", "BR", ["Federative Republic of Brazil", "Brazilian"]),
    ("Mexico", "MX", ["United Mexican States", "Mexican"]),
    ("Spain", "ES", ["Kingdom of Spain", "Spanish"]),
]
FIELDS = [
    "Energy",
    "Trade",
    "Defence",
    "Science",
    "Agriculture",
    "Transport",
    "Foreign Affairs",
    "Industry",
    "Health",
    "Digital Affairs",
    "Finance",
    "Environment",
    "Education",
    "Maritime Affairs",
    "Communications",
    "Economy",
    "Innovation",
    "Mines",
    "Infrastructure",
    "Space Policy",
]
INDUSTRIES = [
    "Photonics",
    "Dynamics",
    "Semiconductor",
    "Heavy Industries",
    "Energy Systems",
    "Aerospace",
    "Shipbuilding",
    "Materials",
    "Robotics",
    "Nuclear",
    "Quantum",
    "Biotech",
    "Mining",
    "Networks",
    "Microsystems",
    "Batteries",
    "Logistics",
    "Steel",
    "Hydrogen",
    "Analytics",
]
TOPICS = [
    "semiconductor supply",
    "quantum sensing",
    "hypersonic defence",
    "undersea cables",
    "battery materials",
    "hydrogen fuel",
    "carbon capture",
    "space debris",
    "lunar exploration",
    "cybersecurity",
    "5G networks",
    "Open RAN",
    "biotechnology",
    "vaccine production",
    "maritime domain awareness",
    "shipbuilding capacity",
    "port infrastructure",
    "rare earth processing",
    "lithium refining",
    "nuclear fuel",
    "grid resilience",
    "wind power",
    "solar manufacturing",
    "export controls",
    "food security",
    "fisheries",
    "disaster relief",
    "pandemic preparedness",
    "student exchange",
    "research security",
    "standards cooperation",
    "digital trade",
    "data flows",
    "critical infrastructure",
    "coast guard cooperation",
    "counterterrorism",
    "nonproliferation",
    "arms control",
    "satellite navigation",
    "earth observation",
    "climate adaptation",
    "clean shipping",
    "liquefied natural gas",
    "uranium enrichment",
    "fusion energy",
    "robotics",
    "advanced manufacturing",
    "drone technology",
    "missile defence",
    "air defence",
    "submarine industrial base",
    "munitions production",
    "logistics resilience",
    "technical training",
    "workforce development",
    "tourism",
    "cultural exchange",
    "anti-corruption",
    "development finance",
    "infrastructure investment",
    "water security",
    "forestry",
    "ocean science",
    "polar research",
    "telecommunications security",
]
SECTORS = [
    "semiconductors",
    "shipbuilding",
    "defense industry",
    "space industry",
    "agriculture",
    "telecommunications",
    "pharmaceuticals",
    "automotive",
    "mining",
    "finance",
]
REGIONS = [
    "Southeast Asia",
    "Pacific Islands",
    "the Arctic",
    "South Asia",
    "Central Asia",
    "Middle East",
    "East Africa",
    "Baltic region",
    "Mekong region",
    "Latin America",
]
WATERS = [
    "South China Sea",
    "East China Sea",
    "Sea of Japan",
    "Strait of Malacca",
    "Coral Sea",
    "Bay of Bengal",
    "Arabian Sea",
    "Tasman Sea",
    "Celebes Sea",
    "Philippine Sea",
]
FIRST = [
    "Alex",
    "Maria",
    "Kenji",
    "Priya",
    "Lucas",
    "Hana",
    "Oliver",
    "Mei",
    "Rahul",
    "Sofia",
    "Jonas",
    "Aiko",
    "Daniel",
    "Leila",
    "Tomas",
    "Yuna",
    "Ethan",
    "Nadia",
    "Ravi",
    "Clara",
]
TITLES = ["Minister", "Secretary", "Director", "Chair", "Administrator", "Commissioner"]
SYLLABLES = [
    "ka",
    "ve",
    "lo",
    "ri",
    "sa",
    "mon",
    "tor",
    "el",
    "da",
    "qui",
    "bar",
    "nes",
    "ta",
    "vin",
    "or",
    "ul",
    "ze",
    "pa",
    "cor",
    "len",
    "mi",
    "sto",
    "fa",
    "gar",
    "hel",
    "ion",
    "ju",
    "kra",
    "lum",
    "nor",
    "ost",
    "pre",
    "rav",
    "sel",
    "tun",
    "vor",
    "wen",
    "yst",
    "zan",
    "bel",
]
FILLER = [
    "Officials described the talks as constructive and forward-looking.",
    "The announcement follows months of working-level consultations.",
    "Further details will be published by the relevant ministries.",
    "Observers noted the growing breadth of the partnership.",
    "Both delegations emphasised transparency and the rule of law.",
    "The meeting took place against a backdrop of regional uncertainty.",
    "Industry representatives attended several of the sessions.",
    "A joint working group will report on progress next year.",
]


# --- the world ------------------------------------------------------------------------------


@dataclass
class Entity:
    """One thing of the world, with every name it goes by."""

    label: str
    cls: str
    kind: str  # nation, agency, company, institute, program, system, location, topic, ...
    aliases: list[str] = field(default_factory=list)
    iso: str | None = None
    nation: Entity | None = None
    parent: Entity | None = None  # a lab's agency; a city's subdivision

    @property
    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    @property
    def labels(self) -> list[str]:
        """The names a document may use as its label (a nation's demonym is no label)."""
        if self.kind != "nation":
            return self.names
        return [n for n in self.names if n == self.label or " " in n or "." in n or n.isupper()]


class _Names:
    """Every name and slug given out so far: each name means one entity."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def free(self, name: str) -> bool:
        return name.casefold() not in self.used and slugify(name) not in self.used

    def take(self, names: list[str]) -> list[str]:
        kept = [n for n in dict.fromkeys(names) if self.free(n)]
        for n in kept:
            self.used.update((n.casefold(), slugify(n)))
        return kept


def _acronym(name: str) -> str:
    small = {"of", "and", "the", "for", "on", "in"}
    return "".join(w[0] for w in name.replace("-", " ").split() if w not in small).upper()


class _Popular:
    """Zipf draws from a list: the first items are drawn often, the tail rarely."""

    def __init__(self, items: list, s: float = 1.0) -> None:
        self.items = items
        self.cum = list(accumulate(1 / (i + 1) ** s for i in range(len(items))))

    def draw(self, rnd: random.Random, k: int = 1) -> list:
        out: list = []
        for _ in range(k * 4):
            if len(out) == k or len(out) == len(self.items):
                break
            item = self.items[bisect.bisect(self.cum, rnd.random() * self.cum[-1])]
            if item not in out:
                out.append(item)
        return out


class World:
    """The entities a corpus of `documents` documents talks about, seeded."""

    def __init__(self, rnd: random.Random, documents: int) -> None:
        self.rnd = rnd
        self.names = _Names()
        self.example = read_yaml(EXAMPLE)  # the project's strict safe reader
        ex = {e["label"]: e for e in self.example["entities"]}
        for e in self.example["entities"]:  # reserve every name of the example
            self.names.take([e["label"], *e.get("aliases", [])])
        for section in ("investments", "commitments"):
            for e in self.example.get(section, []):
                self.names.take([e["label"]])

        def old(label: str, kind: str, nation: Entity | None = None) -> Entity:
            e = ex[label]
            return Entity(label, e["class"], kind, list(e.get("aliases", [])), e.get("iso"), nation)

        us, jp = old("United States", "nation"), old("Japan", "nation")
        self.nations = [us, jp]
        for label, iso, aliases in NATIONS:
            self.nations.append(
                Entity(label, "Nation", "nation", self.names.take([label, *aliases])[1:], iso)
            )
        self.nation_pick = _Popular(self.nations, 1.1)
        n = max(documents, 2)
        self.agencies: list[Entity] = [
            old("U.S. Department of Energy", "agency", us),
            old("NASA", "agency", us),
            old("Ministry of Education, Culture, Sports, Science and Technology", "agency", jp),
        ]
        self.companies = [old("NVIDIA", "company", us), old("Fujitsu", "company", jp)]
        self.institutes = [
            old("RIKEN", "institute", jp),
            old("Argonne National Laboratory", "institute", us),
        ]
        self.institutes[1].parent = self.agencies[0]
        self.topics = [
            old(t, "topic")
            for t in (
                "critical minerals",
                "artificial intelligence",
                "high-performance computing",
                "quantum technologies",
                "supply chains",
                "energy security",
                "economic security",
                "deterrence",
            )
        ]
        self.sectors = [old("energy", "sector")]
        for _ in range(3 * n + 20):
            self._agency()
        for _ in range(4 * n + 20):
            self._company()
        for _ in range(2 * n + 10):
            self._institute()
        for t in TOPICS:
            self._add(self.topics, t, "Topic", "topic", [])
        for s in SECTORS:
            self._add(self.sectors, s, "Sector", "sector", [])
        self.programs = [old("Artemis program", "program", us)]
        self.systems = [
            old("Typhon missile system", "system", us),
            old("Standard Missile 3 Block IIA", "system", us),
        ]
        self.locations = [old("Tennessee", "location", us), old("Indo-Pacific", "location")]
        for _ in range(2 * n + 10):
            self._program()
            self._system()
            self._location()
        for r in REGIONS:
            self._add(self.locations, r, "Region", "location", [])
        for w in WATERS:
            self._add(self.locations, w, "WaterBody", "location", [])
        self.people = [self._person() for _ in range(n + 10)]
        self.agency_pick = _Popular(self.agencies, 0.9)
        self.company_pick = _Popular(self.companies, 0.9)
        self.institute_pick = _Popular(self.institutes, 0.9)
        self.topic_pick = _Popular(self.topics, 0.8)
        self.program_pick = _Popular(self.programs, 0.9)
        self.system_pick = _Popular(self.systems, 0.9)
        self.location_pick = _Popular(self.locations, 0.9)
        self.person_pick = _Popular(self.people, 0.9)
        self.agreements: list[Entity] = [
            Entity(
                "U.S.-Japan Strategic Trade and Investment Agreement", "TradeAgreement", "agreement"
            ),
            Entity(
                "U.S.-Japan Alliance",
                "Alliance",
                "agreement",
                ["US-Japan Alliance", "Japan-U.S. Alliance"],
            ),
        ]

    # each maker draws until its names are free (the world never reuses a name)
    def word(self) -> str:
        while True:
            w = "".join(self.rnd.choice(SYLLABLES) for _ in range(self.rnd.randint(2, 3)))
            w = w.capitalize()
            if self.names.free(w):
                self.names.take([w])
                return w

    def _add(
        self,
        bucket: list[Entity],
        label: str,
        cls: str,
        kind: str,
        aliases: list[str],
        nation: Entity | None = None,
    ) -> Entity | None:
        if not self.names.free(label):
            return None
        names = self.names.take([label, *aliases])
        e = Entity(names[0], cls, kind, names[1:], nation=nation)
        bucket.append(e)
        return e

    def _agency(self) -> None:
        nat = self.nation_pick.draw(self.rnd)[0]
        f = self.rnd.choice(FIELDS)
        demonym = next(
            (a for a in nat.aliases if a.endswith(("an", "sh", "ch", "se", "ai"))), nat.label
        )
        cls = self.rnd.choice(["Ministry", "Ministry", "ExecutiveDepartment", "RegulatoryAgency"])
        if cls == "ExecutiveDepartment":
            label = f"{nat.label} Department of {f}"
            aliases = [f"Department of {f} of {nat.label}", f"{nat.iso or 'X'} D{_acronym(f)}"]
        elif cls == "RegulatoryAgency":
            label = f"{nat.label} {f} Regulatory Commission"
            aliases = [f"{demonym} {f} Regulator", _acronym(label)]
        else:
            label = f"Ministry of {f} of {nat.label}"
            aliases = [f"{demonym} Ministry of {f}", f"M{_acronym(f)}-{nat.iso or 'X'}"]
        self._add(self.agencies, label, cls, "agency", aliases, nat)

    def _company(self) -> None:
        nat = self.nation_pick.draw(self.rnd)[0]
        w, ind = self.word(), self.rnd.choice(INDUSTRIES)
        cls = self.rnd.choice(["Company"] * 6 + ["JointVenture", "StateOwnedEnterprise"])
        label = f"{w} {ind}"
        aliases = [
            f"{label} {self.rnd.choice(['Corporation', 'Ltd.', 'Inc.', 'Group', 'Holdings'])}"
        ]
        if len(_acronym(label)) >= 3:
            aliases.append(_acronym(label))
        self._add(self.companies, label, cls, "company", aliases, nat)

    def _institute(self) -> None:
        nat = self.nation_pick.draw(self.rnd)[0]
        w = self.word()
        kind = self.rnd.choice(["NationalLaboratory", "University", "ResearchInstitute"])
        if kind == "NationalLaboratory":
            label, aliases = f"{w} National Laboratory", [f"{w} Lab", f"{w[0]}NL-{nat.iso}"]
        elif kind == "University":
            label, aliases = f"University of {w}", [f"{w} University"]
        else:
            f = self.rnd.choice(FIELDS)
            label = f"{w} Institute for {f} Research"
            aliases = [f"{w} Institute", f"{w[0].upper()}I{_acronym(f)}R"]
        e = self._add(self.institutes, label, kind, "institute", aliases, nat)
        if e and kind == "NationalLaboratory":
            same = [a for a in self.agencies if a.nation is nat]
            e.parent = self.rnd.choice(same) if same else None

    def _program(self) -> None:
        nat = self.nation_pick.draw(self.rnd)[0]
        w = self.word()
        cls, label, aliases = self.rnd.choice(
            [
                ("Initiative", f"{w} Resilience Initiative", [f"{w} Initiative"]),
                ("Dialogue", f"{w} Strategic Dialogue", [f"{w} Dialogue"]),
                ("Forum", f"{w} Economic Forum", [f"{w} Forum"]),
                ("MilitaryExercise", f"Exercise {w}", [f"{w} exercise"]),
                ("SpaceMission", f"{w} lunar mission", [f"{w} mission"]),
                ("Summit", f"{w} Leaders' Summit", [f"{w} Summit"]),
            ]
        )
        self._add(self.programs, label, cls, "program", aliases, nat)

    def _system(self) -> None:
        nat = self.nation_pick.draw(self.rnd)[0]
        w, num = self.word(), self.rnd.randint(2, 90)
        cls, label, aliases = self.rnd.choice(
            [
                ("MissileSystem", f"{w}-{num} missile system", [f"{w}-{num}", f"{w} missile"]),
                ("Aircraft", f"{w} F-{num} fighter", [f"F-{num} {w}"]),
                ("ReactorDesign", f"{w.upper()}-{num * 10} reactor", [f"{w.upper()}-{num * 10}"]),
                ("Spacecraft", f"{w} observation satellite", [f"{w} satellite"]),
                ("Vessel", f"{w}-class frigate", [f"{w} class"]),
                ("SoftwarePlatform", f"{w} data platform", [f"{w} platform"]),
                ("Technology", f"{w} processor", [f"{w} chip"]),
            ]
        )
        self._add(self.systems, label, cls, "system", aliases, nat)

    def _location(self) -> None:
        nat = self.nation_pick.draw(self.rnd)[0]
        w = self.word()
        cls, label, aliases = self.rnd.choice(
            [
                ("Subdivision", f"{w} Province", [f"{w} Prefecture"]),
                ("City", f"{w} City", [f"City of {w}"]),
                ("Island", f"{w} Island", [f"{w} Islands"]),
                ("Site", f"{w} Air Base", [f"{w} Base"]),
            ]
        )
        self._add(self.locations, label, cls, "location", aliases, nat)

    def _person(self) -> Entity:
        while True:
            first, last = self.rnd.choice(FIRST), self.word()
            title = self.rnd.choice(TITLES)
            label = f"{first} {last}"
            if self.names.free(label):
                names = self.names.take([label, f"{title} {label}", f"{title} {last}"])
                return Entity(names[0], "Person", "person", names[1:])


# --- one document ---------------------------------------------------------------------------


class _Doc:
    """The facts, declarations and sentences of one generated document."""

    def __init__(self, world: World, rnd: random.Random, index: int) -> None:
        self.w, self.rnd, self.i = world, rnd, index
        self.doc_id = f"fact-sheet-{index:05d}"
        self.declared: dict[int, dict] = {}  # id(entity) -> declaration
        self.sentences: list[str] = []
        self.relations: list[dict] = []
        self.investments: list[dict] = []
        self.commitments: list[dict] = []
        self.year = 2020 + index % 8

    def name(self, e: Entity) -> str:
        """Declare `e` here (once) under one of its names, and return that name."""
        if id(e) in self.declared:
            return self.declared[id(e)]["label"]
        names = e.labels
        label = names[0] if len(names) == 1 or self.rnd.random() < 0.5 else self.rnd.choice(names)
        others = [n for n in e.names if n != label]
        keep = [n for n in others if self.rnd.random() < 0.5]
        if label != e.label and e.label not in keep:
            keep.insert(0, e.label)  # a shared name: the build joins it with the other documents
        decl: dict = {"label": label, "class": e.cls}
        if e.iso:
            decl["iso"] = e.iso
        if keep:
            decl["aliases"] = keep
        if len(slugify(label)) < len(slugify(e.label)):
            decl["id"] = slugify(e.label)  # the annotator pins the IRI a short alias would take
        self.declared[id(e)] = decl
        return label

    def say(self, sentence: str) -> str:
        self.sentences.append(sentence)
        return sentence

    def rel(self, s: Entity, p: str, o: Entity, quote: str, **extra: object) -> None:
        self.relations.append(
            {
                "subject": self.name(s),
                "property": p,
                "object": self.name(o),
                "evidence": quote,
                **extra,
            }
        )

    def parties(self, k: int) -> list[Entity]:
        pool = self.nations + self.orgs
        return self.rnd.sample(pool, min(k, len(pool)))

    def make(self) -> dict:
        w, rnd = self.w, self.rnd
        self.nations = w.nation_pick.draw(rnd, rnd.randint(2, 3))
        self.orgs = (
            w.agency_pick.draw(rnd, rnd.randint(2, 4))
            + w.company_pick.draw(rnd, rnd.randint(3, 5))
            + w.institute_pick.draw(rnd, rnd.randint(1, 3))
        )
        topics = w.topic_pick.draw(rnd, rnd.randint(3, 6))
        a, b = self.nations[0], self.nations[1]
        na, nb = self.name(a), self.name(b)
        self.title = f"{na} and {nb} deepen cooperation on {topics[0].label}"
        self.say(f"Officials of {na} and {nb} met this week to review their partnership.")
        self.say(rnd.choice(FILLER))
        for org in self.orgs:  # country, partOf, leaders
            if org.nation and rnd.random() < 0.7:
                q = self.say(f"{self.name(org)} is based in {self.name(org.nation)}.")
                self.rel(org, "country", org.nation, q)
            if org.parent and rnd.random() < 0.8:
                q = self.say(f"{self.name(org)} operates under {self.name(org.parent)}.")
                self.rel(org, "partOf", org.parent, q)
        for org in rnd.sample(self.orgs, min(2, len(self.orgs))):
            if org.kind == "agency":
                person = w.person_pick.draw(rnd)[0]
                role = person.aliases[0].split()[0] if person.aliases else "Head"
                q = self.say(f"{self.name(person)} leads {self.name(org)}.")
                self.rel(person, "leaderOf", org, q, role=role)
        for _ in range(rnd.randint(3, 6)):  # collaborations, some hedged
            x, y = rnd.sample(self.orgs + self.nations, 2)
            t = rnd.choice(topics)
            if rnd.random() < 0.2:
                q = self.say(
                    f"{self.name(x)} may explore cooperation with {self.name(y)} on {self.name(t)}."
                )
                self.rel(x, "collaboratesWith", y, q, hedged=True)
            else:
                q = self.say(
                    f"{self.name(x)} will collaborate with {self.name(y)} on {self.name(t)}."
                )
                self.rel(x, "collaboratesWith", y, q)
        programs = w.program_pick.draw(rnd, rnd.randint(1, 3))
        for prog in programs:
            t = rnd.choice(topics)
            q = self.say(f"The {self.name(prog)} focuses on {self.name(t)}.")
            self.rel(prog, "concerns", t, q)
            for party in self.parties(rnd.randint(1, 3)):
                q = self.say(f"{self.name(party)} takes part in the {self.name(prog)}.")
                self.rel(party, "participatesIn", prog, q)
            if prog.nation and rnd.random() < 0.5:
                q = self.say(f"The {self.name(prog)} is run from {self.name(prog.nation)}.")
                self.rel(prog, "country", prog.nation, q)
        systems = w.system_pick.draw(rnd, rnd.randint(1, 3))
        places = w.location_pick.draw(rnd, rnd.randint(2, 4))
        for sysm in systems:
            maker = rnd.choice([o for o in self.orgs if o.kind == "company"] or self.nations)
            q = self.say(f"{self.name(maker)} produces the {self.name(sysm)}.")
            self.rel(maker, "produces", sysm, q)
            if rnd.random() < 0.6:
                user, where = rnd.choice(self.nations), rnd.choice(places)
                q = self.say(
                    f"{self.name(user)} deploys the {self.name(sysm)} at {self.name(where)}."
                )
                self.rel(user, "deploys", sysm, q, year=self.year)
                self.rel(sysm, "locatedIn", where, q, hedged=True)
            if sysm.nation and rnd.random() < 0.5:
                q = self.say(f"The {self.name(sysm)} was developed in {self.name(sysm.nation)}.")
                self.rel(sysm, "country", sysm.nation, q)
            if programs and rnd.random() < 0.3:
                prog = rnd.choice(programs)
                q = self.say(f"The {self.name(sysm)} is part of the {self.name(prog)}.")
                self.rel(sysm, "componentOf", prog, q)
        for place in places:
            if place.nation:
                q = self.say(f"{self.name(place)} lies in {self.name(place.nation)}.")
                self.rel(place, "locatedIn", place.nation, q)
        if rnd.random() < 0.5:
            firm = rnd.choice([o for o in self.orgs if o.kind == "company"] or self.orgs)
            place = rnd.choice(places)
            q = self.say(f"{self.name(firm)} invests in {self.name(place)}.")
            self.rel(firm, "investsIn", place, q)
        agreements = self._agreements(topics, programs)
        self._investments(topics, places, agreements)
        self._commitments(topics, systems)
        self.say(rnd.choice(FILLER))
        return self._annotation()

    def _agreements(self, topics: list[Entity], programs: list[Entity]) -> list[Entity]:
        w, rnd = self.w, self.rnd
        made = []
        for _ in range(rnd.randint(1, 3)):
            kind, cls = rnd.choice(
                [
                    ("Memorandum of Cooperation", "MemorandumOfCooperation"),
                    ("Joint Statement", "JointStatement"),
                    ("Action Plan", "ActionPlan"),
                    ("Trade Agreement", "TradeAgreement"),
                    ("Statement of Intent", "StatementOfIntent"),
                ]
            )
            t = rnd.choice(topics)
            ag = w._add(w.agreements, f"{w.word()} {kind} on {t.label}", cls, "agreement", [])
            if ag is None:
                continue
            made.append(ag)
            signers = self.parties(rnd.randint(2, 4))
            names = [self.name(p) for p in signers]
            q = self.say(
                f"{', '.join(names[:-1])} and {names[-1]} signed the {self.name(ag)}, "
                f"which covers {self.name(t)}."
            )
            for p in signers:
                self.rel(ag, "signedBy", p, q, year=self.year)
            self.rel(ag, "concerns", t, q)
            earlier = [x for x in w.agreements[: len(w.agreements) - 1] if x is not ag]
            if earlier and rnd.random() < 0.6:
                old = _Popular(earlier, 1.0).draw(rnd)[0]
                q = self.say(f"The {self.name(ag)} builds on the {self.name(old)}.")
                self.rel(ag, "buildsOn", old, q)
            events = [p for p in programs if p.cls in ("Summit", "Forum", "Dialogue")]
            if events:
                q = self.say(f"The {self.name(ag)} was announced at the {self.name(events[0])}.")
                self.rel(ag, "announcedAt", events[0], q)
            sector = rnd.choice(self.w.sectors)
            q = self.say(f"The {self.name(ag)} falls under the {self.name(sector)} sector.")
            self.rel(ag, "sector", sector, q)
        return made

    def _amount(self) -> tuple[int, str, str, str]:
        """A number, its unit, a qualifier and a currency sign."""
        rnd = self.rnd
        n = rnd.choice([2, 4, 6, 8, 10, 12, 16, 20, 24, 40, 50, 76, 120, 300, 450])
        unit = rnd.choice(["million", "billion", "billion"])
        qual = rnd.choice(["", "", "up to ", "over ", "about "])
        return n, unit, qual, "¥" if rnd.random() < 0.15 else "$"

    def _investments(
        self, topics: list[Entity], places: list[Entity], agreements: list[Entity]
    ) -> None:
        w, rnd = self.w, self.rnd
        firms = [o for o in self.orgs if o.kind == "company"]
        for k in range(rnd.randint(2, 4)):
            investor = rnd.choice(self.nations + firms)
            target = rnd.choice(places + firms + self.nations)
            if target is investor:
                target = places[0]
            t = rnd.choice(topics)
            n, unit, qual, cur = self._amount()
            amount = f"{qual}{cur}{n} {unit}"
            label = f"{w.word()} investment by {investor.label} in {t.label}"
            if not w.names.free(label):
                continue
            w.names.take([label])
            sector = rnd.choice(w.sectors) if rnd.random() < 0.5 else None
            tail = f", in the {self.name(sector)} sector" if sector else ""
            q = self.say(
                f"{self.name(investor)} will invest {amount} in {self.name(target)} "
                f"for {self.name(t)}{tail}."
            )
            inv: dict = {
                "label": label,
                "investor": [self.name(investor)],
                "target": [self.name(target)],
                "amount": amount,
                "concerns": [self.name(t)],
                "year": self.year,
                "evidence": [q],
            }
            if sector:
                inv["sector"] = [self.name(sector)]
            if agreements and rnd.random() < 0.4:
                inv["buildsOn"] = [self.name(rnd.choice(agreements))]
            self.investments.append(inv)
            if k == 0 and rnd.random() < 0.3:  # a total with two parts that add up to it
                inv["aggregate"] = True
                for part, share in enumerate((n // 2, n - n // 2)):
                    plabel = f"{label}, part {part + 1}"
                    w.names.take([plabel])
                    where = rnd.choice(places)
                    pq = self.say(f"Of that sum, {cur}{share} {unit} goes to {self.name(where)}.")
                    self.investments.append(
                        {
                            "label": plabel,
                            "investor": [self.name(investor)],
                            "target": [self.name(where)],
                            "amount": f"{cur}{share} {unit}",
                            "partOf": label,
                            "evidence": [pq],
                        }
                    )

    def _commitments(self, topics: list[Entity], systems: list[Entity]) -> None:
        w, rnd = self.w, self.rnd
        for _ in range(rnd.randint(2, 5)):
            by = rnd.sample(self.nations, rnd.randint(1, 2))
            t = rnd.choice(topics + systems)
            label = f"{w.word()} commitment of {' and '.join(b.label for b in by)} on {t.label}"
            if not w.names.free(label):
                continue
            w.names.take([label])
            who = " and ".join(self.name(b) for b in by)
            c: dict = {
                "label": label,
                "committedBy": [self.name(b) for b in by],
                "concerns": [self.name(t)],
            }
            if rnd.random() < 0.2:
                c["evidence"] = [
                    self.say(f"{who} committed to double their work on {self.name(t)}.")
                ]
                c["factor"] = 2
            elif rnd.random() < 0.2:
                c["evidence"] = [self.say(f"{who} plan to consider new steps on {self.name(t)}.")]
                c["hedged"] = True
            else:
                c["evidence"] = [
                    self.say(f"{who} committed to strengthen cooperation on {self.name(t)}.")
                ]
            self.commitments.append(c)

    def _annotation(self) -> dict:
        return {
            "document": {
                "id": self.doc_id,
                "path": f"{self.doc_id}.txt",
                "title": self.title,
                "author": "Benchmark generator",
            },
            "entities": list(self.declared.values()),
            "relations": self.relations,
            "investments": self.investments,
            "commitments": self.commitments,
        }

    def text(self) -> str:
        paras, para = [], []
        for s in self.sentences:
            para.append(s)
            if len(para) >= 5:
                paras.append(" ".join(para))
                para = []
        if para:
            paras.append(" ".join(para))
        return f"{self.title}\n\nby Benchmark generator\n\n" + "\n\n".join(paras) + "\n"


# --- the corpus -----------------------------------------------------------------------------


def documents_for(size: str | int) -> int:
    """How many generated documents make a corpus of `size` ("10k", "100k", "1m" or a count)."""
    if isinstance(size, int) or str(size).isdigit():
        return int(size)
    try:
        return SIZES[str(size).lower()]
    except KeyError:
        raise SystemExit(f"unknown size {size!r}: one of {', '.join(SIZES)} or a count") from None


def write_documents(sources: Path, documents: int, seed: int = 7) -> list[Path]:
    """Write the example and `documents` generated documents (YAML + text) into `sources`."""
    rnd = random.Random(seed)
    world = World(rnd, documents)
    sources.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix in (".yaml", ".txt"):
        shutil.copy(EXAMPLE.with_suffix(suffix), sources / EXAMPLE.with_suffix(suffix).name)
    written.append(sources / EXAMPLE.name)
    for i in range(1, documents + 1):
        doc = _Doc(world, rnd, i)
        ann = doc.make()
        (sources / f"{doc.doc_id}.txt").write_text(doc.text(), encoding="utf-8")
        path = sources / f"{doc.doc_id}.yaml"
        text = yaml.dump(ann, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(
            f"# generated by benchmarks/corpus.py (seed {seed})\n{text}", encoding="utf-8"
        )
        written.append(path)
    return written


def hold_back(sources: Path, spare: Path) -> Path:
    """Move the last generated document (YAML + text) out of `sources` into `spare`, to be
    added later as one new document; returns its YAML path in `spare`."""
    last = sorted(sources.glob("fact-sheet-*.yaml"))[-1]
    spare.mkdir(parents=True, exist_ok=True)
    for p in (last, last.with_suffix(".txt")):
        shutil.move(p, spare / p.name)
    return spare / last.name


def make_corpus(folder: Path, size: str | int, seed: int = 7) -> Path:
    """An `alliance-kg init` project in `folder` holding a generated corpus of `size`."""
    init_project(folder, name=f"benchmark-{size}")
    write_documents(folder / "graph" / "sources", documents_for(size), seed)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a new project folder (must not be a project)")
    parser.add_argument("--size", default="10k", help="tiny, 10k, 100k, 1m or a document count")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    make_corpus(args.folder, args.size, args.seed)
    print(f"wrote {documents_for(args.size)} documents + the example into {args.folder}")


if __name__ == "__main__":
    main()
