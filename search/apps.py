from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from search import heap

        # Process housekeeping after the answer has gone, as Django closes its
        # connections on the same signal; nothing a request sees depends on it.
        request_started.connect(heap.request_started, dispatch_uid="search.heap.count")
        request_finished.connect(heap.trim_grown_heap, dispatch_uid="search.heap.trim")
