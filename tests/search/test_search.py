"""The search contract: every parameter, their combinations and hostile values."""

import datetime

import pytest
from django.http import QueryDict

from search.presenter import SearchPage
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
PAST = TODAY - datetime.timedelta(days=1)
FUTURE = TODAY + datetime.timedelta(days=365)


def search(query_string, today=TODAY):
    return SearchPage.from_params(QueryDict(query_string), today=today)


def names(query_string, today=TODAY):
    return sorted(body.name for body in search(query_string, today).results())


def accredit(body, *, ab="dakks", casco="iso-iec-17021-1", standards=("iso-9001",), **kwargs):
    return AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body(ab),
        casco_standard=standard(casco),
        standards=[standard(s) for s in standards],
        **{"valid_until": FUTURE, **kwargs},
    )


@pytest.fixture
def bodies():
    """A small directory with the awkward cases the rules are about."""
    tuv = CertificationBodyFactory(name="TÜV Qualität GmbH", country="DE", city="München")
    accredit(tuv, standards=("iso-9001", "iso-14001"), sectors=[17, 28])
    accredit(tuv, ab="ukas", standards=("iso-iec-27001",), status="suspended")

    societe = CertificationBodyFactory(
        name="Société Générale de Certification", country="FR", city="Lyon"
    )
    accredit(societe, ab="cofrac", standards=("iso-9001",), number="4-0012")

    # ISO 9001 by PCA but suspended, ISO/IEC 27001 by PCA active: the same-accreditation
    # rule says this body is NOT "accredited for ISO 9001".
    krakow = CertificationBodyFactory(
        name="Biuro Certyfikacji", country="PL", city="Kraków", aliases="BC Polska"
    )
    accredit(krakow, ab="pca", standards=("iso-9001",), status="suspended")
    accredit(krakow, ab="pca", standards=("iso-iec-27001",), sectors=[33])

    lapsed = CertificationBodyFactory(name="Lapsed Audits Ltd", country="GB", city="Leeds")
    accredit(lapsed, ab="ukas", standards=("iso-9001",), valid_until=PAST)

    lab = CertificationBodyFactory(name="Labor Nord", country="DE", city="Hamburg")
    accredit(lab, casco="iso-iec-17025", standards=())

    CertificationBodyFactory(name="Unaccredited Certs", country="PL", city="Gdańsk")
    return {"tuv": tuv, "societe": societe, "krakow": krakow, "lapsed": lapsed, "lab": lab}


class TestTextSearch:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("tuv", ["TÜV Qualität GmbH"]),
            ("TÜV", ["TÜV Qualität GmbH"]),
            ("societe", ["Société Générale de Certification"]),
            ("krakow", ["Biuro Certyfikacji"]),
            ("gdansk", ["Unaccredited Certs"]),
            ("bc polska", ["Biuro Certyfikacji"]),
            ("4-0012", ["Société Générale de Certification"]),
            ("qualitat munchen", ["TÜV Qualität GmbH"]),
            ("qualitat lyon", []),
        ],
    )
    def test_every_word_must_match_name_alias_city_or_number(self, bodies, q, expected):
        assert names(f"q={q}") == expected

    @pytest.mark.parametrize("extra", ["", "&country=DE", "&ab=dakks"])
    def test_relevance_without_a_query_orders_the_page_by_name(self, bodies, extra):
        page = search("sort=relevance" + extra).page
        names_on_page = [body.name for body in page.object_list]
        assert names_on_page == sorted(names_on_page)
        assert names_on_page == [b.name for b in search("sort=name" + extra).results()]

    def test_relevance_puts_name_prefix_first(self, bodies):
        CertificationBodyFactory(name="Nord Zertifizierung", country="AT", city="Graz")
        results = [b.name for b in search("q=nord").results()]
        assert results == ["Nord Zertifizierung", "Labor Nord"]


