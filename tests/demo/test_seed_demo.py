import datetime
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from unidecode import unidecode

from accreditation.models import (
    Accreditation,
    AccreditationSector,
    AccreditationStandard,
    AccreditationStatus,
    Standard,
)
from bodies.models import CertificationBody
from demo.pools import is_real_name, locales
from demo.seed import create_demo_bodies, remove_demo_bodies
from search import sql
from tests.factories import AccreditationFactory, CertificationBodyFactory
from tests.security.test_curators import change, revert

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
N = 200


def seed(count=N, seed=7):
    return create_demo_bodies(count, seed=seed, today=TODAY)


def seed_command(*args, **options):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    """Everything seed_demo decides about bodies, accreditations and scopes, in a fixed order."""
    bodies = list(
        CertificationBody.objects.order_by("slug").values_list(
            "slug",
            "name",
            "country",
            "city",
            "aliases",
            "address",
            "website",
            "email",
            "phone",
            "description",
            "search_text",
            "is_demo",
        )
    )
    accreditations = list(
        Accreditation.objects.order_by("accreditation_body__acronym", "number").values_list(
            "body__slug",
            "accreditation_body__acronym",
            "number",
            "casco_standard__code",
            "status",
            "granted_on",
            "valid_until",
            "last_verified_on",
            "scope_document_url",
        )
    )
    scopes = sorted(
        AccreditationStandard.objects.values_list(
            "accreditation__accreditation_body__acronym", "accreditation__number", "standard__code"
        )
    ) + sorted(
        AccreditationSector.objects.values_list(
            "accreditation__accreditation_body__acronym", "accreditation__number", "sector__code"
        )
    )
    return bodies, accreditations, scopes


def test_creates_the_bodies_asked_for_with_up_to_three_accreditations_each():
    report = seed()

    assert report.bodies == N
    assert CertificationBody.objects.demo().count() == CertificationBody.objects.count() == N
    per_body = Counter(
        CertificationBody.objects.annotate(n=Count("accreditations")).values_list("n", flat=True)
    )
    assert set(per_body) == {0, 1, 2, 3}
    assert 0 < per_body[0] < N * 0.2  # some bodies, about a tenth, hold no accreditation
    assert report.accreditations == Accreditation.objects.count()
    assert report.accreditations == sum(n * bodies for n, bodies in per_body.items())


def test_statuses_are_a_realistic_mix_including_active_but_past_its_date():
    seed()

    stored = Counter(Accreditation.objects.values_list("status", flat=True))
    assert set(stored) == set(AccreditationStatus.values)
    assert stored[AccreditationStatus.ACTIVE] > stored.total() * 0.6
    assert Accreditation.objects.filter(status="active", valid_until__lt=TODAY).exists()
    assert (
        Accreditation.objects.with_status(AccreditationStatus.ACTIVE, TODAY).count()
        > stored.total() / 2
    )
    # Suspended and withdrawn ones are not past their date, or they would show as expired.
    for status in (AccreditationStatus.SUSPENDED, AccreditationStatus.WITHDRAWN):
        assert Accreditation.objects.with_status(status, TODAY).count() == stored[status]


def test_dates_are_consistent():
    seed()

    for granted_on, valid_until, verified in Accreditation.objects.values_list(
        "granted_on", "valid_until", "last_verified_on"
    ):
        assert granted_on <= verified <= TODAY
        assert valid_until is None or valid_until >= granted_on


