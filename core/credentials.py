"""Whether a request is a curator's or a token client's (its answer is theirs alone) or an
anonymous reader's."""

from django.conf import settings


def holds_credentials(request) -> bool:
    """Whether the request carries a session or a token. Its answer may show drafts and is never
    kept for others (core.middleware), and it may hold what a BREACH attack guesses at, so only
    padded gzip compresses it (core.compression)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
