"""The CSV import speaks the language active when it runs (the curator's, in the admin):
its summary, its row and file problems and its counts, with the plural forms of each
language (Russian has three) and numbers grouped as the language groups them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.formats import get_format

from bodies.csvio import staging
from bodies.csvio.apply import ImportBusy
from bodies.csvio.importer import ImportReport, import_bodies_csv
from tests.bodies.test_admin_import import ALPHA, IMPORT_URL, preview
from tests.bodies.test_admin_import import make_csv as admin_csv
from tests.bodies.test_import import bare, make_csv, row
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def staging_dir(tmp_path, monkeypatch):
    """Previews keep their upload here, not in the system's temporary directory."""
    monkeypatch.setattr(staging, "STAGING_DIR", tmp_path / "imports")


def run(data, language, **kwargs):
    with translation.override(language):
        report = import_bodies_csv(file=io.BytesIO(data), **kwargs)
        return report, report.summary()


def test_the_summary_is_in_french():
    CertificationBodyFactory(name="Nordcert GmbH", country="DE", city="Potsdam")
    data = make_csv(row(), bare(name="New Body"))

    _, dry_run = run(data, "fr", dry_run=True)
    _, imported = run(data, "fr")

    assert dry_run == (
        f"Simulation, rien n’a été écrit{NBSP}: 2 lignes valides. "
        f"Organismes{NBSP}: 1 à créer, 1 à mettre à jour, 0 inchangé. "
        f"Accréditations{NBSP}: 1 à créer, 0 à mettre à jour, 0 inchangée."
    )
    assert imported == (
        f"2 lignes importées. Organismes{NBSP}: 1 créé, 1 mis à jour, 0 inchangé. "
        f"Accréditations{NBSP}: 1 créée, 0 mise à jour, 0 inchangée."
    )
    # The same import in English, for comparison: only the language differs.
    assert run(data, "en")[1] == (
        "Imported 2 rows. Bodies: 0 created, 0 updated, 2 unchanged. "
        "Accreditations: 0 created, 0 updated, 1 unchanged."
    )


def test_row_and_file_problems_are_in_french():
    data = make_csv(row(country="XX"), row(accreditation_body="NOPE", name="B"))

    report, _ = run(data, "fr")

    assert [(e.line, e.column) for e in report.errors] == [
        (2, "country"),
        (3, "accreditation_body"),
    ]
    assert report.errors[0].message == "'XX' n’est pas un code pays ISO 3166-1 alpha-2"
    assert report.errors[1].message.startswith(f"organisme d’accréditation inconnu 'NOPE'{NBSP};")
    with translation.override("fr"):
        assert str(report.errors[0]).startswith(f"ligne 2, colonne country{NBSP}: 'XX' n’est pas")
        assert (
            str(ImportBusy())
            == f"Un autre import est en cours{NBSP}; réessayez quand il sera terminé."
        )
    header, _ = run(b"name,country\nAlpha,DE\n", "fr")
    assert header.errors[0].message.startswith(
        f"en-tête incorrect{NBSP}; la première ligne doit nommer ces colonnes"
    )


def test_more_problems_are_counted_and_grouped_in_french():
    report = ImportReport(more_errors=1800)
    with translation.override("fr"):
        separator = get_format("THOUSAND_SEPARATOR")
        assert report.more_errors_text() == f"et 1{separator}800 autres problèmes"
    assert report.more_errors_text() == "and 1,800 more problems"


@pytest.mark.parametrize(
    ("count", "problems", "rows"),
    [
        (1, "и ещё 1 проблема", "Импортирована 1 строка."),
        (3, "и ещё 3 проблемы", "Импортированы 3 строки."),
        (5, "и ещё 5 проблем", "Импортировано 5 строк."),
        (11, "и ещё 11 проблем", "Импортировано 11 строк."),
        (21, "и ещё 21 проблема", "Импортирована 21 строка."),
    ],
)
def test_russian_counts_take_the_plural_form_of_their_number(count, problems, rows):
    report = ImportReport(rows=count, more_errors=count, bodies_created=count)
    with translation.override("ru"):
        assert report.more_errors_text() == problems
        assert report.summary().startswith(rows)


def test_the_admin_preview_lists_problems_in_the_curators_language(curator_client):
    data = admin_csv(ALPHA, {**ALPHA, "name": "Beta", "country": "Germany"})

    upload = SimpleUploadedFile("bodies.csv", data, "text/csv")
    response = curator_client.post(IMPORT_URL, {"file": upload}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    content = response.content.decode()
    assert "<td>3</td><td>country</td><td>&#x27;Germany&#x27; n’est pas un code pays" in content
    english = preview(curator_client, data).content.decode()
    assert "&#x27;Germany&#x27; is not an ISO 3166-1 alpha-2 country code" in english