class TestSameAccreditationRule:
    def test_standard_and_status_must_hold_on_one_accreditation(self, bodies):
        assert names("standard=iso-9001&status=accredited") == [
            "Société Générale de Certification",
            "TÜV Qualität GmbH",
        ]

    def test_standard_and_accreditation_body_on_one_accreditation(self, bodies):
        # TÜV holds ISO/IEC 27001 from UKAS, but its DAkkS accreditation does not cover it.
        assert names("standard=iso-iec-27001&ab=dakks") == []
        assert names("standard=iso-iec-27001&ab=ukas") == ["TÜV Qualität GmbH"]

    def test_several_standards_mean_all_of_them(self, bodies):
        assert names("standard=iso-9001&standard=iso-14001") == ["TÜV Qualität GmbH"]
        assert names("standard=iso-9001&standard=iso-iec-27001") == [
            "Biuro Certyfikacji",
            "TÜV Qualität GmbH",
        ]

    def test_each_standard_gets_its_own_accreditation_meeting_the_other_filters(self, bodies):
        # Kraków: 9001 is suspended, so 9001 + 27001 both accredited fails.
        assert names("standard=iso-9001&standard=iso-iec-27001&status=accredited") == []

    def test_several_accreditation_bodies_mean_any(self, bodies):
        assert names("ab=cofrac&ab=pca") == [
            "Biuro Certyfikacji",
            "Société Générale de Certification",
        ]

    def test_sector_must_be_on_the_accreditation_for_the_standard(self, bodies):
        assert names("sector=33") == ["Biuro Certyfikacji"]
        assert names("sector=33&standard=iso-9001") == []
        assert names("sector=28&sector=33&standard=iso-9001") == ["TÜV Qualität GmbH"]

    def test_casco_selects_the_kind_of_body(self, bodies):
        assert names("casco=iso-iec-17025") == ["Labor Nord"]
        assert names("casco=iso-iec-17025&casco=iso-iec-17065") == ["Labor Nord"]

    def test_filters_without_standard_need_one_accreditation_meeting_all(self, bodies):
        assert names("ab=ukas&status=accredited") == []
        assert names("ab=ukas&status=suspended") == ["TÜV Qualität GmbH"]


class TestStatus:
    def test_expired_by_date_even_if_stored_active(self, bodies):
        assert names("status=expired") == ["Lapsed Audits Ltd"]

    def test_expiry_follows_the_date_without_any_write(self, bodies):
        before = bodies["lapsed"].accreditations.get().valid_until - datetime.timedelta(days=1)
        assert "Lapsed Audits Ltd" in names("status=accredited", today=before)
        assert "Lapsed Audits Ltd" not in names("status=accredited", today=TODAY)

    def test_unaccredited_means_no_current_accreditation_at_all(self, bodies):
        assert names("status=unaccredited") == ["Lapsed Audits Ltd", "Unaccredited Certs"]

    def test_unaccredited_with_a_standard(self, bodies):
        assert names("status=unaccredited&standard=iso-9001") == ["Lapsed Audits Ltd"]

    def test_withdrawn(self, bodies):
        accredit(bodies["lab"], standards=(), casco="iso-iec-17020", status="withdrawn")
        assert names("status=withdrawn") == ["Labor Nord"]


class TestCountry:
    def test_several_countries_mean_any(self, bodies):
        assert names("country=PL&country=fr") == [
            "Biuro Certyfikacji",
            "Société Générale de Certification",
            "Unaccredited Certs",
        ]

    def test_country_with_standard(self, bodies):
        assert names("country=DE&standard=iso-9001") == ["TÜV Qualität GmbH"]


