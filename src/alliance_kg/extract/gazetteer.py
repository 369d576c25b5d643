"""Names the extractor already knows: the project's entities, nations and their subdivisions.

Every name maps to one `Entry`: a project entity (label, class, IRI: drafts name it by its label
and never declare it again, so identity across documents holds), a nation from pycountry (common
and official names, "U.S." / "USA" style short forms, demonyms) or a subdivision (US states,
prefectures, provinces). `Gazetteer.patterns` turns them into spaCy `EntityRuler` patterns whose
ids are the entries' keys.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry

from .lexicon import CAPITALS, FUNCTION_WORDS, GENERIC_WORDS

if TYPE_CHECKING:
    from ..names import Declaration, NameIndex
    from ..ontology import Vocabulary
    from ..project import Project

#: short names and demonyms pycountry lacks: alpha-2 → label first, then other names
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "U.S.", "US", "USA", "U.S.A.",
           "America", "American", "Americans"),
    "JP": ("Japan", "Japanese"),
    "KR": ("South Korea", "Republic of Korea", "ROK", "Korea", "Korean", "South Korean"),
    "KP": ("North Korea", "DPRK", "Democratic People's Republic of Korea", "North Korean"),
    "CN": ("China", "People's Republic of China", "PRC", "Chinese"),
    "TW": ("Taiwan", "Taiwanese"),
    "GB": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "British"),
    "AU": ("Australia", "Australian"),
    "NZ": ("New Zealand",),
    "IN": ("India", "Indian"),
    "PH": ("Philippines", "the Philippines", "Philippine", "Filipino"),
    "VN": ("Vietnam", "Viet Nam", "Vietnamese", "Socialist Republic of Vietnam"),
    "RU": ("Russia", "Russian Federation", "Russian"),
    "UA": ("Ukraine", "Ukrainian"),
    "IR": ("Iran", "Iranian"),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "FR": ("France", "French"),
    "DE": ("Germany", "German"),
    "IT": ("Italy", "Italian"),
    "CA": ("Canada", "Canadian"),
    "ID": ("Indonesia", "Indonesian"),
    "MY": ("Malaysia", "Malaysian"),
    "TH": ("Thailand", "Thai"),
    "SG": ("Singapore", "Singaporean"),
    "IL": ("Israel", "Israeli"),
    "SA": ("Saudi Arabia", "Saudi"),
    "AE": ("United Arab Emirates", "UAE", "Emirati"),
    "PL": ("Poland", "Polish"),
    "NL": ("Netherlands", "the Netherlands", "Dutch"),
    "ES": ("Spain", "Spanish"),
    "MX": ("Mexico", "Mexican"),
    "BR": ("Brazil", "Brazilian"),
    "TR": ("Türkiye", "Turkey", "Turkish"),
    "EG": ("Egypt", "Egyptian"),
    "PK": ("Pakistan", "Pakistani"),
    "SE": ("Sweden", "Swedish"),
    "NO": ("Norway", "Norwegian"),
    "FI": ("Finland", "Finnish"),
    "DK": ("Denmark", "Danish"),
    "CZ": ("Czech Republic", "Czechia", "Czech"),
    "VE": ("Venezuela", "Venezuelan"),
    "BO": ("Bolivia", "Bolivian"),
    "TZ": ("Tanzania", "Tanzanian"),
    "MD": ("Moldova", "Moldovan"),
    "LT": ("Lithuania", "Lithuanian"),
    "LV": ("Latvia", "Latvian"),
    "EE": ("Estonia", "Estonian"),
    "BE": ("Belgium", "Belgian"),
    "AT": ("Austria", "Austrian"),
    "CH": ("Switzerland", "Swiss"),
    "PT": ("Portugal", "Portuguese"),
    "GR": ("Greece", "Greek"),
    "HU": ("Hungary", "Hungarian"),
    "RO": ("Romania", "Romanian"),
    "BG": ("Bulgaria", "Bulgarian"),
    "SK": ("Slovakia", "Slovak"),
    "SI": ("Slovenia", "Slovenian"),
    "HR": ("Croatia", "Croatian"),
    "RS": ("Serbia", "Serbian"),
    "IE": ("Ireland", "Irish"),
    "IS": ("Iceland", "Icelandic"),
    "CY": ("Cyprus", "Cypriot"),
    "QA": ("Qatar", "Qatari"),
    "KW": ("Kuwait", "Kuwaiti"),
    "OM": ("Oman", "Omani"),
    "BH": ("Bahrain", "Bahraini"),
    "JO": ("Jordan", "Jordanian"),
    "IQ": ("Iraq", "Iraqi"),
    "MA": ("Morocco", "Moroccan"),
    "DZ": ("Algeria", "Algerian"),
    "NG": ("Nigeria", "Nigerian"),
    "KE": ("Kenya", "Kenyan"),
    "GH": ("Ghana", "Ghanaian"),
    "ZA": ("South Africa", "South African"),
    "ET": ("Ethiopia", "Ethiopian"),
    "AR": ("Argentina", "Argentine", "Argentinian"),
    "CL": ("Chile", "Chilean"),
    "CO": ("Colombia", "Colombian"),
    "PE": ("Peru", "Peruvian"),
    "BD": ("Bangladesh", "Bangladeshi"),
    "LK": ("Sri Lanka", "Sri Lankan"),
    "NP": ("Nepal", "Nepali", "Nepalese"),
    "MN": ("Mongolia", "Mongolian"),
    "KZ": ("Kazakhstan", "Kazakh"),
    "KH": ("Cambodia", "Cambodian"),
    "MM": ("Myanmar", "Burmese"),
    "BN": ("Brunei", "Bruneian"),
    "GE": ("Georgia", "Georgian"),
    "AM": ("Armenia", "Armenian"),
    "AZ": ("Azerbaijan", "Azerbaijani"),
    "BY": ("Belarus", "Belarusian"),
    "FJ": ("Fiji", "Fijian"),
    "PG": ("Papua New Guinea", "Papua New Guinean"),
    "ZM": ("Zambia", "Zambian"),
    "AO": ("Angola", "Angolan"),
    "MZ": ("Mozambique", "Mozambican"),
    "NA": ("Namibia", "Namibian"),
    "ZW": ("Zimbabwe", "Zimbabwean"),
    "UG": ("Uganda", "Ugandan"),
    "RW": ("Rwanda", "Rwandan"),
    "SN": ("Senegal", "Senegalese"),
    "TN": ("Tunisia", "Tunisian"),
    "EC": ("Ecuador", "Ecuadorian"),
    "UY": ("Uruguay", "Uruguayan"),
    "PY": ("Paraguay", "Paraguayan"),
}  # fmt: skip

#: subdivision types that are places a text names on their own (states, prefectures, …)
_SUBDIVISION_TYPES = frozenset(
    {"State", "Province", "Prefecture", "Metropolis", "Territory", "Outlying area", "District",
     "Land", "Autonomous region", "Autonomous community", "Republic", "Metropolitan city",
     "Special municipality", "Special city", "Special self-governing city",
     "Special self-governing province",
     "Nation", "Country", "Emirate", "Union territory", "Capital territory", "Capital district",
     "Region", "Autonomous province"}
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One known thing: its key, canonical label, class, and whether the project declares it."""

    key: str  # the IRI of a project entity, "iso:JP" for a nation, "sub:US-TN" for a subdivision
    label: str
    cls: str
    names: tuple[str, ...]
    iri: str | None = None  # set for project entities
    iso: str | None = None  # nations: their alpha-2; subdivisions: their country's
    source: str = "project"  # project | pycountry | capital | subdivision

    @property
    def known(self) -> bool:
        """Whether the project declares it (drafts then name it, never declare it again)."""
        return self.iri is not None


