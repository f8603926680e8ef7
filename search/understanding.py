"""Query understanding: words in ``q`` that name a filter become that filter.

"iso 9001 germany" means the standard ISO 9001 and the country Germany, not bodies with
those words in their names. Words naming a standard ("9001", "iso/iec 27001",
"iso27001"), a kind of body ("17025", "lab", "inspection"), a country ("Poland", "UK",
"Deutschland", or an alpha-2 code standing alone in upper case), an accreditation body
("ukas", "Polish Centre for Accreditation") or an IAF sector ("IAF 28") are taken out of
the text; the rest stays a text search. Matching is on folded words (case and accents
never matter; Cyrillic is transliterated, so "ИСО 9001" is "iso 9001"), longest phrase
first. The vocabulary is built once per reference data.

Words are understood in all the site's languages whatever the page's language: country
names in English, French, Spanish and Russian (django-countries' translations, "Allemagne",
"Alemania", "Германия"), kind words ("laboratoire", "laboratorio", "лаборатория") and the
accreditation bodies' names in each language they have one.
"""

import functools
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from modeltranslation.settings import AVAILABLE_LANGUAGES

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
# The same in French, Spanish and Russian (folded when the vocabulary is built), besides
# django-countries' names; Russian also in the case a search puts them ("в Германии").
COUNTRY_ALIASES_TRANSLATED = {
    "états-unis": "US", "amérique": "US", "angleterre": "GB", "grande-bretagne": "GB",
    "hollande": "NL", "corée": "KR", "tchéquie": "CZ",
    "ee uu": "US", "eeuu": "US", "américa": "US", "inglaterra": "GB", "gran bretaña": "GB",
    "holanda": "NL", "corea": "KR", "república checa": "CZ",
    "сша": "US", "соединенные штаты": "US", "америка": "US", "англия": "GB",
    "британия": "GB", "голландия": "NL", "корея": "KR", "чешская республика": "CZ",
    "германии": "DE", "франции": "FR", "великобритании": "GB", "америке": "US",
    "италии": "IT", "испании": "ES", "польше": "PL", "россии": "RU", "китае": "CN",
    "японии": "JP", "индии": "IN", "турции": "TR", "нидерландах": "NL", "австрии": "AT",
    "швейцарии": "CH", "чехии": "CZ", "финляндии": "FI", "швеции": "SE", "канаде": "CA",
}  # fmt: skip
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
LABS = ("testing or calibration laboratory", "medical laboratory")
TESTING_LAB = ("testing or calibration laboratory",)
MEDICAL_LAB = ("medical laboratory",)
INSPECTION = ("inspection body",)
PRODUCT = ("product certification body",)
PERSONNEL = ("personnel certification body",)
MANAGEMENT_SYSTEM = ("management system certification body",)
PT = ("proficiency testing provider",)
RM = ("reference material producer",)
VV = ("validation and verification body",)
# The same words in French, Spanish and Russian (folded when the vocabulary is built), in the
# CASCO standards' own terms in each language.
KIND_WORDS_TRANSLATED = {
    # French
    "laboratoire": LABS,
    "laboratoires": LABS,
    "labo": LABS,
    "labos": LABS,
    "laboratoire d'essais": TESTING_LAB,
    "laboratoires d'essais": TESTING_LAB,
    "laboratoire d'étalonnage": TESTING_LAB,
    "laboratoires d'étalonnage": TESTING_LAB,
    "étalonnage": TESTING_LAB,
    "laboratoire de biologie médicale": MEDICAL_LAB,
    "laboratoires de biologie médicale": MEDICAL_LAB,
    "biologie médicale": MEDICAL_LAB,
    "laboratoire médical": MEDICAL_LAB,
    "organisme d'inspection": INSPECTION,
    "organismes d'inspection": INSPECTION,
    "certification de produits": PRODUCT,
    "certification des produits": PRODUCT,
    "certification de personnes": PERSONNEL,
    "certification des personnes": PERSONNEL,
    "certification de systèmes de management": MANAGEMENT_SYSTEM,
    "certification des systèmes de management": MANAGEMENT_SYSTEM,
    "essais d'aptitude": PT,
    "matériaux de référence": RM,
    # Spanish
    "laboratorio": LABS,
    "laboratorios": LABS,
    "laboratorio de ensayo": TESTING_LAB,
    "laboratorio de ensayos": TESTING_LAB,
    "laboratorios de ensayo": TESTING_LAB,
    "laboratorio de calibración": TESTING_LAB,
    "laboratorios de calibración": TESTING_LAB,
    "calibración": TESTING_LAB,
    "laboratorio clínico": MEDICAL_LAB,
    "laboratorios clínicos": MEDICAL_LAB,
    "laboratorio médico": MEDICAL_LAB,
    "inspección": INSPECTION,
    "organismo de inspección": INSPECTION,
    "organismos de inspección": INSPECTION,
    "certificación de productos": PRODUCT,
    "certificación de producto": PRODUCT,
    "certificación de personas": PERSONNEL,
    "certificación de sistemas de gestión": MANAGEMENT_SYSTEM,
    "ensayos de aptitud": PT,
    "materiales de referencia": RM,
    "validación": VV,
    "verificación": VV,
    # Russian
    "лаборатория": LABS,
    "лаборатории": LABS,
    "лабораторий": LABS,
    "испытательная лаборатория": TESTING_LAB,
    "испытательные лаборатории": TESTING_LAB,
    "калибровочная лаборатория": TESTING_LAB,
    "калибровочные лаборатории": TESTING_LAB,
    "калибровка": TESTING_LAB,
    "медицинская лаборатория": MEDICAL_LAB,
    "медицинские лаборатории": MEDICAL_LAB,
    "инспекция": INSPECTION,
    "орган инспекции": INSPECTION,
    "органы инспекции": INSPECTION,
    "сертификация продукции": PRODUCT,
    "сертификации продукции": PRODUCT,
    "сертификация персонала": PERSONNEL,
    "сертификации персонала": PERSONNEL,
    "сертификация систем менеджмента": MANAGEMENT_SYSTEM,
    "сертификации систем менеджмента": MANAGEMENT_SYSTEM,
    "проверка квалификации": PT,
    "проверки квалификации": PT,
    "стандартные образцы": RM,
    "стандартных образцов": RM,
    "валидация": VV,
    "верификация": VV,
}
# Words that only frame a search ("iso 9001 certification bodies in germany"): dropped
# from the text once something else in it was understood.
FRAMING_WORDS = {
    "iso", "iec", "certification", "certifications", "certified", "certifier", "certifiers",
    "certificate", "certificates", "body", "bodies", "company", "companies", "accredited",
    "accreditation", "in", "for", "by", "from", "of", "the", "and", "with", "to", "standard",
}  # fmt: skip
# The same in French, Spanish and Russian, folded ("организм" and "d'" alike: "d" is a word).
FRAMING_WORDS_TRANSLATED = {
    "organisme", "organismes", "certifié", "certifiés", "certificat", "certificats",
    "accrédité", "accrédités", "norme", "entreprise", "entreprises", "de", "des", "du", "d",
    "en", "au", "aux", "la", "le", "les", "l", "et", "pour", "par", "dans",
    "organismo", "organismos", "certificación", "certificado", "certificados", "acreditado",
    "acreditados", "acreditación", "norma", "empresa", "empresas", "del", "el", "los", "las",
    "y", "con", "para", "por",
    "орган", "органы", "органов", "сертификация", "сертификации", "сертификат",
    "сертификаты", "аккредитация", "аккредитации", "аккредитованные", "стандарт",
    "компания", "компании", "в", "во", "по", "и", "для", "из",
}  # fmt: skip
# Acronyms that are everyday words too: understood only when typed in capitals.
FRAMING = FRAMING_WORDS | {fold(word) for word in FRAMING_WORDS_TRANSLATED}
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
        # "ИСО/МЭК 27001" folds to "iso mek 27001".
        for prefix in ((), ("iso",), ("iso", "iec"), ("iec",), ("en", "iso"), ("iso", "mek")):
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
    for words, kinds in (*KIND_WORDS.items(), *KIND_WORDS_TRANSLATED.items()):
        for kind in kinds:
            for standard in by_kind.get(kind, []):
                add(fold(words).split(), ("cascos", standard))
    for ab in reference.accreditation_bodies.values():
        acronym = fold(ab.acronym)
        if acronym.replace(" ", "") not in ACRONYMS_IN_CAPITALS_ONLY:
            add(acronym.split(), ("accreditation_bodies", ab))
            add([acronym.replace(" ", "")], ("accreditation_bodies", ab))
        # "Polskie Centrum Akredytacji (Polish Centre for Accreditation)": both names, and
        # its names in the other languages ("Conseil canadien des normes").
        for translated in _translations(ab, "name"):
            for name in re.split(r"[()]", translated):
                if len(fold(name).split()) >= 2:
                    add(fold(name).split(), ("accreditation_bodies", ab))
    for phrase, code in country_phrases():
        add(phrase, ("countries", code))
    for alias, code in (*COUNTRY_ALIASES.items(), *COUNTRY_ALIASES_TRANSLATED.items()):
        add(fold(alias).split(), ("countries", code))
    for code in IAF_SECTOR_CODES:
        for phrase in (("iaf", str(code)), (f"iaf{code}",), ("iaf", "sector", str(code))):
            add(phrase, ("sectors", code))
    return vocabulary


