"""Query understanding: words in ``q`` that name a filter become that filter.

"iso 9001 germany" means the standard ISO 9001 and the country Germany, not bodies with
those words in their names. Words naming a standard ("9001", "iso/iec 27001",
"iso27001"), a kind of body ("17025", "lab", "inspection"), a country ("Poland", "UK",
"Deutschland", or an alpha-2 code standing alone in upper case), an accreditation body
("ukas", "Polish Centre for Accreditation") or an IAF sector ("IAF 28") are taken out of
the text; the rest stays a text search. Matching is on folded words (case and accents
never matter), longest phrase first. The vocabulary is built once per reference data.
"""

import re
from dataclasses import dataclass, field

from django_countries import countries

from accreditation.models import IAF_SECTOR_CODES
from bodies.text import fold

LONGEST_PHRASE = 6
# Everyday short forms of country names, besides the English names.
COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "usa": "US",
    "united states": "US",
    "america": "US",
    "deutschland": "DE",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "turkey": "TR",
    "korea": "KR",
    "uae": "AE",
    "viet nam": "VN",
    "russian federation": "RU",
}
# Words for kinds of body, to the applies_to of the CASCO standards they mean.
KIND_WORDS = {
    "lab": ("testing or calibration laboratory", "medical laboratory"),
    "labs": ("testing or calibration laboratory", "medical laboratory"),
    "laboratory": ("testing or calibration laboratory", "medical laboratory"),
    "laboratories": ("testing or calibration laboratory", "medical laboratory"),
    "testing laboratory": ("testing or calibration laboratory",),
    "calibration laboratory": ("testing or calibration laboratory",),
    "calibration": ("testing or calibration laboratory",),
    "medical laboratory": ("medical laboratory",),
    "inspection": ("inspection body",),
    "inspection body": ("inspection body",),
    "product certification": ("product certification body",),
    "personnel": ("personnel certification body",),
    "personnel certification": ("personnel certification body",),
    "persons certification": ("personnel certification body",),
    "management system certification": ("management system certification body",),
    "proficiency testing": ("proficiency testing provider",),
    "reference material": ("reference material producer",),
    "reference materials": ("reference material producer",),
    "validation": ("validation and verification body",),
    "verification": ("validation and verification body",),
}
# Words that only frame a search ("iso 9001 certification bodies in germany"): dropped
# from the text once something else in it was understood.
FRAMING_WORDS = {
    "iso", "iec", "certification", "certifications", "certified", "certifier", "certifiers",
    "certificate", "certificates", "body", "bodies", "company", "companies", "accredited",
    "accreditation", "in", "for", "by", "from", "of", "the", "and", "with", "to", "standard",
}  # fmt: skip
# Acronyms that are everyday words too: understood only when typed in capitals.
ACRONYMS_IN_CAPITALS_ONLY = {"aa", "inn", "sac", "jab", "ema", "cai", "gac", "ias", "oaa", "kab"}
_ALPHA2 = re.compile(r"^[A-Z]{2}$")


@dataclass
class Understanding:
    """What a text query named, and the words left for the text search."""

    standards: list = field(default_factory=list)
    cascos: list = field(default_factory=list)
    accreditation_bodies: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    text: str = ""

    @property
    def understood(self):
        return bool(
            self.standards
            or self.cascos
            or self.accreditation_bodies
            or self.sectors
            or self.countries
        )

    def add(self, meanings):
        for name, value in meanings:
            values = getattr(self, name)
            if value not in values:
                values.append(value)


def _standard_phrases(standard):
    """The ways people type a standard's code: "iso/iec 27001" -> "27001", "iso27001" ..."""
    words = fold(standard.code).split()  # "iso iec 17021 1"
    numbers = [i for i, word in enumerate(words) if word.isdigit()]
    if not numbers:
        return set()
    first = numbers[0]
    number = words[first:]  # ["17021", "1"]
    forms = {tuple(number), (number[0],), (words[first] + "".join(number[1:]),)}
    phrases = set()
    for form in forms:
        for prefix in ((), ("iso",), ("iso", "iec"), ("iec",), ("en", "iso")):
            phrases.add((*prefix, *form))
        phrases.add(("iso" + form[0], *form[1:]))
        phrases.add(("isoiec" + form[0], *form[1:]))
    return phrases


