"""Parts of answers kept per record object, keyed on the record's version: an answer never asked
for before (a new combination of treaties) reuses what earlier answers made of each of its parts.

They live beside the kept answers (settings.CACHES["record"]), for a day (RECORD_FRAGMENT_SECONDS,
longer than the answers: their keys name the day), and are dropped the same way: PostgreSQL
raises the record's version on every write, and a part kept under an older version is never read
again. Their keys also name the code that made them (made_by()). Like the kept answers, they fail
open.
"""

import contextvars
import datetime
import functools
import hashlib
import logging
import pickle
import zlib
from collections.abc import Callable, Hashable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches

from .models import RecordVersion

logger = logging.getLogger(__name__)


def kept_day() -> str:
    """The day what is kept was made on, in every key: pages say what is in force today and
    cite the day they were read, so nothing kept yesterday is read after midnight."""
    return datetime.date.today().isoformat()


# What the kept fragments are made by: the apps' code, the templates, the translations and the
# pinned packages.
MAKERS = (
    "config",
    "core",
    "reactions",
    "search",
    "treaties",
    "templates",
    "locale",
    "requirements",
)
MAKER_SUFFIXES = {".py", ".html", ".po", ".txt"}


@functools.cache
def made_by(root: Path | None = None) -> str:
    """A digest of what makes the fragments (MAKERS under `root`, the project's), once a process.
    A fragment is an object of the code that kept it, pickled (a page's frame, a column of cells
    and their markup): after a deploy, one kept by the code before would be read with a shape its
    class no longer has (a missing attribute, a 500 on every page that reads it) or show old
    markup. So any change to them makes every fragment again (the watcher keeps the comparison
    columns again from its start: bench/README.md). A file that cannot be read is left out."""
    root = root or settings.BASE_DIR
    digest = hashlib.sha256()
    for maker in MAKERS:
        for path in sorted((root / maker).rglob("*")):
            if path.suffix in MAKER_SUFFIXES and path.is_file():
                try:
                    digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
                except OSError:
                    continue
    return digest.hexdigest()[:16]


def record_version(request) -> int | str | None:
    """The record's version to keep fragments under: read before the rows they are made of (a
    write committed in between must not be kept under the new version), by the kept answers'
    middleware or here. A release's rows never change: its fragments are kept under its number
    (core.releases). None with the kept answers off (RECORD_CACHE_SECONDS=0)."""
    if settings.RECORD_CACHE_SECONDS <= 0:
        return None
    release = getattr(request, "release", None)
    if release is not None:
        return f"release-{release.number}"
    if getattr(request, "record_version", None) is None:
        try:
            request.record_version = RecordVersion.current()
        except Exception:  # the view answers for the database itself
            logger.exception("The record's version could not be read; keeping no fragment")
            return None
    return request.record_version


_renewing = contextvars.ContextVar("renewing_fragments", default=False)


@contextmanager
def renewing():
    """Within it, the fragments kept_fragments() finds are kept for the whole time again: how
    the comparison columns are kept ahead of readers (treaties.fragments.keep_comparisons)."""
    token = _renewing.set(True)
    try:
        yield
    finally:
        _renewing.reset(token)


# A fragment pickled to fewer bytes than this is kept as it is: a list's record (some 3 KB)
# would save little room compressed, and reading fifty of them back cost a list page a
# millisecond of decompressing.
COMPRESSED_FROM = 8192


def packed(fragment: Any) -> bytes:
    """A fragment as it is kept: pickled, and from COMPRESSED_FROM bytes compressed at zlib's
    level 1 (b"z" first, else b"p"). The comparison columns are markup and JSON, kept for every
    treaty: about a fifth of their size."""
    pickled = pickle.dumps(fragment, pickle.HIGHEST_PROTOCOL)
    if len(pickled) < COMPRESSED_FROM:
        return b"p" + pickled
    return b"z" + zlib.compress(pickled, 1)


def unpacked(kept: bytes) -> Any:
    form, body = kept[:1], memoryview(kept)[1:]
    if form == b"z":
        body = zlib.decompress(body)
    elif form != b"p":
        raise ValueError("Not a kept fragment")
    return pickle.loads(body)  # noqa: S301 - what packed() kept


def kept_fragments(
    kind: str,
    pks: Sequence[int],
    build: Callable[[list[int]], dict[int, Any]],
    *,
    version: int | str | None,
    variant: Sequence[Hashable] = (),
) -> dict[int, Any]:
    """Each object's fragment of `kind` (per `variant`: a language, an API version...), read from
    the kept ones and the rest made by `build(missing pks) -> {pk: fragment}` and kept under
    `version` (record_version(), read before the rows were). One read of the cache, plus what
    `build` costs for the fragments not kept yet. Without a version, all are built."""
    pks = list(dict.fromkeys(pks))
    timeout = settings.RECORD_FRAGMENT_SECONDS
    if settings.RECORD_CACHE_SECONDS <= 0 or version is None or not pks:
        return build(pks) if pks else {}
    try:
        cache = caches[settings.RECORD_CACHE_ALIAS]
        prefix = ":".join(
            ["fragment", kind, str(version), kept_day(), made_by(), *map(str, variant)]
        )
        keys = {pk: f"{prefix}:{pk}" for pk in pks}
        kept = cache.get_many(keys.values())
    except Exception:  # any fault of the cache is served around
        logger.exception("Kept %s fragments could not be read; making them", kind)
        return build(pks)
    fragments = {}
    for pk, key in keys.items():
        if key in kept:
            try:
                fragments[pk] = unpacked(kept[key])
            except Exception:  # a damaged one is made again
                logger.exception("A kept %s fragment could not be read; making it", kind)
    if _renewing.get():
        try:
            for pk in fragments:
                cache.touch(keys[pk], timeout)
        except Exception:
            logger.exception("Kept %s fragments could not be renewed", kind)
    missing = [pk for pk in pks if pk not in fragments]
    if missing:
        built = build(missing)
        try:
            cache.set_many({keys[pk]: packed(fragment) for pk, fragment in built.items()}, timeout)
        except Exception:
            logger.exception("%s fragments could not be kept; served all the same", kind)
        fragments.update(built)
    return fragments


def kept_fragment(
    kind: str,
    build: Callable[[], Any],
    *,
    version: int | str | None,
    variant: Sequence[Hashable] = (),
) -> Any:
    """One fragment of `kind` that belongs to no single object (e.g. the list of topics), as
    kept_fragments() keeps those of objects."""
    return kept_fragments(kind, [0], lambda _pks: {0: build()}, version=version, variant=variant)[0]
