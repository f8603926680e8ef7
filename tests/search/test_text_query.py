"""The text's query reads a set of bodies for the index: it asks the database for no order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CertificationBodyFactory


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/bodies/?q=cert", "/statistics/?q=cert"])
def test_the_text_query_is_unordered(client, url):
    for name in ("Cert One", "Alpha Cert", "Zeta Certification", "Nordic Audit"):
        CertificationBodyFactory(name=name)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    text_queries = [q["sql"] for q in captured if "LIKE" in q["sql"] and "search_text" in q["sql"]]
    assert text_queries
    assert not [sql for sql in text_queries if "ORDER BY" in sql]
