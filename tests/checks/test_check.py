"""The bulk check's verdicts, row by row, for a file of hand-made cases."""

import datetime

import pytest
from django.utils import timezone

from checks.rows import RowProblems, parse_rows
from checks.service import VERDICTS, check_rows
from tests.checks.scenario import directory  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

# (body, standard, country, date) -> (verdict, matched body, how it was matched)
CASES = [
    (("Bureau Kestrel", "ISO 9001", "", "2023-12-31"), ("accredited", "Bureau Kestrel", "exact")),
    (("Bureau Kestrel", "ISO 9001", "", "2024-03-01"), ("suspended", "Bureau Kestrel", "exact")),
    (
        ("bureau KESTREL", "iso 9001:2015", "GB", "2024-06-30"),
        ("suspended", "Bureau Kestrel", "exact"),
    ),
    (("4401", "ISO 9001", "", "2024-09-15"), ("accredited", "Bureau Kestrel", "number")),
    (("Bureau Kestrl", "ISO 9001", "", "2025-01-01"), ("accredited", "Bureau Kestrel", "close")),
    (
        ("Bureau Kestrel", "ISO 9001", "", "2019-12-31"),
        ("not_accredited_for_standard", "Bureau Kestrel", "exact"),
    ),
    (
        ("Bureau Kestrel", "ISO 14001", "", ""),
        ("not_accredited_for_standard", "Bureau Kestrel", "exact"),
    ),
    (("NZ Cert", "ISO 14001", "", ""), ("accredited", "Nordlicht Zertifizierung GmbH", "alias")),
    (
        ("Nordlicht Zertifizierung", "ISO 9001", "DE", ""),
        ("accredited", "Nordlicht Zertifizierung GmbH", "close"),
    ),
    (("D-ZM-7", "ISO 14001", "DE", ""), ("accredited", "Nordlicht Zertifizierung GmbH", "number")),
    (("Atlas Certification", "ISO 9001", "", ""), ("ambiguous", None, "")),
    (("Atlas Certification", "ISO 9001", "ES", ""), ("accredited", "Atlas Certification", "exact")),
    (("Ended Audit Ltd", "ISO 9001", "", "2023-06-30"), ("accredited", "Ended Audit Ltd", "exact")),
    (("Ended Audit Ltd", "ISO 9001", "", "2023-07-01"), ("withdrawn", "Ended Audit Ltd", "exact")),
    (("Quite Unknown Inspections", "ISO 9001", "", ""), ("not_found", None, "")),
    (("Bureau Kestrel", "ISO 9001", "DE", ""), ("not_found", None, "")),
]


def run(cases):
    raw = [
        (line, dict(zip(("body", "standard", "country", "date"), case, strict=True)))
        for line, (case, _) in enumerate(cases, start=2)
    ]
    return check_rows(parse_rows(raw, timezone.localdate()))


@pytest.mark.usefixtures("directory")
def test_each_case_gets_its_verdict():
    results = run(CASES)
    got = [(r["verdict"], r["body"]["name"] if r["body"] else None, r["match"]) for r in results]
    assert got == [expected for _, expected in CASES]
    assert {r["verdict"] for r in results} <= set(VERDICTS)


@pytest.mark.usefixtures("directory")
def test_sentences_say_plainly_what_the_records_say():
    suspended, ambiguous, unknown = (run([CASES[i]])[0] for i in (1, 10, 14))
    assert suspended["sentence"].startswith(
        "Bureau Kestrel (GB): On 1 March 2024: the accreditation for ISO 9001 by UKAS"
    )
    assert suspended["accreditation_body"]["acronym"] == "UKAS"
    assert suspended["arrangement"] == "IAF MLA"
    assert [c["country"] for c in ambiguous["candidates"]] == ["ES", "FR"]
    assert "Atlas Certification (ES); Atlas Certification (FR)" in ambiguous["sentence"]
    assert unknown["sentence"].startswith("Not found in CertDir's records")
    assert "not accredited" not in unknown["sentence"].replace("does not mean it is not", "")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"body": "", "standard": "ISO 9001"}, "Line 2: the body"),
        ({"body": "X", "standard": "ISO 9999"}, "“ISO 9999” is not a standard CertDir knows"),
        ({"body": "X", "standard": "ISO 900"}, "did you mean “ISO 9001”?"),
        ({"body": "X", "standard": "ISO 9001", "country": "XX"}, "“XX” is not an ISO 3166-1"),
        ({"body": "X", "standard": "ISO 9001", "date": "2024-02-30"}, "“2024-02-30” is not a date"),
        ({"body": "X", "standard": "ISO 9001", "date": "3/3/2024"}, "is not a date"),
        ({"body": "X", "standard": "ISO 9001", "date": "2999-01-01"}, "is in the future"),
    ],
)
@pytest.mark.usefixtures("directory")
def test_bad_rows_are_named_with_their_line(row, problem):
    with pytest.raises(RowProblems) as caught:
        parse_rows([(2, row)], timezone.localdate())
    assert problem in caught.value.problems[0]
    assert caught.value.problems[0].startswith("Line 2: ")


@pytest.mark.usefixtures("directory")
def test_a_thousand_rows_cost_a_bounded_number_of_queries(django_assert_max_num_queries):
    today = timezone.localdate()
    raw = [(n, {"body": "Bureau Kestrel", "standard": "ISO 9001", "date": ""}) for n in range(1000)]
    raw += [(1001, {"body": "NZ Cert", "standard": "ISO 9001"})]
    rows = parse_rows(raw, today)
    with django_assert_max_num_queries(12):
        results = check_rows(rows)
    assert len(results) == 1001
    assert today - datetime.timedelta(days=1) < datetime.date.fromisoformat(results[0]["date"])