def test_scope_fits_the_casco_standard():
    seed()

    cascos = Counter(Accreditation.objects.values_list("casco_standard__code", flat=True))
    assert cascos.most_common(1)[0][0] == "ISO/IEC 17021-1"
    assert {"ISO/IEC 17065", "ISO/IEC 17024", "ISO/IEC 17025", "ISO/IEC 17020"} <= set(cascos)
    assert "ISO/IEC 17011" not in cascos  # that one is for accreditation bodies
    accreditations = Accreditation.objects.select_related("casco_standard").prefetch_related(
        "standards", "sectors"
    )
    for accreditation in accreditations:
        assert accreditation.casco_standard.kind == Standard.Kind.CASCO
        standards = {s.code for s in accreditation.standards.all()}
        sectors = list(accreditation.sectors.all())
        if accreditation.casco_standard.code == "ISO/IEC 17021-1":
            assert standards
            assert all(s.kind == Standard.Kind.CERTIFIABLE for s in accreditation.standards.all())
            if sectors:
                assert standards & {"ISO 9001", "ISO 14001", "ISO 45001"}
        else:
            assert not standards and not sectors
    assert AccreditationSector.objects.exists()


def test_every_record_passes_model_validation_and_uses_example_domains():
    seed(100)

    for body in CertificationBody.objects.all():
        body.full_clean()
        if body.website:
            assert urlsplit(body.website).hostname.endswith(".example")
        if body.email:
            assert body.email.rpartition("@")[2].endswith(".example")
    for accreditation in Accreditation.objects.all():
        accreditation.full_clean()
        assert urlsplit(accreditation.scope_document_url).hostname.endswith(".example")


def test_names_come_from_many_countries_with_their_diacritics_and_cities():
    seed()

    bodies = list(CertificationBody.objects.values_list("name", "aliases", "country", "city"))
    assert len({country for _, _, country, _ in bodies}) >= 15
    accented = [name for name, *_ in bodies if unidecode(name) != name]
    assert len(accented) > N / 10
    assert any(aliases for _, aliases, _, _ in bodies)
    cities = {(locale.country, city) for locale in locales() for city, _ in locale.cities}
    assert all((country, city) in cities for _, _, country, city in bodies)


def test_accreditation_bodies_are_mostly_of_the_bodies_own_country():
    seed()

    pairs = list(Accreditation.objects.values_list("body__country", "accreditation_body__country"))
    home = sum(body == ab for body, ab in pairs)
    assert home > len(pairs) / 2
    assert home < len(pairs)  # some from abroad: UKAS, ANAB, DAkkS ...


def test_search_text_is_set_as_save_would_set_it():
    seed()

    numbers = {}
    for body_id, acronym, number in Accreditation.objects.values_list(
        "body_id", "accreditation_body__acronym", "number"
    ):
        numbers.setdefault(body_id, []).append((acronym, number))
    for body in CertificationBody.objects.all():
        expected = body.build_search_text([n for _, n in sorted(numbers.get(body.pk, []))])
        assert body.search_text == expected
    accreditation = Accreditation.objects.select_related("body").first()
    assert accreditation.body in sql.text_matching(
        CertificationBody.objects.all(), accreditation.number
    )


def test_the_same_seed_gives_the_same_data():
    seed()
    first = snapshot()
    remove_demo_bodies()
    seed()

    assert snapshot() == first


def test_the_command_is_deterministic_for_names_slugs_numbers_and_statuses():
    def decided():
        return (
            list(CertificationBody.objects.order_by("slug").values_list("slug", "name")),
            list(Accreditation.objects.order_by("number").values_list("number", "status")),
        )

    seed_command(bodies=60, seed=3)
    first = decided()
    seed_command(remove=True)
    seed_command(bodies=60, seed=3)

    assert decided() == first


def test_another_seed_gives_other_data():
    seed(seed=7)
    first = set(CertificationBody.objects.values_list("name", flat=True))
    remove_demo_bodies()
    seed(seed=8)
    second = set(CertificationBody.objects.values_list("name", flat=True))

    assert len(first & second) < N / 10


def test_a_second_run_adds_bodies_unique_against_the_first():
    seed(150)
    seed(150)

    assert CertificationBody.objects.count() == 300
    assert CertificationBody.objects.values("slug").distinct().count() == 300
    assert CertificationBody.objects.values("name", "country").distinct().count() == 300
    numbers = Accreditation.objects.values("accreditation_body", "number").distinct().count()
    assert numbers == Accreditation.objects.count()


def test_if_empty_does_nothing_when_there_are_bodies():
    CertificationBodyFactory()

    out = seed_command(bodies=20, if_empty=True)

    assert "no demo data" in out
    assert CertificationBody.objects.count() == 1


def test_if_empty_seeds_an_empty_directory():
    out = seed_command(bodies=20, if_empty=True)

    assert CertificationBody.objects.demo().count() == 20
    accreditations = Accreditation.objects.count()
    assert f"Created 20 demo bodies and {accreditations} accreditations in " in out


def test_remove_deletes_demo_bodies_and_their_accreditations_only():
    real = AccreditationFactory().body
    seed(50)
    demo_accreditations = Accreditation.objects.filter(body__is_demo=True).count()

    out = seed_command(remove=True)

    assert f"Removed 50 demo bodies and {demo_accreditations} accreditations." in out
    assert list(CertificationBody.objects.all()) == [real]
    assert Accreditation.objects.get().body == real


def test_the_command_needs_a_count_or_remove():
    with pytest.raises(CommandError):
        seed_command()
    with pytest.raises(CommandError, match="0 or more"):
        seed_command(bodies=-1)


def test_every_demo_body_and_accreditation_has_its_creation_in_the_history():
    seed(50)

    for model in (CertificationBody, Accreditation):
        rows = model.objects.count()
        records = model.history.all()
        assert records.count() == rows
        assert {(r.history_type, r.history_change_reason, r.history_user) for r in records} == {
            ("+", "seed_demo", None)
        }
        assert set(records.values_list("id", flat=True)) == set(
            model.objects.values_list("pk", flat=True)
        )
    accreditation = Accreditation.objects.filter(sectors__isnull=False).first()
    record = accreditation.history.get()  # with a copy of the scope, as the admin records it
    assert {row.standard_id for row in record.standards.all()} == set(
        accreditation.standards.values_list("pk", flat=True)
    )
    assert {row.sector_id for row in record.sectors.all()} == set(
        accreditation.sectors.values_list("pk", flat=True)
    )


def test_the_first_admin_edit_of_a_demo_body_can_be_reverted(curator_client):
    seed(5)
    body = CertificationBody.objects.order_by("pk").first()
    name, city = body.name, body.city
    assert body.history.count() == 1

    change(curator_client, CertificationBody, body, name="Vandalised", city="Nowhere")
    assert body.history.count() == 2
    revert(curator_client, CertificationBody, body, body.history.last())

    body.refresh_from_db()
    assert (body.name, body.city) == (name, city)
    assert body.history.count() == 3


def test_demo_names_never_contain_a_real_certification_bodys_name():
    """The word pools hold no real body's name, and the generator refuses one anyway."""
    seed(count=N)
    names = list(CertificationBody.objects.demo().values_list("name", flat=True))
    assert len(names) == N
    assert not [name for name in names if is_real_name(name)]
    assert is_real_name("TUV SUD Zertifizierung GmbH")
    assert is_real_name("Lloyds Register Quality")
    assert not is_real_name("Bureau de Certification Lyon")


def test_demo_records_are_labelled_on_the_site_and_in_the_api(client):
    seed(count=3)
    body = CertificationBody.objects.demo().first()
    page = client.get(body.get_absolute_url()).content.decode()
    assert "<strong>Demo record.</strong>" in page
    assert "<strong>Demo data:</strong>" in page
    results = client.get("/bodies/").content.decode()
    assert results.count('<span class="tag tag--demo"') == 3
    api = client.get("/api/v1/bodies/").json()
    assert {b["is_demo"] for b in api["results"]} == {True}
    remove_demo_bodies()
    assert "Demo data:" not in client.get("/bodies/").content.decode()
