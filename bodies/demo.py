# ruff: noqa: RUF001 - Turkish dotless i and en dashes in names are meant.
"""Fictional but realistic conformity assessment bodies, for demos and load tests (seed_demo).

Names, cities, addresses and contact details come from per-country pools in the
local language (with its diacritics); accreditations are granted by the real
accreditation bodies in the database, numbered the way each of them numbers its
accreditations. Every choice comes from one ``random.Random(seed)``, so the same seed
and count give the same names, slugs, numbers and statuses on any run into an empty
directory. Domains are all under ``.example`` (RFC 2606); phone numbers use the
ranges reserved for fiction where a country has one.
"""

import datetime
import itertools
import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries
from unidecode import unidecode

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationSector,
    AccreditationStandard,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody
from bodies.text import SlugAllocator

BATCH_SIZE = 2000
UNACCREDITED_SHARE = 0.10
# Chance that an accreditation comes from an AB of the body's own country, when one
# accredits that kind of body; the rest go to the big international ABs.
HOME_SHARE = 0.85
ALIAS_SHARE = 0.16
NAME_ATTEMPTS = 25


def _p(text):
    """A pool from a "|"-separated string (kept compact: the pools are long)."""
    return tuple(item.strip() for item in text.split("|"))


# Words left out of a body's made-up domain name: legal prefixes and little words.
DOMAIN_SKIP = frozenset(
    _p(
        "ippan|shadan|zaidan|hojin|kabushiki|kaisha|ju|stichting|a|and|da|das|de|del|des|di|"
        "do|dos|du|e|fur|i|l|la|le|of|pro|the|und|y"
    )
)


# ---------------------------------------------------------------------------
# Languages: the words names are made of. Families: "cert" (certification and
# verification bodies), "lab", "medical" (laboratories) and "inspection".
# Template slots: core, brand, region, city, of_city, surname, surname2, legal.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    cores: dict
    templates: tuple
    extra: dict
    brands: tuple
    surnames: tuple
    streets: tuple
    mailboxes: tuple
    of: str = ""  # preposition before a city name ("de", "di"); "fr" elides "de"


BRANDS_LATIN = _p(
    "Certa|Qualitas|Normex|Veritec|Auditas|Konform|Integra|Optima|Primus|Systema|"
    "Nova|Delta|Omega|Atlas|Vector|Axiom|Kappa|Sigma|Certis|Probatus|Fidelis|"
    "Securis|Quantum|Unitas|Lumen|Aurum|Solida|Proxima|Metrica|Exacta|Claritas|"
    "Vigil|Tessera|Orbis|Nexus|Praxis|Verum|Cardo|Aequitas|Summa|Orion|Meridian|"
    "Kompass|Arcus|Stella|Polaris|Fortis|Libra"
)

