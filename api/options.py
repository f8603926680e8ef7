"""The API's own parameters beside the search's: ``cursor``, ``page_size``, ``facets`` and
``format``, parsed as leniently as the search's are (a bad value is left out and listed in
``ignored``, never an error, with the reason in the request's language).

A page is a slice of the search's ordered ids by position, never an SQL OFFSET, so a cursor
is the position of a page's first body: base64 of "p<position>", opaque to clients and
checked on the way in (only the exact encoding of a position is accepted).
"""

import base64
import binascii
from dataclasses import dataclass

from django.utils.translation import gettext

from search.criteria import Ignored
from search.presenter import PAGE_SIZE

MAX_PAGE_SIZE = 100
# Far beyond any directory; what a forged cursor can ask for stays a small number.
MAX_POSITION = 10**9
FORMATS = ("json", "csv")
FACETS_ON = ("1", "yes", "true")
FACETS_OFF = ("0", "no", "false")
# Read by the API itself; every other parameter is the search's (``BodyFilterSet``).
OWN_PARAMS = ("cursor", "page_size", "facets", "format")
# The page's own paging, which the API replaces with cursors.
PAGE_PARAM = "page"
SHOWN_LENGTH = 60


def encode_cursor(position):
    """The cursor of the page starting at ``position``."""
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def decode_cursor(value):
    """The position ``value`` stands for, or None when it is not a cursor of this API."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    digits = raw[1:]
    if raw[:1] != "p" or not (digits.isascii() and digits.isdigit()) or len(digits) > 10:
        return None
    position = int(digits)
    if position > MAX_POSITION or encode_cursor(position) != value:
        return None
    return position


def _shown(value):
    return value if len(value) <= SHOWN_LENGTH else value[: SHOWN_LENGTH - 1] + "…"


@dataclass(frozen=True)
class Options:
    """The API's own parameters of one request, and the values it left out."""

    position: int = 0
    page_size: int = PAGE_SIZE
    facets: bool = False
    format: str = "json"
    ignored: tuple = ()

    def key(self):
        """Everything a response depends on here, for the page cache's key."""
        ignored = "".join(
            f"\x1f{i.param}={i.value}:{i.reason}:{i.suggestion}" for i in self.ignored
        )
        return f"{self.position}:{self.page_size}:{int(self.facets)}:{self.format}{ignored}"

    def link_params(self):
        """The options that differ from the defaults, as URL parameters for page links."""
        pairs = []
        if self.page_size != PAGE_SIZE:
            pairs.append(("page_size", str(self.page_size)))
        if self.facets:
            pairs.append(("facets", "1"))
        return pairs


def _first(query, name, ignored):
    """The first non-blank value of ``name``; any others are noted in ``ignored``."""
    values = [value.strip() for value in query.getlist(name)]
    values = [value for value in values if value]
    ignored += [
        Ignored(name, _shown(value), gettext("only one value is used")) for value in values[1:]
    ]
    return values[0] if values else ""


def parse_options(query):
    """The API's own parameters in ``query`` (a QueryDict)."""
    ignored = []
    position = 0
    cursor = _first(query, "cursor", ignored)
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded is None:
            ignored.append(Ignored("cursor", _shown(cursor), gettext("not a cursor of this API")))
        else:
            position = decoded

    page_size = PAGE_SIZE
    raw = _first(query, "page_size", ignored)
    if raw:
        if raw.isascii() and raw.isdigit() and int(raw) > 0:
            page_size = min(int(raw), MAX_PAGE_SIZE)
            if int(raw) > MAX_PAGE_SIZE:
                reason = gettext("at most %(count)s bodies a page") % {"count": MAX_PAGE_SIZE}
                ignored.append(Ignored("page_size", _shown(raw), reason, str(MAX_PAGE_SIZE)))
        else:
            reason = gettext("not a whole number from 1 to %(max)s") % {"max": MAX_PAGE_SIZE}
            ignored.append(Ignored("page_size", _shown(raw), reason, str(PAGE_SIZE)))

    facets = False
    raw = _first(query, "facets", ignored).lower()
    if raw in FACETS_ON:
        facets = True
    elif raw and raw not in FACETS_OFF:
        ignored.append(Ignored("facets", _shown(raw), gettext("unknown value"), "1"))

    format_ = "json"
    raw = _first(query, "format", ignored).lower()
    if raw in FORMATS:
        format_ = raw
    elif raw:
        ignored.append(Ignored("format", _shown(raw), gettext("unknown value"), "json"))

    for value in query.getlist(PAGE_PARAM):
        if value.strip():
            reason = gettext("the API pages with cursors: follow the response's next link")
            ignored.append(Ignored(PAGE_PARAM, _shown(value.strip()), reason))
    return Options(position, page_size, facets, format_, tuple(ignored))


def search_params(query):
    """``query`` without the parameters the search does not read in the API."""
    params = query.copy()
    for name in (*OWN_PARAMS, PAGE_PARAM):
        params.pop(name, None)
    return params
