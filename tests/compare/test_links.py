"""The ways into a comparison: a search's checkboxes and "Compare these", a body's button."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.compare.test_page import accredited

pytestmark = pytest.mark.django_db


def test_each_result_has_a_labelled_compare_checkbox_in_one_get_form(client):
    a = accredited("Alpha Cert", ["iso-9001"], country="FR")
    response = client.get("/bodies/?country=FR")
    assertContains(response, '<form id="compare-form" action="/compare/" method="get">')
    assertContains(
        response,
        f'<input type="checkbox" name="body" value="{a.slug}" id="compare-{a.slug}">',
    )
    assertContains(response, 'Compare<span class="visually-hidden"> Alpha Cert</span>')
    assertContains(response, "Compare selected")


@pytest.mark.parametrize("n, shown", [(1, False), (2, True), (4, True), (5, False)])
def test_compare_these_for_two_to_four_results(client, n, shown):
    bodies = [accredited(f"Body {i}", ["iso-9001"], country="FR") for i in range(n)]
    response = client.get("/bodies/?country=FR")
    link = "/compare/?" + "&amp;".join(f"body={body.slug}" for body in bodies)
    if shown:
        assertContains(response, f'<a href="{link}">Compare these {n} bodies side by side</a>')
    else:
        assertNotContains(response, "Compare these")
