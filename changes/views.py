"""``/changes/`` and the Atom feeds, cached like pages (``page_cache_variant``)."""

from django.db.models import Q
from django.views import View
from django.views.generic import TemplateView

from changes import feeds
from changes.entries import changes
from search.views import BodyListView


class FeedView(View):
    """A syndication feed served as a view the page cache can keep."""

    http_method_names = ["get", "head"]
    feed = None

    @classmethod
    def page_cache_variant(cls, request):
        """Feeds of one object or of the whole site read no parameter."""
        return ""

    def get(self, request, **kwargs):
        return self.feed()(request, **kwargs)


class SearchFeedView(FeedView):
    feed = feeds.SearchFeed

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed search, as the search page keys it."""
        return BodyListView.page_cache_variant(request)


class ChangesPageView(TemplateView):
    template_name = "changes/changes.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The changes page reads no parameter."""
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=changes(Q(), Q()), **kwargs)
