"""Who a request comes from, and how much an anonymous client may make the server do: API calls,
searches (the pages that cost most to make) and answers kept for it.

The counts live in the "throttle" cache (config.settings), shared by every worker of a machine,
and by every machine when REDIS_URL names one Redis or Valkey.
"""

import functools
import ipaddress
import logging

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

from .errors import too_many_requests

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The address a request comes from: REMOTE_ADDR, or, behind NUM_PROXIES proxies
    (TRUSTED_PROXIES in the environment), the address the outermost of them saw, read from the
    right of X-Forwarded-For. What a client writes into that header itself is never read. The
    throttles count by it, and django-axes locks out by it (AXES_CLIENT_IP_CALLABLE). A
    forwarded value that is no address (a client reaching the app past its proxy) counts as
    REMOTE_ADDR."""
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR", "")


class AnonThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, counted in the shared cache rather than in each process (two
    workers let twice the rate through), by a counter instead of DRF's list of every request.

    DRF reads a client's whole history and writes it back on every request: a list as long as
    the rate (at 10,000 a minute, 10,000 times written on each request), and two workers doing
    so at once lose a count. Here a request adds one to its client's counter for the current
    window of the rate's duration (a minute of the clock for "/minute"), an atomic increment in
    Redis as on disk, and is let through while that count is within the rate; a refused
    request is not counted, and Retry-After names the window's end."""

    @property
    def cache(self):
        return caches["throttle"]

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        try:
            return self.counted(request, view)
        except Exception:  # a fault of the counts' cache lets the request through
            logger.exception("The throttle's counts cannot be read or written; not throttling")
            return True

    def counted(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        window, self.into_window = divmod(self.timer(), self.duration)
        counter = f"{self.key}:{int(window)}"
        try:
            count = self.cache.incr(counter)
        except ValueError:  # the window's first request: its counter is made (once, if racing)
            self.cache.add(counter, 0, self.duration)
            count = self.cache.incr(counter)
        if count <= self.num_requests:
            return True
        self.cache.decr(counter)  # refused: not counted
        return False

    def wait(self) -> float:
        """Seconds until the window ends, and with it the count."""
        return self.duration - self.into_window


class SearchThrottle(AnonThrottle):
    """Searches an anonymous client may make a minute that no kept answer serves."""

    scope = "search"


class PDFThrottle(AnonThrottle):
    """PDFs an anonymous client may have made a minute that no kept answer serves: each takes
    the server a second or more."""

    scope = "pdf"


class KeptAnswersThrottle(AnonThrottle):
    """New answers one anonymous client may have kept (core.middleware): beyond it, unique
    addresses (a new search each time) are answered but not kept, so no one client fills the
    cache."""

    scope = "kept"


def throttled(throttle_class: type[AnonThrottle]):
    """A view an anonymous client may call only as often as `throttle_class` allows; beyond it
    the answer is a 429 that says when to come back."""

    def decorator(view):
        @functools.wraps(view)
        def throttled_view(request, *args, **kwargs):
            throttle = throttle_class()
            if not throttle.allow_request(request, view):
                return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return throttled_view

    return decorator
