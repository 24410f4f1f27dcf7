"""The JSON API, mounted at /api/v2/ (current) and /api/v1/ (the shape it had before)."""

from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from core.api import canonical_url
from core.release_api import ReleaseViewSet
from reactions.api import ReactionViewSet
from treaties.api import (
    ClauseViewSet,
    CompareView,
    CompareWordingView,
    EventViewSet,
    InForceView,
    PartyViewSet,
    SourceViewSet,
    TopicViewSet,
    TreatyViewSet,
)

app_name = "api"


class RootView(APIRootView):
    """The API's front page: every list, and the comparison, which is not a list of records."""

    def get(self, request, *args, **kwargs):
        self.api_root_dict = {
            **self.api_root_dict,
            "compare": "compare",
            "compare/wording": "compare-wording",
            "in-force": "in-force",
        }
        # Its links name the lists, never the format this answer was asked in.
        kwargs.pop("format", None)
        response = super().get(request, *args, **kwargs)
        response.data = {name: canonical_url(url) for name, url in response.data.items()}
        return response


router = DefaultRouter()
router.APIRootView = RootView
router.register("treaties", TreatyViewSet, basename="treaty")
router.register("clauses", ClauseViewSet, basename="clause")
router.register("parties", PartyViewSet, basename="party")
router.register("topics", TopicViewSet, basename="topic")
router.register("sources", SourceViewSet, basename="source")
router.register("events", EventViewSet, basename="event")
router.register("reactions", ReactionViewSet, basename="reaction")
router.register("releases", ReleaseViewSet, basename="release")

urlpatterns = [
    path("compare/", CompareView.as_view(), name="compare"),
    path("compare/wording/", CompareWordingView.as_view(), name="compare-wording"),
    path("in-force/", InForceView.as_view(), name="in-force"),
    path("", include(router.urls)),
]
