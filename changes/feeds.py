"""Atom feeds of changes: for a search, a body, an accreditation body and the whole site.

Each feed is a ``django.contrib.syndication`` feed of ``entries.Change`` values, served
through ``views.FeedView`` so that the page cache keeps it (keyed by the directory
version: never stale).
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from accreditation.models import AccreditationBody
from bodies.models import CertificationBody
from changes.entries import changes
from search import sql
from search.views import parse_search


class ChangesFeed(Feed):
    """What every feed shares: Atom, entries from ``Change`` values."""

    feed_type = Atom1Feed
    author_name = "CertDir"

    def items(self, obj):
        return obj["changes"]

    def title(self, obj):
        return obj["title"]

    def subtitle(self, obj):
        return obj["subtitle"]

    def link(self, obj):
        return obj["link"]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text + (f" Source: {item.source_url}" if item.source_url else "")

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at


class SiteFeed(ChangesFeed):
    def get_object(self, request):
        return {
            "title": _("CertDir: recent changes"),
            "subtitle": _(
                "Accreditations granted, suspended, withdrawn and changed, and new bodies."
            ),
            "link": reverse("changes:page"),
            "changes": changes(Q(), Q()),
        }


class SearchFeed(ChangesFeed):
    """``/bodies/feed/?<a search's parameters>``: the search's new bodies and changes."""

    def get_object(self, request):
        filterset = parse_search(request)
        matching = sql.matching(filterset.criteria, filterset.today).order_by().values("pk")
        # The parsed search, never the raw query string: the cache shares equal searches.
        params = [(k, v) for k, v in filterset.search.params() if k != "page"]
        described = ", ".join(f"{k}={v}" for k, v in params) or _("every body")
        query = urlencode(params)
        return {
            "title": _("CertDir: changes for the search %(search)s") % {"search": described},
            "subtitle": _("New bodies matching the search, and changes to their accreditations."),
            "link": reverse("search:list") + (f"?{query}" if query else ""),
            "changes": changes(Q(accreditation__body__in=matching), Q(pk__in=matching)),
        }


class BodyFeed(ChangesFeed):
    def get_object(self, request, slug):
        body = get_object_or_404(CertificationBody, slug=slug)
        return {
            "title": _("CertDir: changes for %(name)s") % {"name": body.name},
            "subtitle": _("Changes to the accreditations of %(name)s.") % {"name": body.name},
            "link": body.get_absolute_url(),
            "changes": changes(Q(accreditation__body=body), Q(pk=body.pk)),
        }


class AccreditationBodyFeed(ChangesFeed):
    def get_object(self, request, slug):
        ab = get_object_or_404(AccreditationBody, slug=slug)
        return {
            "title": _("CertDir: changes to accreditations by %(ab)s") % {"ab": ab.acronym},
            "subtitle": _("Accreditations granted, suspended, withdrawn and changed by %(name)s.")
            % {"name": ab.name},
            "link": ab.get_absolute_url(),
            "changes": changes(Q(accreditation__accreditation_body=ab)),
        }
