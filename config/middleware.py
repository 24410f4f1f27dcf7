"""Middleware of the site that knows no app: its Content-Security-Policy and `Vary` for the API.
(Compression is core.compression's, the answers kept for anonymous readers core.middleware's.)"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.cache import patch_vary_headers

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
