"""The JSON API, mounted at /api/v2/ (current) and /api/v1/ (the shape it had before)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from reactions.api import ReactionViewSet
from treaties.api import (
    ClauseViewSet,
    CompareView,
    PartyViewSet,
    SourceViewSet,
    TopicViewSet,
    TreatyViewSet,
)

app_name = "api"

router = DefaultRouter()
router.register("treaties", TreatyViewSet, basename="treaty")
router.register("clauses", ClauseViewSet, basename="clause")
router.register("parties", PartyViewSet, basename="party")
router.register("topics", TopicViewSet, basename="topic")
router.register("sources", SourceViewSet, basename="source")
router.register("reactions", ReactionViewSet, basename="reaction")

urlpatterns = [
    path("compare/", CompareView.as_view(), name="compare"),
    path("", include(router.urls)),
]
