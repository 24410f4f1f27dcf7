"""The cache backend of the answers kept for anonymous readers (settings.CACHES["record"])."""

from diskcache import DjangoCache


class SharedFileCache(DjangoCache):
    """diskcache's Django backend with its SQLite connections kept open between requests.

    Django closes every cache when a request finishes; reopening diskcache's database costs ten
    statements, more than reading a kept answer. Its maintainer advises leaving caches open: each
    operation is atomic, and diskcache reconnects by itself in a forked worker.
    """

    def close(self, **kwargs):
        pass