class TestFacets:
    def facets(self, query_string):
        result = search(query_string).facet_result
        return result.total, {f.param: {o.value: o.count for o in f.options} for f in result.facets}

    def test_total_and_counts_without_filters(self, bodies):
        total, facets = self.facets("")
        assert total == 6
        assert facets["country"] == {"DE": 2, "PL": 2, "FR": 1, "GB": 1}
        assert facets["standard"]["iso-9001"] == 4
        assert facets["status"] == {
            "accredited": 4,
            "suspended": 2,
            "withdrawn": 0,
            "expired": 1,
            "unaccredited": 2,
        }

    def test_counts_follow_the_current_search(self, bodies):
        total, facets = self.facets("standard=iso-9001&status=accredited")
        assert total == 2
        # Disjunctive: other countries still show what choosing them would add.
        assert facets["country"] == {"DE": 1, "FR": 1}
        assert facets["ab"] == {"dakks": 1, "cofrac": 1}
        assert facets["standard"]["iso-14001"] == 1
        assert facets["status"]["suspended"] == 1  # Kraków's suspended ISO 9001

    def test_facet_count_equals_the_results_of_choosing_it(self, bodies):
        _, facets = self.facets("standard=iso-9001")
        for param, counts in facets.items():
            if param == "standard":
                continue
            for value, count in counts.items():
                assert search(f"standard=iso-9001&{param}={value}").facet_result.total == count, (
                    param,
                    value,
                )

    def test_selected_country_counts_and_status(self, bodies):
        total, facets = self.facets("country=PL")
        assert total == 2
        assert facets["country"]["DE"] == 2
        assert facets["status"]["unaccredited"] == 1


class TestHostileValues:
    @pytest.mark.parametrize(
        "query_string",
        [
            "standard=iso-9999",
            "casco=iso-9001",  # a certifiable standard is not a CASCO one
            "ab=nobody",
            "sector=0",
            "sector=40",
            "sector=abc",
            "country=XX",
            "status=approved",
            "sort=random",
        ],
    )
    def test_invalid_values_are_ignored_and_reported(self, bodies, query_string):
        s = search(query_string)
        assert len(list(s.results())) == 6
        assert [(i.param, i.value) for i in s.ignored] == [tuple(query_string.split("="))]

    def test_valid_values_are_kept_beside_invalid_ones(self, bodies):
        s = search("standard=bogus&standard=iso-14001")
        assert [b.name for b in s.results()] == ["TÜV Qualität GmbH"]
        assert [i.value for i in s.ignored] == ["bogus"]

    def test_nul_bytes_sql_and_html_are_just_text(self, bodies):
        assert names("q=%00tuv%00") == ["TÜV Qualität GmbH"]
        assert names("q=zzz' OR 1=1 --") == []
        assert names("q=<script>alert(1)</script>") == []

    def test_overlong_query_is_shortened_and_reported(self, bodies):
        s = search("q=" + "a" * 100_000)
        assert len(s.query) == 200
        assert s.ignored[0].param == "q"

    @pytest.mark.parametrize("page", ["-1", "0", "abc", "99999999999999999999", "2"])
    def test_bad_or_past_the_end_page_shows_a_real_page(self, bodies, page):
        s = search(f"page={page}")
        assert s.page.number == 1
        assert s.page_was_adjusted

    def test_page_past_the_end_shows_the_last_page(self):
        for n in range(30):
            CertificationBodyFactory(name=f"Body {n:02}")
        s = search("page=7")
        assert s.page.number == 2
        assert [b.name for b in s.page.object_list] == [
            "Body 25",
            "Body 26",
            "Body 27",
            "Body 28",
            "Body 29",
        ]


class TestLinks:
    def test_chips_remove_one_value_each(self, bodies):
        s = search("standard=iso-9001&country=DE&country=FR&q=cert")
        chips = {c.label: c.remove_url for c in s.chips}
        assert chips["Country: Germany"] == "?standard=iso-9001&country=FR&q=cert"
        assert chips["Text: “cert”"] == "?standard=iso-9001&country=DE&country=FR"
        assert s.clear_url == "?q=cert"

    def test_links_drop_ignored_values(self, bodies):
        s = search("standard=iso-9001&standard=bogus")
        assert s.export_url == "?standard=iso-9001"
