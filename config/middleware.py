"""Middleware of the site: its Content-Security-Policy, `Vary` for the API, and the cache of the
pages and API answers that anonymous readers get."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import (
    get_cache_key,
    learn_cache_key,
    patch_vary_headers,
    set_response_etag,
)

from treaties.models import RecordVersion

# The admin, django-import-export's pages and the API docs set inline style attributes; scripts
# stay 'self' everywhere.
INLINE_STYLE_PREFIXES = ("/admin/", "/api/docs/", "/api/redoc/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the site's policy (settings.CONTENT_SECURITY_POLICY), loosened only for
    the inline styles of the pages it does not write itself."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(INLINE_STYLE_PREFIXES):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
            if request.path_info.startswith("/api/redoc/"):
                parts.update["worker-src"] = ["blob:"]
        return parts


def api_varies_on_authorization(get_response):
    """A token client may see drafts an anonymous one does not: say so to any shared cache."""

    def middleware(request):
        response = get_response(request)
        if request.path_info.startswith("/api/"):
            patch_vary_headers(response, ["Authorization"])
        return response

    return middleware


def kept_copy(response) -> HttpResponse:
    """What is kept of an answer: its status, headers and bytes. A DRF Response would pickle its
    data too, model instances and querysets with it, and unpickling those costs more than
    rendering the page. `Vary: Cookie`, which the session middleware adds to the answer itself,
    stays true of the copy: a session cookie bypasses the kept answers."""
    kept = HttpResponse(response.content, status=response.status_code, headers=response.headers)
    patch_vary_headers(kept, ["Cookie"])
    return kept


class RecordCacheMiddleware:
    """Keeps the pages and API answers of anonymous readers, keyed on the record's version.

    PostgreSQL raises the version (RecordVersion) on every write to the record, so a publication
    shows at once: an answer kept under an older version is never read again. Requests carrying a
    session or a token (curators, who may see drafts) always reach the views. Like Django's cache
    middleware it stores only 200s and keys them on the URL, the language and the headers the
    answer varies on (HX-Request, Accept...). Put it inside ConditionalGetMiddleware, so a kept
    answer still gets its 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.RECORD_CACHE_ALIAS]
        self.timeout = settings.RECORD_CACHE_SECONDS

    def __call__(self, request):
        if not self.is_cacheable(request):
            return self.get_response(request)
        key_prefix = f"record-{RecordVersion.current()}"
        cache_key = get_cache_key(request, key_prefix, "GET", cache=self.cache)
        if cache_key is not None:
            response = self.cache.get(cache_key)
            if response is not None:
                return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache_key = learn_cache_key(request, response, self.timeout, key_prefix, self.cache)
            # Hashed once, here, for this answer and its copy: ConditionalGetMiddleware then
            # finds the ETag set instead of hashing every kept answer again.
            set_response_etag(response)
            self.cache.set(cache_key, kept_copy(response), self.timeout)
        return response

    def is_cacheable(self, request) -> bool:
        return (
            self.timeout > 0
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )
