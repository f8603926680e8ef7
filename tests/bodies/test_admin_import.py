"""The admin "Import CSV" page: upload, preview (dry run), then confirm the previewed file."""

import csv
import datetime
import io
import os
import stat

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from accreditation.models import Accreditation, AccreditationBody
from bodies.csvio import staging
from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:bodies_certificationbody_import")
CHANGELIST_URL = reverse("admin:bodies_certificationbody_changelist")

ALPHA = {
    "name": "Alpha Cert GmbH",
    "country": "DE",
    "city": "Berlin",
    "website": "https://alpha.example",
    "aliases": "",
    "accreditation_body": "DAkkS",
    "accreditation_number": "D-ZM-1001",
    "casco_standard": "ISO/IEC 17021-1",
    "standards": "ISO 9001",
    "iaf_codes": "28",
    "status": "active",
    "granted_on": "2022-01-01",
    "valid_until": "2030-12-31",
}
BETA = {**ALPHA, "name": "Beta Cert", "city": "München", "accreditation_number": "D-ZM-2002"}
GAMMA = {
    **ALPHA,
    "name": "Gamma Zertifizierung",
    "aliases": "GZ;Gamma Cert",
    "city": "Köln",
    "accreditation_number": "D-ZM-3003",
    "standards": "ISO 9001;ISO 14001",
    "iaf_codes": "12;28",
}


