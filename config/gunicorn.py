"""Gunicorn's settings for every way the app is served: `make run`, the container and bench/.
Environment: PORT (8000), BIND (overrides PORT), WEB_CONCURRENCY (2 workers: the machine has 2
cores), ACCESS_LOG ("-" for stdout, empty for none)."""

import gc
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A request that takes longer than this is stuck (the slowest page takes a fraction of a second).
timeout = 30
graceful_timeout = 10
keepalive = 5
# A comparison of many treaties, or an API filter repeated many times, passes gunicorn's default
# 4,094-byte request line; such a request gets Django's own answer (a 400 when it is bad), not
# gunicorn's bare 414. 8,190 is gunicorn's largest allowed value.
limit_request_line = 8190
accesslog = os.environ.get("ACCESS_LOG", "-") or None
# Trust X-Forwarded-* only from a proxy on this host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """The app is loaded: the objects it made to start (modules, URL patterns, settings) are
    moved out of the garbage collector's reach (gc.freeze). Its full passes walked them all
    again, about 3 ms of each first answer's list page at 5,000 treaties (bench/README.md)."""
    gc.freeze()
