"""Reference data in English, French, Spanish and Russian (accreditation/translation.py):
what migration 0016 loaded, English where a translation is empty, and curators editing
each language in the admin with the history kept."""

import csv
import re

import pytest
from django.utils import translation

from accreditation.models import AccreditationBody, SectorCode, Standard
from accreditation.reference import DATA_DIR
from search.reference import Reference
from tests.security.test_curators import admin_url, change, revert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request to /fr/, /es/ or /ru/ leaves its language active in the thread: restore it."""
    with translation.override(translation.get_language()):
        yield


LANGUAGES = ("en", "fr", "es", "ru")


def in_each_language(read):
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = read()
    return result


def rows(filename):
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_standard_title_in_each_language():
    iso_9001 = Standard.objects.get(code="ISO 9001")
    assert in_each_language(lambda: iso_9001.title) == {
        "en": "Quality management systems — Requirements",
        "fr": "Systèmes de management de la qualité — Exigences",
        "es": "Sistemas de gestión de la calidad — Requisitos",
        "ru": "Системы менеджмента качества — Требования",
    }


def test_an_iaf_sector_name_in_each_language():
    sector = SectorCode.objects.get(code=28)
    assert in_each_language(lambda: sector.name) == {
        "en": "Construction",
        "fr": "Construction",
        "es": "Construcción",
        "ru": "Строительство",
    }


def test_an_empty_translation_shows_english():
    # No GOST R text of ISO/IEC 27001:2022 was at hand: its Russian title is left empty.
    iso_27001 = Standard.objects.get(code="ISO/IEC 27001")
    assert iso_27001.title_ru is None
    titles = in_each_language(lambda: iso_27001.title)
    assert titles["ru"] == titles["en"] == iso_27001.title_en
    assert titles["fr"].startswith("Sécurité de l'information, cybersécurité")


def test_accreditation_bodies_keep_one_name_unless_they_have_an_official_other():
    scc = AccreditationBody.objects.get(acronym="SCC")
    assert in_each_language(lambda: scc.name) == {
        "en": "Standards Council of Canada",
        "fr": "Conseil canadien des normes",
        "es": "Standards Council of Canada",
        "ru": "Standards Council of Canada",
    }
    ukas = AccreditationBody.objects.get(acronym="UKAS")
    assert set(in_each_language(lambda: ukas.name).values()) == {
        "United Kingdom Accreditation Service"
    }
    assert (ukas.name_fr, ukas.name_es, ukas.name_ru) == (None, None, None)


def test_every_iaf_sector_has_its_three_translations():
    sectors = SectorCode.objects.order_by("code")
    assert sectors.count() == 39
    for sector in sectors:
        assert sector.name_en and sector.name_fr and sector.name_es and sector.name_ru, sector.code
        assert re.search("[\u0400-\u04ff]", sector.name_ru), sector.name_ru


def test_every_standard_has_a_french_and_a_spanish_title():
    # Russian ones are empty where no GOST R text was at hand (translations/standards.csv).
    for standard in Standard.objects.all():
        assert standard.title_en and standard.title_fr and standard.title_es, standard.code


def test_the_translation_files_name_only_reference_rows_and_every_source():
    assert {r["code"] for r in rows("translations/standards.csv")} == {
        r["code"] for r in rows("standards.csv")
    }
    assert {r["code"] for r in rows("translations/iaf_codes.csv")} == {
        r["code"] for r in rows("iaf_codes.csv")
    }
    acronyms = {r["acronym"] for r in rows("accreditation_bodies.csv")}
    for row in rows("translations/accreditation_bodies.csv"):
        assert row["acronym"] in acronyms
        assert row["source"]
    for row in rows("translations/standards.csv"):
        for language in ("fr", "es", "ru"):
            assert f"{language}: " in row["basis"], row["code"]


def test_one_reference_serves_every_language_without_a_query(django_assert_num_queries):
    reference = Reference.build()
    with django_assert_num_queries(0):
        names = in_each_language(lambda: reference.sector_names[28])
        titles = in_each_language(lambda: reference.standards["iso-9001"].title)
    assert names == {"en": "Construction", "fr": "Construction", "es": "Construcción",
                     "ru": "Строительство"}  # fmt: skip
    assert titles["fr"] == "Systèmes de management de la qualité — Exigences"


class TestAdmin:
    def test_the_change_form_has_one_input_per_language_and_no_inline_script(self, curator_client):
        iso_9001 = Standard.objects.get(code="ISO 9001")
        response = curator_client.get(admin_url(Standard, "change", iso_9001.pk))
        html = response.content.decode()
        for language in LANGUAGES:
            assert f'name="title_{language}"' in html
        assert 'name="title"' not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert "script-src 'self'" in response["Content-Security-Policy"]

    def test_editing_a_translation_writes_history_and_the_history_page_shows_it(
        self, curator_client
    ):
        sector = SectorCode.objects.get(code=33)
        before = sector.history.count()
        change(curator_client, SectorCode, sector, name_ru="ИТ-услуги")
        sector.refresh_from_db()
        assert sector.name_ru == "ИТ-услуги"
        assert sector.name_en == "Information technology"
        assert sector.history.count() == before + 1
        latest = sector.history.first()
        assert (latest.name_en, latest.name_ru) == ("Information technology", "ИТ-услуги")
        assert latest.history_user.username == "curator"
        assert latest.diff_against(latest.prev_record).changed_fields == ["name_ru"]
        response = curator_client.get(admin_url(SectorCode, "history", sector.pk))
        assert response.status_code == 200
        assert "curator" in response.content.decode()
        # Restoring the earlier version (0016's, which loaded the translations) restores its
        # translation too.
        revert(curator_client, SectorCode, sector, latest.prev_record)
        sector.refresh_from_db()
        assert sector.name_ru == "Информационные технологии"

    def test_the_english_text_is_required(self, curator_client):
        standard = Standard.objects.get(code="ISO 14001")
        url = admin_url(Standard, "change", standard.pk)
        from tests.security.test_curators import page_form_data

        response = curator_client.post(url, page_form_data(curator_client.get(url), title_en=""))
        assert response.status_code == 200
        assert "title_en" in response.context["adminform"].form.errors

    def test_a_search_finds_a_record_by_its_name_in_any_language(self, curator_client):
        response = curator_client.get(admin_url(AccreditationBody, "changelist"), {"q": "normes"})
        assert list(response.context["cl"].result_list) == [
            AccreditationBody.objects.get(acronym="SCC")
        ]


def test_a_title_shown_in_english_on_another_language_page_says_so(client):
    # ISO/IEC 27001:2022 has no Russian title here: the page marks the English one.
    russian = client.get("/ru/standards/iso-iec-27001/").content.decode()
    assert '<span class="h1-sub" lang="en">Information security' in russian
    french = client.get("/fr/standards/iso-iec-27001/").content.decode()
    assert '<span class="h1-sub">Sécurité de l&#x27;information' in french
    english = client.get("/standards/iso-iec-27001/").content.decode()
    assert '<span class="h1-sub">Information security' in english
    listed = client.get("/ru/standards/").content.decode()
    assert '<td lang="en">Information security' in listed
    assert "<td>Системы менеджмента качества — Требования</td>" in listed
