"""Changes: the ``/changes/`` page and the Atom feeds (before the bodies' own URLs:
"bodies/feed/" is not a body's page)."""

from django.urls import path

from changes import feeds, views

app_name = "changes"

urlpatterns = [
    path("changes/", views.ChangesPageView.as_view(), name="page"),
    path("changes/feed/", views.FeedView.as_view(feed=feeds.SiteFeed), name="feed"),
    path("bodies/feed/", views.SearchFeedView.as_view(), name="search-feed"),
    path("bodies/<slug:slug>/feed/", views.FeedView.as_view(feed=feeds.BodyFeed), name="body-feed"),
    path(
        "accreditation-bodies/<slug:slug>/feed/",
        views.FeedView.as_view(feed=feeds.AccreditationBodyFeed),
        name="accreditation-body-feed",
    ),
]
