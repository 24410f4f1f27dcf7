"""The cache backends of the answers kept for anonymous readers (settings.CACHES["record"]): files
the workers of one machine share, or Redis for several machines, each with the fragments its
process read or kept last held in its memory too."""

import threading
import time

from cachetools import TLRUCache
from diskcache import DjangoCache
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

# The kept parts of answers (core.fragments): their keys name the record's version, the day and
# the code that made them.
FRAGMENT_PREFIX = "fragment:"


class RecentFragments:
    """The fragments this process last read or kept, in its memory, by their full keys.

    A fragment's key names the record's version, the day and the code it was made by, so what a
    key holds never changes and a copy held here is never stale. Bounded in bytes
    (RECENT_FRAGMENTS_MB a process, settings) and in age as the shared copies are
    (RECORD_FRAGMENT_SECONDS): a list page never asked for then reads its fifty records here
    rather than in fifty reads of the shared cache. Shared by the threads of the process, as
    Django's caches are not."""

    def __init__(self):
        self.lock = threading.Lock()
        self.held: TLRUCache | None = None

    def store(self) -> TLRUCache:
        if self.held is None:
            self.held = TLRUCache(
                maxsize=settings.RECENT_FRAGMENTS_MB * 2**20,
                ttu=lambda _key, _value, now: now + settings.RECORD_FRAGMENT_SECONDS,
                timer=time.monotonic,
                getsizeof=len,
            )
        return self.held

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        with self.lock:
            store = self.store()
            return {key: store[key] for key in keys if key in store}

    def put_many(self, fragments: dict[str, bytes]) -> None:
        with self.lock:
            store = self.store()
            for key, fragment in fragments.items():
                if isinstance(fragment, bytes) and len(fragment) <= store.maxsize:
                    store[key] = fragment
                else:  # no longer what the shared cache holds
                    store.pop(key, None)

    def forget(self, keys: list[str]) -> None:
        with self.lock:
            for key in keys:
                self.store().pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.held = None  # made again with the settings of its next use


recent_fragments = RecentFragments()


class RecentFragmentsMixin:
    """A cache backend whose fragments (keys starting FRAGMENT_PREFIX) are read from the process's
    memory first (recent_fragments) and held there once read or kept. Any other key is the
    backend's alone."""

    def held_keys(self, keys, version) -> dict[str, str]:
        return {key: self.make_key(key, version) for key in keys if key.startswith(FRAGMENT_PREFIX)}

    def get_many(self, keys, version=None):
        keys = list(keys)
        held_keys = self.held_keys(keys, version)
        held = recent_fragments.get_many(list(held_keys.values()))
        found = {key: held[full] for key, full in held_keys.items() if full in held}
        missing = [key for key in keys if key not in found]
        if missing:
            read = super().get_many(missing, version=version)
            recent_fragments.put_many(
                {full: read[key] for key, full in held_keys.items() if key in read}
            )
            found.update(read)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        stored = super().set(key, value, timeout, version)
        recent_fragments.put_many(dict.fromkeys(self.held_keys([key], version).values(), value))
        return stored

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = super().set_many(data, timeout, version)
        kept = [key for key in data if key not in failed]
        recent_fragments.put_many(
            {full: data[key] for key, full in self.held_keys(kept, version).items()}
        )
        return failed

    def delete(self, key, version=None):
        recent_fragments.forget(list(self.held_keys([key], version).values()))
        return super().delete(key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        recent_fragments.forget(list(self.held_keys(keys, version).values()))
        return super().delete_many(keys, version)

    def clear(self):
        recent_fragments.clear()
        return super().clear()


class SharedFileCache(RecentFragmentsMixin, DjangoCache):
    """diskcache's Django backend with its SQLite connections kept open between requests.

    Django closes every cache when a request finishes; reopening diskcache's database costs ten
    statements, more than reading a kept answer. Its maintainer advises leaving caches open: each
    operation is atomic, and diskcache reconnects by itself in a forked worker.
    """

    def close(self, **kwargs):
        pass


class SharedRedisCache(RecentFragmentsMixin, RedisCache):
    """Django's Redis backend, for several app servers (REDIS_URL)."""
