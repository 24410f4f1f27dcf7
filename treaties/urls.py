from django.urls import path

from . import views

app_name = "treaties"

urlpatterns = [
    path("", views.treaty_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("compare/pdf/", views.compare_pdf, name="compare-pdf"),
    path("embed/compare/", views.embed_compare, name="embed-compare"),
    path("embed/treaties/<slug:slug>/", views.embed_treaty, name="embed-treaty"),
    path("compare/wording/", views.compare_wording, name="compare-wording"),
    path("timeline/", views.timeline, name="timeline"),
    path("in-force/", views.in_force, name="in-force"),
    path("methodology/", views.methodology, name="methodology"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("about/", views.about, name="about"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="detail"),
    path("treaties/<slug:slug>/text/", views.treaty_text, name="full-text"),
    path("treaties/<slug:slug>/pdf/", views.treaty_pdf, name="pdf"),
    path(
        "treaties/<slug:treaty_slug>/articles/<slug:slug>/",
        views.clause_detail,
        name="clause-detail",
    ),
]
