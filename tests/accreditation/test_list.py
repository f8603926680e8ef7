"""The accreditation-body list: filter and sort by IAF MLA and ILAC MRA status."""

import re

import pytest

from accreditation.models import AccreditationBody, Signatory

pytestmark = pytest.mark.django_db


def acronyms(response):
    return re.findall(
        r'<th scope="row"><a href="/accreditation-bodies/[^"]+/">([^<]+)</a>',
        response.content.decode(),
    )


def test_filter_by_iaf_mla_status(client):
    AccreditationBody.objects.filter(acronym="UKAS").update(iaf_mla=Signatory.NO)
    shown = acronyms(client.get("/accreditation-bodies/?iaf_mla=no"))
    assert shown == ["ABAC", "ASCAB", "NABL", "NATA", "UKAS", "USAS"]
    signatories = acronyms(client.get("/accreditation-bodies/?iaf_mla=yes"))
    assert "UKAS" not in signatories
    assert set(signatories) == set(
        AccreditationBody.objects.filter(iaf_mla=Signatory.YES).values_list("acronym", flat=True)
    )


def test_sort_by_ilac_mra_status_puts_signatories_first(client):
    shown = acronyms(client.get("/accreditation-bodies/?sort=ilac_mra"))
    statuses = dict(AccreditationBody.objects.values_list("acronym", "ilac_mra"))
    ranks = [{"yes": 0, "unknown": 1, "no": 2}[statuses[acronym]] for acronym in shown]
    assert ranks == sorted(ranks)
    assert len(shown) == AccreditationBody.objects.count()


def test_bad_values_show_the_whole_list_and_share_its_cached_page(client):
    everything = acronyms(client.get("/accreditation-bodies/"))
    response = client.get("/accreditation-bodies/?iaf_mla=maybe&sort=nonsense")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert acronyms(response) == everything


def test_filtered_lists_are_cached_apart(client):
    client.get("/accreditation-bodies/?iaf_mla=yes")
    assert client.get("/accreditation-bodies/?iaf_mla=no")["X-Cache"] == "miss"