def _translations(instance, field):
    """``field``'s text in each language (accreditation/translation.py), without repeats."""
    texts = (getattr(instance, f"{field}_{code}", None) for code in AVAILABLE_LANGUAGES)
    return dict.fromkeys(text for text in (getattr(instance, field), *texts) if text)


@functools.cache
def country_phrases():
    """(folded name, code) for every country's name in each language the reference data is kept
    in (``MODELTRANSLATION_LANGUAGES``), as django-countries translates it; once per process."""
    phrases = {}
    for language in AVAILABLE_LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                phrases.setdefault(tuple(fold(str(name)).split()), code)
    return list(phrases.items())


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
        remaining = [word for word in remaining if word not in FRAMING]
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
    """A short phrase of what was understood, in the active language: "ISO 9001 bodies in
    Germany" (the page says "Showing …" around it)."""
    either = " {} ".format(_("or"))
    kinds = [s.code for s in understanding.standards]
    cascos = [s.get_applies_to_display().lower() for s in understanding.cascos]
    holders = either.join(dict.fromkeys(cascos)) if cascos else _("bodies")
    if kinds:
        subject = _("%(standards)s %(holders)s") % {
            "standards": " {} ".format(_("and")).join(kinds),
            "holders": holders,
        }
    else:
        subject = holders
    parts = [subject]
    if understanding.accreditation_bodies:
        names = either.join(ab.acronym for ab in understanding.accreditation_bodies)
        parts.append(_("accredited by %(names)s") % {"names": names})
    if understanding.sectors:
        codes = either.join(str(code) for code in understanding.sectors)
        parts.append(_("in IAF sector %(codes)s") % {"codes": codes})
    if understanding.countries:
        names = either.join(str(countries.name(code)) for code in understanding.countries)
        parts.append(_("in %(countries)s") % {"countries": names})
    return " ".join(parts)