def build_vocabulary(reference):
    """{folded phrase (a tuple of words): [(criterion, value) ...]} for one reference."""
    vocabulary = {}

    def add(phrase, meaning):
        phrase = tuple(phrase)
        if phrase and meaning not in vocabulary.setdefault(phrase, []):
            vocabulary[phrase].append(meaning)

    for standard in reference.standards.values():
        name = "cascos" if standard.is_casco else "standards"
        for phrase in _standard_phrases(standard):
            add(phrase, (name, standard))
    by_kind = {}
    for standard in reference.casco:
        by_kind.setdefault(standard.applies_to, []).append(standard)
    for words, kinds in KIND_WORDS.items():
        for kind in kinds:
            for standard in by_kind.get(kind, []):
                add(words.split(), ("cascos", standard))
    for ab in reference.accreditation_bodies.values():
        acronym = fold(ab.acronym)
        if acronym.replace(" ", "") not in ACRONYMS_IN_CAPITALS_ONLY:
            add(acronym.split(), ("accreditation_bodies", ab))
            add([acronym.replace(" ", "")], ("accreditation_bodies", ab))
        # "Polskie Centrum Akredytacji (Polish Centre for Accreditation)": both names.
        for name in re.split(r"[()]", ab.name):
            if len(fold(name).split()) >= 2:
                add(fold(name).split(), ("accreditation_bodies", ab))
    for code, name in countries:
        add(fold(str(name)).split(), ("countries", code))
    for alias, code in COUNTRY_ALIASES.items():
        add(alias.split(), ("countries", code))
    for code in IAF_SECTOR_CODES:
        for phrase in (("iaf", str(code)), (f"iaf{code}",), ("iaf", "sector", str(code))):
            add(phrase, ("sectors", code))
    return vocabulary


def understand(text, vocabulary, abs_in_capitals=None):
    """The filters ``text`` names and the words left over (``Understanding``)."""
    result = Understanding()
    kept = []
    for token in text.split():
        bare = token.strip(".,;:()\"'")
        if _ALPHA2.match(bare) and bare in countries:
            result.add([("countries", bare)])
        elif abs_in_capitals and bare in abs_in_capitals:
            result.add([("accreditation_bodies", abs_in_capitals[bare])])
        else:
            kept.append(token)
    words = fold(" ".join(kept)).split()
    remaining = []
    position = 0
    while position < len(words):
        for length in range(min(LONGEST_PHRASE, len(words) - position), 0, -1):
            meanings = vocabulary.get(tuple(words[position : position + length]))
            if meanings:
                result.add(meanings)
                position += length
                break
        else:
            remaining.append(words[position])
            position += 1
    if result.understood:
        remaining = [word for word in remaining if word not in FRAMING_WORDS]
    result.text = " ".join(remaining)
    return result


def capitals_only_acronyms(reference):
    """{ACRONYM: accreditation body} for acronyms understood only in capitals ("AA", "SAC")."""
    return {
        ab.acronym.upper(): ab
        for ab in reference.accreditation_bodies.values()
        if fold(ab.acronym).replace(" ", "") in ACRONYMS_IN_CAPITALS_ONLY
    }


def describe(understanding):
    """A short sentence of what was understood: "ISO 9001 bodies in Germany"."""
    kinds = [s.code for s in understanding.standards]
    cascos = [s.get_applies_to_display().lower() for s in understanding.cascos]
    subject = " and ".join(kinds) + (" " if kinds else "")
    subject += " or ".join(dict.fromkeys(cascos)) if cascos else "bodies"
    parts = [subject]
    if understanding.accreditation_bodies:
        parts.append(
            "accredited by " + " or ".join(ab.acronym for ab in understanding.accreditation_bodies)
        )
    if understanding.sectors:
        parts.append("in IAF sector " + " or ".join(str(c) for c in understanding.sectors))
    if understanding.countries:
        parts.append("in " + " or ".join(str(countries.name(c)) for c in understanding.countries))
    return " ".join(parts)
