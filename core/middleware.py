"""The answers kept for anonymous readers: pages and API answers, keyed on the record's version;
and the refusal of a page asked for with a control character in its address."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers, set_response_etag
from django.utils.translation import get_language

from .credentials import holds_credentials
from .errors import DATABASE_UNAVAILABLE, unreadable_address, wants_json
from .fragments import kept_day, made_by
from .models import RecordVersion
from .text import CONTROL_CHARACTERS
from .throttling import KeptAnswersThrottle

logger = logging.getLogger(__name__)

# The probes (core.health) answer for the process and the database themselves: never kept, and
# the liveness probe must not wait on a database to read the record's version.
PROBES = {"/healthz", "/readyz"}

# Every request header an answer of the site varies on (Vary), each in the key of every kept
# answer: one read finds an answer, where Django's cache middleware first reads the list of
# headers kept for the URL, and one write keeps it. An answer that varies on another header is
# not kept. Accept-Language is the language the key names (as in Django's keys).
KEPT_VARY = ("Accept", "Accept-Encoding", "Authorization", "Cookie", "HX-Request", "Origin")
KEYED_VARY = {header.lower() for header in KEPT_VARY} | {"accept-language"}


def answer_key(request, key_prefix: str) -> str:
    """The key of the answer kept for `request` (a HEAD request reads its GET's)."""
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
    varied = hashlib.md5(usedforsecurity=False)
    for header in KEPT_VARY:
        varied.update(request.headers.get(header, "").encode() + b"\n")
    return f"answer:{key_prefix}:{get_language()}:{url.hexdigest()}:{varied.hexdigest()}"


def varies_within_the_key(response) -> bool:
    """Whether every header `response` varies on is one the answers' keys name."""
    varied = cc_delim_re.split(response.get("Vary", ""))
    return all(header.strip().lower() in KEYED_VARY for header in varied if header.strip())


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
    shows at once: an answer kept under an older version is never read again; nor one kept on
    an earlier day (what is in force, the day a citation was read). Requests carrying a
    session or a token (curators, who may see drafts) always reach the views, and so do the
    probes, which must answer without the database. Like Django's cache middleware it stores only
    200s, never one marked private or no-store, and keys them on the URL, the language and the
    headers answers vary on (KEPT_VARY: one read finds an answer), never one that varies on
    another; nor one marked keep_for_anonymous = False (a release's files, core.downloads). Put
    it inside ConditionalGetMiddleware, so a kept answer still gets its 304.

    The cache fails open: a cache that cannot be opened, read or written (a full disk, a
    corrupted file, Redis gone) is logged and the answer made as if nothing were kept. One
    anonymous client has at most KEPT_ANON_RATE new answers kept (core.throttling).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.RECORD_CACHE_SECONDS

    def __call__(self, request):
        if not self.is_cacheable(request):
            return self.get_response(request)
        try:
            # Kept on the request: fragments of the answer are kept under it (core.fragments).
            request.record_version = RecordVersion.current()
            key_prefix = f"record-{request.record_version}-{kept_day()}-{made_by()}"
        except DATABASE_UNAVAILABLE:
            # The view answers for itself (its 503, or a page that needs no database).
            return self.get_response(request)
        cache = self.cache()
        if cache is None:
            return self.get_response(request)
        kept = self.read(cache, request, key_prefix)
        if kept is not None:
            return kept
        response = self.get_response(request)
        if self.is_keepable(request, response):
            self.keep(cache, request, response, key_prefix)
        return response

    def is_cacheable(self, request) -> bool:
        return (
            self.timeout > 0
            and request.method in ("GET", "HEAD")
            and request.path_info not in PROBES
            and not holds_credentials(request)
        )

    def is_keepable(self, request, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            request.method == "GET"  # a HEAD request reads the answer kept for its GET
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and getattr(response, "keep_for_anonymous", True)
            and "private" not in cache_control
            and "no-store" not in cache_control
            and varies_within_the_key(response)
        )

    @staticmethod
    def cache():
        try:
            return caches[settings.RECORD_CACHE_ALIAS]
        except Exception:  # any fault of the cache is served around
            logger.exception("The kept answers' cache cannot be opened; answering without it")
            return None

    @staticmethod
    def read(cache, request, key_prefix: str):
        try:
            return cache.get(answer_key(request, key_prefix))
        except Exception:
            logger.exception("A kept answer could not be read; answering without it")
            return None

    def keep(self, cache, request, response, key_prefix: str) -> None:
        try:
            if not KeptAnswersThrottle().allow_request(request, None):
                return  # this client has had its share kept: answered, not kept
            # Hashed once, here, for this answer and its copy: ConditionalGetMiddleware then
            # finds the ETag set instead of hashing every kept answer again.
            set_response_etag(response)
            cache.set(answer_key(request, key_prefix), kept_copy(response), self.timeout)
        except Exception:
            logger.exception("An answer could not be kept; it was served all the same")


class RefuseControlCharacters:
    """A page asked for with a control character in its query string (U+0000 to U+001F but tab
    and line ends, U+007F to U+009F: none can be typed into a form) is refused once its address
    is resolved, before its view: a page that showed the refused value would hold a character
    HTML does not allow. The API answers in JSON, which escapes them (and refuses a NUL field by
    field)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if wants_json(request) or request.path_info in PROBES:  # they answer in JSON
            return None
        for name, values in request.GET.lists():
            if any(CONTROL_CHARACTERS.search(text) for text in (name, *values)):
                return unreadable_address(request)
        return None
