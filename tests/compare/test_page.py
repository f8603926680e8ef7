"""The comparison page and its CSV: rows, differences, order, ignored values and query counts."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db


def accredited(name, standards, ab="dakks", status="active", sectors=None, **body):
    body.setdefault("slug", name.lower().replace(" ", "-"))
    body = CertificationBodyFactory(name=name, **body)
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body(ab),
        standards=[standard(slug) for slug in standards],
        status=status,
        sectors=sectors,
    )
    return body


def url(*slugs, **extra):
    query = "&".join([*(f"body={slug}" for slug in slugs), *(f"{k}={v}" for k, v in extra.items())])
    return f"/compare/?{query}"


def row_headers(response):
    return [row.code for row in response.context["comparison"].standard_rows()]


def test_standards_every_body_covers_come_first_and_differences_are_marked(client):
    a = accredited("Alpha Cert", ["iso-14001", "iso-9001", "iso-iec-27001"])
    b = accredited("Beta Cert", ["iso-9001", "iso-14001"], ab="ukas", city="Leeds", country="GB")
    response = client.get(url(a.slug, b.slug))
    assert response.status_code == 200
    assert row_headers(response) == ["ISO 9001", "ISO 14001", "ISO/IEC 27001"]
    rows = {row.code: row for row in response.context["comparison"].standard_rows()}
    assert rows["ISO 9001"].everyone and not rows["ISO 9001"].differs
    assert not rows["ISO/IEC 27001"].everyone and rows["ISO/IEC 27001"].differs
    assertContains(response, "Differs")
    assertContains(response, "Not accredited")
    assertContains(response, "Leeds")
    assertContains(response, "UKAS")
    assertContains(response, a.get_absolute_url())
    assertContains(response, b.website)


def test_a_suspended_standard_differs_from_an_active_one(client):
    a = accredited("Alpha Cert", ["iso-9001"])
    b = accredited("Beta Cert", ["iso-9001"], status="suspended")
    response = client.get(url(a.slug, b.slug))
    (row,) = response.context["comparison"].standard_rows()
    assert row.everyone and row.differs
    assert [cell.status for cell in row.cells] == ["active", "suspended"]
    assertContains(response, "badge--suspended")


def test_fact_rows_casco_sectors_abs_and_last_verified(client):
    a = accredited("Alpha Cert", ["iso-9001"], sectors=[28, 34])
    b = accredited("Beta Cert", ["iso-9001"], ab="ukas", sectors=[28])
    a.accreditations.update(last_verified_on=datetime.date(2026, 3, 4))
    response = client.get(url(a.slug, b.slug))
    rows = {row.label: row for row in response.context["comparison"].fact_rows()}
    assert rows["CASCO standards"].texts() == ["ISO/IEC 17021-1", "ISO/IEC 17021-1"]
    assert not rows["CASCO standards"].differs
    assert rows["IAF sectors in scope"].texts() == ["IAF 28; IAF 34", "IAF 28"]
    assert rows["Accreditation bodies"].texts() == ["DAkkS", "UKAS"]
    assert rows["Last verified"].texts() == ["4 March 2026", "Not on record"]
    assert rows["Last verified"].differs


def test_unknown_repeated_and_malformed_slugs_are_named_and_ignored(client):
    a = accredited("Alpha Cert", ["iso-9001"])
    b = accredited("Beta Cert", ["iso-9001"])
    response = client.get(url(a.slug, "no-such-body", a.slug, "%3Cb%3Ebad%3C/b%3E", b.slug))
    assert response.status_code == 200
    assert response.context["comparison"].slugs == [a.slug, b.slug]
    assertContains(response, "no-such-body</code>: no body has this address")
    assertContains(response, "already in the comparison")
    assertContains(response, "&lt;b&gt;bad&lt;/b&gt;")
    assertNotContains(response, "<b>bad</b>")


def test_a_fifth_body_is_left_out_and_the_limit_explained(client):
    bodies = [accredited(f"Body {i}", ["iso-9001"]) for i in range(5)]
    response = client.get(url(*(body.slug for body in bodies)))
    assert response.context["comparison"].slugs == [body.slug for body in bodies[:4]]
    assertContains(response, f"{bodies[4].slug}</code>: at most 4 bodies can be compared at once")
    assertContains(response, "Remove a body below to make room for another.")


def test_removing_a_body_links_to_the_others(client):
    bodies = [accredited(f"Body {i}", ["iso-9001"]) for i in range(3)]
    response = client.get(url(*(body.slug for body in bodies)))
    column = response.context["comparison"].columns[1]
    assert column.remove_url == url(bodies[0].slug, bodies[2].slug)
    assertContains(response, column.remove_url.replace("&", "&amp;"))


@pytest.mark.parametrize("query", ["", "body=", "body=only-one-missing"])
def test_fewer_than_two_bodies_asks_for_more(client, query):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 200
    assertContains(response, "Choose at least 2 bodies")


def test_one_body_from_its_page_asks_for_another_in_its_country(client):
    a = accredited("Alpha Cert", ["iso-9001"], country="FR")
    response = client.get(url(a.slug))
    assertContains(response, "Choose at least 2 bodies")
    assertContains(response, "/bodies/?country=FR")


def test_the_page_prints_its_canonical_address(client):
    a = accredited("Alpha Cert", ["iso-9001"])
    b = accredited("Beta Cert", ["iso-9001"])
    response = client.get(url(a.slug, "junk!", b.slug, x="1"))
    canonical = f"http://testserver/compare/?body={a.slug}&amp;body={b.slug}"
    assertContains(response, f"Printed from {canonical} on")


@pytest.mark.parametrize("n_bodies", [2, 4])
def test_the_page_takes_five_queries_whatever_the_bodies_and_accreditations(
    client, django_assert_num_queries, n_bodies
):
    bodies = []
    for i in range(n_bodies):
        body = accredited(f"Body {i}", ["iso-9001", "iso-14001"], sectors=[1, 2, 3])
        for ab in ["ukas", "cofrac", "accredia"]:
            AccreditationFactory(
                body=body,
                accreditation_body=accreditation_body(ab),
                standards=[standard("iso-iec-27001"), standard("iso-45001")],
                sectors=[28],
            )
        bodies.append(body)
    # The recognition records are read once per directory version (three queries), by
    # any comparison: here one of the same bodies in another order.
    client.get(url(*(body.slug for body in reversed(bodies))))
    with django_assert_num_queries(5):
        response = client.get(url(*(body.slug for body in bodies)))
    assert response.status_code == 200
    assert len(response.context["comparison"].columns) == n_bodies
    # A second request is a page-cache hit: one query.
    with django_assert_num_queries(1):
        assert client.get(url(*(body.slug for body in bodies))).status_code == 200


def test_csv_has_a_column_per_body_and_neutralised_cells(client):
    a = accredited("=HYPERLINK(1)", ["iso-9001"], slug="formula")
    b = accredited("Beta Cert", ["iso-9001", "iso-14001"], ab="ukas")
    response = client.get(url(a.slug, b.slug, format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="certdir-compare-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["\ufeffRow", "'=HYPERLINK(1)", "Beta Cert"]
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["Page"] == [
        f"http://testserver{a.get_absolute_url()}",
        f"http://testserver{b.get_absolute_url()}",
    ]
    until = (timezone.localdate() + datetime.timedelta(days=800)).isoformat()
    expected = f"Active; UKAS; Recognised under the IAF MLA; valid until {until}"
    assert by_label["ISO 9001"][1] == expected
    assert by_label["ISO 14001"][0] == "Not accredited"
    # A CSV is never served from the page cache, which would lose its file name.
    assert client.get(url(a.slug, b.slug, format="csv"))["Content-Disposition"]


def test_an_unknown_format_is_named_and_the_page_shown(client):
    a = accredited("Alpha Cert", ["iso-9001"])
    b = accredited("Beta Cert", ["iso-9001"])
    response = client.get(url(a.slug, b.slug, format="pdf"))
    assert response.status_code == 200
    allowed = "&quot;html&quot; or &quot;csv&quot;"
    assertContains(response, f"<code>format=pdf</code>: unknown format: {allowed}")