def make_csv(*rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([cells.get(column, "") for column in COLUMNS] for cells in rows)
    return out.getvalue().encode()


# Against ALPHA and BETA in the database: Alpha unchanged, Beta moves to Bonn and its
# accreditation is suspended, Gamma is new.
CHANGES = make_csv(ALPHA, {**BETA, "city": "Bonn", "status": "suspended"}, GAMMA)


@pytest.fixture(autouse=True)
def staging_dir(tmp_path, monkeypatch):
    directory = tmp_path / "imports"
    monkeypatch.setattr(staging, "STAGING_DIR", directory)
    return directory


@pytest.fixture
def existing(db):
    report = import_bodies_csv(file=io.BytesIO(make_csv(ALPHA, BETA)))
    assert report.ok, report.errors


def staged_files(directory):
    return sorted(directory.glob("*.csv")) if directory.exists() else []


def snapshot():
    """Everything an import could write, to show that nothing was."""
    bodies = CertificationBody.objects.order_by("pk").values_list(
        "pk", "name", "city", "aliases", "search_text", "updated_at"
    )
    accreditations = Accreditation.objects.order_by("pk").values_list(
        "pk", "body_id", "number", "status", "updated_at"
    )
    return list(bodies), list(accreditations)


def preview(client, data, name="bodies.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def token_of(response):
    assert response.status_code == 200
    return response.context["confirm_form"]["token"].value()


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def user_with(db, django_user_model):
    def make(*actions):
        user = django_user_model.objects.create_user(username="staff", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="bodies",
                codename__in=[f"{action}_certificationbody" for action in actions],
            )
        )
        return user

    return make


@pytest.mark.parametrize("client_fixture", ["admin_client", "curator_client"])
def test_changelist_shows_the_import_button_to_importers(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    assert f'<a href="{IMPORT_URL}">Import CSV</a>' in response.content.decode()


def test_changelist_hides_the_import_button_without_add_permission(client, user_with):
    client.force_login(user_with("view", "change"))
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    assert IMPORT_URL not in response.content.decode()


def test_import_page_renders_the_form_and_the_format(curator_client):
    response = curator_client.get(IMPORT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<label for="id_file">CSV file:</label>' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    plural = capfirst(CertificationBody._meta.verbose_name_plural)
    assert f'&rsaquo; <a href="{CHANGELIST_URL}">{plural}</a>\n&rsaquo; Import CSV' in content
    assert "<h1>Import bodies from CSV</h1>" in content
    assert "admin/css/forms.css" in content
    assert ",<wbr>".join(COLUMNS) in content
    for column in COLUMNS:
        assert f"<td><code>{column}</code></td>" in content
    assert "at most 2.0\xa0MB" in content


def test_bad_file_lists_every_problem_with_its_line_and_column_and_writes_nothing(
    admin_client, existing, staging_dir
):
    before = snapshot()
    data = make_csv(
        {**ALPHA, "city": "Hamburg"},  # line 2: fine in itself
        {**GAMMA, "country": "Germany", "iaf_codes": "12;40"},
        {**BETA, "status": "pending"},
    )
    # A record with a line break in a quoted cell: the next record starts on line 7.
    data += b'"Delta\nCert",DE,,,,,,,,,,,,,,\nEpsilon,DE,,ftp://x,,,,,,,,,,,,\n'

    response = preview(admin_client, data)

    assert response.status_code == 200
    report = response.context["report"]
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "country"),
        (3, "iaf_codes"),
        (4, "status"),
        (7, "website"),
    ]
    content = response.content.decode()
    assert "4 problems found" in content
    assert "<td>3</td><td>country</td><td>&#x27;Germany&#x27; is not an ISO 3166-1" in content
    assert "<td>3</td><td>iaf_codes</td>" in content
    assert "<td>4</td><td>status</td>" in content
    assert "<td>7</td><td>website</td>" in content
    assert "confirm_form" not in response.context
    assert snapshot() == before
    assert staged_files(staging_dir) == []
    assert staging.SESSION_KEY not in admin_client.session


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,country\nAlpha,DE\n", "wrong header"),
        (make_csv(ALPHA)[:-1] + b"\xe9\n", "not UTF-8"),
        (b"", "The submitted file is empty."),
    ],
)
def test_unreadable_file_is_reported(admin_client, data, message):
    response = preview(admin_client, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CertificationBody.objects.exists()


def test_good_file_shows_the_preview_counts_and_writes_nothing(
    curator_client, existing, staging_dir
):
    before = snapshot()

    response = preview(curator_client, CHANGES, name="changes.csv")

    report = response.context["report"]
    assert report.ok and report.dry_run
    counts = (
        report.bodies_created,
        report.bodies_updated,
        report.bodies_unchanged,
        report.accreditations_created,
        report.accreditations_updated,
        report.accreditations_unchanged,
    )
    assert counts == (1, 1, 1, 1, 1, 1)
    content = response.content.decode()
    assert "Preview of changes.csv" in content
    assert '<th scope="row">Bodies</th>\n          <td>1</td><td>1</td><td>1</td>' in content
    assert f'name="token" value="{token_of(response)}"' in content
    assert snapshot() == before
    [path] = staged_files(staging_dir)
    assert path.read_bytes() == CHANGES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(staging_dir.stat().st_mode) == 0o700
    assert path.stem == token_of(response)


def test_confirm_applies_the_previewed_file(curator_client, existing, staging_dir):
    token = token_of(preview(curator_client, CHANGES))

    response = curator_client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 302
    assert response.url == CHANGELIST_URL
    assert message_texts(response) == [
        "Imported 3 rows. Bodies: 1 created, 1 updated, 1 unchanged. "
        "Accreditations: 1 created, 1 updated, 1 unchanged. 1 change of status, scope or "
        "validity has no date in the file (status_since) and is dated the day of the import."
    ]
    gamma = CertificationBody.objects.get(name="Gamma Zertifizierung", country="DE")
    assert gamma.search_text == "gamma zertifizierung gz gamma cert koln d zm 3003"
    assert gamma.alias_list == ["GZ", "Gamma Cert"]
    accreditation = gamma.accreditations.get()
    assert accreditation.number == "D-ZM-3003"
    assert sorted(accreditation.standards.values_list("code", flat=True)) == [
        "ISO 14001",
        "ISO 9001",
    ]
    assert sorted(accreditation.sectors.values_list("code", flat=True)) == [12, 28]
    beta = CertificationBody.objects.get(name="Beta Cert")
    assert beta.city == "Bonn"
    assert beta.search_text == "beta cert bonn d zm 2002"
    assert beta.accreditations.get().status == "suspended"
    # The file gives no status_since: the suspension is dated the day of the import.
    [suspension] = beta.accreditations.get().events.filter(kind="suspended")
    assert (suspension.kind, suspension.effective_on) == ("suspended", timezone.localdate())
    assert suspension.origin == "import"
    assert suspension.recorded_by.username == "curator"
    assert (suspension.source_file, suspension.dated, suspension.note) == (
        "bodies.csv",
        "import_day",
        "",
    )
    assert suspension.explanation == (
        "From the import of bodies.csv. The file gives no status_since for this change: "
        "dated the day of the import."
    )
    [grant] = accreditation.events.all()
    assert (grant.kind, grant.effective_on) == ("granted", datetime.date(2022, 1, 1))
    assert grant.valid_until == datetime.date(2030, 12, 31)
    assert staged_files(staging_dir) == []
    assert staging.SESSION_KEY not in curator_client.session

    # The same confirmation again is refused: the preview was used up.
    after = snapshot()
    replay = curator_client.post(IMPORT_URL, {"token": token})
    assert replay.url == IMPORT_URL
    assert snapshot() == after


@pytest.mark.parametrize("token", ["", "not-the-token", "ünïcode"])
def test_confirm_with_a_tampered_token_is_refused(curator_client, existing, staging_dir, token):
    preview(curator_client, CHANGES)
    before = snapshot()

    response = curator_client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 302
    assert response.url == IMPORT_URL
    assert message_texts(response) == [
        "This preview is unknown or has expired; upload the file again. Nothing was imported."
    ]
    assert snapshot() == before
    # The real preview can still be confirmed.
    assert len(staged_files(staging_dir)) == 1


def test_confirm_with_another_sessions_token_is_refused(admin_client, curator_client, existing):
    token = token_of(preview(admin_client, CHANGES))
    before = snapshot()

    response = curator_client.post(IMPORT_URL, {"token": token})

    assert response.url == IMPORT_URL
    assert "unknown or has expired" in message_texts(response)[0]
    assert snapshot() == before


def test_confirm_refuses_a_staged_file_changed_after_the_preview(
    curator_client, existing, staging_dir
):
    token = token_of(preview(curator_client, CHANGES))
    [path] = staged_files(staging_dir)
    path.write_bytes(CHANGES.replace(b"Bonn", b"Kiel"))
    before = snapshot()

    response = curator_client.post(IMPORT_URL, {"token": token})

    assert response.url == IMPORT_URL
    assert message_texts(response) == [
        "The stored file changed after the preview; upload it again. Nothing was imported."
    ]
    assert snapshot() == before
    assert staged_files(staging_dir) == []


def test_stale_previews_are_swept_and_cannot_be_confirmed(curator_client, existing, staging_dir):
    token = token_of(preview(curator_client, CHANGES))
    [path] = staged_files(staging_dir)
    old = path.stat().st_mtime - staging.STALE_AFTER - 1
    os.utime(path, (old, old))
    before = snapshot()

    response = curator_client.post(IMPORT_URL, {"token": token})

    assert "This preview has expired" in message_texts(response)[0]
    assert snapshot() == before
    assert staged_files(staging_dir) == []


def test_a_new_preview_replaces_the_previous_one(curator_client, existing, staging_dir):
    first = token_of(preview(curator_client, CHANGES))
    second = token_of(preview(curator_client, make_csv(GAMMA)))

    assert [path.stem for path in staged_files(staging_dir)] == [second]
    response = curator_client.post(IMPORT_URL, {"token": first})
    assert response.url == IMPORT_URL
    assert not CertificationBody.objects.filter(name="Gamma Zertifizierung").exists()


def test_confirm_shows_new_problems_and_writes_nothing(curator_client, existing, staging_dir):
    token = token_of(preview(curator_client, CHANGES))
    # Reference data changes between the preview and the confirmation.
    AccreditationBody.objects.filter(acronym="DAkkS").update(acronym="DAKKS-OLD")
    before = snapshot()

    response = curator_client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 200
    assert [(e.line, e.column) for e in response.context["report"].errors] == [
        (2, "accreditation_body"),
        (3, "accreditation_body"),
        (4, "accreditation_body"),
    ]
    assert "<td>4</td><td>accreditation_body</td>" in response.content.decode()
    assert snapshot() == before
    assert staged_files(staging_dir) == []


@pytest.mark.parametrize("actions", [(), ("view",), ("view", "change"), ("view", "add")])
def test_import_needs_add_and_change_permission(client, user_with, existing, staging_dir, actions):
    client.force_login(user_with(*actions))
    before = snapshot()

    assert client.get(IMPORT_URL).status_code == 403
    assert preview(client, CHANGES).status_code == 403
    assert client.post(IMPORT_URL, {"token": "x"}).status_code == 403
    assert snapshot() == before
    assert staged_files(staging_dir) == []


def test_oversize_file_is_rejected(curator_client, staging_dir, monkeypatch):
    monkeypatch.setattr(staging, "MAX_UPLOAD_SIZE", 100)
    data = make_csv(ALPHA)
    assert len(data) > 100

    response = preview(curator_client, data)

    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"] == [
        f"This file is {len(data)}\xa0bytes; files up to 100\xa0bytes can be imported. "
        "Split it into smaller files with the same header row."
    ]
    assert "at most 100\xa0bytes" in response.content.decode()
    assert "report" not in response.context
    assert staged_files(staging_dir) == []
    assert not CertificationBody.objects.exists()


def test_import_posts_need_a_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    assert preview(client, make_csv(ALPHA)).status_code == 403
    assert not CertificationBody.objects.exists()