@dataclass
class Gazetteer:
    """Known names → entries, and the project's declarations (for loading a draft)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    declarations: list[Declaration] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        """Add an entry; a name already taken keeps its first owner (project names first)."""
        self.entries[entry.key] = entry
        for name in entry.names:
            if usable_name(name):
                self.by_name.setdefault(name, entry.key)

    def lookup(self, name: str) -> Entry | None:
        """The entry a surface form names (case-sensitive, then case-insensitive), if any."""
        key = self.by_name.get(name)
        if key is None:
            folded = name.casefold()
            key = next((k for n, k in self._folded() if n == folded), None)
        return self.entries.get(key) if key else None

    def _folded(self) -> list[tuple[str, str]]:
        cached = getattr(self, "_folded_cache", None)
        if cached is None or len(cached) != len(self.by_name):
            cached = [(n.casefold(), k) for n, k in self.by_name.items()]
            object.__setattr__(self, "_folded_cache", cached)
        return cached

    def nation(self, iso: str) -> Entry | None:
        """The entry of the nation with this alpha-2 code (project or pycountry)."""
        for entry in self.entries.values():
            nation = (entry.iso == iso and entry.cls == "Nation") or entry.key == f"iso:{iso}"
            if nation and entry.source not in ("subdivision", "capital"):
                return entry
        return None

    def patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler phrase patterns: one per name, labelled GAZ, id = the entry key."""
        return [
            {"label": "GAZ", "pattern": name, "id": key}
            for name, key in sorted(self.by_name.items())
        ]

    # -- building -------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        index: NameIndex | None = None,
        vocab: Vocabulary | None = None,
        *,
        countries: bool = True,
        subdivisions: bool = True,
    ) -> Gazetteer:
        """Project entities of `index` first, then pycountry's nations and subdivisions."""
        gaz = cls()
        merged: set[str] = set()
        if index is not None:
            gaz.declarations = list(index.declarations)
            for entity in index.entities:
                if entity.cls in ("Investment", "Commitment") or (
                    vocab is not None
                    and entity.cls in vocab.classes
                    and vocab.core_class(entity.cls) in ("Investment", "Commitment")
                ):
                    continue
                iso = next((d.iso for d in entity.members if d.iso), None)
                names = list(entity.names())
                if iso and countries:  # a nation: its pycountry names join the project's
                    names += [n for n in _country_names(iso) if n not in names]
                    merged.add(iso)
                gaz.add(Entry(str(entity.iri), entity.label, entity.cls, tuple(names),
                              iri=str(entity.iri), iso=iso))  # fmt: skip
        if countries:
            for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
                if country.alpha_2 in merged:
                    continue
                names = _country_names(country.alpha_2)
                gaz.add(Entry(f"iso:{country.alpha_2}", names[0], "Nation", tuple(names),
                              iso=country.alpha_2, source="pycountry"))  # fmt: skip
        if countries:  # capitals before subdivisions: "Tokyo", "Seoul", "Washington" the cities
            for iso, names in sorted(CAPITALS.items()):
                if any(n in gaz.by_name for n in names):
                    continue  # the project's own entry wins
                gaz.add(Entry(f"capital:{iso}", names[0], "City", names, iso=iso,
                              source="capital"))  # fmt: skip
        if subdivisions:
            for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
                if sub.type not in _SUBDIVISION_TYPES or sub.parent_code:
                    continue
                names = tuple(dict.fromkeys(n for n in (sub.name, _ascii(sub.name)) if n))
                if any("," in n or "(" in n or "[" in n for n in names):
                    continue
                if any(n in gaz.by_name for n in names):
                    continue  # a country's or the project's name wins ("Georgia")
                gaz.add(Entry(f"sub:{sub.code}", names[-1], "Subdivision", names,
                              iso=sub.country_code, source="subdivision"))  # fmt: skip
        return gaz

    @classmethod
    def from_project(
        cls, project: Project, vocab: Vocabulary, *, exclude: Sequence[Path] = ()
    ) -> Gazetteer:
        """The gazetteer of a project's annotations (those about the `exclude` texts left out,
        so a document already annotated is drafted without its own answers)."""
        from ..annotation import read_annotation
        from ..errors import InputError
        from ..names import NameIndex

        skip = {Path(p).resolve() for p in exclude}
        anns = []
        for path in project.source_files():
            try:
                ann = read_annotation(path)
            except InputError:
                continue  # a broken file is its own validation's business
            if ann.doc_path.resolve() not in skip:
                anns.append(ann)
        try:
            index = NameIndex.build(anns, vocab)
        except InputError:
            index = None
        return cls.build(index, vocab)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


