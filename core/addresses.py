import functools
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

from .slugs import is_slug


def shareable_url(request) -> str:
    """The request's address without the empty parameters a form sends (`?party=&stance=x` is
    `?stance=x`): what the address bar shows, a reader shares and a search engine indexes."""
    query = [(key, value) for key, values in request.GET.lists() for value in values if value]
    path = iri_to_uri(request.path)  # as it was asked for: a NUL or a space stays encoded
    return f"{path}?{urlencode(query)}" if query else path


def slug_url(viewname: str, **slugs: str) -> str:
    """reverse() of a view whose arguments are slugs: its address reversed once, the slugs put
    in their places. A page of fifty treaties reversed an address for each, some 45 us apiece
    (bench/README.md); reverse() leaves a slug as it is, since it has nothing to quote."""
    if not all(is_slug(slug) for slug in slugs.values()):
        return reverse(viewname, kwargs=slugs)  # and its error for what is no slug
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    parts = address_parts(viewname, tuple(slugs), get_language(), get_script_prefix(), urlconf)
    return "".join(slugs[part] if index % 2 else part for index, part in enumerate(parts))


@functools.lru_cache(maxsize=256)
def address_parts(viewname: str, names: tuple[str, ...], *read_by_reverse) -> list[str]:
    """The address of `viewname` split at its slugs: its text at even places, the name of the
    slug between at odd ones. Keyed also on what reverse() reads besides its arguments: the
    active language (the address's prefix), the script prefix and the URLconf."""
    stand_ins = {f"slug-{name}-stands-here": name for name in names}
    address = reverse(viewname, kwargs={name: stand_in for stand_in, name in stand_ins.items()})
    pieces = re.split(f"({'|'.join(map(re.escape, stand_ins))})", address)
    return [stand_ins[piece] if index % 2 else piece for index, piece in enumerate(pieces)]


@receiver(setting_changed)
def forget_address_parts(**kwargs):
    """A test's own URLconf or languages are not read from addresses reversed before it."""
    address_parts.cache_clear()
