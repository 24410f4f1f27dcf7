"""Middleware of the site that knows no app: its Content-Security-Policy and `Vary` for the API.
(Compression is core.compression's, the answers kept for anonymous readers core.middleware's.)"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.cache import patch_vary_headers

from core.errors import unreadable_address, wants_json
from core.middleware import PROBES
from core.text import CONTROL_CHARACTERS

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
