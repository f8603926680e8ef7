"""The rows of a bulk check, validated: the same rules for an uploaded file and the API."""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django_countries import countries

from accreditation.models import Standard
from bodies.text import fold

MAX_TEXT = 255
# Problems listed one by one; the rest are counted.
MAX_PROBLEMS = 20
EDITION = re.compile(r"\s*:\s*\d{4}$")


@dataclass(frozen=True)
class CheckRow:
    """One row to check: where it came from (a file line or a list position) and what it asks."""

    line: int
    body: str
    standard_text: str
    standard: Standard
    country: str
    date_text: str
    on: datetime.date

    @property
    def given(self):
        """The row as given, for the results."""
        return {
            "body": self.body,
            "standard": self.standard_text,
            "country": self.country,
            "date": self.date_text,
        }


class RowProblems(Exception):
    """Rows the check cannot use; ``problems`` name each row and what is wrong with it."""

    def __init__(self, problems, more=0):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.more = more


class StandardNames:
    """Standards by the ways people write them: "ISO 9001", "iso 9001:2015", "iso-9001"."""

    def __init__(self):
        self.by_key = {}
        for standard in Standard.objects.all():
            for name in (standard.code, standard.slug):
                self.by_key.setdefault(fold(name), standard)

    def get(self, text):
        return self.by_key.get(fold(EDITION.sub("", text)))

    def nearest(self, text):
        close = difflib.get_close_matches(fold(text), list(self.by_key), n=1, cutoff=0.6)
        return self.by_key[close[0]].code if close else ""


def parse_rows(raw_rows, today, where=lambda line: _("Line %(line)s") % {"line": line}):
    """[CheckRow] from ``raw_rows`` ([(line, {column: text})]); RowProblems if any is wrong."""
    standards = StandardNames()
    rows, problems = [], []
    for line, raw in raw_rows:
        row, row_problems = _parse(line, raw, today, standards)
        problems += [f"{where(line)}: {problem}" for problem in row_problems]
        if row is not None:
            rows.append(row)
    if problems:
        raise RowProblems(problems[:MAX_PROBLEMS], max(len(problems) - MAX_PROBLEMS, 0))
    return rows


def _text(raw, name):
    value = raw.get(name)
    return "" if value is None else " ".join(str(value).replace("\x00", " ").split())


def _parse(line, raw, today, standards):
    problems = []
    body, standard_text = _text(raw, "body"), _text(raw, "standard")
    country, date_text = _text(raw, "country").upper(), _text(raw, "date")
    if not body:
        problems.append(_("the body (a name, other name or accreditation number) is missing"))
    elif len(body) > MAX_TEXT:
        problems.append(_("the body is longer than %(count)d characters") % {"count": MAX_TEXT})
    standard = standards.get(standard_text) if standard_text else None
    if not standard_text:
        problems.append(_("the standard is missing (for example “ISO 9001”)"))
    elif standard is None:
        nearest = standards.nearest(standard_text[:60])
        if nearest:
            problem = _("“%(text)s” is not a standard CertDir knows; did you mean “%(nearest)s”?")
        else:
            problem = _("“%(text)s” is not a standard CertDir knows")
        problems.append(problem % {"text": standard_text[:60], "nearest": nearest})
    if country and country not in countries:
        problems.append(
            _("“%(code)s” is not an ISO 3166-1 alpha-2 country code (like GB)")
            % {"code": country[:20]}
        )
    on = today
    if date_text:
        try:
            on = datetime.date.fromisoformat(date_text)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_text):
                raise ValueError
        except ValueError:
            problems.append(
                _("“%(text)s” is not a date in the form YYYY-MM-DD") % {"text": date_text[:20]}
            )
        else:
            if on > today:
                problems.append(
                    _(
                        "%(date)s is in the future: CertDir can say how things stood up to "
                        "today only"
                    )
                    % {"date": on.isoformat()}
                )
    if problems:
        return None, problems
    return CheckRow(line, body, standard_text, standard, country, date_text, on), []
