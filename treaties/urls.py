from django.urls import path

from . import views

app_name = "treaties"

urlpatterns = [
    path("", views.treaty_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("compare/wording/", views.compare_wording, name="compare-wording"),
    path("timeline/", views.timeline, name="timeline"),
    path("methodology/", views.methodology, name="methodology"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="detail"),
    path("treaties/<slug:slug>/text/", views.treaty_text, name="full-text"),
    path(
        "treaties/<slug:treaty_slug>/articles/<slug:slug>/",
        views.clause_detail,
        name="clause-detail",
    ),
]
