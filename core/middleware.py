"""The answers kept for anonymous readers: pages and API answers, keyed on the record's version."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import (
    get_cache_key,
    learn_cache_key,
    patch_vary_headers,
    set_response_etag,
)

from .models import RecordVersion


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
        if (
            request.method == "GET"  # a HEAD request reads the answer kept for its GET
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            cache_key = learn_cache_key(request, response, self.timeout, key_prefix, self.cache)
            # Hashed once, here, for this answer and its copy: ConditionalGetMiddleware then
            # finds the ETag set instead of hashing every kept answer again.
            set_response_etag(response)
            self.cache.set(cache_key, kept_copy(response), self.timeout)
        return response

    def is_cacheable(self, request) -> bool:
        return (
            self.timeout > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )
