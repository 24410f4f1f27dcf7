from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from core import discovery, health
from core import views as core_views
from reactions.sitemaps import ReactionPagesSitemap, ReactionSitemap
from treaties.sitemaps import (
    ClauseSitemap,
    PartySitemap,
    TopicSitemap,
    TreatyPagesSitemap,
    TreatySitemap,
    TreatyTextSitemap,
)

SITEMAPS = {
    "pages": TreatyPagesSitemap,
    "treaties": TreatySitemap,
    "texts": TreatyTextSitemap,
    "articles": ClauseSitemap,
    "topics": TopicSitemap,
    "parties": PartySitemap,
    "reaction-pages": ReactionPagesSitemap,
    "reactions": ReactionSitemap,
}

urlpatterns = [
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("robots.txt", discovery.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # A release's files, the same in every language (core.releases).
    # Only the letters a file's name is made of (core.releases), at most a file name's length.
    re_path(r"^data/(?P<name>[a-z0-9._-]{1,100})\Z", core_views.release_file, name="release-file"),
    path("api/", core_views.APIHome.as_view(), name="api-home"),
    # v2 is current; v1 keeps the shape it had (REST_FRAMEWORK's versioning, README).
    re_path(r"^api/(?P<version>v1|v2)/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema/v1/", SpectacularAPIView.as_view(api_version="v1"), name="schema-v1"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    *i18n_patterns(
        path("", include("treaties.urls")),
        path("", include("reactions.urls")),
        path("", include("search.urls")),
        path("", include("core.urls")),
    ),
]

handler400 = "core.errors.bad_request"
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