LANGUAGES = {
    "de": Language(
        cores={
            "cert": _p(
                "Zertifizierung|Zertifizierungsstelle|Gesellschaft für Qualitätssicherung|"
                "Institut für Qualitätsmanagement|Qualitätsprüfung|Systemzertifizierung|"
                "Prüf- und Zertifizierungsinstitut|Zertifizierungsdienste|"
                "Audit und Zertifizierung|Gesellschaft für Konformitätsbewertung|"
                "Zertifizierungsbüro|Umweltgutachter|Personenzertifizierung|"
                "Produktzertifizierung"
            ),
            "lab": _p(
                "Prüflabor|Prüflaboratorium|Analytik|Umweltanalytik|Werkstoffprüfung|"
                "Kalibrierlabor|Kalibrierdienst|Institut für Materialprüfung|"
                "Lebensmittelanalytik|Prüf- und Kalibrierlabor|Labor für Bauphysik|Messtechnik|"
                "Wasseranalytik"
            ),
            "medical": _p(
                "Labor für Laboratoriumsmedizin|Medizinisches Labor|MVZ Labordiagnostik|"
                "Institut für Labormedizin|Labor für Mikrobiologie|Fachlabor für Pathologie"
            ),
            "inspection": _p(
                "Sachverständigenbüro|Technische Überwachung|Inspektionsstelle|"
                "Ingenieurbüro für Anlagensicherheit|Prüfstelle für Aufzüge|"
                "Überwachungsgesellschaft|Gutachterdienst|Prüfdienst Druckgeräte"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{brand} {core} {region} {legal}",
            "{core} {city} {legal}",
            "{brand} {core} {city} {legal}",
            "{surname} & Partner {core} {legal}",
            "{core} Dr. {surname} {legal}",
            "{surname} {core} {legal}",
        ),
        extra={
            "cert": (
                "Zertifizierungsgesellschaft {region} mbH",
                "Zertifizierungsgesellschaft {city} mbH",
                "{brand} Zertifizierungsgesellschaft mbH",
                "Gesellschaft für Qualitätssicherung und Zertifizierung {region} mbH",
            ),
            "lab": ("Institut Dr. {surname} {legal}", "Labor {surname} & {surname2} {legal}"),
            "medical": (
                "Labor Dr. {surname} und Kollegen",
                "MVZ Labor {city} {legal}",
                "Gemeinschaftspraxis für Labormedizin Dr. {surname}",
            ),
            "inspection": (
                "Ingenieurbüro {surname} {legal}",
                "Sachverständigenbüro {surname} & {surname2}",
            ),
        },
        brands=BRANDS_LATIN
        + _p(
            "Prüfwerk|Qualitätswerk|Normtreu|Südcert|Nordcert|Rheincert|Alpencert|"
            "Hansecert|Elbcert|Mainprüf|Isarlab|Weserprüf|Frankencert|Schwabencert|"
            "Ostseecert|Zugspitz"
        ),
        surnames=_p(
            "Müller|Schäfer|Schröder|Köhler|Weiß|Groß|Jäger|Krüger|Hoffmann|Becker|Wagner|"
            "Schulz|Fischer|Neumann|Zimmermann|Braun|Hartmann|Lange|Werner|Böhm|Vogel|"
            "Friedrich|Günther|Lorenz|Dietrich|Schmitt|Kühn|Möller|Schütz|Bäcker"
        ),
        streets=_p(
            "Hauptstraße|Industriestraße|Bahnhofstraße|Gewerbepark|Am Technologiepark|"
            "Lindenallee|Schillerstraße|Goethestraße|Mühlenweg|Friedrich-Ebert-Straße|"
            "Robert-Bosch-Straße|Carl-Zeiss-Ring|Kaiserstraße|Marktplatz|Siemensstraße|"
            "Europaallee|Gutenbergstraße|Am Mühlbach"
        ),
        mailboxes=_p("info|kontakt|office|zentrale|service"),
    ),
    "fr": Language(
        cores={
            "cert": _p(
                "Bureau de Certification|Institut de Certification|Organisme de Certification|"
                "Association pour la Certification|Centre d'Évaluation|"
                "Office de Certification des Systèmes|Agence de Certification Qualité|"
                "Certification et Audit|Évaluation et Certification|Qualité Certification"
            ),
            "lab": _p(
                "Laboratoire d'Analyses|Laboratoire d'Essais|Laboratoire de Métrologie|"
                "Centre d'Essais|Laboratoire d'Étalonnage|"
                "Institut d'Analyses Environnementales|Laboratoire des Matériaux|"
                "Laboratoire Agroalimentaire|Laboratoire des Eaux"
            ),
            "medical": _p(
                "Laboratoire de Biologie Médicale|Laboratoire d'Analyses Médicales|"
                "Centre de Biologie Médicale|Laboratoire de Pathologie"
            ),
            "inspection": _p(
                "Bureau de Contrôle Technique|Contrôle et Prévention|Société d'Inspection|"
                "Cabinet d'Expertise|Organisme d'Inspection|Vérifications Techniques|"
                "Contrôle des Installations"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{core} {of_city} {legal}",
            "{core} {brand} {legal}",
            "{core} {surname} {legal}",
            "{brand} {core} {region} {legal}",
        ),
        extra={
            "cert": (
                "Société d'Évaluation de la Conformité {region} {legal}",
                "Société d'Évaluation de la Conformité {brand} {legal}",
            ),
            "inspection": ("{surname} & Associés {legal}", "{surname} Expertises {legal}"),
        },
        brands=BRANDS_LATIN
        + _p(
            "Qualiphare|Certiléo|Élan|Prévéris|Sécuréa|Azur|Hexagone|Véricert|Contrôlex|"
            "Armor|Cévennes|Alizé|Mistral|Étoile|Sémaphore|Horizon"
        ),
        surnames=_p(
            "Lefèvre|Girard|Moreau|Bérenger|Lemaître|Fournier|Rousseau|Dubois|Mercier|"
            "Benoît|Chevalier|Gauthier|Faure|Rivière|Leclerc|Barbier|Perrin|Lévêque|"
            "Duchêne|Brunet"
        ),
        streets=_p(
            "rue de la République|avenue Jean Jaurès|boulevard Voltaire|rue Pasteur|"
            "rue des Écoles|allée des Érables|rue du Général de Gaulle|avenue de l'Europe|"
            "chemin des Prés|place de la Gare|rue Émile Zola|rue de l'Industrie|"
            "boulevard René-Lévesque|rue Saint-Honoré|avenue des Champs"
        ),
        mailboxes=_p("contact|info|accueil|secretariat"),
        of="fr",
    ),
    "nl": Language(
        cores={
            "cert": _p(
                "Certificatie|Certificeringsinstituut|Kwaliteitsborging|"
                "Certificatie-instelling|Bureau voor Certificering|Audit & Certificering|"
                "Certificering en Keuring|Kwaliteitscertificering"
            ),
            "lab": _p(
                "Laboratorium|Analyselaboratorium|Testlaboratorium|Kalibratielaboratorium|"
                "Milieulaboratorium|Materiaalonderzoek|Voedingsmiddelenlab"
            ),
            "medical": _p(
                "Medisch Laboratorium|Klinisch Laboratorium|Laboratorium voor Klinische Chemie|"
                "Medisch Diagnostisch Centrum"
            ),
            "inspection": _p(
                "Keuringsdienst|Inspectiebureau|Technische Inspectie|Keuringen|Expertisebureau|"
                "Keuringsinstituut"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{core} {city} {legal}",
            "{surname} {core} {legal}",
            "{brand} {core} {region} {legal}",
        ),
        extra={"cert": ("Stichting {core} {region}", "Stichting {brand} {core}")},
        brands=BRANDS_LATIN + _p("Kwaliteit|Dijkstra|Deltacert|Polder|Zeelandia|Oranje|Duin"),
        surnames=_p(
            "de Vries|van Dijk|Bakker|Janssen|Visser|Smit|de Boer|Mulder|de Groot|Bos|Vos|"
            "Peeters|Maes|Claes|Willems|Hendriks|van Leeuwen|Dekker"
        ),
        streets=_p(
            "Stationsweg|Kerkstraat|Industrieweg|Dorpsstraat|Molenweg|Parallelweg|"
            "Nijverheidsweg|Europalaan|Handelskade|Hoofdweg|Science Park|Marktstraat"
        ),
        mailboxes=_p("info|contact|secretariaat"),
    ),
    "it": Language(
        cores={
            "cert": _p(
                "Certificazione|Istituto di Certificazione|Ente di Certificazione|"
                "Organismo di Certificazione|Certificazione Qualità|Società di Certificazione|"
                "Servizi di Certificazione|Agenzia per la Qualità|Qualità e Sicurezza"
            ),
            "lab": _p(
                "Laboratorio Analisi|Laboratorio Prove|Laboratorio di Taratura|"
                "Centro Prove Materiali|Laboratorio Chimico|Istituto di Ricerche e Analisi|"
                "Laboratorio Agroalimentare"
            ),
            "medical": _p(
                "Laboratorio di Analisi Cliniche|Centro Diagnostico|Laboratorio Medico|"
                "Poliambulatorio e Laboratorio"
            ),
            "inspection": _p(
                "Ispezioni Tecniche|Organismo di Ispezione|Verifiche Impianti|Studio Tecnico|"
                "Controlli e Collaudi|Verifiche Periodiche"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{core} {brand} {legal}",
            "{core} {of_city} {legal}",
            "{core} {surname} {legal}",
            "{brand} {core} {region} {legal}",
        ),
        extra={"inspection": ("Studio {surname} & {surname2} {legal}",)},
        brands=BRANDS_LATIN
        + _p("Tricolore|Italcert|Qualità Italia|Penisola|Vesuvio|Etna|Dolomiti"),
        surnames=_p(
            "Rossi|Bianchi|Ferrari|Esposito|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|"
            "Conti|De Luca|Mancini|Costa|Giordano|Rizzo|Lombardi|Barbieri|Fontana|Niccolò"
        ),
        streets=_p(
            "Via Roma|Via Garibaldi|Via Mazzini|Corso Italia|Via dell'Industria|"
            "Viale Europa|Via Cavour|Via della Tecnica|Piazza della Libertà|Via dei Mille|"
            "Via San Francesco|Via Nazionale|Viale dell'Università"
        ),
        mailboxes=_p("info|segreteria|amministrazione"),
        of="di",
    ),
    "es": Language(
        cores={
            "cert": _p(
                "Certificación|Entidad de Certificación|Instituto de Certificación|"
                "Organismo de Certificación|Evaluación de la Conformidad|"
                "Auditoría y Certificación|Calidad y Certificación|Servicios de Certificación"
            ),
            "lab": _p(
                "Laboratorio de Ensayos|Laboratorio de Análisis|Laboratorio de Calibración|"
                "Centro de Ensayos|Laboratorios Técnicos|Análisis Químicos|"
                "Laboratorio de Metrología|Laboratorio Agroalimentario"
            ),
            "medical": _p(
                "Laboratorio Clínico|Análisis Clínicos|Laboratorio de Diagnóstico|"
                "Centro de Diagnóstico Médico"
            ),
            "inspection": _p(
                "Organismo de Control|Inspección Técnica|Inspecciones y Verificaciones|"
                "Control Técnico|Ingeniería de Inspección|Verificaciones Industriales"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{core} {of_city} {legal}",
            "{core} {brand} {legal}",
            "{core} {surname} y Asociados {legal}",
            "{brand} {core} {region} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Ibercert|Hispacal|Norcontrol|Sur Calidad|Qualitec|Cóndor|Áncora"),
        surnames=_p(
            "García|Martínez|López|Sánchez|Pérez|Gómez|Fernández|Rodríguez|González|Díaz|"
            "Muñoz|Álvarez|Jiménez|Ruiz|Hernández|Ramírez|Núñez|Ibáñez|Castaño|Peña"
        ),
        streets=_p(
            "Calle Mayor|Avenida de la Constitución|Calle Real|Calle San Martín|"
            "Avenida Principal|Calle de la Industria|Avenida Bolívar|Calle Los Álamos|"
            "Avenida Libertad|Calle Hidalgo|Avenida Colón|Parque Tecnológico|"
            "Calle Ramón y Cajal"
        ),
        mailboxes=_p("info|contacto|atencion|administracion"),
        of="de",
    ),
    "pt": Language(
        cores={
            "cert": _p(
                "Certificação|Instituto de Certificação|Organismo de Certificação|"
                "Avaliação da Conformidade|Auditoria e Certificação|Qualidade e Certificação|"
                "Serviços de Certificação|Associação para a Certificação"
            ),
            "lab": _p(
                "Laboratório de Ensaios|Laboratório de Análises|Laboratório de Calibração|"
                "Centro de Ensaios|Análises Químicas|Laboratório de Metrologia|"
                "Laboratório de Águas"
            ),
            "medical": _p(
                "Laboratório de Análises Clínicas|Laboratório Clínico|Centro de Diagnóstico|"
                "Medicina Laboratorial"
            ),
            "inspection": _p(
                "Inspeção Técnica|Organismo de Inspeção|Vistorias e Inspeções|Controlo Técnico|"
                "Inspeções e Ensaios"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{core} {brand} {legal}",
            "{core} {city} {legal}",
            "{surname} & {surname2} {core} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Lusocert|Atlântico|Brasilcert|Ipê|Jacarandá|Tejo|Sertão|Açor"),
        surnames=_p(
            "Silva|Santos|Ferreira|Pereira|Oliveira|Costa|Rodrigues|Martins|Gonçalves|"
            "Sousa|Fernandes|Gomes|Lopes|Marques|Araújo|Magalhães|Conceição|Brandão|Simões|"
            "Gusmão"
        ),
        streets=_p(
            "Rua Augusta|Avenida da Liberdade|Rua Direita|Rua da Indústria|"
            "Avenida Paulista|Rua das Flores|Avenida Brasil|Rua XV de Novembro|"
            "Rua do Comércio|Avenida Dom João II|Rua São João|Travessa da Conceição|"
            "Avenida Getúlio Vargas"
        ),
        mailboxes=_p("geral|contato|info|atendimento"),
    ),
    "pl": Language(
        cores={
            "cert": _p(
                "Biuro Certyfikacji|Centrum Certyfikacji|Polskie Biuro Certyfikacji|"
                "Instytut Jakości|Ośrodek Badań i Certyfikacji|Agencja Oceny Zgodności|"
                "Zakład Certyfikacji|Śląskie Centrum Certyfikacji|Pomorskie Biuro Certyfikacji|"
                "Mazowiecki Instytut Jakości|Wielkopolska Agencja Certyfikacji|"
                "Centrum Certyfikacji Systemów Zarządzania"
            ),
            "lab": _p(
                "Laboratorium Badawcze|Laboratorium Badań Środowiskowych|"
                "Centrum Badań Materiałowych|Laboratorium Wzorcujące|"
                "Laboratorium Analiz Żywności|Pracownia Badań Chemicznych|"
                "Małopolskie Laboratorium Badawcze"
            ),
            "medical": _p(
                "Laboratorium Diagnostyki Medycznej|Medyczne Laboratorium Diagnostyczne|"
                "Pracownia Analityki Medycznej|Centrum Diagnostyki Laboratoryjnej"
            ),
            "inspection": _p(
                "Biuro Inspekcji Technicznej|Ośrodek Dozoru Technicznego|"
                "Zakład Kontroli Jakości|Biuro Ekspertyz Technicznych|Inspekcja Techniczna"
            ),
        },
        templates=(
            "{core} {city} {legal}",
            "{core} „{brand}” {legal}",
            "{brand} {core} {legal}",
            "{core} {surname} i Wspólnicy {legal}",
            "{core} „{brand}” {city} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Polcert|Wisła|Tatry|Bałtyk|Jakość|Zgodność|Orzeł|Bursztyn"),
        surnames=_p(
            "Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|"
            "Szymański|Woźniak|Dąbrowski|Kozłowski|Jankowski|Mazur|Krawczyk|Piotrowski|"
            "Grabowski"
        ),
        streets=_p(
            "Marszałkowska|Piłsudskiego|Mickiewicza|Słowackiego|Kościuszki|Długa|"
            "Przemysłowa|Żeromskiego|Wrocławska|Jagiellońska|Grunwaldzka|Łąkowa|"
            "Świętokrzyska"
        ),
        mailboxes=_p("biuro|kontakt|sekretariat"),
    ),
    "cs": Language(
        cores={
            "cert": _p(
                "Certifikační orgán|Certifikační společnost|Institut pro certifikaci|"
                "Česká certifikační společnost|Moravská certifikační agentura|Centrum jakosti|"
                "Certifikace a audit|Zkušební a certifikační ústav|"
                "Jihočeská certifikační společnost"
            ),
            "lab": _p(
                "Zkušební laboratoř|Analytická laboratoř|Kalibrační laboratoř|"
                "Zkušebna materiálů|Laboratoř životního prostředí|Výzkumný a zkušební ústav|"
                "Slezská zkušebna"
            ),
            "medical": _p(
                "Laboratoř klinické biochemie|Lékařská laboratoř|Centrum laboratorní medicíny|"
                "Laboratoře zdraví"
            ),
            "inspection": _p(
                "Inspekční orgán|Technická inspekce|Revizní služba|Inspekční společnost|"
                "Technický dozor"
            ),
        },
        templates=(
            "{core} {brand} {legal}",
            "{core} {city} {legal}",
            "{core} {surname} {legal}",
            "{brand} – {core} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Bohemia|Moravia|Čechocert|Vltava|Šumava|Krkonoše|Kvalita"),
        surnames=_p(
            "Novák|Svoboda|Dvořák|Černý|Procházka|Kučera|Veselý|Horák|Němec|Pokorný|Marek|"
            "Růžička|Beneš|Fiala|Šťastný|Kříž"
        ),
        streets=_p(
            "Náměstí Míru|Husova|Masarykova|Palackého|Průmyslová|Nádražní|Komenského|"
            "Žižkova|Smetanova|Technická|Vídeňská|Karlovo náměstí"
        ),
        mailboxes=_p("info|kancelar|obchod"),
    ),
    "sk": Language(
        cores={
            "cert": _p(
                "Certifikačný orgán|Slovenský inštitút pre certifikáciu|"
                "Certifikačná spoločnosť|Inštitút kvality|Centrum certifikácie a auditu|"
                "Východoslovenská certifikačná agentúra"
            ),
            "lab": _p(
                "Skúšobné laboratórium|Kalibračné laboratórium|Analytické laboratórium|"
                "Skúšobňa materiálov|Výskumný a skúšobný ústav"
            ),
            "medical": _p(
                "Laboratórium klinickej biochémie|Medicínske laboratórium|Laboratórna diagnostika"
            ),
            "inspection": _p("Inšpekčný orgán|Technická inšpekcia|Revízna služba|Technický dozor"),
        },
        templates=(
            "{core} {brand} {legal}",
            "{core} {city} {legal}",
            "{core} {surname} {legal}",
            "{brand} – {core} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Tatracert|Dunaj|Váh|Slovcert|Kvalita|Hron|Fatra"),
        surnames=_p(
            "Horváth|Kováč|Varga|Tóth|Nagy|Baláž|Szabó|Molnár|Lukáč|Kráľ|Šimko|Gajdoš|Ďurica|Hudák"
        ),
        streets=_p(
            "Hlavná|Štúrova|Námestie SNP|Priemyselná|Mlynská|Kukučínova|Hviezdoslavova|"
            "Železničná|Vajnorská|Legionárska"
        ),
        mailboxes=_p("info|sekretariat|obchod"),
    ),
    "tr": Language(
        cores={
            "cert": _p(
                "Belgelendirme|Belgelendirme Hizmetleri|Sertifikasyon|Uygunluk Değerlendirme|"
                "Kalite Belgelendirme|Gözetim ve Belgelendirme|Denetim ve Belgelendirme"
            ),
            "lab": _p(
                "Test Laboratuvarı|Analiz Laboratuvarı|Kalibrasyon Laboratuvarı|"
                "Test ve Analiz Merkezi|Çevre Analiz Laboratuvarı|Malzeme Test Merkezi|"
                "Gıda Kontrol Laboratuvarı"
            ),
            "medical": _p("Tıbbi Laboratuvar|Tıbbi Tahlil Laboratuvarı|Klinik Laboratuvar"),
            "inspection": _p(
                "Muayene|Gözetim ve Muayene|Periyodik Kontrol|Teknik Kontrol|"
                "Muayene ve Gözetim Hizmetleri"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{surname} {core} {legal}",
            "{city} {core} {legal}",
            "{brand} {city} {core} {legal}",
        ),
        extra={},
        brands=_p(
            "Akdeniz|Anadolu|Ege|Marmara|Karadeniz|Toros|Yıldız|Güven|Doğru|Özgün|Başkent|"
            "Kalite|Uyum|Öncü|Ata|Güneş|İnci|Çağ|Ekin|Tuna|Fırat|Dicle|Erciyes|Uludağ|"
            "Kaçkar|Ilgaz|Birlik|Kartal|Şimşek|Doruk|Pusula|Yeditepe"
        ),
        surnames=_p(
            "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|"
            "Aslan|Çetin|Koç|Kurt|Özkan|Şimşek"
        ),
        streets=_p(
            "Atatürk Bulvarı|Cumhuriyet Caddesi|İstiklal Caddesi|Organize Sanayi Bölgesi|"
            "Gazi Mustafa Kemal Bulvarı|İnönü Caddesi|Fevzi Çakmak Caddesi|Bağdat Caddesi|"
            "Teknopark Caddesi|Menekşe Sokak"
        ),
        mailboxes=_p("info|bilgi|iletisim"),
    ),
    "sv": Language(
        cores={
            "cert": _p(
                "Certifiering|Certifieringsorgan|Kvalitetscertifiering|Certifiering & Revision|"
                "Systemcertifiering|Certifieringsbyrå"
            ),
            "lab": _p(
                "Provningslaboratorium|Analyslaboratorium|Kalibrering|Miljölaboratorium|"
                "Materialprovning|Analys"
            ),
            "medical": _p("Klinisk kemi|Medicinskt laboratorium|Laboratoriemedicin"),
            "inspection": _p("Besiktning|Kontroll och Besiktning|Teknisk kontroll|Besiktningsbyrå"),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {city} {legal}",
            "{surname} {core} {legal}",
            "{region} {core} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Kvalitet|Säker|Trygg|Norden|Svea|Göta|Vänern|Mälar|Fjäll"),
        surnames=_p(
            "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|"
            "Gustafsson|Pettersson|Jönsson|Lindström|Åberg|Bäckström|Sjögren|Öberg|"
            "Håkansson"
        ),
        streets=_p(
            "Storgatan|Drottninggatan|Kungsgatan|Industrivägen|Sveavägen|Järnvägsgatan|"
            "Hamngatan|Fabriksgatan|Västra Hamngatan|Östra Förstadsgatan|Ängsvägen"
        ),
        mailboxes=_p("info|kontakt|kundtjanst"),
    ),
    "da": Language(
        cores={
            "cert": _p(
                "Certificering|Certificeringsorgan|Kvalitetscertificering|"
                "Certificering & Audit|Systemcertificering"
            ),
            "lab": _p(
                "Laboratorium|Analyselaboratorium|Prøvningslaboratorium|Kalibrering|"
                "Miljølaboratorium|Fødevarelaboratorium"
            ),
            "medical": _p("Klinisk Biokemi|Medicinsk Laboratorium|Laboratoriemedicin"),
            "inspection": _p("Inspektion|Teknisk Kontrol|Syn og Inspektion|Kontrolcenter"),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {city} {legal}",
            "{surname} {core} {legal}",
            "{region} {core} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Øresund|Kvalitet|Sikker|Dannebrog|Fyrtårn|Bølge|Kløver"),
        surnames=_p(
            "Jensen|Nielsen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen|Rasmussen|"
            "Jørgensen|Møller|Kjær|Søndergaard|Østergaard"
        ),
        streets=_p(
            "Vestergade|Østergade|Nørregade|Industrivej|Søndergade|Strandvejen|Hovedgaden|"
            "Jernbanegade|Åboulevarden|Vesterbrogade|Kongensgade"
        ),
        mailboxes=_p("info|kontakt|post"),
    ),
    "nb": Language(
        cores={
            "cert": _p(
                "Sertifisering|Sertifiseringsorgan|Kvalitetssertifisering|"
                "Sertifisering og Revisjon|Systemsertifisering"
            ),
            "lab": _p(
                "Laboratorium|Analyselaboratorium|Kalibrering|Miljølaboratorium|Materialtesting"
            ),
            "medical": _p("Medisinsk Laboratorium|Klinisk Kjemi|Laboratoriemedisin"),
            "inspection": _p(
                "Inspeksjon|Teknisk Kontroll|Kontroll og Inspeksjon|Takst og Kontroll"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {city} {legal}",
            "{surname} {core} {legal}",
            "{region} {core} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Fjord|Nordlys|Fjell|Vidde|Kyst|Trygg|Sikker|Bølge"),
        surnames=_p(
            "Hansen|Johansen|Olsen|Larsen|Andersen|Pedersen|Nilsen|Kristiansen|Jensen|"
            "Karlsen|Haugen|Bakken|Sæther|Dahl|Løken|Strøm|Brekke|Ødegård"
        ),
        streets=_p(
            "Storgata|Kirkegata|Industriveien|Strandgata|Kongens gate|Dronningens gate|"
            "Sjøgata|Sørlandsveien|Fjordveien|Øvre Slottsgate"
        ),
        mailboxes=_p("post|firmapost|info"),
    ),
    "fi": Language(
        cores={
            "cert": _p(
                "Sertifiointi|Sertifiointipalvelut|Laatusertifiointi|Arviointi ja Sertifiointi|"
                "Sertifiointikeskus"
            ),
            "lab": _p(
                "Laboratorio|Analyysilaboratorio|Testauslaboratorio|Kalibrointi|"
                "Ympäristölaboratorio|Materiaalitestaus"
            ),
            "medical": _p(
                "Kliininen Laboratorio|Laboratoriopalvelut|Lääketieteellinen Laboratorio"
            ),
            "inspection": _p("Tarkastus|Katsastus|Tekninen Tarkastus|Tarkastuspalvelut"),
        },
        templates=(
            "{region} {core} {legal}",
            "{brand} {core} {legal}",
            "{core} {surname} {legal}",
            "{brand} {region} {core} {legal}",
        ),
        extra={},
        brands=_p(
            "Laatu|Tarkka|Kide|Aalto|Revontuli|Tunturi|Kaleva|Ilmari|Väinö|Lumi|Kuura|"
            "Saimaa|Vakaa|Pohjantähti|Kelo|Ahjo|Taival|Louhi"
        ),
        surnames=_p(
            "Virtanen|Korhonen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen|Koskinen|"
            "Järvinen|Lehtonen|Lehtinen|Saarinen|Salminen|Heinonen|Niemi|Kärkkäinen"
        ),
        streets=_p(
            "Mannerheimintie|Hämeenkatu|Teollisuuskatu|Kauppakatu|Aleksanterinkatu|"
            "Itäinen Pitkäkatu|Yliopistonkatu|Tehtaankatu|Satamakatu|Pyynikintie"
        ),
        mailboxes=_p("info|asiakaspalvelu|toimisto"),
    ),
    "ro": Language(
        cores={
            "cert": _p(
                "Certificare|Organism de Certificare|Centrul de Certificare|"
                "Societatea de Evaluare a Conformității|Institutul pentru Calitate|"
                "Certificare și Audit|Agenția de Certificare"
            ),
            "lab": _p(
                "Laborator de Încercări|Laborator de Analize|Laborator de Etalonare|"
                "Centrul de Testare|Laborator de Mediu|Laborator de Încercări Materiale"
            ),
            "medical": _p("Laborator de Analize Medicale|Centrul de Diagnostic|Laborator Clinic"),
            "inspection": _p(
                "Organism de Inspecție|Inspecție Tehnică|Control Tehnic|Expertiză Tehnică"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {brand} {legal}",
            "{core} {of_city} {legal}",
            "{core} {region} {legal}",
        ),
        extra={},
        brands=BRANDS_LATIN + _p("Carpați|Dunărea|Calitest|Conformis|Tehnocert|Românească|Olt"),
        surnames=_p(
            "Popescu|Ionescu|Popa|Stan|Dumitru|Stoica|Gheorghe|Munteanu|Constantin|"
            "Rădulescu|Șerban|Ștefan|Mureșan|Răducanu|Țurcanu|Vlădescu"
        ),
        streets=_p(
            "Calea Victoriei|Bulevardul Unirii|Strada Mihai Eminescu|Strada Republicii|"
            "Strada Fabricii|Bulevardul Ferdinand|Strada Ștefan cel Mare|"
            "Strada Avram Iancu|Calea Dorobanților|Strada Independenței"
        ),
        mailboxes=_p("office|contact|secretariat"),
        of="din",
    ),
    "el": Language(
        cores={
            "cert": _p(
                "Pistopoiisi|Organismos Pistopoiisis|Etaireia Pistopoiisis|Kentro Pistopoiisis|"
                "Pistopoiisi Poiotitas|Elegchos kai Pistopoiisi"
            ),
            "lab": _p(
                "Ergastiria Dokimon|Ergastirio Analyseon|Chimika Ergastiria|"
                "Ergastirio Diakribosis|Perivallontika Ergastiria"
            ),
            "medical": _p("Iatriko Ergastirio|Diagnostiko Kentro|Mikroviologiko Ergastirio"),
            "inspection": _p(
                "Techniki Elegchoi|Organismos Elegchou|Epitheorisi kai Elegchos|Technikos Elegchos"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{core} {region} {legal}",
            "{surname} {core} {legal}",
            "{brand} {core} {region} {legal}",
        ),
        extra={},
        brands=_p(
            "Aigaio|Olympos|Pindos|Ionio|Ermis|Poseidon|Alfa|Kyklos|Hellas|Orizon|"
            "Prometheus|Iris|Argo|Delfoi|Pyxida|Metron|Kanon|Athina|Faros|Aktí"
        ),
        surnames=_p(
            "Papadopoulos|Georgiou|Nikolaou|Konstantinou|Dimitriou|Ioannou|Vasileiou|"
            "Papageorgiou|Karagiannis|Oikonomou|Makris|Antoniou"
        ),
        streets=_p(
            "Odós Ermoú|Leofóros Kifisías|Odós Egnatía|Leofóros Syngroú|Odós Panepistimíou|"
            "Odós Tsimiskí|Leofóros Vouliagménis|Odós Athinás|Leofóros Mesogeíon"
        ),
        mailboxes=_p("info|grammateia"),
    ),
    "ja": Language(
        cores={
            "cert": _p(
                "Ninshō Sentā|Hinshitsu Ninshō Kikō|Shinsa Tōroku Kikō|Ninshō Kyōkai|"
                "Hinshitsu Hoshō Kikō|Kankyō Ninshō Sentā|Manejimento Shisutemu Ninshō"
            ),
            "lab": _p(
                "Kensa Sentā|Bunseki Sentā|Shiken Kenkyūjo|Keisoku Sentā|Kankyō Bunseki Sentā|"
                "Zairyō Shiken Sentā|Kōsei Sābisu|Rikagaku Kenkyūjo"
            ),
            "medical": _p("Rinshō Kensa Sentā|Igaku Kensa Kenkyūjo|Byōri Kensa Sentā"),
            "inspection": _p(
                "Kensa Kyōkai|Hoan Kensa Sentā|Gijutsu Kensa|Kikai Kensa Kyōkai|Anzen Kensa Kikō"
            ),
        },
        templates=(
            "{region} {core} {legal}",
            "{brand} {core} {legal}",
            "{city} {core} {legal}",
            "Ippan Shadan Hōjin {region} {core}",
            "Ippan Zaidan Hōjin {brand} {core}",
            "Kabushiki Kaisha {brand} {core}",
        ),
        extra={},
        brands=_p(
            "Sakura|Fuji|Yamato|Asahi|Hikari|Midori|Mirai|Shinsei|Daiichi|Tōyō|Kōyō|Seiwa|"
            "Taiyō|Heiwa|Kyōwa|Aoba|Wakaba|Tsubasa|Hōsei|Chūō"
        ),
        surnames=_p("Satō|Suzuki|Takahashi|Tanaka|Itō|Watanabe|Yamamoto|Nakamura|Kobayashi|Katō"),
        streets=_p(
            "Marunouchi|Nishi-Shinjuku|Umeda|Sakae|Minatomirai|Hakata-ekimae|Ōtemachi|"
            "Nihonbashi|Shiba-kōen|Kōnan|Kita-Aoyama|Shin-Yokohama|Namba|Tenjin"
        ),
        mailboxes=_p("info|contact|uketsuke"),
    ),
    "zh": Language(
        cores={
            "cert": _p(
                "Renzheng Zhongxin|Zhiliang Renzheng|Renzheng Jishu Fuwu|Jianyan Renzheng|"
                "Renzheng Pinggu|Huanjing Renzheng|Tixi Renzheng"
            ),
            "lab": _p(
                "Jiance Jishu|Jianyan Jiance Zhongxin|Fenxi Ceshi Zhongxin|Jiliang Jiance|"
                "Huanjing Jiance|Cailiao Ceshi|Shipin Jiance"
            ),
            "medical": _p("Yixue Jianyan Suo|Linchuang Jianyan Zhongxin|Yixue Jianyan Shiyanshi"),
            "inspection": _p(
                "Jianyan Jiance|Tezhong Shebei Jianyan|Gongcheng Jianyan|Jianli Jianyan"
            ),
        },
        templates=(
            "{city} {brand} {core} {legal}",
            "{brand} {core} {legal}",
            "Zhongguo {brand} {core} {legal}",
            "{region} {brand} {core} {legal}",
        ),
        extra={},
        brands=_p(
            "Huaxin|Zhongrui|Hengtai|Tianyuan|Jinghua|Ruida|Lianhe|Zhongjian|Guoxin|"
            "Dongfang|Huanyu|Anxin|Chengxin|Zhengda|Mingyang|Kaiyuan|Haixin|Boshi|Yuanfang|"
            "Xinda|Shengtai|Jiahe|Hongyuan|Zhongce|Huace|Pinzhi|Jiuzhou|Longxiang|Taihe|"
            "Xinyuan"
        ),
        surnames=_p("Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou"),
        streets=_p(
            "Zhongshan Road|Renmin Road|Jiefang Road|Keji Road|Gaoxin Avenue|"
            "Changjiang Road|Jianguo Road|Xinhua Road|Huaihai Road|Chaoyang Road|"
            "Shennan Avenue|Yingbin Avenue|Kaifa Road|Binhai Avenue"
        ),
        mailboxes=_p("info|service|kefu"),
    ),
    "ko": Language(
        cores={
            "cert": _p(
                "Pumjil Injeungwon|Injeung Center|Simsa Injeungwon|"
                "Gyeongyeong Siseutem Injeung|Injeung Gisulwon"
            ),
            "lab": _p(
                "Siheom Yeonguwon|Bunseok Center|Gyojeong Yeonguso|Siheom Bunseok Yeonguwon|"
                "Hwangyeong Bunseok Center"
            ),
            "medical": _p("Uiryo Geomsa Center|Imsang Geomsa Yeonguso|Uihak Geomsa Center"),
            "inspection": _p("Geomsawon|Anjeon Geomsawon|Gisul Geomsa|Gigye Anjeon Geomsawon"),
        },
        templates=(
            "{brand} {core} {legal}",
            "{region} {core} {legal}",
            "(Ju) {brand} {core}",
            "{city} {core} {legal}",
        ),
        extra={},
        brands=_p(
            "Hanil|Samil|Dongbang|Seoil|Hanmaeum|Saerom|Areum|Hanbit|Nuri|Mirae|Jinheung|"
            "Daeil|Sejin|Saehan|Chŏnggye|Kyŏngil|Hanŭl|Sŏil"
        ),
        surnames=_p("Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim"),
        streets=_p(
            "Teheran-ro|Sejong-daero|Gangnam-daero|Jungang-ro|Haeundae-ro|Gukhoe-daero|"
            "Banpo-daero|Digital-ro|Pangyo-ro|Gongdan-ro|Sandan-ro"
        ),
        mailboxes=_p("info|help|contact"),
    ),
    "en": Language(
        cores={
            "cert": _p(
                "Certification|Certification Services|Quality Assurance|Assessment Services|"
                "Audit & Certification|Management Systems Certification|Conformity Assessment|"
                "Quality Registrars|Compliance Certification|Assurance Services|"
                "Certification Bureau"
            ),
            "lab": _p(
                "Laboratories|Testing Laboratories|Analytical Services|Test House|"
                "Calibration Services|Materials Testing|Environmental Laboratories|"
                "Metrology Services|Scientific Services|Testing & Calibration"
            ),
            "medical": _p(
                "Pathology|Clinical Laboratories|Diagnostics|Medical Laboratories|"
                "Pathology Services"
            ),
            "inspection": _p(
                "Inspection Services|Inspection|Engineering Inspection|Technical Inspection|"
                "Surveyors|Inspectorate|Survey & Inspection"
            ),
        },
        templates=(
            "{brand} {core} {legal}",
            "{region} {core} {legal}",
            "{brand} {region} {core} {legal}",
            "{surname} {core} {legal}",
            "{surname} & {surname2} {core} {legal}",
            "{city} {core} {legal}",
            "{brand} {core} International {legal}",
        ),
        extra={
            "cert": ("{brand} Registrar {legal}", "{surname} Quality Assurance {legal}"),
            "lab": ("{brand} Labs {legal}", "{surname} Analytical {legal}"),
            "medical": ("{city} Pathology {legal}", "{surname} Pathology Partners {legal}"),
            "inspection": ("{brand} Surveyors {legal}", "{surname} Engineering Inspection {legal}"),
        },
        brands=_p(
            "Apex|Summit|Sterling|Meridian|Beacon|Pinnacle|Vanguard|Crescent|Oakwood|"
            "Ironbridge|Northgate|Clearwater|Bluewater|Silverline|Redwood|Granite|"
            "Cornerstone|Compass|Atlas|Orion|Sentinel|Trident|Lodestar|Evergreen|Highfield|"
            "Westbrook|Ashford|Kingsway|Fairview|Broadleaf|Stonebridge|Riverside|Lakeside|"
            "Keystone|Benchmark|Touchstone|Hallmark|Landmark|Spectrum|Paragon|Zenith|"
            "Polaris|Vertex|Quantum|Integrity|Assure"
        ),
        surnames=_p(
            "Smith|Johnson|Taylor|Brown|Wilson|Davies|Evans|Thomas|Roberts|Walker|Wright|"
            "Robinson|Thompson|Hughes|Edwards|Green|Hall|Wood|Harris|Clarke|Jackson|Turner|"
            "Hill|Moore|Cooper|Ward|Morris|King|Baker|Carter"
        ),
        streets=_p(
            "High Street|Station Road|Church Street|Victoria Road|Mill Lane|Kings Road|"
            "Queen Street|London Road|Park Road|Bridge Street|Commercial Road|Harbour Road|"
            "Enterprise Way|Innovation Drive|Riverside Way|Albert Street|George Street"
        ),
        mailboxes=_p("info|enquiries|office|contact|admin"),
    ),
}


# ---------------------------------------------------------------------------
# Locales: a country, the language its names are in, and local detail. Address and
# phone patterns: "#" is a digit and "@" a capital letter.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Locale:
    country: str
    language: str
    weight: float
    cities: tuple  # (city, postcode pattern)
    regions: tuple
    legal: tuple
    address: str
    phone: str
    brands: tuple = ()  # replace the language's
    surnames: tuple = ()
    streets: tuple = ()
    templates: tuple = ()  # added to the language's

    @property
    def lang(self):
        return LANGUAGES[self.language]


def _locale(*, country, language, weight, cities, postcode, regions, legal, address, phone, **kw):
    """A Locale from compact strings: cities as "City:pattern|City" ("postcode" if none)."""
    parsed = []
    for item in _p(cities):
        city, _, pattern = item.partition(":")
        parsed.append((city, pattern or postcode))
    return Locale(
        country=country,
        language=language,
        weight=weight,
        cities=tuple(parsed),
        regions=_p(regions),
        legal=_p(legal),
        address=address,
        phone=phone,
        **{key: _p(value) if isinstance(value, str) else value for key, value in kw.items()},
    )


EUROPEAN = "{street} ###\n{postcode} {city}"
FRENCH = "## {street}\n{postcode} {city}"
ENGLISH = "## {street}\n{city} {postcode}"
NORTH_AMERICAN = "#### {street}\n{city}, {postcode}"

US_CITIES = (
    "Chicago:IL 606##|Houston:TX 770##|New York:NY 100##|Los Angeles:CA 900##|"
    "Boston:MA 021##|Atlanta:GA 303##|Seattle:WA 981##|Denver:CO 802##|"
    "Phoenix:AZ 850##|Dallas:TX 752##|Detroit:MI 482##|Cleveland:OH 441##|"
    "Pittsburgh:PA 152##|Minneapolis:MN 554##|St. Louis:MO 631##|"
    "Charlotte:NC 282##|Nashville:TN 372##|Austin:TX 787##|San Diego:CA 921##|"
    "San Jose:CA 951##|Portland:OR 972##|Milwaukee:WI 532##|Indianapolis:IN 462##|"
    "Columbus:OH 432##|Kansas City:MO 641##|Baltimore:MD 212##|"
    "Philadelphia:PA 191##|Salt Lake City:UT 841##|Raleigh:NC 276##|Tampa:FL 336##|"
    "Miami:FL 331##|Orlando:FL 328##|Albuquerque:NM 871##|Omaha:NE 681##|"
    "Louisville:KY 402##|Richmond:VA 232##|Hartford:CT 061##|Grand Rapids:MI 495##|"
    "Rochester:NY 146##|Tulsa:OK 741##"
)
US_STREETS = (
    "Main Street|Oak Street|Maple Avenue|Commerce Drive|Technology Parkway|"
    "Industrial Boulevard|Washington Avenue|Lakeview Drive|Park Avenue|Elm Street|"
    "Research Boulevard|Corporate Drive|Airport Road|Market Street|Lincoln Avenue|"
    "Executive Parkway|Cedar Lane"
)
JP_CITIES = (
    "Tōkyō:1##-####|Ōsaka:5##-####|Kyōto:60#-####|Nagoya:45#-####|"
    "Yokohama:2##-####|Kōbe:65#-####|Sapporo:06#-####|Fukuoka:81#-####|"
    "Sendai:98#-####|Hiroshima:73#-####|Kawasaki:21#-####|Saitama:33#-####|"
    "Chiba:26#-####|Shizuoka:42#-####|Niigata:95#-####|Hamamatsu:43#-####|"
    "Kitakyūshū:80#-####|Kumamoto:86#-####|Okayama:70#-####|Kanazawa:92#-####|"
    "Toyota:47#-####"
)
CN_CITIES = (
    "Beijing:100###|Shanghai:200###|Guangzhou:510###|Shenzhen:518###|"
    "Tianjin:300###|Chongqing:400###|Hangzhou:310###|Nanjing:210###|Suzhou:215###|"
    "Wuhan:430###|Chengdu:610###|Xi'an:710###|Qingdao:266###|Ningbo:315###|"
    "Xiamen:361###|Dalian:116###|Shenyang:110###|Jinan:250###|Zhengzhou:450###|"
    "Changsha:410###|Hefei:230###|Fuzhou:350###|Kunming:650###|Dongguan:523###|"
    "Foshan:528###|Wuxi:214###"
)
KR_CITIES = (
    "Seoul:0####|Busan:4####|Incheon:2####|Daegu:4####|Daejeon:3####|Gwangju:6####|"
    "Ulsan:4####|Suwon:16###|Changwon:51###|Seongnam:13###|Cheongju:28###|"
    "Pohang:37###|Gumi:39###|Jeonju:54###|Gimhae:50###"
)

LOCALES = (
    _locale(
        country="DE",
        language="de",
        weight=9,
        cities=(
            "Berlin:10###|Hamburg:20###|München:80###|Köln:50###|Frankfurt am Main:60###|"
            "Stuttgart:70###|Düsseldorf:40###|Dortmund:44###|Essen:45###|Leipzig:04###|"
            "Dresden:01###|Hannover:30###|Nürnberg:90###|Bremen:28###|Würzburg:97###|"
            "Münster:48###|Lübeck:23###|Freiburg im Breisgau:79###|Saarbrücken:66###|"
            "Göttingen:37###|Osnabrück:49###|Regensburg:93###|Erfurt:99###|Jena:07###|"
            "Mannheim:68###|Karlsruhe:76###|Kiel:24###|Magdeburg:39###|Chemnitz:09###|"
            "Bielefeld:33###"
        ),
        postcode="#####",
        regions=(
            "Süd|Nord|West|Ost|Mitte|Rhein-Main|Rhein-Ruhr|Bayern|Sachsen|Thüringen|"
            "Württemberg|Baden|Franken|Westfalen|Niedersachsen|Brandenburg|Hessen|Saar|"
            "Schwaben|Nordost|Südwest|Oberrhein|Allgäu|Lausitz|Münsterland|"
            "Ostwestfalen-Lippe"
        ),
        legal="GmbH|GmbH|GmbH|GmbH|AG|GmbH & Co. KG|e.V.|UG (haftungsbeschränkt)|",
        address=EUROPEAN,
        phone="+49 ### #######",
    ),
    _locale(
        country="AT",
        language="de",
        weight=1.5,
        cities=(
            "Wien:1###|Graz:80##|Linz:40##|Salzburg:50##|Innsbruck:60##|Klagenfurt:90##|"
            "Villach:95##|Wels:46##|St. Pölten:31##|Dornbirn:68##|Leoben:87##|"
            "Wiener Neustadt:27##"
        ),
        postcode="####",
        regions=(
            "Süd|Nord|West|Ost|Tirol|Steiermark|Kärnten|Vorarlberg|Oberösterreich|"
            "Niederösterreich|Salzburg|Burgenland|Donauraum|Alpenland"
        ),
        legal="GmbH|GmbH|Ges.m.b.H.|AG|e.U.|KG|",
        address=EUROPEAN,
        phone="+43 # ### ####",
    ),
    _locale(
        country="CH",
        language="de",
        weight=1.0,
        cities=(
            "Zürich:80##|Basel:40##|Bern:30##|Luzern:60##|St. Gallen:90##|Winterthur:84##|"
            "Zug:63##|Aarau:50##|Schaffhausen:82##|Chur:70##"
        ),
        postcode="####",
        regions=(
            "Nordwestschweiz|Ostschweiz|Zentralschweiz|Mittelland|Zürichsee|Bodensee|Jura|"
            "Graubünden|Aargau|Schweiz"
        ),
        legal="AG|AG|GmbH|Genossenschaft|",
        address=EUROPEAN,
        phone="+41 ## ### ## ##",
    ),
    _locale(
        country="CH",
        language="fr",
        weight=0.4,
        cities=(
            "Genève:12##|Lausanne:10##|Neuchâtel:20##|Fribourg:17##|Sion:19##|"
            "Yverdon-les-Bains:14##"
        ),
        postcode="####",
        regions="de Suisse romande|du Léman|du Jura|du Valais|de Romandie",
        legal="SA|SA|Sàrl|",
        address=EUROPEAN,
        phone="+41 ## ### ## ##",
    ),
    _locale(
        country="CH",
        language="it",
        weight=0.15,
        cities="Lugano:69##|Bellinzona:65##|Locarno:66##|Mendrisio:68##",
        postcode="####",
        regions="Ticino|Svizzera Italiana|Ceresio|Sottoceneri",
        legal="SA|Sagl|",
        address=EUROPEAN,
        phone="+41 91 ### ## ##",
    ),
    _locale(
        country="FR",
        language="fr",
        weight=5,
        cities=(
            "Paris:750##|Lyon:6900#|Marseille:130##|Toulouse:310##|Nantes:440##|"
            "Bordeaux:330##|Lille:590##|Strasbourg:670##|Rennes:350##|Orléans:450##|"
            "Besançon:250##|Angers:490##|Évry-Courcouronnes:910##|Clermont-Ferrand:630##|"
            "Grenoble:380##|Nancy:540##|Rouen:760##|Montpellier:340##|Dijon:210##|"
            "Caen:140##|Saint-Étienne:420##|Nîmes:300##|Reims:511##|Limoges:870##|Pau:640##"
        ),
        postcode="#####",
        regions=(
            "du Sud-Ouest|de l'Ouest|du Nord|de l'Est|de Bretagne|de Normandie|d'Aquitaine|"
            "d'Occitanie|de Provence|d'Alsace|de Lorraine|du Centre|de Bourgogne|"
            "d'Auvergne|de Picardie|des Alpes|du Rhône|de l'Atlantique|de Franche-Comté|"
            "d'Île-de-France"
        ),
        legal="SAS|SAS|SARL|SA|",
        address=FRENCH,
        phone="+33 # ## ## ## ##",
    ),
    _locale(
        country="BE",
        language="fr",
        weight=0.7,
        cities="Bruxelles:1###|Liège:4###|Namur:5###|Charleroi:6###|Mons:7###|Wavre:13##",
        postcode="####",
        regions="de Wallonie|du Hainaut|de Liège|des Ardennes|du Brabant wallon|de Bruxelles",
        legal="SA|SRL|ASBL|",
        address=EUROPEAN,
        phone="+32 # ### ## ##",
    ),
    _locale(
        country="BE",
        language="nl",
        weight=0.8,
        cities=(
            "Antwerpen:2###|Gent:9###|Brugge:8###|Leuven:3###|Hasselt:35##|Mechelen:28##|"
            "Kortrijk:85##|Aalst:93##"
        ),
        postcode="####",
        regions=(
            "Vlaanderen|Kempen|Limburg|West-Vlaanderen|Oost-Vlaanderen|Antwerpen|Brabant|"
            "Scheldeland|Waasland|Haspengouw"
        ),
        legal="BV|NV|VZW|",
        address=EUROPEAN,
        phone="+32 # ### ## ##",
    ),
    _locale(
        country="NL",
        language="nl",
        weight=2,
        cities=(
            "Amsterdam:10## @@|Rotterdam:30## @@|Den Haag:25## @@|Utrecht:35## @@|"
            "Eindhoven:56## @@|Groningen:97## @@|Arnhem:68## @@|Delft:26## @@|"
            "Zwolle:80## @@|'s-Hertogenbosch:52## @@|Nijmegen:65## @@|Tilburg:50## @@|"
            "Breda:48## @@|Enschede:75## @@|Leeuwarden:89## @@|Maastricht:62## @@"
        ),
        postcode="#### @@",
        regions=(
            "Noord|Zuid|Oost|West|Randstad|Brabant|Limburg|Twente|Gelderland|Friesland|"
            "Zeeland|Holland|Noord-Nederland|Rijnmond|Veluwe|Achterhoek"
        ),
        legal="B.V.|B.V.|N.V.|V.O.F.|",
        address=EUROPEAN,
        phone="+31 ## ### ####",
    ),
    _locale(
        country="IT",
        language="it",
        weight=6,
        cities=(
            "Milano:201##|Roma:001##|Torino:101##|Bologna:401##|Napoli:801##|Firenze:501##|"
            "Padova:351##|Genova:161##|Bari:701##|Brescia:251##|Forlì:471##|Cantù:220##|"
            "Verona:371##|Venezia:301##|Bergamo:241##|Modena:411##|Parma:431##|"
            "Perugia:061##|Ancona:601##|Catania:951##|Palermo:901##|Cagliari:091##|"
            "Trento:381##|Udine:331##|Lecce:731##"
        ),
        postcode="#####",
        regions=(
            "Nord|Sud|Centro|Italia|Lombardia|Veneto|Piemonte|Emilia|Romagna|Toscana|"
            "Puglia|Sicilia|Sardegna|Adriatica|Tirrenica|Friuli|Marche|Liguria|Calabria|"
            "Abruzzo|Trentino"
        ),
        legal="S.r.l.|S.r.l.|S.r.l.|S.p.A.|S.c.a r.l.|S.n.c.",
        address=EUROPEAN,
        phone="+39 0## #######",
    ),
    _locale(
        country="ES",
        language="es",
        weight=5,
        cities=(
            "Madrid:280##|Barcelona:080##|Valencia:460##|Sevilla:410##|Zaragoza:500##|"
            "Málaga:290##|Bilbao:480##|Córdoba:140##|A Coruña:150##|"
            "Alcalá de Henares:288##|Valladolid:470##|Vigo:362##|Gijón:332##|Murcia:300##|"
            "Alicante:030##|Pamplona:310##|Santander:390##|Logroño:260##|Cádiz:110##|"
            "León:240##|Castellón de la Plana:120##|Girona:170##|Tarragona:430##|Jaén:230##"
        ),
        postcode="#####",
        regions=(
            "del Norte|del Sur|de Levante|de Andalucía|de Galicia|de Castilla y León|"
            "de Aragón|del Cantábrico|del Mediterráneo|de Canarias|de Navarra|"
            "de Extremadura|de Murcia"
        ),
        legal="S.L.|S.L.|S.L.|S.A.|S.L.U.|",
        address="{street}, ##\n{postcode} {city}",
        phone="+34 9## ### ###",
    ),
    _locale(
        country="MX",
        language="es",
        weight=2,
        cities=(
            "Ciudad de México:0####|Guadalajara:44###|Monterrey:64###|Puebla:72###|"
            "Querétaro:76###|Mérida:97###|León:37###|Tijuana:22###|San Luis Potosí:78###|"
            "Aguascalientes:20###|Toluca:50###|Saltillo:25###|Chihuahua:31###|"
            "Hermosillo:83###|Morelia:58###|Cancún:77###"
        ),
        postcode="#####",
        regions="del Bajío|del Norte|del Golfo|del Pacífico|del Sureste|de Occidente|de México",
        legal="S.A. de C.V.|S.A. de C.V.|S.C.|S. de R.L. de C.V.",
        address="{street} ###\nC.P. {postcode}, {city}",
        phone="+52 ## #### ####",
    ),
    _locale(
        country="AR",
        language="es",
        weight=1,
        cities=(
            "Buenos Aires:C1###@@@|Córdoba:X5000@@@|Rosario:S2000@@@|Mendoza:M5500@@@|"
            "La Plata:B1900@@@|Neuquén:Q8300@@@|San Miguel de Tucumán:T4000@@@|"
            "Mar del Plata:B7600@@@|Salta:A4400@@@|Santa Fe:S3000@@@|Bahía Blanca:B8000@@@"
        ),
        postcode="####",
        regions="de Cuyo|del Litoral|de la Patagonia|del Noroeste|de la Pampa|del Plata",
        legal="S.A.|S.R.L.|S.A.S.",
        address="{street} ####\n{postcode} {city}",
        phone="+54 11 ####-####",
    ),
    _locale(
        country="CL",
        language="es",
        weight=0.8,
        cities=(
            "Santiago:75#####|Valparaíso:23#####|Concepción:40#####|Antofagasta:12#####|"
            "Temuco:48#####|Viña del Mar:25#####|Puerto Montt:54#####|La Serena:17#####|"
            "Rancagua:28#####|Talca:34#####|Punta Arenas:62#####"
        ),
        postcode="#######",
        regions=(
            "del Norte|del Sur|de la Araucanía|del Biobío|de Atacama|del Pacífico|de Magallanes"
        ),
        legal="SpA|Ltda.|S.A.",
        address="{street} ####\n{city}, {postcode}",
        phone="+56 2 #### ####",
    ),
    _locale(
        country="CO",
        language="es",
        weight=0.8,
        cities=(
            "Bogotá:11####|Medellín:05####|Cali:76####|Barranquilla:08####|"
            "Cartagena:13####|Bucaramanga:68####|Pereira:66####|Manizales:17####|"
            "Cúcuta:54####|Ibagué:73####"
        ),
        postcode="######",
        regions=(
            "del Caribe|de Antioquia|del Valle|de los Andes|del Pacífico|de Santander|"
            "del Eje Cafetero"
        ),
        legal="S.A.S.|S.A.S.|Ltda.|S.A.",
        address="{street} ##-##\n{city}, {postcode}",
        phone="+57 60# ### ####",
    ),
    _locale(
        country="PT",
        language="pt",
        weight=1.5,
        cities=(
            "Lisboa:1###-###|Porto:4###-###|Braga:47##-###|Coimbra:30##-###|"
            "Aveiro:38##-###|Setúbal:29##-###|Faro:80##-###|Guimarães:48##-###|"
            "Leiria:24##-###|Viseu:35##-###|Évora:70##-###|Funchal:90##-###|"
            "Ponta Delgada:95##-###|Matosinhos:445#-###|Vila Nova de Gaia:44##-###"
        ),
        postcode="####-###",
        regions=(
            "do Norte|do Centro|do Algarve|do Minho|do Alentejo|da Beira|do Douro|"
            "dos Açores|da Madeira|de Portugal"
        ),
        legal="Lda.|Lda.|S.A.|Unipessoal Lda.",
        address="{street}, ##\n{postcode} {city}",
        phone="+351 2## ### ###",
    ),
    _locale(
        country="BR",
        language="pt",
        weight=3,
        cities=(
            "São Paulo:0####-###|Rio de Janeiro:2####-###|Belo Horizonte:30###-###|"
            "Curitiba:80###-###|Porto Alegre:90###-###|Florianópolis:88###-###|"
            "Recife:50###-###|Salvador:40###-###|Campinas:13###-###|Goiânia:74###-###|"
            "Manaus:69###-###|Fortaleza:60###-###|Brasília:70###-###|Joinville:89###-###|"
            "Ribeirão Preto:14###-###|São José dos Campos:12###-###|"
            "Caxias do Sul:95###-###|Vitória:29###-###|Belém:66###-###|Londrina:86###-###"
        ),
        postcode="#####-###",
        regions=(
            "do Sul|do Nordeste|do Vale do Paraíba|do Cerrado|da Amazônia|do Paraná|"
            "de Minas|do Brasil|Paulista|Fluminense"
        ),
        legal="Ltda.|Ltda.|Ltda.|S.A.|Eireli",
        address="{street}, ####\n{city} – {postcode}",
        phone="+55 ## ####-####",
    ),
    _locale(
        country="PL",
        language="pl",
        weight=3,
        cities=(
            "Warszawa:0#-###|Kraków:3#-###|Łódź:9#-###|Wrocław:5#-###|Poznań:6#-###|"
            "Gdańsk:80-###|Szczecin:7#-###|Bydgoszcz:85-###|Lublin:20-###|Katowice:40-###|"
            "Białystok:15-###|Gdynia:81-###|Częstochowa:42-###|Radom:26-###|Toruń:87-###|"
            "Rzeszów:35-###|Kielce:25-###|Olsztyn:10-###|Opole:45-###|Zielona Góra:65-###|"
            "Bielsko-Biała:43-###|Gliwice:44-###"
        ),
        postcode="##-###",
        regions="Śląsk|Pomorze|Mazowsze|Wielkopolska|Małopolska",
        legal="Sp. z o.o.|Sp. z o.o.|Sp. z o.o.|S.A.|sp. j.|sp. k.|",
        address="ul. {street} ##\n{postcode} {city}",
        phone="+48 ## ### ## ##",
    ),
    _locale(
        country="CZ",
        language="cs",
        weight=2,
        cities=(
            "Praha:1## ##|Brno:6## ##|Ostrava:7## ##|Plzeň:3## ##|Liberec:460 ##|"
            "Olomouc:77# ##|České Budějovice:370 ##|Ústí nad Labem:400 ##|"
            "Hradec Králové:500 ##|Pardubice:530 ##|Zlín:760 ##|Jihlava:586 ##|"
            "Karlovy Vary:360 ##|Kladno:272 ##|Třinec:739 ##|Mladá Boleslav:293 ##"
        ),
        postcode="### ##",
        regions="Čechy|Morava|Slezsko",
        legal="s.r.o.|s.r.o.|s.r.o.|a.s.|spol. s r.o.|z.ú.|",
        address="{street} ###/##\n{postcode} {city}",
        phone="+420 ### ### ###",
    ),
    _locale(
        country="SK",
        language="sk",
        weight=1,
        cities=(
            "Bratislava:8## ##|Košice:040 ##|Prešov:080 ##|Žilina:010 ##|"
            "Banská Bystrica:974 ##|Nitra:949 ##|Trnava:917 ##|Trenčín:911 ##|"
            "Martin:036 ##|Poprad:058 ##|Zvolen:960 ##|Považská Bystrica:017 ##"
        ),
        postcode="### ##",
        regions="Slovensko|Záhorie|Spiš|Orava",
        legal="s.r.o.|s.r.o.|a.s.|spol. s r.o.|",
        address="{street} ##\n{postcode} {city}",
        phone="+421 # #### ####",
    ),
    _locale(
        country="TR",
        language="tr",
        weight=4,
        cities=(
            "İstanbul:34###|Ankara:06###|İzmir:35###|Bursa:16###|Antalya:07###|Konya:42###|"
            "Gaziantep:27###|Kocaeli:41###|Eskişehir:26###|Kayseri:38###|Adana:01###|"
            "Mersin:33###|Denizli:20###|Samsun:55###|Trabzon:61###|Manisa:45###|"
            "Sakarya:54###|Tekirdağ:59###|Diyarbakır:21###|Çorlu:59###|Muğla:48###|"
            "Şanlıurfa:63###"
        ),
        postcode="#####",
        regions="Marmara|Ege|Akdeniz|Karadeniz|Anadolu|Trakya",
        legal="Ltd. Şti.|Ltd. Şti.|A.Ş.|San. ve Tic. Ltd. Şti.|San. ve Tic. A.Ş.",
        address="{street} No: ##\n{postcode} {city}",
        phone="+90 2## ### ## ##",
    ),
    _locale(
        country="SE",
        language="sv",
        weight=1.5,
        cities=(
            "Stockholm:1## ##|Göteborg:4## ##|Malmö:2## ##|Uppsala:75# ##|Västerås:72# ##|"
            "Örebro:70# ##|Linköping:58# ##|Norrköping:60# ##|Jönköping:55# ##|Umeå:90# ##|"
            "Luleå:97# ##|Helsingborg:25# ##|Borås:50# ##|Sundsvall:85# ##|Gävle:80# ##|"
            "Karlstad:65# ##|Växjö:35# ##|Östersund:83# ##"
        ),
        postcode="### ##",
        regions=(
            "Norrlands|Västsvenska|Sydsvenska|Mälardalens|Östgöta|Skånes|Smålands|"
            "Värmlands|Dalarnas|Norrbottens|Västerbottens|Gotlands|Hallands|Upplands|"
            "Svensk|Nordisk"
        ),
        legal="AB|AB|AB|HB|",
        address=EUROPEAN,
        phone="+46 8 ### ### ##",
    ),
    _locale(
        country="DK",
        language="da",
        weight=1,
        cities=(
            "København:1###|Aarhus:80##|Odense:5###|Aalborg:9###|Esbjerg:67##|Vejle:71##|"
            "Kolding:60##|Randers:89##|Horsens:87##|Herning:74##|Roskilde:40##|"
            "Silkeborg:86##|Næstved:47##|Hillerød:34##|Sønderborg:64##|Frederikshavn:99##"
        ),
        postcode="####",
        regions=(
            "Jysk|Fynsk|Sjællandsk|Nordjysk|Sønderjysk|Vestjysk|Østjysk|Dansk|Nordisk|"
            "Bornholms|Midtjysk"
        ),
        legal="A/S|ApS|ApS|I/S",
        address=EUROPEAN,
        phone="+45 ## ## ## ##",
    ),
    _locale(
        country="NO",
        language="nb",
        weight=0.8,
        cities=(
            "Oslo:0###|Bergen:5###|Trondheim:7###|Stavanger:40##|Tromsø:90##|Drammen:30##|"
            "Kristiansand:46##|Fredrikstad:16##|Sandnes:43##|Bodø:80##|Ålesund:60##|"
            "Haugesund:55##|Lillehammer:26##|Hamar:23##|Molde:64##|Sandvika:13##|"
            "Førde:68##|Alta:95##"
        ),
        postcode="####",
        regions=(
            "Norsk|Nordisk|Vestlandets|Trøndelag|Sørlandets|Nord-Norsk|Østlandets|"
            "Midt-Norsk|Hålogaland|Rogaland|Agder|Innlandet"
        ),
        legal="AS|AS|ASA|DA",
        address=EUROPEAN,
        phone="+47 ## ## ## ##",
    ),
    _locale(
        country="FI",
        language="fi",
        weight=1,
        cities=(
            "Helsinki:00###|Espoo:02###|Tampere:33###|Turku:20###|Oulu:90###|"
            "Jyväskylä:40###|Lahti:15###|Kuopio:70###|Vaasa:65###|Pori:28###|Joensuu:80###|"
            "Lappeenranta:53###|Hämeenlinna:13###|Seinäjoki:60###|Rovaniemi:96###|"
            "Kotka:48###|Mikkeli:50###|Porvoo:06###"
        ),
        postcode="#####",
        regions=(
            "Suomen|Pohjois-Suomen|Länsi-Suomen|Itä-Suomen|Etelä-Suomen|Lapin|Savon|"
            "Karjalan|Hämeen|Pirkanmaan|Pohjanmaan|Uudenmaan|Satakunnan|Kainuun|"
            "Järvi-Suomen"
        ),
        legal="Oy|Oy|Oy|Oyj|Ky|ry",
        address=EUROPEAN,
        phone="+358 # ### ####",
    ),
    _locale(
        country="RO",
        language="ro",
        weight=1.5,
        cities=(
            "București:0#####|Cluj-Napoca:400###|Timișoara:300###|Iași:700###|"
            "Constanța:900###|Brașov:500###|Craiova:200###|Ploiești:100###|Sibiu:550###|"
            "Oradea:410###|Galați:800###|Arad:310###|Pitești:110###|Bacău:600###|"
            "Târgu Mureș:540###|Baia Mare:430###|Suceava:720###"
        ),
        postcode="######",
        regions=("Transilvania|Moldova|Banat|Oltenia|Dobrogea|Muntenia|Crișana|Bucovina|Maramureș"),
        legal="S.R.L.|S.R.L.|S.R.L.|S.A.|",
        address="{street} nr. ##\n{postcode} {city}",
        phone="+40 2## ### ###",
    ),
    _locale(
        country="GR",
        language="el",
        weight=0.8,
        cities=(
            "Athína:1## ##|Thessaloníki:5## ##|Pátra:26# ##|Irákleio:71# ##|Lárisa:41# ##|"
            "Vólos:38# ##|Ioánnina:45# ##|Kavála:65# ##|Chaniá:73# ##|Peiraiás:18# ##|"
            "Kalamáta:24# ##|Komotiní:69# ##"
        ),
        postcode="### ##",
        regions=(
            "Ellados|Voreiou Ellados|Attikis|Makedonias|Kritis|Thessalias|Aigaiou|Ioniou|"
            "Peloponnisou|Ipeirou"
        ),
        legal="A.E.|A.E.|E.P.E.|I.K.E.|O.E.",
        address=EUROPEAN,
        phone="+30 21# ### ####",
    ),
    _locale(
        country="GR",
        language="en",
        weight=0.6,
        cities=(
            "Athens:1## ##|Thessaloniki:5## ##|Patras:26# ##|Heraklion:71# ##|"
            "Larissa:41# ##|Volos:38# ##|Piraeus:18# ##|Ioannina:45# ##"
        ),
        postcode="### ##",
        regions="Hellenic|Aegean|Ionian|Mediterranean|Balkan|Attica|Macedonian|Cretan",
        legal="S.A.|S.A.|Ltd",
        address=EUROPEAN,
        phone="+30 21# ### ####",
        brands="Aegean|Olympus|Acropolis|Hermes|Poseidon|Argo|Delphi|Athena|Pindus|Orion",
        streets=(
            "Ermou Street|Kifisias Avenue|Egnatia Street|Syngrou Avenue|Tsimiski Street|"
            "Mesogeion Avenue"
        ),
        surnames=LANGUAGES["el"].surnames,
    ),
    _locale(
        country="JP",
        language="ja",
        weight=2,
        cities=JP_CITIES,
        postcode="###-####",
        regions=(
            "Nihon|Zen-Nihon|Kantō|Kansai|Tōhoku|Kyūshū|Chūbu|Hokuriku|Chūgoku|Shikoku|"
            "Hokkaidō|Tōkai|Kinki|Shin-Nihon|Higashi-Nihon|Nishi-Nihon"
        ),
        legal="Kabushiki Kaisha|Kabushiki Kaisha|K.K.|Gōdō Kaisha|",
        address="{street} #-#-##\n{city} {postcode}",
        phone="+81 # #### ####",
    ),
    _locale(
        country="JP",
        language="en",
        weight=2,
        cities=JP_CITIES,
        postcode="###-####",
        regions="Japan|Nippon|Kantō|Kansai|Pacific|Asia|East Asia|Kyūshū|Tōhoku",
        legal="Co., Ltd.|Co., Ltd.|Co., Ltd.|Corporation|Inc.",
        address="{street} #-#-##\n{city} {postcode}",
        phone="+81 # #### ####",
        brands=LANGUAGES["ja"].brands,
        streets=LANGUAGES["ja"].streets,
        templates=("Japan {brand} {core} {legal}", "Japan {brand} {core} {legal}"),
        surnames=LANGUAGES["ja"].surnames,
    ),
    _locale(
        country="CN",
        language="zh",
        weight=3,
        cities=CN_CITIES,
        postcode="######",
        regions=(
            "Huabei|Huadong|Huanan|Huazhong|Xibei|Xinan|Dongbei|Zhongyuan|Changjiang|"
            "Zhujiang|Bohai|Haixi"
        ),
        legal="Youxian Gongsi|Youxian Gongsi|Gufen Youxian Gongsi|Youxian Zeren Gongsi",
        address="No. ### {street}\n{city} {postcode}",
        phone="+86 ## #### ####",
    ),
    _locale(
        country="CN",
        language="en",
        weight=6,
        cities=CN_CITIES,
        postcode="######",
        regions="China|Sino|Asia Pacific|Pearl River|Yangtze|Northern|Eastern|Huaxia|Orient",
        legal="Co., Ltd.|Co., Ltd.|Co., Ltd.|Group Co., Ltd.|Technology Co., Ltd.",
        address="No. ### {street}\n{city} {postcode}",
        phone="+86 ## #### ####",
        brands=LANGUAGES["zh"].brands,
        streets=LANGUAGES["zh"].streets,
        templates=("{city} {brand} {core} {legal}",) * 4,
        surnames=LANGUAGES["zh"].surnames,
    ),
    _locale(
        country="KR",
        language="ko",
        weight=1,
        cities=KR_CITIES,
        postcode="#####",
        regions=("Hanguk|Daehan|Honam|Yeongnam|Gyeongin|Chungcheong|Gangwon|Jeju|Sudogwon|Dongnam"),
        legal="Co., Ltd.|Jusikhoesa|",
        address="##, {street}\n{city} {postcode}",
        phone="+82 2 #### ####",
    ),
    _locale(
        country="KR",
        language="en",
        weight=1,
        cities=KR_CITIES,
        postcode="#####",
        regions="Korea|Korean|Asia|Han River|Pacific|Eastern",
        legal="Co., Ltd.|Co., Ltd.|Inc.|Corporation",
        address="##, {street}\n{city} {postcode}",
        phone="+82 2 #### ####",
        brands=LANGUAGES["ko"].brands,
        streets=LANGUAGES["ko"].streets,
        templates=("Korea {brand} {core} {legal}",),
        surnames=LANGUAGES["ko"].surnames,
    ),
    _locale(
        country="GB",
        language="en",
        weight=7,
        cities=(
            "London:EC#@ #@@|Manchester:M# #@@|Birmingham:B# #@@|Leeds:LS# #@@|"
            "Glasgow:G# #@@|Edinburgh:EH# #@@|Bristol:BS# #@@|Sheffield:S# #@@|"
            "Cardiff:CF## #@@|Newcastle upon Tyne:NE# #@@|Nottingham:NG# #@@|"
            "Leicester:LE# #@@|Coventry:CV# #@@|Belfast:BT# #@@|Aberdeen:AB## #@@|"
            "Milton Keynes:MK## #@@|Reading:RG# #@@|Warrington:WA# #@@|"
            "Southampton:SO## #@@|Cambridge:CB# #@@|Oxford:OX# #@@|Derby:DE# #@@|"
            "Stoke-on-Trent:ST# #@@|Swansea:SA# #@@|Peterborough:PE# #@@"
        ),
        postcode="@## #@@",
        regions=(
            "Northern|Southern|Midlands|Pennine|Thames Valley|Anglia|Wessex|Cotswold|"
            "Mercia|Caledonian|Highland|Severn|Humber|Tyneside|Chiltern|Solent|Mersey|"
            "Cambrian|Border|Albion"
        ),
        legal="Ltd|Ltd|Ltd|Limited|LLP|plc|",
        address="## {street}\n{city}\n{postcode}",
        phone="+44 20 7946 0###",
    ),
    _locale(
        country="IE",
        language="en",
        weight=0.8,
        cities=(
            "Dublin:D0# @@##|Cork:T12 @@##|Galway:H91 @@##|Limerick:V94 @@##|"
            "Waterford:X91 @@##|Athlone:N37 @@##|Sligo:F91 @@##|Dundalk:A91 @@##|"
            "Kilkenny:R95 @@##|Drogheda:A92 @@##|Shannon:V14 @@##|Letterkenny:F92 @@##"
        ),
        postcode="@## @@##",
        regions=(
            "Celtic|Atlantic|Shannon|Midlands|Western|Southern|Eastern|Liffey|Emerald|"
            "Munster|Leinster|Connacht|Ulster"
        ),
        legal="Ltd|Ltd|Limited|DAC|Teoranta",
        address=ENGLISH,
        phone="+353 1 ### ####",
        surnames=(
            "Murphy|Kelly|O'Sullivan|Walsh|O'Brien|Byrne|Ryan|O'Connor|Ó Briain|Mac Giolla|"
            "Doyle|Kavanagh"
        ),
    ),
    _locale(
        country="US",
        language="en",
        weight=9,
        cities=US_CITIES,
        postcode="#####",
        regions=(
            "Midwest|Pacific|Atlantic|Gulf Coast|Great Lakes|Southwest|Northeast|Keystone|"
            "Lone Star|Empire State|Bay Area|Sunbelt|Heartland|Cascade|Rocky Mountain|"
            "Tri-State|Carolina|New England|Mid-Atlantic|Ohio Valley|Great Plains|"
            "Golden State|Chesapeake"
        ),
        legal=", Inc.|, Inc.|, LLC|, LLC|Corp.|Corporation|",
        address=NORTH_AMERICAN,
        phone="+1 ###-555-01##",
        streets=US_STREETS,
    ),
    _locale(
        country="CA",
        language="en",
        weight=1.5,
        cities=(
            "Toronto:ON M#@ #@#|Vancouver:BC V#@ #@#|Calgary:AB T#@ #@#|"
            "Edmonton:AB T#@ #@#|Ottawa:ON K#@ #@#|Winnipeg:MB R#@ #@#|"
            "Mississauga:ON L#@ #@#|Hamilton:ON L#@ #@#|Halifax:NS B#@ #@#|"
            "Saskatoon:SK S#@ #@#|Regina:SK S#@ #@#|Victoria:BC V#@ #@#|London:ON N#@ #@#|"
            "Kitchener:ON N#@ #@#|St. John's:NL A#@ #@#"
        ),
        postcode="@#@ #@#",
        regions=(
            "Pacific|Prairie|Maritime|Atlantic|Northern|Great Lakes|Laurentian|Canadian|Western"
        ),
        legal="Inc.|Inc.|Ltd.|Corporation|",
        address=NORTH_AMERICAN,
        phone="+1 ###-555-01##",
        streets=US_STREETS,
    ),
    _locale(
        country="CA",
        language="fr",
        weight=0.5,
        cities=(
            "Montréal:QC H#@ #@#|Québec:QC G#@ #@#|Laval:QC H#@ #@#|Gatineau:QC J#@ #@#|"
            "Sherbrooke:QC J#@ #@#|Trois-Rivières:QC G#@ #@#|Saguenay:QC G#@ #@#|"
            "Lévis:QC G#@ #@#|Longueuil:QC J#@ #@#|Rimouski:QC G#@ #@#"
        ),
        postcode="@#@ #@#",
        regions="du Québec|de l'Estrie|de la Mauricie|du Saguenay|de l'Outaouais|de la Beauce",
        legal="inc.|inc.|ltée|",
        address="#### {street}\n{city} {postcode}",
        phone="+1 ###-555-01##",
    ),
    _locale(
        country="AU",
        language="en",
        weight=2,
        cities=(
            "Sydney:NSW 2###|Melbourne:VIC 3###|Brisbane:QLD 4###|Perth:WA 6###|"
            "Adelaide:SA 5###|Canberra:ACT 26##|Hobart:TAS 7###|Newcastle:NSW 2###|"
            "Gold Coast:QLD 42##|Geelong:VIC 32##|Wollongong:NSW 25##|Darwin:NT 08##|"
            "Townsville:QLD 48##|Cairns:QLD 48##|Toowoomba:QLD 43##|Ballarat:VIC 33##|"
            "Launceston:TAS 72##"
        ),
        postcode="####",
        regions=(
            "Pacific|Southern Cross|Great Southern|Outback|Coral Coast|Murray|Tasman|"
            "Northern|Eastern|Western|Coastal|Austral"
        ),
        legal="Pty Ltd|Pty Ltd|Pty Ltd|Limited",
        address=ENGLISH,
        phone="+61 2 5550 ####",
    ),
    _locale(
        country="NZ",
        language="en",
        weight=0.6,
        cities=(
            "Auckland:10##|Wellington:60##|Christchurch:80##|Hamilton:32##|Tauranga:31##|"
            "Dunedin:90##|Palmerston North:44##|Napier:41##|Nelson:70##|Whangārei:01##|"
            "New Plymouth:43##|Rotorua:30##|Invercargill:98##|Whanganui:45##"
        ),
        postcode="####",
        regions="Pacific|Tasman|Southern|Northland|Aotearoa|Kiwi|Waikato|Canterbury|Otago",
        legal="Limited|Limited|Ltd",
        address=ENGLISH,
        phone="+64 9 ### ####",
    ),
    _locale(
        country="IN",
        language="en",
        weight=6,
        cities=(
            "Mumbai:4000##|New Delhi:1100##|Bengaluru:5600##|Chennai:6000##|"
            "Hyderabad:5000##|Pune:4110##|Kolkata:7000##|Ahmedabad:3800##|Noida:2013##|"
            "Gurugram:1220##|Coimbatore:6410##|Vadodara:3900##|Jaipur:3020##|"
            "Lucknow:2260##|Kochi:6820##|Nagpur:4400##|Indore:4520##|Chandigarh:1600##|"
            "Visakhapatnam:5300##|Bhubaneswar:7510##|Ludhiana:1410##|Surat:3950##"
        ),
        postcode="######",
        regions=(
            "National|Indian|Southern|Northern|Western|Eastern|Deccan|Coastal|Gujarat|"
            "Punjab|Bengal|Kerala"
        ),
        legal="Pvt. Ltd.|Pvt. Ltd.|Private Limited|LLP|Ltd.",
        address="{street}, ###\n{city} {postcode}",
        phone="+91 ## #### ####",
        brands=(
            "Bharat|Shree|Sai|Ganga|Sahyadri|Kaveri|Narmada|Deccan|Indus|Tejas|Prakash|"
            "Shakti|Anand|Vishwas|Sarvottam|Navbharat|Pragati|Suraksha|Gunvatta|Aditya|"
            "Akshar|Jyoti|Nirmal|Satya|Vijay|Samarth|Siddhi|Pratham|Utkarsh|Amrit"
        ),
        streets=(
            "MG Road|Nehru Place|SV Road|Marol Maroshi Road|Anna Salai|Residency Road|"
            "Ring Road|Sector 62|Electronic City Phase 1|Bandra Kurla Complex|"
            "Hitech City Road|Park Street|Ashram Road|GIDC Estate|"
            "Okhla Industrial Area Phase 2"
        ),
        surnames=(
            "Sharma|Patel|Iyer|Reddy|Gupta|Mehta|Nair|Rao|Joshi|Agarwal|Kulkarni|"
            "Chatterjee|Banerjee|Singh|Verma|Desai"
        ),
    ),
    _locale(
        country="SG",
        language="en",
        weight=1,
        cities="Singapore",
        postcode="######",
        regions="Asia Pacific|Asian|Pacific|Global|Regional|Southeast Asia|Straits|Eastern",
        legal="Pte. Ltd.|Pte. Ltd.|Pte Ltd|Limited",
        address="## {street}\n{city} {postcode}",
        phone="+65 6### ####",
        brands=(
            "Straits|Marina|Orchid|Jurong|Kallang|Bukit|Pioneer|Tanjong|Evergreen|Kim Seng|"
            "Hock Lee|Tian Hock|Lion Gate|Harbourview|Sunrise|Banyan|Merbau|Cempaka"
        ),
        streets=(
            "Ang Mo Kio Avenue 5|Jurong West Street 41|Ubi Avenue 1|Kallang Way|"
            "Science Park Road|Toa Payoh Lorong 8|Tai Seng Street|"
            "Changi Business Park Central 1|Woodlands Loop|Pioneer Road|Kaki Bukit Road 1|"
            "Alexandra Road"
        ),
        surnames="Tan|Lim|Lee|Ng|Goh|Chua|Koh|Teo|Ong|Wong|Rahman|Pillai",
    ),
    _locale(
        country="ZA",
        language="en",
        weight=1.5,
        cities=(
            "Johannesburg:2###|Pretoria:0###|Cape Town:8###|Durban:4###|Gqeberha:60##|"
            "Bloemfontein:93##|Midrand:16##|Centurion:01##|East London:52##|Polokwane:07##|"
            "Pietermaritzburg:32##|Stellenbosch:76##|Rustenburg:03##|Kimberley:83##|"
            "Mbombela:12##"
        ),
        postcode="####",
        regions=(
            "Southern African|African|Cape|Highveld|Gauteng|Natal|Karoo|Limpopo|"
            "Eastern Cape|Western Cape"
        ),
        legal="(Pty) Ltd|(Pty) Ltd|(Pty) Ltd|NPC|CC",
        address=ENGLISH,
        phone="+27 ## ### ####",
        brands=(
            "Ubuntu|Protea|Karoo|Highveld|Drakensberg|Cape|Limpopo|Mzansi|Impala|Kudu|"
            "Baobab|Tshwane|Umoya|Sizwe|Thuthuka|Amandla|Fynbos|Springbok"
        ),
        surnames=(
            "Nkosi|Dlamini|Botha|van der Merwe|Naidoo|Mokoena|Pretorius|Smith|Khumalo|Pillay"
        ),
    ),
    _locale(
        country="BW",
        language="en",
        weight=0.3,
        cities="Gaborone|Francistown|Maun|Lobatse|Selebi-Phikwe|Palapye|Kasane|Serowe",
        postcode="",
        regions="Botswana|Southern African|Kalahari|Okavango|Northern",
        legal="(Pty) Ltd|(Pty) Ltd|Limited",
        address="Plot ####, {street}\n{city}",
        phone="+267 3## ####",
        brands=(
            "Kalahari|Okavango|Pula|Tswana|Chobe|Kgalagadi|Makgadikgadi|Tsodilo|Motswedi|"
            "Lesedi|Kagiso|Boitekanelo"
        ),
        streets=(
            "Independence Avenue|Khama Crescent|Nelson Mandela Drive|Kubu Road|"
            "Old Lobatse Road|Gaborone West Industrial|Blue Jacket Street"
        ),
        surnames="Molefe|Kgosi|Seretse|Ramotswa|Masire|Mmusi|Tshekedi|Moagi|Sebego",
    ),
    _locale(
        country="PK",
        language="en",
        weight=1,
        cities=(
            "Karachi:75###|Lahore:54###|Islamabad:44###|Rawalpindi:46###|Faisalabad:38###|"
            "Sialkot:51###|Multan:60###|Peshawar:25###|Gujranwala:52###|Hyderabad:71###|"
            "Quetta:87###"
        ),
        postcode="#####",
        regions="Pakistan|National|Punjab|Sindh|Northern|Frontier|Indus Valley",
        legal="(Pvt.) Ltd.|(Pvt.) Ltd.|(Private) Limited|Ltd.",
        address="{street}, ###\n{city} {postcode}",
        phone="+92 ## ### ####",
        brands=(
            "Indus|Karakoram|Sindh|Ravi|Chenab|Margalla|Shalimar|Noor|Hilal|Sitara|Khyber|"
            "Mehran|Jinnah|Iqbal|Zamzam|Faisal|Saif|Falcon"
        ),
        streets=(
            "Shahrah-e-Faisal|Mall Road|Jinnah Avenue|I.I. Chundrigar Road|Ferozepur Road|"
            "Blue Area|Korangi Industrial Area|Gulberg III Main Boulevard|"
            "Sundar Industrial Estate|Canal Road"
        ),
        surnames="Khan|Ahmed|Malik|Qureshi|Sheikh|Butt|Chaudhry|Siddiqui|Raza|Hussain",
    ),
    _locale(
        country="AE",
        language="en",
        weight=1.5,
        cities=(
            "Dubai:#####|Abu Dhabi:#####|Sharjah:#####|Ajman:#####|Ras Al Khaimah:#####|"
            "Al Ain:#####|Fujairah:#####"
        ),
        postcode="#####",
        regions="Emirates|Gulf|Arabian|Middle East|Desert|Global|Regional",
        legal="LLC|LLC|L.L.C.|FZE|FZ-LLC|FZCO",
        address="Office ###, {street}\nPO Box {postcode}, {city}",
        phone="+971 4 ### ####",
        brands=(
            "Al Noor|Al Salam|Al Amal|Al Reem|Al Fajr|Al Waha|Al Khaleej|Al Jazira|"
            "Al Mizan|Al Itqan|Al Jawda|Al Thiqa|Al Yaqeen|Al Durra|Nahda|Riyada|Gulf|"
            "Arabian|Falcon|Oasis"
        ),
        streets=(
            "Sheikh Zayed Road|Al Wasl Road|Corniche Road|Airport Road|Al Maktoum Road|"
            "Jebel Ali Free Zone|Dubai Investments Park|Musaffah Industrial Area|"
            "Al Khan Road|Khalifa Street"
        ),
        surnames="Al Mansoori|Al Hammadi|Al Suwaidi|Al Marzouqi|Al Nuaimi|Al Ketbi|Al Falasi",
    ),
    _locale(
        country="SA",
        language="en",
        weight=1,
        cities=(
            "Riyadh:1####|Jeddah:2####|Dammam:3####|Al Khobar:3####|Jubail:3####|"
            "Makkah:2####|Madinah:4####|Yanbu:4####|Tabuk:7####|Abha:6####|Buraydah:5####"
        ),
        postcode="#####",
        regions="Arabian|Gulf|Saudi|Eastern Province|Najd|Hijaz|Middle East",
        legal="Co.|Co. Ltd.|LLC|Company",
        address="{street}, Building ####\n{city} {postcode}",
        phone="+966 1# ### ####",
        brands=(
            "Al Noor|Al Salam|Al Amal|Al Fajr|Al Waha|Al Khaleej|Al Jazira|Al Mizan|"
            "Al Itqan|Al Jawda|Al Thiqa|Al Yaqeen|Nahda|Riyada|Tamkeen|Ittqan|Rawabi|Sahara"
        ),
        streets=(
            "King Fahd Road|Olaya Street|King Abdulaziz Road|Prince Sultan Road|"
            "Tahlia Street|2nd Industrial City|King Faisal Road"
        ),
        surnames="Al-Qahtani|Al-Harbi|Al-Otaibi|Al-Zahrani|Al-Ghamdi|Al-Dossari|Al-Shehri",
    ),
    _locale(
        country="EG",
        language="en",
        weight=1,
        cities=(
            "Cairo:11###|Alexandria:21###|Giza:12###|10th of Ramadan City:44###|"
            "Port Said:42###|Suez:43###|Mansoura:35###|Tanta:31###|Ismailia:41###|"
            "Asyut:71###|6th of October City:12###"
        ),
        postcode="#####",
        regions="Egyptian|Nile|Delta|Sinai|Middle East|African|Mediterranean",
        legal="S.A.E.|S.A.E.|LLC|Co.",
        address="## {street}\n{city} {postcode}",
        phone="+20 2 #### ####",
        brands=(
            "Misr|Nile|Delta|Pharos|Al Ahram|Al Nour|Al Salam|Al Mizan|Al Itqan|Al Jawda|"
            "Horus|Memphis|Karnak|Sphinx|Nefertari|Luxor"
        ),
        streets=(
            "Tahrir Street|Corniche El Nil|Salah Salem Street|Gamal Abdel Nasser Street|"
            "El Horreya Road|Industrial Zone A1|Mostafa El Nahas Street|"
            "Abbas El Akkad Street|26th of July Street"
        ),
        surnames="Hassan|Mahmoud|El-Sayed|Farouk|Mostafa|Abdel Rahman|Fahmy|Soliman|Naguib",
    ),
    _locale(
        country="MY",
        language="en",
        weight=1,
        cities=(
            "Kuala Lumpur:50###|Petaling Jaya:46###|Shah Alam:40###|George Town:10###|"
            "Johor Bahru:80###|Ipoh:30###|Kuching:93###|Kota Kinabalu:88###|Seremban:70###|"
            "Melaka:75###|Kuantan:25###|Klang:41###|Cyberjaya:63###"
        ),
        postcode="#####",
        regions="Malaysian|Peninsular|Borneo|Asia Pacific|Straits|Selangor|Johor|Penang",
        legal="Sdn. Bhd.|Sdn. Bhd.|Sdn Bhd|Berhad",
        address="## {street}\n{postcode} {city}",
        phone="+60 3-#### ####",
        brands=(
            "Mutiara|Cahaya|Harimau|Bunga Raya|Gemilang|Jaya|Sinar|Mutu|Bestari|Perdana|"
            "Setia|Wawasan|Intan|Nusantara|Tiara|Kencana"
        ),
        streets=(
            "Jalan Ampang|Jalan Tun Razak|Jalan Sultan Ismail|Persiaran Kewajipan|"
            "Jalan Perindustrian|Jalan Bukit Bintang|Jalan Semangat|Lebuh Pantai|"
            "Jalan Tebrau|Persiaran Multimedia"
        ),
        surnames="Tan|Lim|Wong|Abdullah|Ismail|Rahman|Subramaniam|Chong|Yusof|Ibrahim",
    ),
    _locale(
        country="NG",
        language="en",
        weight=0.6,
        cities=(
            "Lagos:1#####|Abuja:900###|Port Harcourt:500###|Ibadan:200###|Kano:700###|"
            "Enugu:400###|Benin City:300###|Kaduna:800###|Abeokuta:110###|Onitsha:434###"
        ),
        postcode="######",
        regions="Nigerian|West African|Niger Delta|Lagos|Northern|Eastern|Sahel|Atlantic",
        legal="Ltd|Ltd|Limited|Nigeria Ltd",
        address=ENGLISH,
        phone="+234 1 ### ####",
        brands=(
            "Naija|Zuma|Olumo|Eko|Arewa|Unity|Sahel|Benue|Aso|Ogun|Oduduwa|Nkem|Ifeoma|"
            "Adamawa|Kainji|Obudu"
        ),
        streets=(
            "Adeola Odeku Street|Awolowo Road|Herbert Macaulay Way|Aminu Kano Crescent|"
            "Trans-Amadi Industrial Layout|Ikorodu Road|Aba Road|Ahmadu Bello Way"
        ),
        surnames="Adeyemi|Okafor|Bello|Okonkwo|Adebayo|Eze|Ibrahim|Oyelaran|Nwosu|Balogun",
    ),
    _locale(
        country="KE",
        language="en",
        weight=0.5,
        cities=(
            "Nairobi:00100|Mombasa:80100|Kisumu:40100|Nakuru:20100|Eldoret:30100|"
            "Thika:01000|Nyeri:10100|Machakos:90100"
        ),
        postcode="00100",
        regions="East African|Kenyan|Rift Valley|Coastal|Lakeside|Highlands|Savannah",
        legal="Limited|Limited|Ltd",
        address="{street}\nP.O. Box #####-{postcode}, {city}",
        phone="+254 20 ### ####",
        brands=(
            "Rift Valley|Savannah|Kilimanjaro|Mara|Harambee|Tana|Nyota|Simba|Twiga|Jambo|"
            "Amani|Uhuru|Baraka|Imara|Tumaini"
        ),
        streets=(
            "Moi Avenue|Kenyatta Avenue|Mombasa Road|Ngong Road|Waiyaki Way|"
            "Enterprise Road|Haile Selassie Avenue|Oginga Odinga Street"
        ),
        surnames="Otieno|Kamau|Wanjiru|Mwangi|Ochieng|Kiprop|Njoroge|Wekesa|Mutua|Akinyi",
    ),
)


# ---------------------------------------------------------------------------
# Kinds of body and how accreditation bodies number their accreditations.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    key: str
    cascos: tuple  # CASCO standard codes
    family: str
    weight: float
    label: str
    related: tuple  # kinds a body of this kind is often accredited for as well
    specialties: tuple


KINDS = (
    Kind(
        key="ms",
        cascos=("ISO/IEC 17021-1",),
        family="cert",
        weight=55,
        label="Management system certification body",
        related=("product", "persons", "vv"),
        specialties=(),  # the description names its standards instead
    ),
    Kind(
        key="product",
        cascos=("ISO/IEC 17065",),
        family="cert",
        weight=10,
        label="Product certification body",
        related=("ms", "inspection", "lab"),
        specialties=_p(
            "Certifies electrical equipment, machinery and construction products.|"
            "Certifies food and agricultural products under private and regulatory schemes.|"
            "Certifies organic production.|"
            "Certifies medical devices and personal protective equipment.|"
            "Certifies toys, textiles and other consumer products."
        ),
    ),
    Kind(
        key="persons",
        cascos=("ISO/IEC 17024",),
        family="cert",
        weight=5,
        label="Personnel certification body",
        related=("ms",),
        specialties=_p(
            "Certifies welders, auditors and non-destructive testing personnel.|"
            "Certifies information security and data protection professionals.|"
            "Certifies energy auditors and building inspectors.|"
            "Certifies project managers and quality professionals."
        ),
    ),
    Kind(
        key="vv",
        cascos=("ISO 14065", "ISO/IEC 17029"),
        family="cert",
        weight=3,
        label="Validation and verification body",
        related=("ms",),
        specialties=_p(
            "Verifies greenhouse gas statements and emissions reports.|"
            "Validates and verifies carbon offset projects and sustainability reports.|"
            "Verifies environmental product declarations."
        ),
    ),
    Kind(
        key="lab",
        cascos=("ISO/IEC 17025",),
        family="lab",
        weight=15,
        label="Testing and calibration laboratory",
        related=("medical", "pt", "inspection"),
        specialties=_p(
            "Chemical, microbiological and physical testing of food, feed and water.|"
            "Mechanical and metallurgical testing of metals, welds and plastics.|"
            "Calibration of pressure, temperature, mass and dimensional instruments.|"
            "Electrical safety and EMC testing of electrical and electronic products.|"
            "Environmental testing of soil, air, water and waste.|"
            "Testing of construction materials: concrete, aggregates, asphalt and steel.|"
            "Textile and leather testing for apparel and footwear.|"
            "Pharmaceutical and cosmetics testing."
        ),
    ),
    Kind(
        key="medical",
        cascos=("ISO 15189",),
        family="medical",
        weight=4,
        label="Medical laboratory",
        related=("lab",),
        specialties=_p(
            "Clinical chemistry, haematology and microbiology for hospitals and practices.|"
            "Histopathology and molecular diagnostics.|"
            "Laboratory medicine with immunology and transfusion testing."
        ),
    ),
    Kind(
        key="inspection",
        cascos=("ISO/IEC 17020",),
        family="inspection",
        weight=8,
        label="Inspection body",
        related=("lab", "product"),
        specialties=_p(
            "Inspection of lifts, cranes and pressure equipment.|"
            "Periodic inspection of electrical installations and machinery.|"
            "Pre-shipment and cargo inspection for importers and traders.|"
            "Inspection of buildings, fire protection systems and playgrounds.|"
            "Inspection of vehicles and gas installations."
        ),
    ),
    Kind(
        key="pt",
        cascos=("ISO/IEC 17043",),
        family="lab",
        weight=1,
        label="Proficiency testing provider",
        related=("lab", "rm"),
        specialties=_p(
            "Organises proficiency testing rounds for food and water laboratories.|"
            "Provides interlaboratory comparisons for calibration laboratories.|"
            "Runs external quality assessment schemes for medical laboratories."
        ),
    ),
    Kind(
        key="rm",
        cascos=("ISO 17034",),
        family="lab",
        weight=1,
        label="Reference material producer",
        related=("lab", "pt"),
        specialties=_p(
            "Produces certified reference materials for chemical analysis.|"
            "Produces matrix reference materials for food and environmental testing.|"
            "Produces calibration gases and reference solutions."
        ),
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}

# Certifiable standards a management-system certification body has in scope, with the
# chance of each; IAF sectors apply to the first three.
SCOPE_STANDARDS = (
    ("ISO 9001", 0.95),
    ("ISO 14001", 0.6),
    ("ISO 45001", 0.5),
    ("ISO/IEC 27001", 0.25),
    ("ISO 22000", 0.12),
    ("ISO 13485", 0.08),
    ("ISO 50001", 0.12),
    ("ISO/IEC 20000-1", 0.06),
    ("ISO 22301", 0.06),
    ("ISO 37001", 0.04),
    ("ISO/IEC 42001", 0.03),
)
SECTOR_STANDARDS = frozenset({"ISO 9001", "ISO 14001", "ISO 45001"})

# Kinds of body an AB accredits, where it does not accredit every kind.
AB_KINDS = {
    "NABL": frozenset({"lab", "medical", "pt", "rm"}),
    "NATA": frozenset({"lab", "medical", "inspection", "pt", "rm"}),
    "NABCB": frozenset({"ms", "product", "persons", "inspection", "vv"}),
    "JAS-ANZ": frozenset({"ms", "product", "persons", "inspection", "vv"}),
    "KAB": frozenset({"ms", "product", "persons", "vv"}),
    "A2LA": frozenset({"lab", "medical", "inspection", "product", "pt", "rm"}),
    "IAS": frozenset({"lab", "inspection", "product", "ms", "persons"}),
}
# Relative weight among several ABs of one country (others count 1).
HOME_WEIGHTS = {"ANAB": 4, "A2LA": 3}
# ABs that accredit bodies of countries other than their own (JAS-ANZ is also New
# Zealand's).
EXTRA_HOMES = {"NZ": ("JAS-ANZ",)}
FOREIGN_WEIGHTS = (
    ("UKAS", 30),
    ("ANAB", 25),
    ("DAkkS", 15),
    ("IAS", 8),
    ("COFRAC", 6),
    ("ACCREDIA", 6),
    ("JAS-ANZ", 4),
    ("A2LA", 4),
    ("ENAC", 2),
)
# Their accreditations run until withdrawn, with no expiry date.
NO_EXPIRY = frozenset({"UKAS", "NATA"})

# Number patterns per AB and kind ("*": any other kind); a tuple offers alternatives
# (testing or calibration laboratory). "#" is a digit, "@" a capital letter.
NUMBER_FORMATS = {
    "A2LA": {"*": "####.0#"},
    "AA": {"*": "####"},
    "ACCREDIA": {
        "ms": "###A",
        "product": "###B",
        "persons": "###C",
        "inspection": "###E",
        "vv": "###H",
        "lab": ("LAB N° ####", "LAT N° ###"),
        "medical": "MED N° ###",
        "pt": "PTP N° ###",
        "rm": "RMP N° ###",
    },
    "ANAB": {
        "ms": "MS-####",
        "product": "PR-####",
        "persons": "PC-####",
        "vv": "VV-####",
        "lab": ("AT-####", "AC-####"),
        "medical": "ML-####",
        "inspection": "AI-####",
        "pt": "AP-####",
        "rm": "AR-####",
    },
    "BELAC": {
        "ms": "###-QMS",
        "product": "###-PROD",
        "persons": "###-PERS",
        "vv": "###-VER",
        "lab": ("###-TEST", "###-CAL"),
        "medical": "###-MED",
        "inspection": "###-INSP",
        "pt": "###-PTP",
        "rm": "###-RMP",
    },
    "CAI": {
        "lab": ("1###", "2###"),
        "medical": "8###",
        "inspection": "4###",
        "pt": "7###",
        "*": "3###",
    },
    "CGCRE": {
        "ms": "OCS ####",
        "product": "OCP-####",
        "persons": "OPC-####",
        "vv": "OVV-####",
        "lab": ("CRL ####", "CAL ####"),
        "medical": "CRL ####",
        "inspection": "OIA-####",
        "pt": "PEP-####",
        "rm": "PMR-####",
    },
    "CNAS": {
        "ms": "CNAS C###-M",
        "product": "CNAS C###-P",
        "persons": "CNAS C###-S",
        "vv": "CNAS C###-V",
        "lab": "CNAS L#####",
        "medical": "CNAS MT####",
        "inspection": "CNAS IB####",
        "pt": "CNAS PT####",
        "rm": "CNAS RM####",
    },
    "COFRAC": {
        "ms": "4-0###",
        "product": "5-0###",
        "persons": "4-5###",
        "vv": "4-6###",
        "lab": ("1-####", "2-####"),
        "medical": "8-####",
        "inspection": "3-####",
        "pt": "1-####",
        "rm": "1-####",
    },
    "DAkkS": {
        "ms": "D-ZM-#####-01-0#",
        "product": "D-ZE-#####-01-0#",
        "persons": "D-ZP-#####-01-0#",
        "vv": "D-VS-#####-01-0#",
        "lab": ("D-PL-#####-01-0#", "D-K-#####-01-0#"),
        "medical": "D-ML-#####-01-0#",
        "inspection": "D-IS-#####-01-0#",
        "pt": "D-EP-#####-01-0#",
        "rm": "D-RM-#####-01-0#",
    },
    "DANAK": {"*": "###"},
    "EGAC": {"lab": "LB-###", "medical": "ML-###", "inspection": "IB-###", "*": "CB-###"},
    "EIAC": {
        "lab": "EIAC-RL-###",
        "medical": "EIAC-ML-###",
        "inspection": "EIAC-IB-###",
        "*": "EIAC-CB-###",
    },
    "EMA": {
        "lab": ("Q-####-###/##", "A-####-###/##", "C-####-###/##"),
        "medical": "CL-###-###/##",
        "inspection": "UVEM-###-##",
        "*": "OC-###-###/##",
    },
    "ENAC": {
        "ms": "##/C-SG###",
        "product": "##/C-PR###",
        "persons": "##/C-PE###",
        "vv": "##/C-MA###",
        "lab": "####/LE####",
        "medical": "###/LE####",
        "inspection": "###/EI###",
        "pt": "##/PPI###",
        "rm": "##/PMR###",
    },
    "ESYD": {"lab": "###-3", "medical": "###-5", "inspection": "###-4", "*": "###-1"},
    "FINAS": {
        "lab": ("T###", "K###"),
        "medical": "T###",
        "inspection": "I###",
        "pt": "PT##",
        "rm": "RM##",
        "*": "S###",
    },
    "GAC": {
        "lab": "GAC-LB-####",
        "medical": "GAC-ML-####",
        "inspection": "GAC-IB-####",
        "*": "GAC-CB-####",
    },
    "IAS": {
        "ms": "MSCB-###",
        "product": "PCB-###",
        "persons": "PerCB-###",
        "lab": ("TL-###", "CL-###"),
        "medical": "ML-###",
        "inspection": "IA-###",
        "*": "CB-###",
    },
    "INAB": {
        "ms": "###MS",
        "product": "###PC",
        "persons": "###PS",
        "vv": "###VV",
        "lab": ("###T", "###C"),
        "medical": "###MT",
        "inspection": "###I",
        "pt": "###PT",
        "rm": "###RM",
    },
    "INN": {
        "lab": ("LE ####", "LC ###"),
        "medical": "LCL ###",
        "inspection": "OI ###",
        "*": "OC ###",
    },
    "IPAC": {"lab": "L####", "medical": "L####", "inspection": "I####", "*": "C####"},
    "JAB": {
        "ms": "CM###",
        "product": "CP###",
        "persons": "CS###",
        "vv": "CV###",
        "lab": ("RTL0####", "RCL0####"),
        "medical": "RML0####",
        "inspection": "RIB0###",
        "pt": "RPT0###",
        "rm": "RRM0###",
    },
    "JAS-ANZ": {"*": "Z#######A@"},
    "KAB": {
        "ms": "KAB-QC-###",
        "product": "KAB-PC-###",
        "persons": "KAB-PS-###",
        "*": "KAB-EC-###",
    },
    "NABCB": {
        "ms": "MSCB-###",
        "product": "PRCB-###",
        "persons": "PRS-###",
        "inspection": "IB-###",
        "*": "VVB-###",
    },
    "NABL": {"lab": ("TC-#####", "CC-####"), "medical": "MC-####", "pt": "PC-####", "*": "RC-####"},
    "NATA": {"*": "####"},
    "OAA": {
        "lab": ("LE ###", "LC ###"),
        "medical": "LCL ###",
        "inspection": "OI ###",
        "ms": "OCS ###",
        "product": "OCP ###",
        "persons": "OCPER ###",
        "*": "OC ###",
    },
    "PCA": {
        "lab": ("AB ####", "AP ###"),
        "medical": "AM ###",
        "inspection": "AK ###",
        "pt": "PT ###",
        "rm": "RM ###",
        "*": "AC ###",
    },
    "PNAC": {
        "lab": ("PNAC-LAB-###", "PNAC-CAL-###"),
        "medical": "PNAC-ML-###",
        "inspection": "PNAC-IB-###",
        "*": "PNAC-CB-###",
    },
    "RENAR": {
        "lab": ("LI ####", "LE ###"),
        "medical": "LM ###",
        "inspection": "OI ###",
        "*": "OC ###",
    },
    "RvA": {"lab": ("L ###", "K ###"), "medical": "M ###", "inspection": "I ###", "*": "C ###"},
    "SAC": {
        "lab": "LA-####-####-@",
        "medical": "ML-####-####-@",
        "inspection": "IB-####-####-@",
        "*": "CB-####-@",
    },
    "SADCAS": {
        "lab": ("TEST-####", "CAL-####"),
        "medical": "MED-####",
        "inspection": "INSP-####",
        "*": "CB-####",
    },
    "SANAS": {
        "lab": ("T####", "C####"),
        "medical": "M####",
        "inspection": "IB####",
        "pt": "PTS####",
        "rm": "RMP####",
        "*": "CB####",
    },
    "SCC": {"*": "#####"},
    "SNAS": {
        "ms": "R-###",
        "product": "P-###",
        "persons": "O-###",
        "lab": ("S-###", "K-###"),
        "medical": "M-###",
        "inspection": "I-###",
        "*": "R-###",
    },
    "SWEDAC": {"*": "#####"},
    "TURKAK": {
        "ms": "AB-####-MS",
        "product": "AB-####-P",
        "persons": "AB-####-PS",
        "vv": "AB-####-DD",
        "lab": ("AB-####-T", "AB-####-K"),
        "medical": "AB-####-TM",
        "inspection": "AB-####-M",
        "pt": "AB-####-YT",
        "rm": "AB-####-RM",
    },
    "UKAS": {"*": "####"},
}
# After this many numbers already taken, a pattern gets one digit more.
NUMBER_ATTEMPTS_PER_WIDTH = 8

DIGITS = "0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def _number(rng, pattern):
    """``pattern`` filled in, its first run of "#" never all zeros ("0000" is no number)."""
    start = pattern.index("#")
    end = len(pattern) - len(pattern[start:].lstrip("#"))
    run = str(rng.randint(1, 10 ** (end - start) - 1)).zfill(end - start)
    return _fill(rng, pattern[:start] + run + pattern[end:])


def _fill(rng, pattern):
    """``pattern`` with each "#" a random digit and each "@" a random capital letter."""
    return "".join(
        rng.choice(DIGITS) if c == "#" else rng.choice(LETTERS) if c == "@" else c for c in pattern
    )


def _widen(pattern, extra):
    """``pattern`` with ``extra`` more digits in its first run of "#"."""
    return pattern.replace("#", "#" * (extra + 1), 1) if extra else pattern


def _of(language, place):
    """``place`` after the language's "of": "de Lyon", "d'Orléans", "di Forlì"."""
    if language.of == "fr":
        return f"d'{place}" if unidecode(place[:1]).lower() in "aeiouyh" else f"de {place}"
    return f"{language.of} {place}" if language.of else place


def _join(items):
    """English list: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _weighted(items, weights):
    """(items, cumulative weights), for ``DemoGenerator.choose``."""
    return tuple(items), tuple(itertools.accumulate(weights))


@dataclass(frozen=True)
class AB:
    id: int
    acronym: str
    slug: str
    country: str

    def accredits(self, kind):
        kinds = AB_KINDS.get(self.acronym)
        return kinds is None or kind in kinds


@dataclass
class DemoAccreditation:
    accreditation: Accreditation
    standard_ids: tuple
    sector_ids: tuple


@dataclass
class DemoBody:
    body: CertificationBody
    accreditations: list


class DemoGenerator:
    """Makes demo bodies one at a time, unique against the database and each other.

    All randomness comes from ``random.Random(seed)`` and the reference data is read in
    a fixed order, so a seed gives the same bodies on every run into an empty directory.
    Dates are the exception, on purpose: they are drawn as offsets from ``today``, so
    that an "active" accreditation stays current (or past its date, for the share meant
    to be) whenever the demo is loaded, instead of the whole demo ageing into "expired".
    """

    def __init__(
        self,
        *,
        seed,
        today,
        accreditation_bodies,
        standards,
        sector_ids,
        taken_names=(),
        taken_slugs=(),
        taken_numbers=(),
    ):
        self.rng = random.Random(seed)
        self.today = today
        self.abs = sorted(accreditation_bodies, key=lambda ab: ab.acronym)
        self.acronyms = {ab.id: ab.acronym for ab in self.abs}
        self.standard_codes = {pk: code for code, pk in standards.items()}
        self.sector_ids = sorted(sector_ids)
        self.names = set(taken_names)
        self.slugs = SlugAllocator(taken_slugs)
        self.numbers = defaultdict(set)
        for ab_id, number in taken_numbers:
            self.numbers[ab_id].add(number)
        self.locales = _weighted(LOCALES, [locale.weight for locale in LOCALES])
        self.kinds = _weighted(KINDS, [kind.weight for kind in KINDS])
        self.cascos = {
            kind.key: [(code, standards[code]) for code in kind.cascos if code in standards]
            for kind in KINDS
        }
        self.scope = [
            (code, p, standards[code]) for code, p in SCOPE_STANDARDS if code in standards
        ]
        self.home = defaultdict(list)
        by_acronym = {ab.acronym: ab for ab in self.abs}
        for ab in self.abs:
            self.home[ab.country].append(ab)
        for country, acronyms in EXTRA_HOMES.items():
            self.home[country] += [by_acronym[a] for a in acronyms if a in by_acronym]
        self.foreign = [(by_acronym[a], w) for a, w in FOREIGN_WEIGHTS if a in by_acronym]
        self.candidates = {}
        self.country_names = {}

    @classmethod
    def from_database(cls, *, seed, today):
        """A generator for the reference data and bodies now in the database."""
        return cls(
            seed=seed,
            today=today,
            accreditation_bodies=[
                AB(pk, acronym, slug, str(country))
                for pk, acronym, slug, country in AccreditationBody.objects.values_list(
                    "pk", "acronym", "slug", "country"
                )
            ],
            standards=dict(Standard.objects.values_list("code", "pk")),
            sector_ids=SectorCode.objects.values_list("pk", flat=True),
            taken_names=CertificationBody.objects.values_list("name", "country").iterator(),
            taken_slugs=CertificationBody.objects.values_list("slug", flat=True).iterator(),
            taken_numbers=Accreditation.objects.values_list(
                "accreditation_body_id", "number"
            ).iterator(),
        )

    def choose(self, weighted):
        """One of the items of a ``_weighted`` pair, by weight."""
        items, cumulative = weighted
        return items[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def body(self):
        """The next demo body, unsaved, with its accreditations."""
        rng = self.rng
        locale = self.choose(self.locales)
        lang = locale.lang
        kind = self.choose(self.kinds)
        city, postcode = rng.choice(locale.cities)
        name, stem = self.unique_name(locale, kind.family, city)
        accreditations = (
            [] if rng.random() < UNACCREDITED_SHARE else self.accreditations(locale.country, kind)
        )
        words = [word for word in slugify(unidecode(stem)).split("-") if word not in DOMAIN_SKIP]
        domain = "-".join(words[:3])[:40].strip("-") or "body"
        body = CertificationBody(
            name=name,
            aliases="\n".join(self.aliases(locale, kind.family, city, stem, name)),
            slug=self.slugs.allocate(name, locale.country),
            country=locale.country,
            city=city,
            address=""
            if rng.random() < 0.03
            else _fill(
                rng,
                locale.address.format(
                    street=rng.choice(locale.streets or lang.streets), city=city, postcode=postcode
                ),
            ),
            website="" if rng.random() < 0.04 else f"https://www.{domain}.example",
            email="" if rng.random() < 0.06 else f"{rng.choice(lang.mailboxes)}@{domain}.example",
            phone="" if rng.random() < 0.08 else _fill(rng, locale.phone),
            description=self.description(locale.country, kind, city, accreditations),
            is_demo=True,
        )
        numbers = sorted(
            (self.acronyms[item.accreditation.accreditation_body_id], item.accreditation.number)
            for item in accreditations
        )
        body.search_text = body.build_search_text([number for _, number in numbers])
        return DemoBody(body, accreditations)

    def compose(self, locale, family, city):
        """A name (and the same without legal form) in the locale's language."""
        rng = self.rng
        lang = locale.lang
        template = rng.choice(lang.templates + locale.templates + lang.extra.get(family, ()))
        brands = locale.brands or lang.brands
        surname, surname2 = rng.sample(locale.surnames or lang.surnames, 2)
        slots = {
            "core": rng.choice(lang.cores[family]),
            "brand": rng.choice(brands),
            "region": rng.choice(locale.regions),
            "city": city,
            "of_city": _of(lang, city),
            "surname": surname,
            "surname2": surname2,
        }
        legal = rng.choice(locale.legal)
        return _tidy(template.format(legal=legal, **slots)), _tidy(
            template.format(legal="", **slots)
        )

    def unique_name(self, locale, family, city):
        """A name no body in the locale's country has; a branch city, then a number if need be."""
        country = locale.country
        for _ in range(NAME_ATTEMPTS):
            name, stem = self.compose(locale, family, city)
            if (name, country) not in self.names:
                break
        else:
            candidates = itertools.chain(
                (f"{name} – {branch}" for branch, _ in locale.cities if branch != city),
                (f"{name} ({n})" for n in itertools.count(2)),
            )
            name = next(c for c in candidates if (c, country) not in self.names)
        self.names.add((name, country))
        return name, stem

    def aliases(self, locale, family, city, stem, name):
        """Other or former names for a share of bodies: an acronym, a former name."""
        rng = self.rng
        draw = rng.random()
        if draw >= ALIAS_SHARE:
            return []
        aliases = []
        initials = "".join(word[0] for word in stem.split() if word[:1].isupper())
        if draw < ALIAS_SHARE * 0.6 and len(initials) >= 3:
            aliases.append(unidecode(initials))
        if draw >= ALIAS_SHARE * 0.4 or not aliases:
            former, _ = self.compose(locale, family, city)
            if former != name:
                aliases.append(former)
        return aliases

    def accreditations(self, country, kind):
        """1 to 3 accreditations: the body's own kind first, then more of it or related."""
        rng = self.rng
        count = rng.choices((1, 2, 3), cum_weights=(62, 89, 100))[0]
        made, used = [], set()
        for i in range(count):
            this, abroad = kind, False
            if i:
                if rng.random() < 0.5:
                    abroad = True  # the same kind, from another (usually foreign) AB
                else:
                    this = KINDS_BY_KEY[rng.choice(kind.related)]
            if not self.cascos[this.key]:
                continue
            code, casco_id = rng.choice(self.cascos[this.key])
            ab = self.accreditation_body(country, this.key, abroad)
            if ab is None or (ab.id, casco_id) in used:
                continue
            used.add((ab.id, casco_id))
            made.append(self.accreditation(ab, this.key, code, casco_id))
        return made

    def accreditation_body(self, country, kind, abroad):
        """A home AB mostly (never when ``abroad``), else a big international one."""
        key = (country, kind)
        if key not in self.candidates:
            home = [ab for ab in self.home.get(country, ()) if ab.accredits(kind)]
            foreign = [
                (ab, weight) for ab, weight in self.foreign if ab.accredits(kind) and ab not in home
            ]
            rest = [ab for ab in self.abs if ab.accredits(kind) and ab not in home]
            self.candidates[key] = (
                _weighted(home, [HOME_WEIGHTS.get(ab.acronym, 1) for ab in home]) if home else None,
                _weighted(*zip(*foreign, strict=True)) if foreign else None,
                rest,
            )
        home, foreign, rest = self.candidates[key]
        if home and not abroad and self.rng.random() < HOME_SHARE:
            return self.choose(home)
        if foreign:
            return self.choose(foreign)
        if rest:
            return self.rng.choice(rest)
        return self.choose(home) if home else None

    def number(self, ab, kind):
        """An accreditation number in the AB's format that it has not issued yet."""
        formats = NUMBER_FORMATS.get(ab.acronym, {})
        pattern = formats.get(kind) or formats.get("*") or f"{ab.acronym}-####"
        if isinstance(pattern, tuple):
            pattern = self.rng.choice(pattern)
        taken = self.numbers[ab.id]
        for attempt in itertools.count():
            number = _number(self.rng, _widen(pattern, attempt // NUMBER_ATTEMPTS_PER_WIDTH))
            if number not in taken:
                taken.add(number)
                return number

    def accreditation(self, ab, kind, casco_code, casco_id):
        """One accreditation from ``ab``, with its number, status, dates and scope."""
        rng = self.rng
        number = self.number(ab, kind)
        status, granted_on, valid_until = self.dates(ab)
        standard_ids, sector_ids = (), ()
        if casco_code == "ISO/IEC 17021-1":
            standard_ids, sector_ids = self.management_scope()
        verified_days = min(rng.randint(0, 540), (self.today - granted_on).days)
        accreditation = Accreditation(
            accreditation_body_id=ab.id,
            number=number,
            casco_standard_id=casco_id,
            status=status,
            granted_on=granted_on,
            valid_until=valid_until,
            scope_document_url=f"https://{ab.slug}.example/scopes/{slugify(number)}.pdf",
            last_verified_on=self.today - datetime.timedelta(days=verified_days),
        )
        return DemoAccreditation(accreditation, standard_ids, sector_ids)

    def dates(self, ab):
        """(status, granted_on, valid_until), offsets from today (see the class docstring)."""
        rng = self.rng
        today = self.today

        def days(lo, hi):
            return datetime.timedelta(days=rng.randint(lo, hi))

        draw = rng.random()
        if draw < 0.72:
            granted = today - days(30, 9000)
            until = None if ab.acronym in NO_EXPIRY else today + days(20, 1825)
            return AccreditationStatus.ACTIVE, granted, until
        if draw < 0.79:  # still "active", but past its valid-until date: expired by date
            until = today - days(1, 540)
            return AccreditationStatus.ACTIVE, until - days(365, 7000), until
        if draw < 0.85:
            return AccreditationStatus.SUSPENDED, today - days(200, 7000), today + days(20, 1500)
        if draw < 0.93:
            # Withdrawn before the end of its term: a past date would make it "expired".
            until = None if rng.random() < 0.4 else today + days(1, 1500)
            return AccreditationStatus.WITHDRAWN, today - days(200, 7000), until
        until = today - days(1, 3000)
        return AccreditationStatus.EXPIRED, until - days(365, 6000), until

    def management_scope(self):
        """Certifiable standard pks, and IAF sector pks if QMS, EMS or OH&S is among them."""
        rng = self.rng
        chosen = [(code, pk) for code, p, pk in self.scope if rng.random() < p]
        if not chosen and self.scope:
            chosen = [(self.scope[0][0], self.scope[0][2])]
        sectors = ()
        if self.sector_ids and any(code in SECTOR_STANDARDS for code, _ in chosen):
            count = min(len(self.sector_ids), max(1, round(rng.lognormvariate(1.8, 0.7))))
            sectors = tuple(sorted(rng.sample(self.sector_ids, count)))
        return tuple(pk for _, pk in chosen), sectors

    def description(self, country, kind, city, accreditations):
        """A short English description: what the body does, where, and since when."""
        rng = self.rng
        if country not in self.country_names:
            self.country_names[country] = str(countries.name(country))
        text = f"{kind.label} based in {city}, {self.country_names[country]}."
        if kind.key == "ms":
            scope = next((item.standard_ids for item in accreditations if item.standard_ids), None)
            if scope is None:
                scope, _ = self.management_scope()
            if scope:
                codes = _join([self.standard_codes[pk] for pk in scope])
                text += f" Audits and certifies management systems to {codes}."
        else:
            text += f" {rng.choice(kind.specialties)}"
        if accreditations:
            first = min(item.accreditation.granted_on for item in accreditations)
            founded = first.year - rng.randint(0, 15)
        else:
            founded = self.today.year - rng.randint(1, 40)
        return f"{text} Founded in {founded}."


def _tidy(name):
    """``name`` with single spaces and no space before a comma ("Apex Labs, Inc.")."""
    return " ".join(name.split()).replace(" ,", ",")


@dataclass
class SeedReport:
    bodies: int = 0
    accreditations: int = 0


def create_demo_bodies(count, *, seed, today=None, progress=None):
    """Create ``count`` demo bodies with their accreditations, in one transaction."""
    today = today or timezone.localdate()
    report = SeedReport()
    with transaction.atomic():
        generator = DemoGenerator.from_database(seed=seed, today=today)
        done = 0
        while done < count:
            size = min(BATCH_SIZE, count - done)
            _write([generator.body() for _ in range(size)], report)
            done += size
            if progress:
                progress(size)
    return report


def _write(batch, report):
    """Insert a batch of demo bodies, their accreditations and the scope rows."""
    CertificationBody.objects.bulk_create([item.body for item in batch])
    accreditations = []
    for item in batch:
        for demo in item.accreditations:
            demo.accreditation.body_id = item.body.pk
            accreditations.append(demo)
    Accreditation.objects.bulk_create([demo.accreditation for demo in accreditations])
    standards, sectors = [], []
    for demo in accreditations:
        pk = demo.accreditation.pk
        standards += [
            AccreditationStandard(accreditation_id=pk, standard_id=s) for s in demo.standard_ids
        ]
        sectors += [AccreditationSector(accreditation_id=pk, sector_id=s) for s in demo.sector_ids]
    AccreditationStandard.objects.bulk_create(standards)
    AccreditationSector.objects.bulk_create(sectors)
    report.bodies += len(batch)
    report.accreditations += len(accreditations)


def remove_demo_bodies():
    """Delete every demo body and, with it, its accreditations; return both counts."""
    with transaction.atomic():
        _, deleted = CertificationBody.objects.demo().delete()
    return (
        deleted.get(CertificationBody._meta.label, 0),
        deleted.get(Accreditation._meta.label, 0),
    )