#: how a state's formal name begins, when pycountry gives none ("Commonwealth of Australia")
_FORMAL_STYLES = ("Commonwealth", "Kingdom", "Republic", "State")


def _country_names(iso: str) -> list[str]:
    """Label first (the common short form), then pycountry's names and the demonyms."""
    country = pycountry.countries.get(alpha_2=iso)
    extra = COUNTRY_NAMES.get(iso, ())
    names = list(extra)
    if country is not None:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and value not in names:
                names.append(value)
        if getattr(country, "official_name", None) is None and names:
            # pycountry gives no formal name ("Commonwealth of Australia", "State of Japan"):
            # the usual formal styles of the short name
            names += [f"{style} of {names[0]}" for style in _FORMAL_STYLES]
    if not names and country is not None:
        names.append(country.name)
    return names


def usable_name(name: str) -> bool:
    """Whether a name can be matched in running text: not too short, not generic.

    Generic names ("Statement of Intent", "Memorandum of Cooperation") name a kind, not a
    thing, so they never resolve to a known entity.
    """
    words = name.replace("-", " ").split()
    if len(name) < 2 or not words:
        return False
    return not all(w.lower() in GENERIC_WORDS or w.lower() in FUNCTION_WORDS for w in words)


def names_of(entries: Iterable[Entry]) -> list[str]:
    """Every name of the entries, sorted (for tests and reports)."""
    return sorted({n for e in entries for n in e.names})
